// Real Apache Airflow 2.11.x from PyPI: DAG parsing, REST v1 trigger, CloudWatch task logs in moto.
import { airflowSuite } from './airflowSuite';

airflowSuite(2);
