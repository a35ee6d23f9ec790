import { SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { distance } from 'fastest-levenshtein';
import { an, formatValue, propError } from './errors';

export { an };
import { addWarning } from './warn';

/**
 * Runtime checks of props for JavaScript and jsii users, who get no compiler: every prop of every
 * construct is described by a `Shape`, and `checkProps` verifies type, presence, enum values and
 * number ranges before any internal code reads the props. Failures use the library's one error
 * format (`<owner>: <prop> <value> <problem>; <fix>`); unknown props are warnings naming the
 * closest known prop.
 *
 * The shapes are registered by type name (`SparkAppProps`, ...) so a test can compare each with
 * the TypeScript interface it checks, and no prop can be added without its check.
 */

/** Where a check runs: the owner named in messages and the construct warnings attach to. */
export interface CheckContext {
  /** `<Kind> <path>` as in every message. */
  readonly owner: string;
  /** The construct that records warnings (absent for static factories: warnings are dropped). */
  readonly scope?: IConstruct;
}

/** One prop's check. */
export interface Check {
  /** What is expected, as a noun phrase: `a string`, `a Size`, `a whole number`. */
  readonly expected: string;
  /** The prop must be given (not undefined or null). */
  readonly required: boolean;
  /** Verifies a present value; throws the library's error. */
  verify(ctx: CheckContext, path: string, value: unknown): void;
}

/** Checks of a struct's props by prop name. */
export type Shape = { readonly [prop: string]: Check };

const SHAPES = new Map<string, Shape>();

/** Every registered struct shape by type name (for the coverage test). */
export function registeredShapes(): ReadonlyMap<string, Shape> {
  return SHAPES;
}

/** Largest value of a Kubernetes int32 field (replicas, ports, counts in the CRDs). */
export const INT32_MAX = 2147483647;

function check(expected: string, verify: (ctx: CheckContext, path: string, value: unknown) => void, isRequired = false): Check {
  return { expected, required: isRequired, verify };
}

function wrongType(ctx: CheckContext, path: string, value: unknown, expected: string, fix?: string): Error {
  // A value printed as its type (`a Date`) needs no `got a Date`.
  const selfDescribing = formatValue(value) === describeType(value);
  const got = selfDescribing ? undefined : `got ${describeType(value)}`;
  const rest = fix?.replace(/^got [^;]*(; )?/, '');
  const e = propError(ctx.owner, path, value, `must be ${expected}`, [got, rest].filter(x => x).join('; ') || undefined);
  Object.defineProperty(e, TYPE_MISMATCH, { value: true });
  return e;
}

/** Marks errors that say a value has the wrong type (as opposed to a bad value of the right type). */
const TYPE_MISMATCH = Symbol('cdk8s-spark.type-mismatch');

/** How a wrong value's type is named: `a number`, `an array`, `a Size`, `null`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as any).constructor?.name;
    return name && name !== 'Object' ? an(name) : 'an object';
  }
  return an(typeof value);
}

/** Options of a string check. */
export interface StringCheckOptions {
  /** The empty string is accepted. Default false. */
  readonly allowEmpty?: boolean;
  /** Leading or trailing whitespace is accepted. Default false (Spark and Kubernetes would keep it). */
  readonly allowPadding?: boolean;
  /** Longest accepted string. */
  readonly maxLength?: number;
}

/** A string. */
export function str(opts: StringCheckOptions = {}): Check {
  return check('a string', (ctx, path, v) => {
    if (typeof v !== 'string') throw wrongType(ctx, path, v, 'a string');
    if (!opts.allowEmpty && v.length === 0) throw propError(ctx.owner, path, v, 'must not be empty', 'give a value');
    if (!opts.allowPadding && v.trim() !== v) {
      throw propError(ctx.owner, path, v, 'has leading or trailing whitespace', 'remove it (it would be kept verbatim)');
    }
    if (opts.maxLength !== undefined && v.length > opts.maxLength) {
      throw propError(ctx.owner, path, v, `is ${v.length} characters long`, `use at most ${opts.maxLength}`);
    }
  });
}

/** Options of a number check. */
export interface NumberCheckOptions {
  /** Only whole numbers. Default false. */
  readonly integer?: boolean;
  /** Smallest accepted value. */
  readonly min?: number;
  /** Largest accepted value (int32 max for whole numbers unless given). */
  readonly max?: number;
  /** Values above this are accepted with a warning (absurd but legal). */
  readonly warnAbove?: number;
  /** Unit named in messages, e.g. `executors`. */
  readonly unit?: string;
}

/** A finite number, optionally whole and within bounds. */
export function num(opts: NumberCheckOptions = {}): Check {
  const expected = opts.integer ? 'a whole number' : 'a number';
  const max = opts.max ?? (opts.integer ? INT32_MAX : undefined);
  return check(expected, (ctx, path, v) => {
    if (typeof v !== 'number') throw wrongType(ctx, path, v, expected);
    if (!Number.isFinite(v)) throw propError(ctx.owner, path, v, 'must be a finite number', 'give a number such as 1 or 0.5');
    if (opts.integer && !Number.isInteger(v)) {
      const options = [Math.floor(v), Math.ceil(v)].filter(n => (opts.min === undefined || n >= opts.min) && (max === undefined || n <= max));
      throw propError(ctx.owner, path, v, 'must be a whole number', options.length ? `use ${options.join(' or ')}` : `use a whole number from ${opts.min} to ${max}`);
    }
    const unit = opts.unit ? ` ${opts.unit}` : '';
    if (opts.min !== undefined && v < opts.min) throw propError(ctx.owner, path, v, `must be at least ${opts.min}`, `use ${opts.min} or more`);
    if (max !== undefined && v > max) throw propError(ctx.owner, path, v, `must be at most ${max}`, `use ${max} or less`);
    if (opts.warnAbove !== undefined && v > opts.warnAbove) {
      warn(ctx, 'absurd-value', `${path} ${v}${unit} is more than ${opts.warnAbove}${unit}; check the figure`);
    }
  });
}

/** A whole number in [min, max]. */
export function int(min = 0, max = INT32_MAX, warnAbove?: number, unit?: string): Check {
  return num({ integer: true, min, max, warnAbove, unit });
}

/** A boolean. */
export function bool(): Check {
  return check('true or false', (ctx, path, v) => {
    if (typeof v !== 'boolean') throw wrongType(ctx, path, v, 'true or false', typeof v === 'string' ? 'give a boolean, not a string' : undefined);
  });
}

const KIB_PER_PIB = 1024 ** 4;

/** Options of a size check. */
export interface SizeCheckOptions {
  /** Zero is accepted. Default false. */
  readonly allowZero?: boolean;
  /** Largest accepted size in MiB. Default 1 PiB (no node or volume is larger). */
  readonly maxMebibytes?: number;
}

/** A cdk8s `Size` (checked by shape, so a second copy of cdk8s still passes). */
export function size(opts: SizeCheckOptions = {}): Check {
  const maxKib = opts.maxMebibytes !== undefined ? opts.maxMebibytes * 1024 : KIB_PER_PIB;
  return check('a Size', (ctx, path, v) => {
    const o = v as any;
    if (typeof o !== 'object' || o === null || typeof o.toKibibytes !== 'function' || typeof o.asString !== 'function') {
      throw wrongType(ctx, path, v, 'a Size', `got ${describeType(v)}; use Size.mebibytes(n) or Size.gibibytes(n)`);
    }
    const kib = o.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isFinite(kib)) throw propError(ctx.owner, path, v, 'must be a finite size', 'use Size.gibibytes(n) with a finite n');
    if (kib < 0) throw propError(ctx.owner, path, v, 'must not be negative', 'give a positive size');
    if (kib === 0 && !opts.allowZero) throw propError(ctx.owner, path, v, 'must be larger than zero', 'give a positive size');
    if (kib > maxKib) {
      throw propError(ctx.owner, path, v, `is more than ${formatKib(maxKib)}`, `give at most ${formatKib(maxKib)}`);
    }
  });
}

function formatKib(kib: number): string {
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let i = 0;
  let n = kib;
  while (n >= 1024 && n % 1024 === 0 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n}${units[i]}`;
}

/** Options of a duration check. */
export interface DurationCheckOptions {
  /** Zero is accepted. Default false. */
  readonly allowZero?: boolean;
}

/** A cdk8s `Duration` (checked by shape). */
export function duration(opts: DurationCheckOptions = {}): Check {
  return check('a Duration', (ctx, path, v) => {
    const o = v as any;
    if (typeof o !== 'object' || o === null || typeof o.toMilliseconds !== 'function' || typeof o.toHumanString !== 'function') {
      throw wrongType(ctx, path, v, 'a Duration', `got ${describeType(v)}; use Duration.seconds(n) or Duration.minutes(n)`);
    }
    let ms: number;
    try {
      ms = o.toMilliseconds({ integral: false });
    } catch {
      ms = NaN;
    }
    if (!Number.isFinite(ms)) throw propError(ctx.owner, path, v, 'must be a finite duration', 'use Duration.seconds(n) with a finite n');
    if (ms < 0 || (ms === 0 && !opts.allowZero)) throw propError(ctx.owner, path, v, 'must be longer than zero', 'give a positive duration');
  });
}

/** One of the values of a TypeScript string enum (jsii passes enum members as their values). */
export function enumOf(name: string, values: { [k: string]: string }): Check {
  const members = Object.keys(values).filter(k => typeof values[k] === 'string');
  const accepted = members.map(k => values[k]);
  const listed = members.map(k => `${name}.${k}`).join(', ');
  return check(an(name), (ctx, path, v) => {
    if (typeof v !== 'string' || !accepted.includes(v)) {
      throw propError(ctx.owner, path, v, `is not ${an(name)}`, `use one of ${listed} (values ${accepted.map(a => JSON.stringify(a)).join(', ')})`);
    }
  });
}

/** One of a fixed list of strings. */
export function oneOf(...values: string[]): Check {
  return check(`one of ${values.join(', ')}`, (ctx, path, v) => {
    if (typeof v !== 'string' || !values.includes(v)) {
      throw propError(ctx.owner, path, v, 'is not accepted', `use one of ${values.map(x => JSON.stringify(x)).join(', ')}`);
    }
  });
}

/** Options of an array check. */
export interface ArrayCheckOptions {
  /** At least one element. Default false. */
  readonly nonEmpty?: boolean;
  /** Most elements accepted. */
  readonly maxItems?: number;
}

/** An array whose elements each pass `item`. */
export function arr(item: Check, opts: ArrayCheckOptions = {}): Check {
  return check(`a list of ${item.expected.replace(/^an? /, '')}s`, (ctx, path, v) => {
    if (!Array.isArray(v)) throw wrongType(ctx, path, v, `a list of ${item.expected.replace(/^an? /, '')} values`, `got ${describeType(v)}; wrap it in [ ]`);
    if (opts.nonEmpty && v.length === 0) throw propError(ctx.owner, path, v, 'must not be empty', 'give at least one element or leave the prop out');
    if (opts.maxItems !== undefined && v.length > opts.maxItems) {
      throw propError(ctx.owner, path, `${v.length} elements`, `is more than ${opts.maxItems}`, `give at most ${opts.maxItems}`);
    }
    v.forEach((e, i) => {
      if (e === undefined || e === null) throw propError(ctx.owner, `${path}[${i}]`, e, 'is empty', `give ${item.expected} or remove the element`);
      item.verify(ctx, `${path}[${i}]`, e);
    });
  });
}

/** A plain object used as a map from string keys to values that each pass `value`. */
export function map(value: Check, key: Check = str()): Check {
  return check(`a map of ${value.expected.replace(/^an? /, '')} values`, (ctx, path, v) => {
    if (!isPlainObject(v)) throw wrongType(ctx, path, v, 'a map (a plain object of key: value)', `got ${describeType(v)}`);
    for (const k of Object.keys(v as object)) {
      key.verify(ctx, `${path} key`, k);
      const e = (v as any)[k];
      const p = `${path}[${JSON.stringify(k)}]`;
      if (e === undefined || e === null) throw propError(ctx.owner, p, e, 'has no value', `give ${value.expected} or remove the key`);
      value.verify(ctx, p, e);
    }
  });
}

/**
 * Registers the shape of a struct type (a props interface) under its TypeScript name, so the
 * coverage test can compare it with the interface, and returns it.
 */
export function defineShape(typeName: string, shape: Shape): Shape {
  SHAPES.set(typeName, shape);
  return shape;
}

/** A struct (plain object) checked against its shape (registered under `typeName`). */
export function struct(typeName: string, shape: Shape): Check {
  defineShape(typeName, shape);
  return check(an(typeName), (ctx, path, v) => {
    if (!isPlainObject(v)) throw wrongType(ctx, path, v, `${an(typeName)} (a plain object)`, `got ${describeType(v)}`);
    verifyShape(ctx, path, v as object, shape, typeName);
  });
}

/** An instance of a library class or interface, recognized by `test`. */
export function instance(typeName: string, test: (v: any) => boolean, fix?: string): Check {
  return check(an(typeName), (ctx, path, v) => {
    let ok = false;
    try {
      ok = typeof v === 'object' && v !== null && test(v);
    } catch {
      ok = false;
    }
    if (!ok) throw wrongType(ctx, path, v, an(typeName), `got ${describeType(v)}${fix ? `; ${fix}` : ''}`);
  });
}

/** Any of several checks (the first whose type matches decides). */
export function anyOf(expected: string, ...checks: Check[]): Check {
  return check(expected, (ctx, path, v) => {
    // A value of one alternative's type but a bad value gets that alternative's error; a value of
    // none of the types gets one message listing what is accepted.
    let valueError: Error | undefined;
    for (const c of checks) {
      try {
        c.verify(ctx, path, v);
        return;
      } catch (e) {
        if (!(e as any)[TYPE_MISMATCH]) valueError ??= e as Error;
      }
    }
    throw valueError ?? wrongType(ctx, path, v, expected);
  });
}

/** Any value (the construct checks it itself). */
export function anything(): Check {
  return check('any value', () => undefined);
}

/** The same check, but the prop must be given. */
export function required(c: Check): Check {
  return { expected: c.expected, required: true, verify: c.verify };
}

/** Same check with extra validation after the type check passed. */
export function refine(c: Check, extra: (ctx: CheckContext, path: string, value: any) => void): Check {
  return {
    expected: c.expected,
    required: c.required,
    verify: (ctx, path, v) => {
      c.verify(ctx, path, v);
      extra(ctx, path, v);
    },
  };
}

/**
 * Checks a construct's props object against its shape, before anything reads it. `props` may be
 * undefined only when no prop is required.
 */
export function checkProps(ctx: CheckContext, props: unknown, typeName: string, shape: Shape, path = ''): void {
  if (props === undefined || props === null) {
    const req = Object.keys(shape).filter(k => shape[k].required);
    if (req.length === 0) return;
    throw propError(ctx.owner, path || 'props', props, `are required (${req.join(', ')})`, `pass ${an(typeName)} object`);
  }
  if (!isPlainObject(props) && typeof props !== 'object') {
    throw wrongType(ctx, path || 'props', props, `${an(typeName)} (a plain object)`, `got ${describeType(props)}`);
  }
  verifyShape(ctx, path, props as object, shape, typeName);
}

function verifyShape(ctx: CheckContext, path: string, o: object, shape: Shape, typeName: string): void {
  const join = (k: string) => (path ? `${path}.${k}` : k);
  for (const k of Object.keys(shape)) {
    const v = (o as any)[k];
    const c = shape[k];
    if (v === undefined || v === null) {
      if (c.required) throw propError(ctx.owner, join(k), v, 'is required', `give ${c.expected}`);
      if (v === null) throw propError(ctx.owner, join(k), v, `must be ${c.expected} or left out`, 'remove the null');
      continue;
    }
    c.verify(ctx, join(k), v);
  }
  for (const k of Object.keys(o)) {
    if (Object.prototype.hasOwnProperty.call(shape, k) || (o as any)[k] === undefined) continue;
    const near = closest(k, Object.keys(shape));
    warn(ctx, 'unknown-prop', `${join(k)} is not a prop of ${typeName} and is ignored${near ? `; did you mean ${join(near)}?` : ''}`);
  }
}

function warn(ctx: CheckContext, id: string, message: string): void {
  if (ctx.scope) addWarning(ctx.scope, message, id);
}

/** A plain object: `{...}` literal or a jsii struct (no class instances, arrays or null). */
export function isPlainObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The candidate closest to `word` by edit distance (case-insensitive), when close enough. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A Kubernetes object name: DNS-1123 subdomain (Secrets, ServiceAccounts, ConfigMaps, claims). */
export function objectName(kind: string): Check {
  return refine(str(), (ctx, path, v: string) => {
    if (v.length > 253 || !DNS_SUBDOMAIN.test(v)) {
      throw propError(ctx.owner, path, v, `is not a valid ${kind} name`, 'use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit');
    }
  });
}

/** A DNS-1123 label: namespaces, Services, container and volume names. */
export function dnsLabel(kind: string): Check {
  return refine(str(), (ctx, path, v: string) => {
    if (v.length > 63 || !DNS_LABEL.test(v)) {
      throw propError(ctx.owner, path, v, `is not a valid ${kind} name`, 'use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit');
    }
  });
}

/** Problem with a label or annotation key (`[prefix/]name`), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'has a prefix that is not a DNS subdomain';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'is not a valid label key';
  }
  return undefined;
}

/** Problem with a label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63 || (value.length > 0 && !QUALIFIED_NAME.test(value))) return 'is not a valid label value';
  return undefined;
}

const LABEL_KEY_FIX = 'use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain';

/** A map of Kubernetes labels: keys and values as the API server checks them. */
export function labels(): Check {
  const key = refine(str(), (ctx, path, k: string) => {
    const p = labelKeyProblem(k);
    if (p) throw propError(ctx.owner, path, k, p, LABEL_KEY_FIX);
  });
  const value = refine(str({ allowEmpty: true }), (ctx, path, v: string) => {
    const p = labelValueProblem(v);
    if (p) throw propError(ctx.owner, path, v, p, 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
  });
  return map(value, key);
}

/** A map of Kubernetes annotations: keys as the API server checks them, any string value. */
export function annotations(): Check {
  const key = refine(str(), (ctx, path, k: string) => {
    const p = labelKeyProblem(k);
    if (p) throw propError(ctx.owner, path, k, p.replace('label key', 'annotation key'), LABEL_KEY_FIX);
  });
  return map(str({ allowEmpty: true, allowPadding: true }), key);
}

/** An environment variable name as Kubernetes 1.27 accepts it. */
export function envName(): Check {
  return refine(str(), (ctx, path, v: string) => {
    if (!ENV_NAME.test(v)) {
      throw propError(ctx.owner, path, v, 'is not a valid environment variable name', 'use letters, digits, "_", "-" and ".", not starting with a digit');
    }
  });
}

/** A relative path inside a volume (subPath): no `..` element, not absolute. */
export function subPath(): Check {
  return refine(str(), (ctx, path, v: string) => {
    if (v.startsWith('/') || v.split('/').includes('..')) {
      throw propError(ctx.owner, path, v, 'must be a relative path without ".." elements', 'name a path inside the volume, e.g. conf/app.properties');
    }
  });
}

/** An absolute container path (mount paths). */
export function absolutePath(): Check {
  return refine(str(), (ctx, path, v: string) => {
    if (!v.startsWith('/') || v.includes(':') || v.split('/').includes('..')) {
      throw propError(ctx.owner, path, v, 'must be an absolute path without ":" or ".." elements', 'e.g. /opt/spark/conf');
    }
  });
}
