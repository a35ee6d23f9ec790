import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ConcurrencyPolicy, SparkSchedule, SparkUiOptions, UiServiceType } from '../../core/app-options';
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
 * Conf keys the operator's webhook rejects or that the operator sets itself (from its submission
 * code), with what to use instead.
 */
export const DENIED_KEYS: Readonly<Record<string, string>> = {
  'spark.master': 'the operator sets the master',
  'spark.kubernetes.driver.master': 'the operator sets the master',
  'spark.kubernetes.container.image': 'use the image prop',
  'spark.kubernetes.driver.container.image': 'use the image prop',
  'spark.kubernetes.executor.container.image': 'use the image prop',
  'spark.kubernetes.authenticate.driver.serviceAccountName': 'use serviceAccountName or a SparkNamespace',
  'spark.kubernetes.authenticate.executor.serviceAccountName': 'executors use the driver identity without a token',
  'spark.kubernetes.authenticate.oauthToken': 'tokens must not be in the manifest',
  'spark.kubernetes.authenticate.oauthTokenFile': 'tokens must not be in the manifest',
  'spark.kubernetes.authenticate.driver.oauthToken': 'tokens must not be in the manifest',
  'spark.kubernetes.authenticate.driver.oauthTokenFile': 'tokens must not be in the manifest',
  'spark.kubernetes.authenticate.executor.oauthToken': 'tokens must not be in the manifest',
  'spark.kubernetes.authenticate.executor.oauthTokenFile': 'tokens must not be in the manifest',
};

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
  const sparkConf: Record<string, string> = {};
  for (const k of [...eff.keys()].sort()) {
    if (!FIELD_KEYS.has(k)) sparkConf[k] = eff.get(k)!;
  }
  const list = (key: string) => (c(key) ? c(key)!.split(',') : undefined);
  const da = c('spark.dynamicAllocation.enabled') === 'true';
  // Kueue builds the workload's pod sets from the typed role fields, not from the pod templates:
  // mirror the placement there so ResourceFlavor taints and node labels match. (The operator's
  // webhook ignores executors that have a template, and applies the same values to the driver.)
  const mirror = input.objectLabels[KUEUE_QUEUE_LABEL] !== undefined;
  const role = (r: 'driver' | 'executor', parts: KubeflowRole) => ({
    cores: Number(c(`spark.${r}.cores`)),
    coreRequest: c(`spark.kubernetes.${r}.request.cores`),
    coreLimit: c(`spark.kubernetes.${r}.limit.cores`),
    memory: c(`spark.${r}.memory`),
    memoryOverhead: c(`spark.${r}.memoryOverhead`),
    // The typed GPU field as well: Kueue (and the operator's webhook) read GPUs from it.
    gpu: gpuField(c(`spark.${r}.resource.gpu.amount`), c(`spark.${r}.resource.gpu.vendor`)),
    serviceAccount: input.serviceAccountName,
    labels: sortedMap(parts.labels),
    annotations: sortedMap(parts.annotations),
    template: parts.template,
    ...(mirror ? parts.placement : {}),
  });
  const ui = input.sparkUi ?? {};
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
    memoryOverheadFactor: c('spark.kubernetes.memoryOverheadFactor'),
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
    driver: role('driver', input.driver),
    executor: {
      ...role('executor', input.executor),
      instances: da ? undefined : Number(c('spark.executor.instances')),
      deleteOnTermination: true,
    },
    dynamicAllocation: da ? {
      enabled: true,
      initialExecutors: Number(c('spark.dynamicAllocation.initialExecutors')),
      minExecutors: Number(c('spark.dynamicAllocation.minExecutors')),
      maxExecutors: Number(c('spark.dynamicAllocation.maxExecutors')),
      shuffleTrackingEnabled: c('spark.dynamicAllocation.shuffleTracking.enabled') === 'true',
      shuffleTrackingTimeout: c('spark.dynamicAllocation.shuffleTracking.timeout') !== undefined
        ? Number(c('spark.dynamicAllocation.shuffleTracking.timeout')) : undefined,
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

function gpuField(amount: string | undefined, vendor: string | undefined): { name: string; quantity: number } | undefined {
  if (amount === undefined || vendor === undefined || !(Number(amount) > 0)) return undefined;
  return { name: `${vendor}/gpu`, quantity: Number(amount) };
}

function dropEmpty(o: Record<string, any>): any {
  dropUndefined(o);
  return Object.keys(o).length ? o : undefined;
}
