import { SPARK_APP_PROPS_SHAPE } from './spark-app-shapes';
import { anything, arr, Check, defineShape, instance, int, required, Shape, str, struct } from '../core/check';
import { ENV_MAP, NODE_SELECTOR, SPARK_TOLERATION } from '../core/shapes';
import {
  DISCOVERY_SCRIPT, GPU_COUNT, GPU_VENDOR, RAPIDS_OPTIONS, SHARED_MEMORY_SIZE, TASKS_PER_GPU,
} from '../features/gpu-shapes';

/**
 * Runtime shapes of GpuTrainingJobProps (see `core/check.ts`): every SparkApp prop, plus the job's
 * GPU, training and output props.
 */

/**
 * Every ModelOutput the library made. ModelOutput lives in gpu-training-job.ts, which imports this
 * file, so the shape recognizes it by membership rather than `instanceof`.
 */
export const MODEL_OUTPUTS = new WeakSet<object>();

const MODEL_OUTPUT: Check = instance('ModelOutput', v => MODEL_OUTPUTS.has(v),
  'use ModelOutput.volume(claimName, mountPath) or ModelOutput.objectStore(uri)');

/** The job's own props (those it adds to SparkAppProps). */
const JOB_PROPS: Shape = {
  gpusPerExecutor: GPU_COUNT,
  driverGpus: GPU_COUNT,
  gpuVendor: GPU_VENDOR,
  gpuDiscoveryScript: DISCOVERY_SCRIPT,
  tasksPerGpu: TASKS_PER_GPU,
  gpuNodeSelector: NODE_SELECTOR,
  gpuTolerations: arr(SPARK_TOLERATION),
  sharedMemorySize: SHARED_MEMORY_SIZE,
  rapids: RAPIDS_OPTIONS,
  // One GPU per process: far more than the executor ceiling is most likely a wrong figure.
  distributedTraining: struct('DistributedTrainingOptions', { numProcesses: required(int(1, undefined, 10_000, 'processes')) }),
  modelOutput: MODEL_OUTPUT,
  experimentTracking: struct('ExperimentTracking', {
    mlflowTrackingUri: required(str()),
    experimentName: str(),
    credentials: ENV_MAP,
  }),
};

/** Every prop of GpuTrainingJobProps. */
export const GPU_TRAINING_JOB_PROPS_SHAPE: Shape = defineShape('GpuTrainingJobProps', { ...SPARK_APP_PROPS_SHAPE, ...JOB_PROPS });

/**
 * The same props for the job's warnings: its own props checked again (their warnings go to the
 * job), the SparkApp props accepted as they are (the job's SparkApp checks them and records their
 * warnings itself), so unknown props are found among all of them. Not registered.
 */
export const GPU_TRAINING_JOB_WARNINGS_SHAPE: Shape = {
  ...Object.fromEntries(Object.keys(SPARK_APP_PROPS_SHAPE).map(k => [k, anything()])),
  ...JOB_PROPS,
};

/** The SparkApp props among a job's props, in the order given. */
export const SPARK_APP_PROP_NAMES: ReadonlySet<string> = new Set(Object.keys(SPARK_APP_PROPS_SHAPE));
