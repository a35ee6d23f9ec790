import { defineShape, duration, num, size, str } from '../core/check';

/** Runtime shape of SparkSubmitOptions (checked by SparkBackend.sparkSubmit). */
export const SPARK_SUBMIT_OPTIONS = defineShape('SparkSubmitOptions', {
  image: str(),
  submitterCpu: num({ min: 0.001 }),
  submitterMemory: size(),
});

/** Runtime shape of ApacheOperatorOptions (checked by SparkBackend.apacheOperator). */
export const APACHE_OPERATOR_OPTIONS = defineShape('ApacheOperatorOptions', {
  driverStartTimeout: duration(),
  driverReadyTimeout: duration(),
  retainFailedRun: duration(),
});

/** Runtime shape of StackableOptions (checked by SparkBackend.stackable). */
export const STACKABLE_OPTIONS = defineShape('StackableOptions', {
  productVersion: str(),
  submitterCpu: num({ min: 0.001 }),
  submitterCpuLimit: num({ min: 0.001 }),
  submitterMemory: size(),
});
