// Over 600 lines: SparkApp implements the ~30 documented methods of ISparkApp; what it derives
// from its props lives in spark-app-conf.ts, the props in spark-app-props.ts, the rendering in
// backends/kubeflow.
import { ApiObject, Chart, Duration, Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AppContext, checkCredential, dynamicAllocationProblems, podSecurity, setCpu, setExecutors, setMemory, validateImage, validateMain, validateSchedule } from './spark-app-conf';
import { SparkAppProps } from './spark-app-props';
import { DENIED_KEYS, FIELD_KEYS, KUBEFLOW_API_VERSION, MAX_SCHEDULED_NAME, renderKubeflowSpec } from '../backends/kubeflow/spark-application';
import { SparkSchedule } from '../core/app-options';
import { LIST_KEYS, SparkConfBuilder } from '../core/conf';
import { checkSparkConfKey } from '../core/conf-keys';
import { ISparkApp, ISparkDriverIdentity, ISparkFeature, ISparkNamespace, SparkContainer } from '../core/contracts';
import { isCredentialEnvName } from '../core/credentials';
import { constructError, constructLabel, propError } from '../core/errors';
import { sparkAppLabels, sparkPodSelector } from '../core/labels';
import { addTotals, computePodResources, mebibytesToQuantity, ModelContext, podTotals } from '../core/model';
import { renderPlacement, requirePort } from '../core/placement';
import { NodeLabelRequirement, PodPlacement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, SparkVolumeMount } from '../core/pod';
import { PodSecurity, SparkPodParts } from '../core/pod-template';
import { PodResources, SparkAppResources, SparkRole } from '../core/resources';
import { dependencyVersionProblems, resolveScalaVersion } from '../core/scala';
import { SparkApplicationType, SparkPods } from '../core/types';
import { dns1035Problem, nameFromId, requireInt, sizeToMebibytes, sortedMap } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning, printWarningsOnSynth } from '../core/warn';
import { SparkDriverIdentity } from '../platform/driver-identity';

/**
 * A Spark application run by the kubeflow spark-operator (v2.5, `sparkoperator.k8s.io/v1beta2`).
 *
 * Defines a `SparkApplication` (or a `ScheduledSparkApplication` with a `schedule`), and, unless
 * an existing service account or a SparkNamespace is given, a ServiceAccount, Role and
 * RoleBinding for the driver. Pod-level settings (security context, volumes, environment,
 * tolerations, affinity, priority) go into the driver and executor pod templates, so they take
 * effect without the operator's mutating webhook.
 *
 * Features (`shuffleStorage`, `monitoring`, `features`, `gangScheduler`, or `addFeature`) add to
 * the app through the public `ISparkApp` methods; `resources()` returns the pods Spark will
 * create, computed as Spark computes them from the final configuration.
 */
export class SparkApp extends Construct implements ISparkApp {
  /** Name of the SparkApplication (or ScheduledSparkApplication). */
  public readonly name: string;
  /** Namespace the app runs in. */
  public readonly namespace: string;
  /** Spark version. */
  public readonly sparkVersion: SparkVersion;
  /** Scala binary version of the Spark build (2.12 or 2.13). */
  public readonly scalaVersion: string;
  /** Application type. */
  public readonly type: SparkApplicationType;
  /** Container image of the Spark pods. */
  public readonly image: string;
  /** Service account of the driver. */
  public readonly serviceAccountName: string;
  /** The driver identity this app created, if it created one. */
  public readonly driverIdentity?: SparkDriverIdentity;
  /** The SparkApplication or ScheduledSparkApplication object (escape hatch: `addJsonPatch`). */
  public readonly apiObject: ApiObject;
  /** The namespace construct the app was placed in, if any. */
  public readonly sparkNamespace?: ISparkNamespace;
  /** Whether the app runs on a schedule. */
  public readonly scheduled: boolean;
  /** The app's schedule, when it runs on one. */
  public readonly schedule?: SparkSchedule;

  private readonly owner: string;
  private readonly props: SparkAppProps;
  private readonly conf: SparkConfBuilder;
  private readonly driverParts: SparkPodParts;
  private readonly executorParts: SparkPodParts;
  private readonly hadoopConf: Record<string, string>;
  private readonly applicationLabels: Record<string, string>;
  private readonly bound: ISparkFeature[] = [];
  private readonly defaultCpuLimits: boolean;
  private readonly security: PodSecurity;
  private readonly headroom: Record<SparkRole, Array<{ mebibytes: number; source: string }>> = { driver: [], executor: [] };
  private headroomVersion = 0;
  private readonly context: AppContext;
  private memo?: { key: string; value: SparkAppResources };
  private effMemo?: { key: string; value: Map<string, string> };

  constructor(scope: Construct, id: string, props: SparkAppProps) {
    super(scope, id);
    // Errors name the app by its path below the chart (e.g. "SparkApp Etl", "SparkApp Pipeline/App").
    this.owner = constructLabel('SparkApp', this);
    this.props = props;
    this.conf = new SparkConfBuilder(this.owner);
    this.sparkVersion = props.sparkVersion;
    this.type = props.type ?? inferType(props.mainApplicationFile);
    this.context = { owner: this.owner, scope: this, conf: this.conf, type: this.type, sparkVersion: this.sparkVersion };
    this.driverParts = new SparkPodParts(this.owner, SparkRole.DRIVER);
    this.executorParts = new SparkPodParts(this.owner, SparkRole.EXECUTOR);
    this.scheduled = props.schedule !== undefined;
    this.schedule = props.schedule;
    this.image = props.image;

    // --- name and namespace
    this.name = props.name ?? nameFromId(id);
    const maxName = this.scheduled ? MAX_SCHEDULED_NAME : 63;
    const nameProblem = dns1035Problem(this.name, maxName);
    if (nameProblem) {
      const why = this.scheduled && this.name.length > MAX_SCHEDULED_NAME ? ' (scheduled runs are named <name>-<19-digit timestamp>, which must stay within 63)' : '';
      throw constructError(this.owner, `name "${this.name}" ${nameProblem}${why}`);
    }
    this.sparkNamespace = props.sparkNamespace;
    this.namespace = props.sparkNamespace?.namespaceName ?? props.namespace ?? Chart.of(this).namespace ?? 'default';
    this.defaultCpuLimits = props.sparkNamespace?.requiresCpuLimits ?? false;

    // --- type and main resource
    this.type = props.type ?? inferType(props.mainApplicationFile);
    validateMain(this.context, props);
    validateImage(this.context, props.image);
    this.scalaVersion = resolveScalaVersion(this.owner, props);

    // --- resources (typed props → conf keys, rendered as CRD fields)
    const src = (p: string) => `prop ${p}`;
    const cores = (role: string, prop: string, v?: number) => {
      requireInt(this.owner, prop, v, 1);
      this.conf.set(`spark.${role}.cores`, `${v ?? 1}`, src(prop));
    };
    cores('driver', 'driverCores', props.driverCores);
    cores('executor', 'executorCores', props.executorCores);
    setCpu(this.context, 'driver', props.driverCoreRequest, props.driverCoreLimit, props.driverCores ?? 1);
    setCpu(this.context, 'executor', props.executorCoreRequest, props.executorCoreLimit, props.executorCores ?? 1);
    setMemory(this.context, 'driver', props.driverMemory, props.driverMemoryOverhead);
    setMemory(this.context, 'executor', props.executorMemory, props.executorMemoryOverhead);
    if (props.memoryOverheadFactor !== undefined) {
      if (!(props.memoryOverheadFactor > 0 && props.memoryOverheadFactor < 10)) {
        throw constructError(this.owner, `memoryOverheadFactor must be a positive fraction of the heap (e.g. 0.1 or 0.4), got ${props.memoryOverheadFactor}`);
      }
      this.conf.set('spark.kubernetes.memoryOverheadFactor', `${props.memoryOverheadFactor}`, src('memoryOverheadFactor'));
    }
    setExecutors(this.context, props);

    // --- deps
    const deps: Array<[keyof SparkAppProps, string]> = [
      ['jars', 'spark.jars'], ['files', 'spark.files'], ['pyFiles', 'spark.submit.pyFiles'],
      ['packages', 'spark.jars.packages'], ['repositories', 'spark.jars.repositories'],
      ['excludePackages', 'spark.jars.excludes'], ['archives', 'spark.archives'],
    ];
    if (props.pyFiles?.length && this.type !== SparkApplicationType.PYTHON) {
      throw constructError(this.owner, `pyFiles only apply to Python apps, got type ${this.type}`);
    }
    for (const p of props.packages ?? []) {
      if (!/^[^:\s]+:[^:\s]+:[^:\s]+$/.test(p)) {
        throw constructError(this.owner, `packages entry "${p}" must be Maven coordinates group:artifact:version`);
      }
    }
    this.checkDependencyVersions(props.packages ?? [], [...(props.jars ?? []), ...(/\.jar$/i.test(props.mainApplicationFile) ? [props.mainApplicationFile] : [])]);
    for (const [prop, key] of deps) {
      const list = props[prop] as string[] | undefined;
      if (list && list.length > 0) this.conf.set(key, list.join(','), src(prop));
    }

    // --- event log
    if (props.eventLogDir !== undefined) {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(props.eventLogDir)) {
        addWarning(this, `eventLogDir "${props.eventLogDir}" has no URI scheme: the driver writes into its own pod and a history server will not see it; use a shared store such as s3a://bucket/spark-events`);
      }
      this.conf.set('spark.eventLog.enabled', 'true', src('eventLogDir'));
      this.conf.set('spark.eventLog.dir', props.eventLogDir, src('eventLogDir'));
    }

    // --- identity (before any feature: features may read serviceAccountName)
    let identity: ISparkDriverIdentity;
    if (props.serviceAccountName !== undefined) {
      this.serviceAccountName = props.serviceAccountName;
    } else if (props.sparkNamespace) {
      identity = props.sparkNamespace.driverIdentity;
      this.serviceAccountName = identity.serviceAccountName;
    } else {
      // The identity is named after the app: its name must stay a DNS-1123 label too.
      if (`${this.name}-driver`.length > 63) {
        throw propError(this.owner, 'name', this.name, `is too long for the driver identity "${this.name}-driver" it names (${this.name.length + 7} characters, at most 63)`,
          'use a name of at most 56 characters, or give serviceAccountName or a sparkNamespace');
      }
      this.driverIdentity = new SparkDriverIdentity(this, 'DriverIdentity', {
        namespace: this.namespace,
        name: `${this.name}-driver`,
        labels: { 'app.kubernetes.io/part-of': this.name },
      });
      identity = this.driverIdentity;
      this.serviceAccountName = this.driverIdentity.serviceAccountName;
    }

    // --- shuffle storage and monitoring, then raw conf, so typed props and these own their keys in conflict messages
    for (const feature of [props.shuffleStorage, props.monitoring]) {
      if (feature) this.addFeature(feature);
    }
    for (const key of Object.keys(props.sparkConf ?? {}).sort()) {
      this.addSparkConf(key, props.sparkConf![key], 'sparkConf');
    }
    this.hadoopConf = {};
    for (const key of Object.keys(props.hadoopConf ?? {}).sort()) {
      if (key.startsWith('spark.hadoop.')) {
        throw constructError(this.owner, `hadoopConf key ${key} must not start with spark.hadoop. (the operator adds the prefix); use ${key.slice('spark.hadoop.'.length)}`);
      }
      checkCredential(this.context, `spark.hadoop.${key}`, 'hadoopConf', key);
      this.hadoopConf[key] = props.hadoopConf![key];
    }

    // --- pod parts from props
    this.security = podSecurity(this.context, props);
    this.addPodProps(props);
    const tierClass = props.sparkNamespace?.registerApp(this, props.tier);
    if (props.tier !== undefined && !props.sparkNamespace) {
      throw constructError(this.owner, `tier "${props.tier}" needs a sparkNamespace that defines priority tiers`);
    }
    this.driverParts.priorityClassName = props.driverPriorityClassName ?? tierClass;
    this.executorParts.priorityClassName = props.executorPriorityClassName ?? tierClass;

    if (props.schedule) validateSchedule(this.context, props.schedule);
    if (props.timeToLive && (props.timeToLive.toMilliseconds() < 1000)) {
      throw constructError(this.owner, `timeToLive must be at least one second, got ${props.timeToLive.toMilliseconds() / 1000}s`);
    }
    if (props.sparkUi?.servicePort !== undefined) {
      requireInt(this.owner, 'sparkUi.servicePort', props.sparkUi.servicePort, 1);
      requirePort(this.owner, 'sparkUi.servicePort', props.sparkUi.servicePort);
    }

    this.applicationLabels = this.objectLabels('spark-application');
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: KUBEFLOW_API_VERSION,
      kind: this.scheduled ? 'ScheduledSparkApplication' : 'SparkApplication',
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.applicationLabels } },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    // The identity's Role grows with what the app needs (read when the Role is rendered).
    identity!?.addUser(this);

    // --- further features (they see the complete app: conf, identity, pods)
    for (const feature of [...(props.features ?? []), ...(props.gangScheduler ? [props.gangScheduler] : [])]) {
      this.addFeature(feature);
    }

    this.node.addValidation({ validate: () => this.validateAtSynth() });
    printWarningsOnSynth(this);
  }

  // ------------------------------------------------------------------------------------------
  // ISparkApp: features and conf

  /** The features bound to this app, in binding order. */
  public get features(): ISparkFeature[] {
    return [...this.bound];
  }

  /**
   * Binds a feature (shuffle storage, monitoring, GPUs, gang scheduling, your own). Each binds once.
   */
  public addFeature(feature: ISparkFeature): void {
    if (this.bound.includes(feature)) return;
    this.bound.push(feature);
    feature.bind(this);
  }

  /**
   * Attaches an addon after construction (same as `addFeature`).
   * @deprecated use addFeature
   */
  public bindAddon(addon: ISparkFeature): void {
    this.addFeature(addon);
  }

  /**
   * The features bound to this app.
   * @deprecated use features
   */
  public get boundAddons(): ISparkFeature[] {
    return this.features;
  }

  /**
   * Adds a Spark configuration entry. Fails when another source set the key to a different value,
   * when the operator's webhook would reject the key, or when the key holds a credential.
   *
   * @param key Spark configuration key
   * @param value its value
   * @param source who sets it, for conflict messages
   * @default source "sparkConf"
   */
  public addSparkConf(key: string, value: string, source?: string): void {
    const from = source ?? 'sparkConf';
    this.checkKey(key, value, from);
    if (FIELD_KEYS.has(key) && from === 'sparkConf') {
      const owner = this.conf.sourceOf(key);
      if (owner !== undefined && this.conf.get(key) !== value) {
        throw constructError(this.owner, `sparkConf key ${key} is also set by ${owner} ("${this.conf.get(key)}" vs "${value}"); set it through the typed prop only`);
      }
    }
    this.conf.set(key, value, from);
  }

  /**
   * Adds entries to a list-valued Spark configuration key; entries from several sources are joined.
   */
  public addSparkConfListEntries(key: string, entries: string[], source: string): void {
    const separator = LIST_KEYS.get(key);
    if (separator === undefined) {
      throw constructError(this.owner, `${source} adds list entries to ${key}, which is not a list-valued key (${[...LIST_KEYS.keys()].join(', ')}); use addSparkConf`);
    }
    this.checkKey(key, entries.join(separator), source);
    if (key === 'spark.jars.packages') this.checkDependencyVersions(entries, []);
    if (key === 'spark.jars') this.checkDependencyVersions([], entries);
    this.conf.appendList(key, entries, source, separator);
  }

  /** The value of a key as Spark will receive it (including the memory headroom and CPU limits the app derives). */
  public sparkConfValue(key: string): string | undefined {
    return this.effectiveConf().get(key);
  }

  /** Who set a Spark configuration key. */
  public sparkConfSource(key: string): string | undefined {
    return this.conf.sourceOf(key);
  }

  /** Every Spark configuration key set so far, sorted. */
  public sparkConfKeys(): string[] {
    return this.conf.keys().sort();
  }

  /**
   * The pods this app creates, computed from its final Spark configuration as Spark 3.3–4.0
   * computes them: the driver, one executor, initial and maximum executor counts, and the peak.
   */
  public resources(): SparkAppResources {
    const key = this.modelKey();
    if (this.memo?.key === key) return this.memo.value;
    const value = this.computeResources();
    this.memo = { key, value };
    return value;
  }

  // ------------------------------------------------------------------------------------------
  // ISparkApp: pods

  /** Sets an environment variable of the Spark containers. */
  public addEnv(pods: SparkPods, name: string, value: SparkEnvValue, source: string): void {
    this.partsOf(pods).forEach(p => p.addEnv(name, value, source));
  }

  /** Adds a volume to the pods without mounting it into the Spark container. */
  public addVolume(pods: SparkPods, volume: SparkVolume, source: string): void {
    this.partsOf(pods).forEach(p => p.addVolume(volume, source));
  }

  /** Mounts a volume into the Spark container. */
  public addVolumeMount(pods: SparkPods, mount: SparkVolumeMount, source: string): void {
    this.partsOf(pods).forEach(p => p.addMount(mount, source));
  }

  /** Mounts a volume into the driver's Spark container. */
  public addDriverVolumeMount(mount: SparkVolumeMount): void {
    this.driverParts.addMount(mount, 'driverVolumeMounts');
  }

  /** Mounts a volume into the executors' Spark container. */
  public addExecutorVolumeMount(mount: SparkVolumeMount): void {
    this.executorParts.addMount(mount, 'executorVolumeMounts');
  }

  /** Adds an init container to the pods. */
  public addInitContainer(pods: SparkPods, container: SparkContainer, source: string): void {
    this.partsOf(pods).forEach(p => p.addContainer('init', container, this.security, source));
  }

  /** Adds a sidecar container to the pods. */
  public addSidecar(pods: SparkPods, container: SparkContainer, source: string): void {
    this.partsOf(pods).forEach(p => p.addContainer('sidecar', container, this.security, source));
  }

  /** Adds tolerations to the pods. */
  public addTolerations(pods: SparkPods, tolerations: SparkToleration[], source: string): void {
    this.partsOf(pods).forEach(p => p.addTolerations(tolerations, source));
  }

  /** Adds node selector labels. */
  public addNodeSelector(pods: SparkPods, labels: { [key: string]: string }, source: string): void {
    this.partsOf(pods).forEach(p => p.addNodeSelector(labels, source));
  }

  /** Adds required node label requirements. */
  public addRequiredNodeAffinity(pods: SparkPods, requirements: NodeLabelRequirement[], source: string): void {
    this.partsOf(pods).forEach(p => p.addRequired(requirements, source));
  }

  /** Adds weighted node preferences. */
  public addPreferredNodeAffinity(pods: SparkPods, preferences: PreferredNodeAffinity[], source: string): void {
    this.partsOf(pods).forEach(p => p.addPreferred(preferences, source));
  }

  /** Where a role's pods go (everything every source added). */
  public placementOf(role: SparkRole): PodPlacement {
    return this.partsOf(role === SparkRole.DRIVER ? SparkPods.DRIVER : SparkPods.EXECUTORS)[0].placement();
  }

  /** Adds labels to the pods. */
  public addPodLabels(pods: SparkPods, labels: { [key: string]: string }, _source: string): void {
    this.partsOf(pods).forEach(p => p.addLabels(labels));
  }

  /** Adds annotations to the pods. */
  public addPodAnnotations(pods: SparkPods, annotations: { [key: string]: string }, _source: string): void {
    this.partsOf(pods).forEach(p => p.addAnnotations(annotations));
  }

  /** Adds labels to the SparkApplication object. */
  public addApplicationLabels(labels: { [key: string]: string }, source: string): void {
    for (const [k, v] of Object.entries(labels)) {
      if (this.applicationLabels[k] !== undefined && this.applicationLabels[k] !== v) {
        throw constructError(this.owner, `application label ${k} is "${this.applicationLabels[k]}" and "${v}" (from ${source}); set it in one place`);
      }
      this.applicationLabels[k] = v;
      this.apiObject.metadata.addLabel(k, v);
    }
  }

  /** Adds memory the container uses outside the JVM heap and Spark's overhead. */
  public addMemoryHeadroom(role: SparkRole, memory: Size, source: string): void {
    const mebibytes = sizeToMebibytes(this.owner, `memory headroom from ${source}`, memory);
    if (mebibytes < 0) {
      throw constructError(this.owner, `memory headroom from ${source} must be a whole number of MiB, got ${mebibytes}`);
    }
    this.headroom[role].push({ mebibytes, source });
    this.headroomVersion++;
  }

  /** Adds ephemeral storage to the Spark container's request and limit. */
  public addEphemeralStorage(role: SparkRole, storage: Size, source: string): void {
    const q = mebibytesToQuantity(sizeToMebibytes(this.owner, `ephemeral storage from ${source}`, storage));
    this.partsOf(role === SparkRole.DRIVER ? SparkPods.DRIVER : SparkPods.EXECUTORS)[0].addResource('ephemeral-storage', q, q, source);
  }

  /** Adds a named TCP port to the Spark container. */
  public addContainerPort(pods: SparkPods, name: string, port: number, source: string): void {
    requirePort(this.owner, `container port ${name} from ${source}`, port);
    this.partsOf(pods).forEach(p => p.addPort(name, port));
  }

  /** Sets the scheduler of the pods. */
  public setSchedulerName(pods: SparkPods, schedulerName: string, source: string): void {
    this.partsOf(pods).forEach(p => p.setScheduler(schedulerName, source));
  }

  /** Raises the pods' termination grace period. */
  public addTerminationGracePeriod(pods: SparkPods, period: Duration, source: string): void {
    const ms = period.toMilliseconds();
    if (ms < 0 || ms % 1000 !== 0) {
      throw constructError(this.owner, `termination grace period from ${source} must be whole seconds, got ${ms / 1000}s`);
    }
    this.partsOf(pods).forEach(p => p.raiseGracePeriod(ms / 1000));
  }

  /** Makes the application object come after these constructs in the manifests. */
  public addObjectDependency(...dependencies: IConstruct[]): void {
    this.apiObject.addDependency(...dependencies);
  }

  /** Labels selecting this app's driver and executor pods. */
  public get podSelectorLabels(): { [key: string]: string } {
    return sparkPodSelector(this.name);
  }

  // ------------------------------------------------------------------------------------------
  // resource model

  private modelContext(role: SparkRole): ModelContext {
    const parts = role === SparkRole.DRIVER ? this.driverParts : this.executorParts;
    return {
      nonJvm: this.type === SparkApplicationType.PYTHON || this.type === SparkApplicationType.R,
      python: this.type === SparkApplicationType.PYTHON,
      version: this.sparkVersion,
      templateResources: parts.templateResources,
    };
  }

  private computeResources(): SparkAppResources {
    const view = this.effectiveConf();
    let driver: PodResources;
    let executor: PodResources;
    try {
      driver = computePodResources(SparkRole.DRIVER, view, this.modelContext(SparkRole.DRIVER));
      executor = computePodResources(SparkRole.EXECUTOR, view, this.modelContext(SparkRole.EXECUTOR));
    } catch (e) {
      throw constructError(this.owner, (e as Error).message);
    }
    const { initial, max } = this.executorCounts();
    return {
      driver,
      executor,
      initialExecutors: initial,
      maxExecutors: max,
      peak: addTotals(podTotals(driver, 1), podTotals(executor, max)),
    };
  }

  private modelKey(): string {
    return `${this.conf.version}/${this.driverParts.version}/${this.executorParts.version}/${this.headroomVersion}`;
  }

  /** The conf as Spark will see it: the builder's entries plus headroom and the CPU limits a namespace requires. */
  private effectiveConf(): Map<string, string> {
    const key = this.modelKey();
    if (this.effMemo?.key === key) return this.effMemo.value;
    const value = this.computeEffectiveConf();
    this.effMemo = { key, value };
    return value;
  }

  private computeEffectiveConf(): Map<string, string> {
    const view = this.conf.view();
    // Memory that lives inside the container but outside the JVM (tmpfs, RocksDB, pinned pools):
    // the overhead Spark would use, plus the headroom, becomes an explicit memoryOverhead.
    for (const role of [SparkRole.DRIVER, SparkRole.EXECUTOR]) {
      const extra = this.headroom[role].reduce((s, h) => s + h.mebibytes, 0);
      if (extra === 0) continue;
      let base: number;
      try {
        base = computePodResources(role, view, this.modelContext(role)).overheadMebibytes;
      } catch {
        continue; // resources() reports the unparseable value
      }
      view.set(`spark.${role}.memoryOverhead`, `${base + extra}m`);
    }
    if (this.defaultCpuLimits) {
      for (const r of ['driver', 'executor']) {
        if (!view.has(`spark.kubernetes.${r}.limit.cores`)) {
          view.set(`spark.kubernetes.${r}.limit.cores`, view.get(`spark.kubernetes.${r}.request.cores`) ?? view.get(`spark.${r}.cores`) ?? '1');
        }
      }
    }
    return view;
  }

  private executorCounts(): { initial: number; max: number } {
    const c = this.conf;
    if (c.get('spark.dynamicAllocation.enabled') === 'true') {
      const max = Number(c.get('spark.dynamicAllocation.maxExecutors'));
      const initial = Math.max(
        Number(c.get('spark.dynamicAllocation.minExecutors') ?? 0),
        Number(c.get('spark.dynamicAllocation.initialExecutors') ?? 0),
        Number(c.get('spark.executor.instances') ?? 0));
      return { initial, max };
    }
    const n = Number(c.get('spark.executor.instances') ?? 2);
    return { initial: n, max: n };
  }

  // ------------------------------------------------------------------------------------------
  // props → conf and parts

  private addPodProps(props: SparkAppProps) {
    const envs: Array<[SparkPods, string, { [name: string]: SparkEnvValue } | undefined]> = [
      [SparkPods.ALL, 'env', props.env], [SparkPods.DRIVER, 'driverEnv', props.driverEnv], [SparkPods.EXECUTORS, 'executorEnv', props.executorEnv],
    ];
    for (const [pods, prop, env] of envs) {
      for (const [name, v] of Object.entries(env ?? {})) this.addEnv(pods, name, v, `prop ${prop}`);
    }
    for (const parts of [this.driverParts, this.executorParts]) {
      for (const s of props.envFromSecrets ?? []) parts.addEnvFrom({ secretRef: { name: s } });
      for (const c of props.envFromConfigMaps ?? []) parts.addEnvFrom({ configMapRef: { name: c } });
    }
    for (const m of props.driverVolumeMounts ?? []) this.addDriverVolumeMount(m);
    for (const m of props.executorVolumeMounts ?? []) this.addExecutorVolumeMount(m);
    for (const [, prop, env] of envs) {
      for (const [k, v] of Object.entries(env ?? {})) {
        if (v._spec.value !== undefined && isCredentialEnvName(k)) {
          throw constructError(this.owner, `${prop} variable ${k} holds a credential as a literal; use SparkEnvValue.fromSecret(secretName, key)`);
        }
      }
    }
    this.addNodeSelector(SparkPods.ALL, props.nodeSelector ?? {}, 'prop nodeSelector');
    this.addNodeSelector(SparkPods.DRIVER, props.driverNodeSelector ?? {}, 'prop driverNodeSelector');
    this.addNodeSelector(SparkPods.EXECUTORS, props.executorNodeSelector ?? {}, 'prop executorNodeSelector');
    this.addTolerations(SparkPods.ALL, props.tolerations ?? [], 'tolerations');
    this.addTolerations(SparkPods.EXECUTORS, props.executorTolerations ?? [], 'executorTolerations');
    this.addRequiredNodeAffinity(SparkPods.ALL, props.requiredNodeAffinity ?? [], 'requiredNodeAffinity');
    this.addPreferredNodeAffinity(SparkPods.ALL, props.preferredNodeAffinity ?? [], 'preferredNodeAffinity');
    this.driverParts.addLabels(props.driverLabels ?? {});
    this.driverParts.addAnnotations(props.driverAnnotations ?? {});
    this.executorParts.addLabels(props.executorLabels ?? {});
    this.executorParts.addAnnotations(props.executorAnnotations ?? {});
  }

  private partsOf(pods: SparkPods | SparkRole): SparkPodParts[] {
    if (pods === SparkPods.DRIVER) return [this.driverParts];
    if (pods === SparkPods.EXECUTORS) return [this.executorParts];
    if (pods === SparkPods.ALL) return [this.driverParts, this.executorParts];
    throw constructError(this.owner, `pods must be SparkPods.DRIVER, SparkPods.EXECUTORS or SparkPods.ALL, got ${JSON.stringify(pods)}`);
  }

  // ------------------------------------------------------------------------------------------
  // validation

  private checkKey(key: string, value: string, from: string) {
    if (DENIED_KEYS[key]) {
      throw constructError(this.owner, `${from} key ${key} is rejected by the spark-operator's webhook; ${DENIED_KEYS[key]}`);
    }
    if (key === 'spark.kubernetes.namespace' && value !== this.namespace) {
      throw constructError(this.owner, `${from} key spark.kubernetes.namespace is "${value}" but the app runs in namespace "${this.namespace}"; the operator rejects a different namespace, remove the key`);
    }
    checkCredential(this.context, key, from, key);
    const check = checkSparkConfKey(key);
    if (check.kind === 'unknown' && check.suggestion) {
      addWarning(this, `${from} key ${key} is not a Spark configuration key; did you mean ${check.suggestion}?`);
    } else if (check.kind === 'deprecated') {
      addWarning(this, `${from} key ${key} is deprecated${check.replacement ? `; use ${check.replacement}` : ''}`);
    }
  }

  private checkDependencyVersions(packages: string[], jars: string[]) {
    const problems = dependencyVersionProblems(this.sparkVersion, this.scalaVersion, packages, jars);
    if (problems.length > 0) throw constructError(this.owner, problems.join('; '));
  }

  private validateAtSynth(): string[] {
    const errors: string[] = [];
    const c = this.conf;
    let res: SparkAppResources | undefined;
    try {
      res = this.resources();
    } catch (e) {
      errors.push((e as Error).message.replace(`${this.owner}: `, ''));
    }
    errors.push(...dynamicAllocationProblems(this.context));
    if (res && c.get('spark.dynamicAllocation.enabled') === 'true' && !(res.maxExecutors < 2147483647)) {
      errors.push('dynamicAllocation.maxExecutors must be bounded');
    }
    return errors.map(e => `${this.owner}: ${e}`);
  }

  // ------------------------------------------------------------------------------------------
  // rendering

  private objectLabels(component: string): Record<string, string> {
    return sparkAppLabels(this.name, component);
  }

  private podLabels(parts: SparkPodParts): Record<string, string> {
    return sortedMap({
      ...parts.podLabels,
      ...this.objectLabels(parts.role === SparkRole.DRIVER ? 'spark-driver' : 'spark-executor'),
    })!;
  }

  private renderSpec(): any {
    const p = this.props;
    const role = (parts: SparkPodParts, automountToken: boolean) => {
      const labels = this.podLabels(parts);
      return {
        labels,
        annotations: parts.podAnnotations,
        template: parts.render({ security: this.security, automountToken, labels }),
        placement: renderPlacement(parts.placement()),
      };
    };
    return renderKubeflowSpec({
      type: this.type,
      sparkVersion: this.sparkVersion.version,
      image: p.image,
      imagePullPolicy: p.imagePullPolicy,
      imagePullSecrets: p.imagePullSecrets,
      mainApplicationFile: p.mainApplicationFile,
      mainClass: p.mainClass,
      arguments: p.arguments,
      conf: this.effectiveConf(),
      hadoopConf: this.hadoopConf,
      serviceAccountName: this.serviceAccountName,
      driver: role(this.driverParts, true),
      executor: role(this.executorParts, p.executorServiceAccountToken ?? false),
      restartPolicy: p.restartPolicy,
      timeToLive: p.timeToLive,
      sparkUi: p.sparkUi,
      schedule: p.schedule,
      objectLabels: this.applicationLabels,
    });
  }
}

function inferType(file: string): SparkApplicationType {
  if (/\.py$/i.test(file ?? '')) return SparkApplicationType.PYTHON;
  if (/\.r$/i.test(file ?? '')) return SparkApplicationType.R;
  return SparkApplicationType.SCALA;
}
