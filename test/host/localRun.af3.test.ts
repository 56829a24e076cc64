import { localRunSuite } from './localRunSuite';

localRunSuite(3);
