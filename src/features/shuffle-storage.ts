import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  CELEBORN_CLUSTER, CELEBORN_SHAPE, DECOMMISSION_SHAPE, HOST_PATH_SHAPE, LOCAL_DISK_SHAPE, ON_DEMAND_PVC_SHAPE, S3_SHAPE,
} from './shuffle-shapes';
import { CelebornShuffleOptions, ClaimAccessMode, DecommissionOptions, HostPathShuffleOptions, LocalDiskShuffleOptions, OnDemandPvcShuffleOptions, S3ShuffleOptions } from './shuffle-storage-options';
import {
  checkCelebornClientJar, compareVersions, confGetBoolean, confGetInt, isShuffleStorage, LOCAL_DIR_VOLUME, SHUFFLE_STORAGE_MARKER,
  sparkBoolean,
} from './shuffle-util';
import { checkProps, closest, Check, Shape } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructError, constructLabel, formatValue, propError } from '../core/errors';
import { mebibytesToQuantity } from '../core/model';
import { SparkEnvValue } from '../core/pod';
import { SparkRole } from '../core/resources';
import { SparkPods } from '../core/types';
import { keyProp, sizeToMebibytes } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning, addWarningProducer } from '../core/warn';
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
    checkProps({ owner }, options, 'LocalDiskShuffleOptions', LOCAL_DISK_SHAPE);
    const size = sizeToMebibytes(owner, 'size', options.size);
    const headroom = sizeToMebibytes(owner, 'headroom', options.headroom ?? Size.gibibytes(2));
    const driverSize = options.driverSize ? sizeToMebibytes(owner, 'driverSize', options.driverSize) : undefined;
    const path = options.path ?? '/var/data/spark-local-dir-1';
    const tmpfs = options.tmpfs ?? false;
    const decom = options.decommissioning ? validateDecommission(owner, 'decommissioning.', options.decommissioning) : undefined;
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
      return { type: 'emptyDir', mountPath: path, pathProp: 'path', roles: roles.map(([r]) => r), tmpfsProp: true };
    }, recheck(owner, options, 'LocalDiskShuffleOptions', LOCAL_DISK_SHAPE));
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
    checkProps({ owner }, options, 'HostPathShuffleOptions', HOST_PATH_SHAPE);
    const mountPath = options.mountPath ?? '/var/data/spark-local-dir-1';
    const decom = options.decommissioning ? validateDecommission(owner, 'decommissioning.', options.decommissioning) : undefined;
    return new ShuffleStorage(kind, (app, s) => {
      const level = app.sparkNamespace?.podSecurityEnforce;
      if (level === 'restricted' || level === 'baseline') {
        throw propError(constructLabel('SparkApp', app), `${s.featureName} path`, options.path,
          `is mounted as a hostPath volume, which the ${level} Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace ${app.namespace} enforces ${level}`,
          'use ShuffleStorage.localDisk or ShuffleStorage.onDemandPvc, or a namespace with podSecurity privileged');
      }
      addWarning(app, `${s.featureName} mounts hostPath ${options.path} into the executors: hostPath volumes break the baseline and restricted Pod Security Standards, the directory must be writable by the Spark user, and shuffle files of killed executors stay on the node until it is cleaned`, 'host-path-volume');
      const prefix = `spark.kubernetes.executor.volumes.hostPath.${LOCAL_DIR_VOLUME}`;
      app.addSparkConf(`${prefix}.mount.path`, mountPath, s.featureName);
      app.addSparkConf(`${prefix}.mount.readOnly`, 'false', s.featureName);
      app.addSparkConf(`${prefix}.options.path`, options.path, s.featureName);
      if (decom) applyDecommission(app, decom, s.featureName);
      return { type: 'hostPath', mountPath, pathProp: 'mountPath', roles: [SparkRole.EXECUTOR] };
    }, recheck(owner, options, 'HostPathShuffleOptions', HOST_PATH_SHAPE));
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
   * the driver's Role gets the PersistentVolumeClaim rule. With `driverSize` the driver gets an
   * on-demand claim of its own as its local dir (created by spark-submit, owned by the driver pod).
   *
   * With dynamic allocation the plugin does not count as reliable storage: keep shuffle tracking
   * on, or add decommissioning.
   *
   * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#using-kubernetes-volumes
   */
  public static onDemandPvc(options: OnDemandPvcShuffleOptions): ShuffleStorage {
    const kind = 'on-demand-pvc';
    const owner = `ShuffleStorage ${kind}`;
    checkProps({ owner }, options, 'OnDemandPvcShuffleOptions', ON_DEMAND_PVC_SHAPE);
    const size = sizeToMebibytes(owner, 'size', options.size);
    const driverSize = options.driverSize ? sizeToMebibytes(owner, 'driverSize', options.driverSize) : undefined;
    const mountPath = options.mountPath ?? '/data/spark-x/executor-x';
    const decom = options.decommissioning ? validateDecommission(owner, 'decommissioning.', options.decommissioning) : undefined;
    return new ShuffleStorage(kind, (app, s) => {
      const v = app.sparkVersion;
      const mode = options.accessMode ?? (v.major >= 4 ? ClaimAccessMode.READ_WRITE_ONCE_POD : ClaimAccessMode.READ_WRITE_ONCE);
      const hasSwitch = v.major >= 4 || (v.minor === 4 && v.patch >= 3) || (v.minor === 5 && v.patch >= 1);
      if (!hasSwitch && mode === ClaimAccessMode.READ_WRITE_ONCE_POD) {
        throw propError(constructLabel('SparkApp', app), `${s.featureName} accessMode`, mode,
          `needs Spark 3.4.3+, 3.5.1+ or 4.x (spark.kubernetes.legacy.useReadWriteOnceAccessMode), and Spark ${v.version} always creates ReadWriteOnce claims`,
          'use ClaimAccessMode.READ_WRITE_ONCE, or a Spark version with the switch');
      }
      // KubernetesLocalDiskShuffleExecutorComponents.recoverDiskStore scans
      // <grandparent of each local dir>/spark-*/*/blockmgr-*/*/ for the files of dead executors.
      const parts = mountPath.split('/').filter(x => x !== '');
      if (parts.length < 2 || !parts[parts.length - 2].startsWith('spark-')) {
        addWarning(app, `${s.featureName}: mountPath ${mountPath} has no parent directory named spark-*, and KubernetesLocalDiskShuffleDataIO looks for the shuffle files of dead executors only in <dir>/spark-*/*/blockmgr-* two levels above each local dir, so it recovers nothing from reused claims; use a path such as /data/spark-x/executor-x`, 'shuffle-recovery-path');
      }
      const set = (k: string, val: string) => app.addSparkConf(k, val, s.featureName);
      const roles: Array<[SparkRole, number]> = [[SparkRole.EXECUTOR, size]];
      if (driverSize !== undefined) roles.push([SparkRole.DRIVER, driverSize]);
      for (const [role, mib] of roles) {
        const prefix = `spark.kubernetes.${role}.volumes.persistentVolumeClaim.${LOCAL_DIR_VOLUME}`;
        set(`${prefix}.options.claimName`, 'OnDemand');
        set(`${prefix}.options.storageClass`, options.storageClass);
        set(`${prefix}.options.sizeLimit`, mebibytesToQuantity(mib));
        set(`${prefix}.mount.path`, mountPath);
        set(`${prefix}.mount.readOnly`, 'false');
      }
      set('spark.kubernetes.driver.ownPersistentVolumeClaim', 'true');
      set('spark.kubernetes.driver.reusePersistentVolumeClaim', 'true');
      if (v.isAtLeast('3.4')) {
        set('spark.kubernetes.driver.waitToReusePersistentVolumeClaim', 'true');
      } else {
        addWarning(app, `${s.featureName}: Spark ${v.version} cannot wait for reusable claims (spark.kubernetes.driver.waitToReusePersistentVolumeClaim is 3.4+), so while executors are replaced the app can hold more claims than executors`, 'pvc-reuse-without-wait');
      }
      if (hasSwitch) set('spark.kubernetes.legacy.useReadWriteOnceAccessMode', `${mode === ClaimAccessMode.READ_WRITE_ONCE}`);
      set('spark.shuffle.sort.io.plugin.class', 'org.apache.spark.shuffle.KubernetesLocalDiskShuffleDataIO');
      if (decom) applyDecommission(app, decom, s.featureName);
      return { type: 'persistentVolumeClaim', mountPath, pathProp: 'mountPath', roles: roles.map(([r]) => r) };
    }, recheck(owner, options, 'OnDemandPvcShuffleOptions', ON_DEMAND_PVC_SHAPE));
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
   * `supportsReliableStorage`), so dynamic allocation still needs shuffle tracking (or
   * decommissioning with shuffle block migration), as the app checks.
   *
   * The plugin's own keys in `sparkConf` (`spark.shuffle.s3.*`) are read as the plugin reads them
   * (`SparkConf.getInt`/`getBoolean`: no spaces): values it cannot parse are errors, unknown keys
   * warnings.
   *
   * @see https://github.com/IBM/spark-s3-shuffle
   */
  public static s3Shuffle(options: S3ShuffleOptions): ShuffleStorage {
    const kind = 's3';
    const owner = `ShuffleStorage ${kind}`;
    checkProps({ owner }, options, 'S3ShuffleOptions', S3_SHAPE);
    if (options.credentialsSecret === undefined) {
      for (const prop of ['accessKeyIdKey', 'secretAccessKeyKey'] as const) {
        if (options[prop] !== undefined) {
          throw propError(owner, prop, options[prop], 'applies only with a credentialsSecret', `set credentialsSecret, or remove ${prop}`);
        }
      }
    }
    return new ShuffleStorage(kind, (app, s) => {
      const v = app.sparkVersion;
      if (v.major >= 4) {
        throw propError(constructLabel('SparkApp', app), 'sparkVersion', v.version,
          `is not supported by ${s.featureName}, which supports Spark 3.x only (the IBM spark-s3-shuffle plugin has no Spark 4 build)`,
          'use Spark 3.x, or another shuffle storage such as ShuffleStorage.celeborn or ShuffleStorage.onDemandPvc');
      }
      // The plugin does not report reliable storage, so dynamic allocation needs shuffle tracking or
      // decommissioning like any app without a shuffle service: the app checks that on its final conf.
      const plugin = /spark-s3-shuffle_(2\.1[0-9])-(\d+\.\d+)\.\d+_/.exec(options.pluginJar);
      if (plugin && plugin[2] !== v.line) {
        throw propError(constructLabel('SparkApp', app), `${s.featureName} pluginJar`, options.pluginJar,
          `is built for Spark ${plugin[2]}, but the app runs Spark ${v.version}`, `use the plugin build for Spark ${v.line}`);
      }
      if (plugin && plugin[1] !== v.defaultScalaVersion) {
        addWarning(app, `${s.featureName}: pluginJar ${options.pluginJar} is built for Scala ${plugin[1]}; the default Spark ${v.version} build uses Scala ${v.defaultScalaVersion}, so this only works with a Scala ${plugin[1]} image`, 'plugin-scala-version');
      }
      const hadoop = hadoopVersionOf(v);
      for (const j of options.extraJars ?? []) {
        const h = /hadoop-aws-(\d+\.\d+\.\d+)\.jar$/.exec(j);
        if (h && h[1] !== hadoop) {
          addWarning(app, `${s.featureName}: ${j} does not match the Hadoop of Spark ${v.line} builds (${hadoop}); hadoop-aws must have the exact version of the image's hadoop-client jars`, 'hadoop-aws-version');
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
      // Plugin keys from sparkConf are only known once the app is complete.
      app.node.addValidation({ validate: () => s3PluginKeys(app, s.featureName).errors });
      addWarningProducer(app, () => s3PluginKeys(app, s.featureName).warnings);
    }, recheck(owner, options, 'S3ShuffleOptions', S3_SHAPE));
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
   * so Spark scales without shuffle tracking, and the app should set
   * `dynamicAllocation.shuffleTracking: false` (a warning is recorded otherwise: with tracking on,
   * every executor that ran a map task is kept until its shuffle is cleaned up, which defeats
   * scaling down). Before 3.5 Celeborn needs a patched Spark for that; the app keeps shuffle
   * tracking (and a warning is recorded).
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
    verifyArg(owner, 'cluster', CELEBORN_CLUSTER, cluster);
    checkProps({ owner }, options, 'CelebornShuffleOptions', CELEBORN_SHAPE);
    const opts = options ?? {};
    if (opts.pushReplicate === true && cluster.workerReplicas < 2) {
      throw propError(owner, 'pushReplicate', true,
        `needs at least two Celeborn workers (a replica goes to another worker), and CelebornCluster ${cluster.node.id} has ${cluster.workerReplicas}`,
        `set pushReplicate to false, or workerReplicas to 2 or more on CelebornCluster ${cluster.node.id}`);
    }
    return new ShuffleStorage(kind, (app, s) => {
      const v = app.sparkVersion;
      const needed = v.isAtLeast('4.1') ? '0.7.0' : v.major >= 4 ? '0.6.0' : undefined;
      if (needed && compareVersions(cluster.version, needed) < 0) {
        throw propError(constructLabel('SparkApp', app), 'sparkVersion', v.version,
          `needs Celeborn ${needed} or later (its celeborn-client-spark-4-shaded client), but CelebornCluster ${cluster.node.id} runs ${cluster.version}`,
          `set version to ${needed} or later on CelebornCluster ${cluster.node.id}, or use an older Spark`);
      }
      if (opts.clientJar) {
        checkCelebornClientJar(app, s.featureName, opts.clientJar, cluster.version);
        addClassPath(app, [opts.clientJar], s.featureName);
      }
      const set = (k: string, val: string) => app.addSparkConf(k, val, s.featureName);
      // A namespace that restricts egress must let the app's pods reach the cluster.
      app.sparkNamespace?.allowSparkEgressTo(`celeborn-${cluster.name}`, cluster.podLabels, cluster.clientPorts, cluster.namespace);
      set('spark.shuffle.manager', 'org.apache.spark.shuffle.celeborn.SparkShuffleManager');
      set('spark.serializer', 'org.apache.spark.serializer.KryoSerializer');
      set('spark.celeborn.master.endpoints', cluster.masterEndpoints.join(','));
      set('spark.shuffle.service.enabled', 'false');
      set('spark.sql.adaptive.localShuffleReader.enabled', 'false');
      set('spark.celeborn.client.push.replicate.enabled', `${opts.pushReplicate ?? cluster.workerReplicas >= 2}`);
      const conf = (k: string) => sparkBoolean(app.sparkConfValue(k));
      if (conf('spark.dynamicAllocation.enabled') === true) {
        if (v.isAtLeast('3.5')) {
          if (conf('spark.dynamicAllocation.shuffleTracking.enabled') === true) {
            // Spark runs, but scales down poorly: a warning, not an error.
            addWarning(app, `dynamicAllocation.shuffleTracking is on, but ${s.featureName} on Spark 3.5+ scales without it: the shuffle data lives in Celeborn, and tracking keeps every executor that ran a map task until its shuffle is cleaned up (or shuffleTrackingTimeout passes); set dynamicAllocation.shuffleTracking to false`, 'celeborn-shuffle-tracking-on');
          }
          set('spark.shuffle.sort.io.plugin.class', 'org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO');
        } else {
          addWarning(app, `${s.featureName}: dynamic allocation with Celeborn without shuffle tracking needs Spark 3.5+ (or Celeborn's Spark patch); on Spark ${v.version} shuffle tracking stays on, so executors that ran map tasks are only released after dynamicAllocation.shuffleTrackingTimeout`, 'celeborn-shuffle-tracking');
        }
      }
    }, recheck(owner, options, 'CelebornShuffleOptions', CELEBORN_SHAPE));
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
    const owner = `ShuffleStorage ${kind}`;
    checkProps({ owner }, options, 'DecommissionOptions', DECOMMISSION_SHAPE);
    const decom = validateDecommission(owner, '', options ?? {});
    return new ShuffleStorage(kind, (app, s) => applyDecommission(app, decom, s.featureName),
      recheck(owner, options, 'DecommissionOptions', DECOMMISSION_SHAPE));
  }

  /** `ShuffleStorage <kind>`, the source named in configuration conflicts. */
  public readonly featureName: string;
  /** The strategy: local-disk, host-path, on-demand-pvc, s3, celeborn or decommissioning. */
  public readonly kind: string;
  /** Applies the strategy; returns the local dir it declares, if any. */
  private readonly binder: (app: ISparkApp, s: ShuffleStorage) => LocalDir | void;
  /** Checks the options again with the app as scope, so their warnings are recorded on it. */
  private readonly recheck: (scope: IConstruct) => void;

  private constructor(kind: string, binder: (app: ISparkApp, s: ShuffleStorage) => LocalDir | void, recheckOptions: (scope: IConstruct) => void) {
    this.kind = kind;
    this.featureName = `ShuffleStorage ${kind}`;
    this.binder = binder;
    this.recheck = recheckOptions;
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
      // The two can come from shuffleStorage, features or addFeature: no single prop to name.
      throw constructError(constructLabel('SparkApp', app), `${this.featureName} cannot be added, the app already uses ${other.featureName} (an app has one shuffle storage); keep one of them`);
    }
    // The factory had no construct to record warnings on (unknown props, absurd figures).
    this.recheck(app);
    const localDir = this.binder(app, this);
    if (localDir) {
      const name = this.featureName;
      app.node.addValidation({ validate: () => checkLocalDirVolumes(app, name, localDir) });
      addWarningProducer(app, () => ignoredLocalDirKeys(app, name, localDir));
    }
  }
}

/** The local dir a strategy declares as volume `spark-local-dir-1`. */
interface LocalDir {
  /** Spark's volume type: emptyDir, hostPath, persistentVolumeClaim. */
  readonly type: string;
  readonly mountPath: string;
  /** The option that sets the mount path. */
  readonly pathProp: string;
  /** The roles that mount it. */
  readonly roles: SparkRole[];
  /** The strategy has its own tmpfs option. */
  readonly tmpfsProp?: boolean;
}

/** Replays a factory's checks with a construct as scope: their warnings go on it. */
function recheck(owner: string, options: unknown, typeName: string, shape: Shape): (scope: IConstruct) => void {
  return scope => checkProps({ owner, scope }, options, typeName, shape);
}

/** Checks a positional argument of a factory (present and of its type). */
function verifyArg(owner: string, name: string, c: Check, value: unknown): void {
  if (value === undefined) throw propError(owner, name, value, 'is required', `give ${c.expected}`);
  c.verify({ owner }, name, value);
}

interface ValidDecommission {
  readonly options: DecommissionOptions;
  readonly graceSeconds: number;
}

/**
 * Cross-prop checks of decommissioning options whose shape was checked. `prefix` is the path of
 * the options in the factory's options: `decommissioning.` or none.
 */
function validateDecommission(owner: string, prefix: string, o: DecommissionOptions): ValidDecommission {
  if (o.cleanUpFallbackStorage !== undefined && o.fallbackStoragePath === undefined) {
    throw propError(owner, `${prefix}cleanUpFallbackStorage`, o.cleanUpFallbackStorage, 'applies only with a fallbackStoragePath',
      `set ${prefix}fallbackStoragePath, or remove ${prefix}cleanUpFallbackStorage`);
  }
  const ms = (o.gracePeriod ?? Duration.minutes(5)).toMilliseconds();
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

/** Who set a key, as messages put it before the problem: `(set by sparkConf) `. */
function setBy(app: ISparkApp, key: string): string {
  return `(set by ${app.sparkConfSource(key)}) `;
}

function withoutTrailingSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/**
 * Volumes from Spark conf (e.g. raw sparkConf) that clash with the local dir: one named
 * spark-local-dir-1 of another type, or another volume mounted at its path (Kubernetes requires
 * unique mount paths per container).
 */
function checkLocalDirVolumes(app: ISparkApp, name: string, dir: LocalDir): string[] {
  const errors: string[] = [];
  const owner = constructLabel('SparkApp', app);
  const re = /^spark\.kubernetes\.(driver|executor)\.volumes\.([A-Za-z]+)\.([^.]+)\.(.+)$/;
  const seen = new Set<string>();
  for (const k of app.sparkConfKeys()) {
    const m = re.exec(k);
    if (!m) continue;
    const [, role, type, volume, rest] = m;
    if (volume === LOCAL_DIR_VOLUME) {
      if (type !== dir.type && !seen.has(`${role}.${type}`)) {
        seen.add(`${role}.${type}`);
        errors.push(propError(owner, keyProp('sparkConf', k), app.sparkConfValue(k),
          `${setBy(app, k)}declares a ${type} volume ${LOCAL_DIR_VOLUME}, and ${name} declares that volume as ${dir.type}`,
          'remove the key; the shuffle storage owns the local dir').message);
      }
    } else if (rest === 'mount.path' && dir.roles.includes(role as SparkRole)) {
      const path = app.sparkConfValue(k) ?? '';
      if (withoutTrailingSlash(path) === withoutTrailingSlash(dir.mountPath)) {
        errors.push(propError(owner, keyProp('sparkConf', k), path,
          `${setBy(app, k)}mounts volume ${volume} where ${name} mounts its local dir ${LOCAL_DIR_VOLUME} (the mount paths of a container must be unique)`,
          `mount it elsewhere, or give ${name} another ${dir.pathProp}`).message);
      }
    }
  }
  return errors;
}

/** Keys Spark ignores where a volume named spark-local-dir-* is mounted (LocalDirsFeatureStep). */
function ignoredLocalDirKeys(app: ISparkApp, name: string, dir: LocalDir): string[] {
  const warnings: string[] = [];
  const pods = dir.roles.includes(SparkRole.DRIVER) ? 'the driver and the executors' : 'the executors';
  const localDir = app.sparkConfValue('spark.local.dir');
  if (localDir !== undefined) {
    warnings.push(`${keyProp('sparkConf', 'spark.local.dir')} ${formatValue(localDir)} ${setBy(app, 'spark.local.dir')}is ignored by ${pods}: `
      + `Spark uses the mount paths of volumes named spark-local-dir-* as local dirs when there are any, here ${name}'s ${dir.mountPath}`
      + `${dir.roles.includes(SparkRole.DRIVER) ? '; remove the key' : ' (the driver still uses the key)'} [local-dir-ignored]`);
  }
  const tmpfsKey = 'spark.kubernetes.local.dirs.tmpfs';
  if (sparkBoolean(app.sparkConfValue(tmpfsKey)) === true) {
    warnings.push(`${keyProp('sparkConf', tmpfsKey)} ${formatValue(app.sparkConfValue(tmpfsKey))} ${setBy(app, tmpfsKey)}does not apply to ${pods}: `
      + `it only sets the medium of the local dirs Spark creates itself, and they use ${name}'s ${LOCAL_DIR_VOLUME}`
      + `${dir.tmpfsProp ? '; set tmpfs: true on ShuffleStorage.localDisk instead' : ''} [local-dirs-tmpfs-ignored]`);
  }
  return warnings;
}

/** The keys the spark-s3-shuffle plugin reads, with how it reads them (S3ShuffleDispatcher). */
const S3_PLUGIN_KEYS: ReadonlyMap<string, 'int' | 'boolean' | 'string'> = new Map([
  ['rootDir', 'string'], ['useSparkShuffleFetch', 'boolean'], ['bufferSize', 'int'], ['maxBufferSizeTask', 'int'],
  ['maxConcurrencyTask', 'int'], ['cachePartitionLengths', 'boolean'], ['cacheChecksums', 'boolean'], ['cleanup', 'boolean'],
  ['folderPrefixes', 'int'], ['alwaysCreateIndex', 'boolean'], ['useBlockManager', 'boolean'], ['forceBatchFetch', 'boolean'],
] as const);

/**
 * The `spark.shuffle.s3.*` keys of the final conf as the plugin reads them: values it cannot
 * parse (it fails at start), a folderPrefixes below 1, useSparkShuffleFetch (which swaps rootDir
 * for the fallback storage path), and keys it does not know.
 */
function s3PluginKeys(app: ISparkApp, name: string): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const owner = constructLabel('SparkApp', app);
  const prefix = 'spark.shuffle.s3.';
  for (const key of app.sparkConfKeys().filter(k => k.startsWith(prefix))) {
    const short = key.slice(prefix.length);
    const kind = S3_PLUGIN_KEYS.get(short);
    const value = app.sparkConfValue(key)!;
    const prop = keyProp('sparkConf', key);
    if (kind === undefined) {
      const near = closest(short, [...S3_PLUGIN_KEYS.keys()]);
      warnings.push(`${prop} is not read by the spark-s3-shuffle plugin of ${name} and has no effect${near ? `; did you mean ${prefix}${near}?` : ''} [unknown-plugin-key]`);
    } else if (kind === 'int') {
      const n = confGetInt(value);
      if (n === undefined) {
        errors.push(propError(owner, prop, value, `${setBy(app, key)}is not a whole number the plugin can read (SparkConf.getInt: digits within int32, no spaces), so executors fail at start`,
          `write it as digits, e.g. "${short === 'folderPrefixes' ? 10 : 8388608}"`).message);
      } else if (short === 'folderPrefixes' && n < 1) {
        errors.push(propError(owner, prop, value, `${setBy(app, key)}must be at least 1 (the plugin spreads files over map id modulo the prefix count)`,
          `use folderPrefixes on ${name}, e.g. 10`).message);
      }
    } else if (kind === 'boolean') {
      const b = confGetBoolean(value);
      if (b === 'invalid') {
        errors.push(propError(owner, prop, value, `${setBy(app, key)}is not a boolean the plugin can read (SparkConf.getBoolean: true or false, no spaces), so executors fail at start`,
          'use "true" or "false"').message);
      } else if (short === 'useSparkShuffleFetch' && b) {
        const fallback = 'spark.storage.decommission.fallbackStorage.path';
        if (app.sparkConfValue(fallback) === undefined) {
          errors.push(propError(owner, prop, value, `${setBy(app, key)}makes the plugin keep shuffle files under ${fallback} instead of rootDir, and that key is not set, so the plugin fails at start`,
            `set ${fallback} (e.g. through ShuffleStorage.decommissioning), or remove the key`).message);
        } else {
          warnings.push(`${prop} ${formatValue(value)} makes the plugin keep shuffle files under spark.storage.decommission.fallbackStorage.path, so ${name}'s rootDir is not used [s3-root-dir-ignored]`);
        }
      }
    }
  }
  return { errors, warnings };
}
