import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The library's one error format: `<construct path>: <prop> <value> <problem>; <fix>`.
 *
 * `owner` names the construct as `<Kind> <path below its chart>` (see `constructLabel`), `prop`
 * is the prop the user wrote (also when a derived object is what breaks), `value` is what was
 * given, `problem` says what is wrong and `fix` what is accepted or what to do instead.
 */
export function propError(owner: string, prop: string, value: unknown, problem: string, fix?: string): Error {
  return new Error(`${owner}: ${prop} ${formatValue(value)} ${problem}${fix ? `; ${fix}` : ''}`);
}

/** An error about a construct as a whole (no single prop), in the same `<owner>: ...` form. */
export function constructError(owner: string, message: string): Error {
  return new Error(`${owner}: ${message}`);
}

/** How a value appears in a message: strings quoted, lists in brackets, the rest as text. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return `${value}`;
}

/**
 * How messages name a construct: its kind and its path below its chart, e.g. `SparkApp Etl` or
 * `SparkApp Pipeline/App`.
 */
export function constructLabel(kind: string, scope: IConstruct): string {
  return `${kind} ${pathBelowChart(scope)}`;
}

/** A construct's path below its chart: `Etl`, or `Pipeline/App` for a construct inside another. */
export function pathBelowChart(c: IConstruct): string {
  let chart: IConstruct | undefined;
  try {
    chart = Chart.of(c);
  } catch {
    chart = undefined;
  }
  const ids: string[] = [];
  for (let n: IConstruct | undefined = c; n && n !== chart && n.node.scope; n = n.node.scope) ids.unshift(n.node.id);
  return ids.join('/');
}
