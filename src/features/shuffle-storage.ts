import { Duration, Size } from 'cdk8s';
import { CelebornShuffleOptions, ClaimAccessMode, DecommissionOptions, HostPathShuffleOptions, LocalDiskShuffleOptions, OnDemandPvcShuffleOptions, S3ShuffleOptions } from './shuffle-storage-options';
import {
  checkCelebornClientJar, compareVersions, isShuffleStorage, LOCAL_DIR_VOLUME, SHUFFLE_STORAGE_MARKER,
} from './shuffle-util';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructError, constructLabel } from '../core/errors';
import { mebibytesToQuantity } from '../core/model';
import { SparkEnvValue } from '../core/pod';
import { SparkRole } from '../core/resources';
import { SparkPods } from '../core/types';
import { sizeToMebibytes } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning } from '../core/warn';
import { CelebornCluster } from '../platform/celeborn-cluster';

/**
 * Where an app's shuffle and spill data go. Pass one to a SparkApp's `shuffleStorage` prop; the
 * same object can serve several apps.
 *
 * Kubernetes has no external shuffle service for Spark, so by default shuffle files live in an
 * emptyDir without a size limit on the executor's node: a large shuffle fills the node's disk and
 * the kubelet evicts pods, and a lost executor takes its shuffle files along. The strategies:
 *
 * - `localDisk`: a size-limited emptyDir (or tmpfs) with matching ephemeral-storage requests;
 * - `hostPath`: a node's local SSD (needs a privileged namespace);
 * - `onDemandPvc`: a PersistentVolumeClaim per executor, reused by replacement executors, with
 *   Spark's `KubernetesLocalDiskShuffleDataIO` recovering their shuffle files;
 * - `s3Shuffle`: shuffle files on an object store (IBM spark-s3-shuffle);
 * - `celeborn`: a remote shuffle service (see CelebornCluster);
 * - `decommissioning`: Spark's default local dirs with block migration (also an option of each
 *   local strategy).
 *
 * Each strategy writes Spark configuration through the app (named `ShuffleStorage <kind>` in
 * conflict messages), adds pod-template parts, and so shows in `app.resources()`.
 */
export class ShuffleStorage implements ISparkFeature {
  /**
   * Local dirs on a size-limited emptyDir (node disk or tmpfs).
   *
   * Declares volume `spark-local-dir-1` through Spark's volume configuration
   * (`spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.*`; Spark uses volumes named
   * `spark-local-dir-*` as local dirs) with `sizeLimit`, and an `ephemeral-storage` request and
   * limit of size + headroom on the executor container, so the scheduler places executors on nodes
   * with room and the kubelet does not evict them for using what they asked for.
   *
   * With `tmpfs` the dir is memory-backed and its contents count against the container's memory
   * limit, which Spark sets to heap + overhead. The strategy therefore adds the tmpfs size to the
   * memory overhead: the app renders an explicit `spark.executor.memoryOverhead` of the overhead
   * Spark would have used (the app's explicit `executorMemoryOverhead`, or factor × heap with the
   * floor, computed from the final configuration) plus the tmpfs size, and `resources()` reports
   * it. `spark.kubernetes.local.dirs.tmpfs` is not set: it would also make the driver's default
   * local dir tmpfs, without a limit and without raising the driver's overhead.
   */
  public static localDisk(options: LocalDiskShuffleOptions): ShuffleStorage {
    const kind = 'local-disk';
    const owner = `ShuffleStorage ${kind}`;
    const size = positiveMib(owner, 'size', options.size);
    const headroom = sizeToMebibytes(owner, 'headroom', options.headroom ?? Size.gibibytes(2));
    const driverSize = options.driverSize ? positiveMib(owner, 'driverSize', options.driverSize) : undefined;
    const path = options.path ?? '/var/data/spark-local-dir-1';
    requireAbsolute(owner, 'path', path);
    const tmpfs = options.tmpfs ?? false;
    const decom = options.decommissioning ? validateDecommission(owner, options.decommissioning) : undefined;
    return new ShuffleStorage(kind, (app, s) => {
      const roles: Array<[SparkRole, number]> = [[SparkRole.EXECUTOR, size]];
      if (driverSize !== undefined) roles.push([SparkRole.DRIVER, driverSize]);
      for (const [role, mib] of roles) {
        const prefix = `spark.kubernetes.${role}.volumes.emptyDir.${LOCAL_DIR_VOLUME}`;
        app.addSparkConf(`${prefix}.mount.path`, path, s.featureName);
        app.addSparkConf(`${prefix}.mount.readOnly`, 'false', s.featureName);
        app.addSparkConf(`${prefix}.options.sizeLimit`, mebibytesToQuantity(mib), s.featureName);
        if (tmpfs) app.addSparkConf(`${prefix}.options.medium`, 'Memory', s.featureName);
        const ephemeralMib = (tmpfs ? 0 : mib) + headroom;
        if (headroom > 0 || !tmpfs) {
          app.addEphemeralStorage(role, Size.mebibytes(ephemeralMib), s.featureName);
        }
        // tmpfs pages count against the container's memory limit (heap + overhead).
        if (tmpfs) app.addMemoryHeadroom(role, Size.mebibytes(mib), s.featureName);
      }
      if (decom) applyDecommission(app, decom, s.featureName);
      return 'emptyDir';
    });
  }

  /**
   * Local dirs on a directory of the node (e.g. a local NVMe SSD), as a hostPath volume
   * `spark-local-dir-1` declared through Spark's volume configuration.
   *
   * hostPath volumes are forbidden by the baseline Pod Security Standard and therefore by
   * restricted too: binding fails in a SparkNamespace that enforces either, and records a warning
   * elsewhere. The directory is shared by all executors on the node and is not cleaned up when an
   * executor is killed; its space is not counted as ephemeral storage, so the scheduler does not
   * see it.
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  public static hostPath(options: HostPathShuffleOptions): ShuffleStorage {
    const kind = 'host-path';
    const owner = `ShuffleStorage ${kind}`;
    requireAbsolute(owner, 'path', options.path);
    const mountPath = options.mountPath ?? '/var/data/spark-local-dir-1';
    requireAbsolute(owner, 'mountPath', mountPath);
    const decom = options.decommissioning ? validateDecommission(owner, options.decommissioning) : undefined;
    return new ShuffleStorage(kind, (app, s) => {
      const level = app.sparkNamespace?.podSecurityEnforce;
      if (level === 'restricted' || level === 'baseline') {
        throw constructError(constructLabel('SparkApp', app), `${s.featureName} mounts a hostPath volume, which the ${level} Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace ${app.namespace} enforces ${level}; use ShuffleStorage.localDisk or ShuffleStorage.onDemandPvc, or a namespace with podSecurity privileged`);
      }
      addWarning(app, `${s.featureName} mounts hostPath ${options.path} into the executors: hostPath volumes break the baseline and restricted Pod Security Standards, the directory must be writable by the Spark user, and shuffle files of killed executors stay on the node until it is cleaned`);
      const prefix = `spark.kubernetes.executor.volumes.hostPath.${LOCAL_DIR_VOLUME}`;
      app.addSparkConf(`${prefix}.mount.path`, mountPath, s.featureName);
      app.addSparkConf(`${prefix}.mount.readOnly`, 'false', s.featureName);
      app.addSparkConf(`${prefix}.options.path`, options.path, s.featureName);
      if (decom) applyDecommission(app, decom, s.featureName);
      return 'hostPath';
    });
  }

  /**
   * A PersistentVolumeClaim per executor as its local dir, created by the driver
   * (`claimName: OnDemand`), owned by the driver and reused by replacement executors, with
   * Spark's `KubernetesLocalDiskShuffleDataIO` plugin, which finds the shuffle files of the dead
   * executor on the reused claim, so they outlive the executor.
   *
   * Sets `ownPersistentVolumeClaim`, `reusePersistentVolumeClaim` (required by the plugin) and, on
   * Spark 3.4+, `waitToReusePersistentVolumeClaim` (no new executor while the driver holds as
   * many claims as executors, which keeps the claim count at the executor count). The access mode
   * is written explicitly on versions with `spark.kubernetes.legacy.useReadWriteOnceAccessMode`
   * (3.4.3+, 3.5.1+, 4.x). The resource model counts one claim per executor in the app's peak and
   * the driver's Role gets the PersistentVolumeClaim rule.
   *
   * With dynamic allocation the plugin does not count as reliable storage: keep shuffle tracking
   * on, or add decommissioning.
   *
   * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#using-kubernetes-volumes
   */
  public static onDemandPvc(options: OnDemandPvcShuffleOptions): ShuffleStorage {
    const kind = 'on-demand-pvc';
    const owner = `ShuffleStorage ${kind}`;
    if (!options.storageClass) {
      throw constructError(owner, 'storageClass must be set: Spark creates no on-demand claim without a storage class');
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.storageClass) || options.storageClass.length > 253) {
      throw constructError(owner, `storageClass "${options.storageClass}" must be a storage class name (lower-case letters, digits, "-" and ".")`);
    }
    if (!options.size) {
      throw constructError(owner, 'size must be set: Spark creates no on-demand claim without a size');
    }
    const size = positiveMib(owner, 'size', options.size);
    const mountPath = options.mountPath ?? '/data/spark-x/executor-x';
    requireAbsolute(owner, 'mountPath', mountPath);
    const decom = options.decommissioning ? validateDecommission(owner, options.decommissioning) : undefined;
    return new ShuffleStorage(kind, (app, s) => {
      const v = app.sparkVersion;
      const mode = options.accessMode ?? (v.major >= 4 ? ClaimAccessMode.READ_WRITE_ONCE_POD : ClaimAccessMode.READ_WRITE_ONCE);
      const hasSwitch = v.major >= 4 || (v.minor === 4 && v.patch >= 3) || (v.minor === 5 && v.patch >= 1);
      if (!hasSwitch && mode === ClaimAccessMode.READ_WRITE_ONCE_POD) {
        throw constructError(constructLabel('SparkApp', app), `${s.featureName} accessMode READ_WRITE_ONCE_POD needs Spark 3.4.3+, 3.5.1+ or 4.x (spark.kubernetes.legacy.useReadWriteOnceAccessMode); Spark ${v.version} always creates ReadWriteOnce claims`);
      }
      const prefix = `spark.kubernetes.executor.volumes.persistentVolumeClaim.${LOCAL_DIR_VOLUME}`;
      const set = (k: string, val: string) => app.addSparkConf(k, val, s.featureName);
      set(`${prefix}.options.claimName`, 'OnDemand');
      set(`${prefix}.options.storageClass`, options.storageClass);
      set(`${prefix}.options.sizeLimit`, mebibytesToQuantity(size));
      set(`${prefix}.mount.path`, mountPath);
      set(`${prefix}.mount.readOnly`, 'false');
      set('spark.kubernetes.driver.ownPersistentVolumeClaim', 'true');
      set('spark.kubernetes.driver.reusePersistentVolumeClaim', 'true');
      if (v.isAtLeast('3.4')) {
        set('spark.kubernetes.driver.waitToReusePersistentVolumeClaim', 'true');
      } else {
        addWarning(app, `${s.featureName}: Spark ${v.version} cannot wait for reusable claims (spark.kubernetes.driver.waitToReusePersistentVolumeClaim is 3.4+), so while executors are replaced the app can hold more claims than executors`);
      }
      if (hasSwitch) set('spark.kubernetes.legacy.useReadWriteOnceAccessMode', `${mode === ClaimAccessMode.READ_WRITE_ONCE}`);
      set('spark.shuffle.sort.io.plugin.class', 'org.apache.spark.shuffle.KubernetesLocalDiskShuffleDataIO');
      if (decom) applyDecommission(app, decom, s.featureName);
      return 'persistentVolumeClaim';
    });
  }

  /**
   * Shuffle files on an object store with the IBM spark-s3-shuffle plugin: its shuffle manager
   * (`org.apache.spark.shuffle.sort.S3ShuffleManager`) and IO plugin (`S3ShuffleDataIO`), the root
   * dir, `spark.shuffle.checksum.enabled=false` (the plugin's README: checksums only add overhead
   * here), and S3 credentials from a Secret.
   *
   * The jars must be in the image: on Spark 3.x executors create the shuffle manager before jars
   * from `packages`/`jars` are loaded (SPARK-45762 changed that in 4.0), and the plugin is only
   * published to GitHub Packages. Needed: the plugin jar built for the app's Spark and Scala
   * version, and, with the minimal jar, `hadoop-aws` of the Spark build's Hadoop (3.3.2 for Spark
   * 3.3, 3.3.4 for 3.4 and 3.5) with the matching AWS SDK bundle. Supported: Spark 3.x (the
   * plugin has no Spark 4 build). S3A settings (endpoint, path-style access) go in the app's
   * `hadoopConf`.
   *
   * The plugin does not report reliable storage to Spark (`S3ShuffleDataIO` keeps the default of
   * `supportsReliableStorage`), so dynamic allocation still needs shuffle tracking.
   *
   * @see https://github.com/IBM/spark-s3-shuffle
   */
  public static s3Shuffle(options: S3ShuffleOptions): ShuffleStorage {
    const kind = 's3';
    const owner = `ShuffleStorage ${kind}`;
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(options.rootDir ?? '') || /^local:/i.test(options.rootDir)) {
      throw constructError(owner, `rootDir "${options.rootDir}" must be a file system URI such as s3a://bucket/shuffle/`);
    }
    if (!options.pluginJar || !/\.jar$/.test(options.pluginJar)) {
      throw constructError(owner, `pluginJar must be the path of the plugin jar in the image (e.g. /opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar), got "${options.pluginJar}"`);
    }
    for (const j of [options.pluginJar, ...(options.extraJars ?? [])]) requireAbsolute(owner, 'jar path', j);
    if (options.folderPrefixes !== undefined && (!Number.isInteger(options.folderPrefixes) || options.folderPrefixes < 1)) {
      throw constructError(owner, `folderPrefixes must be a whole number of at least 1, got ${options.folderPrefixes}`);
    }
    return new ShuffleStorage(kind, (app, s) => {
      const v = app.sparkVersion;
      if (v.major >= 4) {
        throw constructError(constructLabel('SparkApp', app), `${s.featureName} supports Spark 3.x only (the IBM spark-s3-shuffle plugin has no Spark 4 build), got Spark ${v.version}`);
      }
      if (app.sparkConfValue('spark.dynamicAllocation.enabled') === 'true' && app.sparkConfValue('spark.dynamicAllocation.shuffleTracking.enabled') !== 'true') {
        throw constructError(constructLabel('SparkApp', app), `${s.featureName} needs dynamicAllocation.shuffleTracking: the plugin does not report reliable storage to Spark, so dynamic allocation without shuffle tracking fails at start`);
      }
      const plugin = /spark-s3-shuffle_(2\.1[0-9])-(\d+\.\d+)\.\d+_/.exec(options.pluginJar);
      if (plugin && plugin[2] !== v.line) {
        throw constructError(constructLabel('SparkApp', app), `${s.featureName} pluginJar ${options.pluginJar} is built for Spark ${plugin[2]}, but the app runs Spark ${v.version}; use the plugin build for Spark ${v.line}`);
      }
      if (plugin && plugin[1] !== v.defaultScalaVersion) {
        addWarning(app, `${s.featureName}: pluginJar ${options.pluginJar} is built for Scala ${plugin[1]}; the default Spark ${v.version} build uses Scala ${v.defaultScalaVersion}, so this only works with a Scala ${plugin[1]} image`);
      }
      const hadoop = hadoopVersionOf(v);
      for (const j of options.extraJars ?? []) {
        const h = /hadoop-aws-(\d+\.\d+\.\d+)\.jar$/.exec(j);
        if (h && h[1] !== hadoop) {
          addWarning(app, `${s.featureName}: ${j} does not match the Hadoop of Spark ${v.line} builds (${hadoop}); hadoop-aws must have the exact version of the image's hadoop-client jars`);
        }
      }
      const set = (k: string, val: string) => app.addSparkConf(k, val, s.featureName);
      set('spark.shuffle.manager', 'org.apache.spark.shuffle.sort.S3ShuffleManager');
      set('spark.shuffle.sort.io.plugin.class', 'org.apache.spark.shuffle.S3ShuffleDataIO');
      set('spark.shuffle.s3.rootDir', options.rootDir);
      set('spark.shuffle.checksum.enabled', 'false');
      if (options.folderPrefixes !== undefined) set('spark.shuffle.s3.folderPrefixes', `${options.folderPrefixes}`);
      addClassPath(app, [options.pluginJar, ...(options.extraJars ?? [])], s.featureName);
      if (options.credentialsSecret) {
        app.addEnv(SparkPods.ALL, 'AWS_ACCESS_KEY_ID', SparkEnvValue.fromSecret(options.credentialsSecret, options.accessKeyIdKey ?? 'access-key-id'), s.featureName);
        app.addEnv(SparkPods.ALL, 'AWS_SECRET_ACCESS_KEY', SparkEnvValue.fromSecret(options.credentialsSecret, options.secretAccessKeyKey ?? 'secret-access-key'), s.featureName);
      }
    });
  }

  /**
   * Shuffle through an Apache Celeborn cluster (a remote shuffle service): map tasks push their
   * output to Celeborn workers, so executors hold no shuffle data and can go away at any time.
   *
   * Sets `spark.shuffle.manager=org.apache.spark.shuffle.celeborn.SparkShuffleManager`, Kryo
   * serialization, `spark.celeborn.master.endpoints` (the master pods' DNS names through the
   * cluster's headless Service), `spark.shuffle.service.enabled=false`, and turns off AQE's local
   * shuffle reader (it reads map output where it was written, which Celeborn does not support).
   *
   * Dynamic allocation: on Spark 3.5+ the `CelebornShuffleDataIO` plugin reports reliable storage,
   * so Spark scales without shuffle tracking, and the app must set
   * `dynamicAllocation.shuffleTracking: false` (binding fails otherwise: with tracking on, every
   * executor that ran a map task is kept until its shuffle is cleaned up, which defeats scaling
   * down). Before 3.5 Celeborn needs a patched Spark for that; the app keeps shuffle tracking
   * (and a warning is recorded).
   *
   * The Celeborn Spark client must be in the image: `celeborn-client-spark-3-shaded_<scala>` for
   * Spark 3.x, `celeborn-client-spark-4-shaded_2.13` for Spark 4 (Celeborn 0.6+).
   *
   * @param cluster the Celeborn cluster
   * @see https://celeborn.apache.org/docs/latest/
   */
  public static celeborn(cluster: CelebornCluster, options: CelebornShuffleOptions = {}): ShuffleStorage {
    const kind = 'celeborn';
    const owner = `ShuffleStorage ${kind}`;
    if (options.clientJar !== undefined) requireAbsolute(owner, 'clientJar', options.clientJar);
    return new ShuffleStorage(kind, (app, s) => {
      const v = app.sparkVersion;
      const who = `${constructLabel('SparkApp', app)}: ${s.featureName}`;
      const needed = v.isAtLeast('4.1') ? '0.7.0' : v.major >= 4 ? '0.6.0' : undefined;
      if (needed && compareVersions(cluster.version, needed) < 0) {
        throw constructError(who, `Spark ${v.version} needs Celeborn ${needed} or later (its celeborn-client-spark-4-shaded client), but CelebornCluster ${cluster.node.id} runs ${cluster.version}`);
      }
      if (options.clientJar) {
        checkCelebornClientJar(app, s.featureName, options.clientJar, cluster.version);
        addClassPath(app, [options.clientJar], s.featureName);
      }
      const set = (k: string, val: string) => app.addSparkConf(k, val, s.featureName);
      // A namespace that restricts egress must let the app's pods reach the cluster.
      app.sparkNamespace?.allowSparkEgressTo(`celeborn-${cluster.name}`, cluster.podLabels, cluster.clientPorts, cluster.namespace);
      set('spark.shuffle.manager', 'org.apache.spark.shuffle.celeborn.SparkShuffleManager');
      set('spark.serializer', 'org.apache.spark.serializer.KryoSerializer');
      set('spark.celeborn.master.endpoints', cluster.masterEndpoints.join(','));
      set('spark.shuffle.service.enabled', 'false');
      set('spark.sql.adaptive.localShuffleReader.enabled', 'false');
      set('spark.celeborn.client.push.replicate.enabled', `${options.pushReplicate ?? cluster.workerReplicas >= 2}`);
      if (app.sparkConfValue('spark.dynamicAllocation.enabled') === 'true') {
        const tracking = app.sparkConfValue('spark.dynamicAllocation.shuffleTracking.enabled') === 'true';
        if (v.isAtLeast('3.5')) {
          if (tracking) {
            throw constructError(constructLabel('SparkApp', app), `${s.featureName} needs dynamicAllocation.shuffleTracking: false on Spark 3.5+: the shuffle data lives in Celeborn, and tracking would keep every executor that ran a map task until its shuffle is cleaned up`);
          }
          set('spark.shuffle.sort.io.plugin.class', 'org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO');
        } else {
          addWarning(app, `${s.featureName}: dynamic allocation with Celeborn without shuffle tracking needs Spark 3.5+ (or Celeborn's Spark patch); on Spark ${v.version} shuffle tracking stays on, so executors that ran map tasks are only released after dynamicAllocation.shuffleTrackingTimeout`);
        }
      }
    });
  }

  /**
   * Executor decommissioning on Spark's default local dirs: `spark.decommission.enabled`,
   * `spark.storage.decommission.enabled` with shuffle and RDD block migration, an optional
   * fallback storage path, and a `terminationGracePeriodSeconds` on the executor pods long enough
   * for the migration (Spark's preStop hook runs `/opt/decom.sh`, shipped in the official images).
   * Also available as the `decommissioning` option of the other local strategies.
   *
   * With shuffle block migration, dynamic allocation works without shuffle tracking.
   */
  public static decommissioning(options: DecommissionOptions = {}): ShuffleStorage {
    const kind = 'decommissioning';
    const decom = validateDecommission(`ShuffleStorage ${kind}`, options);
    return new ShuffleStorage(kind, (app, s) => applyDecommission(app, decom, s.featureName));
  }

  /** `ShuffleStorage <kind>`, the source named in configuration conflicts. */
  public readonly featureName: string;
  /** The strategy: local-disk, host-path, on-demand-pvc, s3, celeborn or decommissioning. */
  public readonly kind: string;
  /** Applies the strategy; returns the volume type of the local dir it declares, if any. */
  private readonly binder: (app: ISparkApp, s: ShuffleStorage) => string | void;

  private constructor(kind: string, binder: (app: ISparkApp, s: ShuffleStorage) => string | void) {
    this.kind = kind;
    this.featureName = `ShuffleStorage ${kind}`;
    this.binder = binder;
    Object.defineProperty(this, SHUFFLE_STORAGE_MARKER, { value: true });
  }

  /**
   * `ShuffleStorage <kind>`.
   * @deprecated use featureName
   */
  public get addonName(): string {
    return this.featureName;
  }

  /**
   * Applies the strategy to an app. Called by the app (once per app); not for direct use.
   */
  public bind(app: ISparkApp): void {
    const other = app.features.find(a => a !== this && isShuffleStorage(a));
    if (other) {
      throw constructError(constructLabel('SparkApp', app), `${this.featureName} cannot be added, the app already uses ${other.featureName}; an app has one shuffle storage`);
    }
    const localDirType = this.binder(app, this);
    if (localDirType) {
      const name = this.featureName;
      app.node.addValidation({ validate: () => checkLocalDirVolumes(app, name, localDirType) });
    }
  }
}

function positiveMib(owner: string, prop: string, size: Size): number {
  const mib = sizeToMebibytes(owner, prop, size);
  if (mib < 1) throw constructError(owner, `${prop} must be at least 1 MiB, got ${mib} MiB`);
  return mib;
}

function requireAbsolute(owner: string, prop: string, path: string) {
  if (!path || !path.startsWith('/') || /\s/.test(path)) {
    throw constructError(owner, `${prop} "${path}" must be an absolute path without spaces`);
  }
}

interface ValidDecommission {
  readonly options: DecommissionOptions;
  readonly graceSeconds: number;
}

function validateDecommission(owner: string, o: DecommissionOptions): ValidDecommission {
  const p = o.fallbackStoragePath;
  if (p !== undefined) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(p) || /^(file|local):/i.test(p)) {
      throw constructError(owner, `decommissioning fallbackStoragePath "${p}" must be an object-store or distributed file system URI such as s3a://bucket/spark-fallback/ (executors on other nodes read it)`);
    }
    if (!p.endsWith('/')) {
      throw constructError(owner, `decommissioning fallbackStoragePath "${p}" must end with "/" (Spark rejects it otherwise); use "${p}/"`);
    }
  }
  if (o.cleanUpFallbackStorage !== undefined && p === undefined) {
    throw constructError(owner, 'decommissioning cleanUpFallbackStorage applies only with a fallbackStoragePath');
  }
  const ms = (o.gracePeriod ?? Duration.minutes(5)).toMilliseconds();
  if (ms < 1000 || ms % 1000 !== 0) {
    throw constructError(owner, `decommissioning gracePeriod must be a whole number of seconds of at least 1, got ${ms / 1000}s`);
  }
  return { options: o, graceSeconds: ms / 1000 };
}

function applyDecommission(app: ISparkApp, d: ValidDecommission, source: string) {
  const set = (k: string, v: string) => app.addSparkConf(k, v, source);
  set('spark.decommission.enabled', 'true');
  set('spark.storage.decommission.enabled', 'true');
  set('spark.storage.decommission.shuffleBlocks.enabled', 'true');
  set('spark.storage.decommission.rddBlocks.enabled', `${d.options.rddBlocks ?? true}`);
  if (d.options.fallbackStoragePath !== undefined) {
    set('spark.storage.decommission.fallbackStorage.path', d.options.fallbackStoragePath);
    set('spark.storage.decommission.fallbackStorage.cleanUp', `${d.options.cleanUpFallbackStorage ?? true}`);
  }
  app.addTerminationGracePeriod(SparkPods.EXECUTORS, Duration.seconds(d.graceSeconds), source);
}

/** Jars outside /opt/spark/jars go on the driver and executor class path. */
function addClassPath(app: ISparkApp, jars: string[], source: string) {
  const extra = jars.filter(j => !/^\/opt\/spark\/jars\/[^/]+$/.test(j));
  if (extra.length === 0) return;
  app.addSparkConfListEntries('spark.driver.extraClassPath', extra, source);
  app.addSparkConfListEntries('spark.executor.extraClassPath', extra, source);
}

/** Hadoop version of the official Spark builds (hadoop-aws must match it exactly). */
function hadoopVersionOf(v: SparkVersion): string {
  if (v.major >= 4) return '3.4.1';
  return v.minor <= 3 ? '3.3.2' : '3.3.4';
}

/** A volume named spark-local-dir-1 of another type (e.g. from sparkConf) would clash with ours. */
function checkLocalDirVolumes(app: ISparkApp, name: string, ours: string): string[] {
  const errors: string[] = [];
  const re = new RegExp(`^spark\\.kubernetes\\.(driver|executor)\\.volumes\\.([A-Za-z]+)\\.${LOCAL_DIR_VOLUME}\\.`);
  const seen = new Set<string>();
  for (const k of app.sparkConfKeys()) {
    const m = re.exec(k);
    if (m && m[2] !== ours && !seen.has(`${m[1]}.${m[2]}`)) {
      seen.add(`${m[1]}.${m[2]}`);
      errors.push(`${constructLabel('SparkApp', app)}: ${name} declares volume ${LOCAL_DIR_VOLUME} as ${ours}, and ${app.sparkConfSource(k)} declares a ${m[2]} volume of the same name (${k}); remove it, the shuffle storage owns the local dir`);
    }
  }
  return errors;
}
