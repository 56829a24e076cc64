// Real Apache Airflow 3.x from PyPI: DAG parsing, REST v2 trigger, CloudWatch task logs in moto.
import { airflowSuite } from './airflowSuite';

airflowSuite(3);
