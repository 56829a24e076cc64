import { airflowClientSuite } from './airflowClientSuite';

airflowClientSuite('sandbox-af2', 2);
