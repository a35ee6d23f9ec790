import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ConcurrencyPolicy, SparkSchedule, SparkUiOptions, UiServiceType } from '../../core/app-options';
import { ConfValueError, executorCounts, parseSparkBoolean, parseSparkInt, parseSparkTime, readConf, ValueProblem } from '../../core/model';
import { RenderedPlacement } from '../../core/placement';
import { RestartPolicy } from '../../core/restart-policy';
import { ImagePullPolicy, SparkApplicationType } from '../../core/types';
import { dropUndefined, sortedMap } from '../../core/util';

/**
 * The kubeflow spark-operator back-end (v2.5, `sparkoperator.k8s.io/v1beta2`): what the operator
 * owns, which Spark conf keys are typed fields of its CRD, and how an app is rendered as a
 * `SparkApplication` or `ScheduledSparkApplication`.
 */
export const KUBEFLOW_API_VERSION = 'sparkoperator.k8s.io/v1beta2';

/**
 * Conf keys the operator's webhook rejects (`internal/webhook/sparkconf_validator.go`, v2.5), with
 * the reason and what to do instead. `spark.kubernetes.namespace` is rejected too when it differs
 * from the app's namespace.
 */
export const DENIED_KEYS: Readonly<Record<string, { readonly reason: string; readonly fix: string }>> = {
  'spark.master': { reason: 'the operator sets the master', fix: 'remove the key' },
  'spark.kubernetes.driver.master': { reason: 'the operator sets the master', fix: 'remove the key' },
  'spark.kubernetes.container.image': { reason: 'the operator sets the image', fix: 'use the image prop' },
  'spark.kubernetes.driver.container.image': { reason: 'the operator sets the image', fix: 'use the image prop' },
  'spark.kubernetes.executor.container.image': { reason: 'the operator sets the image', fix: 'use the image prop' },
  'spark.kubernetes.authenticate.driver.serviceAccountName': { reason: 'the operator sets the service account', fix: 'use serviceAccountName or a SparkNamespace' },
  'spark.kubernetes.authenticate.executor.serviceAccountName': { reason: 'executors use the driver identity without a token', fix: 'remove the key' },
  'spark.kubernetes.authenticate.oauthToken': { reason: 'tokens must not be in the manifest', fix: 'remove the key (the driver authenticates with its service account)' },
  'spark.kubernetes.authenticate.oauthTokenFile': { reason: 'tokens must not be in the manifest', fix: 'remove the key (the driver authenticates with its service account)' },
  'spark.kubernetes.authenticate.driver.oauthToken': { reason: 'tokens must not be in the manifest', fix: 'remove the key (the driver authenticates with its service account)' },
  'spark.kubernetes.authenticate.driver.oauthTokenFile': { reason: 'tokens must not be in the manifest', fix: 'remove the key (the driver authenticates with its service account)' },
  'spark.kubernetes.authenticate.executor.oauthToken': { reason: 'tokens must not be in the manifest', fix: 'remove the key (the driver authenticates with its service account)' },
  'spark.kubernetes.authenticate.executor.oauthTokenFile': { reason: 'tokens must not be in the manifest', fix: 'remove the key (the driver authenticates with its service account)' },
};

/** Why a conf key cannot be set by the app, and what to do instead. */
export interface OwnedKey {
  /** What happens to the app's value (reads after the value: `is set by the spark-operator ...`). */
  readonly problem: string;
  readonly fix: string;
}

/** Keys Spark itself sets or refuses on Kubernetes, under every back-end. */
export const SPARK_OWNED_KEYS: Readonly<Record<string, OwnedKey>> = {
  'spark.app.id': { problem: 'is set by Spark when the app starts (to the id the cluster manager gives it), replacing this value', fix: 'remove the key' },
  'spark.driver.host': { problem: 'is refused by Spark on Kubernetes (the driver is reached through its Service)', fix: 'remove the key' },
  'spark.driver.bindAddress': { problem: 'is refused by Spark on Kubernetes (the driver binds to its pod\'s IP address)', fix: 'remove the key' },
};

const BY_OPERATOR = 'is set by the spark-operator when it submits the app:';
const TEMPLATE_FIX = 'describe the pods with the app\'s props (volumes, env, tolerations, ...) or addSidecar / addInitContainer';

/**
 * Conf keys the operator sets when it submits the app (`internal/controller/sparkapplication/submission.go`,
 * v2.5) or that Spark sets or refuses itself, so a value in sparkConf is replaced, ignored or fails
 * the submission. The operator's own `--master`, `--deploy-mode` and `--name` arguments win over
 * sparkConf; the keys it passes after sparkConf (pod templates, deleteOnTermination, pod labels)
 * replace the app's value; the ones it passes before sparkConf (image pull policy and secrets,
 * waitAppCompletion) would be replaced by the app's value and break what the manifest says or
 * what the operator relies on. (`spark.kubernetes.driver.pod.name` is not here: the operator reads
 * it from sparkConf and names the driver pod with it.)
 */
export const OPERATOR_KEYS: Readonly<Record<string, OwnedKey>> = {
  'spark.submit.deployMode': { problem: `${BY_OPERATOR} it passes --deploy-mode cluster, which wins over sparkConf`, fix: 'remove the key' },
  'spark.app.name': { problem: `${BY_OPERATOR} it passes --name with the SparkApplication's name, which wins over sparkConf`, fix: 'use the name prop' },
  'spark.kubernetes.container.image.pullPolicy': {
    problem: `${BY_OPERATOR} it passes the imagePullPolicy field before sparkConf, so this key would silently replace the field`,
    fix: 'use the imagePullPolicy prop',
  },
  'spark.kubernetes.container.image.pullSecrets': {
    problem: `${BY_OPERATOR} it passes the imagePullSecrets field before sparkConf, so this key would silently replace the field`,
    fix: 'use the imagePullSecrets prop',
  },
  'spark.kubernetes.submission.waitAppCompletion': {
    problem: `${BY_OPERATOR} it sets false so that spark-submit returns once the driver pod exists; true would hold the operator's submission until the app ends`,
    fix: 'remove the key',
  },
  'spark.kubernetes.driver.podTemplateFile': { problem: `${BY_OPERATOR} it writes the driver pod template this library renders and passes its own file`, fix: TEMPLATE_FIX },
  'spark.kubernetes.executor.podTemplateFile': { problem: `${BY_OPERATOR} it writes the executor pod template this library renders and passes its own file`, fix: TEMPLATE_FIX },
  'spark.kubernetes.driver.podTemplateContainerName': { problem: `${BY_OPERATOR} it names the Spark container of the pod template it writes`, fix: 'remove the key' },
  'spark.kubernetes.executor.podTemplateContainerName': { problem: `${BY_OPERATOR} it names the Spark container of the pod template it writes`, fix: 'remove the key' },
  'spark.kubernetes.executor.deleteOnTermination': {
    problem: `${BY_OPERATOR} it passes executor.deleteOnTermination after sparkConf, and this library renders it as true`,
    fix: 'remove the key',
  },
  ...SPARK_OWNED_KEYS,
};

/** Pod label keys the operator sets itself, after sparkConf (`sparkoperator.k8s.io/app-name`, `.../submission-id`, ...). */
const OPERATOR_LABEL_PREFIX = 'sparkoperator.k8s.io/';

/**
 * Pod label keys this library puts on the SparkApplication and the pod templates; the operator
 * copies the SparkApplication's labels to the pods after sparkConf, so the app's value is replaced.
 */
const LIBRARY_POD_LABELS: ReadonlySet<string> = new Set([
  'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by',
]);

/**
 * Why a conf key cannot be set by the app (operator- or Spark-owned), or undefined. Keys the
 * webhook rejects are in `DENIED_KEYS`.
 */
export function ownedKey(key: string): OwnedKey | undefined {
  const own = OPERATOR_KEYS[key];
  if (own) return own;
  const label = /^spark\.kubernetes\.(driver|executor)\.label\.(.+)$/.exec(key);
  if (label) {
    const pods = label[1];
    if (label[2].startsWith(OPERATOR_LABEL_PREFIX)) {
      return { problem: `${BY_OPERATOR} it sets the ${OPERATOR_LABEL_PREFIX}* labels of the ${pods} pods itself, after sparkConf`, fix: 'remove the key' };
    }
    if (LIBRARY_POD_LABELS.has(label[2])) {
      return {
        problem: `${BY_OPERATOR} it copies the SparkApplication's ${label[2]} label, which this library sets, to the ${pods} pods after sparkConf`,
        fix: `remove the key (use ${pods}Labels for a label of your own)`,
      };
    }
  }
  return undefined;
}

/** Spark conf keys rendered as typed SparkApplication fields rather than in sparkConf. */
export const FIELD_KEYS: ReadonlySet<string> = new Set([
  'spark.driver.cores', 'spark.kubernetes.driver.request.cores', 'spark.kubernetes.driver.limit.cores',
  'spark.driver.memory', 'spark.driver.memoryOverhead',
  'spark.executor.cores', 'spark.kubernetes.executor.request.cores', 'spark.kubernetes.executor.limit.cores',
  'spark.executor.memory', 'spark.executor.memoryOverhead', 'spark.executor.instances',
  'spark.kubernetes.memoryOverheadFactor',
  'spark.dynamicAllocation.enabled', 'spark.dynamicAllocation.minExecutors', 'spark.dynamicAllocation.maxExecutors',
  'spark.dynamicAllocation.initialExecutors', 'spark.dynamicAllocation.shuffleTracking.enabled',
  'spark.dynamicAllocation.shuffleTracking.timeout',
  'spark.jars', 'spark.files', 'spark.submit.pyFiles', 'spark.jars.packages', 'spark.jars.repositories',
  'spark.jars.excludes', 'spark.archives',
]);

/**
 * Conf key prefixes of the driver Service's labels and annotations, rendered as the typed
 * `driver.serviceLabels` / `driver.serviceAnnotations` fields (the operator passes them back as
 * these keys).
 */
const DRIVER_SERVICE_FIELDS: ReadonlyArray<readonly [string, 'serviceLabels' | 'serviceAnnotations']> = [
  ['spark.kubernetes.driver.service.label.', 'serviceLabels'],
  ['spark.kubernetes.driver.service.annotation.', 'serviceAnnotations'],
];

/** The scheduled app's name is `<name>-<19-digit timestamp>` per run, which must stay within 63. */
export const MAX_SCHEDULED_NAME = 43;

/** The label a Kueue LocalQueue is selected by; Kueue reads pod sets from the typed role fields. */
const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** One role (driver or executors) as the renderer gets it. */
export interface KubeflowRole {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly template: k8s.PodTemplateSpec;
  readonly placement: RenderedPlacement;
}

/** Everything the kubeflow renderer needs of an app (back-end neutral values). */
export interface KubeflowAppInput {
  readonly type: SparkApplicationType;
  readonly sparkVersion: string;
  readonly image: string;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: string[];
  readonly mainApplicationFile: string;
  readonly mainClass?: string;
  readonly arguments?: string[];
  /** The final Spark conf, as Spark receives it. */
  readonly conf: ReadonlyMap<string, string>;
  readonly hadoopConf: Record<string, string>;
  readonly serviceAccountName: string;
  readonly driver: KubeflowRole;
  readonly executor: KubeflowRole;
  readonly restartPolicy?: RestartPolicy;
  readonly timeToLive?: Duration;
  readonly sparkUi?: SparkUiOptions;
  readonly schedule?: SparkSchedule;
  /** Labels of the SparkApplication object. */
  readonly objectLabels: Record<string, string>;
}

/** The spec of a SparkApplication, or of a ScheduledSparkApplication when the app has a schedule. */
export function renderKubeflowSpec(input: KubeflowAppInput): any {
  const spec = renderAppSpec(input);
  const s = input.schedule;
  if (!s) return spec;
  return {
    schedule: s.cron,
    timeZone: /^\s*(CRON_TZ|TZ)=/.test(s.cron) ? undefined : s.timeZone ?? 'UTC',
    concurrencyPolicy: s.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
    successfulRunHistoryLimit: s.successfulRunHistoryLimit ?? 1,
    failedRunHistoryLimit: s.failedRunHistoryLimit ?? 3,
    suspend: s.suspend ?? false,
    template: spec,
  };
}

/** The operator's restart policy fields. */
export function renderRestartPolicy(p: RestartPolicy): any {
  if (p.type === 'Never') return { type: 'Never' };
  return {
    type: p.type,
    onFailureRetries: p.retries,
    onFailureRetryInterval: p.retryInterval.toSeconds(),
    onSubmissionFailureRetries: p.submissionRetries,
    onSubmissionFailureRetryInterval: p.submissionRetryInterval.toSeconds(),
  };
}

function renderAppSpec(input: KubeflowAppInput): any {
  const eff = input.conf;
  const c = (k: string) => eff.get(k);
  // The typed fields are read as Spark reads the conf (older key names, whole numbers, durations),
  // so the manifest says what Spark will do; an older name that fills a field is not repeated in
  // sparkConf, and a hadoopConf entry the app registered as spark.hadoop.<key> stays in hadoopConf.
  const field = (k: string) => readConf(eff, k);
  const fieldSources = new Set([...FIELD_KEYS].map(k => field(k)?.key).filter((k): k is string => k !== undefined));
  const sparkConf: Record<string, string> = {};
  const driverService: Record<'serviceLabels' | 'serviceAnnotations', Record<string, string>> = { serviceLabels: {}, serviceAnnotations: {} };
  for (const k of [...eff.keys()].sort()) {
    if (FIELD_KEYS.has(k) || fieldSources.has(k)) continue;
    const service = DRIVER_SERVICE_FIELDS.find(([prefix]) => k.startsWith(prefix) && k.length > prefix.length);
    if (service) {
      driverService[service[1]][k.slice(service[0].length)] = eff.get(k)!;
      continue;
    }
    if (k.startsWith(HADOOP_PREFIX) && input.hadoopConf[k.slice(HADOOP_PREFIX.length)] === eff.get(k)) continue;
    sparkConf[k] = eff.get(k)!;
  }
  const int = (k: string) => read(field(k), parseSparkInt);
  const list = (key: string) => {
    const entries = (c(key) ?? '').split(',').map(e => e.trim()).filter(e => e !== '');
    return entries.length ? entries : undefined;
  };
  const counts = executorCounts(eff);
  const da = counts.dynamic;
  // Kueue builds the workload's pod sets from the typed role fields, not from the pod templates:
  // mirror the placement there so ResourceFlavor taints and node labels match. (The operator's
  // webhook ignores executors that have a template, and applies the same values to the driver.)
  const mirror = input.objectLabels[KUEUE_QUEUE_LABEL] !== undefined;
  const role = (r: 'driver' | 'executor', parts: KubeflowRole) => ({
    cores: int(`spark.${r}.cores`),
    coreRequest: field(`spark.kubernetes.${r}.request.cores`)?.value,
    coreLimit: field(`spark.kubernetes.${r}.limit.cores`)?.value,
    memory: field(`spark.${r}.memory`)?.value,
    memoryOverhead: field(`spark.${r}.memoryOverhead`)?.value,
    // The typed GPU field as well: Kueue (and the operator's webhook) read GPUs from it.
    gpu: gpuField(c(`spark.${r}.resource.gpu.amount`), c(`spark.${r}.resource.gpu.vendor`)),
    serviceAccount: input.serviceAccountName,
    labels: sortedMap(parts.labels),
    annotations: sortedMap(parts.annotations),
    template: parts.template,
    ...(mirror ? parts.placement : {}),
  });
  const ui = input.sparkUi ?? {};
  const tracking = field('spark.dynamicAllocation.shuffleTracking.enabled');
  return {
    type: input.type,
    mode: 'cluster',
    sparkVersion: input.sparkVersion,
    image: input.image,
    imagePullPolicy: input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
    imagePullSecrets: input.imagePullSecrets?.length ? input.imagePullSecrets : undefined,
    mainApplicationFile: input.mainApplicationFile,
    mainClass: input.mainClass,
    arguments: input.arguments?.length ? input.arguments : undefined,
    pythonVersion: input.type === SparkApplicationType.PYTHON ? '3' : undefined,
    memoryOverheadFactor: field('spark.kubernetes.memoryOverheadFactor')?.value,
    sparkConf: Object.keys(sparkConf).length ? sparkConf : undefined,
    hadoopConf: sortedMap(input.hadoopConf),
    deps: dropEmpty({
      jars: list('spark.jars'),
      files: list('spark.files'),
      pyFiles: list('spark.submit.pyFiles'),
      packages: list('spark.jars.packages'),
      repositories: list('spark.jars.repositories'),
      excludePackages: list('spark.jars.excludes'),
      archives: list('spark.archives'),
    }),
    driver: {
      ...role('driver', input.driver),
      serviceLabels: sortedMap(driverService.serviceLabels),
      serviceAnnotations: sortedMap(driverService.serviceAnnotations),
    },
    executor: {
      ...role('executor', input.executor),
      // With dynamic allocation spark.executor.instances only raises the initial count (Spark
      // starts max(minExecutors, initialExecutors, instances)): rendered as initialExecutors.
      instances: da ? undefined : counts.initial,
      deleteOnTermination: true,
    },
    dynamicAllocation: da ? {
      enabled: true,
      initialExecutors: counts.initial,
      minExecutors: int('spark.dynamicAllocation.minExecutors'),
      maxExecutors: int('spark.dynamicAllocation.maxExecutors'),
      shuffleTrackingEnabled: tracking === undefined ? undefined : read(tracking, parseSparkBoolean),
      shuffleTrackingTimeout: read(field('spark.dynamicAllocation.shuffleTracking.timeout'), v => parseSparkTime(v, 'ms')),
    } : undefined,
    restartPolicy: renderRestartPolicy(input.restartPolicy ?? RestartPolicy.never()),
    timeToLiveSeconds: input.timeToLive ? Math.floor(input.timeToLive.toMilliseconds() / 1000) : undefined,
    sparkUIOptions: {
      servicePort: ui.servicePort ?? 4040,
      serviceType: ui.serviceType ?? UiServiceType.CLUSTER_IP,
      serviceLabels: sortedMap(ui.serviceLabels),
      serviceAnnotations: sortedMap(ui.serviceAnnotations),
    },
  };
}

const HADOOP_PREFIX = 'spark.hadoop.';

/**
 * Reads a conf entry for a typed field; the app checked the values before rendering, so a failure
 * here names the key in the library's message form rather than writing NaN into the manifest.
 */
function read<T>(e: { key: string; value: string } | undefined, parse: (v: string) => T): T | undefined {
  if (e === undefined) return undefined;
  try {
    return parse(e.value);
  } catch (err) {
    if (err instanceof ConfValueError) throw err;
    if (err instanceof ValueProblem) throw new ConfValueError(e.key, e.value, err.problem, err.fix);
    throw err;
  }
}

function gpuField(amount: string | undefined, vendor: string | undefined): { name: string; quantity: number } | undefined {
  if (amount === undefined || vendor === undefined || !/^[+-]?[0-9]+$/.test(amount) || !(Number(amount) > 0)) return undefined;
  return { name: `${vendor}/gpu`, quantity: Number(amount) };
}

function dropEmpty(o: Record<string, any>): any {
  dropUndefined(o);
  return Object.keys(o).length ? o : undefined;
}
