import { dagViewSuite } from './dagViewSuite';

dagViewSuite('sandbox-af2', 2);
