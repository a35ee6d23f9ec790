import { Size } from 'cdk8s';

/**
 * Options of the Stackable spark-k8s-operator back-end (`SparkBackend.stackable`).
 *
 * The operator runs `spark-submit` in a Job it creates per app (the "submit Job"); these options
 * size that Job's one pod (`spec.job.config.resources`). Its defaults are the operator's own
 * (stackabletech/spark-k8s-operator@405d5514 `rust/operator-binary/src/crd/roles.rs`,
 * `SubmitConfig::default_config`: cpu min 100m, max 400m, memory limit 512Mi).
 */
export interface StackableOptions {
  /**
   * The Stackable product version of the image (`spec.sparkImage.productVersion`): the Spark
   * version the operator validates its product config against and writes into the
   * `app.kubernetes.io/version` label. The image itself is always the app's image
   * (`spec.sparkImage.custom`), which must be a Stackable `spark-k8s` image or one built on it:
   * the operator runs `/stackable/spark/bin/spark-submit` from it.
   * @default - the app's sparkVersion (e.g. "3.5.5")
   */
  readonly productVersion?: string;
  /**
   * CPU request of the submit Job's pod, in cores (`spec.job.config.resources.cpu.min`).
   * @default 0.1
   */
  readonly submitterCpu?: number;
  /**
   * CPU limit of the submit Job's pod, in cores (`spec.job.config.resources.cpu.max`); at least
   * `submitterCpu`.
   * @default - 0.4, or submitterCpu when that is more
   */
  readonly submitterCpuLimit?: number;
  /**
   * Memory request and limit of the submit Job's pod (`spec.job.config.resources.memory.limit`).
   * @default Size.mebibytes(512)
   */
  readonly submitterMemory?: Size;
}
