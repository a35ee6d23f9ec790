import { k8s } from 'cdk8s-plus-27';
import { propError } from './errors';
import { NodeLabelRequirement, PodAffinityRequirement, PodPlacement, PreferredNodeAffinity, SparkToleration, TaintEffect, TolerationOperator } from './pod';
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
    affinity: renderAffinity(p),
  });
}

/** Node and pod affinity in Kubernetes form; undefined when there is none. */
function renderAffinity(p: PodPlacement): k8s.Affinity | undefined {
  const node = renderNodeAffinity(p.requiredNodeAffinity ?? [], p.preferredNodeAffinity ?? []);
  const pod = renderPodAffinity(p.requiredPodAffinity ?? []);
  if (!node && !pod) return undefined;
  return dropUndefined({ nodeAffinity: node?.nodeAffinity, podAffinity: pod });
}

/** Required pod affinity in Kubernetes form (terms de-duplicated, labels sorted); undefined when there is none. */
export function renderPodAffinity(required: PodAffinityRequirement[]): k8s.PodAffinity | undefined {
  const seen = new Set<string>();
  const terms: k8s.PodAffinityTerm[] = [];
  for (const r of required) {
    const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: sortedMap(r.podLabels) }, topologyKey: r.topologyKey };
    const key = JSON.stringify(term);
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms.length ? { requiredDuringSchedulingIgnoredDuringExecution: terms } : undefined;
}

/** Checks a pod affinity requirement as the API server does (labels to match, a topology key); `prop` and `by` as for tolerations. */
export function validatePodAffinity(owner: string, prop: string, r: PodAffinityRequirement, by?: string): void {
  if (Object.keys(r.podLabels).length === 0) {
    throw propError(owner, `${prop}.podLabels`, r.podLabels, `${by ? `(added by ${by}) ` : ''}must name at least one label (an empty selector matches every pod of the namespace)`,
      'give the labels of the pods to be near, e.g. { "spark-role": "driver" }');
  }
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

/**
 * Checks a toleration as the API server does. `prop` is where the user wrote it (`tolerations[0]`);
 * `by` names who added it when that was not the user's prop (a feature).
 */
export function validateToleration(owner: string, prop: string, t: SparkToleration, by?: string): void {
  const added = by ? `(added by ${by}) ` : '';
  if (t.operator === TolerationOperator.EXISTS && t.value) {
    throw propError(owner, `${prop}.value`, t.value, `${added}is given with operator EXISTS, which takes no value`, 'drop the value, or use TolerationOperator.EQUAL');
  }
  if (!t.key && t.operator !== TolerationOperator.EXISTS) {
    throw propError(owner, `${prop}.key`, t.key, `${added}must be set unless the operator is EXISTS`, 'give a key, or use TolerationOperator.EXISTS to tolerate every taint');
  }
  const d = t.tolerationDuration;
  if (d !== undefined) {
    if (t.effect !== TaintEffect.NO_EXECUTE) {
      throw propError(owner, `${prop}.tolerationDuration`, d,
        `${added}only applies to effect NO_EXECUTE (the API server rejects tolerationSeconds with ${t.effect ? `effect ${t.effect}` : 'no effect'})`,
        'set effect to TaintEffect.NO_EXECUTE, or drop tolerationDuration');
    }
    if (d.toMilliseconds() % 1000 !== 0) {
      throw propError(owner, `${prop}.tolerationDuration`, d, `${added}must be a whole number of seconds (tolerationSeconds)`,
        `use e.g. Duration.seconds(${Math.ceil(d.toMilliseconds() / 1000)})`);
    }
  }
}

/** Checks a node label requirement as the API server does; `prop` and `by` as for tolerations. */
export function validateRequirement(owner: string, prop: string, r: NodeLabelRequirement, by?: string): void {
  const added = by ? `(added by ${by}) ` : '';
  const n = r.values?.length ?? 0;
  const op = r.operator;
  if ((op === 'In' || op === 'NotIn') && n === 0) {
    throw propError(owner, `${prop}.values`, r.values, `${added}must list at least one value with operator ${op} (key ${JSON.stringify(r.key)})`,
      'list the label values to match, or use NodeSelectorOperator.EXISTS');
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) {
    throw propError(owner, `${prop}.values`, r.values, `${added}must be empty with operator ${op} (key ${JSON.stringify(r.key)})`,
      'drop the values, or use NodeSelectorOperator.IN');
  }
  if ((op === 'Gt' || op === 'Lt') && (n !== 1 || !/^-?\d+$/.test(r.values![0]))) {
    throw propError(owner, `${prop}.values`, r.values, `${added}must be exactly one integer with operator ${op} (key ${JSON.stringify(r.key)})`,
      "give one whole number, e.g. values: ['4']");
  }
}

/** Checks a weighted preference (weight 1-100 and each requirement); `prop` and `by` as for tolerations. */
export function validatePreference(owner: string, prop: string, p: PreferredNodeAffinity, by?: string): void {
  if (!Number.isInteger(p.weight) || p.weight < 1 || p.weight > 100) {
    throw propError(owner, `${prop}.weight`, p.weight, `${by ? `(added by ${by}) ` : ''}must be a whole number 1-100`, 'use 1 (weakest) to 100 (strongest)');
  }
  p.requirements.forEach((r, i) => validateRequirement(owner, `${prop}.requirements[${i}]`, r, by));
}

/** Checks a TCP/UDP port number. */
export function requirePort(owner: string, prop: string, port: number | undefined): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw propError(owner, prop, port, 'is not a port number', 'use a whole number from 1 to 65535');
  }
}
