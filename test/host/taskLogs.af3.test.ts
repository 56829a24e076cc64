import { taskLogsSuite } from './taskLogsSuite';

taskLogsSuite('sandbox-af3', 3, 'bound folder');
