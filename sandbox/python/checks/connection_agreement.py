"""What Airflow itself builds from connection secrets, for test/sandbox/secretsFormat.test.ts:
per case, a URI goes through Connection(uri=...), a JSON text through the Amazon provider's
SecretsManagerBackend key standardisation and Connection.from_json (what get_connection does),
and fields through Connection(...).get_uri(). Prints one JSON list of results.

usage: python connection_agreement.py '[{"uri": ...} | {"json": ...} | {"fields": {...}}, ...]'
"""
import json
import sys

from airflow.models.connection import Connection
from airflow.providers.amazon.aws.secrets.secrets_manager import SecretsManagerBackend


def describe(c):
    return {
        "conn_type": c.conn_type, "host": c.host, "login": c.login, "password": c.password,
        "schema": c.schema, "port": c.port, "extra": c.extra_dejson,
    }


def main():
    backend = SecretsManagerBackend()
    out = []
    for case in json.loads(sys.argv[1]):
        try:
            if "uri" in case:
                out.append(describe(Connection(conn_id="x", uri=case["uri"])))
            elif "json" in case:
                standard = backend._standardize_secret_keys(json.loads(case["json"]))
                out.append(describe(Connection.from_json(json.dumps(standard), conn_id="x")))
            else:
                f = case["fields"]
                extra = f.get("extra")
                c = Connection(
                    conn_id="x", conn_type=f["connType"], host=f.get("host"), login=f.get("login"),
                    password=f.get("password"), schema=f.get("schema"), port=f.get("port"),
                    extra=json.dumps(extra) if extra else None,
                )
                out.append({"uri": c.get_uri()})
        except Exception as err:  # noqa: BLE001 - the test compares failures too
            out.append({"error": type(err).__name__})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
