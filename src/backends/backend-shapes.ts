import { defineShape, num, size, str } from '../core/check';

/** Runtime shape of SparkSubmitOptions (checked by SparkBackend.sparkSubmit). */
export const SPARK_SUBMIT_OPTIONS = defineShape('SparkSubmitOptions', {
  image: str(),
  submitterCpu: num({ min: 0.001 }),
  submitterMemory: size(),
});
