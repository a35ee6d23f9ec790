import { ApiObject, Lazy, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  clusterQueueSpec, flavorsOf, gangOverQuota, KUEUE_API_VERSION, KueueFlavor, KueueQuota, kueueLocalQueues, MAX_FLAVOR_TAINTS, nodePoolsOf,
} from './kueue-queues';
import { appsOf, gangOf, resourcesOrUndefined } from './platform-facts';
import { NAMESPACE } from './platform-shapes';
import { SparkNamespace } from './spark-namespace';
import { bool, checkProps, defineShape, objectName, str, struct, Shape } from '../core/check';
import { constructLabel, formatValue, propError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { addTotals, cpuMillis, mebibytesToQuantity, millisToQuantity, podTotals, quantityMebibytes } from '../core/model';
import { printWarningsOnSynth } from '../core/warn';

/** YuniKorn queue configuration options. */
export interface YunikornQueueOptions {
  /**
   * Namespace YuniKorn runs in (where its `yunikorn-configs` ConfigMap lives).
   * @default "yunikorn"
   */
  readonly namespace?: string;
  /**
   * Partition name.
   * @default "default"
   */
  readonly partition?: string;
}

/** Kueue queue options. */
export interface KueueQueueOptions {
  /**
   * Cohort of every tenant's ClusterQueue (`spec.cohortName`): ClusterQueues of one cohort may
   * lend each other unused nominal quota. No borrowing limit is set, so a tenant may borrow up to
   * its namespace's ResourceQuota, which still caps what its pods request.
   * @default - none (no cohort, no borrowing)
   */
  readonly cohort?: string;
}

/** Props of SchedulerQueues. */
export interface SchedulerQueuesProps {
  /**
   * YuniKorn's queue configuration: the `yunikorn-configs` ConfigMap with `queues.yaml`, a queue
   * `root.<namespace>` per tenant.
   * @default - none
   */
  readonly yunikorn?: YunikornQueueOptions;
  /**
   * A Volcano `Queue` per tenant, named after its namespace.
   * @default false
   */
  readonly volcano?: boolean;
  /**
   * Kueue (`kueue.x-k8s.io/v1beta2`): a ResourceFlavor per NodePool of the App (or one
   * `default-flavor` without pools), and per tenant a ClusterQueue and a LocalQueue, both named
   * after its namespace.
   * @default - none
   */
  readonly kueue?: KueueQueueOptions;
}

const SHAPE: Shape = defineShape('SchedulerQueuesProps', {
  yunikorn: struct('YunikornQueueOptions', { namespace: NAMESPACE, partition: str() }),
  volcano: bool(),
  kueue: struct('KueueQueueOptions', { cohort: objectName('cohort') }),
});

/** One tenant's queue figures: the quota's requests in the library's units. */
export interface TenantQueue {
  /** The tenant's namespace. */
  readonly namespace: string;
  /** The YuniKorn queue path (`root.<namespace>`), or the Volcano queue or Kueue ClusterQueue name. */
  readonly queue: string;
  /** CPU in millicores, when the quota constrains requests.cpu. */
  readonly cpuMillis?: number;
  /** Memory in MiB, when the quota constrains requests.memory. */
  readonly memoryMebibytes?: number;
  /** Pods, when the quota constrains them. */
  readonly pods?: number;
  /** Extended resources (e.g. nvidia.com/gpu) by name. */
  readonly extendedResources: { [name: string]: number };
}

/**
 * Scheduler queues generated from the tenants: every SparkNamespace of the App with a quota gets a
 * queue whose guaranteed and maximum resources are its quota's requests (the quota is both what
 * the tenant is promised and its cap).
 *
 * - YuniKorn: the `yunikorn-configs` ConfigMap's `queues.yaml`: partition `default` with queues
 *   `root.<namespace>`, and placement rules `provided` (the queue label an app sets, as
 *   GangScheduler.yunikorn does) then `tag` on the namespace, neither creating queues; so every
 *   app lands in a declared queue.
 * - Volcano: a cluster-scoped `Queue` per tenant with `capability` from its quota.
 * - Kueue: a `ResourceFlavor` per NodePool of the App, named after the pool, with the pool's labels
 *   as `nodeLabels` and its taints as `nodeTaints` (Kueue assigns the flavor only to pods that
 *   tolerate them; no `tolerations` are added, apps placed on a pool carry them already), or one
 *   `default-flavor` when no pool is declared. Per tenant, a `ClusterQueue` named after the
 *   namespace, admitting that namespace only (`namespaceSelector` on `kubernetes.io/metadata.name`),
 *   optionally in a cohort, with one resource group covering cpu, memory and the quota's extended
 *   resources (GPUs). Quota rule: every flavor's `nominalQuota` is the tenant's whole quota
 *   (requests.cpu, requests.memory, requests.<extended>), since Kueue gives a pod set the flavor its
 *   node selector matches, so an app may run on any one pool up to the tenant's quota; the
 *   namespace's ResourceQuota still caps the total over all pools. The quota must constrain
 *   requests.cpu and requests.memory (Kueue admits no pod asking for a resource its ClusterQueue
 *   does not cover). And per tenant a `LocalQueue` named after the namespace pointing at its
 *   ClusterQueue, unless GangScheduler.kueue (with clusterQueue) defines that LocalQueue already,
 *   before or after: one LocalQueue is defined once.
 *
 * Apps that use a gang scheduler are checked at synthesis: their queue must be one of these (or
 * Volcano's built-in `default`; for Kueue, a LocalQueue of the App in the app's namespace that
 * points at one of these ClusterQueues, admitting that namespace), and their gang (driver + initial
 * executors, each with its exact requests) must fit the queue's maximum (Kueue: one flavor's
 * nominal quota).
 */
export class SchedulerQueues extends Construct {
  /** The YuniKorn ConfigMap, if defined. */
  public readonly yunikornConfigMap?: ApiObject;
  /** The Volcano Queues. */
  public readonly volcanoQueues: ApiObject[] = [];
  /** The Kueue ResourceFlavors. */
  public readonly kueueResourceFlavors: ApiObject[] = [];
  /** The Kueue ClusterQueues. */
  public readonly kueueClusterQueues: ApiObject[] = [];
  /** The Kueue LocalQueues this construct defines (not those GangScheduler.kueue defines). */
  public readonly kueueLocalQueues: ApiObject[] = [];

  private readonly owner: string;
  private readonly props: SchedulerQueuesProps;
  private readonly volcanoNames = new Set<string>();
  private readonly kueueFlavors: KueueFlavor[] = [];
  private readonly kueueQuotas = new Map<string, KueueQuota>();

  constructor(scope: Construct, id: string, props: SchedulerQueuesProps = {}) {
    super(scope, id);
    this.owner = constructLabel('SchedulerQueues', this);
    checkProps({ owner: this.owner, scope: this }, props, 'SchedulerQueuesProps', SHAPE);
    this.props = props ?? {};
    if (!this.props.yunikorn && !this.props.volcano && !this.props.kueue) {
      throw propError(this.owner, 'yunikorn', undefined, 'volcano and kueue are all unset, so there is nothing to define', 'give yunikorn: {}, volcano: true or kueue: {}');
    }
    const labels = { 'app.kubernetes.io/component': 'scheduler-queues', ...MANAGED_BY };
    if (this.props.yunikorn) {
      this.yunikornConfigMap = new k8s.KubeConfigMap(this, 'YunikornConfigs', {
        metadata: { name: 'yunikorn-configs', namespace: this.props.yunikorn.namespace ?? 'yunikorn', labels },
        // Read when rendered, after every namespace and app exists.
        data: { 'queues.yaml': Lazy.any({ produce: () => this.yunikornQueuesYaml() }) as unknown as string },
      });
    }
    if (this.props.volcano) {
      // Cluster-scoped objects cannot be added at synthesis: the tenants declared so far get one;
      // a tenant declared later is reported by the validation below.
      for (const t of this.tenants('volcano')) {
        this.volcanoQueues.push(new ApiObject(this, `VolcanoQueue-${t.namespace}`, {
          apiVersion: 'scheduling.volcano.sh/v1beta1',
          kind: 'Queue',
          metadata: { name: t.queue, labels: { ...labels, 'app.kubernetes.io/part-of': t.namespace } },
          spec: { capability: volcanoResources(t), reclaimable: false, weight: 1 },
        }));
        this.volcanoNames.add(t.queue);
      }
    }
    if (this.props.kueue) this.defineKueue(labels);
    this.node.addValidation({ validate: () => this.appErrors() });
    printWarningsOnSynth(this);
  }

  /** Every tenant with a quota and its queue figures, sorted by namespace. */
  public tenants(scheduler: 'yunikorn' | 'volcano' | 'kueue' = 'yunikorn'): TenantQueue[] {
    const namespaces = this.node.root.node.findAll().filter((c): c is SparkNamespace => c instanceof SparkNamespace);
    return namespaces.map(ns => {
      const q = ns.capacityReport().quota;
      const ext: { [name: string]: number } = {};
      for (const [k, v] of Object.entries(q)) if (k.startsWith('requests.') && k.includes('/')) ext[k.slice('requests.'.length)] = Number(v);
      return {
        namespace: ns.namespaceName,
        queue: scheduler === 'yunikorn' ? `root.${ns.namespaceName}` : ns.namespaceName,
        cpuMillis: q['requests.cpu'] !== undefined ? cpuMillis(q['requests.cpu']) : undefined,
        memoryMebibytes: q['requests.memory'] !== undefined ? quantityMebibytes(q['requests.memory']) : undefined,
        pods: q.pods !== undefined ? Number(q.pods) : undefined,
        extendedResources: ext,
      };
    }).filter(t => t.cpuMillis !== undefined || t.memoryMebibytes !== undefined || t.pods !== undefined
      || Object.keys(t.extendedResources).length > 0)
      .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  }

  /** YuniKorn's `queues.yaml`. */
  public yunikornQueuesYaml(): string {
    const queues = this.tenants('yunikorn').map(t => {
      const r = yunikornResources(t);
      return { name: t.namespace, resources: { guaranteed: { ...r }, max: { ...r } } };
    });
    return Yaml.stringify({
      partitions: [{
        name: this.props.yunikorn?.partition ?? 'default',
        placementrules: [
          { name: 'provided', create: false },
          { name: 'tag', value: 'namespace', create: false },
        ],
        queues: [{ name: 'root', submitacl: '*', queues }],
      }],
    });
  }

  /** The Kueue ResourceFlavor names, in the order the ClusterQueues list them (empty without kueue). */
  public kueueFlavorNames(): string[] {
    return this.kueueFlavors.map(f => f.name);
  }

  private defineKueue(labels: { [key: string]: string }) {
    // Cluster-scoped objects from what is declared so far; pools or tenants declared later are
    // reported by the validation below.
    for (const p of nodePoolsOf(this)) {
      if (p.taints.length > MAX_FLAVOR_TAINTS) {
        throw propError(this.owner, 'kueue', this.props.kueue, `cannot define a ResourceFlavor for NodePool ${p.poolName}: it has ${p.taints.length} taints and Kueue takes at most ${MAX_FLAVOR_TAINTS}`,
          `give NodePool ${p.poolName} at most ${MAX_FLAVOR_TAINTS} taints`);
      }
    }
    this.kueueFlavors.push(...flavorsOf(nodePoolsOf(this)));
    for (const f of this.kueueFlavors) {
      this.kueueResourceFlavors.push(new ApiObject(this, `KueueResourceFlavor-${f.name}`, {
        apiVersion: KUEUE_API_VERSION,
        kind: 'ResourceFlavor',
        metadata: { name: f.name, labels },
        spec: f.spec,
      }));
    }
    const localQueues = kueueLocalQueues(this);
    for (const t of this.tenants('kueue')) {
      if (t.cpuMillis === undefined || t.memoryMebibytes === undefined) {
        const missing = t.cpuMillis === undefined ? 'cpuRequests' : 'memoryRequests';
        throw propError(this.owner, 'kueue', this.props.kueue, `cannot define a ClusterQueue for namespace ${t.namespace}: its quota sets no ${missing}, and Kueue admits no pod that asks for a resource its ClusterQueue does not cover`,
          `set quota.cpuRequests and quota.memoryRequests of the SparkNamespace ${t.namespace}`);
      }
      const quota: KueueQuota = { cpuMillis: t.cpuMillis, memoryMebibytes: t.memoryMebibytes, extendedResources: { ...t.extendedResources } };
      this.kueueQuotas.set(t.queue, quota);
      const partOf = { ...labels, 'app.kubernetes.io/part-of': t.namespace };
      this.kueueClusterQueues.push(new ApiObject(this, `KueueClusterQueue-${t.namespace}`, {
        apiVersion: KUEUE_API_VERSION,
        kind: 'ClusterQueue',
        metadata: { name: t.queue, labels: partOf },
        spec: clusterQueueSpec(t.namespace, quota, this.kueueFlavors, this.props.kueue?.cohort),
      }));
      const key = `${t.namespace}/${t.queue}`;
      if (localQueues.has(key)) continue; // GangScheduler.kueue defined it (checked below)
      localQueues.set(key, t.queue);
      this.kueueLocalQueues.push(new ApiObject(this, `KueueLocalQueue-${t.namespace}`, {
        apiVersion: KUEUE_API_VERSION,
        kind: 'LocalQueue',
        metadata: { name: t.queue, namespace: t.namespace, labels: { ...partOf, 'app.kubernetes.io/component': 'local-queue' } },
        spec: { clusterQueue: t.queue },
      }));
    }
  }

  private kueueErrors(): string[] {
    const errors: string[] = [];
    const flavors = new Set(this.kueueFlavors.map(f => f.name));
    for (const p of nodePoolsOf(this).filter(x => !flavors.has(x.poolName))) {
      errors.push(propError(this.owner, 'kueue', this.props.kueue, `defines no ResourceFlavor for NodePool ${p.poolName}, declared after the SchedulerQueues`,
        'create the SchedulerQueues after the NodePools').message);
    }
    for (const t of this.tenants('kueue').filter(x => !this.kueueQuotas.has(x.queue))) {
      errors.push(propError(this.owner, 'kueue', this.props.kueue, `defines no ClusterQueue for namespace ${t.namespace}, declared after the SchedulerQueues`,
        'create the SchedulerQueues after the SparkNamespaces').message);
    }
    const localQueues = kueueLocalQueues(this);
    for (const app of appsOf(this.node.root)) {
      const g = gangOf(app);
      if (!g || g.scheduler !== 'kueue') continue;
      const who = constructLabel('SparkApp', app);
      const key = `${app.namespace}/${g.queue}`;
      const cq = localQueues.get(key);
      if (cq === undefined) {
        const here = [...localQueues.keys()].filter(k => k.startsWith(`${app.namespace}/`)).map(k => k.slice(app.namespace.length + 1)).sort();
        errors.push(propError(who, 'gangScheduler queueName', g.queue, `is not a Kueue LocalQueue of namespace ${app.namespace} in the App (LocalQueues there: ${here.join(', ') || 'none'})`,
          `use ${formatValue(app.namespace)}, the LocalQueue ${this.owner} defines for the app's namespace`).message);
        continue;
      }
      const quota = this.kueueQuotas.get(cq);
      if (!quota) {
        errors.push(propError(who, 'gangScheduler queueName', g.queue, `is LocalQueue ${key} of ClusterQueue ${formatValue(cq)}, which is not a ClusterQueue of ${this.owner} (ClusterQueues: ${[...this.kueueQuotas.keys()].join(', ') || 'none'})`,
          `point the LocalQueue at ${formatValue(app.namespace)} (GangScheduler.kueue clusterQueue), the ClusterQueue of the app's namespace`).message);
        continue;
      }
      if (cq !== app.namespace) {
        errors.push(propError(who, 'gangScheduler queueName', g.queue, `is LocalQueue ${key} of ClusterQueue ${formatValue(cq)}, which admits only namespace ${cq}, so Kueue would never admit the app`,
          `point the LocalQueue at ${formatValue(app.namespace)} (GangScheduler.kueue clusterQueue), the ClusterQueue of the app's namespace`).message);
        continue;
      }
      const r = resourcesOrUndefined(app);
      if (!r) continue;
      const over = gangOverQuota(addTotals(podTotals(r.driver, 1), podTotals(r.executor, r.initialExecutors)), quota);
      if (over.length > 0) {
        errors.push(propError(who, 'gangScheduler queueName', g.queue, `cannot hold the app's gang (driver + ${r.initialExecutors} executors) in the nominal quota of ClusterQueue ${cq}: ${over.join(', ')}, so Kueue would never admit it`,
          `lower the executors or their size, or raise the quota of namespace ${cq}`).message);
      }
    }
    return errors;
  }

  private appErrors(): string[] {
    const errors: string[] = this.props.kueue ? this.kueueErrors() : [];
    if (this.props.volcano) {
      for (const t of this.tenants('volcano').filter(x => !this.volcanoNames.has(x.queue))) {
        errors.push(propError(this.owner, 'volcano', true, `defines no Queue for namespace ${t.namespace}, declared after the SchedulerQueues`,
          'create the SchedulerQueues after the SparkNamespaces').message);
      }
    }
    for (const app of appsOf(this.node.root)) {
      const g = gangOf(app);
      if (!g || g.scheduler === 'kueue') continue;
      if ((g.scheduler === 'yunikorn' && !this.props.yunikorn) || (g.scheduler === 'volcano' && !this.props.volcano)) continue;
      if (g.scheduler === 'volcano' && g.queue === 'default') continue; // Volcano's built-in queue
      const tenants = this.tenants(g.scheduler as 'yunikorn' | 'volcano');
      const t = tenants.find(x => x.queue === g.queue);
      const who = constructLabel('SparkApp', app);
      if (!t) {
        const kind = g.scheduler === 'yunikorn' ? 'YuniKorn' : 'Volcano';
        errors.push(propError(who, 'gangScheduler queue', g.queue, `is not a ${kind} queue of ${this.owner} (queues: ${tenants.map(x => x.queue).join(', ') || 'none'})`,
          `use ${formatValue(g.scheduler === 'yunikorn' ? `root.${app.namespace}` : app.namespace)}, the queue of the app's namespace`).message);
        continue;
      }
      const r = resourcesOrUndefined(app);
      if (!r) continue;
      const gang = addTotals(podTotals(r.driver, 1), podTotals(r.executor, r.initialExecutors));
      const over: string[] = [];
      if (t.cpuMillis !== undefined && gang.cpuRequestMillis > t.cpuMillis) over.push(`CPU ${millisToQuantity(gang.cpuRequestMillis)} > ${millisToQuantity(t.cpuMillis)}`);
      if (t.memoryMebibytes !== undefined && gang.memoryRequestMebibytes > t.memoryMebibytes) over.push(`memory ${mebibytesToQuantity(gang.memoryRequestMebibytes)} > ${mebibytesToQuantity(t.memoryMebibytes)}`);
      if (t.pods !== undefined && gang.pods > t.pods) over.push(`pods ${gang.pods} > ${t.pods}`);
      if (over.length > 0) {
        errors.push(propError(who, 'gangScheduler queue', g.queue, `cannot hold the app's gang (driver + ${r.initialExecutors} executors): ${over.join(', ')}, so it would never be admitted`,
          `lower the executors or their size, or raise the quota of namespace ${t.namespace}`).message);
      }
    }
    return errors;
  }
}

function yunikornResources(t: TenantQueue): { [k: string]: string } {
  const r: { [k: string]: string } = {};
  if (t.memoryMebibytes !== undefined) r.memory = mebibytesToQuantity(t.memoryMebibytes);
  for (const [k, v] of Object.entries(t.extendedResources).sort()) r[k] = `${v}`;
  if (t.pods !== undefined) r.pods = `${t.pods}`;
  if (t.cpuMillis !== undefined) r.vcore = millisToQuantity(t.cpuMillis);
  return r;
}

function volcanoResources(t: TenantQueue): { [k: string]: string } {
  const r: { [k: string]: string } = {};
  if (t.cpuMillis !== undefined) r.cpu = millisToQuantity(t.cpuMillis);
  if (t.memoryMebibytes !== undefined) r.memory = mebibytesToQuantity(t.memoryMebibytes);
  for (const [k, v] of Object.entries(t.extendedResources).sort()) r[k] = `${v}`;
  if (t.pods !== undefined) r.pods = `${t.pods}`;
  return r;
}
