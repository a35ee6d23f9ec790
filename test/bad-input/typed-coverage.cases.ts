import { Size } from 'cdk8s';
import { BadInputCase, gpuTrainingJob, prometheusMonitoring, sparkApp, sparkNamespace } from './harness';
import { CpuCores, GpuAcceleration, MonitoringMode, PodSecurityLevel, ScrapeTarget, SparkImage, SparkVolume } from '../../src';

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
  // Image presets (SparkImage) and RAPIDS already in the image.
  {
    construct: 'SparkApp',
    name: 'neither image nor imagePreset',
    build: c => sparkApp(c, { image: undefined }),
    error: 'SparkApp Etl: image (unset) must be set; give a pinned image, e.g. image: "apache/spark:3.5.5", or imagePreset: SparkImage.apacheSpark("3.5.5")',
  },
  {
    construct: 'SparkApp',
    name: 'image differs from imagePreset',
    build: c => sparkApp(c, { image: 'apache/spark:3.5.5', imagePreset: SparkImage.stackable('3.5.5-stackable25.3.0') }),
    error: 'SparkApp Etl: image "apache/spark:3.5.5" differs from imagePreset SparkImage.stackable("oci.stackable.tech/sdp/spark-k8s:3.5.5-stackable25.3.0"); drop image (the preset gives it), or describe this image with SparkImage.of(ref, { user, group })',
  },
  {
    construct: 'SparkApp',
    name: 'security.runAsUser contradicts imagePreset',
    build: c => sparkApp(c, { image: undefined, imagePreset: SparkImage.stackable('3.5.5-stackable25.3.0'), security: { runAsUser: 185 } }),
    error: 'SparkApp Etl: security.runAsUser 185 contradicts imagePreset SparkImage.stackable("oci.stackable.tech/sdp/spark-k8s:3.5.5-stackable25.3.0"), which runs as user 1000; drop security.runAsUser (the preset sets 1000), or describe the image with SparkImage.of(ref, { user: 185 })',
  },
  {
    construct: 'SparkApp',
    name: 'security.runAsGroup contradicts imagePreset',
    build: c => sparkApp(c, { image: undefined, imagePreset: SparkImage.apacheSpark('3.5.5'), security: { runAsGroup: 0 } }),
    error: 'SparkApp Etl: security.runAsGroup 0 contradicts imagePreset SparkImage.apacheSpark("apache/spark:3.5.5"), whose files belong to group 185; drop security.runAsGroup (the preset sets 185), or describe the image with SparkImage.of(ref, { user: 185, group: 0 })',
  },
  {
    construct: 'SparkApp',
    name: 'imagePreset given as a string',
    build: c => sparkApp(c, { imagePreset: 'apache/spark:3.5.5' }),
    error: 'SparkApp Etl: imagePreset "apache/spark:3.5.5" must be a SparkImage; got a string; use SparkImage.apacheSpark("3.5.5") or SparkImage.of(ref, { user })',
  },
  {
    construct: 'SparkImage',
    name: 'SparkImage.of with user 0',
    build: () => SparkImage.of('registry.example/spark:3.5.5', { user: 0 }),
    error: 'SparkImage.of: user 0 (root) breaks the restricted Pod Security profile the Spark pods run under; use an image with a non-root USER and give its id',
  },
  {
    construct: 'SparkImage',
    name: 'SparkImage.of without user',
    build: () => SparkImage.of('registry.example/spark:3.5.5', js({})),
    error: 'SparkImage.of: user (unset) is required; give a whole number',
  },
  {
    construct: 'SparkImage',
    name: 'SparkImage.of with rapidsJar and rapidsOnClassPath',
    build: () => SparkImage.of('registry.example/spark:3.5.5', { user: 185, rapidsJar: 'local:///opt/x.jar', rapidsOnClassPath: true }),
    error: 'SparkImage.of: rapidsJar "local:///opt/x.jar" and rapidsOnClassPath both say where the RAPIDS jar is; give rapidsJar for a jar outside Spark\'s class path, or rapidsOnClassPath: true for one in /opt/spark/jars',
  },
  {
    construct: 'SparkImage',
    name: 'SparkImage.apacheSpark with an empty tag',
    build: () => SparkImage.apacheSpark(''),
    error: 'SparkImage.apacheSpark: tag "" must not be empty; give a value',
  },
  {
    construct: 'SparkImage',
    name: 'SparkImage.rapids options not a struct',
    build: () => SparkImage.rapids('nvcr.io/x/spark:3.5.5', js('x')),
    error: 'SparkImage.rapids: options "x" must be a RapidsImageOptions (a plain object); got a string; pass { ... } with the props of RapidsImageOptions',
  },
  {
    construct: 'GpuAcceleration',
    name: 'rapids.jarInImage with rapids.jar',
    build: c => sparkApp(c, { features: [new GpuAcceleration({ rapids: { jarInImage: true, jar: 'local:///opt/spark/jars/rapids-4-spark_2.12-26.06.0.jar' } })] }),
    error: 'SparkApp Etl: GpuAcceleration rapids.jarInImage true contradicts GpuAcceleration rapids.jar "local:///opt/spark/jars/rapids-4-spark_2.12-26.06.0.jar": a jar on the image\'s class path needs no jar entry; drop GpuAcceleration rapids.jar for a jar in /opt/spark/jars, or drop GpuAcceleration rapids.jarInImage for a jar elsewhere in the image',
  },
  {
    construct: 'GpuAcceleration',
    name: 'rapids.jar besides a RAPIDS image preset',
    build: c => sparkApp(c, { image: undefined, imagePreset: SparkImage.rapids('nvcr.io/x/spark-rapids:3.5.5'), features: [new GpuAcceleration({ rapids: { jar: 'local:///opt/r/rapids-4-spark_2.12-26.06.0.jar' } })] }),
    error: 'SparkApp Etl: GpuAcceleration rapids.jar "local:///opt/r/rapids-4-spark_2.12-26.06.0.jar" is a second RAPIDS build: imagePreset SparkImage.rapids("nvcr.io/x/spark-rapids:3.5.5") has the plugin on its class path; drop GpuAcceleration rapids.jar (the image\'s plugin is used)',
  },
  {
    construct: 'GpuAcceleration',
    name: 'RAPIDS image preset jar of the wrong Scala',
    build: c => sparkApp(c, { image: undefined, imagePreset: SparkImage.rapids('nvcr.io/x/spark-rapids:3.5.5', { jar: 'local:///opt/r/rapids-4-spark_2.13-26.06.0.jar' }), features: [new GpuAcceleration({ rapids: {} })] }),
    error: 'SparkApp Etl: imagePreset rapidsJar "local:///opt/r/rapids-4-spark_2.13-26.06.0.jar" is built for Scala 2.13, but the app runs Spark 3.5.5 on Scala 2.12; use rapids-4-spark_2.12-26.06.0.jar',
  },
  {
    construct: 'GpuAcceleration',
    name: 'a RAPIDS jar in jars besides the package',
    build: c => sparkApp(c, { jars: ['local:///opt/extra/rapids-4-spark_2.12-25.02.1.jar'], features: [new GpuAcceleration({ rapids: {} })] }),
    warning: 'test/Etl: GpuAcceleration rapids uses com.nvidia:rapids-4-spark_2.12:26.06.0 while the app also has the spark.jars entry local:///opt/extra/rapids-4-spark_2.12-25.02.1.jar: two RAPIDS Accelerator builds on one class path load classes from either and fail at run time; remove the entry, or use that jar as GpuAcceleration rapids.jar (or GpuAcceleration rapids.jarInImage when it is on the image\'s class path) [rapids-two-builds]',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'a RAPIDS package besides rapids.jarInImage',
    build: c => gpuTrainingJob(c, { packages: ['com.nvidia:rapids-4-spark_2.12:25.02.1'], rapids: { jarInImage: true } }),
    warning: 'test/Train: rapids uses the plugin on the image\'s class path while the app also has the spark.jars.packages entry com.nvidia:rapids-4-spark_2.12:25.02.1: two RAPIDS Accelerator builds on one class path load classes from either and fail at run time; remove the entry, or use that jar as rapids.jar (or rapids.jarInImage when it is on the image\'s class path) [rapids-two-builds]',
  },
  // --- scraping by the user's PodMonitor or by annotations (PrometheusMonitoring)
  {
    construct: 'PrometheusMonitoring',
    name: 'EXISTING_POD_MONITOR without existingPodMonitor',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor (unset) is required with ScrapeTarget.EXISTING_POD_MONITOR (the library labels the pods so that PodMonitor selects them); give the labels your PodMonitor selects pods by, e.g. { podLabels: { "monitoring.example.com/scrape": "spark" } }',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor without podLabels',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: {} }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor.podLabels (unset) is required; give a map of string values',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor with no labels',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: { podLabels: {} } }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor.podLabels {} must hold at least one label (the PodMonitor\'s selector would not tell the Spark pods from others); give the labels your PodMonitor selects pods by, e.g. { "monitoring.example.com/scrape": "spark" }',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor with a ScrapeTarget that defines its own monitor',
    build: c => prometheusMonitoring(c, { existingPodMonitor: { podLabels: { scrape: 'spark' } } }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor {"podLabels":{"scrape":"spark"}} applies to ScrapeTarget.EXISTING_POD_MONITOR only (scrapeTarget is ScrapeTarget.POD_MONITOR); set scrapeTarget to ScrapeTarget.EXISTING_POD_MONITOR or remove existingPodMonitor',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor.jmxExporterPortName in SERVLET mode',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: { podLabels: { scrape: 'spark' }, jmxExporterPortName: 'metrics' } }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor.jmxExporterPortName "metrics" applies to MonitoringMode.JMX_EXPORTER only (mode is "servlet": the PodMonitor scrapes the driver UI port, which Spark names "spark-ui"); let the PodMonitor scrape port "spark-ui", or set mode to MonitoringMode.JMX_EXPORTER',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor.jmxExporterPortName too long',
    build: c => prometheusMonitoring(c, { mode: MonitoringMode.JMX_EXPORTER, jmxExporterJarPath: '/opt/jmx/agent.jar', scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: { podLabels: { scrape: 'spark' }, jmxExporterPortName: 'prometheus-metrics' } }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor.jmxExporterPortName "prometheus-metrics" is not a valid port name; use at most 15 lower-case letters, digits and "-" with at least one letter, e.g. "metrics"',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor.jmxExporterPortName of a Spark port',
    build: c => prometheusMonitoring(c, { mode: MonitoringMode.JMX_EXPORTER, jmxExporterJarPath: '/opt/jmx/agent.jar', scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: { podLabels: { scrape: 'spark' }, jmxExporterPortName: 'spark-ui' } }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor.jmxExporterPortName "spark-ui" is the name of a port Spark opens itself (Spark names its ports driver-rpc-port, blockmanager, spark-ui); use another name, e.g. "metrics"',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'existingPodMonitor.podLabels as a list',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: { podLabels: ['scrape=spark'] } }),
    error: 'PrometheusMonitoring Mon: existingPodMonitor.podLabels ["scrape=spark"] must be a map (a plain object of key: value); got an array',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'annotatedDriverEndpoint without POD_ANNOTATIONS',
    build: c => prometheusMonitoring(c, { annotatedDriverEndpoint: 'executor-summaries' }),
    error: 'PrometheusMonitoring Mon: annotatedDriverEndpoint "executor-summaries" applies to ScrapeTarget.POD_ANNOTATIONS only (scrapeTarget is ScrapeTarget.POD_MONITOR); set scrapeTarget to ScrapeTarget.POD_ANNOTATIONS or remove annotatedDriverEndpoint',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'annotatedDriverEndpoint typo',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.POD_ANNOTATIONS, annotatedDriverEndpoint: 'executors' }),
    error: 'PrometheusMonitoring Mon: annotatedDriverEndpoint "executors" is not an AnnotatedDriverEndpoint; use one of AnnotatedDriverEndpoint.DRIVER_METRICS, AnnotatedDriverEndpoint.EXECUTOR_SUMMARIES (values "driver-metrics", "executor-summaries")',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'monitorLabels with pod annotations',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.POD_ANNOTATIONS, monitorLabels: { release: 'prom' } }),
    error: 'PrometheusMonitoring Mon: monitorLabels {"release":"prom"} label the PodMonitor or ServiceMonitor, which ScrapeTarget.POD_ANNOTATIONS does not define; set ruleLabels for the PrometheusRules, or remove monitorLabels',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'pods scraped by annotations while the app sets another path',
    build: c => sparkApp(c, { driverAnnotations: { 'prometheus.io/path': '/metrics/driver/prometheus/' }, monitoring: prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.POD_ANNOTATIONS, alerts: false }) }),
    error: 'SparkApp Etl: driverAnnotations["prometheus.io/path"] "/metrics/driver/prometheus/" conflicts with "/metrics/prometheus" set by PrometheusMonitoring Mon on the driver pod; set the annotation in one place',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'an existing PodMonitor: the alerts\' target labels are the user\'s',
    build: c => prometheusMonitoring(c, { scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR, existingPodMonitor: { podLabels: { scrape: 'spark' } } }),
    warning: 'test/Mon: scrapeTarget "existing-pod-monitor" leaves the scrape\'s target labels to your PodMonitor: the alerts and dashboard select series by namespace, app (the pod label app.kubernetes.io/instance) and role (driver or executor, from app.kubernetes.io/component); relabel them there, or set alerts to false [scrape-target-labels]',
  },
  // --- per-role init containers and sidecars
  {
    construct: 'SparkApp',
    name: 'driverInitContainers as one container',
    build: c => sparkApp(c, { driverInitContainers: container() }),
    error: 'SparkApp Etl: driverInitContainers {"name":"fetch","image":"busybox:1.36","cpu":"100m","memory":"64Mi"} must be a list of SparkContainer values; got an object; wrap it in [ ]',
  },
  {
    construct: 'SparkApp',
    name: 'executorSidecars without an image',
    build: c => sparkApp(c, { executorSidecars: [container({ image: undefined })] }),
    error: 'SparkApp Etl: executorSidecars[0].image (unset) is required; give a string',
  },
  {
    construct: 'SparkApp',
    name: 'driverSidecars name used by initContainers',
    build: c => sparkApp(c, { initContainers: [container()], driverSidecars: [container()] }),
    error: 'SparkApp Etl: driverSidecars[0].name "fetch" is used twice in the driver pod; give each container its own name',
  },
  {
    construct: 'SparkApp',
    name: 'executorInitContainers as root in a restricted namespace',
    build: c => sparkApp(c, { sparkNamespace: sparkNamespace(c), executorInitContainers: [container({ name: 'chown', runAsRoot: true })] }),
    error: 'SparkApp Etl: executorInitContainers[0].runAsRoot true (container "chown") runs as root, which the restricted Pod Security Standard forbids, and namespace team enforces restricted (the executor pods would be rejected); let the container run as the pods\' non-root user (drop runAsRoot), or place the app in a namespace with podSecurity baseline',
  },
  {
    construct: 'SparkApp',
    name: 'driverInitContainers as root in a baseline namespace',
    build: c => sparkApp(c, { sparkNamespace: sparkNamespace(c, { podSecurity: PodSecurityLevel.BASELINE }), driverInitContainers: [container({ name: 'chown', runAsRoot: true })] }),
    warning: 'test/Etl: driverInitContainers[0] "chown" runs as root in the driver pod: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]',
  },
  {
    construct: 'SparkApp',
    name: 'executorSidecars mounting a hostPath in a restricted namespace',
    build: c => sparkApp(c, {
      sparkNamespace: sparkNamespace(c),
      executorSidecars: [container({ volumeMounts: [{ volume: SparkVolume.hostPath('host', '/var/data'), path: '/host' }] })],
    }),
    error: 'SparkApp Etl: executorSidecars[0].volumeMounts[0].volume "host" is a hostPath volume (/var/data), which the restricted Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace team enforces restricted; use a PersistentVolumeClaim or an emptyDir, or place the app in a namespace with podSecurity privileged',
  },
];
