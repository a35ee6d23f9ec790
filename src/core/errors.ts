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

/**
 * How a value appears in a message: strings quoted, lists in brackets, sizes as Kubernetes
 * quantities (`4Gi`), durations in words (`30 minutes`), CPU amounts as quantities (`500m`), Spark
 * versions as `3.5.5`, plain objects as JSON, the rest as text.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object') {
    const o = value as any;
    if (typeof o.asString === 'function' && typeof o.toMebibytes === 'function') return safe(() => o.asString());
    if (typeof o.toHumanString === 'function' && typeof o.toMilliseconds === 'function') return safe(() => o.toHumanString() || 'an invalid Duration');
    if (typeof o.toQuantity === 'function' && typeof o.millicores === 'number') return safe(() => o.toQuantity());
    if (typeof o.version === 'string' && typeof o.major === 'number') return o.version;
    if (Object.getPrototypeOf(o) === Object.prototype) {
      const json = safe(() => JSON.stringify(o, (_k, v) => (v !== o && typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype ? formatValue(v) : v)));
      return json.length > 120 ? `${json.slice(0, 117)}...` : json;
    }
    const name = o.constructor?.name;
    return name ? an(name) : 'an object';
  }
  return `${value}`;
}

/** A noun with its indefinite article: `a Size`, `an ImagePullPolicy`, `a URL`, `a UiServiceType`. */
export function an(noun: string): string {
  const vowelSound = /^[AEIOaeio]/.test(noun) || (/^[Uu]/.test(noun) && !/^U[A-Z]/.test(noun) && !/^[Uu](i|ni|se|sa|su|ti)/.test(noun));
  return `${vowelSound ? 'an' : 'a'} ${noun}`;
}

function safe(f: () => string): string {
  try {
    return f();
  } catch {
    return '(unprintable)';
  }
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
