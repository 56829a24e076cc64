import { secretsSuite } from './secretsSuite';

secretsSuite('sandbox-af3', 3, { form: false, leaks: true });
