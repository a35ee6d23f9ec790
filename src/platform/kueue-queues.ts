import { IConstruct } from 'constructs';
import { NodePool } from './node-pool';
import { mebibytesToQuantity, millisToQuantity } from '../core/model';
import { appRegistry } from '../core/registry';
import { ResourceTotals } from '../core/resources';
import { dropUndefined } from '../core/util';

/**
 * Kueue objects of SchedulerQueues (see its doc): ResourceFlavors from the NodePools, a
 * ClusterQueue per tenant, and the LocalQueues of the App. Internal: not exported from index.ts.
 */

/** Kueue's API version of the objects (the storage version of Kueue 0.19). */
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';
/** The flavor when no NodePool is declared (the name Kueue's documentation uses). */
export const DEFAULT_FLAVOR = 'default-flavor';
/** Kueue's limit of nodeTaints per ResourceFlavor (CRD maxItems). */
export const MAX_FLAVOR_TAINTS = 8;

/** A ResourceFlavor's spec (kueue.x-k8s.io/v1beta2). */
export interface KueueResourceFlavorSpec {
  readonly nodeLabels?: { [key: string]: string };
  readonly nodeTaints?: Array<{ key: string; value?: string; effect: string }>;
}

/** One flavor: its name and spec. */
export interface KueueFlavor {
  readonly name: string;
  readonly spec: KueueResourceFlavorSpec;
}

/** A ClusterQueue's spec (kueue.x-k8s.io/v1beta2), the fields SchedulerQueues sets. */
export interface KueueClusterQueueSpec {
  readonly namespaceSelector: { matchLabels: { [key: string]: string } };
  readonly cohortName?: string;
  readonly resourceGroups: Array<{
    coveredResources: string[];
    flavors: Array<{ name: string; resources: Array<{ name: string; nominalQuota: string }> }>;
  }>;
}

/** A tenant's quota as Kueue resources: name → figure in the library's units (CPU millis, memory MiB). */
export interface KueueQuota {
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly extendedResources: { [name: string]: number };
}

/** The flavors of the pools (sorted by pool name), or the one default flavor when there is none. */
export function flavorsOf(pools: NodePool[]): KueueFlavor[] {
  if (pools.length === 0) return [{ name: DEFAULT_FLAVOR, spec: {} }];
  return [...pools].sort((a, b) => cmp(a.poolName, b.poolName)).map(p => ({
    name: p.poolName,
    spec: dropUndefined({
      nodeLabels: { ...p.selectorLabels },
      // The nodes' taints: Kueue gives a pod set this flavor only when the pods tolerate them. No
      // `tolerations` (Kueue would add them to every admitted pod): apps placed on the pool already
      // tolerate its taints, and an app not placed there should not land on it.
      nodeTaints: p.taints.length > 0 ? p.taints.map(t => dropUndefined({ key: t.key, value: t.value, effect: t.effect as string })) : undefined,
    }) as KueueResourceFlavorSpec,
  }));
}

/** Every NodePool of the App. */
export function nodePoolsOf(scope: IConstruct): NodePool[] {
  return scope.node.root.node.findAll().filter((c): c is NodePool => c instanceof NodePool);
}

/**
 * The ClusterQueue of a tenant: one resource group covering cpu, memory and the quota's extended
 * resources (sorted), every flavor with the tenant's whole quota as its nominal quota.
 */
export function clusterQueueSpec(namespace: string, quota: KueueQuota, flavors: KueueFlavor[], cohort?: string): KueueClusterQueueSpec {
  const resources = kueueResources(quota);
  return dropUndefined({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    cohortName: cohort,
    resourceGroups: [{
      coveredResources: resources.map(r => r.name),
      // Same order as coveredResources (Kueue requires it).
      flavors: flavors.map(f => ({ name: f.name, resources: resources.map(r => ({ ...r })) })),
    }],
  }) as KueueClusterQueueSpec;
}

/** cpu, memory, then the extended resources sorted, with their nominal quota. */
export function kueueResources(q: KueueQuota): Array<{ name: string; nominalQuota: string }> {
  return [
    { name: 'cpu', nominalQuota: millisToQuantity(q.cpuMillis) },
    { name: 'memory', nominalQuota: mebibytesToQuantity(q.memoryMebibytes) },
    ...Object.keys(q.extendedResources).sort().map(k => ({ name: k, nominalQuota: `${q.extendedResources[k]}` })),
  ];
}

/** What exceeds the quota of one flavor, e.g. `CPU 7 > 4`, and resources it does not cover. */
export function gangOverQuota(gang: Pick<ResourceTotals, 'cpuRequestMillis' | 'memoryRequestMebibytes' | 'extendedResources'>, q: KueueQuota): string[] {
  const over: string[] = [];
  if (gang.cpuRequestMillis > q.cpuMillis) over.push(`CPU ${millisToQuantity(gang.cpuRequestMillis)} > ${millisToQuantity(q.cpuMillis)}`);
  if (gang.memoryRequestMebibytes > q.memoryMebibytes) over.push(`memory ${mebibytesToQuantity(gang.memoryRequestMebibytes)} > ${mebibytesToQuantity(q.memoryMebibytes)}`);
  for (const k of Object.keys(gang.extendedResources).sort()) {
    const want = gang.extendedResources[k];
    if (want <= 0) continue;
    const have = q.extendedResources[k];
    if (have === undefined) over.push(`${k} ${want} (not a resource of the ClusterQueue)`);
    else if (want > have) over.push(`${k} ${want} > ${have}`);
  }
  return over;
}

/**
 * The LocalQueues defined in this cdk8s App, `<namespace>/<name>` → ClusterQueue. GangScheduler.kueue
 * (features layer) records the LocalQueues it defines here too, so that one LocalQueue is defined
 * once whoever comes first.
 */
export function kueueLocalQueues(scope: IConstruct): Map<string, string> {
  return appRegistry<Map<string, string>>(scope, 'kueue-local-queues', () => new Map());
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
