"""Helpers shared by DAGs; not a DAG file (see .airflowignore)."""

RATES_TO_EUR = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}


def to_eur(amount: float, currency: str) -> float:
    try:
        return round(amount * RATES_TO_EUR[currency], 2)
    except KeyError as err:
        raise ValueError(f"unknown currency {currency!r}") from err
