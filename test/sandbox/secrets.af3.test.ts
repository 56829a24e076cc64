import { secretsSuite } from '../../sandbox/src/mwaa/testing/secretsSuite';

secretsSuite('sandbox-af3', 3);
