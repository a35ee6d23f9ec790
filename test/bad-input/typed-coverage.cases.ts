import { Size } from 'cdk8s';
import { BadInputCase, sparkApp, sparkNamespace } from './harness';
import { CpuCores, PodSecurityLevel, SparkVolume } from '../../src';

// Issue 17's typed props of SparkApp (event log, upload path, pod names, JVM options, class path,
// application and driver Service metadata, init containers, sidecars, fsGroupChangePolicy) and
// SparkVolume.hostPath: wrong types, Spark's own rules, and conflicts with sparkConf.

const js = (v: unknown): any => v;
const container = (props: Record<string, unknown> = {}): any => ({
  name: 'fetch', image: 'busybox:1.36', cpu: CpuCores.millis(100), memory: Size.mebibytes(64), ...props,
});

export const CASES: BadInputCase[] = [
  {
    construct: 'SparkApp',
    name: 'eventLogRollingMaxFileSize below 10 MiB',
    build: c => sparkApp(c, { eventLogDir: 's3a://logs/events', eventLogRollingMaxFileSize: Size.mebibytes(5) }),
    error: 'SparkApp Etl: eventLogRollingMaxFileSize 5Mi is below the 10 MiB Spark accepts for spark.eventLog.rolling.maxFileSize; use e.g. Size.mebibytes(128)',
  },
  {
    construct: 'SparkApp',
    name: 'eventLogCompressionCodec without an event log',
    build: c => sparkApp(c, { eventLogCompressionCodec: 'lz4' }),
    error: 'SparkApp Etl: eventLogCompressionCodec "lz4" needs an event log; set eventLogDir or historyServer, or drop eventLogCompressionCodec',
  },
  {
    construct: 'SparkApp',
    name: 'eventLogCompressionCodec typo',
    build: c => sparkApp(c, { eventLogDir: 's3a://logs/events', eventLogCompressionCodec: 'zstandard' }),
    error: 'SparkApp Etl: eventLogCompressionCodec "zstandard" is not an EventLogCompressionCodec; use one of EventLogCompressionCodec.ZSTD, EventLogCompressionCodec.LZ4, EventLogCompressionCodec.LZF, EventLogCompressionCodec.SNAPPY (values "zstd", "lz4", "lzf", "snappy")',
  },
  {
    construct: 'SparkApp',
    name: 'fileUploadPath without a scheme',
    build: c => sparkApp(c, { fileUploadPath: '/tmp/uploads' }),
    error: 'SparkApp Etl: fileUploadPath "/tmp/uploads" has no URI scheme (spark-submit uploads to a Hadoop-compatible file system the pods can read); use a shared store, e.g. "s3a://bucket/spark-uploads"',
  },
  {
    construct: 'SparkApp',
    name: 'fileUploadPath on file://',
    build: c => sparkApp(c, { fileUploadPath: 'file:///tmp/uploads' }),
    error: 'SparkApp Etl: fileUploadPath "file:///tmp/uploads" is a file:// path, which the driver and executors cannot read from spark-submit\'s upload; use a shared store, e.g. "s3a://bucket/spark-uploads"',
  },
  {
    construct: 'SparkApp',
    name: 'driverPodName not a DNS subdomain',
    build: c => sparkApp(c, { driverPodName: 'Etl_Driver' }),
    error: 'SparkApp Etl: driverPodName "Etl_Driver" is not a valid pod name: must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use e.g. "etl-driver"',
  },
  {
    construct: 'SparkApp',
    name: 'executorPodNamePrefix with upper case',
    build: c => sparkApp(c, { executorPodNamePrefix: 'Etl_' }),
    error: 'SparkApp Etl: executorPodNamePrefix "Etl_" is refused by Spark: it must be lower-case DNS labels (letters, digits and "-", starting and ending with a letter or digit) joined by "."; use e.g. "etl"',
  },
  {
    construct: 'SparkApp',
    name: 'driverJavaOptions with -Xmx',
    build: c => sparkApp(c, { driverJavaOptions: ['-Xmx4g'] }),
    error: 'SparkApp Etl: driverJavaOptions "-Xmx4g" sets the heap size with -Xmx, which spark-submit refuses in driver JVM options (the heap is spark.driver.memory); use the driverMemory prop instead',
  },
  {
    construct: 'SparkApp',
    name: 'extraClassPath entry with the separator',
    build: c => sparkApp(c, { extraClassPath: ['/a.jar:/b.jar'] }),
    error: 'SparkApp Etl: extraClassPath[0] "/a.jar:/b.jar" contains ":", the class path separator; give each entry as its own element',
  },
  {
    construct: 'SparkApp',
    name: 'executorPodNamePrefix conflicting with sparkConf',
    build: c => sparkApp(c, { executorPodNamePrefix: 'etl', sparkConf: { 'spark.kubernetes.executor.podNamePrefix': 'other' } }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.executor.podNamePrefix"] "other" conflicts with "etl" set by prop executorPodNamePrefix; set it through executorPodNamePrefix only and remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'driverServiceAnnotations conflicting with sparkConf',
    build: c => sparkApp(c, { driverServiceAnnotations: { a: '1' }, sparkConf: { 'spark.kubernetes.driver.service.annotation.a': '2' } }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.driver.service.annotation.a"] "2" conflicts with "1" set by prop driverServiceAnnotations; set it through driverServiceAnnotations only and remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'fsGroupChangePolicy in the wrong case',
    build: c => sparkApp(c, { fsGroupChangePolicy: 'onRootMismatch' }),
    error: 'SparkApp Etl: fsGroupChangePolicy "onRootMismatch" is not a FsGroupChangePolicy; use one of FsGroupChangePolicy.ON_ROOT_MISMATCH, FsGroupChangePolicy.ALWAYS (values "OnRootMismatch", "Always")',
  },
  {
    construct: 'SparkApp',
    name: 'sidecars with one name twice',
    build: c => sparkApp(c, { sidecars: [container(), container()] }),
    error: 'SparkApp Etl: sidecars[1].name "fetch" is used twice in the driver pod; give each container its own name',
  },
  {
    construct: 'SparkApp',
    name: 'init container volume on hostPath in a restricted namespace',
    build: c => sparkApp(c, {
      sparkNamespace: sparkNamespace(c, { podSecurity: PodSecurityLevel.RESTRICTED }),
      initContainers: [container({ volumeMounts: [{ volume: SparkVolume.hostPath('host', '/var/data'), path: '/host' }] })],
    }),
    error: 'SparkApp Etl: initContainers[0].volumeMounts[0].volume "host" is a hostPath volume (/var/data), which the restricted Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace team enforces restricted; use a PersistentVolumeClaim or an emptyDir, or place the app in a namespace with podSecurity privileged',
  },
  {
    construct: 'SparkVolume.hostPath',
    name: 'relative path',
    build: () => SparkVolume.hostPath('data', 'mnt/nvme'),
    error: 'SparkVolume.hostPath: path "mnt/nvme" must be an absolute path on the node; start it with "/", e.g. "/mnt/data"',
  },
  {
    construct: 'SparkVolume.hostPath',
    name: '".." in the path',
    build: () => SparkVolume.hostPath('data', '/mnt/../etc'),
    error: 'SparkVolume.hostPath: path "/mnt/../etc" must not contain ".." elements (the API server rejects them in hostPath paths); give the path without "..", e.g. "/mnt/data"',
  },
  {
    construct: 'SparkVolume.hostPath',
    name: 'type as a string',
    build: () => SparkVolume.hostPath('data', '/mnt', js({ type: 'dir' })),
    error: 'SparkVolume.hostPath: type "dir" is not a HostPathType; use one of HostPathType.DIRECTORY, HostPathType.DIRECTORY_OR_CREATE, HostPathType.FILE, HostPathType.FILE_OR_CREATE, HostPathType.SOCKET, HostPathType.BLOCK_DEVICE, HostPathType.CHAR_DEVICE (values "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket", "BlockDevice", "CharDevice")',
  },
  {
    construct: 'SparkApp',
    name: 'hostPath volume outside a SparkNamespace',
    build: c => sparkApp(c, { driverVolumeMounts: [{ volume: SparkVolume.hostPath('data', '/mnt/nvme'), path: '/data' }] }),
    warning: 'test/Etl: driverVolumeMounts[0].volume "data" mounts hostPath /mnt/nvme: hostPath volumes break the baseline and restricted Pod Security Standards and the directory must be accessible to the pods\' user (fsGroup does not apply) [host-path-volume]',
  },
];
