import { isIPv6 } from 'net';
import { Size } from 'cdk8s';
import { EgressDestination, PriorityTier, SparkLimitRange, SparkNamespaceProps } from './spark-namespace-props';
import { propError } from '../core/errors';
import { requirePort } from '../core/placement';
import { dnsSubdomainProblem, keyProp, sizeToMebibytes } from '../core/util';

/**
 * Semantic checks of a SparkNamespace's props that need more than their type: CIDRs as the API
 * server parses them, names the construct derives from the user's (with the limit of their kind),
 * labels the construct sets itself, and the LimitRange's own consistency rules.
 */

/** Highest PriorityClass value a user class may have (higher ones are reserved for system classes). */
export const HIGHEST_USER_PRIORITY = 1_000_000_000;

/**
 * Checks an IPv4 or IPv6 CIDR as Kubernetes parses a NetworkPolicy `ipBlock.cidr` (IPv4 octets may
 * have leading zeros, as the API server's lenient parser accepts them).
 */
export function validateCidr(owner: string, prop: string, cidr: string): void {
  const slash = cidr.indexOf('/');
  const addr = slash >= 0 ? cidr.slice(0, slash) : '';
  const bits = slash >= 0 ? cidr.slice(slash + 1) : '';
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const prefixOk = (max: number) => /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  const ok = v4
    ? v4.slice(1).every(x => Number(x) <= 255) && prefixOk(32)
    : !addr.includes('%') && isIPv6(addr) && prefixOk(128);
  if (!ok) throw propError(owner, prop, cidr, 'is not a CIDR', 'use the form 10.0.0.0/16 (IPv4) or fd00::/8 (IPv6)');
}

/** Checks a name the construct derives from `value` (the user's `prop`): `${prefix}${value}${suffix}` must be a DNS-1123 subdomain. */
export function requireDerivedSubdomain(owner: string, prop: string, value: string, prefix: string, suffix: string, kind: string): void {
  const derived = `${prefix}${value}${suffix}`;
  if (derived.length > 253) {
    throw propError(owner, prop, value, `gives the ${kind} name "${derived.slice(0, 40)}..." of ${derived.length} characters (at most 253)`,
      `use at most ${253 - prefix.length - suffix.length} characters`);
  }
  const problem = dnsSubdomainProblem(derived);
  if (problem) {
    throw propError(owner, prop, value, `gives the ${kind} name "${derived}", which ${problem}`, 'use lower-case letters, digits, "-" and "."');
  }
}

/** `prop` is the destination's path, `egressDestinations[<i>]`. */
export function validateDestination(owner: string, d: EgressDestination, prop: string): void {
  requireDerivedSubdomain(owner, `${prop}.name`, d.name, 'allow-egress-', '', 'NetworkPolicy');
  if (d.cidrs.length === 0) throw propError(owner, `${prop}.cidrs`, d.cidrs, `must list at least one CIDR (egress destination ${d.name})`, 'add the destination\'s CIDRs, e.g. 10.0.0.0/16');
  if (d.ports.length === 0) throw propError(owner, `${prop}.ports`, d.ports, `must list at least one port (egress destination ${d.name})`, 'add the destination\'s TCP ports, e.g. 443');
  d.cidrs.forEach((c, i) => validateCidr(owner, `${prop}.cidrs[${i}]`, c));
  d.ports.forEach((p, i) => requirePort(owner, `${prop}.ports[${i}]`, p));
}

/** Checks a tier's value and the name of its PriorityClass; `prop` is `tiers[<i>]`. */
export function validateTier(owner: string, t: PriorityTier, prop: string, className: string): void {
  if (t.value > HIGHEST_USER_PRIORITY) {
    throw propError(owner, `${prop}.value`, t.value, `must be at most ${HIGHEST_USER_PRIORITY} (higher values are reserved for system classes)`,
      `use a value between -2147483648 and ${HIGHEST_USER_PRIORITY}`);
  }
  if (t.priorityClassName === undefined) {
    requireDerivedSubdomain(owner, `${prop}.name`, t.name, 'spark-', '', 'priority class');
    return;
  }
  const problem = dnsSubdomainProblem(className);
  if (problem) throw propError(owner, `${prop}.priorityClassName`, className, problem, 'use a name such as "spark-batch"');
}

/** Labels the construct sets on the Namespace itself, with what sets them. */
function reservedNamespaceLabels(name: string, podSecurity: string): Map<string, [string, string]> {
  return new Map<string, [string, string]>([
    ['pod-security.kubernetes.io/enforce', [podSecurity, 'podSecurity']],
    ['pod-security.kubernetes.io/enforce-version', ['v1.27', 'the construct']],
    ['pod-security.kubernetes.io/warn', [podSecurity, 'podSecurity']],
    ['pod-security.kubernetes.io/audit', [podSecurity, 'podSecurity']],
    ['app.kubernetes.io/part-of', [name, 'name']],
    ['app.kubernetes.io/managed-by', ['cdk8s-spark', 'the construct']],
    ['kubernetes.io/metadata.name', [name, 'Kubernetes (the namespace name)']],
  ]);
}

/**
 * `labels` and `operatorSelectorLabels` must not give another value to a label the construct (or
 * Kubernetes) sets, nor disagree with each other: one would silently replace the other.
 */
export function validateNamespaceLabels(owner: string, props: SparkNamespaceProps, name: string, podSecurity: string): void {
  const reserved = reservedNamespaceLabels(name, podSecurity);
  for (const prop of ['labels', 'operatorSelectorLabels'] as const) {
    for (const [k, v] of Object.entries(props[prop] ?? {})) {
      const r = reserved.get(k);
      if (r && r[0] !== v) {
        throw propError(owner, keyProp(prop, k), v, `conflicts with "${r[0]}" set by ${r[1]}`,
          r[1] === 'podSecurity' ? 'set the level with podSecurity and drop the label' : 'drop the label');
      }
    }
  }
  for (const [k, v] of Object.entries(props.operatorSelectorLabels ?? {})) {
    const other = props.labels?.[k];
    if (other !== undefined && other !== v) {
      throw propError(owner, keyProp('labels', k), other, `conflicts with operatorSelectorLabels["${k}"] "${v}"`, 'give the label in one of the two props only');
    }
  }
}

/**
 * The LimitRange as the API server checks it: a default request above the default limit of the
 * same resource is rejected. Returns the figures in MiB.
 */
export function limitRangeFigures(owner: string, lr: SparkLimitRange): { requestMib: number; limitMib: number } {
  const requestMib = sizeToMebibytes(owner, 'limitRange.defaultMemoryRequest', lr.defaultMemoryRequest ?? Size.mebibytes(128));
  const limitMib = sizeToMebibytes(owner, 'limitRange.defaultMemoryLimit', lr.defaultMemoryLimit ?? Size.mebibytes(256));
  if (requestMib > limitMib) {
    const rule = 'the API server rejects a LimitRange whose default request exceeds its default limit';
    if (lr.defaultMemoryRequest === undefined) {
      throw propError(owner, 'limitRange.defaultMemoryLimit', lr.defaultMemoryLimit, `is below limitRange.defaultMemoryRequest ${requestMib}Mi (the default), and ${rule}`,
        `raise limitRange.defaultMemoryLimit to at least ${requestMib}Mi, or set a lower limitRange.defaultMemoryRequest`);
    }
    throw propError(owner, 'limitRange.defaultMemoryRequest', lr.defaultMemoryRequest,
      `is above limitRange.defaultMemoryLimit ${limitMib}Mi${lr.defaultMemoryLimit === undefined ? ' (the default)' : ''}, and ${rule}`,
      `raise limitRange.defaultMemoryLimit to at least ${requestMib}Mi, or lower limitRange.defaultMemoryRequest`);
  }
  return { requestMib, limitMib };
}
