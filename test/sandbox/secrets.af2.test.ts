import { secretsSuite } from '../../sandbox/src/mwaa/testing/secretsSuite';

secretsSuite('sandbox-af2', 2);
