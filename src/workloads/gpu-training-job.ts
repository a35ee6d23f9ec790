import { ApiObject, Duration, JsonPatch, Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ConcurrencyPolicy, SparkApp, SparkAppProps } from './spark-app';
import { addTotals, mebibytesToQuantity, millisToQuantity, podTotals, sparkMebibytes } from '../core/model';
import {
  EmptyDirMedium, NodeLabelRequirement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, TaintEffect,
  TolerationOperator,
} from '../core/pod';
import { PodResources, SparkRole } from '../core/resources';
import { resolveScalaVersion } from '../core/scala';
import { dnsSubdomainProblem, dropUndefined, MANAGED_BY, nameFromId, requireInt, sizeToMebibytes, sortedMap } from '../core/util';
import { addWarning, printWarningsOnSynth } from '../core/warn';
import {
  hasScheme, hasUserInfo, labelValueProblem, parseRapidsJar, RAPIDS_SUPPORT_TEXT, RAPIDS_VERSION,
  rapidsSupports, taskGpuAmount, taskSlots,
} from '../features/gpu-util';

/** The GPU vendor: the domain of the Kubernetes resource `<domain>/gpu` and of Spark's `resource.gpu.vendor`. */
export class GpuVendor {
  /** NVIDIA (`nvidia.com/gpu`, from the NVIDIA device plugin). */
  public static readonly NVIDIA = new GpuVendor('nvidia.com');
  /** AMD (`amd.com/gpu`, from the ROCm device plugin). */
  public static readonly AMD = new GpuVendor('amd.com');

  /**
   * Another vendor whose device plugin advertises `<domain>/gpu`.
   *
   * @param domain for example `gpu.example.com`
   */
  public static custom(domain: string): GpuVendor {
    const problem = dnsSubdomainProblem(domain);
    if (problem) throw new Error(`GpuVendor.custom: domain "${domain}" ${problem}`);
    return new GpuVendor(domain);
  }

  /** The vendor domain, e.g. `nvidia.com`. */
  public readonly domain: string;

  private constructor(domain: string) {
    this.domain = domain;
  }

  /** The Kubernetes extended resource, e.g. `nvidia.com/gpu`. */
  public get resourceName(): string {
    return `${this.domain}/gpu`;
  }
}

/** What the RAPIDS Accelerator logs about the query plan (`spark.rapids.sql.explain`). */
export enum RapidsExplain {
  /** Nothing. */
  NONE = 'NONE',
  /** The parts of each plan that stay on the CPU, and why. */
  NOT_ON_GPU = 'NOT_ON_GPU',
  /** Every operator and where it runs. */
  ALL = 'ALL',
}

/**
 * RAPIDS Accelerator for Apache Spark: SQL and DataFrame operators run on the GPU.
 *
 * @see https://nvidia.github.io/spark-rapids/docs/configs.html
 */
export interface RapidsOptions {
  /**
   * Plugin release. The Spark range is checked for 26.06.0 (Spark 3.3.0–3.3.4, 3.4.0–3.4.4,
   * 3.5.0–3.5.8 on Scala 2.12; 3.5.x, 4.0.0–4.0.2, 4.1.1 on Scala 2.13); other releases get a warning.
   * @default "26.06.0", or the version in the `jar` file name
   */
  readonly version?: string;
  /**
   * The plugin jar in the image (e.g. `local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar`),
   * needed for the CUDA 13 or arm64 classifiers and for clusters without access to Maven Central.
   * Its file name must name the Scala version of the Spark build.
   * @default - `com.nvidia:rapids-4-spark_<scala>:<version>` added to `packages` (resolved from
   * Maven Central at submission: CUDA 12, x86_64)
   */
  readonly jar?: string;
  /**
   * Tasks that may use the GPU at once (`spark.rapids.sql.concurrentGpuTasks`).
   * @default 2
   */
  readonly concurrentGpuTasks?: number;
  /**
   * Pinned (page-locked) host memory for GPU transfers (`spark.rapids.memory.pinnedPool.size`).
   * It lives outside the JVM heap, so it is added to the executor memory overhead.
   * `Size.mebibytes(0)` turns the pool off.
   * @default Size.gibibytes(2)
   */
  readonly pinnedPoolSize?: Size;
  /**
   * Plan explanation logged by the plugin.
   * @default RapidsExplain.NOT_ON_GPU
   */
  readonly explain?: RapidsExplain;
  /**
   * Largest input split (`spark.sql.files.maxPartitionBytes`); GPUs work best on large batches.
   * @default Size.mebibytes(512)
   */
  readonly maxPartitionBytes?: Size;
}

/**
 * Distributed training in Spark barrier mode: TorchDistributor (`local_mode=False`) or Horovod on
 * Spark start one process per barrier task, each on one GPU, and all of them must run at once.
 *
 * @see https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.torch.distributor.TorchDistributor.html
 */
export interface DistributedTrainingOptions {
  /**
   * Training processes (TorchDistributor `num_processes`, Horovod `num_proc`): one barrier task and
   * one GPU each. The executor count follows: ceil(numProcesses / task slots per executor).
   */
  readonly numProcesses: number;
}

/** What YuniKorn does when a gang cannot be placed before the placeholder timeout. */
export enum GangSchedulingStyle {
  /** Fail the application. */
  HARD = 'Hard',
  /** Fall back to normal scheduling (pods start as they fit). */
  SOFT = 'Soft',
}

/** Options of Volcano gang scheduling. */
export interface VolcanoGangOptions {
  /**
   * Volcano Queue (cluster-scoped, must exist).
   * @default "default"
   */
  readonly queue?: string;
  /**
   * PriorityClass that orders this PodGroup against others in the queue.
   * @default - none (Volcano's default priority)
   */
  readonly priorityClassName?: string;
}

/** Options of YuniKorn gang scheduling. */
export interface YunikornGangOptions {
  /** YuniKorn queue, e.g. `root.gpu-training` (label `yunikorn.apache.org/queue`). */
  readonly queue: string;
  /**
   * How long YuniKorn keeps placeholders while it waits for the whole gang.
   * @default Duration.minutes(15)
   */
  readonly placeholderTimeout?: Duration;
  /**
   * What happens when the gang does not fit in time.
   * @default GangSchedulingStyle.HARD with distributedTraining, else GangSchedulingStyle.SOFT
   */
  readonly style?: GangSchedulingStyle;
}

/** Options of Kueue admission. */
export interface KueueGangOptions {
  /** LocalQueue in the job's namespace (label `kueue.x-k8s.io/queue-name`). */
  readonly queueName: string;
  /**
   * ClusterQueue to back the LocalQueue: when given, the job also defines the LocalQueue
   * (`kueue.x-k8s.io/v1beta2`), once per namespace and queue name.
   * @default - the LocalQueue exists already
   */
  readonly clusterQueue?: string;
}

/**
 * How the job's pods are admitted all or nothing: Volcano, YuniKorn or Kueue.
 */
export class GangScheduler {
  /**
   * Volcano: the job defines a PodGroup whose minResources cover the driver and every executor;
   * pods use `schedulerName: volcano` and join the group by annotation.
   * @see https://volcano.sh/en/docs/podgroup/
   */
  public static volcano(options: VolcanoGangOptions = {}): GangScheduler {
    const queue = options.queue ?? 'default';
    const problem = dnsSubdomainProblem(queue);
    if (problem) throw new Error(`GangScheduler.volcano: queue "${queue}" ${problem}`);
    if (options.priorityClassName !== undefined) {
      const p = dnsSubdomainProblem(options.priorityClassName);
      if (p) throw new Error(`GangScheduler.volcano: priorityClassName "${options.priorityClassName}" ${p}`);
    }
    return new GangScheduler('volcano', { queue, priorityClassName: options.priorityClassName });
  }

  /**
   * YuniKorn: task groups `spark-driver` and `spark-executor` with the computed sizes; YuniKorn
   * reserves the whole gang with placeholder pods before the driver starts.
   * @see https://yunikorn.apache.org/docs/user_guide/gang_scheduling
   */
  public static yunikorn(options: YunikornGangOptions): GangScheduler {
    const problem = labelValueProblem(options.queue);
    if (problem || options.queue === '') {
      throw new Error(`GangScheduler.yunikorn: queue "${options.queue}" ${problem ?? 'must not be empty'}`);
    }
    const ms = options.placeholderTimeout?.toMilliseconds();
    if (ms !== undefined && (ms < 1000 || ms % 1000 !== 0)) {
      throw new Error(`GangScheduler.yunikorn: placeholderTimeout must be a whole number of seconds of at least 1, got ${ms / 1000}s`);
    }
    return new GangScheduler('yunikorn', {
      queue: options.queue,
      placeholderTimeoutSeconds: ms === undefined ? 900 : ms / 1000,
      style: options.style,
    });
  }

  /**
   * Kueue: the SparkApplication carries the `kueue.x-k8s.io/queue-name` label; Kueue admits
   * driver and executors against the ClusterQueue's quota in one step (needs spark-operator 2.4+
   * and Kueue's SparkApplication integration; dynamic allocation is rejected).
   * @see https://kueue.sigs.k8s.io/docs/tasks/run/kubeflow/sparkapplications/
   */
  public static kueue(options: KueueGangOptions): GangScheduler {
    const problem = dnsSubdomainProblem(options.queueName) ?? labelValueProblem(options.queueName);
    if (problem) throw new Error(`GangScheduler.kueue: queueName "${options.queueName}" ${problem}`);
    if (options.clusterQueue !== undefined) {
      const p = dnsSubdomainProblem(options.clusterQueue);
      if (p) throw new Error(`GangScheduler.kueue: clusterQueue "${options.clusterQueue}" ${p}`);
    }
    return new GangScheduler('kueue', { queue: options.queueName, clusterQueue: options.clusterQueue });
  }

  /** `volcano`, `yunikorn` or `kueue`. */
  public readonly name: string;
  /** @internal */
  public readonly _options: {
    queue: string;
    priorityClassName?: string;
    placeholderTimeoutSeconds?: number;
    style?: GangSchedulingStyle;
    clusterQueue?: string;
  };

  private constructor(name: string, options: GangScheduler['_options']) {
    this.name = name;
    this._options = options;
  }
}

/**
 * Where the training job writes its model and checkpoints. The job receives the location in the
 * environment variable `MODEL_OUTPUT_URI` (driver and executors).
 */
export class ModelOutput {
  /**
   * An existing PersistentVolumeClaim mounted read-write at `mountPath` in the driver and every
   * executor; `MODEL_OUTPUT_URI` is `file://<mountPath>`. With executors on several nodes the
   * claim must be ReadWriteMany.
   *
   * @param claimName the claim in the job's namespace
   * @param mountPath absolute path in the containers, e.g. `/models`
   */
  public static volume(claimName: string, mountPath: string): ModelOutput {
    const problem = dnsSubdomainProblem(claimName);
    if (problem) throw new Error(`ModelOutput.volume: claimName "${claimName}" ${problem}`);
    if (!mountPath.startsWith('/') || mountPath === '/') {
      throw new Error(`ModelOutput.volume: mountPath must be an absolute directory other than /, got "${mountPath}"`);
    }
    return new ModelOutput(`file://${mountPath}`, claimName, mountPath);
  }

  /**
   * An object-store location (e.g. `s3://models/route-scoring/`) handed to the job as
   * `MODEL_OUTPUT_URI`; credentials come from Secrets (`env` with `SparkEnvValue.fromSecret`).
   *
   * @param uri the location, with its scheme and without credentials
   */
  public static objectStore(uri: string): ModelOutput {
    if (!hasScheme(uri)) {
      throw new Error(`ModelOutput.objectStore: uri must have a scheme such as s3://, s3a://, gs:// or abfss://, got "${uri}"`);
    }
    if (hasUserInfo(uri)) {
      throw new Error('ModelOutput.objectStore: uri must not carry credentials (user:secret@); pass them from a Secret with SparkEnvValue.fromSecret');
    }
    return new ModelOutput(uri);
  }

  /** The value of `MODEL_OUTPUT_URI`. */
  public readonly uri: string;
  /** @internal */
  public readonly _claimName?: string;
  /** @internal */
  public readonly _mountPath?: string;

  private constructor(uri: string, claimName?: string, mountPath?: string) {
    this.uri = uri;
    this._claimName = claimName;
    this._mountPath = mountPath;
  }
}

/** Experiment tracking settings, handed to the driver and executors as MLflow environment variables. */
export interface ExperimentTracking {
  /** MLflow tracking server (`MLFLOW_TRACKING_URI`), e.g. `https://mlflow.example`. */
  readonly mlflowTrackingUri: string;
  /**
   * Experiment the runs are logged to (`MLFLOW_EXPERIMENT_NAME`).
   * @default - MLflow's default experiment
   */
  readonly experimentName?: string;
  /**
   * Credentials as environment variables, each from a Secret (e.g. `MLFLOW_TRACKING_TOKEN`,
   * `MLFLOW_TRACKING_USERNAME`, `MLFLOW_TRACKING_PASSWORD`, or the artifact store's keys).
   * @default - none
   */
  readonly credentials?: { [name: string]: SparkEnvValue };
}

/**
 * Props of a GpuTrainingJob: every SparkApp prop, plus the GPU settings.
 *
 * SparkApp props keep their meaning with these exceptions: `executorMemoryOverhead` (and
 * `driverMemoryOverhead` for a GPU driver) is the native-memory part, to which /dev/shm and the
 * RAPIDS pinned pool are added; `executorInstances` is derived from `distributedTraining` (when
 * given it must agree); `name` defaults to the job's id.
 */
export interface GpuTrainingJobProps extends SparkAppProps {
  /**
   * GPUs per executor (`spark.executor.resource.gpu.amount`).
   * @default 1
   */
  readonly gpusPerExecutor?: number;
  /**
   * GPUs of the driver (`spark.driver.resource.gpu.amount`), e.g. for TorchDistributor
   * `local_mode=True` or GPU work in the driver. The driver then gets the GPU placement too.
   * @default 0
   */
  readonly driverGpus?: number;
  /**
   * GPU vendor.
   * @default GpuVendor.NVIDIA
   */
  readonly gpuVendor?: GpuVendor;
  /**
   * Script in the image that prints the GPUs a container got (`{"name": "gpu", "addresses": [...]}`);
   * Kubernetes does not tell Spark the device addresses. NVIDIA's RAPIDS images ship it as
   * `/opt/sparkRapidsPlugin/getGpusResources.sh`.
   * @default "/opt/spark/examples/src/main/scripts/getGpusResources.sh" (Spark's example, runs nvidia-smi)
   * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#resource-allocation-and-configuration-overview
   */
  readonly gpuDiscoveryScript?: string;
  /**
   * Tasks that share one GPU: `spark.task.resource.gpu.amount` is 1/tasksPerGpu (Spark allows
   * fractions up to 0.5 only as 1/n). Distributed training needs 1.
   * @default - executorCores / gpusPerExecutor with rapids (the GPU does not limit task slots), else 1
   * @see https://spark.apache.org/docs/latest/configuration.html#custom-resource-scheduling-and-configuration-overview
   */
  readonly tasksPerGpu?: number;
  /**
   * Node labels GPU pods need, e.g. `{ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }` (GPU
   * feature discovery) or a cloud's accelerator label. Applies to the executors, and to the driver
   * when it has GPUs.
   * @default - none: the GPU request alone keeps the pods off nodes without GPUs
   */
  readonly gpuNodeSelector?: { [key: string]: string };
  /**
   * Tolerations of GPU pods (executors, and the driver when it has GPUs).
   * @default - tolerate the vendor's usual taint: key `<vendor>/gpu`, operator Exists, effect NoSchedule
   */
  readonly gpuTolerations?: SparkToleration[];
  /**
   * Size of the memory-backed /dev/shm of GPU pods (NCCL and PyTorch data loaders use it; the
   * container runtime's default is 64 MiB). It counts against the container memory limit, so it
   * is added to the memory overhead. `Size.mebibytes(0)` keeps the runtime's /dev/shm.
   * @default - 1 GiB per GPU of the pod with distributedTraining, else none
   */
  readonly sharedMemorySize?: Size;
  /**
   * RAPIDS Accelerator mode.
   * @default - off
   */
  readonly rapids?: RapidsOptions;
  /**
   * Distributed training mode (barrier execution). Needs a gangScheduler; dynamic allocation is an error.
   * @default - off
   */
  readonly distributedTraining?: DistributedTrainingOptions;
  /**
   * All-or-nothing admission of the driver and executors.
   * @default - none (the default scheduler); required with distributedTraining
   */
  readonly gangScheduler?: GangScheduler;
  /**
   * Where the job writes its model and checkpoints (`MODEL_OUTPUT_URI`).
   * @default - none
   */
  readonly modelOutput?: ModelOutput;
  /**
   * Experiment tracking (MLflow) as environment.
   * @default - none
   */
  readonly experimentTracking?: ExperimentTracking;
}

const DEFAULT_DISCOVERY_SCRIPT = '/opt/spark/examples/src/main/scripts/getGpusResources.sh';
const SHM_VOLUME = 'dshm';
const MODEL_VOLUME = 'model-output';
const YUNIKORN_TASK_GROUP_NAME = 'yunikorn.apache.org/task-group-name';
const YUNIKORN_TASK_GROUPS = 'yunikorn.apache.org/task-groups';
const YUNIKORN_POLICY = 'yunikorn.apache.org/schedulingPolicyParameters';

/** LocalQueues defined per cdk8s app, so several jobs naming one queue define it once. */
const localQueuesByRoot = new WeakMap<IConstruct, Map<string, string>>();

/**
 * A GPU Spark job: GPU executors through Spark's resource scheduling, optionally the RAPIDS
 * Accelerator or distributed training (TorchDistributor, Horovod) with gang scheduling.
 *
 * Defines a SparkApp (child `App`, exposed as `app`: its resource model, namespace capacity check
 * and monitoring apply unchanged, GPUs included), plus a Volcano `PodGroup` (child `PodGroup`) with
 * `GangScheduler.volcano()` and a Kueue `LocalQueue` (child `LocalQueue`) with
 * `GangScheduler.kueue({ clusterQueue })`.
 *
 * The props extend SparkAppProps rather than wrap them: a GPU job is a Spark app with more
 * settings, and the construct only adds to, or derives, what SparkApp does.
 *
 * GPUs: `spark.executor.resource.gpu.{amount,vendor,discoveryScript}` make Spark request
 * `<vendor>/gpu` on each executor and schedule tasks on them; `spark.task.resource.gpu.amount` is
 * 1/tasksPerGpu. The GPU count is also written to the typed `spec.executor.gpu` field, which Kueue
 * reads to charge GPUs against its quota. GPU pods get the GPU tolerations and node selector and a
 * memory-backed /dev/shm.
 *
 * Memory: tmpfs pages and the RAPIDS pinned pool count against the container memory limit, which
 * Spark sets to heap + overhead (+ off-heap, PySpark memory). The construct adds the /dev/shm size
 * and the pinned pool as memory headroom of the app: SparkApp renders an explicit memoryOverhead of
 * the overhead Spark would use (explicit, or factor × heap with the floor, on the final
 * configuration) plus all headroom, so the pod's request and limit, the namespace check and the
 * gang sizes all include them.
 *
 * Distributed training: static executors, ceil(numProcesses / task slots) of them, one GPU per
 * task, and a gang scheduler, because a barrier stage waits until every task runs:
 * - Volcano: a PodGroup (`<name>-podgroup`) with `minMember: 1` and `minResources` = driver +
 *   all executors, pods with `schedulerName: volcano` and the `scheduling.k8s.io/group-name`
 *   annotation. Not minMember = 1 + executors: the driver creates the executor pods only once it
 *   runs, and Volcano's gang plugin schedules no pod of a group until minMember pods exist, so the
 *   lone driver would stay pending forever. With minMember 1, Volcano moves the group to Inqueue
 *   only when its queue can hold the whole minResources and keeps them reserved while the
 *   executors come (the spark-operator and Spark's Volcano docs do the same). The reservation is
 *   per queue, not per node: YuniKorn's placeholders are the stronger guarantee. The PodGroup is
 *   static, so reruns of the app share it (a scheduled app must not run twice at once).
 * - YuniKorn: task groups `spark-driver` (1) and `spark-executor` (the executor count) with the
 *   pods' exact requests, node selector, tolerations and affinity, on the driver; YuniKorn holds
 *   placeholders for the whole gang before the driver starts. The application id is Spark's own
 *   `spark-app-selector` label (unique per run, on driver and executors); no
 *   `yunikorn.apache.org/app-id` label is set: the SparkApplication name repeats across runs, and
 *   `{{APP_ID}}` in a label is only substituted from Spark 4.0 on (SPARK-47730).
 * - Kueue: the `kueue.x-k8s.io/queue-name` label; Kueue admits the whole SparkApplication
 *   against its ClusterQueue's quota, GPUs included.
 *
 * Outputs: `MODEL_OUTPUT_URI` (and the MLflow variables) in the environment of driver and
 * executors; the job's code decides which process writes (usually rank 0).
 */
export class GpuTrainingJob extends Construct {
  /** The Spark application. */
  public readonly app: SparkApp;
  /** GPUs per executor. */
  public readonly gpusPerExecutor: number;
  /** `spark.task.resource.gpu.amount`. */
  public readonly taskGpuAmount: string;
  /** Task slots per executor (the smaller of CPU and GPU slots). */
  public readonly taskSlotsPerExecutor: number;
  /** Size of /dev/shm of each executor in MiB (0: the runtime's default). */
  public readonly executorSharedMemoryMebibytes: number;
  /** RAPIDS pinned pool per executor in MiB (0 without RAPIDS). */
  public readonly pinnedPoolMebibytes: number;
  /** The Volcano PodGroup, with GangScheduler.volcano(). */
  public readonly podGroup?: ApiObject;
  /** The Kueue LocalQueue, with GangScheduler.kueue({ clusterQueue }) (only on the first job naming it). */
  public readonly localQueue?: ApiObject;

  private readonly owner: string;
  private readonly source: string;

  constructor(scope: Construct, id: string, props: GpuTrainingJobProps) {
    super(scope, id);
    this.owner = `GpuTrainingJob ${id}`;
    this.source = `GpuTrainingJob ${id}`;
    const o = this.owner;
    const {
      gpusPerExecutor, driverGpus, gpuVendor, gpuDiscoveryScript, tasksPerGpu, gpuNodeSelector, gpuTolerations,
      sharedMemorySize, rapids, distributedTraining, gangScheduler, modelOutput, experimentTracking,
      ...appProps
    } = props;

    // --- GPUs and task slots
    const gpus = gpusPerExecutor ?? 1;
    if (!Number.isInteger(gpus) || gpus < 1) {
      throw new Error(`${o}: gpusPerExecutor must be a whole number of at least 1, got ${gpus}; Kubernetes allocates whole GPUs to a container`);
    }
    const dGpus = driverGpus ?? 0;
    if (!Number.isInteger(dGpus) || dGpus < 0) {
      throw new Error(`${o}: driverGpus must be a whole number of at least 0, got ${dGpus}; Kubernetes allocates whole GPUs to a container`);
    }
    this.gpusPerExecutor = gpus;
    const vendor = gpuVendor ?? GpuVendor.NVIDIA;
    const script = gpuDiscoveryScript ?? DEFAULT_DISCOVERY_SCRIPT;
    if (!script.startsWith('/')) {
      throw new Error(`${o}: gpuDiscoveryScript must be an absolute path in the image, got "${script}"`);
    }
    if (vendor !== GpuVendor.NVIDIA && gpuDiscoveryScript === undefined) {
      addWarning(this, `gpuDiscoveryScript is Spark's example script, which runs nvidia-smi, but gpuVendor is ${vendor.domain}; give a discovery script for these GPUs`);
    }
    const training = distributedTraining !== undefined;
    if (rapids && training) {
      throw new Error(`${o}: rapids and distributedTraining cannot be combined, got both; RAPIDS shares each GPU between tasks (spark.task.resource.gpu.amount 1/n) while barrier training needs one whole GPU per task: run the ETL and the training as two jobs`);
    }
    const cores = appProps.executorCores ?? 1;
    requireInt(o, 'executorCores', cores, 1);
    const taskCpus = Number(appProps.sparkConf?.['spark.task.cpus'] ?? '1');
    if (!Number.isInteger(taskCpus) || taskCpus < 1 || taskCpus > cores) {
      throw new Error(`${o}: sparkConf spark.task.cpus must be a whole number from 1 to executorCores (${cores}), got ${appProps.sparkConf?.['spark.task.cpus']}`);
    }
    const perGpu = tasksPerGpu ?? (rapids ? Math.max(1, Math.floor(cores / taskCpus / gpus)) : 1);
    if (!Number.isInteger(perGpu) || perGpu < 1) {
      throw new Error(`${o}: tasksPerGpu must be a whole number of at least 1, got ${perGpu}; Spark shares a GPU between n tasks with a task amount of 1/n (fractions above 0.5 are not allowed)`);
    }
    if (training && perGpu !== 1) {
      throw new Error(`${o}: tasksPerGpu must be 1 with distributedTraining, got ${perGpu}; TorchDistributor reads spark.task.resource.gpu.amount as a whole number and runs one process per task and GPU`);
    }
    this.taskGpuAmount = taskGpuAmount(perGpu);
    this.taskSlotsPerExecutor = taskSlots(cores, taskCpus, gpus, perGpu);
    if (Math.floor(cores / taskCpus) < gpus * perGpu) {
      addWarning(this, `executorCores ${cores} give ${Math.floor(cores / taskCpus)} task slots per executor but the GPUs could take ${gpus * perGpu} (${gpus} GPU × ${perGpu} tasks): part of each executor's GPUs stays idle; raise executorCores or lower gpusPerExecutor`);
    }

    // --- mode rules
    if (training) {
      requireInt(o, 'distributedTraining.numProcesses', distributedTraining.numProcesses, 1);
      if (appProps.dynamicAllocation) {
        throw new Error(`${o}: dynamicAllocation cannot be used with distributedTraining, got maxExecutors ${appProps.dynamicAllocation.maxExecutors}; Spark rejects barrier stages under dynamic allocation and every task must run at once: remove dynamicAllocation (the executor count follows from numProcesses)`);
      }
      if (!gangScheduler) {
        throw new Error(`${o}: distributedTraining needs a gangScheduler, got none; a barrier stage waits until all its tasks run, so partly placed jobs hold GPUs idle: use GangScheduler.volcano(), GangScheduler.yunikorn({ queue }) or GangScheduler.kueue({ queueName })`);
      }
      if (gangScheduler.name === 'yunikorn' && gangScheduler._options.style === GangSchedulingStyle.SOFT) {
        throw new Error(`${o}: gangScheduler style must be GangSchedulingStyle.HARD with distributedTraining, got Soft; a soft gang falls back to placing pods one by one, which a barrier stage cannot use`);
      }
      if (appProps.sparkVersion.isBelow('3.4')) {
        addWarning(this, `TorchDistributor needs Spark 3.4 or later, got ${appProps.sparkVersion.version}; Horovod on Spark works on 3.3`);
      }
    }
    let executorInstances = appProps.executorInstances;
    if (training) {
      const need = Math.ceil(distributedTraining.numProcesses / this.taskSlotsPerExecutor);
      if (executorInstances !== undefined && executorInstances !== need) {
        throw new Error(`${o}: executorInstances must match distributedTraining, got ${executorInstances}; ${distributedTraining.numProcesses} processes at ${this.taskSlotsPerExecutor} task slots per executor need ${need}: leave executorInstances unset`);
      }
      executorInstances = need;
    }
    if (gangScheduler?.name === 'kueue' && appProps.dynamicAllocation) {
      throw new Error(`${o}: dynamicAllocation cannot be used with GangScheduler.kueue, got maxExecutors ${appProps.dynamicAllocation.maxExecutors}; Kueue's SparkApplication integration rejects dynamic allocation: set executorInstances`);
    }
    if (gangScheduler?.name === 'volcano' && appProps.schedule?.concurrencyPolicy === ConcurrencyPolicy.ALLOW) {
      throw new Error(`${o}: schedule.concurrencyPolicy must be FORBID or REPLACE with GangScheduler.volcano(), got Allow; all runs join the job's one PodGroup, whose minResources cover a single run`);
    }

    // --- RAPIDS
    let pinned = 0;
    const rapidsConf: Array<[string, string]> = [];
    const packages = [...(appProps.packages ?? [])];
    const jars = [...(appProps.jars ?? [])];
    if (rapids) {
      pinned = this.configureRapids(rapids, appProps, packages, jars, rapidsConf);
    }
    this.pinnedPoolMebibytes = pinned;

    // --- /dev/shm (per GPU pod)
    const shmOf = (podGpus: number): number => {
      if (podGpus === 0) return 0;
      if (sharedMemorySize !== undefined) return this.wholeMib('sharedMemorySize', sharedMemorySize);
      return training ? 1024 * podGpus : 0;
    };
    const execShm = shmOf(gpus);
    const driverShm = shmOf(dGpus);
    this.executorSharedMemoryMebibytes = execShm;

    // --- placement of GPU pods
    const selector = { ...(gpuNodeSelector ?? {}) };
    for (const [k, v] of Object.entries(selector)) {
      const p = labelValueProblem(v);
      if (p) throw new Error(`${o}: gpuNodeSelector ${k} "${v}" ${p}`);
      for (const [prop, sel] of [['executorNodeSelector', appProps.executorNodeSelector], ['nodeSelector', appProps.nodeSelector]] as const) {
        if (sel?.[k] !== undefined && sel[k] !== v) {
          throw new Error(`${o}: gpuNodeSelector ${k} "${v}" conflicts with ${prop} ${k} "${sel[k]}"; set the label in one place`);
        }
      }
    }
    const tolerations = gpuTolerations ?? [{ key: vendor.resourceName, operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }];

    this.app = new SparkApp(this, 'App', {
      ...appProps,
      name: appProps.name ?? nameFromId(id),
      executorInstances,
      packages,
      jars,
      executorNodeSelector: { ...selector, ...(appProps.executorNodeSelector ?? {}) },
      driverNodeSelector: dGpus > 0 ? { ...selector, ...(appProps.driverNodeSelector ?? {}) } : appProps.driverNodeSelector,
      executorTolerations: dedupe([...(appProps.executorTolerations ?? []), ...tolerations]),
    });
    const app = this.app;
    // /dev/shm (tmpfs) and the pinned host pool live in the container outside the JVM: the app adds
    // them to the overhead Spark would use, so the pod's memory limit holds them.
    if (execShm + pinned > 0) app._addMemoryOverheadHeadroom(SparkRole.EXECUTOR, execShm + pinned, this.source);
    if (driverShm > 0) app._addMemoryOverheadHeadroom(SparkRole.DRIVER, driverShm, this.source);
    if (dGpus > 0) app._addPlacement(SparkRole.DRIVER, { tolerations });

    // --- Spark configuration
    const set = (k: string, v: string) => app.addSparkConf(k, v, this.source);
    set('spark.executor.resource.gpu.amount', `${gpus}`);
    set('spark.executor.resource.gpu.vendor', vendor.domain);
    set('spark.executor.resource.gpu.discoveryScript', script);
    set('spark.task.resource.gpu.amount', this.taskGpuAmount);
    if (dGpus > 0) {
      set('spark.driver.resource.gpu.amount', `${dGpus}`);
      set('spark.driver.resource.gpu.vendor', vendor.domain);
      set('spark.driver.resource.gpu.discoveryScript', script);
    }
    for (const [k, v] of rapidsConf) set(k, v);
    if (training) {
      // A barrier stage needs every slot: start scheduling once all executors registered.
      set('spark.scheduler.minRegisteredResourcesRatio', '1.0');
    }
    // The typed field as well: Kueue (and the operator's webhook) read GPUs from it.
    const specPath = app.scheduled ? '/spec/template' : '/spec';
    app.apiObject.addJsonPatch(JsonPatch.add(`${specPath}/executor/gpu`, { name: vendor.resourceName, quantity: gpus }));
    if (dGpus > 0) {
      app.apiObject.addJsonPatch(JsonPatch.add(`${specPath}/driver/gpu`, { name: vendor.resourceName, quantity: dGpus }));
    }

    // --- volumes
    const shmVolume = (mib: number) => SparkVolume.emptyDir(SHM_VOLUME, { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(mib) });
    if (execShm > 0) app.addExecutorVolumeMount({ volume: shmVolume(execShm), path: '/dev/shm' });
    if (driverShm > 0) app.addDriverVolumeMount({ volume: shmVolume(driverShm), path: '/dev/shm' });

    // --- outputs and tracking
    if (modelOutput) {
      if (modelOutput._claimName) {
        const v = SparkVolume.persistentVolumeClaim(MODEL_VOLUME, modelOutput._claimName);
        app.addDriverVolumeMount({ volume: v, path: modelOutput._mountPath!, readOnly: false });
        app.addExecutorVolumeMount({ volume: v, path: modelOutput._mountPath!, readOnly: false });
      }
      app._addEnv(undefined, 'MODEL_OUTPUT_URI', SparkEnvValue.value(modelOutput.uri), this.source);
    }
    if (experimentTracking) this.configureTracking(experimentTracking);

    // --- gang scheduling
    if (gangScheduler) {
      this.podGroup = gangScheduler.name === 'volcano' ? this.useVolcano(gangScheduler) : undefined;
      const placement = podPlacement(appProps, selector, tolerations, dGpus > 0);
      if (gangScheduler.name === 'yunikorn') this.useYunikorn(gangScheduler, training, placement);
      if (gangScheduler.name === 'kueue') this.localQueue = this.useKueue(gangScheduler, placement);
      // The queue objects first, so the pods never reference a group or queue that does not exist yet.
      for (const dep of [this.podGroup, this.localQueue]) if (dep) app.apiObject.addDependency(dep);
    }

    printWarningsOnSynth(this);
  }

  // ------------------------------------------------------------------------------------------

  private configureRapids(r: RapidsOptions, appProps: SparkAppProps, packages: string[], jars: string[], conf: Array<[string, string]>): number {
    const o = this.owner;
    const spark = appProps.sparkVersion;
    // The app's Scala version (scalaVersion prop, image tag, Spark default): the plugin must match it.
    const scala = resolveScalaVersion(o, appProps);
    const jarName = r.jar !== undefined ? parseRapidsJar(r.jar) : undefined;
    if (r.version !== undefined && !/^\d+\.\d+\.\d+$/.test(r.version)) {
      throw new Error(`${o}: rapids.version must be a release such as ${RAPIDS_VERSION}, got "${r.version}"`);
    }
    const version = r.version ?? jarName?.version ?? RAPIDS_VERSION;
    if (r.jar !== undefined) {
      if (!hasScheme(r.jar)) {
        throw new Error(`${o}: rapids.jar must be a URI such as local:///opt/sparkRapidsPlugin/rapids-4-spark_${scala}-${version}.jar, got "${r.jar}"`);
      }
      if (!jarName) {
        addWarning(this, `rapids.jar "${r.jar}" is not named rapids-4-spark_<scala>-<version>.jar, so its Scala and plugin version cannot be checked`);
      } else {
        if (jarName.scala !== scala) {
          throw new Error(`${o}: rapids.jar ${jarName.file} is built for Scala ${jarName.scala}, got Spark ${spark.version} on Scala ${scala}; use rapids-4-spark_${scala}-${version}.jar`);
        }
        if (jarName.version !== version) {
          throw new Error(`${o}: rapids.jar ${jarName.file} is release ${jarName.version}, got rapids.version ${version}; use rapids-4-spark_${scala}-${version}.jar or drop rapids.version`);
        }
      }
      jars.push(r.jar);
    } else {
      packages.push(`com.nvidia:rapids-4-spark_${scala}:${version}`);
    }
    if (version === RAPIDS_VERSION) {
      if (!rapidsSupports(spark, scala)) {
        throw new Error(`${o}: rapids needs a Spark release the RAPIDS Accelerator ${RAPIDS_VERSION} supports, got Spark ${spark.version} on Scala ${scala}; supported: ${RAPIDS_SUPPORT_TEXT}`);
      }
    } else {
      addWarning(this, `RAPIDS Accelerator ${version}: its supported Spark releases were not checked (the library knows the ${RAPIDS_VERSION} matrix); check Spark ${spark.version} on Scala ${scala} against its download page`);
    }
    const concurrent = r.concurrentGpuTasks ?? 2;
    requireInt(o, 'rapids.concurrentGpuTasks', concurrent, 1);

    // The pinned pool: the prop, else a value already in sparkConf, else 2 GiB.
    let pinned: number;
    const userPinned = appProps.sparkConf?.['spark.rapids.memory.pinnedPool.size'];
    if (r.pinnedPoolSize === undefined && userPinned !== undefined) {
      try {
        pinned = sparkMebibytes(userPinned, 'b');
      } catch (e) {
        throw new Error(`${o}: sparkConf spark.rapids.memory.pinnedPool.size ${(e as Error).message}`);
      }
    } else {
      pinned = this.wholeMib('rapids.pinnedPoolSize', r.pinnedPoolSize ?? Size.gibibytes(2));
      if (pinned > 0) conf.push(['spark.rapids.memory.pinnedPool.size', `${pinned}m`]);
    }
    const split = this.wholeMib('rapids.maxPartitionBytes', r.maxPartitionBytes ?? Size.mebibytes(512));
    if (split < 1) throw new Error(`${o}: rapids.maxPartitionBytes must be at least 1 MiB, got ${split} MiB`);
    conf.push(
      ['spark.plugins', 'com.nvidia.spark.SQLPlugin'],
      ['spark.rapids.sql.enabled', 'true'],
      ['spark.rapids.sql.concurrentGpuTasks', `${concurrent}`],
      ['spark.rapids.sql.explain', r.explain ?? RapidsExplain.NOT_ON_GPU],
      ['spark.locality.wait', '0s'],
      ['spark.sql.files.maxPartitionBytes', `${split}m`],
    );
    return pinned;
  }

  private wholeMib(prop: string, s: Size): number {
    const mib = sizeToMebibytes(this.owner, prop, s);
    if (mib < 0) throw new Error(`${this.owner}: ${prop} must be at least 0 MiB, got ${mib} MiB`);
    return mib;
  }

  private configureTracking(t: ExperimentTracking) {
    const o = this.owner;
    if (!hasScheme(t.mlflowTrackingUri)) {
      throw new Error(`${o}: experimentTracking.mlflowTrackingUri must be a URI such as https://mlflow.example, got "${t.mlflowTrackingUri}"`);
    }
    if (hasUserInfo(t.mlflowTrackingUri)) {
      throw new Error(`${o}: experimentTracking.mlflowTrackingUri must not carry credentials (user:secret@); pass them in experimentTracking.credentials from a Secret`);
    }
    const env = (name: string, v: SparkEnvValue) => this.app._addEnv(undefined, name, v, this.source);
    env('MLFLOW_TRACKING_URI', SparkEnvValue.value(t.mlflowTrackingUri));
    if (t.experimentName !== undefined) env('MLFLOW_EXPERIMENT_NAME', SparkEnvValue.value(t.experimentName));
    for (const [name, v] of Object.entries(t.credentials ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!v.fromSecretRef) {
        throw new Error(`${o}: experimentTracking.credentials ${name} must come from a Secret, got a literal or ConfigMap value; use SparkEnvValue.fromSecret(secretName, key)`);
      }
      env(name, v);
    }
  }

  private useVolcano(g: GangScheduler): ApiObject {
    const app = this.app;
    const name = `${app.name}-podgroup`;
    app._setSchedulerName(undefined, 'volcano', this.source);
    app._addPlacement(undefined, { annotations: { 'scheduling.k8s.io/group-name': name } });
    return new ApiObject(this, 'PodGroup', {
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'PodGroup',
      metadata: { name, namespace: app.namespace, labels: this.objectLabels('pod-group') },
      spec: Lazy.any({
        produce: () => {
          const r = app.resources();
          return {
            // 1, not driver + executors: see the class doc (the executors exist only once the driver runs).
            minMember: 1,
            minResources: gangResources(addTotals(podTotals(r.driver, 1), podTotals(r.executor, r.initialExecutors))),
            queue: g._options.queue,
            priorityClassName: g._options.priorityClassName,
          };
        },
      }),
    });
  }

  private useYunikorn(g: GangScheduler, training: boolean, placement: Record<SparkRole, Placement>) {
    const app = this.app;
    app._setSchedulerName(undefined, 'yunikorn', this.source);
    app._addPlacement(undefined, { labels: { 'yunikorn.apache.org/queue': g._options.queue } });
    const style = g._options.style ?? (training ? GangSchedulingStyle.HARD : GangSchedulingStyle.SOFT);
    const executors = app.resources().initialExecutors;
    const taskGroups = Lazy.any({
      produce: () => {
        const r = app.resources();
        // Placeholders must land where the real pods will: same node selector, tolerations, affinity.
        const group = (name: string, minMember: number, pod: PodResources) => dropUndefined({
          name,
          minMember,
          minResource: gangResources(podTotals(pod, 1)),
          ...placement[pod.role],
        });
        const groups = [group('spark-driver', 1, r.driver)];
        if (r.initialExecutors > 0) groups.push(group('spark-executor', r.initialExecutors, r.executor));
        return JSON.stringify(groups);
      },
    }) as unknown as string;
    app._addPlacement(SparkRole.DRIVER, {
      annotations: {
        [YUNIKORN_TASK_GROUP_NAME]: 'spark-driver',
        [YUNIKORN_TASK_GROUPS]: taskGroups,
        [YUNIKORN_POLICY]: `placeholderTimeoutInSeconds=${g._options.placeholderTimeoutSeconds} gangSchedulingStyle=${style}`,
      },
    });
    if (executors > 0) app._addPlacement(SparkRole.EXECUTOR, { annotations: { [YUNIKORN_TASK_GROUP_NAME]: 'spark-executor' } });
  }

  private useKueue(g: GangScheduler, placement: Record<SparkRole, Placement>): ApiObject | undefined {
    const app = this.app;
    app.apiObject.metadata.addLabel('kueue.x-k8s.io/queue-name', g._options.queue);
    // Kueue builds the workload's pod sets from the typed driver/executor fields, not from the pod
    // templates: mirror the placement there so ResourceFlavor taints and node labels match. (The
    // operator's webhook ignores executors that have a template, and applies the same values to the driver.)
    const specPath = app.scheduled ? '/spec/template' : '/spec';
    for (const role of [SparkRole.DRIVER, SparkRole.EXECUTOR]) {
      for (const [field, value] of Object.entries(placement[role])) {
        if (value !== undefined) app.apiObject.addJsonPatch(JsonPatch.add(`${specPath}/${role}/${field}`, value));
      }
    }
    const cq = g._options.clusterQueue;
    if (cq === undefined) return undefined;
    const root = this.node.root;
    let seen = localQueuesByRoot.get(root);
    if (!seen) {
      seen = new Map();
      localQueuesByRoot.set(root, seen);
    }
    const key = `${app.namespace}/${g._options.queue}`;
    const existing = seen.get(key);
    if (existing !== undefined) {
      if (existing !== cq) {
        throw new Error(`${this.owner}: gangScheduler clusterQueue "${cq}" for LocalQueue ${key} conflicts with "${existing}" given by another job; a LocalQueue points at one ClusterQueue`);
      }
      return undefined;
    }
    seen.set(key, cq);
    return new ApiObject(this, 'LocalQueue', {
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'LocalQueue',
      metadata: {
        name: g._options.queue,
        namespace: app.namespace,
        labels: { 'app.kubernetes.io/component': 'local-queue', 'app.kubernetes.io/part-of': app.namespace, ...MANAGED_BY },
      },
      spec: { clusterQueue: cq },
    });
  }

  private objectLabels(component: string): Record<string, string> {
    return {
      'app.kubernetes.io/name': 'spark',
      'app.kubernetes.io/instance': this.app.name,
      'app.kubernetes.io/component': component,
      ...MANAGED_BY,
    };
  }
}

/** Where a role's pods go, in Kubernetes form (undefined fields: nothing to say). */
interface Placement {
  nodeSelector?: Record<string, string>;
  tolerations?: any[];
  affinity?: any;
}

/** The final placement of each role, as SparkApp renders it from the props plus the GPU placement. */
function podPlacement(
  p: SparkAppProps, gpuSelector: Record<string, string>, gpuTolerations: SparkToleration[], driverGpu: boolean,
): Record<SparkRole, Placement> {
  const affinity = renderAffinity(p.requiredNodeAffinity, p.preferredNodeAffinity);
  const tol = (t: SparkToleration[]) => (t.length ? dedupe(t).map(renderToleration) : undefined);
  return {
    [SparkRole.DRIVER]: {
      nodeSelector: sortedMap({ ...(p.nodeSelector ?? {}), ...(driverGpu ? gpuSelector : {}), ...(p.driverNodeSelector ?? {}) }),
      tolerations: tol([...(p.tolerations ?? []), ...(driverGpu ? gpuTolerations : [])]),
      affinity,
    },
    [SparkRole.EXECUTOR]: {
      nodeSelector: sortedMap({ ...(p.nodeSelector ?? {}), ...gpuSelector, ...(p.executorNodeSelector ?? {}) }),
      tolerations: tol([...(p.tolerations ?? []), ...(p.executorTolerations ?? []), ...gpuTolerations]),
      affinity,
    },
  };
}

/** requests as a ResourceList for PodGroup minResources and YuniKorn minResource. */
function gangResources(t: ReturnType<typeof podTotals>): Record<string, string> {
  const out: Record<string, string> = {
    cpu: millisToQuantity(t.cpuRequestMillis),
    memory: mebibytesToQuantity(t.memoryRequestMebibytes),
  };
  for (const [k, v] of Object.entries(t.extendedResources)) out[k] = `${v}`;
  return sortedMap(out)!;
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

function renderAffinity(required?: NodeLabelRequirement[], preferred?: PreferredNodeAffinity[]): any {
  const expr = (r: NodeLabelRequirement) => ({ key: r.key, operator: r.operator, values: r.values?.length ? r.values : undefined });
  const req = required?.length ? { nodeSelectorTerms: [{ matchExpressions: required.map(expr) }] } : undefined;
  const pref = preferred?.length ? preferred.map(p => ({ weight: p.weight, preference: { matchExpressions: p.requirements.map(expr) } })) : undefined;
  if (!req && !pref) return undefined;
  return {
    nodeAffinity: dropUndefined({ requiredDuringSchedulingIgnoredDuringExecution: req, preferredDuringSchedulingIgnoredDuringExecution: pref }),
  };
}

function dedupe(tolerations: SparkToleration[]): SparkToleration[] {
  const seen = new Set<string>();
  return tolerations.filter(t => {
    const k = JSON.stringify(renderToleration(t));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

