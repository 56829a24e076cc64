import { abortReason } from '../sleep';
/** Runs at most `limit` tasks at a time; queued tasks are dropped when the signal aborts. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number, abortSignal?: AbortSignal): Limiter {
  const max = Math.max(1, Math.floor(limit));
  let running = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (running >= max) return;
    const start = queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        if (abortSignal?.aborted) {
          reject(abortReason(abortSignal));
          next();
          return;
        }
        running++;
        task().then(resolve, reject).finally(() => {
          running--;
          next();
        });
      };
      queue.push(start);
      next();
    });
}

export { abortReason };
