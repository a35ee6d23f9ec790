import { IConstruct } from 'constructs';
import { INodePool, NodeResources, NodeTaint } from './node-pool-props';
import { gpuCount } from './packing-table';
import { ISparkApp } from '../core/contracts';
import { constructLabel, formatValue, propError } from '../core/errors';
import { millisToQuantity } from '../core/model';
import { NodeLabelRequirement, PodPlacement, SparkToleration, TaintEffect, TolerationOperator } from '../core/pod';
import { appRegistry } from '../core/registry';
import { PodResources, SparkAppResources, SparkRole } from '../core/resources';

/**
 * Matching pods to node pools: which pools a pod's node selector and required affinity select,
 * which of those it tolerates, and the checks of the pods of every app against the pools they
 * land on. Pure functions over the pools' labels and the apps' placements and resource figures.
 */

/** What the matcher needs of a pool: its node labels (zone as a set of values) and its figures. */
export interface PoolFacts {
  readonly pool: INodePool;
  /** Labels every node carries. */
  readonly nodeLabels: { [key: string]: string };
  /** Whether the pool's nodes have GPUs. */
  readonly gpus: number;
}

/** Keys a provider sets on every node with values a declaration does not know: they match anything. */
const PROVIDER_SET = new Set(['topology.kubernetes.io/region', 'kubernetes.io/os', 'kubernetes.io/hostname',
  'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone']);
const ZONE = 'topology.kubernetes.io/zone';

/** The values a pool's nodes have for a label key: undefined = absent, null = unknown (any). */
function valuesOf(p: PoolFacts, key: string): string[] | undefined | null {
  if (key === ZONE) return p.pool.zones.length ? p.pool.zones : null;
  if (key in p.nodeLabels) return [p.nodeLabels[key]];
  return PROVIDER_SET.has(key) ? null : undefined;
}

function requirementHolds(p: PoolFacts, r: NodeLabelRequirement): boolean {
  const have = valuesOf(p, r.key);
  if (have === null) return true;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return !!have && have.some(v => values.includes(v));
    case 'NotIn': return !have || have.some(v => !values.includes(v));
    case 'Exists': return !!have;
    case 'DoesNotExist': return !have;
    case 'Gt': return !!have && have.some(v => /^-?\d+$/.test(v) && Number(v) > Number(values[0]));
    case 'Lt': return !!have && have.some(v => /^-?\d+$/.test(v) && Number(v) < Number(values[0]));
    default: return false;
  }
}

/** Whether a placement asks for particular nodes (a node selector or a required node affinity). */
export function isPlaced(placement: PodPlacement): boolean {
  return Object.keys(placement.nodeSelector ?? {}).length > 0 || (placement.requiredNodeAffinity ?? []).length > 0;
}

/** Whether the pool's node labels satisfy the placement's selector and required affinity. */
export function selects(placement: PodPlacement, p: PoolFacts): boolean {
  for (const [k, v] of Object.entries(placement.nodeSelector ?? {})) {
    if (!requirementHolds(p, { key: k, operator: 'In' as any, values: [v] })) return false;
  }
  return (placement.requiredNodeAffinity ?? []).every(r => requirementHolds(p, r));
}

/** Whether a toleration tolerates a taint (Kubernetes' ToleratesTaint). */
export function tolerates(t: SparkToleration, taint: NodeTaint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === TolerationOperator.EXISTS) return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** Taints of a pool that keep the pod off it (NoSchedule and NoExecute ones it does not tolerate). */
export function untolerated(placement: PodPlacement, pool: INodePool): NodeTaint[] {
  return pool.taints.filter(taint => taint.effect !== TaintEffect.PREFER_NO_SCHEDULE
    && !(placement.tolerations ?? []).some(t => tolerates(t, taint)));
}

export function taintText(t: NodeTaint): string {
  return `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`;
}

/** Which pools a pod may land on: selected by its labels and tolerated. */
export function candidates(placement: PodPlacement, pools: PoolFacts[]): { selected: PoolFacts[]; tolerated: PoolFacts[] } {
  const selected = pools.filter(p => selects(placement, p));
  return { selected, tolerated: selected.filter(p => untolerated(placement, p.pool).length === 0) };
}

/** Whether one pod fits one node's usable figures; the first resource that does not fit, else undefined. */
export function misfit(pod: PodResources, usable: NodeResources, gpus: number): string | undefined {
  if (pod.cpuRequestMillis > usable.cpuMillis) return 'cpu';
  if (pod.memoryRequestMebibytes > usable.memoryMebibytes) return 'memory';
  if ((pod.ephemeralStorageRequestMebibytes ?? 0) > usable.ephemeralStorageMebibytes) return 'ephemeral storage';
  if (gpuCount(pod) > gpus) return 'gpus';
  return undefined;
}

export function podText(pod: PodResources): string {
  const parts = [`${millisToQuantity(pod.cpuRequestMillis)} CPU`, `${pod.memoryRequestMebibytes}Mi memory`];
  if (pod.ephemeralStorageRequestMebibytes) parts.push(`${pod.ephemeralStorageRequestMebibytes}Mi ephemeral storage`);
  const g = gpuCount(pod);
  if (g) parts.push(`${g} GPU${g > 1 ? 's' : ''}`);
  return parts.join(', ');
}

export function usableText(u: NodeResources): string {
  const parts = [`${millisToQuantity(u.cpuMillis)} CPU`, `${u.memoryMebibytes}Mi memory`, `${u.ephemeralStorageMebibytes}Mi ephemeral storage`];
  if (u.gpus) parts.push(`${u.gpus} GPU${u.gpus > 1 ? 's' : ''}`);
  return parts.join(', ');
}

/** What the messages show of a placement. */
function placementShown(p: PodPlacement): unknown {
  const out: Record<string, unknown> = {};
  if (Object.keys(p.nodeSelector ?? {}).length) out.nodeSelector = p.nodeSelector;
  if ((p.requiredNodeAffinity ?? []).length) out.requiredNodeAffinity = p.requiredNodeAffinity!.map(r => `${r.key} ${r.operator}${r.values?.length ? ` ${r.values.join(',')}` : ''}`);
  return out;
}

/** A Spark app as found in the construct tree (any ISparkApp). */
export function isSparkApp(c: unknown): c is ISparkApp {
  const a = c as any;
  return !!a && typeof a.resources === 'function' && typeof a.placementOf === 'function' && typeof a.addFeature === 'function' && typeof a.name === 'string';
}

/** An app's figures, or undefined when its configuration does not compute (its own validation reports that). */
export function resourcesOf(app: ISparkApp): SparkAppResources | undefined {
  try {
    return app.resources();
  } catch {
    return undefined;
  }
}

/** Where a role's pods land, after the checks: the pool they use, or undefined when not placed. */
export interface RoleLanding {
  readonly app: ISparkApp;
  readonly role: SparkRole;
  readonly pod: PodResources;
  readonly pool: PoolFacts;
}

/**
 * A pod the library creates besides the Spark pods (Celeborn masters and workers, a fill Job,
 * the history server, the log agent), as the checks see it.
 */
export interface PlacedPod {
  /** The construct, as messages name it (`CelebornCluster shuffle`). */
  readonly owner: string;
  /** What the pod is (`worker`, `fill Job`), for the messages (`worker pod`, `worker placement`). */
  readonly what: string;
  /** How to place it on a pool, for the fix (`placement: { workers: pool }`). */
  readonly fix: string;
  readonly placement: PodPlacement;
  readonly pod: PodResources;
  /** A DaemonSet's pod: it runs on every node it may, so only its node selector is checked. */
  readonly daemonSet?: boolean;
  /** For a node agent (a DaemonSet): the namespaces whose pods it must run next to. */
  readonly servesNamespaces?: string[];
}

/** Registers the pods a construct places, read at each App-wide check (after every prop is known). */
export function registerPlacedPods(construct: IConstruct, pods: () => PlacedPod[]): void {
  appRegistry<Array<() => PlacedPod[]>>(construct, 'placed-pods', () => []).push(pods);
}

/** The pods the constructs of an App registered, in registration order. */
export function placedPodsIn(scope: IConstruct): PlacedPod[] {
  return appRegistry<Array<() => PlacedPod[]>>(scope, 'placed-pods', () => []).flatMap(f => f());
}

/** Tolerations of exactly these taints. */
export function tolerationsFor(taints: NodeTaint[]): SparkToleration[] {
  return taints.map(t => (t.value === undefined
    ? { key: t.key, operator: TolerationOperator.EXISTS, effect: t.effect }
    : { key: t.key, operator: TolerationOperator.EQUAL, value: t.value, effect: t.effect }));
}

/**
 * The placement of a pod on a pool (its labels as node selector, tolerations for its taints)
 * joined with the placement props the construct also has; one label with two values is an error.
 * Without a pool, the props alone.
 */
export function onPool(owner: string, prop: string, pool: INodePool | undefined,
  props: { nodeSelector?: { [key: string]: string }; tolerations?: SparkToleration[] }): PodPlacement {
  const nodeSelector = { ...(props.nodeSelector ?? {}) };
  for (const [k, v] of Object.entries(pool?.selectorLabels ?? {})) {
    if (k in nodeSelector && nodeSelector[k] !== v) {
      throw propError(owner, `nodeSelector["${k}"]`, nodeSelector[k], `conflicts with ${formatValue(v)}, the label of NodePool ${pool!.poolName} given in ${prop}`,
        `drop the label from nodeSelector (${prop} sets it), or use another pool`);
    }
    nodeSelector[k] = v;
  }
  return { nodeSelector, tolerations: [...(props.tolerations ?? []), ...tolerationsFor(pool?.taints ?? [])] };
}

/** One pod against the pools: the pool it lands on, or the error message. */
function checkPod(owner: string, what: string, prop: string, fix: string, placement: PodPlacement, pod: PodResources, pools: PoolFacts[]):
{ pool?: PoolFacts; error?: string } {
  const declared = pools.map(p => p.pool.poolName).join(', ');
  const shown = placementShown(placement);
  const { selected, tolerated } = candidates(placement, pools);
  if (selected.length === 0) {
    return { error: propError(owner, prop, shown, `matches no declared NodePool (declared: ${declared})`, `select a pool's labels, or use ${fix}`).message };
  }
  if (tolerated.length === 0) {
    const p = selected[0];
    return {
      error: propError(owner, prop, shown, `selects NodePool ${p.pool.poolName} but does not tolerate its taints ${formatValue(untolerated(placement, p.pool).map(taintText))}`,
        `add tolerations for them, or use ${fix}, which adds them`).message,
    };
  }
  const gpus = gpuCount(pod);
  if (gpus > 0 && tolerated.every(p => p.gpus === 0)) {
    return {
      error: propError(owner, prop, shown, `puts the ${what}, which asks for ${gpus} GPU${gpus > 1 ? 's' : ''}, on NodePool ${tolerated.map(p => p.pool.poolName).join(', ')}, which has no GPUs`,
        'place the pod on a GPU pool').message,
    };
  }
  const fitting = tolerated.find(p => misfit(pod, p.pool.usablePerNode, p.gpus) === undefined);
  if (!fitting) {
    const p = tolerated[0];
    const res = misfit(pod, p.pool.usablePerNode, p.gpus)!;
    return {
      error: propError(owner, prop, shown,
        `puts the ${what} (${podText(pod)}) on NodePool ${p.pool.poolName}, and its ${res} does not fit one node (usable per node, allocatable minus DaemonSets: ${usableText(p.pool.usablePerNode)})`,
        what.startsWith('driver') || what.startsWith('executor')
          ? `make the ${what.split(' ')[0]} smaller (ExecutorSizing.forPool sizes executors for a pool) or use a larger node shape`
          : 'make the pod smaller or use a larger node shape').message,
    };
  }
  return { pool: fitting };
}

/**
 * Checks the driver and executor pods of every app against the declared pools: a placed pod must
 * select a pool, tolerate its taints, find GPUs if it asks for them, and fit one node. Returns
 * the errors (full messages) and where each placed pod lands.
 */
export function checkApps(apps: ISparkApp[], pools: PoolFacts[]): { errors: string[]; landings: RoleLanding[] } {
  const errors: string[] = [];
  const landings: RoleLanding[] = [];
  for (const app of apps) {
    const res = resourcesOf(app);
    if (!res) continue;
    const owner = constructLabel('SparkApp', app);
    for (const role of [SparkRole.DRIVER, SparkRole.EXECUTOR]) {
      const placement = app.placementOf(role);
      if (!isPlaced(placement)) continue;
      const pod = role === SparkRole.DRIVER ? res.driver : res.executor;
      const r = checkPod(owner, `${role} pod`, `${role} placement`, `placement: { ${role === SparkRole.DRIVER ? 'driver' : 'executors'}: pool }`, placement, pod, pools);
      if (r.error) errors.push(r.error);
      else landings.push({ app, role, pod, pool: r.pool! });
    }
  }
  return { errors, landings };
}

/**
 * Checks the other pods the library places the same way (a DaemonSet's pod needs no pool that
 * it selects when it has no node selector: it goes to every node that it tolerates).
 */
export function checkPlacedPods(placed: PlacedPod[], pools: PoolFacts[]): string[] {
  const errors: string[] = [];
  for (const p of placed) {
    if (!isPlaced(p.placement)) continue;
    if (p.daemonSet) {
      // It runs on each selected node it tolerates; a node selector must select a pool.
      const selected = pools.filter(f => selects(p.placement, f));
      if (selected.length === 0) {
        errors.push(propError(p.owner, `${p.what} placement`, placementShown(p.placement), `matches no declared NodePool (declared: ${pools.map(f => f.pool.poolName).join(', ')})`,
          `select a pool's labels, or use ${p.fix}`).message);
      }
      continue;
    }
    const r = checkPod(p.owner, `${p.what} pod`, `${p.what} placement`, p.fix, p.placement, p.pod, pools);
    if (r.error) errors.push(r.error);
  }
  return errors;
}
