"""Daily orders ETL written with the TaskFlow API."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.decorators import dag, task

from common.currency import to_eur

log = logging.getLogger(__name__)


@dag(
    dag_id="orders_etl",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    default_args={"owner": "data-eng", "retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["etl", "orders"],
)
def orders_etl():
    @task
    def extract() -> list[dict]:
        orders = [
            {"id": 1, "amount": 120.0, "currency": "USD"},
            {"id": 2, "amount": 80.5, "currency": "EUR"},
            {"id": 3, "amount": 42.0, "currency": "GBP"},
        ]
        log.info("extracted %d orders", len(orders))
        return orders

    @task
    def transform(orders: list[dict]) -> list[dict]:
        out = [{**o, "amount_eur": to_eur(o["amount"], o["currency"])} for o in orders]
        log.info("converted %d orders to EUR", len(out))
        return out

    @task
    def load(rows: list[dict]) -> None:
        total = sum(r["amount_eur"] for r in rows)
        log.info("loaded %d rows, total %.2f EUR", len(rows), total)

    load(transform(extract()))


orders_etl()
