/** A 2,000-line DAG shaped like real ones: imports, default_args, many operators and callables. */
export function bigDag(lines = 2000): string {
  const head = [
    'import pendulum',
    'from airflow import DAG',
    'from airflow.operators.bash_operator import BashOperator',
    'from airflow.operators.python import PythonOperator',
    'from airflow.operators.dummy import DummyOperator',
    'default_args = {"owner": "data", "retries": 2}',
    'with DAG("big", schedule_interval="@daily", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), default_args=default_args) as dag:',
  ];
  const body: string[] = [];
  for (let i = 0; body.length + head.length < lines; i++) {
    body.push(
      `    def transform_${i}(**kwargs):`,
      `        value = kwargs["ti"].xcom_pull(task_ids="extract_${i}")`,
      `        return {"n": ${i}, "v": value}`,
      `    extract_${i} = BashOperator(task_id="extract_${i}", bash_command="echo {{ ds }} ${i}")`,
      `    load_${i} = PythonOperator(task_id="load_${i}", python_callable=transform_${i})`,
      `    extract_${i} >> load_${i}`,
    );
  }
  return [...head, ...body].slice(0, lines).join('\n') + '\n';
}
