import { taskLogsSuite } from './taskLogsSuite';

taskLogsSuite('sandbox-af2', 2, 'workspace dags folder');
