import { Duration } from 'cdk8s';

/**
 * Options of the Apache spark-kubernetes-operator back-end (`SparkBackend.apacheOperator`): the
 * operator's tolerations (`spec.applicationTolerations` of a `spark.apache.org/v1`
 * `SparkApplication`) that are not derived from the app's props.
 *
 * Sources: apache/spark-kubernetes-operator@d5acafd2 (CRDs identical to release 1.0.0),
 * `spark-operator-api/src/main/java/org/apache/spark/k8s/operator/spec/ApplicationTolerations.java`
 * and `ApplicationTimeoutConfig.java`.
 */
export interface ApacheOperatorOptions {
  /**
   * How long the operator waits for the driver pod to reach phase Running after creating it
   * (`applicationTimeoutConfig.driverStartTimeoutMillis`). A driver that waits longer (in a
   * Volcano or YuniKorn queue, for a node to scale up, for an image pull) ends the attempt as
   * `DriverStartTimedOut`: the operator deletes the driver and, by the restart policy, retries or
   * stops. Raise it for apps that queue.
   * @default Duration.minutes(5) (the operator's default)
   */
  readonly driverStartTimeout?: Duration;
  /**
   * How long the operator waits for the running driver pod to become Ready
   * (`applicationTimeoutConfig.driverReadyTimeoutMillis`); then `DriverReadyTimedOut`.
   * @default Duration.minutes(5) (the operator's default)
   */
  readonly driverReadyTimeout?: Duration;
  /**
   * Keep the driver pod, its ConfigMaps and Services (and, under static allocation without
   * restarts, the executor pods, which the operator leaves to Kubernetes' garbage collection) of a
   * failed run for this long, to read their logs and status (`resourceRetainPolicy: OnFailure`
   * with `resourceRetainDurationMillis`). The operator never retains the resources of an attempt
   * it restarts, only those of the last one. The retained pods have ended: they hold no CPU or
   * memory in a ResourceQuota.
   * @default - the operator deletes them when the run ends (`resourceRetainPolicy: Never`)
   */
  readonly retainFailedRun?: Duration;
}
