import { GpuVendor, RapidsExplain } from './gpu-options';
import { arr, bool, Check, defineShape, enumOf, instance, int, INT32_MAX, num, Shape, size, str, struct } from '../core/check';
import { NODE_SELECTOR, SPARK_TOLERATION } from '../core/shapes';

/**
 * Runtime shapes of the GPU feature's props (see `core/check.ts`), shared with GpuTrainingJob,
 * whose GPU props are the same under other names. The gang scheduler's option shapes live in
 * `gang-scheduling.ts` (they need its style enum, and that file imports this one's users).
 */

/** GPUs per pod above which the figure is most likely wrong: no common GPU node has more than 16. */
export const GPUS_PER_POD_WARN_ABOVE = 16;

/**
 * A GPU count of one pod: a finite number up to int32 (Spark reads the amount with `toInt`), a
 * warning above 16. Whole-number and lower-bound problems are reported by the GPU settings check,
 * whose message explains how to share a GPU instead.
 */
export const GPU_COUNT: Check = num({ max: INT32_MAX, warnAbove: GPUS_PER_POD_WARN_ABOVE, unit: 'GPUs' });

/** A `GpuVendor`. */
export const GPU_VENDOR: Check = instance('GpuVendor', v => v instanceof GpuVendor,
  'use GpuVendor.NVIDIA, GpuVendor.AMD or GpuVendor.custom("gpu.example.com")');

/** `tasksPerGpu`: a number (whole and ≥ 1 is checked with the GPU settings, which explain why). */
export const TASKS_PER_GPU: Check = num({ max: INT32_MAX });

/** The discovery script path (absolute is checked with the GPU settings). */
export const DISCOVERY_SCRIPT: Check = str();

/** /dev/shm of GPU pods: 0 keeps the runtime's. */
export const SHARED_MEMORY_SIZE: Check = size({ allowZero: true });

/** RapidsOptions. */
export const RAPIDS_OPTIONS: Check = struct('RapidsOptions', {
  version: str(),
  jar: str(),
  jarInImage: bool(),
  concurrentGpuTasks: int(1),
  pinnedPoolSize: size({ allowZero: true }),
  explain: enumOf('RapidsExplain', RapidsExplain),
  maxPartitionBytes: size(),
});

/** Every prop of GpuAccelerationProps. */
export const GPU_ACCELERATION_PROPS_SHAPE: Shape = defineShape('GpuAccelerationProps', {
  gpusPerExecutor: GPU_COUNT,
  driverGpus: GPU_COUNT,
  vendor: GPU_VENDOR,
  discoveryScript: DISCOVERY_SCRIPT,
  tasksPerGpu: TASKS_PER_GPU,
  nodeSelector: NODE_SELECTOR,
  tolerations: arr(SPARK_TOLERATION),
  sharedMemorySize: SHARED_MEMORY_SIZE,
  rapids: RAPIDS_OPTIONS,
  barrierTraining: bool(),
});
