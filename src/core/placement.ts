import { k8s } from 'cdk8s-plus-27';
import { propError } from './errors';
import { NodeLabelRequirement, PodPlacement, PreferredNodeAffinity, SparkToleration, TolerationOperator } from './pod';
import { dropUndefined, sortedMap } from './util';

/** A placement in Kubernetes form; undefined fields have nothing to say. */
export interface RenderedPlacement {
  nodeSelector?: { [key: string]: string };
  tolerations?: k8s.Toleration[];
  affinity?: k8s.Affinity;
}

/** Renders a placement into the Kubernetes pod spec fields (tolerations de-duplicated, maps sorted). */
export function renderPlacement(p: PodPlacement): RenderedPlacement {
  return dropUndefined({
    nodeSelector: sortedMap(p.nodeSelector),
    tolerations: renderTolerations(p.tolerations ?? []),
    affinity: renderNodeAffinity(p.requiredNodeAffinity ?? [], p.preferredNodeAffinity ?? []),
  });
}

/** Tolerations in Kubernetes form, without duplicates; undefined when there are none. */
export function renderTolerations(tolerations: SparkToleration[]): k8s.Toleration[] | undefined {
  const seen = new Set<string>();
  const out: k8s.Toleration[] = [];
  for (const t of tolerations) {
    const r = renderToleration(t);
    const key = JSON.stringify(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out.length ? out : undefined;
}

function renderToleration(t: SparkToleration): k8s.Toleration {
  return dropUndefined({
    key: t.key,
    operator: t.operator ?? TolerationOperator.EQUAL,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationDuration ? Math.floor(t.tolerationDuration.toMilliseconds() / 1000) : undefined,
  });
}

/** Node affinity in Kubernetes form; undefined when there is none. */
export function renderNodeAffinity(required: NodeLabelRequirement[], preferred: PreferredNodeAffinity[]): k8s.Affinity | undefined {
  const expr = (r: NodeLabelRequirement): k8s.NodeSelectorRequirement => ({
    key: r.key, operator: r.operator, values: r.values?.length ? r.values : undefined,
  });
  const req = required.length ? { nodeSelectorTerms: [{ matchExpressions: required.map(expr) }] } : undefined;
  const pref = preferred.length ? preferred.map(p => ({ weight: p.weight, preference: { matchExpressions: p.requirements.map(expr) } })) : undefined;
  if (!req && !pref) return undefined;
  return {
    nodeAffinity: dropUndefined({ requiredDuringSchedulingIgnoredDuringExecution: req, preferredDuringSchedulingIgnoredDuringExecution: pref }),
  };
}

/** Checks a toleration as the API server does; `prop` is the prop the user wrote. */
export function validateToleration(owner: string, prop: string, t: SparkToleration): void {
  if (t.operator === TolerationOperator.EXISTS && t.value) {
    throw propError(owner, `${prop} key`, t.key ?? '', `has operator EXISTS and value "${t.value}"`, 'EXISTS takes no value');
  }
  if (!t.key && t.operator !== TolerationOperator.EXISTS) {
    throw propError(owner, `${prop} key`, t.key ?? '', 'is empty, which needs operator EXISTS', 'give a key or use TolerationOperator.EXISTS');
  }
}

/** Checks a node label requirement as the API server does. */
export function validateRequirement(owner: string, prop: string, r: NodeLabelRequirement): void {
  const n = r.values?.length ?? 0;
  const op = r.operator;
  if ((op === 'In' || op === 'NotIn') && n === 0) {
    throw propError(owner, `${prop} key`, r.key, `with operator ${op} needs at least one value`);
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) {
    throw propError(owner, `${prop} key`, r.key, `with operator ${op} takes no values`);
  }
  if ((op === 'Gt' || op === 'Lt') && (n !== 1 || !/^-?\d+$/.test(r.values![0]))) {
    throw propError(owner, `${prop} key`, r.key, `with operator ${op} takes exactly one integer value`);
  }
}

/** Checks a weighted preference (weight 1-100 and each requirement). */
export function validatePreference(owner: string, prop: string, p: PreferredNodeAffinity): void {
  if (!Number.isInteger(p.weight) || p.weight < 1 || p.weight > 100) {
    throw propError(owner, `${prop} weight`, p.weight, 'must be a whole number 1-100');
  }
  p.requirements.forEach(r => validateRequirement(owner, prop, r));
}

/** Checks a TCP/UDP port number. */
export function requirePort(owner: string, prop: string, port: number | undefined): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw propError(owner, prop, port, 'must be a port number 1-65535');
  }
}
