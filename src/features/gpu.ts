import { Size } from 'cdk8s';
import { GpuVendor, RapidsOptions } from './gpu-options';
import { GPU_ACCELERATION_PROPS_SHAPE } from './gpu-shapes';
import {
  applyGpuPlan, barrierWithoutGangWarnings, checkGpuSettings, dynamicAllocationOf, GpuProp, GpuReporter, GpuSettings, listEntries, planGpu,
} from './gpu-util';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { imagePresetOf, rapidsOfImage } from '../core/image-use';
import { SparkToleration } from '../core/pod';
import { addWarning, addWarningProducer } from '../core/warn';


/** Props of GpuAcceleration. */
export interface GpuAccelerationProps {
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
  readonly vendor?: GpuVendor;
  /**
   * Script in the image that prints the GPUs a container got (`{"name": "gpu", "addresses": [...]}`);
   * Kubernetes does not tell Spark the device addresses. NVIDIA's RAPIDS images ship it as
   * `/opt/sparkRapidsPlugin/getGpusResources.sh`.
   * @default "/opt/spark/examples/src/main/scripts/getGpusResources.sh" (Spark's example, runs nvidia-smi)
   * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#resource-allocation-and-configuration-overview
   */
  readonly discoveryScript?: string;
  /**
   * Tasks that share one GPU: `spark.task.resource.gpu.amount` is 1/tasksPerGpu (Spark allows
   * fractions up to 0.5 only as 1/n). Barrier training needs 1.
   * @default - executor cores / gpusPerExecutor with rapids (the GPU does not limit task slots), else 1
   * @see https://spark.apache.org/docs/latest/configuration.html#custom-resource-scheduling-and-configuration-overview
   */
  readonly tasksPerGpu?: number;
  /**
   * Node labels GPU pods need, e.g. `{ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }` (GPU
   * feature discovery) or a cloud's accelerator label. Applies to the executors, and to the driver
   * when it has GPUs.
   * @default - none: the GPU request alone keeps the pods off nodes without GPUs
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of GPU pods (executors, and the driver when it has GPUs).
   * @default - tolerate the vendor's usual taint: key `<vendor>/gpu`, operator Exists, effect NoSchedule
   */
  readonly tolerations?: SparkToleration[];
  /**
   * Size of the memory-backed /dev/shm of GPU pods (NCCL and PyTorch data loaders use it; the
   * container runtime's default is 64 MiB). It counts against the container memory limit, so it
   * is added to the memory overhead. `Size.mebibytes(0)` keeps the runtime's /dev/shm.
   * @default - 1 GiB per GPU of the pod with barrierTraining, else none
   */
  readonly sharedMemorySize?: Size;
  /**
   * RAPIDS Accelerator mode.
   * @default - off
   */
  readonly rapids?: RapidsOptions;
  /**
   * Distributed training in Spark barrier mode (TorchDistributor with `local_mode=False`, Horovod
   * on Spark): one whole GPU per task, Spark waits until every executor registered
   * (`spark.scheduler.minRegisteredResourcesRatio` 1.0), 1 GiB of /dev/shm per GPU. The app needs
   * static executors; without a gang scheduler (the app's `gangScheduler` prop) it gets a warning,
   * since executors placed one by one hold their GPUs idle and Spark fails a barrier job whose
   * executors do not all register in time. A YuniKorn gang defaults to GangSchedulingStyle.HARD
   * (a SOFT one gets a warning too).
   * @default false
   */
  readonly barrierTraining?: boolean;
}

/**
 * GPUs for any Spark app (a SparkApp, the app of a StreamingPipeline or GpuTrainingJob): bind it
 * with the app's `features` prop or `app.addFeature(...)`.
 *
 * GPUs: `spark.{executor,driver}.resource.gpu.{amount,vendor,discoveryScript}` make Spark request
 * `<vendor>/gpu` on each GPU pod and schedule tasks on them (the kubeflow back-end also writes the
 * typed `gpu` fields, which Kueue reads); `spark.task.resource.gpu.amount` is 1/tasksPerGpu. GPU
 * pods get the GPU tolerations and node selector and, when sized, a memory-backed /dev/shm.
 *
 * Memory: tmpfs pages and the RAPIDS pinned pool count against the container memory limit; they
 * are added as memory headroom of the app (on top of the overhead Spark would use), so the pod's
 * request and limit, the namespace check and gang sizes include them.
 *
 * RAPIDS: the plugin (`spark.plugins` entry `com.nvidia.spark.SQLPlugin`, added to what other
 * sources put there), its package or jar, and the recommended settings.
 *
 * Errors about the props alone are thrown when the feature is created; those that depend on the
 * app (Spark and Scala version, cores, conf) when it is bound, named after the app.
 */
export class GpuAcceleration implements ISparkFeature {
  /** What the feature is, for conflict messages. */
  public readonly featureName: string;
  /** GPUs per executor. */
  public readonly gpusPerExecutor: number;
  /** GPUs of the driver (0: the driver has none). */
  public readonly driverGpus: number;
  /** The GPU vendor. */
  public readonly vendor: GpuVendor;
  /** Whether the app trains in barrier mode (gang schedulers read it). */
  public readonly barrierTraining: boolean;

  private readonly settings: GpuSettings;
  private readonly props: GpuAccelerationProps;

  constructor(props: GpuAccelerationProps = {}) {
    // Warnings of the props (absurd figures, unknown props) are recorded on the app when bound.
    checkProps({ owner: 'GpuAcceleration' }, props, 'GpuAccelerationProps', GPU_ACCELERATION_PROPS_SHAPE);
    this.props = { ...props };
    const p = this.props;
    this.featureName = 'GpuAcceleration';
    this.vendor = p.vendor ?? GpuVendor.NVIDIA;
    this.barrierTraining = p.barrierTraining ?? false;
    this.settings = { ...p, vendor: this.vendor, barrier: this.barrierTraining };
    checkGpuSettings(reporter('GpuAcceleration', ''), this.settings);
    this.gpusPerExecutor = p.gpusPerExecutor ?? 1;
    this.driverGpus = p.driverGpus ?? 0;
  }

  /** Adds the GPU conf, placement, /dev/shm, memory headroom and RAPIDS to the app. */
  public bind(app: ISparkApp): void {
    const owner = constructLabel('SparkApp', app);
    checkProps({ owner, scope: app }, this.props, 'GpuAccelerationProps', GPU_ACCELERATION_PROPS_SHAPE, this.featureName);
    const r = reporter(owner, `${this.featureName} `, (m, id) => addWarning(app, m, id));
    const plan = planGpu(r, this.settings, {
      sparkVersion: app.sparkVersion,
      scalaVersion: () => app.scalaVersion,
      executorCores: Number(app.sparkConfValue('spark.executor.cores') ?? '1'),
      taskCpus: app.sparkConfValue('spark.task.cpus'),
      pinnedPoolConf: app.sparkConfValue('spark.rapids.memory.pinnedPool.size'),
      userConf: k => (app.sparkConfSource(k) === 'sparkConf' ? app.sparkConfValue(k) : undefined),
      imageRapids: rapidsOfImage(imagePresetOf(app)),
      otherJars: listEntries(app.sparkConfValue('spark.jars')),
      otherPackages: listEntries(app.sparkConfValue('spark.jars.packages')),
    });
    // Spark reads booleans trimmed and case-insensitive.
    if (this.barrierTraining && app.sparkConfValue('spark.dynamicAllocation.enabled')?.trim().toLowerCase() === 'true') {
      const da = dynamicAllocationOf(app);
      throw propError(r.owner, da.prop, da.value, `${da.setBy}cannot be used with ${r.name('barrier')}: Spark rejects barrier stages under dynamic allocation and every task must run at once`,
        'use static executors (executorInstances) instead of dynamic allocation');
    }
    applyGpuPlan(app, plan, this.featureName);
    if (this.barrierTraining) addWarningProducer(app, () => barrierWithoutGangWarnings(app, r.name('barrier')));
  }
}

/** Feature prop names (GpuTrainingJob has its own). */
const FEATURE_PROPS: Record<GpuProp, string> = {
  gpusPerExecutor: 'gpusPerExecutor',
  driverGpus: 'driverGpus',
  vendor: 'vendor',
  discoveryScript: 'discoveryScript',
  tasksPerGpu: 'tasksPerGpu',
  nodeSelector: 'nodeSelector',
  tolerations: 'tolerations',
  sharedMemorySize: 'sharedMemorySize',
  rapids: 'rapids',
  barrier: 'barrierTraining',
};

function reporter(owner: string, prefix: string, warn: (m: string, id: string) => void = () => undefined): GpuReporter {
  return { owner, name: p => `${prefix}${FEATURE_PROPS[p]}`, warn };
}
