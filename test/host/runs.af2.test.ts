import { runsSuite } from './runsSuite';

runsSuite('sandbox-af2', 2);
