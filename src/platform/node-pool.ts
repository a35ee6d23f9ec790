import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AllocatableBreakdown, AllocatableProfile } from './node-allocatable';
import {
  checkApps, checkPlacedPods, isPlaced, isSparkApp, placedPodsIn, PoolFacts, resourcesOf, RoleLanding, selects, taintText, tolerationsFor,
  untolerated,
} from './node-pool-checks';
import {
  CapacityType, CpuManagerPolicy, INodePool, KarpenterConsolidationPolicy, NodePoolPlacement, NodePoolProps, NodeResources, NodeTaint,
} from './node-pool-props';
import { NODE_POOL_PLACEMENT, NODE_POOL_PROPS_SHAPE } from './node-pool-shapes';
import { NodeCloud, NodeShape } from './node-shape';
import { ExecutorSizing, PackingReport } from './packing';
import { packExecutors, renderPackingTable } from './packing-table';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructLabel, formatValue, propError } from '../core/errors';
import { MANAGED_BY, sparkDriverSelector } from '../core/labels';
import { millisToQuantity } from '../core/model';
import { PodPlacement } from '../core/pod';
import { appRegistry } from '../core/registry';
import { SparkRole } from '../core/resources';
import { SparkPods } from '../core/types';
import { checkArg, dns1123LabelProblem, nameFromId, sizeToMebibytes } from '../core/util';
import { addWarningProducer, printWarningsOnSynth } from '../core/warn';

/** The Karpenter API version of the NodePool objects. */
const KARPENTER_API_VERSION = 'karpenter.sh/v1';
/** The label that names a pool when the user gives no labels. */
const POOL_LABEL = 'node-pool.cdk8s-spark.io/name';
/** Karpenter leaves nodes with a pod carrying this annotation alone (consolidation, drift, expiry). */
const DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';
/** The well-known node label of a node's zone. */
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** What the matcher reads of each pool (kept off the public surface). */
const FACTS = new WeakMap<NodePool, PoolFacts>();

/** Every pool of the App, and the one App-wide check of the apps against them. */
function poolsOf(scope: IConstruct): NodePool[] {
  return appRegistry<NodePool[]>(scope, 'node-pools', () => {
    const root = scope.node.root;
    root.node.addValidation({ validate: () => analyse(root).errors });
    return [];
  });
}

/** The checks of every app against the pools of the App (recomputed at each validation). */
function analyse(root: IConstruct): { errors: string[]; landings: RoleLanding[] } {
  const pools = poolsOf(root);
  if (pools.length === 0) return { errors: [], landings: [] };
  const all = root.node.findAll();
  const facts = pools.map(p => FACTS.get(p)!);
  const result = checkApps(all.filter(isSparkApp), facts);
  return { errors: [...result.errors, ...checkPlacedPods(placedPodsIn(root), facts)], landings: result.landings };
}

/**
 * A pool of identical nodes the Spark pods run on: its node shape, what a node offers to pods
 * (allocatable by the provider's published formula, minus the DaemonSets), labels, taints,
 * capacity type, zones and size limits; optionally a Karpenter `karpenter.sh/v1` NodePool.
 *
 * Apps go on a pool with their `placement` prop (`{ driver: core, executors: spotMemory }`):
 * the pool's labels as node selector, tolerations for its taints, `karpenter.sh/do-not-disrupt`
 * on drivers of pools Karpenter disrupts. At synthesis, every app pod that has a node selector or
 * required node affinity is checked against the App's pools: it must select one, tolerate its
 * taints, find GPUs when it asks for them and fit one node (CPU, memory, ephemeral storage,
 * GPUs). Warnings: an untainted GPU pool, a Karpenter pool without disruption budgets, apps
 * whose peaks exceed the pool's maximum, executors that leave more than 20% of a node idle
 * (with a size that packs it), non-Guaranteed executors on a static CPU manager pool.
 */
export class NodePool extends Construct implements INodePool {
  /** Packing reports of every pool under a construct (e.g. an App) as a text table; empty without pools. */
  public static packingTable(scope: IConstruct): string {
    const pools = scope.node.findAll().filter((c): c is NodePool => c instanceof NodePool);
    return renderPackingTable(pools.flatMap(p => p.packingReports()));
  }

  /** Pool name. */
  public readonly poolName: string;
  /** The node shape. */
  public readonly shape: NodeShape;
  /** What one node keeps for itself and what is allocatable. */
  public readonly allocatable: AllocatableBreakdown;
  /** What one node offers to workload pods: allocatable minus the DaemonSets. */
  public readonly usablePerNode: NodeResources;
  /** Node labels that select the pool (the pods' node selector). */
  public readonly selectorLabels: { [key: string]: string };
  /** Taints of the nodes. */
  public readonly taints: NodeTaint[];
  /** Zones of the nodes (empty: any). */
  public readonly zones: string[];
  /** Capacity type. */
  public readonly capacityType: CapacityType;
  /** Whether Karpenter disrupts the nodes voluntarily (consolidation, drift, expiry). */
  public readonly consolidates: boolean;
  /** The Karpenter NodePool, when the pool has Karpenter output. */
  public readonly apiObject?: ApiObject;

  private readonly owner: string;
  private readonly props: NodePoolProps;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.owner = constructLabel('NodePool', this);
    checkProps({ owner: this.owner, scope: this }, props, 'NodePoolProps', NODE_POOL_PROPS_SHAPE);
    this.props = props;
    this.poolName = props.name ?? nameFromId(id);
    const problem = dns1123LabelProblem(this.poolName);
    if (problem) throw propError(this.owner, 'name', this.poolName, problem, 'use a name such as "spot-memory"');
    this.shape = props.shape;
    this.taints = [...(props.taints ?? [])];
    this.zones = [...(props.zones ?? [])];
    this.capacityType = props.capacityType ?? CapacityType.ON_DEMAND;
    this.consolidates = props.karpenter !== undefined;
    this.selectorLabels = props.labels && Object.keys(props.labels).length ? { ...props.labels } : { [POOL_LABEL]: this.poolName };
    this.validateProps(props);

    const profile = props.allocatable ?? defaultProfile(this.shape);
    if (!profile) {
      throw propError(this.owner, 'allocatable', undefined, `must be given for a shape without a cloud (${this.shape.describe()})`,
        'use AllocatableProfile.eks(), .gke(), .aks() or .explicit({ cpu, memory })');
    }
    const disk = props.nvmeEphemeralStorage ? this.shape.nvmeDisks * this.shape.nvmeDiskMebibytes : this.shape.bootDiskMebibytes;
    this.allocatable = profile.compute(this.shape, disk);
    const ds = props.daemonSetOverhead;
    const mib = (p: string, s: any) => (s ? sizeToMebibytes(this.owner, p, s) : 0);
    this.usablePerNode = {
      cpuMillis: this.allocatable.cpuMillis - (ds?.cpu.millicores ?? 0),
      memoryMebibytes: this.allocatable.memoryMebibytes - mib('daemonSetOverhead.memory', ds?.memory),
      ephemeralStorageMebibytes: this.allocatable.ephemeralStorageMebibytes - mib('daemonSetOverhead.ephemeralStorage', ds?.ephemeralStorage),
      pods: this.allocatable.pods - (ds?.pods ?? 0),
      gpus: this.shape.gpus,
    };
    if (this.usablePerNode.cpuMillis <= 0 || this.usablePerNode.memoryMebibytes <= 0 || this.usablePerNode.pods <= 0) {
      throw propError(this.owner, 'daemonSetOverhead', ds, `leaves nothing for pods on a node of ${this.shape.describe()} (allocatable ${millisToQuantity(this.allocatable.cpuMillis)} CPU, ${this.allocatable.memoryMebibytes}Mi memory, ${this.allocatable.pods} pods)`,
        'check the figures, or use a larger node shape');
    }

    if (props.karpenter) {
      this.apiObject = new ApiObject(this, 'Resource', {
        apiVersion: KARPENTER_API_VERSION,
        kind: 'NodePool',
        metadata: { name: this.poolName, labels: { ...MANAGED_BY } },
        spec: Lazy.any({ produce: () => this.renderKarpenter() }),
      });
    }

    FACTS.set(this, this.facts());
    poolsOf(this).push(this);
    addWarningProducer(this, () => this.warnings());
    printWarningsOnSynth(this);
  }

  /**
   * Packing of the executors of every app placed on this pool: executors per node, share of a
   * node's CPU and memory, idle per node, nodes and cost at the peak.
   */
  public packingReports(): PackingReport[] {
    const landings = analyse(this.node.root).landings;
    return landings.filter(l => l.pool.pool === this && l.role === SparkRole.EXECUTOR).map(l => {
      const res = resourcesOf(l.app)!;
      const driverHere = landings.some(d => d.app === l.app && d.role === SparkRole.DRIVER && d.pool.pool === this);
      return packExecutors(constructLabel('SparkApp', l.app), this.poolName, this.usablePerNode, l.pod, res.maxExecutors,
        driverHere ? res.driver : undefined, this.props.pricePerNodeHour);
    });
  }

  /**
   * Where a pod goes to land on this pool, in the library's one placement model: the pool's labels
   * as node selector and tolerations for its taints. The library's other pods take the pool
   * itself (CelebornCluster `placement`, DependencyVolume and SparkHistoryServer `nodePool`,
   * SparkLogShipping `nodePools`) and are then checked against the App's pools; this is for your own pods.
   */
  public podPlacement(): PodPlacement {
    return { nodeSelector: { ...this.selectorLabels }, tolerations: tolerationsFor(this.taints) };
  }

  /**
   * Executor cores and heap that fill a node of this pool with `executorsPerNode` executors
   * (same as `ExecutorSizing.forPool(this, { executorsPerNode })`).
   *
   * @param executorsPerNode executors per node
   */
  public sizeExecutors(executorsPerNode: number): ExecutorSizing {
    return ExecutorSizing.forPool(this, { executorsPerNode });
  }

  private facts(): PoolFacts {
    const nodeLabels: Record<string, string> = { ...this.selectorLabels, 'kubernetes.io/arch': this.shape.arch };
    if (this.shape.name) nodeLabels['node.kubernetes.io/instance-type'] = this.shape.name;
    if (this.props.karpenter) {
      nodeLabels['karpenter.sh/nodepool'] = this.poolName;
      nodeLabels['karpenter.sh/capacity-type'] = this.capacityType;
    }
    return { pool: this, nodeLabels, gpus: this.shape.gpus };
  }

  private validateProps(props: NodePoolProps) {
    const o = this.owner;
    if (props.pricePerNodeHour !== undefined && !(props.pricePerNodeHour >= 0 && Number.isFinite(props.pricePerNodeHour))) {
      throw propError(o, 'pricePerNodeHour', props.pricePerNodeHour, 'must be a finite number of at least 0', 'give the price of one node per hour, e.g. 1.008');
    }
    if (props.packingThreshold !== undefined && !(props.packingThreshold > 0 && props.packingThreshold <= 1)) {
      throw propError(o, 'packingThreshold', props.packingThreshold, 'must be above 0 and at most 1', 'give a share such as 0.8');
    }
    if (props.minNodes !== undefined && props.maxNodes !== undefined && props.minNodes > props.maxNodes) {
      throw propError(o, 'minNodes', props.minNodes, `is more than maxNodes ${props.maxNodes}`, 'lower minNodes or raise maxNodes');
    }
    if (props.nvmeEphemeralStorage && this.shape.nvmeDisks === 0) {
      throw propError(o, 'nvmeEphemeralStorage', true, `needs local NVMe disks, and ${this.shape.describe()} has none`, 'use an NVMe shape (e.g. m6id.4xlarge) or drop nvmeEphemeralStorage');
    }
    const zones = props.zones ?? [];
    zones.forEach((z, i) => {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(z) || z.length > 63) {
        throw propError(o, `zones[${i}]`, z, 'is not a zone name', 'use the cloud\'s zone name, e.g. "eu-west-1a"');
      }
    });
    if (new Set(zones).size !== zones.length) throw propError(o, 'zones', zones, 'lists a zone twice', 'list each zone once');
    const seen = new Set<string>();
    this.taints.forEach((t, i) => {
      const k = `${t.key}:${t.effect}`;
      if (seen.has(k)) throw propError(o, `taints[${i}]`, taintText(t), 'repeats a key and effect of another taint', 'give each key and effect once');
      seen.add(k);
    });
    if (props.karpenter) {
      for (const k of Object.keys(this.selectorLabels)) {
        const domain = k.includes('/') ? k.split('/')[0] : '';
        if (domain.endsWith('karpenter.sh') || k === 'kubernetes.io/hostname') {
          throw propError(o, 'labels key', k, 'is a label Karpenter reserves for itself (the NodePool is rejected)', `use a label of your own, e.g. "${POOL_LABEL}"`);
        }
      }
      const k = props.karpenter;
      for (const [prop, d] of [['karpenter.expireAfter', k.expireAfter], ['karpenter.consolidateAfter', k.consolidateAfter]] as Array<[string, Duration | undefined]>) {
        if (d !== undefined && (d.toMilliseconds() < 1000 || d.toMilliseconds() % 1000 !== 0)) {
          throw propError(o, prop, d, 'must be a whole number of seconds, at least one', 'use e.g. Duration.days(30) or Duration.minutes(5)');
        }
      }
      (k.budgets ?? []).forEach((b, i) => {
        if (!/^((100|[0-9]{1,2})%|[0-9]+)$/.test(b.nodes)) {
          throw propError(o, `karpenter.budgets[${i}].nodes`, b.nodes, 'must be a count or a percentage', 'use e.g. "10%" or "2"');
        }
        if ((b.schedule === undefined) !== (b.duration === undefined)) {
          throw propError(o, `karpenter.budgets[${i}].${b.schedule === undefined ? 'schedule' : 'duration'}`, undefined, `must be given with ${b.schedule === undefined ? 'duration' : 'schedule'}`,
            'give both (the budget is active for duration after each schedule time) or neither');
        }
        if (b.duration !== undefined && (b.duration.toMilliseconds() < 60000 || b.duration.toMilliseconds() % 60000 !== 0)) {
          throw propError(o, `karpenter.budgets[${i}].duration`, b.duration, 'must be a whole number of minutes, at least one', 'use e.g. Duration.hours(8)');
        }
        if (b.schedule !== undefined && !/^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/.test(b.schedule)) {
          throw propError(o, `karpenter.budgets[${i}].schedule`, b.schedule, 'is not a cron schedule', 'use five fields, e.g. "0 9 * * mon-fri", or @daily');
        }
      });
      const ref = k.nodeClassRef;
      for (const f of ['group', 'kind', 'name'] as const) {
        if (ref[f] === '' || (f === 'group' && ref.group.includes('/'))) {
          throw propError(o, `karpenter.nodeClassRef.${f}`, ref[f], f === 'group' ? 'must be an API group without "/" or version' : 'must not be empty',
            'e.g. { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" }');
        }
      }
    }
  }

  private renderKarpenter(): any {
    const k = this.props.karpenter!;
    const requirements: any[] = [];
    if (this.shape.name) requirements.push({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [this.shape.name] });
    requirements.push({ key: 'karpenter.sh/capacity-type', operator: 'In', values: [this.capacityType] });
    requirements.push({ key: 'kubernetes.io/arch', operator: 'In', values: [this.shape.arch] });
    requirements.push({ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] });
    if (this.zones.length) requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In', values: [...this.zones] });
    const limits: Record<string, string> = {};
    const max = this.props.maxNodes;
    if (this.props.cpuLimit) limits.cpu = this.props.cpuLimit.toQuantity();
    else if (max !== undefined) limits.cpu = millisToQuantity(max * Math.round(this.shape.vcpus * 1000));
    if (this.props.memoryLimit) limits.memory = `${sizeToMebibytes(this.owner, 'memoryLimit', this.props.memoryLimit)}Mi`;
    else if (max !== undefined) limits.memory = `${max * this.shape.memoryMebibytes}Mi`;
    const budgets = (k.budgets ?? [{ nodes: '10%' }]).map(b => dropEmpty({
      nodes: b.nodes,
      reasons: b.reasons?.length ? [...b.reasons] : undefined,
      schedule: b.schedule,
      duration: b.duration ? goDuration(b.duration, false) : undefined,
    }));
    return dropEmpty({
      template: {
        metadata: { labels: { ...this.selectorLabels } },
        spec: dropEmpty({
          nodeClassRef: { group: k.nodeClassRef.group, kind: k.nodeClassRef.kind, name: k.nodeClassRef.name },
          requirements,
          taints: this.taints.length ? this.taints.map(t => dropEmpty({ key: t.key, value: t.value, effect: t.effect })) : undefined,
          expireAfter: goDuration(k.expireAfter ?? Duration.days(30), true),
        }),
      },
      disruption: {
        consolidationPolicy: k.consolidationPolicy ?? KarpenterConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED,
        consolidateAfter: goDuration(k.consolidateAfter ?? Duration.minutes(5), true),
        budgets,
      },
      limits: Object.keys(limits).length ? limits : undefined,
      weight: k.weight,
    });
  }

  /** The pool's warnings (computed when read). */
  private warnings(): string[] {
    const out: string[] = [];
    if (this.shape.gpus > 0 && !this.taints.some(t => t.effect !== 'PreferNoSchedule')) {
      out.push(`GPU pool ${this.poolName} (${this.shape.describe()}) has no NoSchedule taint, so pods that need no GPU can fill its expensive nodes; add a taint such as { key: "${this.shape.gpuResourceName}", value: "present", effect: TaintEffect.NO_SCHEDULE } (GPU apps placed on the pool tolerate it) [gpu-pool-untainted]`);
    }
    if (this.props.karpenter?.budgets?.length === 0) {
      out.push(`pool ${this.poolName} has no disruption budgets, so Karpenter may disrupt all its nodes at once; keep the default budget (10% of the nodes) or give one [no-disruption-budget]`);
    }
    const landings = analyse(this.node.root).landings.filter(l => l.pool.pool === this);
    const threshold = this.props.packingThreshold ?? 0.8;
    for (const r of this.packingReports()) {
      const low = Math.min(r.cpuShare, r.memoryShare);
      if (r.executorsPerNode === 0 || low >= threshold) continue;
      const which = r.cpuShare < r.memoryShare ? 'CPU' : 'memory';
      let suggestion = '';
      try {
        const s = ExecutorSizing.forPool(this, { executorsPerNode: r.executorsPerNode });
        suggestion = `; for ${r.executorsPerNode} per node use executorCores ${s.executorCores}, executorCoreRequest ${s.executorCoreRequest.toQuantity()} and executorMemory ${s.executorMemory.toMebibytes()}Mi before headroom (ExecutorSizing.forPool takes the app's overhead factor, off-heap and headroom)`;
      } catch {
        suggestion = '';
      }
      out.push(`executors of ${r.app} use ${Math.round(r.cpuShare * 100)}% of the CPU and ${Math.round(r.memoryShare * 100)}% of the memory of a node (${r.executorsPerNode} per node, limited by ${r.limitedBy}), leaving ${which} idle below the ${Math.round(threshold * 100)}% target${suggestion} [executor-packing]`);
    }
    // The sum of the peaks against what the pool can hold.
    const maxCpu = Math.min(this.props.maxNodes !== undefined ? this.props.maxNodes * this.usablePerNode.cpuMillis : Infinity,
      this.props.cpuLimit?.millicores ?? Infinity);
    const maxMem = Math.min(this.props.maxNodes !== undefined ? this.props.maxNodes * this.usablePerNode.memoryMebibytes : Infinity,
      this.props.memoryLimit ? sizeToMebibytes(this.owner, 'memoryLimit', this.props.memoryLimit) : Infinity);
    if (Number.isFinite(maxCpu) || Number.isFinite(maxMem)) {
      let cpu = 0;
      let mem = 0;
      const names = new Set<string>();
      for (const l of landings) {
        const n = l.role === SparkRole.DRIVER ? 1 : resourcesOf(l.app)!.maxExecutors;
        cpu += n * l.pod.cpuRequestMillis;
        mem += n * l.pod.memoryRequestMebibytes;
        names.add(l.app.name);
      }
      if (cpu > maxCpu || mem > maxMem) {
        const cap = this.props.maxNodes !== undefined ? `maxNodes ${this.props.maxNodes} × usable per node, or the CPU/memory limits` : 'its CPU/memory limits';
        out.push(`apps placed on pool ${this.poolName} (${[...names].sort().join(', ')}) request ${millisToQuantity(cpu)} CPU and ${mem}Mi memory at their peaks together, more than the pool holds (${Number.isFinite(maxCpu) ? millisToQuantity(maxCpu) : 'unlimited'} CPU, ${Number.isFinite(maxMem) ? `${maxMem}Mi` : 'unlimited'} memory: ${cap}); pods beyond it stay pending when the apps peak together; raise the limits or lower maxExecutors [pool-capacity-exceeded]`);
      }
    }
    // Node agents (log shipping) that must run where the apps of their namespaces land.
    const facts = FACTS.get(this)!;
    for (const agent of placedPodsIn(this).filter(p => p.daemonSet && p.servesNamespaces)) {
      const apps = [...new Set(landings.filter(l => agent.servesNamespaces!.includes(l.app.namespace)).map(l => l.app.name))].sort();
      if (apps.length === 0) continue;
      const missing = untolerated(agent.placement, this).map(taintText);
      const selected = !isPlaced(agent.placement) || selects(agent.placement, facts);
      if (missing.length === 0 && selected) continue;
      const why = selected ? `does not tolerate its taints ${formatValue(missing)}` : 'does not select it (nodeSelector)';
      out.push(`the ${agent.what} of ${agent.owner} ${why}, so it does not run on pool ${this.poolName}, where pods of ${apps.join(', ')} run, and their logs are not shipped; add the pool to ${agent.fix.replace(/: .*/, '')} [log-agent-not-on-pool]`);
    }
    if (this.props.cpuManagerPolicy === CpuManagerPolicy.STATIC) {
      for (const l of landings) {
        const p = l.pod;
        if (p.cpuRequestMillis % 1000 === 0 && p.cpuLimitMillis === p.cpuRequestMillis) continue;
        out.push(`pool ${this.poolName} uses the static CPU manager policy, but the ${l.role} pods of ${constructLabel('SparkApp', l.app)} are not Guaranteed QoS with whole CPUs (request ${millisToQuantity(p.cpuRequestMillis)}, limit ${p.cpuLimitMillis === undefined ? 'none' : millisToQuantity(p.cpuLimitMillis)}), so they get no exclusive cores; give whole cores with a CPU limit equal to the request [cpu-manager-not-guaranteed]`);
      }
    }
    return out;
  }
}


/** The default allocatable formula of a shape's cloud. */
function defaultProfile(shape: NodeShape): AllocatableProfile | undefined {
  switch (shape.cloud) {
    case NodeCloud.AWS: return AllocatableProfile.eks();
    case NodeCloud.GCP: return AllocatableProfile.gke();
    case NodeCloud.AZURE: return AllocatableProfile.aks();
    default: return undefined;
  }
}

/** A Duration as Karpenter's Go duration (`720h`, `5m`, `90s`; budgets take hours and minutes only). */
function goDuration(d: Duration, seconds: boolean): string {
  const s = Math.round(d.toMilliseconds() / 1000);
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0 || !seconds) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

function dropEmpty<T extends Record<string, any>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Puts an app's driver and executors on node pools (the SparkApp `placement` prop binds it; as a
 * feature it works on any ISparkApp): the pool's labels as node selector, tolerations for its
 * taints, `karpenter.sh/do-not-disrupt` on drivers of pools Karpenter disrupts, and a zone for
 * all pods when `zone` is given.
 */
export class PoolPlacement implements ISparkFeature {
  /** What the feature is, for conflict messages. */
  public readonly featureName: string;
  private readonly placement: NodePoolPlacement;

  constructor(placement: NodePoolPlacement) {
    checkArg({ owner: 'PoolPlacement' }, 'placement', NODE_POOL_PLACEMENT, placement);
    this.placement = placement;
    const names = [placement.driver && `driver on ${placement.driver.poolName}`, placement.executors && `executors on ${placement.executors.poolName}`].filter(x => x);
    if (placement.executorsInDriverZone) names.push('executors in the driver\'s zone');
    this.featureName = `placement (${names.join(', ') || 'no pool'})`;
  }

  /** Applies the placement to the app. */
  public bind(app: ISparkApp): void {
    const p = this.placement;
    const owner = constructLabel('SparkApp', app);
    const roles: Array<[SparkPods, INodePool | undefined]> = [[SparkPods.DRIVER, p.driver], [SparkPods.EXECUTORS, p.executors]];
    for (const [pods, pool] of roles) {
      if (!pool) continue;
      app.addNodeSelector(pods, pool.selectorLabels, this.featureName);
      if (pool.taints.length) {
        app.addTolerations(pods, tolerationsFor(pool.taints), this.featureName);
      }
      if (p.zone !== undefined && pool.zones.length && !pool.zones.includes(p.zone)) {
        throw propError(owner, 'placement.zone', p.zone, `is not a zone of NodePool ${pool.poolName} (zones ${formatValue(pool.zones)})`, `use one of ${pool.zones.join(', ')}`);
      }
    }
    if (p.driver?.consolidates) {
      app.addPodAnnotations(SparkPods.DRIVER, { [DO_NOT_DISRUPT]: 'true' }, this.featureName);
    }
    if (p.zone !== undefined) {
      app.addNodeSelector(SparkPods.ALL, { [ZONE_LABEL]: p.zone }, this.featureName);
    }
    if (p.executorsInDriverZone) {
      if (p.zone !== undefined) {
        throw propError(owner, 'placement.executorsInDriverZone', true, `is given with zone ${JSON.stringify(p.zone)}, which already keeps the driver and all executors in one zone`,
          'drop executorsInDriverZone, or drop zone to let the driver pick any zone and the executors follow it');
      }
      const driver = sparkDriverSelector(app.podSelectorLabels);
      app.addRequiredPodAffinity(SparkPods.EXECUTORS, [{ podLabels: driver, topologyKey: ZONE_LABEL }], this.featureName);
    }
  }
}

