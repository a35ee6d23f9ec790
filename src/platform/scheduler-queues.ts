import { ApiObject, Lazy, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { appsOf, gangOf, resourcesOrUndefined } from './platform-facts';
import { NAMESPACE } from './platform-shapes';
import { SparkNamespace } from './spark-namespace';
import { bool, checkProps, defineShape, str, struct, Shape } from '../core/check';
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
}

const SHAPE: Shape = defineShape('SchedulerQueuesProps', {
  yunikorn: struct('YunikornQueueOptions', { namespace: NAMESPACE, partition: str() }),
  volcano: bool(),
});

/** One tenant's queue figures: the quota's requests in the library's units. */
export interface TenantQueue {
  /** The tenant's namespace. */
  readonly namespace: string;
  /** The YuniKorn queue path (`root.<namespace>`), or the Volcano queue name. */
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
 *
 * Apps that use a gang scheduler are checked at synthesis: their queue must be one of these (or
 * Volcano's built-in `default`), and their gang (driver + initial executors, each with its exact
 * requests) must fit the queue's maximum. Kueue is not generated here: GangScheduler.kueue defines
 * an app's LocalQueue itself.
 */
export class SchedulerQueues extends Construct {
  /** The YuniKorn ConfigMap, if defined. */
  public readonly yunikornConfigMap?: ApiObject;
  /** The Volcano Queues. */
  public readonly volcanoQueues: ApiObject[] = [];

  private readonly owner: string;
  private readonly props: SchedulerQueuesProps;
  private readonly volcanoNames = new Set<string>();

  constructor(scope: Construct, id: string, props: SchedulerQueuesProps = {}) {
    super(scope, id);
    this.owner = constructLabel('SchedulerQueues', this);
    checkProps({ owner: this.owner, scope: this }, props, 'SchedulerQueuesProps', SHAPE);
    this.props = props ?? {};
    if (!this.props.yunikorn && !this.props.volcano) {
      throw propError(this.owner, 'yunikorn', undefined, 'and volcano are both unset, so there is nothing to define', 'give yunikorn: {} or volcano: true');
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
    this.node.addValidation({ validate: () => this.appErrors() });
    printWarningsOnSynth(this);
  }

  /** Every tenant with a quota and its queue figures, sorted by namespace. */
  public tenants(scheduler: 'yunikorn' | 'volcano' = 'yunikorn'): TenantQueue[] {
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

  private appErrors(): string[] {
    const errors: string[] = [];
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
