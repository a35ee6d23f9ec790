import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { SparkDriverIdentity } from './driver-identity';
import { EgressDestination, PodSecurityLevel, PriorityTier, SparkNamespaceProps, SparkQuota } from './spark-namespace-props';
import { ISparkApp, ISparkDriverIdentity, ISparkNamespace } from '../core/contracts';
import { constructError, constructLabel } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { addTotals, mebibytesToQuantity, millisToQuantity, podTotals } from '../core/model';
import { dnsEgressRule, tcpPort } from '../core/network';
import { requirePort } from '../core/placement';
import { appRegistry } from '../core/registry';
import { CpuCores, PodResources, ResourceTotals } from '../core/resources';
import { dns1123LabelProblem, nameFromId, requireInt, sizeToMebibytes } from '../core/util';
import { addWarningProducer, printWarningsOnSynth } from '../core/warn';

type Usage = Map<string, number>;

const DEFAULT_TIERS: PriorityTier[] = [
  { name: 'streaming', value: 100000 },
  { name: 'batch', value: 10000 },
  { name: 'ad-hoc', value: 1000, preempting: false },
];

/** Resource figures of one app in a capacity report. */
export interface AppCapacity {
  /** App name. */
  readonly name: string;
  /** The driver pod. */
  readonly driver: PodResources;
  /** One executor pod. */
  readonly executor: PodResources;
  /** Most executors at once. */
  readonly maxExecutors: number;
  /** Driver + most executors. */
  readonly peak: ResourceTotals;
}

/** A namespace's quota against its apps' peaks. */
export interface NamespaceCapacity {
  /** Namespace name. */
  readonly namespace: string;
  /** Quota keys and their hard values as Kubernetes quantities. */
  readonly quota: { [key: string]: string };
  /** Each app. */
  readonly apps: AppCapacity[];
  /** Other workloads counted (e.g. a Celeborn cluster). */
  readonly workloads: { [name: string]: ResourceTotals };
  /** Sum of all peaks and workloads. */
  readonly total: ResourceTotals;
  /** Quota minus total per quota key, in millicores (cpu), MiB (memory, storage) or counts. */
  readonly headroom: { [key: string]: number };
}

/**
 * A tenant namespace for Spark apps, with everything the apps need to run and nothing more.
 *
 * Defines the Namespace (Pod Security Admission labels, the label the spark-operator's
 * `jobNamespaceSelector` selects), a ResourceQuota, a LimitRange, the shared driver
 * ServiceAccount + Role + RoleBinding, NetworkPolicies (deny by default; DNS, Kubernetes API,
 * each app's driver↔executor traffic, metric scraping and configured destinations allowed) and the
 * cluster-scoped PriorityClasses of the tiers (once per cdk8s app).
 *
 * Apps placed in it (`sparkNamespace` prop) use its identity and tiers, and at synthesis their pods,
 * peaks and sum are checked against the quota and LimitRange from SparkApp's resource model.
 */
export class SparkNamespace extends Construct implements ISparkNamespace {
  /**
   * Capacity reports of every SparkNamespace under a construct (e.g. an App) as a text table.
   */
  public static capacityTable(scope: IConstruct): string {
    const namespaces = scope.node.findAll().filter((c): c is SparkNamespace => c instanceof SparkNamespace);
    return namespaces.map(n => renderTable(n.capacityReport())).join('\n');
  }

  /** Namespace name. */
  public readonly namespaceName: string;
  /** The shared driver identity. */
  public readonly driverIdentity: ISparkDriverIdentity;
  /** Enforced Pod Security level. */
  public readonly podSecurityEnforce: string;
  private readonly owner: string;
  private readonly props: SparkNamespaceProps;
  private readonly appList: ISparkApp[] = [];
  private readonly workloads = new Map<string, PodResources[]>();
  private readonly scrapers = new Map<string, Set<number>>();
  private readonly tiers: Map<string, PriorityTier>;
  private readonly hard: Usage;

  constructor(scope: Construct, id: string, props: SparkNamespaceProps = {}) {
    super(scope, id);
    this.owner = `SparkNamespace ${id}`;
    this.props = props;
    this.namespaceName = props.name ?? nameFromId(id);
    const problem = dns1123LabelProblem(this.namespaceName);
    if (problem) throw constructError(this.owner, `name "${this.namespaceName}" ${problem}`);
    this.podSecurityEnforce = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.hard = this.quotaUsage(props.quota ?? {});

    const labels = { 'app.kubernetes.io/part-of': this.namespaceName, ...MANAGED_BY };
    const meta = (name: string, component: string) => this.meta(name, component);

    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.namespaceName,
        labels: {
          ...props.labels,
          ...(props.operatorSelectorLabels ?? { 'spark-operator.cdk8s-spark.io/job-namespace': 'true' }),
          'pod-security.kubernetes.io/enforce': this.podSecurityEnforce,
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
          'pod-security.kubernetes.io/warn': this.podSecurityEnforce,
          'pod-security.kubernetes.io/audit': this.podSecurityEnforce,
          ...labels,
        },
      },
    });

    if (props.quota) {
      new k8s.KubeResourceQuota(this, 'Quota', {
        metadata: meta('spark-quota', 'quota'),
        spec: { hard: this.quotaHard(props.quota) },
      });
    }

    const lr = props.limitRange ?? {};
    const q = (s: string) => k8s.Quantity.fromString(s);
    const podMax: Record<string, k8s.Quantity> = {};
    if (lr.maxPodCpu) podMax.cpu = q(lr.maxPodCpu.toQuantity());
    if (lr.maxPodMemory) podMax.memory = q(`${sizeToMebibytes(this.owner, 'limitRange.maxPodMemory', lr.maxPodMemory)}Mi`);
    new k8s.KubeLimitRange(this, 'Limits', {
      metadata: meta('spark-limits', 'limit-range'),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: {
              cpu: q((lr.defaultCpuRequest ?? CpuCores.millis(100)).toQuantity()),
              memory: q(`${sizeToMebibytes(this.owner, 'limitRange.defaultMemoryRequest', lr.defaultMemoryRequest ?? Size.mebibytes(128))}Mi`),
            },
            default: {
              memory: q(`${sizeToMebibytes(this.owner, 'limitRange.defaultMemoryLimit', lr.defaultMemoryLimit ?? Size.mebibytes(256))}Mi`),
            },
          },
          ...(Object.keys(podMax).length ? [{ type: 'Pod', max: podMax }] : []),
        ],
      },
    });

    this.driverIdentity = new SparkDriverIdentity(this, 'DriverIdentity', {
      namespace: this.namespaceName,
      name: props.driverServiceAccountName ?? 'spark-driver',
      labels: { 'app.kubernetes.io/part-of': this.namespaceName },
    });

    this.tiers = this.registerTiers(props.tiers ?? DEFAULT_TIERS);
    const defaultTier = props.defaultTier ?? 'batch';
    if (!this.tiers.has(defaultTier)) {
      throw constructError(this.owner, `defaultTier "${defaultTier}" is not one of the tiers (${[...this.tiers.keys()].join(', ')})`);
    }
    if (props.monitoringNamespace) this.allowMetricsScraping(props.monitoringNamespace, [4040]);
    for (const d of props.egressDestinations ?? []) this.validateDestination(d);
    for (const c of props.apiServerCidrs ?? []) this.validateCidr('apiServerCidrs', c);

    this.addNetworkPolicies(meta);
    this.node.addValidation({ validate: () => this.checkCapacity() });
    addWarningProducer(this, () => this.capacityWarnings());
    printWarningsOnSynth(this);
  }

  /** Names of the priority tiers, highest priority first. */
  public get tierNames(): string[] {
    return [...this.tiers.values()].sort((a, b) => b.value - a.value).map(t => t.name);
  }

  /** The apps placed in this namespace. */
  public get apps(): ISparkApp[] {
    return [...this.appList];
  }

  /**
   * Whether pods must carry a CPU limit (a quota on limits.cpu or limitRange.maxPodCpu) and the
   * apps give pods without one a limit equal to their request (setCpuLimits).
   */
  public get requiresCpuLimits(): boolean {
    return this.needsCpuLimits() && (this.props.setCpuLimits ?? true);
  }

  /**
   * Registers an app placed in the namespace (SparkApp calls it): checks its tier and name,
   * defines its intra-app network policy and returns the priority class of its tier.
   */
  public registerApp(app: ISparkApp, tier?: string): string | undefined {
    const name = tier ?? this.props.defaultTier ?? 'batch';
    const t = this.tiers.get(name);
    if (!t) {
      throw constructError(constructLabel('SparkApp', app), `tier "${name}" is not a tier of SparkNamespace ${this.node.id} (${[...this.tiers.keys()].join(', ')})`);
    }
    if (this.appList.some(a => a.name === app.name)) {
      throw constructError(constructLabel('SparkApp', app), `another app in namespace ${this.namespaceName} is already named "${app.name}"`);
    }
    this.appList.push(app);
    // Its driver and executors talk to each other (RPC, block manager, shuffle), nothing else does.
    const sel = { matchLabels: app.podSelectorLabels };
    const restrictEgress = this.props.restrictEgress ?? true;
    new k8s.KubeNetworkPolicy(this, `App-${app.name}`, {
      metadata: this.meta(`${app.name}-intra-app`, 'network-policy'),
      spec: {
        podSelector: sel,
        policyTypes: restrictEgress ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress: [{ from: [{ podSelector: sel }] }],
        egress: restrictEgress ? [{ to: [{ podSelector: sel }] }] : undefined,
      },
    });
    return tierClassName(t);
  }

  /** Counts pods that are not Spark apps (e.g. a Celeborn cluster) in the capacity check and report. */
  public registerWorkload(name: string, pods: PodResources[]): void {
    if (this.workloads.has(name)) throw constructError(this.owner, `workload "${name}" is registered twice`);
    this.workloads.set(name, pods);
  }

  /** Lets the Spark pods reach other pods (e.g. a Celeborn cluster) when the namespace restricts egress. */
  public allowSparkEgressTo(name: string, podLabels: { [key: string]: string }, ports: number[], namespace?: string): void {
    if (!(this.props.restrictEgress ?? true)) return;
    if (this.node.tryFindChild(`EgressTo-${name}`)) return;
    if (ports.length === 0) throw constructError(this.owner, `egress to ${name} needs at least one port`);
    ports.forEach(p => requirePort(this.owner, `egress to ${name} port`, p));
    new k8s.KubeNetworkPolicy(this, `EgressTo-${name}`, {
      metadata: this.meta(`allow-egress-to-${name}`, 'network-policy'),
      spec: {
        podSelector: { matchLabels: { ...MANAGED_BY } },
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            podSelector: { matchLabels: podLabels },
            namespaceSelector: namespace ? { matchLabels: { 'kubernetes.io/metadata.name': namespace } } : undefined,
          }],
          ports: [...ports].sort((a, b) => a - b).map(tcpPort),
        }],
      },
    });
  }

  /**
   * Lets pods of another namespace reach the Spark pods on these TCP ports (e.g. Prometheus).
   */
  public allowMetricsScraping(fromNamespace: string, ports: number[]): void {
    const problem = dns1123LabelProblem(fromNamespace);
    if (problem) throw constructError(this.owner, `metrics namespace "${fromNamespace}" ${problem}`);
    if (ports.length === 0) throw constructError(this.owner, 'allowMetricsScraping needs at least one port (an empty list would open every port)');
    for (const p of ports) requirePort(this.owner, 'metrics port', p);
    let set = this.scrapers.get(fromNamespace);
    if (!set) {
      const all = new Set<number>();
      set = all;
      this.scrapers.set(fromNamespace, all);
      new k8s.KubeNetworkPolicy(this, `Scrape-${fromNamespace}`, {
        metadata: this.meta(`allow-metrics-from-${fromNamespace}`, 'network-policy'),
        spec: {
          podSelector: { matchLabels: { ...MANAGED_BY } },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': fromNamespace } } }],
            ports: Lazy.any({
              produce: () => [...all].sort((x, y) => x - y).map(tcpPort),
            }) as any,
          }],
        },
      });
    }
    ports.forEach(p => set!.add(p));
  }

  /**
   * The quota against each app's driver, executor and peak, the sum and the headroom.
   */
  public capacityReport(): NamespaceCapacity {
    const apps: AppCapacity[] = this.appList.map(a => {
      const r = a.resources();
      return { name: a.name, driver: r.driver, executor: r.executor, maxExecutors: r.maxExecutors, peak: r.peak };
    });
    const workloads: Record<string, ResourceTotals> = {};
    for (const [name, pods] of [...this.workloads.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      workloads[name] = addTotals(...pods.map(p => podTotals(p, 1)));
    }
    const total = addTotals(...apps.map(a => a.peak), ...Object.values(workloads));
    const used = usageOf(total);
    const headroom: Record<string, number> = {};
    const quota: Record<string, string> = {};
    for (const [k, v] of this.hard) {
      headroom[k] = v - (used.get(k) ?? 0);
      quota[k] = formatQuota(k, v);
    }
    return { namespace: this.namespaceName, quota, apps, workloads, total, headroom };
  }

  // ------------------------------------------------------------------------------------------

  private meta(name: string, component: string) {
    return {
      name,
      namespace: this.namespaceName,
      labels: { 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': this.namespaceName, ...MANAGED_BY },
    };
  }

  private needsCpuLimits(): boolean {
    return this.hard.has('limits.cpu') || this.props.limitRange?.maxPodCpu !== undefined;
  }

  private registerTiers(tiers: PriorityTier[]): Map<string, PriorityTier> {
    const map = new Map<string, PriorityTier>();
    for (const t of tiers) {
      requireInt(this.owner, `tier ${t.name} value`, t.value, 0);
      if (t.value > 1000000000) {
        throw constructError(this.owner, `tier ${t.name} value must be at most 1000000000 (higher values are reserved for system classes), got ${t.value}`);
      }
      const problem = dns1123LabelProblem(tierClassName(t));
      if (problem) throw constructError(this.owner, `priority class name "${tierClassName(t)}" ${problem}`);
      if (map.has(t.name)) throw constructError(this.owner, `tier "${t.name}" is listed twice`);
      map.set(t.name, t);
    }
    if (map.size === 0) throw constructError(this.owner, 'tiers must list at least one tier');

    // Cluster-scoped PriorityClasses: once per cdk8s app, in the chart of the first namespace.
    const registry = appRegistry(this, 'priority-classes', () => new Map<string, PriorityTier>());
    for (const t of map.values()) {
      const cls = tierClassName(t);
      const existing = registry.get(cls);
      if (existing) {
        if (existing.value !== t.value || (existing.preempting ?? true) !== (t.preempting ?? true)) {
          throw constructError(this.owner, `priority class ${cls} is already defined by another SparkNamespace with value ${existing.value} (preempting ${existing.preempting ?? true}); this one asks for ${t.value} (preempting ${t.preempting ?? true})`);
        }
        continue;
      }
      registry.set(cls, t);
      new k8s.KubePriorityClass(this, `Tier-${t.name}`, {
        metadata: { name: cls, labels: { 'app.kubernetes.io/component': 'priority-tier', ...MANAGED_BY } },
        value: t.value,
        globalDefault: false,
        preemptionPolicy: (t.preempting ?? true) ? 'PreemptLowerPriority' : 'Never',
        description: `Spark ${t.name} tier (cdk8s-spark)`,
      });
    }
    return map;
  }

  private validateCidr(prop: string, cidr: string) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!m || m.slice(1, 5).some(x => Number(x) > 255) || Number(m[5]) > 32) {
      throw constructError(this.owner, `${prop} "${cidr}" is not an IPv4 CIDR such as 10.0.0.0/16`);
    }
  }

  private validateDestination(d: EgressDestination) {
    const problem = dns1123LabelProblem(d.name);
    if (problem) throw constructError(this.owner, `egress destination name "${d.name}" ${problem}`);
    if (d.cidrs.length === 0) throw constructError(this.owner, `egress destination ${d.name} needs at least one CIDR`);
    if (d.ports.length === 0) throw constructError(this.owner, `egress destination ${d.name} needs at least one port`);
    d.cidrs.forEach(c => this.validateCidr(`egress destination ${d.name}`, c));
    d.ports.forEach(p => requirePort(this.owner, `egress destination ${d.name} port`, p));
  }

  private addNetworkPolicies(meta: (name: string, component: string) => any) {
    const restrictEgress = this.props.restrictEgress ?? true;
    const sparkPods = { matchLabels: { ...MANAGED_BY } };
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: meta('default-deny', 'network-policy'),
      spec: { podSelector: {}, policyTypes: restrictEgress ? ['Ingress', 'Egress'] : ['Ingress'] },
    });
    if (restrictEgress) {
      new k8s.KubeNetworkPolicy(this, 'AllowDns', {
        metadata: meta('allow-dns', 'network-policy'),
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [dnsEgressRule()],
        },
      });
      new k8s.KubeNetworkPolicy(this, 'AllowApiServer', {
        metadata: meta('allow-driver-api-server', 'network-policy'),
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'spark-driver', ...MANAGED_BY } },
          policyTypes: ['Egress'],
          egress: [{
            to: (this.props.apiServerCidrs ?? ['0.0.0.0/0']).map(cidr => ({ ipBlock: { cidr } })),
            ports: [tcpPort(443), tcpPort(6443)],
          }],
        },
      });
      for (const d of this.props.egressDestinations ?? []) {
        new k8s.KubeNetworkPolicy(this, `Egress-${d.name}`, {
          metadata: meta(`allow-egress-${d.name}`, 'network-policy'),
          spec: {
            podSelector: sparkPods,
            policyTypes: ['Egress'],
            egress: [{ to: d.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: d.ports.map(tcpPort) }],
          },
        });
      }
    }
  }

  private quotaUsage(quota: SparkQuota): Usage {
    const o = this.owner;
    const u: Usage = new Map();
    const mib = (prop: string, s: Size) => sizeToMebibytes(o, `quota.${prop}`, s);
    if (quota.cpuRequests) u.set('requests.cpu', quota.cpuRequests.millicores);
    if (quota.cpuLimits) u.set('limits.cpu', quota.cpuLimits.millicores);
    if (quota.memoryRequests) u.set('requests.memory', mib('memoryRequests', quota.memoryRequests));
    if (quota.memoryLimits) u.set('limits.memory', mib('memoryLimits', quota.memoryLimits));
    if (quota.ephemeralStorageRequests) u.set('requests.ephemeral-storage', mib('ephemeralStorageRequests', quota.ephemeralStorageRequests));
    for (const [name, n] of Object.entries(quota.extendedResources ?? {})) {
      if (!/^[a-z0-9.-]+\/[a-z0-9._-]+$/i.test(name)) {
        throw constructError(o, `quota.extendedResources key "${name}" must be a resource name like nvidia.com/gpu`);
      }
      requireInt(o, `quota.extendedResources["${name}"]`, n, 0);
      u.set(`requests.${name}`, n);
    }
    requireInt(o, 'quota.pods', quota.pods, 0);
    requireInt(o, 'quota.persistentVolumeClaims', quota.persistentVolumeClaims, 0);
    if (quota.pods !== undefined) u.set('pods', quota.pods);
    if (quota.persistentVolumeClaims !== undefined) u.set('persistentvolumeclaims', quota.persistentVolumeClaims);
    if (quota.storage) u.set('requests.storage', mib('storage', quota.storage));
    for (const [sc, s] of Object.entries(quota.storageByClass ?? {})) {
      u.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, mib(`storageByClass["${sc}"]`, s));
    }
    return u;
  }

  private quotaHard(_quota: SparkQuota): Record<string, k8s.Quantity> {
    const hard: Record<string, k8s.Quantity> = {};
    for (const [k, v] of [...this.hard.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      hard[k] = k8s.Quantity.fromString(formatQuota(k, v));
    }
    return hard;
  }

  // ------------------------------------------------------------------------------------------
  // capacity check

  private checkCapacity(): string[] {
    return this.capacityFindings().errors.map(e => `${this.owner}: ${e}`);
  }

  /** The quota over-use of all apps together, a warning unless strictCapacity (derived, never stored). */
  private capacityWarnings(): string[] {
    return this.capacityFindings().warnings;
  }

  private capacityFindings(): { errors: string[]; warnings: string[] } {
    const errors: string[] = [];
    const warnings: string[] = [];
    const hard = this.hard;
    const lr = this.props.limitRange ?? {};
    const podMaxCpu = lr.maxPodCpu?.millicores;
    const podMaxMem = lr.maxPodMemory ? sizeToMebibytes(this.owner, 'limitRange.maxPodMemory', lr.maxPodMemory) : undefined;

    for (const app of this.appList) {
      let r;
      try {
        r = app.resources();
      } catch {
        continue; // the app reports its own error
      }
      const who = `app ${app.name}`;
      for (const pod of [r.driver, r.executor]) {
        const role = `${who} ${pod.role} pod`;
        // (b) limits required by the quota or a pod maximum
        if ((hard.has('limits.cpu') || podMaxCpu !== undefined) && pod.cpuLimitMillis === undefined) {
          errors.push(`${role} has no CPU limit but the namespace requires one (quota limits.cpu or limitRange.maxPodCpu); set ${pod.role}CoreLimit on the app, or leave setCpuLimits on`);
        }
        // (a) a single pod beyond the LimitRange maximum or the quota
        if (podMaxCpu !== undefined && (pod.cpuLimitMillis ?? 0) > podMaxCpu) {
          errors.push(`${role} CPU limit ${millisToQuantity(pod.cpuLimitMillis!)} exceeds limitRange.maxPodCpu ${millisToQuantity(podMaxCpu)}`);
        }
        if (podMaxMem !== undefined && pod.memoryLimitMebibytes > podMaxMem) {
          errors.push(`${role} memory limit ${pod.memoryLimitMebibytes}Mi (heap ${pod.heapMebibytes} + overhead ${pod.overheadMebibytes} + off-heap ${pod.offHeapMebibytes} + pyspark ${pod.pysparkMebibytes}) exceeds limitRange.maxPodMemory ${podMaxMem}Mi`);
        }
        const one = usageOf(podTotals(pod, 1));
        for (const [k, v] of one) {
          const h = hard.get(k);
          if (h !== undefined && v > h) {
            errors.push(`${role} alone needs ${formatQuota(k, v)} of ${k} but the quota allows ${formatQuota(k, h)}`);
          }
        }
      }
      // (c) the app's peak
      const peak = usageOf(r.peak);
      const over = [...hard.entries()].filter(([k, h]) => (peak.get(k) ?? 0) > h);
      if (over.length) {
        errors.push(`${who} peak (driver + ${r.maxExecutors} executors) does not fit the quota: ${over.map(([k, h]) => `${k} ${formatQuota(k, peak.get(k)!)} > ${formatQuota(k, h)}`).join(', ')}; the executors beyond the quota would stay pending`);
      }
    }
    // (d) all apps together
    const report = this.capacityReport();
    const total = usageOf(report.total);
    const over = [...hard.entries()].filter(([k, h]) => (total.get(k) ?? 0) > h);
    if (over.length && errors.length === 0) {
      const msg = `the peaks of all apps together exceed the quota (they cannot all run at once): ${over.map(([k, h]) => `${k} ${formatQuota(k, total.get(k)!)} > ${formatQuota(k, h)}`).join(', ')}`;
      if (this.props.strictCapacity) {
        errors.push(msg);
      } else {
        warnings.push(msg);
      }
    }
    return { errors, warnings };
  }
}

function tierClassName(t: PriorityTier): string {
  return t.priorityClassName ?? `spark-${t.name}`;
}

/** Totals as quota keys. */
function usageOf(t: ResourceTotals): Usage {
  const u: Usage = new Map();
  u.set('requests.cpu', t.cpuRequestMillis);
  u.set('limits.cpu', t.cpuLimitMillis);
  u.set('requests.memory', t.memoryRequestMebibytes);
  u.set('limits.memory', t.memoryLimitMebibytes);
  u.set('pods', t.pods);
  u.set('persistentvolumeclaims', t.persistentVolumeClaims);
  u.set('requests.storage', t.storageRequestMebibytes);
  u.set('requests.ephemeral-storage', t.ephemeralStorageRequestMebibytes);
  for (const [k, v] of Object.entries(t.extendedResources)) u.set(`requests.${k}`, v);
  for (const [sc, v] of Object.entries(t.storageByClassMebibytes)) u.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, v);
  return u;
}

function formatQuota(key: string, v: number): string {
  if (key.endsWith('.cpu')) return millisToQuantity(v);
  if (key.endsWith('memory') || key.endsWith('storage')) return mebibytesToQuantity(v);
  return `${v}`;
}

function renderTable(r: NamespaceCapacity): string {
  const order = ['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'pods', 'persistentvolumeclaims', 'requests.storage'];
  const keys = [...new Set([...order, ...Object.keys(r.quota).sort()])]
    .filter(k => k in r.quota || k === 'requests.cpu' || k === 'requests.memory' || k === 'pods');
  const rows: string[][] = [['', ...keys]];
  const line = (name: string, t: ResourceTotals) => {
    const u = usageOf(t);
    rows.push([name, ...keys.map(k => formatQuota(k, u.get(k) ?? 0))]);
  };
  for (const a of r.apps) {
    line(`${a.name} driver`, podTotals(a.driver, 1));
    line(`${a.name} executor ×${a.maxExecutors}`, podTotals(a.executor, a.maxExecutors));
    line(`${a.name} peak`, a.peak);
  }
  for (const [name, t] of Object.entries(r.workloads)) line(name, t);
  line('total', r.total);
  rows.push(['quota', ...keys.map(k => r.quota[k] ?? '-')]);
  rows.push(['headroom', ...keys.map(k => (k in r.headroom ? formatQuota(k, r.headroom[k]) : '-'))]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`namespace ${r.namespace}`, ...rows.map(fmt)].join('\n') + '\n';
}
