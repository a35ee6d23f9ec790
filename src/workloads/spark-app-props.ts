import { Duration, Size } from 'cdk8s';
import { SparkBackend } from '../backends/backend';
import { DynamicAllocation, SparkSchedule, SparkSecurityOptions, SparkUiOptions } from '../core/app-options';
import { ISparkFeature, ISparkNamespace, SparkContainer } from '../core/contracts';
import { SparkImage } from '../core/images';
import { FsGroupChangePolicy, NodeLabelRequirement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolumeMount } from '../core/pod';
import { CpuCores } from '../core/resources';
import { RestartPolicy } from '../core/restart-policy';
import { ImagePullPolicy, SparkApplicationType } from '../core/types';
import { SparkVersion } from '../core/versions';
import { GangScheduler } from '../features/gang-scheduling';
import { EventLogCompressionCodec } from '../platform/history-server-options';
import { ISparkHistoryServer } from '../platform/history-server-props';
import { NodePoolPlacement } from '../platform/node-pool-props';

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
  /**
   * Container image with Spark, e.g. `apache/spark:3.5.5`. Never `latest`. Give this or `imagePreset`.
   * @default - the imagePreset's reference
   */
  readonly image?: string;
  /**
   * A well-known image with the user and group it runs as (`SparkImage.apacheSpark('3.5.5')`,
   * `SparkImage.stackable(...)`, `SparkImage.rapids(...)`, `SparkImage.of(ref, { user })`): the
   * pods' security contexts follow it, and a RAPIDS image's plugin is not added again from Maven.
   * @default - none: `image` with the user and group of `security` (185)
   */
  readonly imagePreset?: SparkImage;
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
   * The history server that shows this app (see SparkHistoryServer): sets its event-log dir,
   * rolling event logs and compression; an eventLogDir of another dir is an error.
   * @default - none
   */
  readonly historyServer?: ISparkHistoryServer;
  /**
   * Run on a cron schedule (emits a ScheduledSparkApplication).
   * @default - run once
   */
  readonly schedule?: SparkSchedule;
  /**
   * Roll the event log into files of at most this size (`spark.eventLog.rolling.enabled` and
   * `.maxFileSize`, at least 10 MiB), so a history server can read long-running apps. Needs an
   * event log (eventLogDir or historyServer); a bound history server's own size must agree.
   * @default - one event-log file per app (with a historyServer: the server's rolling size)
   */
  readonly eventLogRollingMaxFileSize?: Size;
  /**
   * Compress the event log with this codec (`spark.eventLog.compress`,
   * `spark.eventLog.compression.codec`). Needs an event log; a bound history server's own codec
   * must agree.
   * @default - uncompressed (with a historyServer: the server's codec)
   */
  readonly eventLogCompressionCodec?: EventLogCompressionCodec;
  /**
   * Hadoop-compatible directory that spark-submit uploads the app's `file://` dependencies to
   * (`spark.kubernetes.file.upload.path`), e.g. `s3a://bucket/spark-uploads`.
   * @default - none: dependencies must be in the image (`local://`) or remote
   */
  readonly fileUploadPath?: string;
  /**
   * How the app reaches Amazon S3 through Hadoop's S3A connector: the credentials provider,
   * `s3://` URIs through S3A, path-style access. Written as `spark.hadoop.fs.s3a.*` (and
   * `spark.hadoop.fs.s3.impl`) with the prop as source, so a sparkConf or hadoopConf entry that
   * sets the same key differently is an error naming both. Connector tuning (connection pool,
   * timeouts, read-ahead, multipart sizes) stays in hadoopConf.
   * @default - S3A's defaults: its default credentials chain, `s3a://` URIs only, virtual-hosted buckets
   */
  readonly s3a?: S3aOptions;
  /**
   * How jobs commit the files they write (Hadoop's output committers, for DataFrame and RDD
   * writes): FileOutputCommitter's algorithm 1 or 2
   * (`spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version`), or S3A's magic committer for
   * `s3a://` destinations. Written with the prop as source, so a sparkConf or hadoopConf entry that
   * sets one of its keys differently is an error naming both. OutputCommitter.FILE_V2 records a
   * warning (`file-committer-v2`): it is not atomic.
   * @default - Hadoop's and Spark's defaults: FileOutputCommitter algorithm 1 through rename
   */
  readonly outputCommitter?: OutputCommitter;
  /**
   * Name of the driver pod (`spark.kubernetes.driver.pod.name`, a DNS-1123 subdomain).
   * @default - `<name>-driver` under the kubeflow operator; Spark's own `<name>-<unique id>-driver`
   * under spark-submit; `<name>-<attempt>-driver` under the Apache operator
   */
  readonly driverPodName?: string;
  /**
   * Prefix of the executor pods' names (`spark.kubernetes.executor.podNamePrefix`): Spark names
   * them `<prefix>-exec-<n>` and refuses a prefix that is not lower-case DNS labels joined by "."
   * or is longer than 47 characters (63 - 16 for `-exec-<id>`).
   * @default - Spark's: the app name and a generated id
   */
  readonly executorPodNamePrefix?: string;
  /**
   * JVM options of the driver (`spark.driver.extraJavaOptions`), one option per entry;
   * features' options are added to them.
   * @default - none
   */
  readonly driverJavaOptions?: string[];
  /**
   * JVM options of the executors (`spark.executor.extraJavaOptions`), one option per entry;
   * features' options are added to them.
   * @default - none
   */
  readonly executorJavaOptions?: string[];
  /**
   * Class path entries prepended to the class path of the driver and the executors
   * (`spark.driver.extraClassPath`, `spark.executor.extraClassPath`), e.g. jars in the image or on
   * a mounted volume; features' entries are added to them.
   * @default - none
   */
  readonly extraClassPath?: string[];
  /**
   * Labels of the SparkApplication (or ScheduledSparkApplication) object itself; the operator
   * copies them to the pods. The library's `app.kubernetes.io/*` labels cannot be replaced.
   * @default - the library's labels only
   */
  readonly applicationLabels?: { [key: string]: string };
  /**
   * Annotations of the SparkApplication (or ScheduledSparkApplication) object itself.
   * @default - none
   */
  readonly applicationAnnotations?: { [key: string]: string };
  /**
   * Labels of the driver's headless Service, through which executors reach the driver
   * (`driver.serviceLabels`).
   * @default - Spark's labels only
   */
  readonly driverServiceLabels?: { [key: string]: string };
  /**
   * Annotations of the driver's headless Service (`driver.serviceAnnotations`).
   * @default - none
   */
  readonly driverServiceAnnotations?: { [key: string]: string };
  /**
   * Init containers of the driver and executor pods, each with its own security context (see
   * SparkContainer.runAsRoot). Their volumes are added to the pods.
   * @default - none
   */
  readonly initContainers?: SparkContainer[];
  /**
   * Sidecar containers of the driver and executor pods, each with its own security context; the
   * resource model adds their CPU and memory to the pods'.
   * @default - none
   */
  readonly sidecars?: SparkContainer[];
  /**
   * Init containers of the driver pod only, checked like initContainers.
   * @default - none
   */
  readonly driverInitContainers?: SparkContainer[];
  /**
   * Init containers of the executor pods only, checked like initContainers.
   * @default - none
   */
  readonly executorInitContainers?: SparkContainer[];
  /**
   * Sidecar containers of the driver pod only, checked like sidecars (the resource model adds
   * their CPU and memory to the driver's).
   * @default - none
   */
  readonly driverSidecars?: SparkContainer[];
  /**
   * Sidecar containers of the executor pods only, checked like sidecars (the resource model adds
   * their CPU and memory to each executor's).
   * @default - none
   */
  readonly executorSidecars?: SparkContainer[];
  /**
   * When the kubelet changes the owner of mounted volumes to the pods' fsGroup:
   * `FsGroupChangePolicy.ON_ROOT_MISMATCH` skips the recursive change when the volume's root is
   * already owned (fast start with large, reused claims).
   * @default - Kubernetes' default: every mount (Always)
   */
  readonly fsGroupChangePolicy?: FsGroupChangePolicy;
  /**
   * Where shuffle and spill data go (see ShuffleStorage).
   * @default - Spark's default: an emptyDir per pod without a size limit
   */
  readonly shuffleStorage?: ISparkFeature;
  /**
   * Metrics, scraping and alerts (see PrometheusMonitoring).
   * @default - not monitored
   */
  readonly monitoring?: ISparkFeature;
  /**
   * Further features bound to the app after shuffleStorage and monitoring, in order (GPUs, gang
   * scheduling, streaming, or your own ISparkFeature).
   * @default - none
   */
  readonly features?: ISparkFeature[];
  /**
   * Gang scheduling of the driver and executors (Volcano, YuniKorn or Kueue), sized from the
   * resource model.
   * @default - the default scheduler, pod by pod
   */
  readonly gangScheduler?: GangScheduler;
  /**
   * Node pools of the driver and the executors (see NodePool): their labels as node selector,
   * tolerations for their taints, `karpenter.sh/do-not-disrupt` on a driver whose pool Karpenter
   * disrupts, optionally one zone for all pods; checked at synthesis against the pools.
   * @default - no pool: the pods go where the other placement props say
   */
  readonly placement?: NodePoolPlacement;
  /**
   * How the app is handed to Kubernetes: `SparkBackend.kubeflow()` (a SparkApplication for the
   * kubeflow spark-operator) or `SparkBackend.sparkSubmit()` (no operator: a Job, or a CronJob
   * when scheduled, that runs spark-submit). The pods are the same under every back-end; a prop a
   * back-end cannot express is an error naming the back-end and the prop.
   * @default SparkBackend.kubeflow()
   */
  readonly backend?: SparkBackend;
}

/**
 * The AWS credentials provider S3A uses (`fs.s3a.aws.credentials.provider`) on EKS.
 */
export enum S3aCredentialsProvider {
  /**
   * EKS Pod Identity (and other container credential endpoints): the AWS SDK v2
   * `ContainerCredentialsProvider`; needs hadoop-aws 3.4 or later in the image.
   */
  POD_IDENTITY = 'software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider',
  /**
   * IAM roles for service accounts (IRSA) through the AWS SDK v2
   * `WebIdentityTokenFileCredentialsProvider`; needs hadoop-aws 3.4 or later in the image.
   */
  IRSA = 'software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider',
  /**
   * IAM roles for service accounts (IRSA) through the AWS SDK v1
   * `WebIdentityTokenCredentialsProvider`, for images with hadoop-aws 3.3 and the v1 SDK bundle.
   */
  IRSA_SDK_V1 = 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider',
}

/**
 * How an app's jobs commit their output files (see SparkAppProps.outputCommitter).
 */
export enum OutputCommitter {
  /**
   * FileOutputCommitter algorithm 1: tasks commit into a job attempt directory, and the job commit
   * renames their files into the destination, so a failed job leaves no partial output. Rename is
   * a copy on object stores, so the job commit is slow there.
   */
  FILE_V1 = 'file-v1',
  /**
   * FileOutputCommitter algorithm 2: tasks rename their files straight into the destination, so
   * the job commit is quick, but a job that fails, or a task that fails while committing, leaves
   * partial output visible (Hadoop deprecated it as the default for that, MAPREDUCE-7282). On
   * object stores the renames are still copies.
   */
  FILE_V2 = 'file-v2',
  /**
   * S3A's magic committer for `s3a://` destinations: tasks upload their files as pending
   * multipart uploads and the job commit completes them, with no rename and no partial output
   * (`fs.s3a.committer.name` magic, Spark's `PathOutputCommitProtocol` and
   * `BindingParquetOutputCommitter`). Needs hadoop-aws 3.3 or later and Spark's
   * `spark-hadoop-cloud` jar in the image; other destinations keep FileOutputCommitter. Spark's
   * dynamic partition overwrite (`spark.sql.sources.partitionOverwriteMode` dynamic) is not
   * supported with it.
   */
  S3A_MAGIC = 's3a-magic',
}

/**
 * How an app reaches Amazon S3 through Hadoop's S3A connector (see SparkAppProps.s3a).
 */
export interface S3aOptions {
  /**
   * The credentials provider (`fs.s3a.aws.credentials.provider`): the pod's EKS Pod Identity or
   * IRSA role; the driver's and executors' service account must carry it.
   * @default - S3A's default chain (environment variables, web identity, container, instance profile)
   */
  readonly credentialsProvider?: S3aCredentialsProvider;
  /**
   * Also read and write `s3://` URIs through S3A (`fs.s3.impl` =
   * `org.apache.hadoop.fs.s3a.S3AFileSystem`); Hadoop has no file system for `s3://` otherwise.
   * @default false
   */
  readonly s3Scheme?: boolean;
  /**
   * Address buckets by path (`https://host/bucket`) instead of by virtual host
   * (`fs.s3a.path.style.access`), as S3-compatible stores without virtual-host buckets need.
   * @default false
   */
  readonly pathStyleAccess?: boolean;
}
