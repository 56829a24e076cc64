import { e2eSuite } from '../../sandbox/src/mwaa/testing/e2eSuite';

e2eSuite('sandbox-af2', 2);
