"""An older DAG still using pre-2.0 import paths and arguments (kept on purpose for linting)."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash_operator import BashOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.python_operator import PythonOperator


def summarize(**context):
    print("summarizing reports for", context["ds"])


default_args = {
    "owner": "analytics",
    "depends_on_past": False,
    "retries": 1,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="legacy_reports",
    default_args=default_args,
    schedule_interval="0 6 * * *",
    start_date=datetime(2024, 6, 1),
    catchup=False,
    tags=["legacy"],
) as dag:
    start = DummyOperator(task_id="start")
    build = BashOperator(task_id="build_reports", bash_command="echo building reports for {{ ds }}")
    summary = PythonOperator(task_id="summarize", python_callable=summarize, provide_context=True)
    end = DummyOperator(task_id="end")

    start >> build >> summary >> end
