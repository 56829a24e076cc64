/**
 * The real parts the emulator runs on (moto, Airflow, the DAG sync, ports), in one place.
 */
import type { MotoHandle as RunningMoto } from '../../moto';

export { startMoto, createVersionedBucket } from '../../moto';
export { startAirflow, type AirflowHandle, type AirflowSpec } from '../../airflow';
export { startDagSync, type DagSyncHandle } from '../../dagSync';
export { freePort } from '../../ports';

/** What the emulator needs of a moto: callers may also pass one they started themselves. */
export type MotoHandle = Pick<RunningMoto, 'endpoint' | 'stop'>;
