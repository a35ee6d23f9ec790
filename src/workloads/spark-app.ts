import { ApiObject, Chart, Duration, Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { validateCronSchedule, validateTimeZone } from '../backends/kubeflow/cron';
import { SparkConfBuilder } from '../core/conf';
import { checkSparkConfKey } from '../core/conf-keys';
import { addTotals, computePodResources, ModelContext, podTotals } from '../core/model';
import {
  NodeLabelRequirement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, SparkVolumeMount,
  TolerationOperator,
} from '../core/pod';
import { CpuCores, PodResources, SparkAppResources, SparkRole } from '../core/resources';
import { dependencyVersionProblems, resolveScalaVersion } from '../core/scala';
import { dns1035Problem, dropUndefined, MANAGED_BY, nameFromId, pathBelowChart, requireInt, sizeToMebibytes, sortedMap } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning, printWarningsOnSynth } from '../core/warn';
import { SparkDriverIdentity } from '../platform/driver-identity';

/** Application type of the main resource. */
export enum SparkApplicationType {
  /** A Scala application in a jar (needs mainClass). */
  SCALA = 'Scala',
  /** A Java application in a jar (needs mainClass). */
  JAVA = 'Java',
  /** A PySpark application (a .py main file). */
  PYTHON = 'Python',
  /** A SparkR application (a .R main file). */
  R = 'R',
}

/** Image pull policy of the Spark containers. */
export enum ImagePullPolicy {
  /** Pull when the image is not on the node. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Always pull. */
  ALWAYS = 'Always',
  /** Never pull. */
  NEVER = 'Never',
}

/** Options of a retrying restart policy. */
export interface RestartOptions {
  /**
   * Retries after the application failed (OnFailure only; Always retries forever).
   * @default 3
   */
  readonly retries?: number;
  /**
   * Wait between a failure and the next run.
   * @default Duration.seconds(10)
   */
  readonly retryInterval?: Duration;
  /**
   * Retries after spark-submit itself failed.
   * @default 3
   */
  readonly submissionRetries?: number;
  /**
   * Wait between a failed submission and the next.
   * @default Duration.seconds(20)
   */
  readonly submissionRetryInterval?: Duration;
}

/**
 * What the spark-operator does when an application ends.
 */
export class RestartPolicy {
  /** Never restart. */
  public static never(): RestartPolicy {
    return new RestartPolicy('Never', {});
  }

  /** Restart after a failure, a bounded number of times. */
  public static onFailure(options: RestartOptions = {}): RestartPolicy {
    return new RestartPolicy('OnFailure', options);
  }

  /** Always restart, whether the application failed or completed (long-running apps). */
  public static always(options: RestartOptions = {}): RestartPolicy {
    if (options.retries !== undefined) {
      throw new Error('RestartPolicy.always: retries does not apply (Always restarts without limit); use RestartPolicy.onFailure for a bounded number of retries');
    }
    return new RestartPolicy('Always', options);
  }

  /** Never, OnFailure or Always. */
  public readonly type: string;
  private readonly options: RestartOptions;

  private constructor(type: string, options: RestartOptions) {
    this.type = type;
    this.options = options;
    requireInt('RestartPolicy', 'retries', options.retries, 0);
    requireInt('RestartPolicy', 'submissionRetries', options.submissionRetries, 0);
    for (const [prop, d] of [['retryInterval', options.retryInterval], ['submissionRetryInterval', options.submissionRetryInterval]] as const) {
      if (d && (d.toMilliseconds() < 1000 || d.toMilliseconds() % 1000 !== 0)) {
        throw new Error(`RestartPolicy: ${prop} must be a whole number of seconds of at least 1, got ${d.toMilliseconds() / 1000}s`);
      }
    }
  }

  /** @internal */
  public _toKube(): any {
    if (this.type === 'Never') return { type: 'Never' };
    const o = this.options;
    return {
      type: this.type,
      onFailureRetries: this.type === 'OnFailure' ? o.retries ?? 3 : undefined,
      onFailureRetryInterval: (o.retryInterval ?? Duration.seconds(10)).toSeconds(),
      onSubmissionFailureRetries: o.submissionRetries ?? 3,
      onSubmissionFailureRetryInterval: (o.submissionRetryInterval ?? Duration.seconds(20)).toSeconds(),
    };
  }
}

/** Dynamic allocation of executors. */
export interface DynamicAllocation {
  /**
   * Fewest executors.
   * @default 0
   */
  readonly minExecutors?: number;
  /**
   * Most executors. Required: without it Spark may ask for Int.MaxValue executors, and no quota or
   * capacity figure can be computed.
   */
  readonly maxExecutors: number;
  /**
   * Executors at start.
   * @default - minExecutors
   */
  readonly initialExecutors?: number;
  /**
   * Track shuffle files so executors holding them are not removed (needed on Kubernetes, which has
   * no external shuffle service, unless a remote shuffle service or a reliable-storage shuffle
   * plugin is used).
   * @default true
   */
  readonly shuffleTracking?: boolean;
  /**
   * Release executors that still hold shuffle data after this long.
   * @default - never (Spark's default): executors with shuffle data are kept until the data is cleaned up
   */
  readonly shuffleTrackingTimeout?: Duration;
  /**
   * Remove executors idle for this long.
   * @default Duration.seconds(60)
   */
  readonly executorIdleTimeout?: Duration;
}

/** What a scheduled run does when the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Start the new run anyway. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the running one and start the new one. */
  REPLACE = 'Replace',
}

/** A cron schedule: the app becomes a ScheduledSparkApplication. */
export interface SparkSchedule {
  /**
   * Standard 5-field cron expression (minute hour day-of-month month day-of-week) or a descriptor
   * (`@daily`, `@every 1h`), as the operator's robfig/cron parser accepts it.
   */
  readonly cron: string;
  /**
   * IANA time zone the schedule is read in.
   * @default "UTC"
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous still runs. The operator starts no further
   * run when this is unset, so it is always emitted.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Successful runs to keep.
   * @default 1
   */
  readonly successfulRunHistoryLimit?: number;
  /**
   * Failed runs to keep.
   * @default 3
   */
  readonly failedRunHistoryLimit?: number;
  /**
   * Suspend the schedule.
   * @default false
   */
  readonly suspend?: boolean;
}

/** Type of the Spark UI Service. */
export enum UiServiceType {
  /** Cluster-internal IP. */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
  /** A cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** The Spark UI Service the operator creates for the driver. */
export interface SparkUiOptions {
  /**
   * Service port.
   * @default 4040
   */
  readonly servicePort?: number;
  /**
   * Service type.
   * @default UiServiceType.CLUSTER_IP
   */
  readonly serviceType?: UiServiceType;
  /**
   * Service labels.
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
  /**
   * Service annotations.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
}

/** Pod security settings of the Spark pods. */
export interface SparkSecurityOptions {
  /**
   * User id of the Spark containers (the official Spark images run as 185).
   * @default 185
   */
  readonly runAsUser?: number;
  /**
   * Group id of the Spark containers.
   * @default 185
   */
  readonly runAsGroup?: number;
  /**
   * Group owning mounted volumes.
   * @default 185
   */
  readonly fsGroup?: number;
  /**
   * Read-only root filesystem (Spark needs writable work and local dirs: mount them as volumes).
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/**
 * A namespace a SparkApp can be placed in (see SparkNamespace): it supplies the namespace name,
 * the driver identity, and gets to know its apps.
 */
export interface ISparkNamespace {
  /** Namespace name. */
  readonly namespaceName: string;
  /** The shared driver identity of the namespace. */
  readonly driverIdentity: SparkDriverIdentity;
  /**
   * Pod Security Admission level the namespace enforces: "restricted", "baseline" or "privileged".
   */
  readonly podSecurityEnforce: string;
  /** Names of the namespace's priority tiers, highest priority first. */
  readonly tierNames: string[];
  /**
   * Registers an app placed in the namespace; returns the priority class name the app's pods get
   * for its tier, if the namespace defines tiers.
   * @internal
   */
  _registerApp(app: SparkApp, tier?: string): string | undefined;
  /**
   * Lets pods of another namespace (e.g. Prometheus) reach the Spark pods on these ports.
   *
   * @param fromNamespace namespace of the scraper
   * @param ports TCP ports of the Spark pods
   */
  allowMetricsScraping(fromNamespace: string, ports: number[]): void;
  /**
   * Counts pods that are not Spark apps (e.g. a Celeborn cluster) in the capacity check and report.
   * @internal
   */
  _registerWorkload(name: string, pods: PodResources[]): void;
  /**
   * Lets the Spark pods reach other pods (e.g. a Celeborn cluster) when the namespace restricts egress.
   * @internal
   */
  _allowSparkEgressTo(name: string, podLabels: { [key: string]: string }, ports: number[], namespace?: string): void;
}

/**
 * Something attached to a SparkApp that changes its configuration, pods and resource figures
 * (shuffle storage, monitoring). SparkApp calls `bind` once, from its constructor.
 */
export interface ISparkAppAddon {
  /** What the addon is, for conflict messages (e.g. "ShuffleStorage local-ssd"). */
  readonly addonName: string;
  /**
   * Applies the addon to the app. Called by SparkApp; not for direct use.
   */
  bind(app: SparkApp): void;
}

/**
 * Props of a SparkApp.
 */
export interface SparkAppProps {
  /**
   * Name of the SparkApplication (DNS-1035, at most 63 characters; 43 when scheduled, so the
   * timestamped runs stay valid).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * Namespace to run in. Ignored when `sparkNamespace` is given.
   * @default - the chart's namespace, else "default"
   */
  readonly namespace?: string;
  /**
   * The tenant namespace to run in: the app uses its driver identity and priority tiers and counts
   * in its capacity check.
   * @default - none
   */
  readonly sparkNamespace?: ISparkNamespace;
  /**
   * Priority tier of the app in its SparkNamespace (e.g. "batch"); sets the pods' priority class.
   * @default - the namespace's default tier
   */
  readonly tier?: string;
  /**
   * Application type.
   * @default - PYTHON for a .py main file, R for a .R file, else SCALA
   */
  readonly type?: SparkApplicationType;
  /** Spark version of the image. */
  readonly sparkVersion: SparkVersion;
  /** Container image with Spark, e.g. `apache/spark:3.5.5`. Never `latest`. */
  readonly image: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Names of image pull Secrets.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /** The main resource: a jar, .py or .R file (`local:///opt/spark/...`, `s3a://...`). */
  readonly mainApplicationFile: string;
  /**
   * Main class (required for Scala and Java apps).
   * @default - none (Python and R)
   */
  readonly mainClass?: string;
  /**
   * Arguments of the main program.
   * @default []
   */
  readonly arguments?: string[];
  /**
   * Raw Spark configuration. Keys the typed props set must be set through the props. Values under
   * keys that hold credentials are rejected: pass credentials from Secrets.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Hadoop configuration (the operator prefixes each key with `spark.hadoop.`).
   * @default - none
   */
  readonly hadoopConf?: { [key: string]: string };
  /**
   * Jars on the driver and executor classpath.
   * @default []
   */
  readonly jars?: string[];
  /**
   * Files placed in the working directory of each pod.
   * @default []
   */
  readonly files?: string[];
  /**
   * Python files (.py, .zip, .egg) on the PYTHONPATH.
   * @default []
   */
  readonly pyFiles?: string[];
  /**
   * Maven coordinates `group:artifact:version` resolved at submission.
   * @default []
   */
  readonly packages?: string[];
  /**
   * Extra Maven repositories for `packages`.
   * @default []
   */
  readonly repositories?: string[];
  /**
   * `group:artifact` to exclude while resolving `packages`.
   * @default []
   */
  readonly excludePackages?: string[];
  /**
   * Archives extracted into the working directory of each pod.
   * @default []
   */
  readonly archives?: string[];
  /**
   * Scala binary version of the Spark build in the image (2.12 or 2.13); packages and jars named
   * for another Scala version are rejected.
   * @default - the `scala2.1x` in the image tag, else 2.12 for Spark 3.x and 2.13 for Spark 4.x
   */
  readonly scalaVersion?: string;

  /**
   * Driver cores (whole number; fractions go to driverCoreRequest).
   * @default 1
   */
  readonly driverCores?: number;
  /**
   * Driver CPU request.
   * @default - driverCores
   */
  readonly driverCoreRequest?: CpuCores;
  /**
   * Driver CPU limit.
   * @default - no limit (a namespace whose quota constrains limits.cpu sets it)
   */
  readonly driverCoreLimit?: CpuCores;
  /**
   * Driver JVM heap.
   * @default Size.gibibytes(1)
   */
  readonly driverMemory?: Size;
  /**
   * Driver memory overhead; replaces the computed factor × heap (min 384 MiB).
   * @default - computed by Spark
   */
  readonly driverMemoryOverhead?: Size;
  /**
   * Executor cores (task slots; whole number, fractions go to executorCoreRequest).
   * @default 1
   */
  readonly executorCores?: number;
  /**
   * Executor CPU request.
   * @default - executorCores
   */
  readonly executorCoreRequest?: CpuCores;
  /**
   * Executor CPU limit.
   * @default - no limit (a namespace whose quota constrains limits.cpu sets it)
   */
  readonly executorCoreLimit?: CpuCores;
  /**
   * Executor JVM heap.
   * @default Size.gibibytes(1)
   */
  readonly executorMemory?: Size;
  /**
   * Executor memory overhead; replaces the computed factor × heap (min 384 MiB).
   * @default - computed by Spark
   */
  readonly executorMemoryOverhead?: Size;
  /**
   * Overhead factor for both roles (`spark.kubernetes.memoryOverheadFactor`).
   * @default - 0.1 for JVM apps, 0.4 for Python and R apps (Spark's defaults)
   */
  readonly memoryOverheadFactor?: number;
  /**
   * Executors (static allocation).
   * @default 2
   */
  readonly executorInstances?: number;
  /**
   * Dynamic allocation; replaces executorInstances.
   * @default - static allocation
   */
  readonly dynamicAllocation?: DynamicAllocation;

  /**
   * Environment of both roles.
   * @default - none
   */
  readonly env?: { [name: string]: SparkEnvValue };
  /**
   * Environment of the driver.
   * @default - none
   */
  readonly driverEnv?: { [name: string]: SparkEnvValue };
  /**
   * Environment of the executors.
   * @default - none
   */
  readonly executorEnv?: { [name: string]: SparkEnvValue };
  /**
   * Secrets whose keys all become environment variables of both roles.
   * @default - none
   */
  readonly envFromSecrets?: string[];
  /**
   * ConfigMaps whose keys all become environment variables of both roles.
   * @default - none
   */
  readonly envFromConfigMaps?: string[];
  /**
   * Labels of the driver pod.
   * @default - the library's labels
   */
  readonly driverLabels?: { [key: string]: string };
  /**
   * Annotations of the driver pod.
   * @default - none
   */
  readonly driverAnnotations?: { [key: string]: string };
  /**
   * Labels of the executor pods.
   * @default - the library's labels
   */
  readonly executorLabels?: { [key: string]: string };
  /**
   * Annotations of the executor pods.
   * @default - none
   */
  readonly executorAnnotations?: { [key: string]: string };
  /**
   * Volume mounts of the driver.
   * @default - none
   */
  readonly driverVolumeMounts?: SparkVolumeMount[];
  /**
   * Volume mounts of the executors.
   * @default - none
   */
  readonly executorVolumeMounts?: SparkVolumeMount[];
  /**
   * Node labels both roles' nodes must have.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Node labels the driver's node must have (added to nodeSelector).
   * @default - none
   */
  readonly driverNodeSelector?: { [key: string]: string };
  /**
   * Node labels the executors' nodes must have (added to nodeSelector).
   * @default - none
   */
  readonly executorNodeSelector?: { [key: string]: string };
  /**
   * Tolerations of both roles.
   * @default - none
   */
  readonly tolerations?: SparkToleration[];
  /**
   * Tolerations of the executors only (e.g. spot nodes).
   * @default - none
   */
  readonly executorTolerations?: SparkToleration[];
  /**
   * Node label requirements (required node affinity) of both roles.
   * @default - none
   */
  readonly requiredNodeAffinity?: NodeLabelRequirement[];
  /**
   * Preferred node affinity of both roles.
   * @default - none
   */
  readonly preferredNodeAffinity?: PreferredNodeAffinity[];
  /**
   * Priority class of the driver.
   * @default - the namespace tier's class, else none
   */
  readonly driverPriorityClassName?: string;
  /**
   * Priority class of the executors.
   * @default - the namespace tier's class, else none
   */
  readonly executorPriorityClassName?: string;
  /**
   * Pod security settings.
   * @default - uid/gid/fsGroup 185, non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp
   */
  readonly security?: SparkSecurityOptions;

  /**
   * An existing ServiceAccount for the driver (it needs the rules SparkDriverIdentity grants).
   * @default - the SparkNamespace's identity, else a SparkDriverIdentity for this app
   */
  readonly serviceAccountName?: string;
  /**
   * Mount an API token into executor pods (only needed by code on executors that calls the API).
   * @default false
   */
  readonly executorServiceAccountToken?: boolean;

  /**
   * Restart policy.
   * @default RestartPolicy.never()
   */
  readonly restartPolicy?: RestartPolicy;
  /**
   * Delete the SparkApplication this long after it terminated.
   * @default - kept until deleted
   */
  readonly timeToLive?: Duration;
  /**
   * Spark UI service options.
   * @default - a ClusterIP service on port 4040
   */
  readonly sparkUi?: SparkUiOptions;
  /**
   * Directory for Spark event logs read by a history server (e.g. `s3a://logs/spark-events`);
   * turns on `spark.eventLog.enabled`.
   * @default - no event log
   */
  readonly eventLogDir?: string;
  /**
   * Run on a cron schedule (emits a ScheduledSparkApplication).
   * @default - run once
   */
  readonly schedule?: SparkSchedule;
  /**
   * Where shuffle and spill data go (see ShuffleStorage).
   * @default - Spark's default: an emptyDir per pod without a size limit
   */
  readonly shuffleStorage?: ISparkAppAddon;
  /**
   * Metrics, scraping and alerts (see PrometheusMonitoring).
   * @default - not monitored
   */
  readonly monitoring?: ISparkAppAddon;
}

const SECRET_KEY_RE = /(secret|password|passwd|token|credential|private\.key|access\.key|secret\.key|sas\.|jaas\.config|\.key$)/i;
const SECRET_KEY_SAFE_RE = /(\.provider|\.file|file|\.path|\.name|\.enabled|\.class|itemkey|bitlength|\.type|\.ttl|renewal|\.location|\.secretname|keyname|\.algorithm|secretkeyref|\.secrets\.)/i;

/** Whether a conf key holds a credential (so its value must come from a Secret). @internal */
export function isCredentialKey(key: string): boolean {
  if (/\.fs\.azure\.(account\.key|sas)\./i.test(key)) return true;
  const last = key.split('.').slice(-3).join('.');
  return SECRET_KEY_RE.test(last) && !SECRET_KEY_SAFE_RE.test(last);
}

const DENIED_KEYS: Record<string, string> = {
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

/** Shuffle IO plugins that tell Spark their shuffle data survives executors (dynamic allocation without tracking). */
const RELIABLE_SHUFFLE_PLUGINS = new Set([
  'org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO',
]);

/** Spark conf keys rendered as typed SparkApplication fields rather than in sparkConf. */
const FIELD_KEYS = new Set([
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

/** Per-role parts of the pod templates that constructs contribute to. */
interface PodParts {
  env: Map<string, { value?: string; valueFrom?: any }>;
  envFrom: any[];
  mounts: any[];
  volumes: Map<string, SparkVolume>;
  nodeSelector: Record<string, string>;
  tolerations: any[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  requests: Record<string, string>;
  limits: Record<string, string>;
  ports: Array<{ name: string; containerPort: number; protocol: string }>;
  priorityClassName?: string;
  schedulerName?: string;
  terminationGracePeriodSeconds?: number;
  initContainers: any[];
}

function newParts(): PodParts {
  return {
    env: new Map(),
    envFrom: [],
    mounts: [],
    volumes: new Map(),
    nodeSelector: {},
    tolerations: [],
    labels: {},
    annotations: {},
    requests: {},
    limits: {},
    ports: [],
    initContainers: [],
  };
}

/**
 * A Spark application run by the kubeflow spark-operator (v2.5, `sparkoperator.k8s.io/v1beta2`).
 *
 * Defines a `SparkApplication` (or a `ScheduledSparkApplication` with a `schedule`), and, unless
 * an existing service account or a SparkNamespace is given, a ServiceAccount, Role and
 * RoleBinding for the driver. Pod-level settings (security context, volumes, environment,
 * tolerations, affinity, priority) go into the driver and executor pod templates, so they take
 * effect without the operator's mutating webhook.
 *
 * `resources()` returns the pods Spark will create, computed as Spark computes them.
 */
export class SparkApp extends Construct {
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

  /** @internal */
  public readonly _conf: SparkConfBuilder;
  private readonly owner: string;
  private readonly props: SparkAppProps;
  private readonly driverParts = newParts();
  private readonly executorParts = newParts();
  private readonly hadoopConf: Record<string, string>;
  private readonly identity?: SparkDriverIdentity;
  private readonly addons: ISparkAppAddon[];
  private defaultCpuLimits = false;
  private partsVersion = 0;
  private readonly headroom: Record<SparkRole, Array<{ mebibytes: number; source: string }>> = { driver: [], executor: [] };
  private memo?: { key: string; value: SparkAppResources };
  private effMemo?: { key: string; value: Map<string, string> };

  constructor(scope: Construct, id: string, props: SparkAppProps) {
    super(scope, id);
    // Errors name the app by its path below the chart (e.g. "SparkApp Etl", "SparkApp Pipeline/App").
    this.owner = `SparkApp ${pathBelowChart(this)}`;
    this.props = props;
    this._conf = new SparkConfBuilder(this.owner);
    this.sparkVersion = props.sparkVersion;
    this.scheduled = props.schedule !== undefined;

    // --- name and namespace
    this.name = props.name ?? nameFromId(id);
    const maxName = this.scheduled ? 43 : 63;
    const nameProblem = dns1035Problem(this.name, maxName);
    if (nameProblem) {
      const why = this.scheduled && this.name.length > 43 ? ' (scheduled runs are named <name>-<19-digit timestamp>, which must stay within 63)' : '';
      throw new Error(`${this.owner}: name "${this.name}" ${nameProblem}${why}`);
    }
    this.sparkNamespace = props.sparkNamespace;
    this.namespace = props.sparkNamespace?.namespaceName ?? props.namespace ?? Chart.of(this).namespace ?? 'default';

    // --- type and main resource
    this.type = props.type ?? inferType(props.mainApplicationFile);
    this.validateMain(props);
    this.validateImage(props.image);
    this.scalaVersion = resolveScalaVersion(this.owner, props);

    // --- resources (typed props → conf keys, rendered as CRD fields)
    const src = (p: string) => `prop ${p}`;
    const cores = (role: string, prop: string, v?: number) => {
      requireInt(this.owner, prop, v, 1);
      this._conf.set(`spark.${role}.cores`, `${v ?? 1}`, src(prop));
    };
    cores('driver', 'driverCores', props.driverCores);
    cores('executor', 'executorCores', props.executorCores);
    this.setCpu('driver', props.driverCoreRequest, props.driverCoreLimit, props.driverCores ?? 1);
    this.setCpu('executor', props.executorCoreRequest, props.executorCoreLimit, props.executorCores ?? 1);
    this.setMemory('driver', props.driverMemory, props.driverMemoryOverhead);
    this.setMemory('executor', props.executorMemory, props.executorMemoryOverhead);
    if (props.memoryOverheadFactor !== undefined) {
      if (!(props.memoryOverheadFactor > 0 && props.memoryOverheadFactor < 10)) {
        throw new Error(`${this.owner}: memoryOverheadFactor must be a positive fraction of the heap (e.g. 0.1 or 0.4), got ${props.memoryOverheadFactor}`);
      }
      this._conf.set('spark.kubernetes.memoryOverheadFactor', `${props.memoryOverheadFactor}`, src('memoryOverheadFactor'));
    }
    this.setExecutors(props);

    // --- deps
    const deps: Array<[keyof SparkAppProps, string]> = [
      ['jars', 'spark.jars'], ['files', 'spark.files'], ['pyFiles', 'spark.submit.pyFiles'],
      ['packages', 'spark.jars.packages'], ['repositories', 'spark.jars.repositories'],
      ['excludePackages', 'spark.jars.excludes'], ['archives', 'spark.archives'],
    ];
    for (const [prop, key] of deps) {
      const list = props[prop] as string[] | undefined;
      if (list && list.length > 0) this._conf.set(key, list.join(','), src(prop));
    }
    if (props.pyFiles?.length && this.type !== SparkApplicationType.PYTHON) {
      throw new Error(`${this.owner}: pyFiles only apply to Python apps, got type ${this.type}`);
    }
    for (const p of props.packages ?? []) {
      if (!/^[^:\s]+:[^:\s]+:[^:\s]+$/.test(p)) {
        throw new Error(`${this.owner}: packages entry "${p}" must be Maven coordinates group:artifact:version`);
      }
    }
    const versionProblems = dependencyVersionProblems(this.sparkVersion, this.scalaVersion, props.packages ?? [],
      [...(props.jars ?? []), ...(/\.jar$/i.test(props.mainApplicationFile) ? [props.mainApplicationFile] : [])]);
    if (versionProblems.length > 0) {
      throw new Error(`${this.owner}: ${versionProblems.join('; ')}`);
    }

    // --- event log
    if (props.eventLogDir !== undefined) {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(props.eventLogDir)) {
        addWarning(this, `eventLogDir "${props.eventLogDir}" has no URI scheme: the driver writes into its own pod and a history server will not see it; use a shared store such as s3a://bucket/spark-events`);
      }
      this._conf.set('spark.eventLog.enabled', 'true', src('eventLogDir'));
      this._conf.set('spark.eventLog.dir', props.eventLogDir, src('eventLogDir'));
    }

    // --- addons, then raw conf, so typed props and addons own their keys in conflict messages
    this.addons = [];
    for (const addon of [props.shuffleStorage, props.monitoring]) {
      if (addon) this.bindAddon(addon);
    }

    for (const key of Object.keys(props.sparkConf ?? {}).sort()) {
      this.addSparkConf(key, props.sparkConf![key], 'sparkConf');
    }
    this.hadoopConf = {};
    for (const key of Object.keys(props.hadoopConf ?? {}).sort()) {
      if (key.startsWith('spark.hadoop.')) {
        throw new Error(`${this.owner}: hadoopConf key ${key} must not start with spark.hadoop. (the operator adds the prefix); use ${key.slice('spark.hadoop.'.length)}`);
      }
      this.checkCredential(`spark.hadoop.${key}`, 'hadoopConf', key);
      this.hadoopConf[key] = props.hadoopConf![key];
    }

    // --- identity
    if (props.serviceAccountName !== undefined) {
      this.serviceAccountName = props.serviceAccountName;
    } else if (props.sparkNamespace) {
      this.serviceAccountName = props.sparkNamespace.driverIdentity.serviceAccountName;
      this.identity = props.sparkNamespace.driverIdentity;
    } else {
      this.driverIdentity = new SparkDriverIdentity(this, 'DriverIdentity', {
        namespace: this.namespace,
        name: `${this.name}-driver`,
        labels: { 'app.kubernetes.io/part-of': this.name },
      });
      this.identity = this.driverIdentity;
      this.serviceAccountName = this.driverIdentity.serviceAccountName;
    }

    // --- pod parts from props
    this.addPodProps(props);
    const tierClass = props.sparkNamespace?._registerApp(this, props.tier);
    if (props.tier !== undefined && !props.sparkNamespace) {
      throw new Error(`${this.owner}: tier "${props.tier}" needs a sparkNamespace that defines priority tiers`);
    }
    this.driverParts.priorityClassName = props.driverPriorityClassName ?? tierClass;
    this.executorParts.priorityClassName = props.executorPriorityClassName ?? tierClass;

    if (props.schedule) this.validateSchedule(props.schedule);
    if (props.timeToLive && (props.timeToLive.toMilliseconds() < 1000)) {
      throw new Error(`${this.owner}: timeToLive must be at least one second, got ${props.timeToLive.toMilliseconds() / 1000}s`);
    }
    if (props.sparkUi?.servicePort !== undefined) {
      requireInt(this.owner, 'sparkUi.servicePort', props.sparkUi.servicePort, 1);
      if (props.sparkUi.servicePort > 65535) {
        throw new Error(`${this.owner}: sparkUi.servicePort must be a port number 1-65535, got ${props.sparkUi.servicePort}`);
      }
    }

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'sparkoperator.k8s.io/v1beta2',
      kind: this.scheduled ? 'ScheduledSparkApplication' : 'SparkApplication',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: this.objectLabels('spark-application'),
      },
      spec: Lazy.any({ produce: () => this.renderTopSpec() }),
    });

    this.node.addValidation({ validate: () => this.validateAtSynth() });
    printWarningsOnSynth(this);
  }

  // ------------------------------------------------------------------------------------------
  // public API

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
    if (DENIED_KEYS[key]) {
      throw new Error(`${this.owner}: ${from} key ${key} is rejected by the spark-operator's webhook; ${DENIED_KEYS[key]}`);
    }
    if (key === 'spark.kubernetes.namespace' && value !== this.namespace) {
      throw new Error(`${this.owner}: ${from} key spark.kubernetes.namespace is "${value}" but the app runs in namespace "${this.namespace}"; the operator rejects a different namespace, remove the key`);
    }
    this.checkCredential(key, from, key);
    if (FIELD_KEYS.has(key) && from === 'sparkConf') {
      const owner = this._conf.sourceOf(key);
      if (owner !== undefined && this._conf.get(key) !== value) {
        throw new Error(`${this.owner}: sparkConf key ${key} is also set by ${owner} ("${this._conf.get(key)}" vs "${value}"); set it through the typed prop only`);
      }
    }
    const check = checkSparkConfKey(key);
    if (check.kind === 'unknown' && check.suggestion) {
      addWarning(this, `${from} key ${key} is not a Spark configuration key; did you mean ${check.suggestion}?`);
    } else if (check.kind === 'deprecated') {
      addWarning(this, `${from} key ${key} is deprecated${check.replacement ? `; use ${check.replacement}` : ''}`);
    }
    this._conf.set(key, value, from);
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

  private modelContext(role: SparkRole): ModelContext {
    const parts = role === SparkRole.DRIVER ? this.driverParts : this.executorParts;
    return {
      nonJvm: this.type === SparkApplicationType.PYTHON || this.type === SparkApplicationType.R,
      python: this.type === SparkApplicationType.PYTHON,
      version: this.sparkVersion,
      templateResources: { requests: parts.requests, limits: parts.limits },
    };
  }

  private computeResources(): SparkAppResources {
    const view = this.effectiveConf();
    const ctx = (role: SparkRole) => this.modelContext(role);
    let driver: PodResources;
    let executor: PodResources;
    try {
      driver = computePodResources(SparkRole.DRIVER, view, ctx(SparkRole.DRIVER));
      executor = computePodResources(SparkRole.EXECUTOR, view, ctx(SparkRole.EXECUTOR));
    } catch (e) {
      throw new Error(`${this.owner}: ${(e as Error).message}`);
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

  /**
   * Adds environment variables to a role's Spark container (both roles when role is undefined).
   * @internal
   */
  public _addEnv(role: SparkRole | undefined, name: string, value: SparkEnvValue, source: string): void {
    for (const parts of this.partsOf(role)) {
      const existing = parts.env.get(name);
      if (existing && JSON.stringify(existing) !== JSON.stringify(value._spec)) {
        throw new Error(`${this.owner}: environment variable ${name} is set twice with different values (second by ${source})`);
      }
      parts.env.set(name, value._spec);
    }
  }

  /**
   * Mounts a volume into the driver's Spark container.
   */
  public addDriverVolumeMount(mount: SparkVolumeMount): void {
    this.addMount(this.driverParts, mount, 'driverVolumeMounts');
  }

  /**
   * Mounts a volume into the executors' Spark container.
   */
  public addExecutorVolumeMount(mount: SparkVolumeMount): void {
    this.addMount(this.executorParts, mount, 'executorVolumeMounts');
  }

  /**
   * Adds container resources Spark does not set itself (e.g. `ephemeral-storage`) to a role's pod
   * template; Spark keeps them (it only overwrites cpu, memory and its custom resources).
   * @internal
   */
  public _addTemplateResource(role: SparkRole, resource: string, request: string | undefined, limit: string | undefined, source: string): void {
    if (resource === 'cpu' || resource === 'memory') {
      throw new Error(`${this.owner}: ${source} cannot set ${resource} in the pod template: Spark overwrites it`);
    }
    const parts = role === SparkRole.DRIVER ? this.driverParts : this.executorParts;
    this.partsVersion++;
    const put = (m: Record<string, string>, v: string | undefined) => {
      if (v === undefined) return;
      if (m[resource] !== undefined && m[resource] !== v) {
        throw new Error(`${this.owner}: ${role} ${resource} is set twice with different values ("${m[resource]}" and "${v}" by ${source})`);
      }
      m[resource] = v;
    };
    put(parts.requests, request);
    put(parts.limits, limit);
  }

  /**
   * Adds tolerations, node selector labels, pod labels or annotations to a role's pods.
   * @internal
   */
  public _addPlacement(role: SparkRole | undefined, opts: {
    tolerations?: SparkToleration[];
    nodeSelector?: Record<string, string>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    terminationGracePeriodSeconds?: number;
  }): void {
    for (const parts of this.partsOf(role)) {
      for (const t of opts.tolerations ?? []) parts.tolerations.push(renderToleration(t));
      Object.assign(parts.nodeSelector, opts.nodeSelector ?? {});
      Object.assign(parts.labels, opts.labels ?? {});
      Object.assign(parts.annotations, opts.annotations ?? {});
      if (opts.terminationGracePeriodSeconds !== undefined) {
        parts.terminationGracePeriodSeconds = Math.max(parts.terminationGracePeriodSeconds ?? 0, opts.terminationGracePeriodSeconds);
      }
    }
  }

  /**
   * Attaches an addon (shuffle storage, monitoring) after construction. Each addon binds once.
   */
  public bindAddon(addon: ISparkAppAddon): void {
    if (this.addons.includes(addon)) return;
    this.addons.push(addon);
    addon.bind(this);
  }

  /** The addons bound to this app. */
  public get boundAddons(): ISparkAppAddon[] {
    return [...this.addons];
  }

  /**
   * Adds a named TCP port to a role's Spark container (both roles when role is undefined).
   * @internal
   */
  public _addContainerPort(role: SparkRole | undefined, name: string, port: number): void {
    for (const parts of this.partsOf(role)) {
      const same = parts.ports.find(p => p.name === name || p.containerPort === port);
      if (same && (same.name !== name || same.containerPort !== port)) {
        throw new Error(`${this.owner}: container port ${name}/${port} clashes with ${same.name}/${same.containerPort}`);
      }
      if (!same) parts.ports.push({ name, containerPort: port, protocol: 'TCP' });
    }
  }

  /**
   * Adds a volume to a role's pod without mounting it into the Spark container (e.g. for an init
   * container or a volume Spark mounts itself through its volume conf).
   * @internal
   */
  public _addVolume(role: SparkRole | undefined, volume: SparkVolume): void {
    for (const parts of this.partsOf(role)) {
      const existing = parts.volumes.get(volume.name);
      if (existing && JSON.stringify(existing._toKube()) !== JSON.stringify(volume._toKube())) {
        throw new Error(`${this.owner}: two different volumes are named "${volume.name}"; volume names must be unique per pod`);
      }
      parts.volumes.set(volume.name, volume);
    }
  }

  /**
   * Adds an init container (a plain Kubernetes container object) to a role's pod template.
   * @internal
   */
  public _addInitContainer(role: SparkRole | undefined, container: any): void {
    for (const parts of this.partsOf(role)) parts.initContainers.push(container);
  }

  /**
   * Adds memory that a role's container uses outside the JVM heap and outside Spark's own overhead
   * (a memory-backed emptyDir, RocksDB's native memory, a pinned host pool). Spark sets the memory
   * limit to heap + overhead, so the app renders an explicit memoryOverhead: the overhead Spark
   * would have used (explicit, or factor × heap with the floor) plus all headroom. The resource
   * model reports the result.
   * @internal
   */
  public _addMemoryOverheadHeadroom(role: SparkRole, mebibytes: number, source: string): void {
    if (!Number.isInteger(mebibytes) || mebibytes < 0) {
      throw new Error(`${this.owner}: memory headroom from ${source} must be a whole number of MiB, got ${mebibytes}`);
    }
    this.headroom[role].push({ mebibytes, source });
    this.partsVersion++;
  }

  /**
   * Sets the scheduler of a role's pods (both roles when role is undefined), e.g. volcano or yunikorn.
   * @internal
   */
  public _setSchedulerName(role: SparkRole | undefined, schedulerName: string, source: string): void {
    for (const parts of this.partsOf(role)) {
      if (parts.schedulerName !== undefined && parts.schedulerName !== schedulerName) {
        throw new Error(`${this.owner}: scheduler "${schedulerName}" (from ${source}) conflicts with scheduler "${parts.schedulerName}" already set`);
      }
      parts.schedulerName = schedulerName;
    }
  }

  /**
   * Called by a namespace whose quota constrains limits.cpu: pods without a CPU limit get one
   * equal to their CPU request, so the quota admits them (spark-operator #810).
   * @internal
   */
  public _useCpuRequestAsDefaultLimit(): void {
    this.defaultCpuLimits = true;
  }

  /** Labels selecting this app's driver and executor pods. */
  public get podSelectorLabels(): { [key: string]: string } {
    return { 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/managed-by': 'cdk8s-spark' };
  }

  // ------------------------------------------------------------------------------------------
  // props → conf and parts

  private setCpu(role: string, request: CpuCores | undefined, limit: CpuCores | undefined, cores: number) {
    const prefix = role === 'driver' ? 'driver' : 'executor';
    if (request) {
      this._conf.set(`spark.kubernetes.${role}.request.cores`, request.toQuantity(), `prop ${prefix}CoreRequest`);
    }
    if (limit) {
      const req = request?.millicores ?? cores * 1000;
      if (limit.millicores < req) {
        throw new Error(`${this.owner}: ${prefix}CoreLimit (${limit.toQuantity()}) must be at least the CPU request (${request ? `${prefix}CoreRequest ${request.toQuantity()}` : `${prefix}Cores ${cores}`})`);
      }
      this._conf.set(`spark.kubernetes.${role}.limit.cores`, limit.toQuantity(), `prop ${prefix}CoreLimit`);
    }
  }

  private setMemory(role: string, memory: Size | undefined, overhead: Size | undefined) {
    const heap = sizeToMebibytes(this.owner, `${role}Memory`, memory ?? Size.gibibytes(1));
    if (heap < 450) {
      throw new Error(`${this.owner}: ${role}Memory must be at least 450 MiB (Spark reserves 300 MiB and refuses less than 1.5 times that), got ${heap} MiB`);
    }
    this._conf.set(`spark.${role}.memory`, `${heap}m`, `prop ${role}Memory`);
    if (overhead) {
      const mib = sizeToMebibytes(this.owner, `${role}MemoryOverhead`, overhead);
      if (mib < 1) {
        throw new Error(`${this.owner}: ${role}MemoryOverhead must be at least 1 MiB, got ${mib} MiB`);
      }
      if (mib < 384) {
        addWarning(this, `${role}MemoryOverhead is ${mib} MiB, below Spark's own floor of 384 MiB: native memory (netty, thread stacks, metaspace) may exceed it and the kernel OOM-kills the pod`);
      }
      this._conf.set(`spark.${role}.memoryOverhead`, `${mib}m`, `prop ${role}MemoryOverhead`);
    }
  }

  private setExecutors(props: SparkAppProps) {
    const da = props.dynamicAllocation;
    if (!da) {
      requireInt(this.owner, 'executorInstances', props.executorInstances, 1);
      this._conf.set('spark.executor.instances', `${props.executorInstances ?? 2}`, 'prop executorInstances');
      return;
    }
    if (props.executorInstances !== undefined) {
      throw new Error(`${this.owner}: executorInstances (${props.executorInstances}) cannot be combined with dynamicAllocation; use dynamicAllocation.initialExecutors`);
    }
    const min = da.minExecutors ?? 0;
    requireInt(this.owner, 'dynamicAllocation.minExecutors', min, 0);
    requireInt(this.owner, 'dynamicAllocation.maxExecutors', da.maxExecutors, 1);
    requireInt(this.owner, 'dynamicAllocation.initialExecutors', da.initialExecutors, 0);
    if (min > da.maxExecutors) {
      throw new Error(`${this.owner}: dynamicAllocation.minExecutors (${min}) must not exceed maxExecutors (${da.maxExecutors})`);
    }
    const initial = da.initialExecutors ?? min;
    if (initial < min || initial > da.maxExecutors) {
      throw new Error(`${this.owner}: dynamicAllocation.initialExecutors (${initial}) must be between minExecutors (${min}) and maxExecutors (${da.maxExecutors})`);
    }
    const s = 'prop dynamicAllocation';
    this._conf.set('spark.dynamicAllocation.enabled', 'true', s);
    this._conf.set('spark.dynamicAllocation.minExecutors', `${min}`, s);
    this._conf.set('spark.dynamicAllocation.initialExecutors', `${initial}`, s);
    this._conf.set('spark.dynamicAllocation.maxExecutors', `${da.maxExecutors}`, s);
    this._conf.set('spark.dynamicAllocation.shuffleTracking.enabled', `${da.shuffleTracking ?? true}`, s);
    if (da.shuffleTrackingTimeout) {
      this._conf.set('spark.dynamicAllocation.shuffleTracking.timeout', `${da.shuffleTrackingTimeout.toMilliseconds()}`, s);
    } else if (da.shuffleTracking ?? true) {
      addWarning(this, 'dynamicAllocation has shuffle tracking without shuffleTrackingTimeout: an executor that holds shuffle data is never released until that data is cleaned up, so the app may stay near maxExecutors; set dynamicAllocation.shuffleTrackingTimeout (e.g. Duration.minutes(30))');
    }
    if (da.executorIdleTimeout) {
      this._conf.set('spark.dynamicAllocation.executorIdleTimeout', durationConf(da.executorIdleTimeout), s);
    }
  }

  private executorCounts(): { initial: number; max: number } {
    const c = this._conf;
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

  private addPodProps(props: SparkAppProps) {
    const roles: Array<[SparkRole, PodParts]> = [[SparkRole.DRIVER, this.driverParts], [SparkRole.EXECUTOR, this.executorParts]];
    for (const [name, v] of Object.entries(props.env ?? {})) this._addEnv(undefined, name, v, 'prop env');
    for (const [name, v] of Object.entries(props.driverEnv ?? {})) this._addEnv(SparkRole.DRIVER, name, v, 'prop driverEnv');
    for (const [name, v] of Object.entries(props.executorEnv ?? {})) this._addEnv(SparkRole.EXECUTOR, name, v, 'prop executorEnv');
    for (const [, parts] of roles) {
      for (const s of props.envFromSecrets ?? []) parts.envFrom.push({ secretRef: { name: s } });
      for (const c of props.envFromConfigMaps ?? []) parts.envFrom.push({ configMapRef: { name: c } });
    }
    for (const m of props.driverVolumeMounts ?? []) this.addDriverVolumeMount(m);
    for (const m of props.executorVolumeMounts ?? []) this.addExecutorVolumeMount(m);
    for (const [k, v] of Object.entries(props.env ?? {})) this.checkEnvCredential(k, v, 'env');
    for (const [k, v] of Object.entries(props.driverEnv ?? {})) this.checkEnvCredential(k, v, 'driverEnv');
    for (const [k, v] of Object.entries(props.executorEnv ?? {})) this.checkEnvCredential(k, v, 'executorEnv');

    this._addPlacement(undefined, { nodeSelector: props.nodeSelector, tolerations: props.tolerations });
    this._addPlacement(SparkRole.DRIVER, {
      nodeSelector: props.driverNodeSelector, labels: props.driverLabels, annotations: props.driverAnnotations,
    });
    this._addPlacement(SparkRole.EXECUTOR, {
      nodeSelector: props.executorNodeSelector,
      tolerations: props.executorTolerations,
      labels: props.executorLabels,
      annotations: props.executorAnnotations,
    });
    for (const r of [...(props.requiredNodeAffinity ?? []), ...(props.preferredNodeAffinity ?? []).flatMap(p => p.requirements)]) {
      validateRequirement(this.owner, r);
    }
    for (const p of props.preferredNodeAffinity ?? []) {
      if (!Number.isInteger(p.weight) || p.weight < 1 || p.weight > 100) {
        throw new Error(`${this.owner}: preferredNodeAffinity weight must be a whole number 1-100, got ${p.weight}`);
      }
    }
    for (const t of [...(props.tolerations ?? []), ...(props.executorTolerations ?? [])]) {
      if (t.operator === TolerationOperator.EXISTS && t.value) {
        throw new Error(`${this.owner}: toleration of key "${t.key ?? ''}" has operator EXISTS and value "${t.value}"; EXISTS takes no value`);
      }
      if (!t.key && t.operator !== TolerationOperator.EXISTS) {
        throw new Error(`${this.owner}: a toleration without a key must use operator EXISTS`);
      }
    }
    const sec = props.security ?? {};
    for (const [prop, v] of [['security.runAsUser', sec.runAsUser], ['security.runAsGroup', sec.runAsGroup], ['security.fsGroup', sec.fsGroup]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
        throw new Error(`${this.owner}: ${prop} must be a whole number of at least 0, got ${v}`);
      }
    }
    if (sec.runAsUser === 0) {
      throw new Error(`${this.owner}: security.runAsUser 0 (root) breaks the restricted Pod Security profile; Spark images run as 185`);
    }
  }

  private addMount(parts: PodParts, mount: SparkVolumeMount, prop: string) {
    if (!mount.path.startsWith('/')) {
      throw new Error(`${this.owner}: ${prop} path "${mount.path}" must be absolute`);
    }
    const existing = parts.volumes.get(mount.volume.name);
    if (existing && existing !== mount.volume && JSON.stringify(existing._toKube()) !== JSON.stringify(mount.volume._toKube())) {
      throw new Error(`${this.owner}: two different volumes are named "${mount.volume.name}"; volume names must be unique per pod`);
    }
    if (parts.mounts.some(m => m.mountPath === mount.path)) {
      throw new Error(`${this.owner}: ${prop} mounts two volumes at ${mount.path}`);
    }
    parts.volumes.set(mount.volume.name, mount.volume);
    const ro = mount.readOnly ?? (mount.volume.type === 'configMap' || mount.volume.type === 'secret');
    parts.mounts.push({ name: mount.volume.name, mountPath: mount.path, readOnly: ro, subPath: mount.subPath });
  }

  private partsOf(role: SparkRole | undefined): PodParts[] {
    if (role === SparkRole.DRIVER) return [this.driverParts];
    if (role === SparkRole.EXECUTOR) return [this.executorParts];
    return [this.driverParts, this.executorParts];
  }

  // ------------------------------------------------------------------------------------------
  // validation

  private validateMain(props: SparkAppProps) {
    const file = props.mainApplicationFile;
    if (!file) {
      throw new Error(`${this.owner}: mainApplicationFile must be set (a jar, .py or .R file)`);
    }
    const jvm = this.type === SparkApplicationType.SCALA || this.type === SparkApplicationType.JAVA;
    if (jvm) {
      if (!props.mainClass) {
        throw new Error(`${this.owner}: mainClass must be set for a ${this.type} app (the class with the main method in ${file})`);
      }
      if (!/\.jar$/i.test(file)) {
        throw new Error(`${this.owner}: mainApplicationFile of a ${this.type} app must be a .jar, got "${file}"`);
      }
    } else {
      if (props.mainClass) {
        throw new Error(`${this.owner}: mainClass applies to Scala and Java apps, not to a ${this.type} app`);
      }
      const ext = this.type === SparkApplicationType.PYTHON ? /\.py$/i : /\.r$/i;
      if (!ext.test(file)) {
        throw new Error(`${this.owner}: mainApplicationFile of a ${this.type} app must be a ${this.type === SparkApplicationType.PYTHON ? '.py' : '.R'} file, got "${file}"`);
      }
    }
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
      throw new Error(`${this.owner}: mainApplicationFile "${file}" must be a URI: local:///path for a file in the image, or s3a://, gs://, hdfs://, https:// for a remote one`);
    }
  }

  private validateImage(image: string) {
    if (!image || /\s/.test(image)) {
      throw new Error(`${this.owner}: image must be a container image reference, got "${image}"`);
    }
    const tagMatch = /:([^:/@]+)$/.exec(image.split('@')[0]);
    const tag = tagMatch?.[1];
    if (!image.includes('@') && (tag === undefined || tag === 'latest')) {
      throw new Error(`${this.owner}: image "${image}" must be pinned to a tag or digest (not latest), so what runs is what is in git`);
    }
    // An image tag that names a Spark version other than the app's.
    const v = /(?:^|[^0-9.])(\d+\.\d+\.\d+)(?![0-9.])/.exec(tag ?? '');
    if (v && /spark/i.test(image) && v[1] !== this.sparkVersion.version) {
      throw new Error(`${this.owner}: image "${image}" is tagged for Spark ${v[1]} but sparkVersion is ${this.sparkVersion.version}; use an image of the same Spark version`);
    }
  }

  private checkCredential(key: string, from: string, shown: string) {
    if (isCredentialKey(key)) {
      throw new Error(`${this.owner}: ${from} key ${shown} holds a credential, and the manifest would carry it in plain text; put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret`);
    }
  }

  private checkEnvCredential(name: string, value: SparkEnvValue, prop: string) {
    if (value._spec.value !== undefined && /(SECRET|PASSWORD|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/.test(name.toUpperCase())) {
      throw new Error(`${this.owner}: ${prop} variable ${name} holds a credential as a literal; use SparkEnvValue.fromSecret(secretName, key)`);
    }
  }

  private validateSchedule(s: SparkSchedule) {
    const cronProblem = validateCronSchedule(s.cron);
    if (cronProblem) {
      throw new Error(`${this.owner}: schedule.cron "${s.cron}" is invalid: ${cronProblem}`);
    }
    const tz = s.timeZone ?? 'UTC';
    const tzProblem = validateTimeZone(tz);
    if (tzProblem) {
      throw new Error(`${this.owner}: schedule.timeZone ${tzProblem}`);
    }
    requireInt(this.owner, 'schedule.successfulRunHistoryLimit', s.successfulRunHistoryLimit, 0);
    requireInt(this.owner, 'schedule.failedRunHistoryLimit', s.failedRunHistoryLimit, 0);
    if (/^\s*(CRON_TZ|TZ)=/.test(s.cron) && s.timeZone !== undefined) {
      throw new Error(`${this.owner}: schedule.cron has a CRON_TZ= prefix and schedule.timeZone is set too; give the zone once`);
    }
  }

  private validateAtSynth(): string[] {
    const errors: string[] = [];
    const c = this._conf;
    let res: SparkAppResources | undefined;
    try {
      res = this.resources();
    } catch (e) {
      errors.push((e as Error).message.replace(`${this.owner}: `, ''));
    }
    if (c.get('spark.dynamicAllocation.enabled') === 'true') {
      const tracking = c.get('spark.dynamicAllocation.shuffleTracking.enabled') === 'true';
      const ess = c.get('spark.shuffle.service.enabled') === 'true';
      const decom = c.get('spark.decommission.enabled') === 'true' && c.get('spark.storage.decommission.shuffleBlocks.enabled') !== 'false' && c.get('spark.storage.decommission.enabled') === 'true';
      const plugin = c.get('spark.shuffle.sort.io.plugin.class');
      // Plugins whose driver component reports reliable storage (SPARK-42689, Spark 3.5+).
      const reliablePlugin = plugin !== undefined && this.sparkVersion.isAtLeast('3.5') && RELIABLE_SHUFFLE_PLUGINS.has(plugin);
      if (!tracking && !ess && !decom && !reliablePlugin) {
        errors.push('dynamicAllocation needs shuffle tracking on Kubernetes (there is no external shuffle service): set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration');
      }
    }
    if (res && c.get('spark.dynamicAllocation.enabled') === 'true' && !(res.maxExecutors < 2147483647)) {
      errors.push('dynamicAllocation.maxExecutors must be bounded');
    }
    const hasClaims = res && (res.driver.onDemandClaims.length > 0 || res.executor.onDemandClaims.length > 0);
    if (hasClaims && this.identity) this.identity.grantOnDemandClaims();
    return errors.map(e => `${this.owner}: ${e}`);
  }

  // ------------------------------------------------------------------------------------------
  // rendering

  private objectLabels(component: string): Record<string, string> {
    return {
      'app.kubernetes.io/name': 'spark',
      'app.kubernetes.io/instance': this.name,
      'app.kubernetes.io/component': component,
      ...MANAGED_BY,
    };
  }

  private renderTopSpec(): any {
    const spec = this.renderAppSpec();
    if (!this.scheduled) return spec;
    const s = this.props.schedule!;
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

  /**
   * The conf as Spark will see it: the builder's entries plus CPU limits a namespace requires.
   */
  private effectiveConf(): Map<string, string> {
    const key = this.modelKey();
    if (this.effMemo?.key === key) return this.effMemo.value;
    const value = this.computeEffectiveConf();
    this.effMemo = { key, value };
    return value;
  }

  private modelKey(): string {
    return `${this._conf.version}/${this.partsVersion}/${this.defaultCpuLimits}`;
  }

  private computeEffectiveConf(): Map<string, string> {
    const view = this._conf.view();
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

  private renderAppSpec(): any {
    const eff = this.effectiveConf();
    const c = { get: (k: string) => eff.get(k) };
    const all = Object.fromEntries([...eff.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const sparkConf: Record<string, string> = {};
    for (const [k, v] of Object.entries(all)) {
      if (!FIELD_KEYS.has(k)) sparkConf[k] = v;
    }
    const list = (key: string) => (c.get(key) ? c.get(key)!.split(',') : undefined);
    const da = c.get('spark.dynamicAllocation.enabled') === 'true';
    const p = this.props;
    const role = (r: 'driver' | 'executor') => ({
      cores: Number(c.get(`spark.${r}.cores`)),
      coreRequest: c.get(`spark.kubernetes.${r}.request.cores`),
      coreLimit: c.get(`spark.kubernetes.${r}.limit.cores`),
      memory: c.get(`spark.${r}.memory`),
      memoryOverhead: c.get(`spark.${r}.memoryOverhead`),
    });
    const ui = p.sparkUi ?? {};
    return {
      type: this.type,
      mode: 'cluster',
      sparkVersion: this.sparkVersion.version,
      image: p.image,
      imagePullPolicy: p.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      imagePullSecrets: p.imagePullSecrets?.length ? p.imagePullSecrets : undefined,
      mainApplicationFile: p.mainApplicationFile,
      mainClass: p.mainClass,
      arguments: p.arguments?.length ? p.arguments : undefined,
      pythonVersion: this.type === SparkApplicationType.PYTHON ? '3' : undefined,
      memoryOverheadFactor: c.get('spark.kubernetes.memoryOverheadFactor'),
      sparkConf: Object.keys(sparkConf).length ? sparkConf : undefined,
      hadoopConf: sortedMap(this.hadoopConf),
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
        ...role('driver'),
        serviceAccount: this.serviceAccountName,
        labels: this.podLabels(SparkRole.DRIVER),
        annotations: sortedMap(this.driverParts.annotations),
        template: this.renderTemplate(SparkRole.DRIVER),
      },
      executor: {
        ...role('executor'),
        instances: da ? undefined : Number(c.get('spark.executor.instances')),
        serviceAccount: this.serviceAccountName,
        deleteOnTermination: true,
        labels: this.podLabels(SparkRole.EXECUTOR),
        annotations: sortedMap(this.executorParts.annotations),
        template: this.renderTemplate(SparkRole.EXECUTOR),
      },
      dynamicAllocation: da ? {
        enabled: true,
        initialExecutors: Number(c.get('spark.dynamicAllocation.initialExecutors')),
        minExecutors: Number(c.get('spark.dynamicAllocation.minExecutors')),
        maxExecutors: Number(c.get('spark.dynamicAllocation.maxExecutors')),
        shuffleTrackingEnabled: c.get('spark.dynamicAllocation.shuffleTracking.enabled') === 'true',
        shuffleTrackingTimeout: c.get('spark.dynamicAllocation.shuffleTracking.timeout') !== undefined
          ? Number(c.get('spark.dynamicAllocation.shuffleTracking.timeout')) : undefined,
      } : undefined,
      restartPolicy: (p.restartPolicy ?? RestartPolicy.never())._toKube(),
      timeToLiveSeconds: p.timeToLive ? Math.floor(p.timeToLive.toMilliseconds() / 1000) : undefined,
      sparkUIOptions: {
        servicePort: ui.servicePort ?? 4040,
        serviceType: ui.serviceType ?? UiServiceType.CLUSTER_IP,
        serviceLabels: sortedMap(ui.serviceLabels),
        serviceAnnotations: sortedMap(ui.serviceAnnotations),
      },
    };
  }

  private podLabels(role: SparkRole): Record<string, string> {
    const parts = role === SparkRole.DRIVER ? this.driverParts : this.executorParts;
    return sortedMap({
      ...parts.labels,
      ...this.objectLabels(role === SparkRole.DRIVER ? 'spark-driver' : 'spark-executor'),
    })!;
  }

  /**
   * The driver or executor pod template. The spark-operator CRD does not check templates, so they
   * are built against the Kubernetes 1.27 PodTemplateSpec types (field names and shapes checked by
   * the compiler; CI validates the rendered templates against the Kubernetes schema).
   */
  private renderTemplate(role: SparkRole): k8s.PodTemplateSpec {
    const parts = role === SparkRole.DRIVER ? this.driverParts : this.executorParts;
    const sec = this.props.security ?? {};
    const uid = sec.runAsUser ?? 185;
    const gid = sec.runAsGroup ?? 185;
    const container: Mutable<k8s.Container> = {
      name: role === SparkRole.DRIVER ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor',
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: sec.readOnlyRootFilesystem ?? false,
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    };
    const env = [...parts.env.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, v]) => ({ name, ...v }));
    if (env.length) container.env = env;
    if (parts.envFrom.length) container.envFrom = parts.envFrom;
    if (parts.ports.length) container.ports = [...parts.ports].sort((a, b) => a.containerPort - b.containerPort);
    if (parts.mounts.length) container.volumeMounts = [...parts.mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
    const requests = sortedMap(parts.requests);
    const limits = sortedMap(parts.limits);
    // Quantities stay strings: the template is plain JSON inside the custom resource.
    if (requests || limits) container.resources = dropEmpty({ requests, limits }) as k8s.ResourceRequirements;

    const p = this.props;
    const affinityTerms = p.requiredNodeAffinity?.length
      ? { nodeSelectorTerms: [{ matchExpressions: p.requiredNodeAffinity.map(renderRequirement) }] } : undefined;
    const preferred = p.preferredNodeAffinity?.length
      ? p.preferredNodeAffinity.map(x => ({ weight: x.weight, preference: { matchExpressions: x.requirements.map(renderRequirement) } }))
      : undefined;
    const spec: k8s.PodSpec = {
      automountServiceAccountToken: role === SparkRole.DRIVER ? true : (p.executorServiceAccountToken ?? false),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: sec.fsGroup ?? 185,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      priorityClassName: parts.priorityClassName,
      schedulerName: parts.schedulerName,
      nodeSelector: sortedMap(parts.nodeSelector),
      tolerations: parts.tolerations.length ? parts.tolerations : undefined,
      affinity: affinityTerms || preferred ? {
        nodeAffinity: dropEmpty({
          requiredDuringSchedulingIgnoredDuringExecution: affinityTerms,
          preferredDuringSchedulingIgnoredDuringExecution: preferred,
        }),
      } : undefined,
      terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds,
      initContainers: parts.initContainers.length ? parts.initContainers : undefined,
      containers: [container],
      volumes: parts.volumes.size
        ? [...parts.volumes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(v => v._toKube() as k8s.Volume)
        : undefined,
    };
    return {
      metadata: { labels: this.podLabels(role) },
      spec: dropUndefined(spec),
    };
  }
}

function inferType(file: string): SparkApplicationType {
  if (/\.py$/i.test(file ?? '')) return SparkApplicationType.PYTHON;
  if (/\.r$/i.test(file ?? '')) return SparkApplicationType.R;
  return SparkApplicationType.SCALA;
}

function renderToleration(t: SparkToleration): any {
  return dropUndefined({
    key: t.key,
    operator: t.operator ?? TolerationOperator.EQUAL,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationDuration ? Math.floor(t.tolerationDuration.toMilliseconds() / 1000) : undefined,
  });
}

function renderRequirement(r: NodeLabelRequirement): any {
  return { key: r.key, operator: r.operator, values: r.values?.length ? r.values : undefined };
}

function validateRequirement(owner: string, r: NodeLabelRequirement) {
  const n = r.values?.length ?? 0;
  const op = r.operator;
  if ((op === 'In' || op === 'NotIn') && n === 0) {
    throw new Error(`${owner}: node affinity requirement on ${r.key} with operator ${op} needs at least one value`);
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) {
    throw new Error(`${owner}: node affinity requirement on ${r.key} with operator ${op} takes no values`);
  }
  if ((op === 'Gt' || op === 'Lt') && (n !== 1 || !/^-?\d+$/.test(r.values![0]))) {
    throw new Error(`${owner}: node affinity requirement on ${r.key} with operator ${op} takes exactly one integer value`);
  }
}


function dropEmpty(o: Record<string, any>): any {
  dropUndefined(o);
  return Object.keys(o).length ? o : undefined;
}

/** A Duration as a Spark time conf value: whole seconds as `120s`, else milliseconds. */
function durationConf(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}


type Mutable<T> = { -readonly [K in keyof T]: T[K] };
