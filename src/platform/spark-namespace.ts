import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { SparkDriverIdentity } from './driver-identity';
import { capacityFindings, formatQuota, quotaUsage, renderTable, Usage, usageOf } from './namespace-capacity';
import { limitRangeFigures, requireDerivedSubdomain, validateCidr, validateDestination, validateNamespaceLabels, validateTier } from './namespace-checks';
import { NAMESPACE, PORTS, SPARK_APP, SPARK_FEATURE, SPARK_NAMESPACE_PROPS_SHAPE } from './platform-shapes';
import { AppCapacity, NamespaceCapacity, PodSecurityLevel, PriorityTier, SparkNamespaceProps } from './spark-namespace-props';
import { backendNameOf } from '../backends/backend-name';
import { checkProps, str } from '../core/check';
import { ISparkApp, ISparkDriverIdentity, ISparkFeature, ISparkNamespace } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { MANAGED_BY, sparkPodsSelector } from '../core/labels';
import { addTotals, podTotals } from '../core/model';
import { dnsEgressRule, tcpPort } from '../core/network';
import { appRegistry } from '../core/registry';
import { CpuCores, PodResources, ResourceTotals } from '../core/resources';
import { LABELS } from '../core/shapes';
import { dns1123LabelProblem, dnsSubdomainProblem, nameFromId, sizeToMebibytes } from '../core/util';
import { addWarningProducer, printWarningsOnSynth } from '../core/warn';

const DEFAULT_TIERS: PriorityTier[] = [
  { name: 'streaming', value: 100000 },
  { name: 'batch', value: 10000 },
  { name: 'ad-hoc', value: 1000, preempting: false },
];

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
 * peaks and sum are checked against the quota and LimitRange from SparkApp's resource model. The
 * other pods the library creates here (Celeborn masters and workers, DependencyVolume fill Jobs,
 * registered with `registerWorkload`) are checked against the same LimitRange and quota, and they
 * and their claims count in the sum.
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
  /** Policies selecting the Spark pods, and whether a Stackable app widened their selectors. */
  private readonly sparkPolicies: Array<{ policy: ApiObject; extra: { [key: string]: string } }> = [];
  private withStackable = false;
  private readonly workloads = new Map<string, PodResources[]>();
  private readonly defaults: ISparkFeature[] = [];
  private readonly scrapers = new Map<string, Set<number>>();
  private readonly tiers: Map<string, PriorityTier>;
  private readonly hard: Usage;

  constructor(scope: Construct, id: string, props: SparkNamespaceProps = {}) {
    super(scope, id);
    this.owner = `SparkNamespace ${id}`;
    checkProps({ owner: this.owner, scope: this }, props, 'SparkNamespaceProps', SPARK_NAMESPACE_PROPS_SHAPE);
    this.props = props ?? {};
    props = this.props;
    this.namespaceName = props.name ?? nameFromId(id);
    const problem = dns1123LabelProblem(this.namespaceName);
    if (problem) throw propError(this.owner, 'name', this.namespaceName, problem, 'use a namespace name such as "team-a"');
    this.podSecurityEnforce = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    validateNamespaceLabels(this.owner, props, this.namespaceName, this.podSecurityEnforce);
    this.hard = quotaUsage(this.owner, props.quota ?? {});
    if (props.historyServer) this.defaults.push(props.historyServer);
    (props.appFeatures ?? []).forEach((f, i) => this.addDefault(f, `appFeatures[${i}]`));
    if (props.apiServerCidrs?.length === 0) {
      throw propError(this.owner, 'apiServerCidrs', props.apiServerCidrs, 'must list at least one CIDR (an egress rule without destinations allows every address)',
        'list the API server endpoints\' CIDRs, or leave apiServerCidrs unset for 0.0.0.0/0');
    }
    (props.apiServerCidrs ?? []).forEach((c, i) => validateCidr(this.owner, `apiServerCidrs[${i}]`, c));
    (props.egressDestinations ?? []).forEach((d, i) => validateDestination(this.owner, d, `egressDestinations[${i}]`));

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
        spec: { hard: this.quotaHard() },
      });
    }

    const lr = props.limitRange ?? {};
    const q = (x: string) => k8s.Quantity.fromString(x);
    const defaults = limitRangeFigures(this.owner, lr);
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
              memory: q(`${defaults.requestMib}Mi`),
            },
            default: {
              memory: q(`${defaults.limitMib}Mi`),
            },
          },
          ...(Object.keys(podMax).length ? [{ type: 'Pod', max: podMax }] : []),
        ],
      },
    });

    // Checked here too, so that the message names the prop the user wrote.
    const saProblem = props.driverServiceAccountName !== undefined ? dnsSubdomainProblem(props.driverServiceAccountName) : undefined;
    if (saProblem) throw propError(this.owner, 'driverServiceAccountName', props.driverServiceAccountName, `${saProblem}, at most 253 characters (it names the driver ServiceAccount, Role and RoleBinding)`, 'use a name such as "spark-driver"');
    this.driverIdentity = new SparkDriverIdentity(this, 'DriverIdentity', {
      namespace: this.namespaceName,
      name: props.driverServiceAccountName ?? 'spark-driver',
      labels: { 'app.kubernetes.io/part-of': this.namespaceName },
    });

    this.tiers = this.registerTiers(props.tiers ?? DEFAULT_TIERS);
    const defaultTier = props.defaultTier ?? 'batch';
    if (!this.tiers.has(defaultTier)) {
      throw propError(this.owner, 'defaultTier', defaultTier, `${props.defaultTier === undefined ? '(the default) ' : ''}is not one of the tiers`,
        `${props.defaultTier === undefined ? 'set defaultTier to' : 'use'} ${oneOf([...this.tiers.keys()])}`);
    }
    if (props.monitoringNamespace !== undefined) this.addMetricsScraping(props.monitoringNamespace, [4040], 'monitoringNamespace', 'monitoringNamespace ports');

    this.addNetworkPolicies(meta);
    this.node.addValidation({ validate: () => this.capacityFindings().errors });
    addWarningProducer(this, () => this.capacityFindings().warnings.map(w => `${w} [capacity-exceeded]`));
    printWarningsOnSynth(this);
  }

  /** Names of the priority tiers, highest priority first. */
  public get tierNames(): string[] {
    return [...this.tiers.values()].sort((a, b) => b.value - a.value).map(t => t.name);
  }

  /**
   * Features every app placed in the namespace binds after its own, unless it has one of the same
   * kind (class): the `historyServer`, then `appFeatures` and those added with `addAppFeature`.
   */
  public get appFeatures(): ISparkFeature[] {
    return [...this.defaults];
  }

  /**
   * Adds a feature every app placed in the namespace from now on binds (see `appFeatures`), e.g.
   * a history server that runs in this namespace. Apps already placed would miss it: an error.
   *
   * @param feature the feature, e.g. a SparkHistoryServer or new SparkLogging()
   */
  public addAppFeature(feature: ISparkFeature): void {
    SPARK_FEATURE.verify({ owner: this.owner }, 'addAppFeature feature', feature);
    if (this.appList.length) {
      throw propError(this.owner, 'addAppFeature feature', feature.featureName, `comes after apps already placed in the namespace (${this.appList.map(a => a.name).join(', ')}), which would not get it`,
        'add it before creating the apps, or give it in the appFeatures prop');
    }
    this.addDefault(feature, 'addAppFeature feature');
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
    SPARK_APP.verify({ owner: this.owner }, 'registerApp app', app);
    if (tier !== undefined) str().verify({ owner: constructLabel('SparkApp', app) }, 'tier', tier);
    const name = tier ?? this.props.defaultTier ?? 'batch';
    const t = this.tiers.get(name);
    if (!t) {
      throw propError(constructLabel('SparkApp', app), 'tier', name, `is not a tier of SparkNamespace ${this.node.id}`, `use ${oneOf([...this.tiers.keys()])}`);
    }
    if (this.appList.some(a => a.name === app.name)) {
      throw propError(constructLabel('SparkApp', app), 'name', app.name, `is already the name of another app in namespace ${this.namespaceName}`,
        'give each app in a namespace its own name');
    }
    this.appList.push(app);
    if (backendNameOf(app) === 'stackable' && !this.withStackable) {
      // Its driver carries the Stackable operator's managed-by label: every policy that selects the
      // Spark pods selects by either value from now on.
      this.withStackable = true;
      for (const { policy, extra } of this.sparkPolicies) policy.addJsonPatch(JsonPatch.replace('/spec/podSelector', sparkPodsSelector(true, extra)));
    }
    // Its driver and executors talk to each other (RPC, block manager, shuffle), nothing else does.
    const sel = { matchLabels: app.podSelectorLabels };
    const restrictEgress = this.restrictsEgress;
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

  /**
   * Counts pods that are not Spark apps (e.g. a Celeborn cluster, a DependencyVolume's fill Job
   * and claim) in the capacity check and report: each pod is checked against the LimitRange and
   * the quota like a Spark pod, and the pods and their claims count in the namespace's totals.
   */
  public registerWorkload(name: string, pods: PodResources[]): void {
    const ctx = { owner: this.owner };
    str().verify(ctx, 'registerWorkload name', name);
    const podLike = (p: any) => typeof p === 'object' && p !== null && typeof p.extendedResources === 'object' && p.extendedResources !== null && Array.isArray(p.onDemandClaims)
      && ['cpuRequestMillis', 'memoryRequestMebibytes', 'memoryLimitMebibytes'].every(k => Number.isFinite(p[k]));
    if (!Array.isArray(pods) || !pods.every(podLike)) {
      throw propError(this.owner, 'registerWorkload pods', pods, 'must be a list of PodResources', 'pass one PodResources per pod (e.g. from CelebornCluster.podResources())');
    }
    if (this.workloads.has(name)) throw propError(this.owner, 'registerWorkload name', name, 'is already registered', 'register each workload once, under its own name');
    this.workloads.set(name, pods);
  }

  /** Lets the Spark pods reach other pods (e.g. a Celeborn cluster) when the namespace restricts egress. */
  public allowSparkEgressTo(name: string, podLabels: { [key: string]: string }, ports: number[], namespace?: string): void {
    const ctx = { owner: this.owner };
    str().verify(ctx, 'allowSparkEgressTo name', name);
    LABELS.verify(ctx, 'allowSparkEgressTo podLabels', podLabels);
    PORTS.verify(ctx, 'allowSparkEgressTo ports', ports);
    if (namespace !== undefined) NAMESPACE.verify(ctx, 'allowSparkEgressTo namespace', namespace);
    requireDerivedSubdomain(this.owner, 'allowSparkEgressTo name', name, 'allow-egress-to-', '', 'NetworkPolicy');
    if (ports.length === 0) throw propError(this.owner, 'allowSparkEgressTo ports', ports, `must list at least one port (egress to ${name})`, 'pass the TCP ports the Spark pods connect to');
    if (!this.restrictsEgress) return;
    if (this.node.tryFindChild(`EgressTo-${name}`)) return;
    this.sparkSelecting(new k8s.KubeNetworkPolicy(this, `EgressTo-${name}`, {
      metadata: this.meta(`allow-egress-to-${name}`, 'network-policy'),
      spec: {
        podSelector: this.sparkSelector(),
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            podSelector: { matchLabels: podLabels },
            namespaceSelector: namespace ? { matchLabels: { 'kubernetes.io/metadata.name': namespace } } : undefined,
          }],
          ports: [...ports].sort((x, y) => x - y).map(tcpPort),
        }],
      },
    }));
  }

  /**
   * Lets the Spark pods reach servers known by host name (Kafka brokers, Redis, Cassandra) on these
   * TCP ports, at any address (a NetworkPolicy cannot match host names). Nothing when egress is open.
   */
  public allowSparkEgressToPorts(name: string, ports: number[]): void {
    const ctx = { owner: this.owner };
    str().verify(ctx, 'allowSparkEgressToPorts name', name);
    PORTS.verify(ctx, 'allowSparkEgressToPorts ports', ports);
    requireDerivedSubdomain(this.owner, 'allowSparkEgressToPorts name', name, 'allow-egress-to-', '', 'NetworkPolicy');
    if (ports.length === 0) throw propError(this.owner, 'allowSparkEgressToPorts ports', ports, `must list at least one port (egress to ${name})`, 'pass the TCP ports the Spark pods connect to');
    if (!this.restrictsEgress) return;
    if (this.node.tryFindChild(`EgressTo-${name}`)) return;
    this.sparkSelecting(new k8s.KubeNetworkPolicy(this, `EgressTo-${name}`, {
      metadata: this.meta(`allow-egress-to-${name}`, 'network-policy'),
      spec: {
        podSelector: this.sparkSelector(),
        policyTypes: ['Egress'],
        egress: [{ ports: [...ports].sort((x, y) => x - y).map(tcpPort) }],
      },
    }));
  }

  /** CIDRs of the API server the Spark pods may reach when egress is restricted (`apiServerCidrs`, default 0.0.0.0/0). */
  public get apiServerCidrs(): string[] {
    return [...(this.props.apiServerCidrs ?? ['0.0.0.0/0'])];
  }

  /** Whether the namespace denies egress by default (`restrictEgress`): pods reach only what a NetworkPolicy allows. */
  public get restrictsEgress(): boolean {
    return this.props.restrictEgress ?? true;
  }

  /**
   * Lets pods of another namespace reach the Spark pods on these TCP ports (e.g. Prometheus).
   */
  public allowMetricsScraping(fromNamespace: string, ports: number[]): void {
    this.addMetricsScraping(fromNamespace, ports, 'allowMetricsScraping fromNamespace', 'allowMetricsScraping ports');
  }

  /** Adds a namespace feature; two of one kind would make the second one never bound. */
  private addDefault(feature: ISparkFeature, prop: string): void {
    const twin = this.defaults.find(f => f.constructor === feature.constructor);
    if (twin) {
      throw propError(this.owner, prop, feature.featureName, `is of the same kind as ${twin.featureName}, which the namespace already gives its apps (each app binds one of a kind)`,
        'give the namespace one feature of each kind');
    }
    this.defaults.push(feature);
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

  /** The selector of the namespace's Spark pods (see sparkPodsSelector); `extra` narrows it. */
  private sparkSelector(extra: { [key: string]: string } = {}): k8s.LabelSelector {
    return sparkPodsSelector(this.withStackable, extra);
  }

  /** Records a policy that selects the Spark pods, so a later Stackable app widens its selector. */
  private sparkSelecting(policy: ApiObject, extra: { [key: string]: string } = {}): void {
    this.sparkPolicies.push({ policy, extra });
  }

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

  /** allowMetricsScraping; `namespaceProp` and `portsProp` name what the user wrote, for messages. */
  private addMetricsScraping(fromNamespace: string, ports: number[], namespaceProp: string, portsProp: string): void {
    str().verify({ owner: this.owner }, namespaceProp, fromNamespace);
    PORTS.verify({ owner: this.owner }, portsProp, ports);
    const problem = dns1123LabelProblem(fromNamespace);
    if (problem) throw propError(this.owner, namespaceProp, fromNamespace, problem, 'use the namespace of the metrics scraper, e.g. "monitoring"');
    if (ports.length === 0) throw propError(this.owner, portsProp, ports, 'must list at least one port (an empty list would open every port)', 'pass the ports to scrape, e.g. [4040]');
    let set = this.scrapers.get(fromNamespace);
    if (!set) {
      const all = new Set<number>();
      set = all;
      this.scrapers.set(fromNamespace, all);
      this.sparkSelecting(new k8s.KubeNetworkPolicy(this, `Scrape-${fromNamespace}`, {
        metadata: this.meta(`allow-metrics-from-${fromNamespace}`, 'network-policy'),
        spec: {
          podSelector: this.sparkSelector(),
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': fromNamespace } } }],
            ports: Lazy.any({
              produce: () => [...all].sort((x, y) => x - y).map(tcpPort),
            }) as any,
          }],
        },
      }));
    }
    ports.forEach(p => set!.add(p));
  }

  private registerTiers(tiers: PriorityTier[]): Map<string, PriorityTier> {
    const map = new Map<string, PriorityTier>();
    tiers.forEach((t, i) => {
      validateTier(this.owner, t, `tiers[${i}]`, tierClassName(t));
      if (map.has(t.name)) throw propError(this.owner, `tiers[${i}].name`, t.name, 'is listed twice', 'give each tier its own name');
      map.set(t.name, t);
    });
    if (map.size === 0) throw propError(this.owner, 'tiers', tiers, 'must list at least one tier', 'add a tier, or leave tiers unset for the defaults (streaming, batch, ad-hoc)');

    // Cluster-scoped PriorityClasses: once per cdk8s app, in the chart of the first namespace.
    const registry = appRegistry(this, 'priority-classes', () => new Map<string, PriorityTier>());
    for (const t of map.values()) {
      const cls = tierClassName(t);
      const existing = registry.get(cls);
      if (existing) {
        const [i, byValue, dflt] = [tiers.indexOf(t), existing.value !== t.value, this.props.tiers ? '' : ', a default tier'];
        if (byValue || (existing.preempting ?? true) !== (t.preempting ?? true)) {
          throw propError(this.owner, `tiers[${i}].${byValue ? 'value' : 'preempting'}`, byValue ? t.value : t.preempting ?? true,
            `(${byValue ? `preempting ${t.preempting ?? true}` : `value ${t.value}`}${dflt}) conflicts with priority class ${cls}, already defined by another SparkNamespace with value ${existing.value} (preempting ${existing.preempting ?? true})`,
            'give the tier the same value and preempting in every namespace, or another priorityClassName');
        }
        continue;
      }
      registry.set(cls, t);
      new k8s.KubePriorityClass(this, `Tier-${cls}`, {
        metadata: { name: cls, labels: { 'app.kubernetes.io/component': 'priority-tier', ...MANAGED_BY } },
        value: t.value,
        globalDefault: false,
        preemptionPolicy: (t.preempting ?? true) ? 'PreemptLowerPriority' : 'Never',
        description: `Spark ${t.name} tier (cdk8s-spark)`,
      });
    }
    return map;
  }

  private addNetworkPolicies(meta: (name: string, component: string) => any) {
    const restrictEgress = this.restrictsEgress;
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
      const driver = { 'app.kubernetes.io/component': 'spark-driver' };
      this.sparkSelecting(new k8s.KubeNetworkPolicy(this, 'AllowApiServer', {
        metadata: meta('allow-driver-api-server', 'network-policy'),
        spec: {
          podSelector: this.sparkSelector(driver),
          policyTypes: ['Egress'],
          egress: [{
            to: this.apiServerCidrs.map(cidr => ({ ipBlock: { cidr } })),
            ports: [tcpPort(443), tcpPort(6443)],
          }],
        },
      }), driver);
      for (const d of this.props.egressDestinations ?? []) {
        this.sparkSelecting(new k8s.KubeNetworkPolicy(this, `Egress-${d.name}`, {
          metadata: meta(`allow-egress-${d.name}`, 'network-policy'),
          spec: {
            podSelector: this.sparkSelector(),
            policyTypes: ['Egress'],
            egress: [{ to: d.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: d.ports.map(tcpPort) }],
          },
        }));
      }
    }
  }

  private quotaHard(): Record<string, k8s.Quantity> {
    const hard: Record<string, k8s.Quantity> = {};
    for (const [k, v] of [...this.hard.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      hard[k] = k8s.Quantity.fromString(formatQuota(k, v));
    }
    return hard;
  }

  /** The capacity findings of the finished app (errors fail validation; warnings are derived, never stored). */
  private capacityFindings(): { errors: string[]; warnings: string[] } {
    return capacityFindings({
      owner: this.owner, props: this.props, hard: this.hard, apps: this.appList, workloads: this.workloads, report: () => this.capacityReport(),
    });
  }
}

/** `a, b or c`. */
function oneOf(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function tierClassName(t: PriorityTier): string {
  return t.priorityClassName ?? `spark-${t.name}`;
}
