import { runsSuite } from './runsSuite';

runsSuite('sandbox-af3', 3);
