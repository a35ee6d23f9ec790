import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { UiServiceType } from '../../core/app-options';
import { ISparkFeature } from '../../core/contracts';
import { propError } from '../../core/errors';
import { sparkDriverSelector, sparkPodSelector } from '../../core/labels';
import { appResources, computePodResources, cpuMillis, executorCounts, quantityMebibytes, withOtherContainers } from '../../core/model';
import { PodResources, SparkAppResources, SparkRole } from '../../core/resources';
import { RestartPolicy } from '../../core/restart-policy';
import { ImagePullPolicy, SparkApplicationType } from '../../core/types';
import { sortedMap } from '../../core/util';
import { SparkVersion } from '../../core/versions';
import { addWarning, addWarningProducer } from '../../core/warn';
import type { SparkBackend } from '../backend';
import type { BackendAppProps, BackendLate, SubmitAppValues } from '../backend-input';

/**
 * The Apache spark-kubernetes-operator back-end: a `spark.apache.org/v1` `SparkApplication`.
 *
 * Researched at apache/spark-kubernetes-operator@d5acafd24a0cd9cf225026bbdbcb0775d73ffe8f (main,
 * 2026-08-18; its CRDs are byte-identical to release 1.0.0, d8b19438). Paths below are relative to
 * that repository.
 *
 * How the operator runs an app (no spark-submit process, no webhook):
 * `spark-operator/.../reconciler/SparkAppResourceSpecFactory.java#L64-L105` writes each
 * `podTemplateSpec` to a temporary file and passes it as `spark.kubernetes.{driver,executor}.podTemplateFile`,
 * adds the pod labels `spark.operator/name` and `spark.operator/spark-app-name` as
 * `spark.kubernetes.{driver,driver.service,executor}.label.*`, then
 * `spark-submission-worker/.../SparkAppSubmissionWorker.java#L129-L193` (`buildDriverConf`) builds
 * the SparkConf from `spec.sparkConf` and those overrides and hands it to Spark's own
 * `KubernetesDriverBuilder` (`#L206-L223`) — the builder spark-submit uses — in the operator's
 * process, with the Spark version the operator is built with (4.2.0 in `gradle/libs.versions.toml`).
 * The operator then creates the driver pod and the driver's Service and ConfigMaps itself
 * (`reconcilesteps/AppInitStep.java#L48-L75`); the driver creates its executors with its own
 * ServiceAccount, as under every back-end. So the pods are what Spark builds from the conf and the
 * templates, and the resource model applies unchanged: `apachePodResources` recomputes them from
 * the rendered object.
 *
 * What `buildDriverConf` adds or overrides (each `setIfMissing` keeps a value the app set):
 * - `spark.kubernetes.namespace` := `metadata.namespace` (always);
 * - `spark.app.name` := `metadata.name` when sparkConf has the key (this back-end sets it to the
 *   name, so the value is the same);
 * - the main resource: `spec.jars` → a JVM app (`spark.jars` := jars if missing); else
 *   `spec.pyFiles` → a Python app (`spark.submit.pyFiles` := pyFiles if missing); else
 *   `spec.sparkRFiles` → an R app. `spec.files` is declared by the CRD but never read, so this
 *   back-end keeps `spark.files` in sparkConf;
 * - `spark.master` := `k8s://https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`;
 * - `spark.app.id` := `<name>-<attempt>`, or, above 46 characters, the first 9 characters, `-` and
 *   36 characters of the base-36 SHA-256 of `<namespace>/<name>/<attempt>` (`#L232-L265`). Spark
 *   prefixes the driver pod (`<app id>-driver`), its Service and ConfigMaps with it;
 * - `spark.authenticate` := true and `spark.io.encryption.enabled` := true: the driver generates a
 *   secret and hands it to the executors in their pod spec (env `_SPARK_AUTH_SECRET`), and
 *   shuffle and spill files are encrypted; neither changes a pod's resources. An app may set
 *   either to false in sparkConf;
 * - `spark.kubernetes.driver.annotateExitException` := true, `spark.kubernetes.executor.useDriverPodIP`
 *   := true (Spark 4.1+ keys; the executors reach the driver by its pod IP);
 * - `spark.kubernetes.executor.deleteOnTermination` := false without dynamic allocation and
 *   without restarts: the executors end with the driver and Kubernetes deletes them with the driver
 *   pod (their owner), which the operator deletes when the run ends.
 * After building the pod, the operator adds an owner reference and the two labels to the driver
 * pod and sets `allowPrivilegeEscalation: false` on its containers that leave it unset
 * (`decorators/SecurityContextDecorator.java`); this library's templates set it already.
 *
 * Supported Spark versions: 4.0 and above (`docs/operations.md` "Compatibility").
 */
export const APACHE_API_VERSION = 'spark.apache.org/v1';

/** The operator's default name (`spark.kubernetes.operator.name`, `config/SparkOperatorConf.java#L80`): the value of its `spark.operator/name` pod label. */
export const APACHE_OPERATOR_NAME = 'spark-kubernetes-operator';

/** The pod label prefix the operator owns (`Constants.java`: `spark.operator/name`, `spark.operator/spark-app-name`). */
const OPERATOR_LABEL_PREFIX = 'spark.operator/';

/**
 * `maxRestartAttempts` for RestartPolicy.always(): the operator counts every restart against it
 * (default 3, `spec/RestartConfig.java`); 2^31-1 restarts at the 10 s default interval take 680
 * years, i.e. no limit.
 */
export const UNLIMITED_RESTARTS = 2147483647;

/** `SparkAppSubmissionWorker.DEFAULT_ID_LENGTH_LIMIT` and `DEFAULT_HASH_BASED_IDENTIFIER_LENGTH_LIMIT`. */
const ID_LENGTH_LIMIT = 46;
const HASH_LENGTH = 36;

/** The operator's restart config (`spec/RestartConfig.java`). */
export interface ApacheRestartConfig {
  readonly restartPolicy: 'Always' | 'Never' | 'OnFailure';
  readonly maxRestartAttempts?: number;
  readonly restartBackoffMillis?: number;
  readonly maxRestartOnSchedulingFailure?: number;
  readonly restartBackoffMillisForSchedulingFailure?: number;
}

/** `spec.applicationTolerations` (`spec/ApplicationTolerations.java`), the fields this back-end writes. */
export interface ApacheApplicationTolerations {
  readonly restartConfig: ApacheRestartConfig;
  readonly applicationTimeoutConfig: { readonly driverStartTimeoutMillis: number; readonly driverReadyTimeoutMillis: number };
  readonly resourceRetainPolicy: 'Always' | 'OnFailure' | 'Never';
  readonly resourceRetainDurationMillis?: number;
  readonly ttlAfterStopMillis?: number;
}

/** `spec` of the SparkApplication (`spec/ApplicationSpec.java`), the fields this back-end writes. */
export interface ApacheSparkApplicationSpec {
  readonly mainClass?: string;
  readonly jars?: string;
  readonly pyFiles?: string;
  readonly sparkRFiles?: string;
  readonly driverArgs?: string[];
  readonly runtimeVersions: { readonly sparkVersion: string; readonly scalaVersion?: string };
  readonly deploymentMode: 'ClusterMode';
  readonly sparkConf: Record<string, string>;
  readonly applicationTolerations: ApacheApplicationTolerations;
  readonly driverSpec: { readonly podTemplateSpec: k8s.PodTemplateSpec };
  readonly executorSpec: { readonly podTemplateSpec: k8s.PodTemplateSpec };
}

/** The rendered SparkApplication as the tests and `apacheSparkConf` read it (synthesized JSON). */
export interface ApacheSparkApplication {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: ApacheSparkApplicationSpec;
}

/**
 * Features are told apart by name here (the back-end layer does not import the features layer):
 * SparkUiIngress's `featureName`, and GangScheduler's `GangScheduler <volcano|yunikorn|kueue>`.
 */
const UI_INGRESS = 'SparkUiIngress';
const isGang = (f: ISparkFeature) => f.featureName.startsWith('GangScheduler ');
const isKueue = (f: ISparkFeature) => f.featureName === 'GangScheduler kueue';

/** The restart config of a RestartPolicy (Never when none). */
export function apacheRestartConfig(p: RestartPolicy | undefined): ApacheRestartConfig {
  if (!p || p.type === 'Never') return { restartPolicy: 'Never' };
  return {
    restartPolicy: p.type === 'Always' ? 'Always' : 'OnFailure',
    maxRestartAttempts: p.type === 'Always' ? UNLIMITED_RESTARTS : p.retries ?? 3,
    restartBackoffMillis: p.retryInterval.toMilliseconds(),
    maxRestartOnSchedulingFailure: p.submissionRetries,
    restartBackoffMillisForSchedulingFailure: p.submissionRetryInterval.toMilliseconds(),
  };
}

/**
 * The `spark.app.id` the operator gives an attempt (`SparkAppSubmissionWorker.generateSparkAppId`):
 * `<name>-<attempt>`, hashed above 46 characters.
 */
export function apacheSparkAppId(name: string, namespace: string, attempt = 0): string {
  const preferred = `${name}-${attempt}`;
  if (preferred.length <= ID_LENGTH_LIMIT) return preferred;
  const prefix = preferred.substring(0, ID_LENGTH_LIMIT - HASH_LENGTH - 1);
  const digest = createHash('sha256').update([namespace, name, `${attempt}`].join('/'), 'utf8').digest('hex');
  // Java's new BigInteger(1, digest).toString(36): unsigned, no leading zeros.
  const hash = BigInt(`0x${digest}`).toString(36);
  return `${prefix}-${hash.substring(0, HASH_LENGTH)}`;
}

/** The main resource type Spark derives from the spec (`buildDriverConf`, `#L150-L165`). */
export type ApacheResourceType = 'java' | 'python' | 'r';

/** What Spark receives for an attempt, reconstructed from the rendered object. */
export interface ApacheSubmission {
  /** The SparkConf handed to KubernetesDriverBuilder. */
  readonly conf: Map<string, string>;
  /** The main resource's type (Python and R are Spark's NonJVMResource). */
  readonly resourceType: ApacheResourceType;
  /** The main resource. */
  readonly primaryResource?: string;
  readonly mainClass?: string;
  readonly args: string[];
  /** The attempt's `spark.app.id` (resource name prefix). */
  readonly appId: string;
}

/** Where the operator writes a pod template (a temporary file named after the app's uid). */
const TEMPLATE_FILE = (role: string) => `/tmp/<uid>-${role}-<random>.json`;

/**
 * The conf Spark receives from the operator for an attempt, built from the rendered
 * SparkApplication exactly as `SparkAppResourceSpecFactory.overrideDependencyConf` and
 * `SparkAppSubmissionWorker.buildDriverConf` build it (the template file paths are placeholders:
 * the operator writes temporary files).
 */
export function apacheSparkConf(app: ApacheSparkApplication, attempt = 0, operatorName = APACHE_OPERATOR_NAME): ApacheSubmission {
  const { name, namespace } = app.metadata;
  const spec = app.spec;
  const sparkVersion = spec.runtimeVersions?.sparkVersion ?? 'UNKNOWN';
  const conf = new Map<string, string>();
  const setIfMissing = (k: string, v: string) => { if (!conf.has(k)) conf.set(k, v); };
  // 1. spec.sparkConf, with {{SPARK_VERSION}} substituted in *container.image keys.
  for (const [k, v] of Object.entries(spec.sparkConf ?? {})) {
    conf.set(k, k.startsWith('spark.kubernetes.') && k.endsWith('container.image') ? v.split('{{SPARK_VERSION}}').join(sparkVersion) : v);
  }
  // 2. the overrides (SparkAppResourceSpecFactory.overrideDependencyConf).
  const labels: Record<string, string> = { 'spark.operator/name': operatorName, 'spark.operator/spark-app-name': name };
  for (const [k, v] of Object.entries(labels)) {
    conf.set(`spark.kubernetes.driver.label.${k}`, v);
    conf.set(`spark.kubernetes.driver.service.label.${k}`, v);
    conf.set(`spark.kubernetes.executor.label.${k}`, v);
  }
  conf.set('spark.kubernetes.namespace', namespace);
  if (spec.sparkConf && 'spark.app.name' in spec.sparkConf) conf.set('spark.app.name', name);
  if (spec.driverSpec?.podTemplateSpec) conf.set('spark.kubernetes.driver.podTemplateFile', TEMPLATE_FILE('driver'));
  if (spec.executorSpec?.podTemplateSpec) conf.set('spark.kubernetes.executor.podTemplateFile', TEMPLATE_FILE('executor'));
  // 3. buildDriverConf.
  conf.set('spark.kubernetes.namespace', namespace);
  let resourceType: ApacheResourceType = 'java';
  let primaryResource: string | undefined;
  if (spec.jars) {
    primaryResource = spec.jars;
    setIfMissing('spark.jars', spec.jars);
  } else if (spec.mainClass === 'org.apache.spark.deploy.PythonRunner') {
    const files = (spec.pyFiles ?? '').split(',');
    const rest = files.slice(1).join(',');
    resourceType = 'python';
    primaryResource = files[0];
    if (files.length > 1 && rest.trim() !== '') setIfMissing('spark.submit.pyFiles', rest);
  } else if (spec.pyFiles) {
    resourceType = 'python';
    primaryResource = spec.pyFiles;
    setIfMissing('spark.submit.pyFiles', spec.pyFiles);
  } else if (spec.sparkRFiles) {
    resourceType = 'r';
    primaryResource = spec.sparkRFiles;
  }
  const prefix = conf.get('spark.master.url.prefix') ?? 'k8s://';
  setIfMissing('spark.master', `${prefix}https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`);
  const appId = apacheSparkAppId(name, namespace, attempt);
  setIfMissing('spark.app.id', appId);
  setIfMissing('spark.authenticate', 'true');
  setIfMissing('spark.io.encryption.enabled', 'true');
  setIfMissing('spark.kubernetes.driver.annotateExitException', 'true');
  setIfMissing('spark.kubernetes.executor.useDriverPodIP', 'true');
  const restart = spec.applicationTolerations?.restartConfig?.restartPolicy ?? 'Never';
  if ((conf.get('spark.dynamicAllocation.enabled') ?? 'false').toLowerCase() !== 'true' && restart === 'Never') {
    setIfMissing('spark.kubernetes.executor.deleteOnTermination', 'false');
  }
  return { conf, resourceType, primaryResource, mainClass: spec.mainClass, args: spec.driverArgs ?? [], appId: conf.get('spark.app.id')! };
}

/**
 * The pods of an attempt, computed from the rendered SparkApplication alone: the reconstructed
 * conf and main resource type go through the resource model (`computePodResources`), the Spark
 * container's template resources are kept as Spark keeps them, and the template's init containers
 * and sidecars count as Kubernetes counts them (max(largest init container, Spark container +
 * sidecars)).
 */
export function apachePodResources(app: ApacheSparkApplication): SparkAppResources {
  const s = apacheSparkConf(app);
  const version = SparkVersion.of(app.spec.runtimeVersions.sparkVersion);
  const pod = (role: SparkRole, template: k8s.PodTemplateSpec): PodResources => {
    const containerName = s.conf.get(`spark.kubernetes.${role}.podTemplateContainerName`);
    const containers = template.spec?.containers ?? [];
    const spark = containers.find(c => c.name === containerName) ?? containers[0];
    const quantities = (m: Record<string, any> | undefined) => m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, `${v}`])) : undefined;
    const computed = computePodResources(role, s.conf, {
      nonJvm: s.resourceType !== 'java',
      python: s.resourceType === 'python',
      version,
      templateResources: { requests: quantities(spark?.resources?.requests) ?? {}, limits: quantities(spark?.resources?.limits) ?? {} },
    });
    const other = (kind: 'init' | 'sidecar') => (c: k8s.Container) => ({
      kind,
      cpuMillis: c.resources?.requests?.cpu === undefined ? 0 : cpuMillis(`${c.resources.requests.cpu}`),
      memoryMebibytes: c.resources?.requests?.memory === undefined ? 0 : quantityMebibytes(`${c.resources.requests.memory}`),
    });
    return withOtherContainers(computed, [
      ...containers.filter(c => c !== spark).map(other('sidecar')),
      ...(template.spec?.initContainers ?? []).map(other('init')),
    ]);
  };
  const driver = pod(SparkRole.DRIVER, app.spec.driverSpec.podTemplateSpec);
  const executor = pod(SparkRole.EXECUTOR, app.spec.executorSpec.podTemplateSpec);
  return appResources(driver, executor, executorCounts(s.conf));
}

/** Whether a feature list holds a SparkUiIngress. */
function hasUiIngress(features: ReadonlyArray<ISparkFeature> | undefined): boolean {
  return (features ?? []).some(f => f.featureName === UI_INGRESS);
}

/** The name of the UI Service this back-end defines (the name SparkUiIngress points at). */
export function apacheUiServiceName(appName: string): string {
  return `${appName}-ui-svc`;
}

/** Props the Apache operator back-end cannot express: the first is thrown. */
export function checkApacheProps(owner: string, props: BackendAppProps, backend: SparkBackend, app: SubmitAppValues): void {
  const b = backend.description;
  if (app.sparkVersion.isBelow('4.0')) {
    throw propError(owner, 'sparkVersion', app.sparkVersion.version, `cannot be expressed by ${b}: the operator supports Spark 4.0 and above (it builds the driver pod with Spark 4's own KubernetesDriverBuilder)`,
      'use SparkVersion.of(\'4.0.1\') or newer with a Spark 4 image, or SparkBackend.kubeflow() or SparkBackend.sparkSubmit() for Spark 3');
  }
  if (props.schedule !== undefined) {
    throw propError(owner, 'schedule', props.schedule, `cannot be expressed by ${b}: the Apache operator has no scheduled kind (its SparkApplication runs once)`,
      'use SparkBackend.kubeflow() (a ScheduledSparkApplication) or SparkBackend.sparkSubmit() (a CronJob), or start the app from your own scheduler');
  }
}

/** Features the back-end cannot express (checked at synthesis, at BACKEND-FEATURES: features may be added late). */
export function apacheFeatureProblems(owner: string, backend: SparkBackend, features: ISparkFeature[]): string[] {
  const errors: string[] = [];
  for (const f of features) {
    if (isKueue(f)) {
      errors.push(propError(owner, 'gangScheduler', f.featureName, `cannot be expressed by ${backend.description}: Kueue's Spark integration admits the kubeflow SparkApplication, not the Apache operator's, so nothing would wait for the queue`,
        'use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()').message);
    }
  }
  return errors;
}

/** A SparkUiIngress bound after construction, when the back-end defined no UI Service for it. */
function lateUiIngress(owner: string, backend: SparkBackend, features: ISparkFeature[]): string[] {
  const f = features.find(x => x.featureName === UI_INGRESS);
  if (!f) return [];
  return [propError(owner, 'features', f.featureName, `cannot be served by ${backend.description} when added after the app was defined: the back-end defines the UI Service <app>-ui-svc, which the Ingress points at, while the app is constructed`,
    'pass the SparkUiIngress in the app\'s features prop, or set the app\'s sparkUi prop').message];
}

const BY_APACHE = 'is set by the Apache spark-kubernetes-operator back-end:';
const TEMPLATE_FIX = 'describe the pods with the app\'s props (volumes, env, tolerations, ...) or addSidecar / addInitContainer';

/**
 * Keys this back-end or the operator sets itself, so an app's value would be replaced (`apacheConf`
 * writes them after the app's conf; `SparkAppResourceSpecFactory.overrideDependencyConf` replaces
 * the template files and `spark.app.name`). The image, the service account, the master and tokens
 * are `DENIED_KEYS` under every back-end; `spark.app.id` is Spark's (`SPARK_OWNED_KEYS`).
 */
export const APACHE_OPERATOR_KEYS: Readonly<Record<string, { readonly problem: string; readonly fix: string }>> = {
  'spark.submit.deployMode': { problem: `${BY_APACHE} the operator runs the driver in cluster mode (deploymentMode ClusterMode)`, fix: 'remove the key' },
  'spark.app.name': { problem: `${BY_APACHE} the operator names the app after the SparkApplication`, fix: 'use the name prop' },
  'spark.kubernetes.container.image.pullPolicy': { problem: `${BY_APACHE} it writes the imagePullPolicy prop`, fix: 'use the imagePullPolicy prop' },
  'spark.kubernetes.container.image.pullSecrets': { problem: `${BY_APACHE} it writes the imagePullSecrets prop`, fix: 'use the imagePullSecrets prop' },
  'spark.kubernetes.driver.podTemplateFile': { problem: `${BY_APACHE} the operator writes the driver pod template this library renders to a file of its own`, fix: TEMPLATE_FIX },
  'spark.kubernetes.executor.podTemplateFile': { problem: `${BY_APACHE} the operator writes the executor pod template this library renders to a file of its own`, fix: TEMPLATE_FIX },
  'spark.kubernetes.driver.podTemplateContainerName': { problem: `${BY_APACHE} it names the Spark container of the pod template (the operator tells it from sidecars by this name)`, fix: 'remove the key' },
  'spark.kubernetes.executor.podTemplateContainerName': { problem: `${BY_APACHE} it names the Spark container of the pod template`, fix: 'remove the key' },
};

/**
 * Why the app cannot set a conf key under this back-end (checked when the key is added): a key the
 * back-end or the operator sets itself, or a `spark.operator/*` pod label, which the operator
 * sets after the app's conf.
 */
export function apacheOwnedKey(key: string): { readonly problem: string; readonly fix: string } | undefined {
  const owned = APACHE_OPERATOR_KEYS[key];
  if (owned) return owned;
  const m = /^spark\.kubernetes\.(driver|driver\.service|executor)\.label\.(.+)$/.exec(key);
  if (m && m[2].startsWith(OPERATOR_LABEL_PREFIX)) {
    return {
      problem: `${BY_APACHE} the operator sets the ${OPERATOR_LABEL_PREFIX}* labels itself, replacing this value`,
      fix: 'remove the key (use driverLabels / executorLabels for labels of your own)',
    };
  }
  return undefined;
}

/**
 * Defines the SparkApplication of the Apache operator back-end (and the UI Service when the app
 * has `sparkUi` or a SparkUiIngress), and returns the SparkApplication.
 *
 * The SparkApplication carries the app's final conf in `sparkConf` (with the image, pull policy,
 * pull secrets, driver ServiceAccount, Spark container names and app name, which the operator
 * takes from sparkConf only), the main resource in `jars` / `pyFiles` / `sparkRFiles`, the pod
 * templates in `driverSpec` / `executorSpec`, and the restart, timeout and retention settings in
 * `applicationTolerations`. The driver's ServiceAccount and Role are the app's own, as under every
 * back-end; the operator needs nothing in the namespace but to watch it
 * (`spark.kubernetes.operator.watchedNamespaces`, the chart's `workloadResources.namespaces.data`),
 * and runs no pod there.
 */
export function defineApacheApp(
  scope: Construct, owner: string, props: BackendAppProps, backend: SparkBackend, app: SubmitAppValues, late: BackendLate,
): ApiObject {
  checkApacheProps(owner, props, backend, app);
  const o = backend.apacheOperatorOptions;
  const restart = props.restartPolicy;
  if (restart?.type === 'OnFailure') {
    addWarning(scope, `restartPolicy: ${backend.description} counts a failed submission (the operator could not create the driver pod or its resources, e.g. quota exceeded) against retries (${restart.retries ?? 3}) as well as submissionRetries (${restart.submissionRetries}): the first limit reached stops the app`, 'apache-restart-counters');
  }
  const tolerations = (): ApacheApplicationTolerations => ({
    restartConfig: apacheRestartConfig(restart),
    applicationTimeoutConfig: {
      driverStartTimeoutMillis: o.driverStartTimeout?.toMilliseconds() ?? 300000,
      driverReadyTimeoutMillis: o.driverReadyTimeout?.toMilliseconds() ?? 300000,
    },
    resourceRetainPolicy: o.retainFailedRun ? 'OnFailure' : 'Never',
    resourceRetainDurationMillis: o.retainFailedRun?.toMilliseconds(),
    ttlAfterStopMillis: props.timeToLive?.toMilliseconds(),
  });
  const main = props.mainApplicationFile;
  const spec = (): ApacheSparkApplicationSpec => ({
    mainClass: props.mainClass,
    jars: app.type === SparkApplicationType.SCALA || app.type === SparkApplicationType.JAVA ? main : undefined,
    pyFiles: app.type === SparkApplicationType.PYTHON ? main : undefined,
    sparkRFiles: app.type === SparkApplicationType.R ? main : undefined,
    driverArgs: props.arguments?.length ? [...props.arguments] : undefined,
    runtimeVersions: { sparkVersion: app.sparkVersion.version, scalaVersion: app.scalaVersion },
    deploymentMode: 'ClusterMode',
    sparkConf: apacheConf(props, app, late.conf()),
    applicationTolerations: tolerations(),
    driverSpec: { podTemplateSpec: late.driverTemplate() },
    executorSpec: { podTemplateSpec: late.executorTemplate() },
  });
  const api = new ApiObject(scope, 'Resource', {
    apiVersion: APACHE_API_VERSION,
    kind: 'SparkApplication',
    metadata: { name: app.name, namespace: app.namespace, labels: { ...app.objectLabels } },
    spec: Lazy.any({ produce: spec }),
  });
  const uiService = props.sparkUi !== undefined || hasUiIngress(props.features) || hasUiIngress(props.sparkNamespace?.appFeatures);
  if (uiService) defineUiService(scope, props, app, late);
  // The app (an ISparkApp) lists its features, which may be bound after this call.
  const featuresOf = () => (scope as unknown as { readonly features?: ISparkFeature[] }).features ?? [];
  scope.node.addValidation({
    validate: () => (uiService ? [] : lateUiIngress(owner, backend, featuresOf())),
  });
  if (o.driverStartTimeout === undefined) {
    addWarningProducer(scope, () => {
      const gang = featuresOf().find(f => isGang(f) && !isKueue(f));
      return gang ? [`gangScheduler: ${backend.description} ends an attempt whose driver pod is not running 5 minutes after it was created (DriverStartTimedOut), also while ${gang.featureName} keeps the gang queued; set SparkBackend.apacheOperator({ driverStartTimeout }) to the longest wait you accept [apache-driver-start-timeout]`] : [];
    });
  }
  return api;
}

/**
 * sparkConf of the SparkApplication: the app's final conf plus what spark-submit would get as
 * arguments and the operator reads from sparkConf only (image, pull policy and secrets, the
 * driver's ServiceAccount, the Spark containers' names in the templates, the app's name).
 */
export function apacheConf(props: BackendAppProps, app: SubmitAppValues, conf: ReadonlyMap<string, string>): Record<string, string> {
  const all = new Map(conf);
  const set = (k: string, v: string | undefined) => { if (v !== undefined) all.set(k, v); };
  set('spark.app.name', app.name);
  set('spark.kubernetes.container.image', app.image);
  set('spark.kubernetes.container.image.pullPolicy', props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT);
  set('spark.kubernetes.container.image.pullSecrets', props.imagePullSecrets?.length ? props.imagePullSecrets.join(',') : undefined);
  set('spark.kubernetes.authenticate.driver.serviceAccountName', app.serviceAccountName);
  // The operator reads the driver's container name to tell the Spark container from sidecars
  // (ModelUtils.findDriverMainContainerStatus); Spark picks the template container by these names.
  set('spark.kubernetes.driver.podTemplateContainerName', 'spark-kubernetes-driver');
  set('spark.kubernetes.executor.podTemplateContainerName', 'spark-kubernetes-executor');
  return sortedMap(Object.fromEntries(all))!;
}

/**
 * The UI Service `<app>-ui-svc` (the name the kubeflow operator gives its own, which SparkUiIngress
 * points at): a plain Service selecting the app's driver pod, with the type, port, labels and
 * annotations of `sparkUi`. The operator's only UI mechanism, `driverServiceIngressList`, always
 * creates an Ingress too (`utils/DriverServiceIngressUtils.java#L17-L84`; without rules one that
 * routes `/` of the default IngressClass to the UI), so the back-end defines the Service itself.
 */
function defineUiService(scope: Construct, props: BackendAppProps, app: SubmitAppValues, late: BackendLate): void {
  const ui = props.sparkUi ?? {};
  new ApiObject(scope, 'UiService', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: apacheUiServiceName(app.name),
      namespace: app.namespace,
      labels: { ...app.objectLabels, 'app.kubernetes.io/component': 'ui-service', ...(ui.serviceLabels ?? {}) },
      annotations: sortedMap(ui.serviceAnnotations),
    },
    spec: Lazy.any({
      produce: () => {
        const uiPort = Number(late.conf().get('spark.ui.port') ?? '4040');
        return {
          type: ui.serviceType ?? UiServiceType.CLUSTER_IP,
          selector: sparkDriverSelector(sparkPodSelector(app.name)),
          ports: [{ name: 'spark-driver-ui-port', port: ui.servicePort ?? 4040, targetPort: Number.isInteger(uiPort) && uiPort > 0 ? uiPort : 4040, protocol: 'TCP' }],
        };
      },
    }),
  });
}
