import { localRunSuite } from './localRunSuite';

localRunSuite(2);
