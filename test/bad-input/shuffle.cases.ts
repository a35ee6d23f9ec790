import { Duration, Size } from 'cdk8s';
import { BadInputCase, celebornCluster, sparkApp, sparkNamespace } from './harness';
import { ShuffleStorage, SparkVersion } from '../../src';

// Wrong inputs to the ShuffleStorage factories and the conf they must agree with.

const LOCAL = 'ShuffleStorage.localDisk';
const HOST = 'ShuffleStorage.hostPath';
const PVC = 'ShuffleStorage.onDemandPvc';
const S3 = 'ShuffleStorage.s3Shuffle';
const CELEBORN = 'ShuffleStorage.celeborn';
const DECOM = 'ShuffleStorage.decommissioning';

const localDisk = (o: Record<string, unknown>) => ShuffleStorage.localDisk({ size: Size.gibibytes(50), ...o } as any);
const hostPath = (o: Record<string, unknown>) => ShuffleStorage.hostPath({ path: '/mnt/nvme0/spark', ...o } as any);
const pvc = (o: Record<string, unknown>) => ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(100), ...o } as any);
const s3 = (o: Record<string, unknown>) => ShuffleStorage.s3Shuffle({
  rootDir: 's3a://shuffle-bucket/etl/', pluginJar: '/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar', ...o,
} as any);

/** How cdk8s reports errors found when the app validates (synthesis). */
const SYNTH = 'Validation failed with the following errors:\n  [test/Etl] ';

const PVC_CONF = 'spark.kubernetes.executor.volumes.persistentVolumeClaim';

export const CASES: BadInputCase[] = [
  // --- localDisk: types and presence
  {
    construct: LOCAL,
    name: 'options missing',
    build: () => ShuffleStorage.localDisk(undefined as any),
    error: 'ShuffleStorage local-disk: props (unset) are required (size); pass a LocalDiskShuffleOptions object',
  },
  {
    construct: LOCAL,
    name: 'size as a Spark size string',
    build: () => localDisk({ size: '50g' }),
    error: 'ShuffleStorage local-disk: size "50g" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: LOCAL,
    name: 'size NaN',
    build: () => localDisk({ size: Size.gibibytes(NaN) }),
    error: 'ShuffleStorage local-disk: size NaNGi must be a finite size; use Size.gibibytes(n) with a finite n',
  },
  {
    construct: LOCAL,
    name: 'size zero',
    build: () => localDisk({ size: Size.gibibytes(0) }),
    error: 'ShuffleStorage local-disk: size 0Gi must be larger than zero; give a positive size',
  },
  {
    construct: LOCAL,
    name: 'size above 1 PiB',
    build: () => localDisk({ size: Size.tebibytes(2048) }),
    error: 'ShuffleStorage local-disk: size 2048Ti is more than 1Pi; give at most 1Pi',
  },
  {
    construct: LOCAL,
    name: 'size not a whole number of MiB',
    build: () => localDisk({ size: Size.kibibytes(1536) }),
    error: 'ShuffleStorage local-disk: size 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)',
  },
  {
    construct: LOCAL,
    name: 'size of 100 TiB per executor (absurd)',
    build: c => sparkApp(c, { shuffleStorage: localDisk({ size: Size.tebibytes(100) }) }),
    warning: 'test/Etl: size 100Ti is more than 64Ti (the largest block volumes of the big clouds) for one pod; check the figure [absurd-value]',
  },
  {
    construct: LOCAL,
    name: 'tmpfs as the string "true"',
    build: () => localDisk({ tmpfs: 'true' }),
    error: 'ShuffleStorage local-disk: tmpfs "true" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: LOCAL,
    name: 'headroom null',
    build: () => localDisk({ headroom: null }),
    error: 'ShuffleStorage local-disk: headroom null must be a Size or left out; remove the null',
  },
  {
    construct: LOCAL,
    name: 'unknown prop with a close name',
    build: c => sparkApp(c, { shuffleStorage: localDisk({ tmpFs: true }) }),
    warning: 'test/Etl: tmpFs is not a prop of LocalDiskShuffleOptions and is ignored; did you mean tmpfs? [unknown-prop]',
  },
  // --- localDisk: paths (written into Spark conf and SPARK_LOCAL_DIRS)
  {
    construct: LOCAL,
    name: 'path relative',
    build: () => localDisk({ path: 'data/spark' }),
    error: 'ShuffleStorage local-disk: path "data/spark" must be an absolute path; use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: LOCAL,
    name: 'path with a .. element',
    build: () => localDisk({ path: '/var/data/../../etc' }),
    error: 'ShuffleStorage local-disk: path "/var/data/../../etc" must not contain ".." elements; use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: LOCAL,
    name: 'path with a newline',
    build: () => localDisk({ path: '/var/data\nspark.master=local' }),
    error: 'ShuffleStorage local-disk: path "/var/data\\nspark.master=local" must not contain whitespace, quotes or control characters; use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: LOCAL,
    name: 'path with a quote',
    build: () => localDisk({ path: '/var/data/"x"' }),
    error: 'ShuffleStorage local-disk: path "/var/data/\\"x\\"" must not contain whitespace, quotes or control characters; use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: LOCAL,
    name: 'path with a comma (SPARK_LOCAL_DIRS separator)',
    build: () => localDisk({ path: '/data/a,/data/b' }),
    error: 'ShuffleStorage local-disk: path "/data/a,/data/b" must not contain "," (Spark joins the local dirs with "," into SPARK_LOCAL_DIRS, which would split this one); use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: LOCAL,
    name: 'path over Spark\'s conf mount',
    build: () => localDisk({ path: '/opt/spark/conf' }),
    error: 'ShuffleStorage local-disk: path "/opt/spark/conf" is where Spark mounts its own configuration (a ConfigMap) in the driver and executor containers; use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: LOCAL,
    name: 'path over SPARK_HOME',
    build: () => localDisk({ path: '/opt/spark/' }),
    error: 'ShuffleStorage local-disk: path "/opt/spark/" would hide the Spark installation of the image (SPARK_HOME is /opt/spark in the Spark images), so the container could not start Spark; use e.g. /var/data/spark-local-dir-1',
  },
  // --- localDisk: agreement with sparkConf
  {
    construct: LOCAL,
    name: 'spark.local.dir in sparkConf is ignored by the executors',
    build: c => sparkApp(c, { sparkConf: { 'spark.local.dir': '/tmp/spark' }, shuffleStorage: localDisk({}) }),
    warning: 'test/Etl: sparkConf["spark.local.dir"] "/tmp/spark" (set by sparkConf) is ignored by the executors: Spark uses the mount paths of volumes named spark-local-dir-* as local dirs when there are any, here ShuffleStorage local-disk\'s /var/data/spark-local-dir-1 (the driver still uses the key) [local-dir-ignored]',
  },
  {
    construct: LOCAL,
    name: 'spark.kubernetes.local.dirs.tmpfs " TRUE" (Spark reads it trimmed, any case)',
    build: c => sparkApp(c, { sparkConf: { 'spark.kubernetes.local.dirs.tmpfs': ' TRUE' }, shuffleStorage: localDisk({}) }),
    warning: 'test/Etl: sparkConf["spark.kubernetes.local.dirs.tmpfs"] " TRUE" (set by sparkConf) does not apply to the executors: it only sets the medium of the local dirs Spark creates itself, and they use ShuffleStorage local-disk\'s spark-local-dir-1; set tmpfs: true on ShuffleStorage.localDisk instead [local-dirs-tmpfs-ignored]',
  },
  {
    construct: LOCAL,
    name: 'another sparkConf volume at the local dir\'s mount path',
    build: c => sparkApp(c, {
      sparkConf: {
        'spark.kubernetes.executor.volumes.emptyDir.scratch.mount.path': '/var/data/spark-local-dir-1/',
      },
      shuffleStorage: localDisk({}),
    }),
    error: SYNTH + 'SparkApp Etl: sparkConf["spark.kubernetes.executor.volumes.emptyDir.scratch.mount.path"] "/var/data/spark-local-dir-1/" (set by sparkConf) mounts volume scratch where ShuffleStorage local-disk mounts its local dir spark-local-dir-1 (the mount paths of a container must be unique); mount it elsewhere, or give ShuffleStorage local-disk another path',
  },
  {
    construct: LOCAL,
    name: 'sparkConf declares spark-local-dir-1 as another volume type',
    build: c => sparkApp(c, {
      sparkConf: { 'spark.kubernetes.executor.volumes.nfs.spark-local-dir-1.mount.path': '/nfs', 'spark.kubernetes.executor.volumes.nfs.spark-local-dir-1.options.path': '/export', 'spark.kubernetes.executor.volumes.nfs.spark-local-dir-1.options.server': 'nfs.example' },
      shuffleStorage: localDisk({}),
    }),
    error: SYNTH + 'SparkApp Etl: sparkConf["spark.kubernetes.executor.volumes.nfs.spark-local-dir-1.mount.path"] "/nfs" (set by sparkConf) declares a nfs volume spark-local-dir-1, and ShuffleStorage local-disk declares that volume as emptyDir; remove the key; the shuffle storage owns the local dir',
  },
  {
    construct: LOCAL,
    name: 'decommissioning.gracePeriod not whole seconds',
    build: () => localDisk({ decommissioning: { gracePeriod: Duration.millis(1500) } }),
    error: 'ShuffleStorage local-disk: decommissioning.gracePeriod 1 second 500 millis must be a whole number of seconds of at least 1; use e.g. Duration.minutes(5)',
  },

  // --- hostPath
  {
    construct: HOST,
    name: 'path missing',
    build: () => ShuffleStorage.hostPath({} as any),
    error: 'ShuffleStorage host-path: path (unset) is required; give a string',
  },
  {
    construct: HOST,
    name: 'path with .. (the API server rejects it)',
    build: () => hostPath({ path: '/mnt/../etc' }),
    error: 'ShuffleStorage host-path: path "/mnt/../etc" must not contain ".." elements (the API server rejects them in hostPath paths); use e.g. /mnt/nvme0/spark',
  },
  {
    construct: HOST,
    name: 'path with a command substitution and spaces',
    build: () => hostPath({ path: '/mnt/$(rm -rf /)' }),
    error: 'ShuffleStorage host-path: path "/mnt/$(rm -rf /)" must not contain whitespace, quotes or control characters; use e.g. /mnt/nvme0/spark',
  },
  {
    construct: HOST,
    name: 'path empty',
    build: () => hostPath({ path: '' }),
    error: 'ShuffleStorage host-path: path "" must not be empty; give the directory on the node, e.g. /mnt/nvme0/spark',
  },
  {
    construct: HOST,
    name: 'mountPath with a carriage return',
    build: () => hostPath({ mountPath: '/local\r' }),
    error: 'ShuffleStorage host-path: mountPath "/local\\r" has leading or trailing whitespace; remove it (it would be kept verbatim)',
  },
  {
    construct: HOST,
    name: 'mountPath over /proc',
    build: () => hostPath({ mountPath: '/proc' }),
    error: 'ShuffleStorage host-path: mountPath "/proc" would hide a system directory of the container; use e.g. /var/data/spark-local-dir-1',
  },
  {
    construct: HOST,
    name: 'hostPath in a namespace enforcing restricted',
    build: c => sparkApp(c, { sparkNamespace: sparkNamespace(c, { name: 'team' }), shuffleStorage: hostPath({}) }),
    error: 'SparkApp Etl: ShuffleStorage host-path path "/mnt/nvme0/spark" is mounted as a hostPath volume, which the restricted Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace team enforces restricted; use ShuffleStorage.localDisk or ShuffleStorage.onDemandPvc, or a namespace with podSecurity privileged',
  },

  // --- onDemandPvc
  {
    construct: PVC,
    name: 'storageClass with an underscore',
    build: () => pvc({ storageClass: 'fast_ssd' }),
    error: 'ShuffleStorage on-demand-pvc: storageClass "fast_ssd" is not a valid StorageClass name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: PVC,
    name: 'storageClass as a number',
    build: () => pvc({ storageClass: 3 }),
    error: 'ShuffleStorage on-demand-pvc: storageClass 3 must be a string; got a number',
  },
  {
    construct: PVC,
    name: 'storageClass padded',
    build: () => pvc({ storageClass: 'gp3 ' }),
    error: 'ShuffleStorage on-demand-pvc: storageClass "gp3 " has leading or trailing whitespace; remove it (it would be kept verbatim)',
  },
  {
    construct: PVC,
    name: 'size missing',
    build: () => ShuffleStorage.onDemandPvc({ storageClass: 'gp3' } as any),
    error: 'ShuffleStorage on-demand-pvc: size (unset) is required; give a Size',
  },
  {
    construct: PVC,
    name: 'size Infinity',
    build: () => pvc({ size: Size.gibibytes(Infinity) }),
    error: 'ShuffleStorage on-demand-pvc: size InfinityGi must be a finite size; use Size.gibibytes(n) with a finite n',
  },
  {
    construct: PVC,
    name: 'accessMode ReadWriteMany (not a ClaimAccessMode)',
    build: () => pvc({ accessMode: 'ReadWriteMany' }),
    error: 'ShuffleStorage on-demand-pvc: accessMode "ReadWriteMany" is not a ClaimAccessMode; use one of ClaimAccessMode.READ_WRITE_ONCE, ClaimAccessMode.READ_WRITE_ONCE_POD (values "ReadWriteOnce", "ReadWriteOncePod")',
  },
  {
    construct: PVC,
    name: 'accessMode with the wrong case',
    build: () => pvc({ accessMode: 'readWriteOnce' }),
    error: 'ShuffleStorage on-demand-pvc: accessMode "readWriteOnce" is not a ClaimAccessMode; use one of ClaimAccessMode.READ_WRITE_ONCE, ClaimAccessMode.READ_WRITE_ONCE_POD (values "ReadWriteOnce", "ReadWriteOncePod")',
  },
  {
    construct: PVC,
    name: 'ReadWriteOncePod on a Spark without the switch',
    build: c => sparkApp(c, {
      sparkVersion: SparkVersion.of('3.5.0'),
      image: 'apache/spark:3.5.0',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.0.jar',
      shuffleStorage: pvc({ accessMode: 'ReadWriteOncePod' }),
    }),
    error: 'SparkApp Etl: ShuffleStorage on-demand-pvc accessMode "ReadWriteOncePod" needs Spark 3.4.3+, 3.5.1+ or 4.x (spark.kubernetes.legacy.useReadWriteOnceAccessMode), and Spark 3.5.0 always creates ReadWriteOnce claims; use ClaimAccessMode.READ_WRITE_ONCE, or a Spark version with the switch',
  },
  {
    construct: PVC,
    name: 'mountPath the recovery plugin cannot scan',
    build: c => sparkApp(c, { shuffleStorage: pvc({ mountPath: '/data/shuffle' }) }),
    warning: 'test/Etl: ShuffleStorage on-demand-pvc: mountPath /data/shuffle has no parent directory named spark-*, and KubernetesLocalDiskShuffleDataIO looks for the shuffle files of dead executors only in <dir>/spark-*/*/blockmgr-* two levels above each local dir, so it recovers nothing from reused claims; use a path such as /data/spark-x/executor-x [shuffle-recovery-path]',
  },
  {
    construct: PVC,
    name: 'sparkConf sets another storage class for the same claim',
    build: c => sparkApp(c, { sparkConf: { [`${PVC_CONF}.spark-local-dir-1.options.storageClass`]: 'standard' }, shuffleStorage: pvc({}) }),
    error: `SparkApp Etl: sparkConf["${PVC_CONF}.spark-local-dir-1.options.storageClass"] "standard" (set by sparkConf) conflicts with "gp3" set by ShuffleStorage on-demand-pvc; set it in one place`,
  },
  {
    construct: PVC,
    name: 'sparkConf turns PVC reuse off (the recovery plugin needs it)',
    build: c => sparkApp(c, { sparkConf: { 'spark.kubernetes.driver.reusePersistentVolumeClaim': 'false' }, shuffleStorage: pvc({}) }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.driver.reusePersistentVolumeClaim"] "false" (set by sparkConf) conflicts with "true" set by ShuffleStorage on-demand-pvc; set it in one place',
  },
  {
    construct: PVC,
    name: 'size of 100 TiB per claim (absurd)',
    build: c => sparkApp(c, { shuffleStorage: pvc({ size: Size.tebibytes(100) }) }),
    warning: 'test/Etl: size 100Ti is more than 64Ti (the largest block volumes of the big clouds) for one pod; check the figure [absurd-value]',
  },

  // --- s3Shuffle
  {
    construct: S3,
    name: 'rootDir local:',
    build: () => s3({ rootDir: 'local:///tmp/shuffle/' }),
    error: 'ShuffleStorage s3: rootDir "local:///tmp/shuffle/" must be a file system URI the executors share, with a scheme (not local:, a path inside each image); use e.g. s3a://bucket/shuffle/',
  },
  {
    construct: S3,
    name: 'rootDir with a .. element',
    build: () => s3({ rootDir: 's3a://shuffle-bucket/etl/../other/' }),
    error: 'ShuffleStorage s3: rootDir "s3a://shuffle-bucket/etl/../other/" must not contain ".." elements (Hadoop resolves them, so the files would land outside the directory named); use e.g. s3a://bucket/shuffle/',
  },
  {
    construct: S3,
    name: 'rootDir with a quote',
    build: () => s3({ rootDir: "s3a://shuffle-bucket/it's/" }),
    error: 'ShuffleStorage s3: rootDir "s3a://shuffle-bucket/it\'s/" must not contain whitespace, quotes or control characters; use e.g. s3a://bucket/shuffle/',
  },
  {
    construct: S3,
    name: 'rootDir with a template',
    build: () => s3({ rootDir: 's3a://shuffle-bucket/{{ app }}/' }),
    error: 'ShuffleStorage s3: rootDir "s3a://shuffle-bucket/{{ app }}/" must not contain whitespace, quotes or control characters; use e.g. s3a://bucket/shuffle/',
  },
  {
    construct: S3,
    name: 'rootDir with characters URI.create rejects',
    build: () => s3({ rootDir: 's3a://shuffle-bucket/{app}/' }),
    error: 'ShuffleStorage s3: rootDir "s3a://shuffle-bucket/{app}/" contains characters a URI cannot hold unescaped; use e.g. s3a://bucket/shuffle/',
  },
  {
    construct: S3,
    name: 'pluginJar missing',
    build: () => ShuffleStorage.s3Shuffle({ rootDir: 's3a://shuffle-bucket/etl/' } as any),
    error: 'ShuffleStorage s3: pluginJar (unset) is required; give a string',
  },
  {
    construct: S3,
    name: 'pluginJar not a .jar',
    build: () => s3({ pluginJar: '/opt/spark/jars/spark-s3-shuffle.zip' }),
    error: 'ShuffleStorage s3: pluginJar "/opt/spark/jars/spark-s3-shuffle.zip" must be the path of a .jar file in the image; use e.g. /opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar',
  },
  {
    construct: S3,
    name: 'extraJars as a string',
    build: () => s3({ extraJars: '/opt/spark/jars/hadoop-aws-3.3.4.jar' }),
    error: 'ShuffleStorage s3: extraJars "/opt/spark/jars/hadoop-aws-3.3.4.jar" must be a list of string values; got a string; wrap it in [ ]',
  },
  {
    construct: S3,
    name: 'extraJars entry with ":" on the class path',
    build: () => s3({ extraJars: ['/opt/extra/a.jar:/opt/extra/b.jar'] }),
    error: 'ShuffleStorage s3: extraJars[0] "/opt/extra/a.jar:/opt/extra/b.jar" must not contain ":" (it goes on the class path, where ":" separates entries); use e.g. /opt/spark/jars/hadoop-aws-3.3.4.jar',
  },
  {
    construct: S3,
    name: 'credentialsSecret not a Secret name',
    build: () => s3({ credentialsSecret: 'S3_Credentials' }),
    error: 'ShuffleStorage s3: credentialsSecret "S3_Credentials" is not a valid Secret name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: S3,
    name: 'secretAccessKeyKey escaping the Secret',
    build: () => s3({ credentialsSecret: 's3', secretAccessKeyKey: '../token' }),
    error: 'ShuffleStorage s3: secretAccessKeyKey "../token" is not a valid Secret key; use at most 253 letters, digits, "-", "_" and ".", not "." and not starting with ".."',
  },
  {
    construct: S3,
    name: 'accessKeyIdKey without credentialsSecret',
    build: () => s3({ accessKeyIdKey: 'id' }),
    error: 'ShuffleStorage s3: accessKeyIdKey "id" applies only with a credentialsSecret; set credentialsSecret, or remove accessKeyIdKey',
  },
  {
    construct: S3,
    name: 'folderPrefixes fraction',
    build: () => s3({ folderPrefixes: 2.5 }),
    error: 'ShuffleStorage s3: folderPrefixes 2.5 must be a whole number; use 2 or 3',
  },
  {
    construct: S3,
    name: 'folderPrefixes above int32',
    build: () => s3({ folderPrefixes: 2 ** 31 }),
    error: 'ShuffleStorage s3: folderPrefixes 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: S3,
    name: 'folderPrefixes absurd',
    build: c => sparkApp(c, { shuffleStorage: s3({ folderPrefixes: 50_000 }) }),
    warning: 'test/Etl: folderPrefixes 50000 is more than 10000; check the figure [absurd-value]',
  },
  {
    construct: S3,
    name: 'sparkConf folderPrefixes with a space (SparkConf.getInt does not trim)',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.s3.folderPrefixes': ' 20' }, shuffleStorage: s3({}) }),
    error: SYNTH + 'SparkApp Etl: sparkConf["spark.shuffle.s3.folderPrefixes"] " 20" (set by sparkConf) is not a whole number the plugin can read (SparkConf.getInt: digits within int32, no spaces), so executors fail at start; write it as digits, e.g. "10"',
  },
  {
    construct: S3,
    name: 'sparkConf folderPrefixes 0',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.s3.folderPrefixes': '0' }, shuffleStorage: s3({}) }),
    error: SYNTH + 'SparkApp Etl: sparkConf["spark.shuffle.s3.folderPrefixes"] "0" (set by sparkConf) must be at least 1 (the plugin spreads files over map id modulo the prefix count); use folderPrefixes on ShuffleStorage s3, e.g. 10',
  },
  {
    construct: S3,
    name: 'sparkConf plugin boolean "yes"',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.s3.cleanup': 'yes' }, shuffleStorage: s3({}) }),
    error: SYNTH + 'SparkApp Etl: sparkConf["spark.shuffle.s3.cleanup"] "yes" (set by sparkConf) is not a boolean the plugin can read (SparkConf.getBoolean: true or false, no spaces), so executors fail at start; use "true" or "false"',
  },
  {
    construct: S3,
    name: 'sparkConf plugin key misspelled',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.s3.folderPrefix': '20' }, shuffleStorage: s3({}) }),
    warning: 'test/Etl: sparkConf["spark.shuffle.s3.folderPrefix"] is not read by the spark-s3-shuffle plugin of ShuffleStorage s3 and has no effect; did you mean spark.shuffle.s3.folderPrefixes? [unknown-plugin-key]',
  },
  {
    construct: S3,
    name: 'sparkConf useSparkShuffleFetch without a fallback storage path',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.s3.useSparkShuffleFetch': 'TRUE' }, shuffleStorage: s3({}) }),
    error: SYNTH + 'SparkApp Etl: sparkConf["spark.shuffle.s3.useSparkShuffleFetch"] "TRUE" (set by sparkConf) makes the plugin keep shuffle files under spark.storage.decommission.fallbackStorage.path instead of rootDir, and that key is not set, so the plugin fails at start; set spark.storage.decommission.fallbackStorage.path (e.g. through ShuffleStorage.decommissioning), or remove the key',
  },
  {
    construct: S3,
    name: 'sparkConf sets another root dir',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.s3.rootDir': 's3a://other/' }, shuffleStorage: s3({}) }),
    error: 'SparkApp Etl: sparkConf["spark.shuffle.s3.rootDir"] "s3a://other/" (set by sparkConf) conflicts with "s3a://shuffle-bucket/etl/" set by ShuffleStorage s3; set it in one place',
  },
  {
    construct: S3,
    name: 'sparkConf sets the sort shuffle manager',
    build: c => sparkApp(c, { sparkConf: { 'spark.shuffle.manager': 'sort' }, shuffleStorage: s3({}) }),
    error: 'SparkApp Etl: sparkConf["spark.shuffle.manager"] "sort" (set by sparkConf) conflicts with "org.apache.spark.shuffle.sort.S3ShuffleManager" set by ShuffleStorage s3; set it in one place',
  },
  {
    construct: S3,
    name: 'dynamic allocation without shuffle tracking',
    build: c => sparkApp(c, { dynamicAllocation: { maxExecutors: 10, shuffleTracking: false }, shuffleStorage: s3({}) }),
    error: SYNTH + 'SparkApp Etl: dynamicAllocation.shuffleTracking false leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service); set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration',
  },

  // --- celeborn
  {
    construct: CELEBORN,
    name: 'cluster missing',
    build: () => ShuffleStorage.celeborn(undefined as any),
    error: 'ShuffleStorage celeborn: cluster (unset) is required; give a CelebornCluster',
  },
  {
    construct: CELEBORN,
    name: 'cluster as its name',
    build: () => ShuffleStorage.celeborn('celeborn' as any),
    error: 'ShuffleStorage celeborn: cluster "celeborn" must be a CelebornCluster; got a string; pass the CelebornCluster construct the app shuffles through',
  },
  {
    construct: CELEBORN,
    name: 'cluster as a look-alike object',
    build: () => ShuffleStorage.celeborn({ version: '0.6.1', masterEndpoints: ['celeborn-master-0:9097'] } as any),
    error: 'ShuffleStorage celeborn: cluster {"version":"0.6.1","masterEndpoints":["celeborn-master-0:9097"]} must be a CelebornCluster; got an object; pass the CelebornCluster construct the app shuffles through',
  },
  {
    construct: CELEBORN,
    name: 'pushReplicate as a string',
    build: c => ShuffleStorage.celeborn(celebornCluster(c), { pushReplicate: 'false' } as any),
    error: 'ShuffleStorage celeborn: pushReplicate "false" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: CELEBORN,
    name: 'pushReplicate with a single worker',
    build: c => ShuffleStorage.celeborn(celebornCluster(c, { workerReplicas: 1 }), { pushReplicate: true }),
    error: 'ShuffleStorage celeborn: pushReplicate true needs at least two Celeborn workers (a replica goes to another worker), and CelebornCluster Celeborn has 1; set pushReplicate to false, or workerReplicas to 2 or more on CelebornCluster Celeborn',
  },
  {
    construct: CELEBORN,
    name: 'clientJar relative',
    build: c => ShuffleStorage.celeborn(celebornCluster(c), { clientJar: 'celeborn-client-spark-3-shaded_2.12-0.6.1.jar' }),
    error: 'ShuffleStorage celeborn: clientJar "celeborn-client-spark-3-shaded_2.12-0.6.1.jar" must be the absolute path of a jar in the image; use e.g. /opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar',
  },
  {
    construct: CELEBORN,
    name: 'clientJar with a newline',
    build: c => ShuffleStorage.celeborn(celebornCluster(c), { clientJar: '/opt/spark/jars/x.jar\n-Dfoo=1.jar' }),
    error: 'ShuffleStorage celeborn: clientJar "/opt/spark/jars/x.jar\\n-Dfoo=1.jar" must not contain whitespace, quotes or control characters; use e.g. /opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar',
  },
  {
    construct: CELEBORN,
    name: 'dynamic allocation with shuffle tracking on Spark 3.5',
    build: c => sparkApp(c, {
      dynamicAllocation: { maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(30) },
      shuffleStorage: ShuffleStorage.celeborn(celebornCluster(c)),
    }),
    warning: 'test/Etl: dynamicAllocation.shuffleTracking is on, but ShuffleStorage celeborn on Spark 3.5+ scales without it: the shuffle data lives in Celeborn, and tracking keeps every executor that ran a map task until its shuffle is cleaned up (or shuffleTrackingTimeout passes); set dynamicAllocation.shuffleTracking to false [celeborn-shuffle-tracking-on]',
  },
  {
    construct: CELEBORN,
    name: 'sparkConf sets the Java serializer (Celeborn needs Kryo)',
    build: c => sparkApp(c, { sparkConf: { 'spark.serializer': 'org.apache.spark.serializer.JavaSerializer' }, shuffleStorage: ShuffleStorage.celeborn(celebornCluster(c)) }),
    error: 'SparkApp Etl: sparkConf["spark.serializer"] "org.apache.spark.serializer.JavaSerializer" (set by sparkConf) conflicts with "org.apache.spark.serializer.KryoSerializer" set by ShuffleStorage celeborn; set it in one place',
  },

  // --- decommissioning
  {
    construct: DECOM,
    name: 'options as a string',
    build: () => ShuffleStorage.decommissioning('s3a://bucket/fallback/' as any),
    error: 'ShuffleStorage decommissioning: props "s3a://bucket/fallback/" must be a DecommissionOptions (a plain object); got a string',
  },
  {
    construct: DECOM,
    name: 'fallbackStoragePath without the trailing /',
    build: () => ShuffleStorage.decommissioning({ fallbackStoragePath: 's3a://bucket/fallback' }),
    error: 'ShuffleStorage decommissioning: fallbackStoragePath "s3a://bucket/fallback" must end with "/" (Spark rejects it otherwise); use "s3a://bucket/fallback/"',
  },
  {
    construct: DECOM,
    name: 'fallbackStoragePath on the local file system',
    build: () => ShuffleStorage.decommissioning({ fallbackStoragePath: 'file:///tmp/fallback/' }),
    error: 'ShuffleStorage decommissioning: fallbackStoragePath "file:///tmp/fallback/" must be an object-store or distributed file system URI (executors on other nodes read it); use e.g. s3a://bucket/spark-fallback/',
  },
  {
    construct: DECOM,
    name: 'fallbackStoragePath with a newline',
    build: () => ShuffleStorage.decommissioning({ fallbackStoragePath: 's3a://bucket/x\ny/' }),
    error: 'ShuffleStorage decommissioning: fallbackStoragePath "s3a://bucket/x\\ny/" must not contain whitespace, quotes or control characters; use e.g. s3a://bucket/spark-fallback/',
  },
  {
    construct: DECOM,
    name: 'cleanUpFallbackStorage without a path',
    build: () => ShuffleStorage.decommissioning({ cleanUpFallbackStorage: false }),
    error: 'ShuffleStorage decommissioning: cleanUpFallbackStorage false applies only with a fallbackStoragePath; set fallbackStoragePath, or remove cleanUpFallbackStorage',
  },
  {
    construct: DECOM,
    name: 'gracePeriod as seconds number',
    build: () => ShuffleStorage.decommissioning({ gracePeriod: 300 } as any),
    error: 'ShuffleStorage decommissioning: gracePeriod 300 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)',
  },
  {
    construct: DECOM,
    name: 'gracePeriod zero',
    build: () => ShuffleStorage.decommissioning({ gracePeriod: Duration.seconds(0) }),
    error: 'ShuffleStorage decommissioning: gracePeriod 0 seconds must be longer than zero; give a positive duration',
  },
  {
    construct: DECOM,
    name: 'gracePeriod of a week (absurd)',
    build: c => sparkApp(c, { shuffleStorage: ShuffleStorage.decommissioning({ gracePeriod: Duration.days(7) }) }),
    warning: 'test/Etl: gracePeriod 7 days is more than a day: node drains and scale-downs wait up to this long for each executor; check the figure [absurd-value]',
  },
  {
    construct: DECOM,
    name: 'rddBlocks as a number',
    build: () => ShuffleStorage.decommissioning({ rddBlocks: 1 } as any),
    error: 'ShuffleStorage decommissioning: rddBlocks 1 must be true or false; got a number',
  },
  {
    construct: DECOM,
    name: 'sparkConf turns decommissioning off',
    build: c => sparkApp(c, { sparkConf: { 'spark.decommission.enabled': 'false' }, shuffleStorage: ShuffleStorage.decommissioning() }),
    error: 'SparkApp Etl: sparkConf["spark.decommission.enabled"] "false" (set by sparkConf) conflicts with "true" set by ShuffleStorage decommissioning; set it in one place',
  },
];
