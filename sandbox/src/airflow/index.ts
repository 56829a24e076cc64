/**
 * Real Apache Airflow environments of the sandbox. `require('../airflow')` gives startAirflow()
 * and the types; installs and versions are in install.ts.
 */
export { startAirflow } from './start';
export { ensureAirflow, AIRFLOW_RELEASES, type AirflowRelease } from './install';
export type { AirflowHandle, AirflowSpec, AirflowLogGroups, CliOptions } from './types';
