import { Duration, Size } from 'cdk8s';

/** Access mode of the on-demand claims Spark creates per executor. */
export enum ClaimAccessMode {
  /** One node mounts the claim read-write (Spark 3.x's mode). */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /**
   * One pod mounts the claim read-write (Spark 4's default). Needs a CSI storage driver and
   * Kubernetes 1.27+ (beta) / 1.29+ (GA).
   */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/**
 * Executor decommissioning: before an executor pod goes away (scale-down, node drain, spot
 * reclaim with notice), Spark migrates its shuffle and cached RDD blocks to other executors, or to
 * a fallback store when no peer can take them, so the data outlives the executor.
 *
 * @see https://spark.apache.org/docs/latest/configuration.html#graceful-decommission-of-executors
 */
export interface DecommissionOptions {
  /**
   * Object-store directory used when no other executor can take a block, e.g.
   * `s3a://bucket/spark-fallback/` (Spark requires the trailing `/`). The app needs the store's
   * connector and credentials (e.g. hadoop-aws and `AWS_*` from a Secret).
   * @default - no fallback storage: blocks no peer can take are lost with the executor
   */
  readonly fallbackStoragePath?: string;
  /**
   * Delete the app's fallback data when it ends (`spark.storage.decommission.fallbackStorage.cleanUp`).
   * @default true when fallbackStoragePath is set
   */
  readonly cleanUpFallbackStorage?: boolean;
  /**
   * Also migrate cached RDD blocks.
   * @default true
   */
  readonly rddBlocks?: boolean;
  /**
   * How long Kubernetes waits for an executor to finish migrating before it kills it (the executor
   * pods' `terminationGracePeriodSeconds`; Spark sets none, so Kubernetes' default of 30 seconds
   * would cut most migrations short). Spot reclaims ignore it beyond the provider's notice.
   * @default Duration.minutes(5)
   */
  readonly gracePeriod?: Duration;
}

/** Options of local-disk shuffle storage (emptyDir). */
export interface LocalDiskShuffleOptions {
  /**
   * Size limit of each executor's local dir (shuffle files and spills). The kubelet evicts an
   * executor whose dir grows beyond it, so size it for the largest shuffle per executor.
   */
  readonly size: Size;
  /**
   * Keep the local dir in memory (tmpfs, emptyDir medium `Memory`). Faster, but its contents count
   * against the container's memory limit: the memory overhead is raised by `size` (and by
   * `driverSize` on the driver).
   * @default false
   */
  readonly tmpfs?: boolean;
  /**
   * Ephemeral storage the container needs besides the local dir (container logs, the work dir
   * with downloaded jars and files, the writable image layer). Added to `size` for the
   * `ephemeral-storage` request and limit (only the headroom with tmpfs).
   * @default Size.gibibytes(2)
   */
  readonly headroom?: Size;
  /**
   * Mount path of the local dir: an absolute path without "," (Spark joins the local dirs into
   * `SPARK_LOCAL_DIRS` with ","), whitespace, quotes or ".." elements, and not over Spark's own
   * files (`/opt/spark`, its `conf` mount).
   * @default "/var/data/spark-local-dir-1"
   */
  readonly path?: string;
  /**
   * Give the driver a local dir of this size too (same medium and path). The driver shuffles
   * little, but collects, broadcasts and spills of driver-side operations use it.
   * @default - the driver keeps Spark's default local dir (an emptyDir without a size limit)
   */
  readonly driverSize?: Size;
  /**
   * Migrate shuffle and RDD blocks off executors that are being removed.
   * @default - no decommissioning
   */
  readonly decommissioning?: DecommissionOptions;
}

/** Options of hostPath shuffle storage (a node's local SSD). */
export interface HostPathShuffleOptions {
  /**
   * Directory on the node, e.g. `/mnt/nvme0/spark`: an absolute path without ".." elements (the
   * API server rejects them), whitespace or quotes. It must exist and be writable by the Spark
   * user (uid 185 in the official images): fsGroup does not apply to hostPath volumes.
   */
  readonly path: string;
  /**
   * Mount path in the executor container (the same rules as LocalDiskShuffleOptions.path).
   * @default "/var/data/spark-local-dir-1"
   */
  readonly mountPath?: string;
  /**
   * Migrate shuffle and RDD blocks off executors that are being removed.
   * @default - no decommissioning
   */
  readonly decommissioning?: DecommissionOptions;
}

/** Options of on-demand PersistentVolumeClaim shuffle storage. */
export interface OnDemandPvcShuffleOptions {
  /** Storage class of the claims (Spark creates no claim without one). */
  readonly storageClass: string;
  /** Size of each executor's claim. */
  readonly size: Size;
  /**
   * Mount path; Spark's docs recommend a path of the form `/data/spark-x/executor-x`, because the
   * shuffle recovery plugin looks for shuffle files of dead executors in `spark-*` directories two
   * levels up (a warning is recorded when the parent directory is not named `spark-*`). The same
   * rules as LocalDiskShuffleOptions.path apply.
   * @default "/data/spark-x/executor-x"
   */
  readonly mountPath?: string;
  /**
   * Access mode of the claims.
   * @default - Spark's default for the version: READ_WRITE_ONCE for 3.x, READ_WRITE_ONCE_POD for 4.x
   */
  readonly accessMode?: ClaimAccessMode;
  /**
   * Give the driver an on-demand claim of this size too, as its local dir (same storage class,
   * access mode and mount path; `spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.*`).
   * spark-submit creates it with the driver pod, which owns it, so it goes away with the driver;
   * the driver's collects, broadcasts and spills then use it instead of an emptyDir on the node.
   * @default - the driver keeps Spark's default local dir (an emptyDir without a size limit)
   */
  readonly driverSize?: Size;
  /**
   * Migrate shuffle and RDD blocks off executors that are being removed.
   * @default - no decommissioning
   */
  readonly decommissioning?: DecommissionOptions;
}

/** Options of object-store shuffle with the IBM spark-s3-shuffle plugin. */
export interface S3ShuffleOptions {
  /**
   * Root of the shuffle files, e.g. `s3a://bucket/shuffle/` (any Hadoop file system URI the image
   * can reach). The plugin writes `<rootDir>/<prefix>/<appId>/<shuffleId>/...`.
   */
  readonly rootDir: string;
  /**
   * Path of the plugin jar in the image, e.g.
   * `/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar` (the name carries the Scala, Spark and
   * plugin versions and is checked against the app). A jar outside `/opt/spark/jars` is put on the
   * driver and executor class path.
   */
  readonly pluginJar: string;
  /**
   * Further jars of the image the plugin needs, e.g. `hadoop-aws-3.3.4.jar` (matching the Hadoop of
   * the Spark build) and the AWS SDK bundle when the minimal plugin jar is used. Entries outside
   * `/opt/spark/jars` go on the class path.
   * @default - none (the jars are in /opt/spark/jars, or the with-dependencies plugin jar is used)
   */
  readonly extraJars?: string[];
  /**
   * Secret holding the S3 credentials, exposed to driver and executors as `AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY` (read by S3A's default credential chain).
   * @default - no credentials from a Secret (e.g. IRSA / pod identity, or hadoopConf providers)
   */
  readonly credentialsSecret?: string;
  /**
   * Key of the access key id in the Secret (only with credentialsSecret).
   * @default "access-key-id"
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in the Secret (only with credentialsSecret).
   * @default "secret-access-key"
   */
  readonly secretAccessKeyKey?: string;
  /**
   * Number of key prefixes the shuffle files are spread over (`spark.shuffle.s3.folderPrefixes`),
   * for object stores that rate-limit per prefix. At least 1; the plugin issues one delete per prefix
   * when the app ends, so more than 10,000 records a warning.
   * @default 10 (the plugin's default)
   */
  readonly folderPrefixes?: number;
}

/** Options of the Spark side of Celeborn shuffle. */
export interface CelebornShuffleOptions {
  /**
   * Path of the Celeborn Spark client jar in the image, e.g.
   * `/opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar`. Its name is checked against
   * the app's Spark and Scala versions and the cluster's Celeborn version; a jar outside
   * `/opt/spark/jars` is put on the driver and executor class path.
   * @default - the client jar is in /opt/spark/jars (not checked)
   */
  readonly clientJar?: string;
  /**
   * Replicate each pushed block to a second worker (`spark.celeborn.client.push.replicate.enabled`),
   * so losing a worker loses no shuffle data. Needs at least two workers.
   * @default - true when the cluster has at least two workers
   */
  readonly pushReplicate?: boolean;
}

