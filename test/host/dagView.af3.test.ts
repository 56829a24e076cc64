import { dagViewSuite } from './dagViewSuite';

dagViewSuite('sandbox-af3', 3);
