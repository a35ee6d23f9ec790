import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { findAll, findOne, kinds, synth } from './util';
import {
  PodResources, SparkApp, SparkAppProps, SparkDriverIdentity, SparkVersion, SparkWarnings, TaintEffect, TolerationOperator,
  ClaimAccessMode, ShuffleStorage,
} from '../src';
import { registeredShapes } from '../src/core/check';
import { ISparkNamespace } from '../src/core/contracts';
import { warningsOf } from '../src/core/warn';
import { CelebornCluster, CelebornClusterProps } from '../src/platform/celeborn-cluster';

const V33 = SparkVersion.of('3.3.4');
const V34 = SparkVersion.of('3.4.4');
const V35 = SparkVersion.of('3.5.5');
const V40 = SparkVersion.of('4.0.1');
const V41 = SparkVersion.of('4.1.0');

const BASE: SparkAppProps = {
  sparkVersion: V35,
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

function make(props: Partial<SparkAppProps>, id = 'Etl', chart: Chart = Testing.chart()) {
  const v = props.sparkVersion ?? V35;
  const image = props.image ?? `apache/spark:${v.version}`;
  // The examples jar of the image's own Spark build (SparkApp rejects a jar of another version).
  const mainApplicationFile = `local:///opt/spark/examples/jars/spark-examples_${v.defaultScalaVersion}-${v.version}.jar`;
  const app = new SparkApp(chart, id, { ...BASE, image, mainApplicationFile, ...props } as SparkAppProps);
  return { chart, app };
}

function spec(chart: Chart): any {
  return findOne(synth(chart), 'SparkApplication').spec;
}

function expectError(props: Partial<SparkAppProps>, message: string) {
  expect(() => synth(make(props).chart)).toThrow(message);
}

/** A minimal SparkNamespace stand-in. */
class FakeNamespace extends Construct implements ISparkNamespace {
  public readonly namespaceName = 'tenant';
  public readonly tierNames: string[] = [];
  public readonly driverIdentity: SparkDriverIdentity;
  public readonly workloads = new Map<string, PodResources[]>();
  public readonly requiresCpuLimits = false;
  public readonly restrictsEgress = false;
  public readonly apiServerCidrs = ['0.0.0.0/0'];
  public readonly appFeatures = [];
  constructor(scope: Construct, id: string, public readonly podSecurityEnforce: string) {
    super(scope, id);
    this.driverIdentity = new SparkDriverIdentity(this, 'Identity', { namespace: 'tenant' });
  }
  public registerApp(): string | undefined {
    return undefined;
  }
  public allowMetricsScraping(): void {}
  public allowSparkEgressTo(): void {}
  public allowSparkEgressToPorts(): void {}
  public registerWorkload(name: string, pods: PodResources[]): void {
    this.workloads.set(name, pods);
  }
}

const PVC = ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(200) });

function celeborn(props: Partial<CelebornClusterProps> = {}, chart: Chart = Testing.chart()) {
  const cluster = new CelebornCluster(chart, 'Celeborn', { storageClassName: 'fast-ssd', ...props });
  return { chart, cluster };
}

describe('snapshots', () => {
  test('local disk: a size-limited emptyDir local dir and ephemeral storage on the executors', () => {
    const { chart } = make({ shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(50) }) });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('local disk on tmpfs for driver and executors', () => {
    const { chart } = make({
      executorMemory: Size.gibibytes(4),
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(8), tmpfs: true, driverSize: Size.gibibytes(1), headroom: Size.gibibytes(1) }),
    });
    expect(spec(chart)).toMatchSnapshot();
  });

  test('hostPath on a local SSD', () => {
    const { chart } = make({ shuffleStorage: ShuffleStorage.hostPath({ path: '/mnt/nvme0/spark' }) });
    expect(spec(chart)).toMatchSnapshot();
  });

  test('on-demand PVCs with decommissioning', () => {
    const { chart } = make({
      shuffleStorage: ShuffleStorage.onDemandPvc({
        storageClass: 'gp3',
        size: Size.gibibytes(200),
        decommissioning: { fallbackStoragePath: 's3a://scratch/fallback/' },
      }),
    });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('S3 shuffle plugin', () => {
    const { chart } = make({
      shuffleStorage: ShuffleStorage.s3Shuffle({
        rootDir: 's3a://shuffle-bucket/shuffle/',
        pluginJar: '/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar',
        extraJars: ['/opt/extra/hadoop-aws-3.3.4.jar', '/opt/extra/aws-java-sdk-bundle-1.12.262.jar'],
        credentialsSecret: 'shuffle-s3',
        folderPrefixes: 20,
      }),
    });
    expect(spec(chart)).toMatchSnapshot();
  });

  test('Celeborn: the cluster with defaults', () => {
    const { chart } = celeborn({}, Testing.chart());
    const out = synth(chart);
    expect(kinds(out)).toEqual(['ConfigMap', 'PodDisruptionBudget', 'PodDisruptionBudget', 'Service', 'Service', 'StatefulSet', 'StatefulSet']);
    expect(out).toMatchSnapshot();
  });

  test('Celeborn: an app with dynamic allocation on Spark 3.5', () => {
    const { chart, cluster } = celeborn();
    make({
      dynamicAllocation: { maxExecutors: 20, shuffleTracking: false },
      shuffleStorage: ShuffleStorage.celeborn(cluster, { clientJar: '/opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar' }),
    }, 'Etl', chart);
    expect(spec(chart)).toMatchSnapshot();
  });

  test('decommissioning on Spark\'s default local dirs', () => {
    const { chart } = make({ shuffleStorage: ShuffleStorage.decommissioning({ rddBlocks: false, gracePeriod: Duration.minutes(2) }) });
    expect(spec(chart)).toMatchSnapshot();
  });
});

describe('grace period on Spark 4.1+', () => {
  test('Spark 4.1 writes the executor pods\' grace period from its own key: decommissioning sets it, 3.5 does not need it', () => {
    const decom = ShuffleStorage.decommissioning({ rddBlocks: false, gracePeriod: Duration.minutes(2) });
    const on41 = spec(make({ sparkVersion: SparkVersion.of('4.1.1'), shuffleStorage: decom }).chart);
    expect(on41.sparkConf['spark.kubernetes.executor.terminationGracePeriodSeconds']).toBe(`${on41.executor.template.spec.terminationGracePeriodSeconds}s`);
    const on35 = spec(make({ shuffleStorage: ShuffleStorage.decommissioning({ rddBlocks: false, gracePeriod: Duration.minutes(2) }) }).chart);
    expect(on35.sparkConf['spark.kubernetes.executor.terminationGracePeriodSeconds']).toBeUndefined();
    expect(on35.executor.template.spec.terminationGracePeriodSeconds).toBe(on41.executor.template.spec.terminationGracePeriodSeconds);
  });

  test('a value of the user\'s own stays', () => {
    const decom = ShuffleStorage.decommissioning({ rddBlocks: false, gracePeriod: Duration.minutes(2) });
    const s = spec(make({ sparkVersion: SparkVersion.of('4.1.1'), shuffleStorage: decom, sparkConf: { 'spark.kubernetes.executor.terminationGracePeriodSeconds': '600s' } }).chart);
    expect(s.sparkConf['spark.kubernetes.executor.terminationGracePeriodSeconds']).toBe('600s');
  });

  test('a value of the user\'s own shorter than the features\' grace period warns', () => {
    const decom = ShuffleStorage.decommissioning({ rddBlocks: false, gracePeriod: Duration.minutes(2) });
    const { app, chart } = make({ sparkVersion: SparkVersion.of('4.1.1'), shuffleStorage: decom, sparkConf: { 'spark.kubernetes.executor.terminationGracePeriodSeconds': '30s' } });
    const grace = spec(chart).executor.template.spec.terminationGracePeriodSeconds;
    expect(warningsOf(app)).toContain(`sparkConf["spark.kubernetes.executor.terminationGracePeriodSeconds"] "30s" gives executors less time to stop than the ${grace} s the pods' features asked for (Spark 4.1+ uses this key for the executor pods' terminationGracePeriodSeconds, so shuffle or cache migration may be cut short); raise it to ${grace}s or remove it [executor-grace-period]`);
  });
});

describe('local disk', () => {
  test('declares spark-local-dir-1 through Spark\'s volume conf', () => {
    const { chart } = make({ shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(50) }) });
    const s = spec(chart);
    expect(s.sparkConf).toMatchObject({
      'spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.mount.path': '/var/data/spark-local-dir-1',
      'spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.mount.readOnly': 'false',
      'spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.sizeLimit': '50Gi',
    });
    expect(s.sparkConf['spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.medium']).toBeUndefined();
    expect(Object.keys(s.sparkConf).some((k: string) => k.startsWith('spark.kubernetes.driver.volumes'))).toBe(false);
    expect(s.executor.template.spec.containers[0].resources).toEqual({
      requests: { 'ephemeral-storage': '52Gi' },
      limits: { 'ephemeral-storage': '52Gi' },
    });
    expect(s.driver.template.spec.containers[0].resources).toBeUndefined();
  });

  test('ephemeral storage of size + headroom is in the executor figures and the peak', () => {
    const { app } = make({
      executorInstances: 4,
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(20), headroom: Size.mebibytes(512) }),
    });
    const res = app.resources();
    expect(res.executor.ephemeralStorageRequestMebibytes).toBe(20 * 1024 + 512);
    expect(res.executor.ephemeralStorageLimitMebibytes).toBe(20 * 1024 + 512);
    expect(res.driver.ephemeralStorageRequestMebibytes).toBeUndefined();
    expect(res.peak.ephemeralStorageRequestMebibytes).toBe(4 * (20 * 1024 + 512));
  });

  test('tmpfs: the tmpfs size is added to Spark\'s computed executor overhead and ends up in pod memory', () => {
    const { chart, app } = make({
      executorMemory: Size.gibibytes(4),
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(2), tmpfs: true }),
    });
    const res = app.resources();
    // 4096 heap + (max(409, 384) + 2048) overhead
    expect(res.executor.overheadMebibytes).toBe(409 + 2048);
    expect(res.executor.memoryRequestMebibytes).toBe(4096 + 409 + 2048);
    expect(res.executor.memoryLimitMebibytes).toBe(4096 + 409 + 2048);
    expect(res.driver.memoryRequestMebibytes).toBe(1408);
    const s = spec(chart);
    expect(s.executor.memoryOverhead).toBe('2457m');
    expect(s.sparkConf['spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.medium']).toBe('Memory');
    expect(s.sparkConf['spark.kubernetes.local.dirs.tmpfs']).toBeUndefined();
    // only the headroom is ephemeral storage
    expect(res.executor.ephemeralStorageRequestMebibytes).toBe(2048);
  });

  test('tmpfs on a Python app uses the 0.4 factor it computes with', () => {
    const { app } = make({
      mainApplicationFile: 'local:///opt/app/job.py',
      mainClass: undefined,
      executorMemory: Size.gibibytes(4),
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(1), tmpfs: true }),
    });
    expect(app.resources().executor.memoryRequestMebibytes).toBe(4096 + 1638 + 1024);
  });

  test('tmpfs with driverSize raises the driver overhead too', () => {
    const { app } = make({ shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(2), tmpfs: true, driverSize: Size.mebibytes(512) }) });
    expect(app.resources().driver.memoryRequestMebibytes).toBe(1024 + 384 + 512);
  });

  test('tmpfs on top of an explicit executorMemoryOverhead', () => {
    const { chart, app } = make({
      executorMemoryOverhead: Size.gibibytes(1),
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(2), tmpfs: true }),
    });
    expect(app.resources().executor.overheadMebibytes).toBe(1024 + 2048);
    expect(spec(chart).executor.memoryOverhead).toBe('3072m');
  });

  test('tmpfs on top of the overhead a sparkConf factor gives (applied after the storage was bound)', () => {
    const { chart, app } = make({
      executorMemory: Size.gibibytes(4),
      sparkConf: { 'spark.executor.memoryOverheadFactor': '0.25' },
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(2), tmpfs: true }),
    });
    expect(app.resources().executor.memoryRequestMebibytes).toBe(4096 + 1024 + 2048);
    expect(spec(chart).executor.memoryOverhead).toBe('3072m');
  });

  test('fails when sparkConf declares spark-local-dir-1 with another volume type', () => {
    expectError({
      sparkConf: { 'spark.kubernetes.executor.volumes.hostPath.spark-local-dir-1.mount.path': '/x', 'spark.kubernetes.executor.volumes.hostPath.spark-local-dir-1.options.path': '/mnt/x' },
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(10) }),
    }, 'SparkApp Etl: sparkConf["spark.kubernetes.executor.volumes.hostPath.spark-local-dir-1.mount.path"] "/x" (set by sparkConf) declares a hostPath volume spark-local-dir-1, and ShuffleStorage local-disk declares that volume as emptyDir; remove the key; the shuffle storage owns the local dir');
  });

  test.each([
    [{ size: Size.kibibytes(1536) }, 'ShuffleStorage local-disk: size 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)'],
    [{ size: Size.mebibytes(0) }, 'ShuffleStorage local-disk: size 0Mi must be larger than zero; give a positive size'],
    [{ size: Size.gibibytes(1), path: 'data' }, 'ShuffleStorage local-disk: path "data" must be an absolute path; use e.g. /var/data/spark-local-dir-1'],
    [{ size: Size.gibibytes(1), driverSize: Size.mebibytes(0) }, 'ShuffleStorage local-disk: driverSize 0Mi must be larger than zero; give a positive size'],
  ])('throws on invalid options %#', (options, message) => {
    expect(() => ShuffleStorage.localDisk(options)).toThrow(message);
  });
});

describe('hostPath', () => {
  test('declares a hostPath local dir and records a warning', () => {
    const { chart, app } = make({ shuffleStorage: ShuffleStorage.hostPath({ path: '/mnt/nvme0/spark', mountPath: '/local' }) });
    expect(spec(chart).sparkConf).toMatchObject({
      'spark.kubernetes.executor.volumes.hostPath.spark-local-dir-1.mount.path': '/local',
      'spark.kubernetes.executor.volumes.hostPath.spark-local-dir-1.options.path': '/mnt/nvme0/spark',
    });
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: ShuffleStorage host-path mounts hostPath /mnt/nvme0/spark into the executors: hostPath volumes break the baseline and restricted Pod Security Standards, the directory must be writable by the Spark user, and shuffle files of killed executors stay on the node until it is cleaned [host-path-volume]']);
  });

  test.each(['restricted', 'baseline'])('fails in a namespace enforcing %s', (level) => {
    const chart = Testing.chart();
    const ns = new FakeNamespace(chart, 'Tenant', level);
    expect(() => make({ sparkNamespace: ns, shuffleStorage: ShuffleStorage.hostPath({ path: '/mnt/ssd' }) }, 'Etl', chart))
      .toThrow(`SparkApp Etl: ShuffleStorage host-path path "/mnt/ssd" is mounted as a hostPath volume, which the ${level} Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace tenant enforces ${level}; use ShuffleStorage.localDisk or ShuffleStorage.onDemandPvc, or a namespace with podSecurity privileged`);
  });

  test('is allowed in a privileged namespace', () => {
    const chart = Testing.chart();
    const ns = new FakeNamespace(chart, 'Tenant', 'privileged');
    make({ sparkNamespace: ns, shuffleStorage: ShuffleStorage.hostPath({ path: '/mnt/ssd' }) }, 'Etl', chart);
    expect(spec(chart).sparkConf['spark.kubernetes.executor.volumes.hostPath.spark-local-dir-1.options.path']).toBe('/mnt/ssd');
  });

  test('throws on a relative path', () => {
    expect(() => ShuffleStorage.hostPath({ path: 'mnt/ssd' })).toThrow('ShuffleStorage host-path: path "mnt/ssd" must be an absolute path on the node; use e.g. /mnt/nvme0/spark');
  });
});

describe('on-demand PVCs', () => {
  test('per-executor claims with driver-owned reuse and the recovery plugin', () => {
    const { chart } = make({ shuffleStorage: PVC });
    expect(spec(chart).sparkConf).toMatchObject({
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName': 'OnDemand',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.storageClass': 'gp3',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit': '200Gi',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path': '/data/spark-x/executor-x',
      'spark.kubernetes.driver.ownPersistentVolumeClaim': 'true',
      'spark.kubernetes.driver.reusePersistentVolumeClaim': 'true',
      'spark.kubernetes.driver.waitToReusePersistentVolumeClaim': 'true',
      'spark.kubernetes.legacy.useReadWriteOnceAccessMode': 'true',
      'spark.shuffle.sort.io.plugin.class': 'org.apache.spark.shuffle.KubernetesLocalDiskShuffleDataIO',
    });
  });

  test('claims count in the peak: one per executor, by storage class', () => {
    const { app } = make({ dynamicAllocation: { maxExecutors: 12 }, shuffleStorage: PVC });
    const peak = app.resources().peak;
    expect(app.resources().executor.onDemandClaims).toEqual([{ volumeName: 'spark-local-dir-1', storageClass: 'gp3', sizeMebibytes: 200 * 1024 }]);
    expect(peak.persistentVolumeClaims).toBe(12);
    expect(peak.storageRequestMebibytes).toBe(12 * 200 * 1024);
    expect(peak.storageByClassMebibytes).toEqual({ gp3: 12 * 200 * 1024 });
  });

  test('the driver Role gets the PersistentVolumeClaim rule', () => {
    const { chart } = make({ shuffleStorage: PVC });
    const role = findOne(synth(chart), 'Role');
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'deletecollection', 'list'] });
  });

  test('Spark 4 creates ReadWriteOncePod claims unless READ_WRITE_ONCE is asked for', () => {
    const rwop = spec(make({ sparkVersion: V40, shuffleStorage: PVC }).chart).sparkConf;
    expect(rwop['spark.kubernetes.legacy.useReadWriteOnceAccessMode']).toBe('false');
    const rwo = spec(make({
      sparkVersion: V40,
      shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(10), accessMode: ClaimAccessMode.READ_WRITE_ONCE }),
    }).chart).sparkConf;
    expect(rwo['spark.kubernetes.legacy.useReadWriteOnceAccessMode']).toBe('true');
  });

  test('Spark 3.5.1+ can use ReadWriteOncePod', () => {
    const s = spec(make({
      shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(10), accessMode: ClaimAccessMode.READ_WRITE_ONCE_POD }),
    }).chart).sparkConf;
    expect(s['spark.kubernetes.legacy.useReadWriteOnceAccessMode']).toBe('false');
  });

  test('Spark 3.3 has no access-mode switch and no wait-to-reuse (warning)', () => {
    const { chart, app } = make({ sparkVersion: V33, shuffleStorage: PVC });
    const s = spec(chart).sparkConf;
    expect(s['spark.kubernetes.legacy.useReadWriteOnceAccessMode']).toBeUndefined();
    expect(s['spark.kubernetes.driver.waitToReusePersistentVolumeClaim']).toBeUndefined();
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: ShuffleStorage on-demand-pvc: Spark 3.3.4 cannot wait for reusable claims (spark.kubernetes.driver.waitToReusePersistentVolumeClaim is 3.4+), so while executors are replaced the app can hold more claims than executors [pvc-reuse-without-wait]']);
  });

  test('fails with ReadWriteOncePod on a Spark without the switch', () => {
    expect(() => make({
      sparkVersion: SparkVersion.of('3.5.0'),
      shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(10), accessMode: ClaimAccessMode.READ_WRITE_ONCE_POD }),
    })).toThrow('SparkApp Etl: ShuffleStorage on-demand-pvc accessMode "ReadWriteOncePod" needs Spark 3.4.3+, 3.5.1+ or 4.x (spark.kubernetes.legacy.useReadWriteOnceAccessMode), and Spark 3.5.0 always creates ReadWriteOnce claims; use ClaimAccessMode.READ_WRITE_ONCE, or a Spark version with the switch');
  });

  test.each([
    [{ storageClass: '', size: Size.gibibytes(1) }, 'ShuffleStorage on-demand-pvc: storageClass "" must not be empty; give the storage class of the claims, e.g. gp3 (Spark creates no on-demand claim without one)'],
    [{ storageClass: 'Fast SSD', size: Size.gibibytes(1) }, 'ShuffleStorage on-demand-pvc: storageClass "Fast SSD" is not a valid StorageClass name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit'],
    [{ storageClass: 'gp3' } as any, 'ShuffleStorage on-demand-pvc: size (unset) is required; give a Size'],
    [{ storageClass: 'gp3', size: Size.gibibytes(1), mountPath: 'data' }, 'ShuffleStorage on-demand-pvc: mountPath "data" must be an absolute path; use e.g. /data/spark-x/executor-x'],
  ])('throws on invalid options %#', (options, message) => {
    expect(() => ShuffleStorage.onDemandPvc(options)).toThrow(message);
  });
});

describe('S3 shuffle plugin', () => {
  const S3 = {
    rootDir: 's3a://shuffle-bucket/shuffle/',
    pluginJar: '/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar',
  };

  test('shuffle manager, IO plugin, root dir, no checksums, credentials from the Secret', () => {
    const { chart } = make({ shuffleStorage: ShuffleStorage.s3Shuffle({ ...S3, credentialsSecret: 's3', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' }) });
    const s = spec(chart);
    expect(s.sparkConf).toMatchObject({
      'spark.shuffle.manager': 'org.apache.spark.shuffle.sort.S3ShuffleManager',
      'spark.shuffle.sort.io.plugin.class': 'org.apache.spark.shuffle.S3ShuffleDataIO',
      'spark.shuffle.s3.rootDir': 's3a://shuffle-bucket/shuffle/',
      'spark.shuffle.checksum.enabled': 'false',
    });
    // the plugin jar is in /opt/spark/jars: no class path entry
    expect(s.sparkConf['spark.executor.extraClassPath']).toBeUndefined();
    for (const role of ['driver', 'executor']) {
      expect(s[role].template.spec.containers[0].env).toEqual([
        { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3', key: 'id' } } },
        { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3', key: 'key' } } },
      ]);
    }
  });

  test('jars outside /opt/spark/jars go on the class path', () => {
    const { chart } = make({ shuffleStorage: ShuffleStorage.s3Shuffle({ ...S3, pluginJar: '/opt/s3/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar', extraJars: ['/opt/spark/jars/hadoop-aws-3.3.4.jar'] }) });
    const s = spec(chart).sparkConf;
    expect(s['spark.driver.extraClassPath']).toBe('/opt/s3/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar');
    expect(s['spark.executor.extraClassPath']).toBe('/opt/s3/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar');
  });

  test('warns about a hadoop-aws that does not match the Spark build', () => {
    const { app } = make({ shuffleStorage: ShuffleStorage.s3Shuffle({ ...S3, extraJars: ['/opt/spark/jars/hadoop-aws-3.2.0.jar'] }) });
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: ShuffleStorage s3: /opt/spark/jars/hadoop-aws-3.2.0.jar does not match the Hadoop of Spark 3.5 builds (3.3.4); hadoop-aws must have the exact version of the image\'s hadoop-client jars [hadoop-aws-version]']);
  });

  test('fails on Spark 4', () => {
    expect(() => make({ sparkVersion: V40, shuffleStorage: ShuffleStorage.s3Shuffle(S3) }))
      .toThrow('SparkApp Etl: sparkVersion "4.0.1" is not supported by ShuffleStorage s3, which supports Spark 3.x only (the IBM spark-s3-shuffle plugin has no Spark 4 build); use Spark 3.x, or another shuffle storage such as ShuffleStorage.celeborn or ShuffleStorage.onDemandPvc');
  });

  test('fails when the plugin jar is built for another Spark line', () => {
    expect(() => make({ sparkVersion: V34, shuffleStorage: ShuffleStorage.s3Shuffle(S3) }))
      .toThrow('SparkApp Etl: ShuffleStorage s3 pluginJar "/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar" is built for Spark 3.5, but the app runs Spark 3.4.4; use the plugin build for Spark 3.4');
  });

  test('dynamic allocation without shuffle tracking fails the app\'s own check (the plugin is not reliable storage)', () => {
    const { chart } = make({ dynamicAllocation: { maxExecutors: 10, shuffleTracking: false }, shuffleStorage: ShuffleStorage.s3Shuffle(S3) });
    expect(() => synth(chart)).toThrow('SparkApp Etl: dynamicAllocation.shuffleTracking false leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service); set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration');
  });

  test('dynamic allocation without shuffle tracking but with decommissioning from sparkConf passes, as in Spark', () => {
    const { chart } = make({
      dynamicAllocation: { maxExecutors: 10, shuffleTracking: false, executorIdleTimeout: Duration.minutes(1) },
      sparkConf: { 'spark.decommission.enabled': 'true', 'spark.storage.decommission.enabled': 'true' },
      shuffleStorage: ShuffleStorage.s3Shuffle(S3),
    });
    expect(spec(chart).sparkConf['spark.shuffle.manager']).toBe('org.apache.spark.shuffle.sort.S3ShuffleManager');
  });

  test('two shuffle managers: the conf builder names both sources', () => {
    expect(() => make({ sparkConf: { 'spark.shuffle.manager': 'sort' }, shuffleStorage: ShuffleStorage.s3Shuffle(S3) }))
      .toThrow('SparkApp Etl: sparkConf["spark.shuffle.manager"] "sort" (set by sparkConf) conflicts with "org.apache.spark.shuffle.sort.S3ShuffleManager" set by ShuffleStorage s3; set it in one place');
  });

  test.each([
    [{ ...S3, rootDir: 'shuffle-bucket/x' }, 'ShuffleStorage s3: rootDir "shuffle-bucket/x" must be a file system URI the executors share, with a scheme (not local:, a path inside each image); use e.g. s3a://bucket/shuffle/'],
    [{ ...S3, pluginJar: '' }, 'ShuffleStorage s3: pluginJar "" must not be empty; give the path of the jar in the image, e.g. /opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar'],
    [{ ...S3, extraJars: ['hadoop-aws.jar'] }, 'ShuffleStorage s3: extraJars[0] "hadoop-aws.jar" must be the absolute path of a jar in the image; use e.g. /opt/spark/jars/hadoop-aws-3.3.4.jar'],
    [{ ...S3, folderPrefixes: 0 }, 'ShuffleStorage s3: folderPrefixes 0 must be at least 1; use 1 or more'],
  ])('throws on invalid options %#', (options, message) => {
    expect(() => ShuffleStorage.s3Shuffle(options)).toThrow(message);
  });
});

describe('Celeborn cluster', () => {
  test('masters form a Raft group addressed by DNS names through the headless Service', () => {
    const { chart, cluster } = celeborn({ namespace: 'shuffle' });
    expect(cluster.masterEndpoints).toEqual([0, 1, 2].map(i => `celeborn-master-${i}.celeborn-master-svc.shuffle.svc.cluster.local:9097`));
    const conf: string = findOne(synth(chart), 'ConfigMap').data['celeborn-defaults.conf'];
    expect(conf).toContain('celeborn.master.ha.enabled=true\n');
    expect(conf).toContain('celeborn.master.ha.node.2.host=celeborn-master-2.celeborn-master-svc.shuffle.svc.cluster.local\n');
    expect(conf).toContain('celeborn.master.ha.ratis.raft.server.storage.dir=/mnt/celeborn-ratis/ratis\n');
    expect(conf).toContain('celeborn.network.bind.preferIpAddress=false\n');
    expect(conf).toContain('celeborn.worker.storage.dirs=/mnt/celeborn/disk-0:disktype=SSD:capacity=100g\n');
  });

  test('workers get PVC-backed storage dirs with capacities', () => {
    const { chart } = celeborn({ workerDisks: 2, workerStorageSize: Size.gibibytes(500), storageClassName: 'local-nvme' });
    const out = synth(chart);
    const worker = findOne(out, 'StatefulSet', 'celeborn-worker');
    expect(worker.spec.volumeClaimTemplates.map((c: any) => [c.metadata.name, c.spec.storageClassName, c.spec.resources.requests.storage]))
      .toEqual([['disk-0', 'local-nvme', '500Gi'], ['disk-1', 'local-nvme', '500Gi']]);
    expect(worker.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'conf', mountPath: '/opt/celeborn/conf', readOnly: true },
      { name: 'disk-0', mountPath: '/mnt/celeborn/disk-0' },
      { name: 'disk-1', mountPath: '/mnt/celeborn/disk-1' },
    ]);
    expect(findOne(out, 'ConfigMap').data['celeborn-defaults.conf'])
      .toContain('celeborn.worker.storage.dirs=/mnt/celeborn/disk-0:disktype=SSD:capacity=500g,/mnt/celeborn/disk-1:disktype=SSD:capacity=500g\n');
  });

  test('memory is the JVM settings plus headroom, CPU request equals limit', () => {
    const { chart } = celeborn({ workerMemory: Size.gibibytes(4), workerOffHeapMemory: Size.gibibytes(12), masterMemory: Size.gibibytes(1) });
    const out = synth(chart);
    const worker = findOne(out, 'StatefulSet', 'celeborn-worker').spec.template.spec.containers[0];
    expect(worker.env).toEqual([
      { name: 'CELEBORN_NO_DAEMONIZE', value: '1' },
      { name: 'CELEBORN_WORKER_MEMORY', value: '4096m' },
      { name: 'CELEBORN_WORKER_OFFHEAP_MEMORY', value: '12288m' },
    ]);
    expect(worker.resources.requests).toEqual({ 'cpu': '2', 'memory': `${16384 + 1639}Mi`, 'ephemeral-storage': '1024Mi' });
    expect(worker.resources.limits).toEqual({ 'cpu': '2', 'memory': `${16384 + 1639}Mi`, 'ephemeral-storage': '2048Mi' });
    const master = findOne(out, 'StatefulSet', 'celeborn-master').spec.template.spec.containers[0];
    expect(master.resources.limits.memory).toBe(`${1024 + 512}Mi`);
  });

  test('restricted security context and anti-affinity across nodes', () => {
    const out = synth(celeborn().chart);
    for (const sts of findAll(out, 'StatefulSet')) {
      const pod = sts.spec.template.spec;
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10006, runAsGroup: 10006, fsGroup: 10006, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
      expect(pod.containers[0].image).toBe('apache/celeborn:0.6.1');
    }
  });

  test('PodDisruptionBudgets allow one master and one worker down', () => {
    const pdbs = findAll(synth(celeborn().chart), 'PodDisruptionBudget');
    expect(pdbs.map(p => [p.metadata.name, p.spec.maxUnavailable])).toEqual([['celeborn-master', 1], ['celeborn-worker', 1]]);
  });

  test('in a SparkNamespace: its pods count as a workload, one entry per pod, and a NetworkPolicy opens them to Spark', () => {
    const chart = Testing.chart();
    const ns = new FakeNamespace(chart, 'Tenant', 'restricted');
    const { cluster } = celeborn({ sparkNamespace: ns, workerReplicas: 4 }, chart);
    expect(cluster.namespace).toBe('tenant');
    const pods = ns.workloads.get('celeborn-celeborn')!;
    expect(pods).toHaveLength(3 + 4);
    expect(pods[0]).toMatchObject({ cpuRequestMillis: 1000, memoryRequestMebibytes: 2560, onDemandClaims: [{ volumeName: 'ratis', storageClass: 'fast-ssd', sizeMebibytes: 10240 }] });
    expect(pods[3]).toMatchObject({ cpuRequestMillis: 2000, memoryRequestMebibytes: 6144 + 615, offHeapMebibytes: 4096, onDemandClaims: [{ volumeName: 'disk-0', storageClass: 'fast-ssd', sizeMebibytes: 102400 }] });
    const policy = findOne(synth(chart), 'NetworkPolicy');
    expect(policy.spec.ingress[1]).toEqual({
      from: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'spark', 'app.kubernetes.io/managed-by': 'cdk8s-spark' } } }],
      ports: [9097, 9091, 9092, 9093].map(port => ({ protocol: 'TCP', port })),
    });
  });

  test('tolerations and node selector reach both StatefulSets', () => {
    const { chart } = celeborn({
      nodeSelector: { pool: 'shuffle' },
      tolerations: [{ key: 'dedicated', value: 'shuffle', effect: TaintEffect.NO_SCHEDULE }, { operator: TolerationOperator.EXISTS }],
    });
    for (const sts of findAll(synth(chart), 'StatefulSet')) {
      expect(sts.spec.template.spec.nodeSelector).toEqual({ pool: 'shuffle' });
      expect(sts.spec.template.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'shuffle', effect: 'NoSchedule' }, { operator: 'Exists' }]);
    }
  });

  test('a single master records a warning', () => {
    const { cluster } = celeborn({ masterReplicas: 1 });
    expect(SparkWarnings.of(cluster)).toEqual(['test/Celeborn: masterReplicas is 1: the Celeborn cluster stops serving shuffles while its only master restarts; use 3 for high availability [single-celeborn-master]']);
  });

  test.each([
    [{ masterReplicas: 2 }, 'CelebornCluster Celeborn: masterReplicas 2 must be an odd whole number (a Raft group needs a majority); use 1, 3 or 5'],
    [{ workerReplicas: 0 }, 'CelebornCluster Celeborn: workerReplicas 0 must be a whole number of at least 1; use e.g. 3 (each worker runs on its own node)'],
    [{ storageClassName: '' }, 'CelebornCluster Celeborn: storageClassName "" must be a storage class name (lower-case letters, digits, "-" and "."); use the name of an SSD StorageClass of the cluster, e.g. gp3'],
    [{ workerStorageSize: Size.gibibytes(5) }, 'CelebornCluster Celeborn: workerStorageSize 5Gi must be larger than the 5120 MiB Celeborn keeps free on each disk (celeborn.worker.storage.disk.reserve.size); use e.g. Size.gibibytes(100)'],
    [{ name: 'a-very-long-celeborn-cluster-name-for-the-shuffle' }, 'CelebornCluster Celeborn: name "a-very-long-celeborn-cluster-name-for-the-shuffle" gives the StatefulSet name "a-very-long-celeborn-cluster-name-for-the-shuffle-worker" of 56 characters, and a StatefulSet name is at most 52 (its pods\' controller-revision-hash label adds 11); use a name of at most 45 characters, e.g. "celeborn"'],
    [{ image: 'apache/celeborn:latest' }, 'CelebornCluster Celeborn: image "apache/celeborn:latest" must be pinned to a tag or digest (not latest); use e.g. apache/celeborn:0.6.1'],
    [{ version: '0.6' }, 'CelebornCluster Celeborn: version "0.6" is not a Celeborn release (major.minor.patch); use a release such as 0.6.1'],
    [{ workerMemory: Size.mebibytes(128) }, 'CelebornCluster Celeborn: workerMemory 128Mi must be at least 256 MiB; use e.g. Size.gibibytes(2)'],
    [{ configuration: { 'celeborn.worker.rpc.port': '1' } }, 'CelebornCluster Celeborn: configuration["celeborn.worker.rpc.port"] "1" conflicts with "9091" set by the construct; remove the key and use the props instead'],
    [{ configuration: { 'spark.x': '1' } }, 'CelebornCluster Celeborn: configuration key "spark.x" must start with "celeborn."; give Celeborn settings only (Spark-side settings go in the app\'s sparkConf)'],
  ])('throws on invalid props %#', (props, message) => {
    expect(() => celeborn(props as Partial<CelebornClusterProps>)).toThrow(message);
  });
});

describe('Celeborn shuffle', () => {
  test('configures the shuffle manager, serializer, master endpoints and replication', () => {
    const { chart, cluster } = celeborn();
    make({ shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart);
    const s = spec(chart).sparkConf;
    expect(s).toMatchObject({
      'spark.shuffle.manager': 'org.apache.spark.shuffle.celeborn.SparkShuffleManager',
      'spark.serializer': 'org.apache.spark.serializer.KryoSerializer',
      'spark.celeborn.master.endpoints': cluster.masterEndpoints.join(','),
      'spark.shuffle.service.enabled': 'false',
      'spark.sql.adaptive.localShuffleReader.enabled': 'false',
      'spark.celeborn.client.push.replicate.enabled': 'true',
    });
    expect(s['spark.shuffle.sort.io.plugin.class']).toBeUndefined();
  });

  test('dynamic allocation on 3.5 without shuffle tracking uses CelebornShuffleDataIO and passes the app\'s check', () => {
    const { chart, cluster } = celeborn();
    make({ dynamicAllocation: { maxExecutors: 8, shuffleTracking: false }, shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart);
    const s = spec(chart);
    expect(s.sparkConf['spark.shuffle.sort.io.plugin.class']).toBe('org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO');
    expect(s.dynamicAllocation.shuffleTrackingEnabled).toBe(false);
  });

  test('dynamic allocation with shuffle tracking on 3.5 runs, with a warning (executors are kept for their map output)', () => {
    const { chart, cluster } = celeborn();
    const { app } = make({ dynamicAllocation: { maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(30) }, shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart);
    expect(spec(chart).sparkConf['spark.shuffle.sort.io.plugin.class']).toBe('org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO');
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: dynamicAllocation.shuffleTracking is on, but ShuffleStorage celeborn on Spark 3.5+ scales without it: the shuffle data lives in Celeborn, and tracking keeps every executor that ran a map task until its shuffle is cleaned up (or shuffleTrackingTimeout passes); set dynamicAllocation.shuffleTracking to false [celeborn-shuffle-tracking-on]']);
  });

  test('dynamic allocation before 3.5 keeps shuffle tracking, with a warning', () => {
    const { chart, cluster } = celeborn();
    const da = { maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(30) };
    const { app } = make({ sparkVersion: V34, dynamicAllocation: da, shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart);
    expect(spec(chart).sparkConf['spark.shuffle.sort.io.plugin.class']).toBeUndefined();
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: ShuffleStorage celeborn: dynamic allocation with Celeborn without shuffle tracking needs Spark 3.5+ (or Celeborn\'s Spark patch); on Spark 3.4.4 shuffle tracking stays on, so executors that ran map tasks are only released after dynamicAllocation.shuffleTrackingTimeout [celeborn-shuffle-tracking]']);
  });

  test('before 3.5 dynamic allocation without tracking fails the app\'s own check', () => {
    const { chart, cluster } = celeborn();
    make({ sparkVersion: V34, dynamicAllocation: { maxExecutors: 8, shuffleTracking: false }, shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart);
    expect(() => synth(chart)).toThrow('SparkApp Etl: dynamicAllocation.shuffleTracking false leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service); set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration');
  });

  test('a single worker: no push replication', () => {
    const { chart, cluster } = celeborn({ workerReplicas: 1 });
    make({ shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart);
    expect(spec(chart).sparkConf['spark.celeborn.client.push.replicate.enabled']).toBe('false');
  });

  test('a client jar outside /opt/spark/jars goes on the class path', () => {
    const { chart, cluster } = celeborn();
    make({ shuffleStorage: ShuffleStorage.celeborn(cluster, { clientJar: '/opt/celeborn/celeborn-client-spark-3-shaded_2.12-0.6.1.jar' }) }, 'Etl', chart);
    expect(spec(chart).sparkConf['spark.executor.extraClassPath']).toBe('/opt/celeborn/celeborn-client-spark-3-shaded_2.12-0.6.1.jar');
  });

  test('Spark 4 with the spark-4 client', () => {
    const { chart, cluster } = celeborn();
    make({ sparkVersion: V40, shuffleStorage: ShuffleStorage.celeborn(cluster, { clientJar: '/opt/spark/jars/celeborn-client-spark-4-shaded_2.13-0.6.1.jar' }) }, 'Etl', chart);
    expect(spec(chart).sparkConf['spark.shuffle.manager']).toBe('org.apache.spark.shuffle.celeborn.SparkShuffleManager');
  });

  test('warns about a client of another Celeborn version or Scala build', () => {
    const { chart, cluster } = celeborn();
    const { app } = make({ shuffleStorage: ShuffleStorage.celeborn(cluster, { clientJar: '/opt/spark/jars/celeborn-client-spark-3-shaded_2.13-0.5.4.jar' }) }, 'Etl', chart);
    expect(SparkWarnings.of(app)).toEqual([
      'test/Etl: ShuffleStorage celeborn: clientJar celeborn-client-spark-3-shaded_2.13-0.5.4.jar is built for Scala 2.13; the default Spark 3.5.5 build uses Scala 2.12, so this only works with a Scala 2.13 image [celeborn-client-scala]',
      'test/Etl: ShuffleStorage celeborn: clientJar celeborn-client-spark-3-shaded_2.13-0.5.4.jar is Celeborn 0.5.4 but the cluster runs 0.6.1; use the client of the cluster\'s version [celeborn-client-version]',
    ]);
  });

  test.each([
    [V35, '/opt/spark/jars/celeborn-client-spark-4-shaded_2.13-0.6.1.jar', 'SparkApp Etl: ShuffleStorage celeborn clientJar "/opt/spark/jars/celeborn-client-spark-4-shaded_2.13-0.6.1.jar" is the client for Spark 4, but the app runs Spark 3.5.5; use celeborn-client-spark-3-shaded_2.12-0.6.1.jar'],
    [V40, '/opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar', 'SparkApp Etl: ShuffleStorage celeborn clientJar "/opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar" is the client for Spark 3, but the app runs Spark 4.0.1; use celeborn-client-spark-4-shaded_2.13-0.6.1.jar'],
    [V40, '/opt/spark/jars/celeborn-client-spark-4-shaded_2.12-0.6.1.jar', 'SparkApp Etl: ShuffleStorage celeborn clientJar "/opt/spark/jars/celeborn-client-spark-4-shaded_2.12-0.6.1.jar" is built for Scala 2.12, but Spark 4.0.1 is built for Scala 2.13 only; use celeborn-client-spark-4-shaded_2.13-0.6.1.jar'],
    [V35, '/opt/spark/jars/rss-client.jar', 'SparkApp Etl: ShuffleStorage celeborn clientJar "/opt/spark/jars/rss-client.jar" is not a Celeborn Spark client jar (celeborn-client-spark-<major>-shaded_<scala>-<version>.jar); use celeborn-client-spark-3-shaded_2.12-0.6.1.jar'],
  ])('fails on a mismatching client jar %#', (sparkVersion, clientJar, message) => {
    const { chart, cluster } = celeborn();
    expect(() => make({ sparkVersion, shuffleStorage: ShuffleStorage.celeborn(cluster, { clientJar }) }, 'Etl', chart)).toThrow(message);
  });

  test.each([
    [V40, '0.5.4', 'SparkApp Etl: sparkVersion "4.0.1" needs Celeborn 0.6.0 or later (its celeborn-client-spark-4-shaded client), but CelebornCluster Celeborn runs 0.5.4; set version to 0.6.0 or later on CelebornCluster Celeborn, or use an older Spark'],
    [V41, '0.6.1', 'SparkApp Etl: sparkVersion "4.1.0" needs Celeborn 0.7.0 or later (its celeborn-client-spark-4-shaded client), but CelebornCluster Celeborn runs 0.6.1; set version to 0.7.0 or later on CelebornCluster Celeborn, or use an older Spark'],
  ])('fails when the Celeborn version does not support the Spark version %#', (sparkVersion, version, message) => {
    const { chart, cluster } = celeborn({ version });
    expect(() => make({ sparkVersion, shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart)).toThrow(message);
  });

  test('two shuffle managers: the conf builder names both sources', () => {
    const { chart, cluster } = celeborn();
    expect(() => make({ sparkConf: { 'spark.shuffle.manager': 'sort' }, shuffleStorage: ShuffleStorage.celeborn(cluster) }, 'Etl', chart))
      .toThrow('SparkApp Etl: sparkConf["spark.shuffle.manager"] "sort" (set by sparkConf) conflicts with "org.apache.spark.shuffle.celeborn.SparkShuffleManager" set by ShuffleStorage celeborn; set it in one place');
  });
});

describe('decommissioning', () => {
  test('block migration, fallback storage and the executors\' grace period', () => {
    const { chart } = make({
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(10), decommissioning: { fallbackStoragePath: 's3a://scratch/fallback/', gracePeriod: Duration.minutes(10) } }),
    });
    const s = spec(chart);
    expect(s.sparkConf).toMatchObject({
      'spark.decommission.enabled': 'true',
      'spark.storage.decommission.enabled': 'true',
      'spark.storage.decommission.shuffleBlocks.enabled': 'true',
      'spark.storage.decommission.rddBlocks.enabled': 'true',
      'spark.storage.decommission.fallbackStorage.path': 's3a://scratch/fallback/',
      'spark.storage.decommission.fallbackStorage.cleanUp': 'true',
    });
    expect(s.executor.template.spec.terminationGracePeriodSeconds).toBe(600);
    expect(s.driver.template.spec.terminationGracePeriodSeconds).toBeUndefined();
  });

  test('the default grace period is five minutes', () => {
    const s = spec(make({ shuffleStorage: ShuffleStorage.decommissioning() }).chart);
    expect(s.executor.template.spec.terminationGracePeriodSeconds).toBe(300);
    expect(s.sparkConf['spark.storage.decommission.fallbackStorage.path']).toBeUndefined();
  });

  test('lets dynamic allocation run without shuffle tracking', () => {
    const { chart } = make({
      dynamicAllocation: { maxExecutors: 10, shuffleTracking: false },
      shuffleStorage: ShuffleStorage.hostPath({ path: '/mnt/ssd', decommissioning: {} }),
    });
    expect(spec(chart).dynamicAllocation.shuffleTrackingEnabled).toBe(false);
  });

  test.each([
    [{ fallbackStoragePath: 's3a://scratch/fallback' }, 'ShuffleStorage decommissioning: fallbackStoragePath "s3a://scratch/fallback" must end with "/" (Spark rejects it otherwise); use "s3a://scratch/fallback/"'],
    [{ fallbackStoragePath: '/tmp/fallback/' }, 'ShuffleStorage decommissioning: fallbackStoragePath "/tmp/fallback/" must be an object-store or distributed file system URI (executors on other nodes read it); use e.g. s3a://bucket/spark-fallback/'],
    [{ fallbackStoragePath: 'file:///tmp/fallback/' }, 'ShuffleStorage decommissioning: fallbackStoragePath "file:///tmp/fallback/" must be an object-store or distributed file system URI (executors on other nodes read it); use e.g. s3a://bucket/spark-fallback/'],
    [{ cleanUpFallbackStorage: false }, 'ShuffleStorage decommissioning: cleanUpFallbackStorage false applies only with a fallbackStoragePath; set fallbackStoragePath, or remove cleanUpFallbackStorage'],
    [{ gracePeriod: Duration.millis(1500) }, 'ShuffleStorage decommissioning: gracePeriod 1 second 500 millis must be a whole number of seconds of at least 1; use e.g. Duration.minutes(5)'],
  ])('throws on invalid options %#', (options, message) => {
    expect(() => ShuffleStorage.decommissioning(options)).toThrow(message);
  });

  test('the local strategies validate their decommissioning options too', () => {
    expect(() => ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(1), decommissioning: { fallbackStoragePath: 's3a://x' } }))
      .toThrow('ShuffleStorage on-demand-pvc: decommissioning.fallbackStoragePath "s3a://x" must end with "/" (Spark rejects it otherwise); use "s3a://x/"');
  });
});

describe('rules across strategies', () => {
  test.each([
    ['local disk', ShuffleStorage.localDisk({ size: Size.gibibytes(10) })],
    ['on-demand PVCs (the recovery plugin is not reliable storage)', PVC],
  ])('dynamic allocation without shuffle tracking fails with %s', (_name, storage) => {
    expectError({ dynamicAllocation: { maxExecutors: 10, shuffleTracking: false }, shuffleStorage: storage },
      'SparkApp Etl: dynamicAllocation.shuffleTracking false leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service); set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration');
  });

  test('dynamic allocation with shuffle tracking works with every local strategy', () => {
    for (const storage of [ShuffleStorage.localDisk({ size: Size.gibibytes(10) }), PVC, ShuffleStorage.hostPath({ path: '/mnt/ssd' })]) {
      const { chart } = make({ dynamicAllocation: { maxExecutors: 10 }, shuffleStorage: storage });
      expect(spec(chart).dynamicAllocation.shuffleTrackingEnabled).toBe(true);
    }
  });

  test('one ShuffleStorage object serves several apps', () => {
    const storage = ShuffleStorage.localDisk({ size: Size.gibibytes(10), tmpfs: true });
    const chart = Testing.chart();
    const a = make({ executorMemory: Size.gibibytes(2) }, 'A', chart).app;
    const b = make({ executorMemory: Size.gibibytes(8) }, 'B', chart).app;
    a.bindAddon(storage);
    b.bindAddon(storage);
    expect(a.resources().executor.overheadMebibytes).toBe(384 + 10240);
    expect(b.resources().executor.overheadMebibytes).toBe(819 + 10240);
    synth(chart);
  });

  test('fails when an app gets a second shuffle storage', () => {
    const { app } = make({ shuffleStorage: PVC });
    expect(() => app.bindAddon(ShuffleStorage.localDisk({ size: Size.gibibytes(1) })))
      .toThrow('SparkApp Etl: ShuffleStorage local-disk cannot be added, the app already uses ShuffleStorage on-demand-pvc (an app has one shuffle storage); keep one of them');
  });

  test('binding the same storage twice is a no-op', () => {
    const { app } = make({ shuffleStorage: PVC });
    app.bindAddon(PVC);
    expect(app.boundAddons).toEqual([PVC]);
  });

  test('the addon names its strategy', () => {
    expect(PVC.addonName).toBe('ShuffleStorage on-demand-pvc');
    expect(PVC.kind).toBe('on-demand-pvc');
  });
});

describe('runtime checks of the factories', () => {
  const S3_BASE = { rootDir: 's3a://shuffle-bucket/etl/', pluginJar: '/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar' };
  const FACTORIES: Array<[string, string, (chart: Chart, prop: string, value: unknown) => ShuffleStorage]> = [
    ['localDisk', 'LocalDiskShuffleOptions', (_c, p, v) => ShuffleStorage.localDisk({ size: Size.gibibytes(10), [p]: v } as any)],
    ['hostPath', 'HostPathShuffleOptions', (_c, p, v) => ShuffleStorage.hostPath({ path: '/mnt/ssd', [p]: v } as any)],
    ['onDemandPvc', 'OnDemandPvcShuffleOptions', (_c, p, v) => ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(10), [p]: v } as any)],
    ['s3Shuffle', 'S3ShuffleOptions', (_c, p, v) => ShuffleStorage.s3Shuffle({ ...S3_BASE, [p]: v } as any)],
    ['celeborn', 'CelebornShuffleOptions', (c, p, v) => ShuffleStorage.celeborn(new CelebornCluster(c, 'C', { storageClassName: 'fast' }), { [p]: v } as any)],
    ['decommissioning', 'DecommissionOptions', (_c, p, v) => ShuffleStorage.decommissioning({ [p]: v } as any)],
    ['localDisk decommissioning', 'DecommissionOptions', (_c, p, v) => ShuffleStorage.localDisk({ size: Size.gibibytes(10), decommissioning: { [p]: v } } as any)],
  ];
  const weird = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom<unknown>(NaN, Infinity, -1, 0, 0.5, 2 ** 31, '', ' x ', 'a\nb', '/a,b', '/x/../y', '$(id)', '{{ x }}', 's3a://b/"x"/',
      [], {}, [null], Size.gibibytes(4), Size.gibibytes(NaN), Duration.minutes(5), Duration.millis(1500), SparkVersion.of('3.5.5'),
      () => 1, new Date(0), 'ReadWriteOncePod'),
  );

  test.each(FACTORIES)('%s: every failure on valid base options is the library\'s own error', (_name, shape, build) => {
    const props = Object.keys(registeredShapes().get(shape)!);
    fc.assert(fc.property(fc.constantFrom(...props), weird, (prop, value) => {
      const chart = Testing.chart();
      try {
        make({ shuffleStorage: build(chart, prop, value) }, 'Etl', chart);
        synth(chart);
      } catch (e) {
        const err = e as Error;
        if (err.constructor !== Error || !/^(ShuffleStorage [a-z0-9-]+|SparkApp Etl|Validation failed with the following errors:\n {2}\[[^\]]+\] SparkApp Etl): \S/.test(err.message)) {
          throw new Error(`${prop} = ${String(JSON.stringify(value))?.slice(0, 60)}: ${err.constructor.name}: ${err.message}`);
        }
      }
    }), { numRuns: 200, seed: 20261212 });
  });

  test('the options are checked before anything reads them', () => {
    expect(() => ShuffleStorage.localDisk({ size: Size.gibibytes(1), driverSize: 4 } as any))
      .toThrow(new Error('ShuffleStorage local-disk: driverSize 4 must be a Size; got a number; use Size.mebibytes(n) or Size.gibibytes(n)'));
    expect(() => ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(1), decommissioning: 's3a://x/' } as any))
      .toThrow(new Error('ShuffleStorage on-demand-pvc: decommissioning "s3a://x/" must be a DecommissionOptions (a plain object); got a string'));
  });

  test('the cluster argument of celeborn must be a CelebornCluster', () => {
    expect(() => ShuffleStorage.celeborn(null as any))
      .toThrow(new Error('ShuffleStorage celeborn: cluster null must be a CelebornCluster; pass the CelebornCluster construct the app shuffles through'));
  });

  test('unknown options and absurd figures are recorded on each app the storage serves, by id', () => {
    const storage = ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.tebibytes(80), sizeLimit: Size.gibibytes(1) } as any);
    const chart = Testing.chart();
    const a = make({ shuffleStorage: storage }, 'A', chart).app;
    const b = make({ shuffleStorage: storage }, 'B', chart).app;
    const expected = (id: string) => [
      `test/${id}: size 80Ti is more than 64Ti (the largest block volumes of the big clouds) for one pod; check the figure [absurd-value]`,
      `test/${id}: sizeLimit is not a prop of OnDemandPvcShuffleOptions and is ignored [unknown-prop]`,
    ];
    expect(SparkWarnings.of(a)).toEqual(expected('A'));
    expect(SparkWarnings.of(b)).toEqual(expected('B'));
    SparkWarnings.acknowledge(b, 'unknown-prop');
    expect(SparkWarnings.of(b)).toEqual([expected('B')[0]]);
  });

  test('local dir mount paths: "," would split SPARK_LOCAL_DIRS, Spark\'s own mounts and image dirs are refused, others pass', () => {
    expect(() => ShuffleStorage.hostPath({ path: '/mnt/ssd', mountPath: '/opt/spark/conf/local' }))
      .toThrow(new Error('ShuffleStorage host-path: mountPath "/opt/spark/conf/local" is where Spark mounts its own configuration (a ConfigMap) in the driver and executor containers; use e.g. /var/data/spark-local-dir-1'));
    expect(() => ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(1), mountPath: '/data/spark-x/a,b' }))
      .toThrow(new Error('ShuffleStorage on-demand-pvc: mountPath "/data/spark-x/a,b" must not contain "," (Spark joins the local dirs with "," into SPARK_LOCAL_DIRS, which would split this one); use e.g. /data/spark-x/executor-x'));
    for (const path of ['/opt/spark/work-dir/local', '/tmp/spark', '/var/data/spark-local-dir-1/', '/mnt/data:1']) {
      expect(() => ShuffleStorage.localDisk({ size: Size.gibibytes(1), path })).not.toThrow();
    }
  });

  test('jar paths: ":" is refused only where the jar goes on the class path', () => {
    expect(() => ShuffleStorage.celeborn(celeborn().cluster, { clientJar: '/opt/spark/jars/celeborn:1.jar' })).not.toThrow();
    expect(() => ShuffleStorage.celeborn(celeborn().cluster, { clientJar: '/opt/celeborn/celeborn:1.jar' }))
      .toThrow(new Error('ShuffleStorage celeborn: clientJar "/opt/celeborn/celeborn:1.jar" must not contain ":" (it goes on the class path, where ":" separates entries); use e.g. /opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar'));
  });

  test('the recovery plugin\'s path rule: a parent directory named spark-* two levels below a scanned dir', () => {
    for (const [mountPath, warns] of [['/data/spark-x/executor-x', false], ['/spark-1/e', false], ['/data/spark-x/executor-x/', false], ['/data/shuffle', true], ['/shuffle', true]] as const) {
      const { app } = make({ shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(10), mountPath }) });
      expect(SparkWarnings.of(app).some(w => w.endsWith('[shuffle-recovery-path]'))).toBe(warns);
    }
  });
});

describe('agreement with raw sparkConf', () => {
  const S3_OPTS = { rootDir: 's3a://shuffle-bucket/etl/', pluginJar: '/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar' };

  test('the same value from sparkConf is no conflict', () => {
    const { chart } = make({
      sparkConf: {
        'spark.shuffle.manager': 'org.apache.spark.shuffle.sort.S3ShuffleManager',
        'spark.shuffle.s3.rootDir': 's3a://shuffle-bucket/etl/',
        'spark.shuffle.checksum.enabled': false as any, // JavaScript values become the string Spark reads
      },
      shuffleStorage: ShuffleStorage.s3Shuffle(S3_OPTS),
    });
    expect(spec(chart).sparkConf['spark.shuffle.checksum.enabled']).toBe('false');
  });

  test('plugin keys the storage does not set are read as the plugin reads them', () => {
    const { chart, app } = make({
      sparkConf: { 'spark.shuffle.s3.folderPrefixes': '+20', 'spark.shuffle.s3.cleanup': 'FALSE', 'spark.shuffle.s3.useSparkShuffleFetch': 'true', 'spark.storage.decommission.fallbackStorage.path': 's3a://fallback/' },
      shuffleStorage: ShuffleStorage.s3Shuffle(S3_OPTS),
    });
    synth(chart);
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: sparkConf["spark.shuffle.s3.useSparkShuffleFetch"] "true" makes the plugin keep shuffle files under spark.storage.decommission.fallbackStorage.path, so ShuffleStorage s3\'s rootDir is not used [s3-root-dir-ignored]']);
  });

  test('spark.local.dir is ignored by every pod with a spark-local-dir volume', () => {
    const { app } = make({ sparkConf: { 'spark.local.dir': '/tmp/a,/tmp/b' }, shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(10), driverSize: Size.gibibytes(1) }) });
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: sparkConf["spark.local.dir"] "/tmp/a,/tmp/b" (set by sparkConf) is ignored by the driver and the executors: Spark uses the mount paths of volumes named spark-local-dir-* as local dirs when there are any, here ShuffleStorage local-disk\'s /var/data/spark-local-dir-1; remove the key [local-dir-ignored]']);
  });

  test('spark.kubernetes.local.dirs.tmpfs "false" changes nothing and is not reported', () => {
    const { app } = make({ sparkConf: { 'spark.kubernetes.local.dirs.tmpfs': 'false' }, shuffleStorage: PVC });
    expect(SparkWarnings.of(app)).toEqual([]);
  });

  test('a driver volume at the executors\' local dir path is no clash (another container)', () => {
    const { chart } = make({
      sparkConf: { 'spark.kubernetes.driver.volumes.emptyDir.scratch.mount.path': '/data/spark-x/executor-x' },
      shuffleStorage: PVC,
    });
    synth(chart);
  });

  // Values Spark reads as equal are no conflict: booleans trimmed and in any case, sizes by value.
  test.each([
    ['a boolean in another case', { 'spark.shuffle.checksum.enabled': 'FALSE' }],
    ['a boolean with spaces (typed boolean entries are trimmed)', { 'spark.shuffle.checksum.enabled': ' false' }],
  ])('sparkConf with %s is no conflict', (_name, sparkConf) => {
    synth(make({ sparkConf, shuffleStorage: ShuffleStorage.s3Shuffle(S3_OPTS) }).chart);
  });

  test('sparkConf with the same quantity in other units is no conflict', () => {
    synth(make({
      sparkConf: { 'spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.sizeLimit': '51200Mi' },
      shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(50) }),
    }).chart);
  });
});
