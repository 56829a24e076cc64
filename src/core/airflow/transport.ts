import type { RestRequest } from './restRequests';

export interface RestResponse {
  readonly status: number;
  readonly json: unknown;
}

export type TransportKind = 'InvokeRestApi' | 'WebLoginSession';

/** One way of reaching an environment's Airflow REST API. */
export interface AirflowTransport {
  readonly kind: TransportKind;
  request(req: RestRequest, signal?: AbortSignal): Promise<RestResponse>;
  dispose?(): void;
}
