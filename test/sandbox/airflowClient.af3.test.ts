import { airflowClientSuite } from './airflowClientSuite';

airflowClientSuite('sandbox-af3', 3);
