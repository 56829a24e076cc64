import { secretsSuite } from './secretsSuite';

secretsSuite('sandbox-af2', 2, { form: true, leaks: true });
