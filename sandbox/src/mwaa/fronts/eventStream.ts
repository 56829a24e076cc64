import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One `application/vnd.amazon.eventstream` event message with a JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeJsonMessage('event', eventType, payload);
}

/** A modeled exception inside the stream (e.g. SessionTimeoutException). */
export function encodeException(exceptionType: string, message: string): Uint8Array {
  return encodeJsonMessage('exception', exceptionType, { message });
}

/** `:message-type` names the kind; `:event-type` or `:exception-type` (the same kind) names the type. */
function encodeJsonMessage(kind: 'event' | 'exception', type: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: kind },
      [`:${kind}-type`]: { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
