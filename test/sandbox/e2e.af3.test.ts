import { e2eSuite } from '../../sandbox/src/mwaa/e2eSuite';

e2eSuite('sandbox-af3', 3);
