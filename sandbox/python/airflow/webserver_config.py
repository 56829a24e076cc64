# Airflow 2.x webserver (Flask AppBuilder) config for the sandbox: database users (the admin the
# sandbox creates), so the REST API's basic_auth backend and the UI log-in both work.
# Pointed to by AIRFLOW__WEBSERVER__CONFIG_FILE, so Airflow does not generate one in AIRFLOW_HOME.
import os

from flask_appbuilder.const import AUTH_DB

basedir = os.path.abspath(os.path.dirname(__file__))
AUTH_TYPE = AUTH_DB
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None
