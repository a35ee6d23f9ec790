import { Size, SizeRoundingBehavior } from 'cdk8s';
import { constructError } from './errors';

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problem with a DNS-1035 label (what the spark-operator requires of app names), or undefined. */
export function dns1035Problem(name: string, maxLength = 63): string | undefined {
  if (!DNS1035.test(name)) {
    return 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  }
  if (name.length > maxLength) {
    return `must be at most ${maxLength} characters, got ${name.length}`;
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
    throw constructError(owner, `${prop} must be a whole number of MiB, got ${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })} KiB`);
  }
  return mib;
}

/** Whole non-negative integer check with the library's message form. */
export function requireInt(owner: string, prop: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw constructError(owner, `${prop} must be a whole number of at least ${min}, got ${value}`);
  }
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
