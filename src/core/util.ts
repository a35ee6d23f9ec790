import { Size, SizeRoundingBehavior } from 'cdk8s';
import { an, Check, CheckContext, checkProps, describeType, isPlainObject, Shape } from './check';
import { formatValue, propError } from './errors';

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problem with a DNS-1035 label (what the spark-operator requires of app names), or undefined. */
export function dns1035Problem(name: string, maxLength = 63): string | undefined {
  if (!DNS1035.test(name)) {
    return 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  }
  if (name.length > maxLength) {
    return `is ${name.length} characters long, more than ${maxLength}`;
  }
  return undefined;
}

/** Problem with a DNS-1123 label (namespaces, most names), or undefined. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (!DNS1123_LABEL.test(name) || name.length > 63) {
    return 'must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/** A DNS-1123 label close to `name` (lower-cased, other characters as "-"), for a message's fix; undefined when none is left. */
export function dnsLabelSuggestion(name: string): string | undefined {
  const s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return s === '' ? undefined : s;
}

/** A construct id turned into a DNS-1035 name: `NightlyBatch` → `nightly-batch`. */
export function nameFromId(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
}

/** A Size as whole MiB, or an error naming the prop. */
export function sizeToMebibytes(owner: string, prop: string, size: Size): number {
  let mib: number;
  try {
    mib = size.toMebibytes({ rounding: SizeRoundingBehavior.FAIL });
  } catch {
    const rounded = Math.max(1, Math.round(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024));
    throw propError(owner, prop, size, 'is not a whole number of MiB', `round it to whole MiB, e.g. Size.mebibytes(${rounded})`);
  }
  return mib;
}

/** Whole number check (at least `min`) with the library's message form; undefined passes. */
export function requireInt(owner: string, prop: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw propError(owner, prop, value, `must be a whole number of at least ${min}`, wholeNumberFix(value, min));
  }
}

/** What to write instead of `value` where a whole number of at least `min` is expected. */
export function wholeNumberFix(value: number, min: number): string {
  if (Number.isFinite(value) && value >= min) return `use a whole number, e.g. ${Math.ceil(value)}`;
  return `use ${min} or more`;
}

/** How messages name an entry of a map prop: `sparkConf["spark.executor.cores"]`. */
export function keyProp(prop: string, key: string): string {
  return `${prop}[${JSON.stringify(key)}]`;
}

/** Sorted copy of a string map (deterministic output); undefined when empty. */
export function sortedMap<T>(m: { [k: string]: T } | undefined): { [k: string]: T } | undefined {
  if (!m) return undefined;
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return undefined;
  const out: { [k: string]: T } = {};
  for (const k of keys) out[k] = m[k];
  return out;
}

/** A DNS-1123 subdomain problem (object names, Volcano queues, Kueue queues), or undefined. */
export function dnsSubdomainProblem(v: string): string | undefined {
  if (v.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)) {
    return 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Deletes the keys whose value is undefined (in place) and returns the object. */
export function dropUndefined<T extends Record<string, any>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Checks one positional argument of a factory or method (`path` names it in messages), as
 * `checkProps` checks a prop: undefined or null only when the check is not `required`.
 */
export function checkArg(ctx: CheckContext, path: string, check: Check, value: unknown): void {
  if (value === undefined || value === null) {
    if (check.required) throw propError(ctx.owner, path, value, 'is required', `give ${check.expected}`);
    if (value === null) throw propError(ctx.owner, path, value, `must be ${check.expected} or left out`, 'remove the null');
    return;
  }
  check.verify(ctx, path, value);
}

/**
 * Checks the options struct of a factory: its props are named as the user writes them
 * (`retries`, not `options.retries`); a value that is no struct at all is named `options`.
 */
export function checkOptions(ctx: CheckContext, options: unknown, typeName: string, shape: Shape): void {
  if (options !== undefined && options !== null && !isPlainObject(options)) {
    const got = formatValue(options) === describeType(options) ? undefined : `got ${describeType(options)}`;
    throw propError(ctx.owner, 'options', options, `must be ${an(typeName)} (a plain object)`, [got, `pass { ... } with the props of ${typeName}`].filter(x => x).join('; '));
  }
  checkProps(ctx, options, typeName, shape);
}
