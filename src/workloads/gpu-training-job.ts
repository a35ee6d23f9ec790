import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  GPU_TRAINING_JOB_PROPS_SHAPE, GPU_TRAINING_JOB_WARNINGS_SHAPE, MODEL_OUTPUTS, SPARK_APP_PROP_NAMES,
} from './gpu-training-job-shapes';
import { SparkApp } from './spark-app';
import { SparkAppProps } from './spark-app-props';
import { checkProps, required, str } from '../core/check';
import { ISparkApp } from '../core/contracts';
import { formatValue, propError } from '../core/errors';
import { rapidsOfImage } from '../core/image-use';
import { SparkEnvValue, SparkToleration, SparkVolume } from '../core/pod';
import { resolveScalaVersion } from '../core/scala';
import { SparkPods } from '../core/types';
import { dnsSubdomainProblem, keyProp, nameFromId, requireInt } from '../core/util';
import { addWarning, addWarningProducer, printWarningsOnSynth } from '../core/warn';
import { GpuAcceleration, GpuAccelerationProps } from '../features/gpu';
import { GpuVendor, RapidsOptions } from '../features/gpu-options';
import {
  applyGpuPlan, barrierWithoutGangWarnings, GpuPlan, GpuProp, GpuReporter, GpuSettings, hasScheme, hasUserInfo, listEntries, planGpu,
} from '../features/gpu-util';

/** Arguments of the ModelOutput factories (checked by shape, not registered: they are no structs). */
const VOLUME_ARGS = { claimName: required(str()), mountPath: required(str()) };
const OBJECT_STORE_ARGS = { uri: required(str()) };

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
    checkProps({ owner: 'ModelOutput.volume' }, { claimName, mountPath }, 'ModelOutput.volume arguments', VOLUME_ARGS);
    const problem = dnsSubdomainProblem(claimName);
    if (problem) throw propError('ModelOutput.volume', 'claimName', claimName, problem, 'use the name of an existing PersistentVolumeClaim in the job\'s namespace');
    if (!mountPath.startsWith('/') || mountPath === '/') {
      throw propError('ModelOutput.volume', 'mountPath', mountPath, 'must be an absolute directory other than /', 'use e.g. /models');
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
    checkProps({ owner: 'ModelOutput.objectStore' }, { uri }, 'ModelOutput.objectStore arguments', OBJECT_STORE_ARGS);
    if (!hasScheme(uri)) {
      throw propError('ModelOutput.objectStore', 'uri', uri, 'must be a URI with a scheme', 'use a scheme such as s3://, s3a://, gs:// or abfss://');
    }
    if (hasUserInfo(uri)) {
      throw propError('ModelOutput.objectStore', 'uri', withoutUserInfo(uri), 'must not carry credentials (user:secret@)', 'pass them from a Secret with SparkEnvValue.fromSecret');
    }
    return new ModelOutput(uri);
  }

  /** The value of `MODEL_OUTPUT_URI`. */
  public readonly uri: string;
  /** The PersistentVolumeClaim mounted into driver and executors, for `ModelOutput.volume`. */
  public readonly claimName?: string;
  /** Where the claim is mounted, for `ModelOutput.volume`. */
  public readonly mountPath?: string;

  private constructor(uri: string, claimName?: string, mountPath?: string) {
    this.uri = uri;
    this.claimName = claimName;
    this.mountPath = mountPath;
    MODEL_OUTPUTS.add(this);
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
   * GPUs per executor (`spark.executor.resource.gpu.amount`). 0 gives the executors no GPU (as
   * Spark treats an amount of 0), e.g. for a driver-only GPU with `driverGpus`.
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
   * Distributed training mode (barrier execution). Wants a `gangScheduler` (a YuniKorn gang
   * defaults to GangSchedulingStyle.HARD): without one, or with a SOFT gang, the job gets a
   * warning, since Spark fails a barrier job whose executors do not all register in time.
   * Dynamic allocation is an error (Spark rejects barrier stages under it).
   * @default - off
   */
  readonly distributedTraining?: DistributedTrainingOptions;
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

/**
 * A GPU Spark job: GPU executors through Spark's resource scheduling, optionally the RAPIDS
 * Accelerator or distributed training (TorchDistributor, Horovod) with gang scheduling.
 *
 * Built from features on one SparkApp (child `App`, exposed as `app`: its resource model,
 * namespace capacity check and monitoring apply unchanged, GPUs included): a GpuAcceleration
 * (conflict messages name it `GpuTrainingJob <id>`), then the app's own `features`, then the
 * `gangScheduler` (a Volcano PodGroup is the app's child `PodGroup`, a Kueue LocalQueue the
 * child `LocalQueue` of the first app naming it). The job adds what only training jobs have:
 * the executor count of distributed training, the model output and experiment tracking.
 *
 * The props extend SparkAppProps rather than wrap them: a GPU job is a Spark app with more
 * settings, and the construct only adds to, or derives, what SparkApp does.
 *
 * GPUs, memory and RAPIDS: see GpuAcceleration. /dev/shm and the RAPIDS pinned pool are memory
 * headroom of the app, so the pod's request and limit, the namespace check and the gang sizes
 * include them.
 *
 * Distributed training: static executors, ceil(numProcesses / task slots) of them, one GPU per
 * task, Spark waiting for every executor, and (warned about when missing) a gang scheduler,
 * because a barrier stage waits until every task runs (see GangScheduler; a YuniKorn gang is HARD
 * here).
 *
 * Outputs: `MODEL_OUTPUT_URI` (and the MLflow variables) in the environment of driver and
 * executors; the job's code decides which process writes (usually rank 0).
 */
export class GpuTrainingJob extends Construct {
  /** The Spark application. */
  public readonly app: SparkApp;
  /** GPUs per executor. */
  public readonly gpusPerExecutor: number;
  /** `spark.task.resource.gpu.amount` ("0" when the executors have no GPU: the key is then not set). */
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

  constructor(scope: Construct, id: string, props: GpuTrainingJobProps) {
    super(scope, id);
    this.owner = `GpuTrainingJob ${id}`;
    const o = this.owner;
    const source = this.owner;
    // Every prop's type, presence and range first; warnings of the SparkApp props are recorded by
    // the job's SparkApp (which checks them again), those of the job's own props and unknown props here.
    checkProps({ owner: o }, props, 'GpuTrainingJobProps', GPU_TRAINING_JOB_PROPS_SHAPE);
    checkProps({ owner: o, scope: this }, props, 'GpuTrainingJobProps', GPU_TRAINING_JOB_WARNINGS_SHAPE);
    const {
      gpusPerExecutor, driverGpus, gpuVendor, gpuDiscoveryScript, tasksPerGpu, gpuNodeSelector, gpuTolerations,
      sharedMemorySize, rapids, distributedTraining, modelOutput, experimentTracking,
    } = props;
    // The SparkApp props only: unknown props were reported above and are not passed on.
    const appProps = Object.fromEntries(Object.entries(props).filter(([k]) => SPARK_APP_PROP_NAMES.has(k))) as unknown as SparkAppProps;
    const training = distributedTraining !== undefined;

    // --- GPUs, task slots, RAPIDS, /dev/shm: checked here, in the job's name and prop names
    const gpu: GpuAccelerationProps = {
      gpusPerExecutor,
      driverGpus,
      vendor: gpuVendor ?? GpuVendor.NVIDIA,
      discoveryScript: gpuDiscoveryScript,
      tasksPerGpu,
      nodeSelector: gpuNodeSelector,
      tolerations: gpuTolerations,
      sharedMemorySize,
      rapids,
      barrierTraining: training,
    };
    const settings: GpuSettings = { ...gpu, vendor: gpu.vendor!, barrier: training };
    const reporter: GpuReporter = { owner: o, name: p => JOB_PROPS[p], warn: (m, warningId) => addWarning(this, m, warningId) };
    const plan = planGpu(reporter, settings, {
      sparkVersion: appProps.sparkVersion,
      // The app's Scala version (scalaVersion prop, image tag, Spark default): the plugin must match it.
      scalaVersion: () => resolveScalaVersion(o, { ...appProps, image: appProps.image ?? appProps.imagePreset?.ref }),
      executorCores: appProps.executorCores ?? 1,
      taskCpus: confString(appProps.sparkConf?.['spark.task.cpus']),
      pinnedPoolConf: confString(appProps.sparkConf?.['spark.rapids.memory.pinnedPool.size']),
      userConf: k => confString(appProps.sparkConf?.[k]),
      imageRapids: rapidsOfImage(appProps.imagePreset),
      otherJars: [...(appProps.jars ?? []), ...listEntries(confString(appProps.sparkConf?.['spark.jars']))],
      otherPackages: [...(appProps.packages ?? []), ...listEntries(confString(appProps.sparkConf?.['spark.jars.packages']))],
    });
    this.gpusPerExecutor = plan.gpusPerExecutor;
    this.taskGpuAmount = plan.taskGpuAmount;
    this.taskSlotsPerExecutor = plan.taskSlotsPerExecutor;
    this.executorSharedMemoryMebibytes = plan.executorSharedMemoryMebibytes;
    this.pinnedPoolMebibytes = plan.pinnedPoolMebibytes;
    for (const [k, v] of Object.entries(plan.nodeSelector)) {
      for (const [prop, sel] of [['executorNodeSelector', appProps.executorNodeSelector], ['nodeSelector', appProps.nodeSelector]] as const) {
        if (sel?.[k] !== undefined && sel[k] !== v) {
          throw propError(o, keyProp('gpuNodeSelector', k), v, `conflicts with ${keyProp(prop, k)} ${formatValue(sel[k])}`, 'set the label in one place');
        }
      }
    }

    // --- distributed training: static executors, all placed at once
    let executorInstances = appProps.executorInstances;
    if (distributedTraining) {
      requireInt(o, 'distributedTraining.numProcesses', distributedTraining.numProcesses, 1);
      if (appProps.dynamicAllocation) {
        throw propError(o, 'dynamicAllocation', appProps.dynamicAllocation, 'cannot be used with distributedTraining: Spark rejects barrier stages under dynamic allocation and every task must run at once',
          'remove dynamicAllocation (the executor count follows from numProcesses)');
      }
      // No gang scheduler, or a soft YuniKorn gang: warnings (see barrierWithoutGangWarnings), added below.
      if (appProps.sparkVersion.isBelow('3.4')) {
        addWarning(this, `TorchDistributor needs Spark 3.4 or later, got ${appProps.sparkVersion.version}; Horovod on Spark works on 3.3`, 'torch-distributor-spark-version');
      }
      const need = Math.ceil(distributedTraining.numProcesses / plan.taskSlotsPerExecutor);
      if (executorInstances !== undefined && executorInstances !== need) {
        throw propError(o, 'executorInstances', executorInstances, `does not match distributedTraining: ${distributedTraining.numProcesses} processes at ${plan.taskSlotsPerExecutor} task slots per executor need ${need}`,
          'leave executorInstances unset');
      }
      executorInstances = need;
    }
    if (experimentTracking) this.checkTracking(experimentTracking);

    // --- one SparkApp: the GPUs first, then the app's own features, then the gang scheduler
    this.app = new SparkApp(this, 'App', {
      ...appProps,
      name: appProps.name ?? nameFromId(id),
      executorInstances,
      features: [new JobGpuAcceleration(gpu, plan, source), ...(appProps.features ?? [])],
    });
    const app = this.app;
    this.podGroup = app.node.tryFindChild('PodGroup') as ApiObject | undefined;
    this.localQueue = app.node.tryFindChild('LocalQueue') as ApiObject | undefined;
    if (training) addWarningProducer(this, () => barrierWithoutGangWarnings(app, 'distributedTraining'));

    // --- outputs and tracking
    if (modelOutput) {
      if (modelOutput.claimName !== undefined && modelOutput.mountPath !== undefined) {
        const v = SparkVolume.persistentVolumeClaim(MODEL_VOLUME, modelOutput.claimName);
        app.addVolumeMount(SparkPods.ALL, { volume: v, path: modelOutput.mountPath, readOnly: false }, source);
      }
      app.addEnv(SparkPods.ALL, 'MODEL_OUTPUT_URI', SparkEnvValue.value(modelOutput.uri), source);
    }
    if (experimentTracking) {
      const t = experimentTracking;
      const env = (name: string, v: SparkEnvValue) => app.addEnv(SparkPods.ALL, name, v, source);
      env('MLFLOW_TRACKING_URI', SparkEnvValue.value(t.mlflowTrackingUri));
      if (t.experimentName !== undefined) env('MLFLOW_EXPERIMENT_NAME', SparkEnvValue.value(t.experimentName));
      for (const [name, v] of Object.entries(t.credentials ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) env(name, v);
    }

    printWarningsOnSynth(this);
  }

  private checkTracking(t: ExperimentTracking) {
    const o = this.owner;
    if (!hasScheme(t.mlflowTrackingUri)) {
      throw propError(o, 'experimentTracking.mlflowTrackingUri', t.mlflowTrackingUri, 'must be a URI with a scheme', 'use a URI such as https://mlflow.example');
    }
    if (hasUserInfo(t.mlflowTrackingUri)) {
      throw propError(o, 'experimentTracking.mlflowTrackingUri', withoutUserInfo(t.mlflowTrackingUri), 'must not carry credentials (user:secret@)',
        'pass them in experimentTracking.credentials from a Secret');
    }
    for (const [name, v] of Object.entries(t.credentials ?? {})) {
      if (!v.fromSecretRef) {
        // The value itself is not printed: a literal here is the credential.
        const given = v._spec.valueFrom?.configMapKeyRef ? 'a ConfigMap (SparkEnvValue.fromConfigMap)' : 'a literal (SparkEnvValue.value)';
        throw propError(o, keyProp('experimentTracking.credentials', name), v, `must come from a Secret, not from ${given}`,
          'use SparkEnvValue.fromSecret(secretName, key)');
      }
    }
  }
}

const MODEL_VOLUME = 'model-output';

/** A sparkConf value as Spark receives it (numbers and booleans from JavaScript become strings). */
function confString(v: unknown): string | undefined {
  return v === undefined ? undefined : `${v}`;
}

/** A URI with its user info (`user:secret@`) masked, so an error does not print the secret. */
function withoutUserInfo(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}

/** The GPU props as GpuTrainingJob names them. */
const JOB_PROPS: Record<GpuProp, string> = {
  gpusPerExecutor: 'gpusPerExecutor',
  driverGpus: 'driverGpus',
  vendor: 'gpuVendor',
  discoveryScript: 'gpuDiscoveryScript',
  tasksPerGpu: 'tasksPerGpu',
  nodeSelector: 'gpuNodeSelector',
  tolerations: 'gpuTolerations',
  sharedMemorySize: 'sharedMemorySize',
  rapids: 'rapids',
  barrier: 'distributedTraining',
};

/**
 * The job's GpuAcceleration: it applies the plan the job checked (errors and warnings already
 * named after the job) and names itself `GpuTrainingJob <id>` in conflict messages.
 */
class JobGpuAcceleration extends GpuAcceleration {
  constructor(props: GpuAccelerationProps, private readonly plan: GpuPlan, public readonly featureName: string) {
    super(props);
  }

  public bind(app: ISparkApp): void {
    applyGpuPlan(app, this.plan, this.featureName);
  }
}
