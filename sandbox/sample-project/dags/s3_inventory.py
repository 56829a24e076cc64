"""Lists the environment's DAG bucket with the Amazon provider (works against the sandbox's S3)."""
from __future__ import annotations

from datetime import datetime

from airflow.decorators import dag, task
from airflow.models.param import Param


@dag(
    dag_id="s3_inventory",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    params={"bucket": Param("airflow-sandbox-af2", type="string"), "prefix": Param("dags/", type="string")},
    tags=["aws", "s3"],
)
def s3_inventory():
    @task
    def list_keys(params: dict | None = None) -> list[str]:
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        keys = S3Hook(aws_conn_id="aws_default").list_keys(bucket_name=params["bucket"], prefix=params["prefix"]) or []
        for key in keys:
            print(key)
        return keys

    @task
    def report(keys: list[str]) -> None:
        print(f"{len(keys)} objects")

    report(list_keys())


s3_inventory()
