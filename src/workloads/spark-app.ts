// Over 600 lines: SparkApp implements the ~30 documented methods of ISparkApp; what it derives
// from its props lives in spark-app-conf.ts, the props in spark-app-props.ts, the back-end
// dispatch in spark-app-backend.ts and the rendering in backends/.
import { ApiObject, Chart, Duration, Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { backendFeatureProblems, defineBackendApp } from './spark-app-backend';
import { addHadoopConf, AppContext, checkConfEntry, finalConfProblems, podSecurity, setCpu, setExecutors, setMemory, validateImage, validateMain, validateSchedule } from './spark-app-conf';
import { SparkAppProps } from './spark-app-props';
import { CONF_VALUE, SPARK_APP_PROPS_SHAPE, SPARK_FEATURE } from './spark-app-shapes';
import { applicationLabelConflicts, metricsOverrideConflicts, setTypedConf } from './spark-app-typed-conf';
import { SparkBackend } from '../backends/backend';
import { KUBEFLOW_API_VERSION, MAX_SCHEDULED_NAME, renderKubeflowSpec } from '../backends/kubeflow/spark-application';
import { SparkSchedule } from '../core/app-options';
import { arr, Check, checkProps, duration, envName, enumOf, instance, objectName, refine, required, size, str } from '../core/check';
import { LIST_KEYS, SparkConfBuilder } from '../core/conf';
import { ISparkApp, ISparkDriverIdentity, ISparkFeature, ISparkNamespace, SparkContainer } from '../core/contracts';
import { isCredentialEnvName } from '../core/credentials';
import { constructError, constructLabel, formatValue, propError } from '../core/errors';
import { imageOf, imageSecurityIds, recordImagePreset } from '../core/image-use';
import { sparkAppLabels, sparkPodSelector } from '../core/labels';
import { appResources, computePodResources, confFlag, ConfValueError, executorCounts, mebibytesToQuantity, ModelContext, parseSparkTime } from '../core/model';
import { renderPlacement } from '../core/placement';
import { NodeLabelRequirement, PodAffinityRequirement, PodPlacement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, SparkVolumeMount } from '../core/pod';
import { checkAdded, PodSecurity, sourceProp, SparkPodParts } from '../core/pod-template';
import { PodResources, SparkAppResources, SparkRole } from '../core/resources';
import { Dependency, dependencyVersionProblems, resolveScalaVersion } from '../core/scala';
import {
  ANNOTATIONS, ENV_VALUE, LABELS, NODE_LABEL_REQUIREMENT, NODE_SELECTOR, POD_AFFINITY_REQUIREMENT, PORT, PREFERRED_NODE_AFFINITY, SPARK_CONTAINER,
  SPARK_PODS, SPARK_TOLERATION, SPARK_VOLUME, SPARK_VOLUME_MOUNT, withLazyValues,
} from '../core/shapes';
import { SparkApplicationType, SparkPods } from '../core/types';
import { dns1035Problem, dns1123LabelProblem, keyProp, nameFromId, sizeToMebibytes, sortedMap } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning, addWarningProducer, printWarningsOnSynth } from '../core/warn';
import { SparkDriverIdentity } from '../platform/driver-identity';
import { PoolPlacement } from '../platform/node-pool';

/**
 * A Spark application run by the kubeflow spark-operator (v2.5, `sparkoperator.k8s.io/v1beta2`).
 *
 * Defines a `SparkApplication` (or a `ScheduledSparkApplication` with a `schedule`), and, unless
 * an existing service account or a SparkNamespace is given, a ServiceAccount, Role and
 * RoleBinding for the driver. With `backend: SparkBackend.sparkSubmit()` it defines, instead of the
 * SparkApplication, a Job (or CronJob) that runs spark-submit, with its own ServiceAccount and Role.
 * Pod-level settings (security context, volumes, environment,
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
  /** How the app is handed to Kubernetes (the kubeflow spark-operator unless the backend prop says otherwise). */
  public readonly backend: SparkBackend;

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
  /** Who first set each pod annotation (`driver <key>` or `executor <key>`), for conflict messages. */
  private readonly annotationSources = new Map<string, string>();
  private headroomVersion = 0;
  private readonly context: AppContext;
  private memo?: { key: string; value: SparkAppResources };
  private effMemo?: { key: string; value: Map<string, string> };

  constructor(scope: Construct, id: string, props: SparkAppProps) {
    super(scope, id);
    // Errors name the app by its path below the chart (e.g. "SparkApp Etl", "SparkApp Pipeline/App").
    this.owner = constructLabel('SparkApp', this);
    // Every prop's type, presence and range first: nothing below reads an unchecked value.
    checkProps({ owner: this.owner, scope: this }, props, 'SparkAppProps', SPARK_APP_PROPS_SHAPE);
    this.props = props;
    this.conf = new SparkConfBuilder(this.owner);
    this.sparkVersion = props.sparkVersion;
    this.type = props.type ?? inferType(props.mainApplicationFile);
    // The back-end first: which conf keys the app may set depends on who submits it.
    this.backend = props.backend ?? SparkBackend.defaultFor(this) ?? SparkBackend.kubeflow();
    this.context = { owner: this.owner, scope: this, conf: this.conf, type: this.type, sparkVersion: this.sparkVersion, backend: this.backend };
    this.driverParts = new SparkPodParts(this.owner, SparkRole.DRIVER);
    this.executorParts = new SparkPodParts(this.owner, SparkRole.EXECUTOR);
    this.scheduled = props.schedule !== undefined;
    this.schedule = props.schedule;
    this.image = imageOf(this.owner, props);
    recordImagePreset(this, props.imagePreset);

    // --- name and namespace
    this.name = props.name ?? nameFromId(id);
    const maxName = this.scheduled ? MAX_SCHEDULED_NAME : 63;
    const nameProblem = dns1035Problem(this.name, maxName);
    if (nameProblem) {
      const tooLong = this.name.length > maxName;
      const why = this.scheduled && tooLong ? ' (scheduled runs are named <name>-<19-digit timestamp>, which must stay within 63)' : '';
      const given = props.name !== undefined ? 'use a name' : `give a name prop (the default comes from the construct id "${id}")`;
      const suggestion = nameFromId(this.name);
      const example = suggestion !== '' && !dns1035Problem(suggestion, maxName) ? suggestion : 'etl-job';
      throw propError(this.owner, 'name', this.name, `${nameProblem}${why}`,
        tooLong ? `${given} of at most ${maxName} characters` : `${given} of lower-case letters, digits and "-", e.g. "${example}"`);
    }
    this.sparkNamespace = props.sparkNamespace;
    const chartNamespace = Chart.of(this).namespace;
    if (props.sparkNamespace === undefined && props.namespace === undefined && chartNamespace !== undefined) {
      // The chart's namespace is the user's too: checked as the namespace prop would be.
      const problem = dns1123LabelProblem(chartNamespace);
      if (problem) {
        throw propError(this.owner, 'namespace', chartNamespace, `(the chart's namespace) ${problem}`, 'give the chart a valid namespace, or set the namespace prop');
      }
    }
    this.namespace = props.sparkNamespace?.namespaceName ?? props.namespace ?? chartNamespace ?? 'default';
    // The Stackable operator always gives the pods a CPU limit (cpu.max): unless the app sets one,
    // it is the request, as in a namespace whose quota constrains limits.cpu.
    this.defaultCpuLimits = (props.sparkNamespace?.requiresCpuLimits ?? false) || this.backend.name === 'stackable';

    // --- type and main resource
    this.type = props.type ?? inferType(props.mainApplicationFile);
    validateMain(this.context, props);
    validateImage(this.context, this.image);
    this.scalaVersion = resolveScalaVersion(this.owner, { ...props, image: this.image });

    // --- resources (typed props → conf keys, rendered as CRD fields)
    const src = (p: string) => `prop ${p}`;
    const cores = (role: string, prop: string, v?: number) => this.conf.set(`spark.${role}.cores`, `${v ?? 1}`, src(prop));
    cores('driver', 'driverCores', props.driverCores);
    cores('executor', 'executorCores', props.executorCores);
    setCpu(this.context, 'driver', props.driverCoreRequest, props.driverCoreLimit, props.driverCores ?? 1);
    setCpu(this.context, 'executor', props.executorCoreRequest, props.executorCoreLimit, props.executorCores ?? 1);
    setMemory(this.context, 'driver', props.driverMemory, props.driverMemoryOverhead);
    setMemory(this.context, 'executor', props.executorMemory, props.executorMemoryOverhead);
    if (props.memoryOverheadFactor !== undefined) {
      // Spark accepts any factor >= 0 (0 leaves the 384 MiB floor); the shape checked the range.
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
      throw propError(this.owner, 'pyFiles', props.pyFiles, `only apply to Python apps (the app's type is ${this.type})`,
        'drop pyFiles or set type to SparkApplicationType.PYTHON');
    }
    (props.packages ?? []).forEach((p, i) => {
      if (!/^[^:\s]+:[^:\s]+:[^:\s]+$/.test(p)) {
        throw propError(this.owner, `packages[${i}]`, p, 'must be Maven coordinates group:artifact:version',
          'write all three parts, e.g. org.postgresql:postgresql:42.7.4 (a jar file goes into jars)');
      }
    });
    const listed = (prop: string, values: string[] | undefined): Dependency[] => (values ?? []).map((value, i) => ({ prop: `${prop}[${i}]`, value }));
    this.checkDependencyVersions(listed('packages', props.packages),
      [...listed('jars', props.jars), ...(/\.jar$/i.test(props.mainApplicationFile) ? [{ prop: 'mainApplicationFile', value: props.mainApplicationFile }] : [])]);
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
    // --- typed props that are conf entries (rolling event log, upload path, pod names, JVM options, ...)
    setTypedConf(this.context, props, this.namespace);

    // --- identity (before any feature: features may read serviceAccountName)
    let identity: ISparkDriverIdentity;
    if (props.serviceAccountName !== undefined) {
      this.serviceAccountName = props.serviceAccountName;
    } else if (props.sparkNamespace) {
      identity = props.sparkNamespace.driverIdentity;
      this.serviceAccountName = identity.serviceAccountName;
    } else {
      // The identity is named after the app: "<name>-driver" names a ServiceAccount, Role and
      // RoleBinding, whose names may have 253 characters (DNS-1123 subdomains); an app name (a
      // DNS-1035 label of at most 63, checked above) always leaves a valid one.
      const identityName = `${this.name}-driver`;
      this.driverIdentity = new SparkDriverIdentity(this, 'DriverIdentity', {
        namespace: this.namespace,
        name: identityName,
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
    // Hadoop conf joins the Spark conf as spark.hadoop.* (one key, one value across both props and features).
    this.hadoopConf = addHadoopConf(this.context, props.hadoopConf);

    // --- pod parts from props
    this.security = podSecurity(this.context, props);
    if (props.imagePreset) this.security = { ...this.security, ...imageSecurityIds(this.owner, props.imagePreset, props.security) };
    this.addPodProps(props);
    const tierClass = props.sparkNamespace?.registerApp(this, props.tier);
    if (props.tier !== undefined && !props.sparkNamespace) {
      throw propError(this.owner, 'tier', props.tier, 'needs a sparkNamespace that defines priority tiers',
        'give the app a sparkNamespace with tiers, or drop tier and set driverPriorityClassName / executorPriorityClassName');
    }
    this.driverParts.priorityClassName = props.driverPriorityClassName ?? tierClass;
    this.executorParts.priorityClassName = props.executorPriorityClassName ?? tierClass;

    if (props.schedule) validateSchedule(this.context, props.schedule);
    if (props.timeToLive && (props.timeToLive.toMilliseconds() < 1000)) {
      throw propError(this.owner, 'timeToLive', props.timeToLive, 'must be at least one second', 'use e.g. Duration.hours(1)');
    }

    this.applicationLabels = this.objectLabels('spark-application');
    if (this.backend.name !== 'kubeflow') {
      const values = { name: this.name, namespace: this.namespace, type: this.type, image: this.image };
      const account = { serviceAccountName: this.serviceAccountName, objectLabels: this.applicationLabels };
      const ids = { uid: this.security.uid, gid: this.security.gid };
      const versions = { sparkVersion: this.sparkVersion, scalaVersion: this.scalaVersion, hadoopConf: this.hadoopConf };
      this.apiObject = defineBackendApp(this, this.owner, props, this.backend, { ...values, ...account, ...ids, ...versions }, {
        conf: () => this.effectiveConf(),
        // Other back-ends have no annotation fields: the pods' annotations go into the templates.
        driverTemplate: () => this.podTemplate(this.driverParts, true, true),
        executorTemplate: () => this.podTemplate(this.executorParts, props.executorServiceAccountToken ?? false, true),
        driverClaims: () => this.resources().driver.onDemandClaims.length > 0,
        resources: () => this.resources(),
        confSource: (key: string) => this.conf.sourceOf(key),
      });
    } else {
      this.apiObject = new ApiObject(this, 'Resource', {
        apiVersion: KUBEFLOW_API_VERSION,
        kind: this.scheduled ? 'ScheduledSparkApplication' : 'SparkApplication',
        metadata: { name: this.name, namespace: this.namespace, labels: { ...this.applicationLabels } },
        spec: Lazy.any({ produce: () => this.renderSpec() }),
      });
    }
    if (props.applicationLabels) this.addApplicationLabels(props.applicationLabels, 'prop applicationLabels');
    for (const [k, v] of Object.entries(props.applicationAnnotations ?? {})) this.apiObject.metadata.addAnnotation(k, v);
    // The identity's Role grows with what the app needs (read when the Role is rendered).
    identity!?.addUser(this);

    // --- node pools (before further features, which may read the placement)
    if (props.placement) this.addFeature(new PoolPlacement(props.placement));
    // --- further features (they see the complete app: conf, identity, pods)
    const further = [props.historyServer, ...(props.features ?? []), props.gangScheduler];
    for (const feature of further) if (feature) this.addFeature(feature);
    // --- the namespace's features, unless the app has one of the same kind (its own wins)
    for (const feature of props.sparkNamespace?.appFeatures ?? []) {
      if (!this.bound.some(f => f.constructor === feature.constructor)) this.addFeature(feature);
    }

    this.node.addValidation({ validate: () => this.validateAtSynth() });
    addWarningProducer(this, () => this.gracePeriodWarnings());
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
    this.arg('feature', REQUIRED_FEATURE, feature);
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
    this.arg('source', str(), source);
    const from = source ?? 'sparkConf';
    const by = from === 'sparkConf' ? undefined : from;
    this.arg('sparkConf key', CONF_KEY, key, by);
    this.arg(keyProp('sparkConf', key), required(CONF_VALUE), value, by);
    this.checkKey(key, value, from);
    this.conf.set(key, value, from);
  }

  /**
   * Adds entries to a list-valued Spark configuration key; entries from several sources are joined.
   */
  public addSparkConfListEntries(key: string, entries: string[], source: string): void {
    this.arg('source', SOURCE, source);
    this.arg('sparkConf key', CONF_KEY, key, source);
    this.arg(keyProp('sparkConf', key), LIST_ENTRIES, entries, source);
    const separator = LIST_KEYS.get(key);
    if (separator === undefined) {
      throw propError(this.owner, keyProp('sparkConf', key), entries, `(list entries from ${source}) cannot be appended: the key is not list-valued`,
        `use addSparkConf; the list-valued keys are ${[...LIST_KEYS.keys()].join(', ')}`);
    }
    this.checkKey(key, entries.join(separator), source);
    const added = entries.map(value => ({ prop: keyProp('sparkConf', key), value, by: source }));
    if (key === 'spark.jars.packages') this.checkDependencyVersions(added, []);
    if (key === 'spark.jars') this.checkDependencyVersions([], added);
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
   * The pods this app creates, computed from its final Spark configuration as Spark 3.3–4.2
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
    const { prop, by } = this.sourceArgs(source, pods, 'env');
    this.arg(`${prop} key`, ENV_NAME, name, by);
    this.arg(keyProp(prop, name), required(ENV_VALUE), value, by);
    this.partsOf(pods).forEach(p => p.addEnv(name, value, source));
  }

  /** Adds a volume to the pods without mounting it into the Spark container. */
  public addVolume(pods: SparkPods, volume: SparkVolume, source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'volume');
    this.arg(prop, required(SPARK_VOLUME), volume, by);
    this.guardHostPath(volume, prop, by);
    this.partsOf(pods).forEach(p => p.addVolume(volume, source));
  }

  /** Mounts a volume into the Spark container. */
  public addVolumeMount(pods: SparkPods, mount: SparkVolumeMount, source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'volumeMount');
    this.arg(prop, required(SPARK_VOLUME_MOUNT), mount, by);
    this.guardHostPath(mount.volume, `${prop}.volume`, by);
    this.partsOf(pods).forEach(p => p.addMount(mount, source));
  }

  /** Mounts a volume into the driver's Spark container. */
  public addDriverVolumeMount(mount: SparkVolumeMount): void {
    this.arg('driverVolumeMounts', required(SPARK_VOLUME_MOUNT), mount);
    this.guardHostPath(mount.volume, 'driverVolumeMounts.volume');
    this.driverParts.addMount(mount, 'prop driverVolumeMounts');
  }

  /** Mounts a volume into the executors' Spark container. */
  public addExecutorVolumeMount(mount: SparkVolumeMount): void {
    this.arg('executorVolumeMounts', required(SPARK_VOLUME_MOUNT), mount);
    this.guardHostPath(mount.volume, 'executorVolumeMounts.volume');
    this.executorParts.addMount(mount, 'prop executorVolumeMounts');
  }

  /**
   * Adds an init container to the pods. One with `runAsRoot` is an error in a SparkNamespace that
   * enforces the restricted Pod Security Standard, and a warning (`root-container`) elsewhere.
   */
  public addInitContainer(pods: SparkPods, container: SparkContainer, source: string): void {
    this.addContainer('init', pods, container, source);
  }

  /**
   * Adds a sidecar container to the pods (`runAsRoot` as for init containers). The resource model
   * adds its CPU and memory to the pods'.
   */
  public addSidecar(pods: SparkPods, container: SparkContainer, source: string): void {
    this.addContainer('sidecar', pods, container, source);
  }

  /** Adds tolerations to the pods. */
  public addTolerations(pods: SparkPods, tolerations: SparkToleration[], source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'tolerations');
    this.arg(prop, required(arr(SPARK_TOLERATION)), tolerations, by);
    this.partsOf(pods).forEach(p => p.addTolerations(tolerations, source));
  }

  /** Adds node selector labels. */
  public addNodeSelector(pods: SparkPods, labels: { [key: string]: string }, source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'nodeSelector');
    this.arg(prop, required(NODE_SELECTOR), labels, by);
    this.partsOf(pods).forEach(p => p.addNodeSelector(labels, source));
  }

  /** Adds required node label requirements. */
  public addRequiredNodeAffinity(pods: SparkPods, requirements: NodeLabelRequirement[], source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'requiredNodeAffinity');
    this.arg(prop, required(arr(NODE_LABEL_REQUIREMENT)), requirements, by);
    this.partsOf(pods).forEach(p => p.addRequired(requirements, source));
  }

  /** Adds weighted node preferences. */
  public addPreferredNodeAffinity(pods: SparkPods, preferences: PreferredNodeAffinity[], source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'preferredNodeAffinity');
    this.arg(prop, required(arr(PREFERRED_NODE_AFFINITY)), preferences, by);
    this.partsOf(pods).forEach(p => p.addPreferred(preferences, source));
  }

  /** Adds required pod affinity (e.g. executors in their driver's zone). */
  public addRequiredPodAffinity(pods: SparkPods, requirements: PodAffinityRequirement[], source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'requiredPodAffinity');
    this.arg(prop, required(arr(POD_AFFINITY_REQUIREMENT)), requirements, by);
    this.partsOf(pods).forEach(p => p.addPodAffinity(requirements, source));
  }

  /** Where a role's pods go (everything every source added). */
  public placementOf(role: SparkRole): PodPlacement {
    this.arg('role', ROLE, role);
    return this.partsOf(role === SparkRole.DRIVER ? SparkPods.DRIVER : SparkPods.EXECUTORS)[0].placement();
  }

  /** Adds labels to the pods. */
  public addPodLabels(pods: SparkPods, labels: { [key: string]: string }, source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'podLabels');
    this.arg(prop, POD_LABELS, labels, by);
    this.partsOf(pods).forEach(p => p.addLabels(labels));
  }

  /** Adds annotations to the pods. */
  public addPodAnnotations(pods: SparkPods, annotations: { [key: string]: string }, source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, 'podAnnotations');
    this.arg(prop, POD_ANNOTATIONS, annotations, by);
    for (const p of this.partsOf(pods)) {
      for (const [k, v] of Object.entries(annotations)) {
        const had = p.podAnnotations[k];
        const where = `${p === this.driverParts ? 'driver' : 'executor'} ${k}`;
        if (had !== undefined && had !== v && typeof v === 'string' && typeof had === 'string') {
          throw propError(this.owner, keyProp(prop, k), v, `${by ? `(added by ${by}) ` : ''}conflicts with ${formatValue(had)} set by ${this.annotationSources.get(where)} on the ${p === this.driverParts ? 'driver pod' : 'executor pods'}`, 'set the annotation in one place');
        }
        if (!this.annotationSources.has(where)) this.annotationSources.set(where, source);
      }
    }
    this.partsOf(pods).forEach(p => p.addAnnotations(annotations));
  }

  /** Adds labels to the SparkApplication object. */
  public addApplicationLabels(labels: { [key: string]: string }, source: string): void {
    this.arg('source', SOURCE, source);
    this.arg('applicationLabels', POD_LABELS, labels, source);
    for (const [k, v] of Object.entries(labels)) {
      if (this.applicationLabels[k] !== undefined && this.applicationLabels[k] !== v) {
        throw propError(this.owner, keyProp('applicationLabels', k), v, `(set by ${source}) conflicts with ${formatValue(this.applicationLabels[k])} already on the ${this.scheduled ? 'ScheduledSparkApplication' : 'SparkApplication'}`,
          'set the label in one place');
      }
      this.applicationLabels[k] = v;
      this.apiObject.metadata.addLabel(k, v);
    }
  }

  /** Adds memory the container uses outside the JVM heap and Spark's overhead. */
  public addMemoryHeadroom(role: SparkRole, memory: Size, source: string): void {
    this.arg('source', SOURCE, source);
    this.arg('role', ROLE, role, source);
    const prop = keyProp('memoryHeadroom', source);
    this.arg(prop, HEADROOM, memory);
    const mebibytes = sizeToMebibytes(this.owner, prop, memory);
    this.headroom[role].push({ mebibytes, source });
    this.headroomVersion++;
  }

  /** Adds ephemeral storage to the Spark container's request and limit. */
  public addEphemeralStorage(role: SparkRole, storage: Size, source: string): void {
    this.arg('source', SOURCE, source);
    this.arg('role', ROLE, role, source);
    const prop = keyProp('ephemeralStorage', source);
    this.arg(prop, STORAGE, storage);
    const q = mebibytesToQuantity(sizeToMebibytes(this.owner, prop, storage));
    this.partsOf(role === SparkRole.DRIVER ? SparkPods.DRIVER : SparkPods.EXECUTORS)[0].addResource('ephemeral-storage', q, q, source);
  }

  /** Adds a named TCP port to the Spark container. */
  public addContainerPort(pods: SparkPods, name: string, port: number, source: string): void {
    const { by } = this.sourceArgs(source, pods, 'containerPorts');
    this.arg('containerPorts key', PORT_NAME, name, by);
    this.arg(keyProp('containerPorts', name), required(PORT), port, by);
    this.partsOf(pods).forEach(p => p.addPort(name, port, source));
  }

  /** Sets the scheduler of the pods. */
  public setSchedulerName(pods: SparkPods, schedulerName: string, source: string): void {
    const { by } = this.sourceArgs(source, pods, 'schedulerName');
    this.arg('schedulerName', SCHEDULER_NAME, schedulerName, by);
    this.partsOf(pods).forEach(p => p.setScheduler(schedulerName, source));
  }

  /** Raises the pods' termination grace period. */
  public addTerminationGracePeriod(pods: SparkPods, period: Duration, source: string): void {
    this.sourceArgs(source, pods, 'terminationGracePeriod');
    this.arg(keyProp('terminationGracePeriod', source), GRACE_PERIOD, period);
    const ms = period.toMilliseconds();
    if (ms < 0 || ms % 1000 !== 0) {
      throw propError(this.owner, `terminationGracePeriod[${JSON.stringify(source)}]`, period, 'must be a whole number of seconds',
        `use e.g. Duration.seconds(${Math.max(0, Math.ceil(ms / 1000))})`);
    }
    this.partsOf(pods).forEach(p => p.raiseGracePeriod(ms / 1000));
  }

  /** Makes the application object come after these constructs in the manifests. */
  public addObjectDependency(...dependencies: IConstruct[]): void {
    dependencies.forEach((d, i) => this.arg(`dependencies[${i}]`, CONSTRUCT, d));
    this.apiObject.addDependency(...dependencies);
  }

  /** Labels selecting this app's driver and executor pods. */
  public get podSelectorLabels(): { [key: string]: string } {
    return sparkPodSelector(this.name, this.backend.name === 'stackable');
  }

  // ------------------------------------------------------------------------------------------
  // arguments of the public methods (a feature written in JavaScript may pass anything)

  /** Checks one argument; `by` names who passed it in the message. */
  private arg(path: string, check: Check, value: unknown, by?: string): void {
    checkAdded({ owner: this.owner, scope: this }, path, check, value, by);
  }

  /** Checks the source and pods of a method, and returns the prop its messages name (see sourceProp). */
  private sourceArgs(source: string, pods: SparkPods, generic: string): { prop: string; by?: string } {
    this.arg('source', SOURCE, source);
    const named = sourceProp(source, generic);
    this.arg('pods', PODS, pods, named.by);
    return named;
  }

  /**
   * hostPath volumes: the baseline and restricted Pod Security Standards forbid them, so an app in
   * a SparkNamespace that enforces either cannot mount one; elsewhere a warning.
   */
  private guardHostPath(volume: SparkVolume, prop: string, by?: string): void {
    if (volume.type !== 'hostPath') return;
    const level = this.sparkNamespace?.podSecurityEnforce;
    const path = volume._source.hostPath.path;
    if (level === 'restricted' || level === 'baseline') {
      throw propError(this.owner, prop, volume.name,
        `${by ? `(added by ${by}) ` : ''}is a hostPath volume (${path}), which the ${level} Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace ${this.namespace} enforces ${level}`,
        'use a PersistentVolumeClaim or an emptyDir, or place the app in a namespace with podSecurity privileged');
    }
    addWarning(this, `${prop} ${JSON.stringify(volume.name)}${by ? ` (added by ${by})` : ''} mounts hostPath ${path}: hostPath volumes break the baseline and restricted Pod Security Standards and the directory must be accessible to the pods' user (fsGroup does not apply)`, 'host-path-volume');
  }

  private addContainer(kind: 'init' | 'sidecar', pods: SparkPods, container: SparkContainer, source: string): void {
    const { prop, by } = this.sourceArgs(source, pods, kind === 'init' ? 'initContainer' : 'sidecar');
    this.arg(prop, required(SPARK_CONTAINER), container, by);
    (container.volumeMounts ?? []).forEach((m, i) => this.guardHostPath(m.volume, `${prop}.volumeMounts[${i}].volume`, by));
    if (container.runAsRoot) {
      // Pod Security Standards: restricted forbids user 0 (runAsNonRoot, runAsUser != 0); baseline allows it.
      const named = `(container ${JSON.stringify(container.name)}${by ? `, added by ${by}` : ''}) `;
      const level = this.sparkNamespace?.podSecurityEnforce;
      const where = pods === SparkPods.DRIVER ? 'the driver pod' : pods === SparkPods.EXECUTORS ? 'the executor pods' : 'the driver and executor pods';
      if (level === 'restricted') {
        throw propError(this.owner, `${prop}.runAsRoot`, true,
          `${named}runs as root, which the restricted Pod Security Standard forbids, and namespace ${this.namespace} enforces restricted (${where} would be rejected)`,
          'let the container run as the pods\' non-root user (drop runAsRoot), or place the app in a namespace with podSecurity baseline');
      }
      addWarning(this, `${prop} ${JSON.stringify(container.name)}${by ? ` (added by ${by})` : ''} runs as root in ${where}: a namespace that enforces the restricted Pod Security Standard rejects them`, 'root-container');
    }
    this.partsOf(pods).forEach(p => p.addContainer(kind, container, this.security, source));
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
    let counts: { initial: number; max: number };
    try {
      // Spark's container as Spark computes it, then the init containers and sidecars as Kubernetes counts them.
      driver = this.driverParts.withOtherContainers(computePodResources(SparkRole.DRIVER, view, this.modelContext(SparkRole.DRIVER)));
      executor = this.executorParts.withOtherContainers(computePodResources(SparkRole.EXECUTOR, view, this.modelContext(SparkRole.EXECUTOR)));
      // As Spark counts them (instances with dynamic allocation, unparseable values named).
      counts = executorCounts(view);
    } catch (e) {
      if (e instanceof ConfValueError) {
        const { prop, by } = this.conf.propOf(e.key, this.conf.sourceOf(e.key) ?? 'sparkConf');
        throw propError(this.owner, prop, e.value, `${by}${e.problem}`, e.fix);
      }
      throw constructError(this.owner, `the resource model failed: ${(e as Error).message}`);
    }
    return appResources(driver, executor, counts);
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

  /** Spark 4.1+: a grace period of the user's own in sparkConf shorter than what features asked for. */
  private gracePeriodWarnings(): string[] {
    const grace = this.executorParts.gracePeriodSeconds;
    const own = this.conf.get(EXECUTOR_GRACE_KEY);
    if (grace === undefined || own === undefined || !this.sparkVersion.isAtLeast('4.1.0')) return [];
    let seconds: number;
    try {
      seconds = parseSparkTime(own, 's');
    } catch {
      return []; // the conf check reports an unreadable value
    }
    if (seconds >= grace) return [];
    return [`sparkConf["${EXECUTOR_GRACE_KEY}"] "${own}" gives executors less time to stop than the ${grace} s the pods' features asked for (Spark 4.1+ uses this key for the executor pods' terminationGracePeriodSeconds, so shuffle or cache migration may be cut short); raise it to ${grace}s or remove it [executor-grace-period]`];
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
    // From 4.1 Spark writes the executor pod's terminationGracePeriodSeconds from this key
    // (default 30 s), replacing the template's: a grace period features asked for goes there too.
    const grace = this.executorParts.gracePeriodSeconds;
    if (grace !== undefined && this.sparkVersion.isAtLeast('4.1.0') && !view.has(EXECUTOR_GRACE_KEY)) {
      view.set(EXECUTOR_GRACE_KEY, `${grace}s`);
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
    (props.driverVolumeMounts ?? []).forEach((m, i) => {
      this.guardHostPath(m.volume, `driverVolumeMounts[${i}].volume`);
      this.driverParts.addMount(m, `prop driverVolumeMounts[${i}]`);
    });
    (props.executorVolumeMounts ?? []).forEach((m, i) => {
      this.guardHostPath(m.volume, `executorVolumeMounts[${i}].volume`);
      this.executorParts.addMount(m, `prop executorVolumeMounts[${i}]`);
    });
    (props.initContainers ?? []).forEach((c, i) => this.addContainer('init', SparkPods.ALL, c, `prop initContainers[${i}]`));
    (props.sidecars ?? []).forEach((c, i) => this.addContainer('sidecar', SparkPods.ALL, c, `prop sidecars[${i}]`));
    (props.driverInitContainers ?? []).forEach((c, i) => this.addContainer('init', SparkPods.DRIVER, c, `prop driverInitContainers[${i}]`));
    (props.executorInitContainers ?? []).forEach((c, i) => this.addContainer('init', SparkPods.EXECUTORS, c, `prop executorInitContainers[${i}]`));
    (props.driverSidecars ?? []).forEach((c, i) => this.addContainer('sidecar', SparkPods.DRIVER, c, `prop driverSidecars[${i}]`));
    (props.executorSidecars ?? []).forEach((c, i) => this.addContainer('sidecar', SparkPods.EXECUTORS, c, `prop executorSidecars[${i}]`));
    for (const [, prop, env] of envs) {
      for (const [k, v] of Object.entries(env ?? {})) {
        if (v._spec.value !== undefined && isCredentialEnvName(k)) {
          throw propError(this.owner, keyProp(prop, k), '***', 'holds a credential as a literal (the manifest would carry it in plain text)',
            'use SparkEnvValue.fromSecret(secretName, key)');
        }
      }
    }
    this.addNodeSelector(SparkPods.ALL, props.nodeSelector ?? {}, 'prop nodeSelector');
    this.addNodeSelector(SparkPods.DRIVER, props.driverNodeSelector ?? {}, 'prop driverNodeSelector');
    this.addNodeSelector(SparkPods.EXECUTORS, props.executorNodeSelector ?? {}, 'prop executorNodeSelector');
    this.addTolerations(SparkPods.ALL, props.tolerations ?? [], 'prop tolerations');
    this.addTolerations(SparkPods.EXECUTORS, props.executorTolerations ?? [], 'prop executorTolerations');
    this.addRequiredNodeAffinity(SparkPods.ALL, props.requiredNodeAffinity ?? [], 'prop requiredNodeAffinity');
    this.addPreferredNodeAffinity(SparkPods.ALL, props.preferredNodeAffinity ?? [], 'prop preferredNodeAffinity');
    this.driverParts.addLabels(props.driverLabels ?? {});
    this.addPodAnnotations(SparkPods.DRIVER, props.driverAnnotations ?? {}, 'prop driverAnnotations');
    this.executorParts.addLabels(props.executorLabels ?? {});
    this.addPodAnnotations(SparkPods.EXECUTORS, props.executorAnnotations ?? {}, 'prop executorAnnotations');
  }

  private partsOf(pods: SparkPods | SparkRole): SparkPodParts[] {
    if (pods === SparkPods.DRIVER) return [this.driverParts];
    if (pods === SparkPods.EXECUTORS) return [this.executorParts];
    if (pods === SparkPods.ALL) return [this.driverParts, this.executorParts];
    throw propError(this.owner, 'pods', pods, 'is not a SparkPods value', 'use SparkPods.DRIVER, SparkPods.EXECUTORS or SparkPods.ALL');
  }

  // ------------------------------------------------------------------------------------------
  // validation

  private checkKey(key: string, value: string, from: string) {
    checkConfEntry(this.context, key, value, from, this.namespace);
  }

  /** Throws for the first dependency built for another Spark or Scala version (`by`: who added it, when not a prop). */
  private checkDependencyVersions(packages: Array<Dependency & { by?: string }>, jars: Array<Dependency & { by?: string }>) {
    const [first] = dependencyVersionProblems(this.sparkVersion, this.scalaVersion, packages, jars);
    if (first) {
      const by = [...packages, ...jars].find(d => d.prop === first.prop && d.value === first.value)?.by;
      throw propError(this.owner, first.prop, first.value, `${by ? `(added by ${by}) ` : ''}${first.problem}`, first.fix);
    }
  }

  private validateAtSynth(): string[] {
    const errors: string[] = [];
    const c = this.conf;
    let res: SparkAppResources | undefined;
    try {
      res = this.resources();
    } catch (e) {
      errors.push((e as Error).message);
    }
    errors.push(...finalConfProblems(this.context));
    errors.push(...applicationLabelConflicts(this.context, this.props.applicationLabels));
    errors.push(...metricsOverrideConflicts(this.context));
    for (const parts of [this.driverParts, this.executorParts]) errors.push(...parts.undeclaredSparkConfVolumes(this.sparkConfKeys()));
    errors.push(...backendFeatureProblems(this.owner, this.backend, this.bound));
    if (res && confFlag(this.effectiveConf(), 'spark.dynamicAllocation.enabled') && !(res.maxExecutors < 2147483647)) {
      const key = 'spark.dynamicAllocation.maxExecutors';
      const typed = c.sourceOf(key) === 'prop dynamicAllocation';
      errors.push(propError(this.owner, typed ? 'dynamicAllocation.maxExecutors' : keyProp('sparkConf', key), typed ? Number(c.get(key)) : c.get(key), 'must be bounded when dynamic allocation is enabled (Spark\'s default is unlimited)',
        'set dynamicAllocation.maxExecutors to the most executors the app may run').message);
    }
    return errors;
  }

  // ------------------------------------------------------------------------------------------
  // rendering

  private objectLabels(component: string): Record<string, string> {
    return sparkAppLabels(this.name, component);
  }

  private podLabels(parts: SparkPodParts): Record<string, string> {
    const labels: Record<string, string> = {
      ...parts.podLabels,
      ...this.objectLabels(parts.role === SparkRole.DRIVER ? 'spark-driver' : 'spark-executor'),
    };
    // The Stackable operator follows its apps by the driver pod's managed-by label (STACKABLE_MANAGED_BY):
    // the driver keeps the operator's value (podOverrides would replace it).
    if (this.backend.name === 'stackable' && parts.role === SparkRole.DRIVER) delete labels['app.kubernetes.io/managed-by'];
    return sortedMap(labels)!;
  }

  /**
   * A role's pod template (the same for every back-end), with the pods' annotations in its
   * metadata when `annotations` (Spark keeps a template's annotations on the pod; the kubeflow
   * back-end renders them in its typed fields instead).
   */
  private podTemplate(parts: SparkPodParts, automountToken: boolean, annotations = false) {
    const template = parts.render({ security: this.security, automountToken, labels: this.podLabels(parts) });
    const own = annotations ? sortedMap(parts.podAnnotations) : undefined;
    return own ? { ...template, metadata: { ...template.metadata, annotations: own } } : template;
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
      image: this.image,
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

/** Spark 4.1+: the executor pods' terminationGracePeriodSeconds (a time, default 30 s). */
const EXECUTOR_GRACE_KEY = 'spark.kubernetes.executor.terminationGracePeriodSeconds';

// Checks of the public methods' arguments.
const SOURCE = required(str());
const PODS = required(SPARK_PODS);
const ROLE = required(enumOf('SparkRole', SparkRole));
const REQUIRED_FEATURE = required(SPARK_FEATURE);
const CONF_KEY = required(str());
const LIST_ENTRIES = required(arr(str({ allowEmpty: true })));
const ENV_NAME = required(envName());
const HEADROOM = required(size({ allowZero: true }));
const STORAGE = required(size());
const GRACE_PERIOD = required(duration({ allowZero: true }));
/** The API server's scheduler names are DNS-1123 subdomains. */
const SCHEDULER_NAME = required(objectName('scheduler'));
/** A container port name as the API server checks it (IANA service name). */
const PORT_NAME = required(refine(str(), (ctx, path, v: string) => {
  if (v.length > 15 || !/^[-a-z0-9]+$/.test(v) || !/[a-z]/.test(v) || v.includes('--') || v.startsWith('-') || v.endsWith('-')) {
    throw propError(ctx.owner, path, v, 'is not a valid port name', 'use at most 15 lower-case letters, digits and "-" with at least one letter, e.g. "metrics"');
  }
}));
/** Labels and annotations from features may hold Lazy values (resolved at synthesis). */
const POD_LABELS = required(withLazyValues(LABELS));
const POD_ANNOTATIONS = required(withLazyValues(ANNOTATIONS));
const CONSTRUCT = required(instance('IConstruct', v => typeof v.node === 'object' && v.node !== null, 'pass a construct'));

function inferType(file: string): SparkApplicationType {
  if (/\.py$/i.test(file ?? '')) return SparkApplicationType.PYTHON;
  if (/\.r$/i.test(file ?? '')) return SparkApplicationType.R;
  return SparkApplicationType.SCALA;
}
