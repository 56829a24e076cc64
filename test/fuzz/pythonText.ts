/**
 * Generated Python-ish text for the linter's properties: random mixes of Airflow fragments,
 * brackets, indentation and random unicode; and adversarial shapes (deep nesting, long attribute
 * chains, many DAG(...) calls, one huge line) described by a small recipe so that a failure prints
 * the recipe, not a megabyte of text.
 */
import fc from 'fast-check';
import { unicodeText } from './fuzzHarness';

const HEADER = 'from airflow import DAG\nfrom airflow.decorators import task\n';

const FRAGMENTS = [
  'from airflow import DAG\n', 'import airflow\n', 'from airflow.operators.bash_operator import BashOperator\n',
  'from airflow.operators.dummy import DummyOperator as D\n', 'from airflow.providers_manager import ProvidersManager\n',
  'with DAG(', 'DAG(', 'dag_id=', '"x"', "'dup'", 'schedule_interval="@daily"', 'start_date=datetime.now()', '@task\n', '@dag(',
  'def f(', '**kwargs', '):', ') as d:\n', 'lambda', 'lambda: ', ':', '\n', '    ', '\t', '(', ')', '[', ']', '{', '}', ',', '.', '=',
  '>>', 'context["execution_date"]', 'kwargs["next_ds"]', '"{{ ds }} {{ prev_ds }}"', '"""', "'''", '#', '\\\n', 'é', '😀', '\r\n',
  'BashOperator(task_id="t", bash_command="echo")', 'd.create_dagrun()', 'Variable.get("x")', 'x', 'a.b.c', '0', '1.5e3', 'if x:\n',
  'else:\n', 'try:\n', 'except ImportError:\n', 'class C:\n', 'return ', 'yield ', 'await ', 'async def g():\n', 'match x:\n', 'case 1:\n',
];

/** Random Python-ish text, mostly under a few KB. */
export const pythonish: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: unicodeText(12) },
      { weight: 1, arbitrary: unicodeText(6) },
      { weight: 1, arbitrary: fc.nat({ max: 12 }).map((n) => `\n${' '.repeat(n)}`) },
    ),
    { maxLength: 220 },
  )
  .map((parts) => parts.join(''));

export type Shape =
  | 'attributeChain' | 'callChain' | 'parens' | 'lists' | 'dicts' | 'lambdas' | 'ifBlocks' | 'dagCalls' | 'withDags'
  | 'longLine' | 'binaryOps' | 'subscripts' | 'decorators' | 'contextKeys' | 'longTemplate' | 'keywords' | 'strings';

export const SHAPES: readonly Shape[] = [
  'attributeChain', 'callChain', 'parens', 'lists', 'dicts', 'lambdas', 'ifBlocks', 'dagCalls', 'withDags',
  'longLine', 'binaryOps', 'subscripts', 'decorators', 'contextKeys', 'longTemplate', 'keywords', 'strings',
];

export interface Recipe {
  readonly shape: Shape;
  readonly n: number;
}

/** The sizes the issue names (2,000 and 10,000) and others around them. */
export const recipe: fc.Arbitrary<Recipe> = fc.record({
  shape: fc.constantFrom(...SHAPES),
  n: fc.oneof(fc.constantFrom(2000, 10_000), fc.integer({ min: 1, max: 10_000 })),
});

/** The text of a recipe: at most about 1 MB (nested blocks are capped so their indentation stays near that). */
export function pythonOf({ shape, n }: Recipe): string {
  const lines = (line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');
  switch (shape) {
    case 'attributeChain': return `${HEADER}x = DAG${'.a'.repeat(n)}\n`;
    case 'callChain': return `${HEADER}x = DAG("c")${'.a()'.repeat(n)}\n`;
    case 'parens': return `${HEADER}x = ${'('.repeat(n)}DAG("p")${')'.repeat(n)}\n`;
    case 'lists': return `${HEADER}x = ${'['.repeat(n)}${']'.repeat(n)}\n`;
    case 'dicts': return `${HEADER}x = ${'{"a": '.repeat(n)}1${'}'.repeat(n)}\n`;
    case 'lambdas': return `${HEADER}f = ${'lambda: '.repeat(n)}DAG("l")\n`;
    case 'ifBlocks': {
      const depth = Math.min(n, 1400);
      return HEADER + Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + `\n${' '.repeat(depth)}DAG("i")\n`;
    }
    case 'dagCalls': return `${HEADER}${lines(() => "DAG('dup')")}\n`;
    case 'withDags': return `${HEADER}${lines((i) => `with DAG(dag_id="d${i % 7}", schedule_interval="@daily") as d:\n    pass`)}\n`;
    case 'longLine': return `${HEADER}x = "${'a'.repeat(n * 100)}"\n`;
    case 'binaryOps': return `${HEADER}x = DAG("b")${' + 1'.repeat(n)}\n`;
    case 'subscripts': return `${HEADER}x = context${'["execution_date"]'.repeat(n)}\n`;
    case 'decorators': return `${HEADER}${'@task\n'.repeat(n)}def f(**kwargs):\n    return kwargs["next_ds"]\n`;
    case 'contextKeys': return `${HEADER}def f(**context):\n${lines(() => '    context["execution_date"]')}\n`;
    case 'longTemplate': return `${HEADER}t = "${'{{ execution_date }} '.repeat(n)}"\n`;
    case 'keywords': return `${HEADER}d = DAG(${Array.from({ length: n }, (_, i) => `k${i}=${i}`).join(', ')}, schedule_interval=None)\n`;
    case 'strings': return `${HEADER}x = ${'"s" '.repeat(n)}\n`;
  }
}

export const describeRecipe = (r: Recipe) => `${r.shape} n=${r.n}`;
