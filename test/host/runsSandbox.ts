import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { RunsState, TreeSnapshot } from '../../src/features/runs/testSeams';

/** Test support for the runs suites: DAG files into the sandbox's bucket and the extension's seams. */
export const envKey = (name: string) => JSON.stringify(['mwaa-sandbox', 'us-east-1', name]);

export function sandboxS3(): S3Client | undefined {
  const endpoint = process.env.AWS_ENDPOINT_URL_S3;
  if (!endpoint) return undefined;
  return new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, disableHostPrefix: true, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
}

/** Writes the file in the bound folder and uploads it to the environment's DAGs folder (what sync does). */
export async function putDag(s3: S3Client, env: string, folder: vscode.Uri, file: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, file), new TextEncoder().encode(text));
  await s3.send(new PutObjectCommand({ Bucket: `airflow-${env}`, Key: `dags/${file}`, Body: text }));
}

export const runsTree = (key: string, depth: number) => vscode.commands.executeCommand<TreeSnapshot[]>('_mwaa.runsTree', key, depth);

export const runsState = (key?: string) => vscode.commands.executeCommand<RunsState>('_mwaa.runsState', key);

export function child(nodes: readonly TreeSnapshot[] | undefined, label: string): TreeSnapshot {
  const n = nodes?.find((x) => x.label === label);
  if (!n) throw new Error(`no node "${label}" among ${JSON.stringify(nodes?.map((x) => x.label))}`);
  return n;
}

export { CONF_DAG } from '../../sandbox/src/mwaa/testing/e2eScenario';

export const OK_DAG = (dagId: string) => `from datetime import datetime
from airflow import DAG
from airflow.operators.python import PythonOperator

with DAG(dag_id="${dagId}", start_date=datetime(2024, 1, 1), schedule=None, catchup=False, params={"who": "world"}) as dag:
    PythonOperator(task_id="hello", python_callable=lambda: print("hello"))
`;

/** 105 DAGs from one file: paging beyond Airflow's 100 per page. */
export const BULK_DAGS = (prefix: string, n: number) => `from datetime import datetime
from airflow import DAG

for i in range(${n}):
    globals()[f"dag_{i}"] = DAG(dag_id=f"${prefix}{i:03d}", start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
`;

/** Broken at line 3 (0-based 2): an import that does not exist. */
export const BROKEN_DAG = `from airflow import DAG

import this_module_does_not_exist_anywhere

with DAG(dag_id="broken_dag_runs", schedule=None) as dag:
    pass
`;

export const FIXED_DAG = `from datetime import datetime
from airflow import DAG

with DAG(dag_id="broken_dag_runs", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    pass
`;
