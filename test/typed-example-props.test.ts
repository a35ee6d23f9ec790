import { Chart, Size, Testing } from 'cdk8s';
import {
  AnnotatedDriverEndpoint, CpuCores, MonitoringMode, OutputCommitter, PrometheusMonitoring, PrometheusMonitoringProps, ScrapeTarget, ShuffleStorage,
  SparkApp, SparkAppProps, SparkContainer, SparkVersion, SparkVolume, SparkVolumeMount, SparkWarnings,
} from '../src';
import { synth } from './util';

// Issue 17: typed props for what the Data on EKS Spark examples write besides tuning
// (reference-platform-coverage.test.ts counts them): the servlet path and process-tree metrics of
// PrometheusMonitoring, the driver's on-demand claim of ShuffleStorage.onDemandPvc, init
// containers mounting a volume of Spark's volume configuration, the output committer, and the
// warning for keys without effect.

const BASE: SparkAppProps = {
  name: 'etl',
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 's3a://bucket/jobs/etl.py',
};

function render(props: Partial<SparkAppProps>, monitoring?: PrometheusMonitoringProps) {
  const chart = new Chart(Testing.app(), 'test');
  const m = monitoring ? new PrometheusMonitoring(chart, 'Monitoring', { alerts: false, dashboard: false, ...monitoring }) : undefined;
  const app = new SparkApp(chart, 'Etl', { ...BASE, ...(m ? { monitoring: m } : {}), ...props });
  const manifests = synth(chart);
  return { chart, app, monitoring: m, manifests, spark: manifests.find(o => o.kind === 'SparkApplication') };
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

const renderError = (props: Partial<SparkAppProps>, monitoring?: PrometheusMonitoringProps) => errorOf(() => render(props, monitoring));
const confOf = (spark: any, prefix: string) =>
  Object.fromEntries(Object.entries(spark.spec.sparkConf ?? {}).filter(([k]) => k.startsWith(prefix)));
const VALIDATION = 'Validation failed with the following errors:\n  [test/Etl] ';

describe('PrometheusMonitoring servletPath (replaces the examples\' spark.metrics.conf.{driver,*}.sink.prometheusServlet.path)', () => {
  test('the path goes into the conf, the PodMonitor endpoint and metricsEndpoints; the default is unchanged', () => {
    const custom = render({}, { servletPath: '/metrics/driver/prometheus/' });
    expect(custom.spark.spec.sparkConf['spark.metrics.conf.*.sink.prometheusServlet.path']).toBe('/metrics/driver/prometheus/');
    const monitor = custom.manifests.find(o => o.kind === 'PodMonitor');
    expect(monitor.spec.podMetricsEndpoints.map((e: any) => e.path)).toEqual(['/metrics/driver/prometheus/', '/metrics/executors/prometheus']);
    expect(custom.monitoring!.metricsEndpoints.map(e => e.path)).toEqual(['/metrics/driver/prometheus/', '/metrics/executors/prometheus']);
    const plain = render({}, {});
    expect(plain.spark.spec.sparkConf['spark.metrics.conf.*.sink.prometheusServlet.path']).toBe('/metrics/prometheus');
  });

  test('the prometheus.io/path annotation names it with ScrapeTarget.POD_ANNOTATIONS', () => {
    const { spark } = render({}, { servletPath: '/metrics/driver/prometheus', scrapeTarget: ScrapeTarget.POD_ANNOTATIONS });
    expect(spark.spec.driver.annotations['prometheus.io/path']).toBe('/metrics/driver/prometheus');
    const summaries = render({}, {
      servletPath: '/metrics/driver/prometheus', scrapeTarget: ScrapeTarget.POD_ANNOTATIONS, annotatedDriverEndpoint: AnnotatedDriverEndpoint.EXECUTOR_SUMMARIES,
    });
    expect(summaries.spark.spec.driver.annotations['prometheus.io/path']).toBe('/metrics/executors/prometheus');
  });

  test('paths the driver UI serves itself, paths outside /metrics/, malformed paths and JMX exporter mode are errors', () => {
    const make = (props: PrometheusMonitoringProps) => errorOf(() => new PrometheusMonitoring(new Chart(Testing.app(), 'test'), 'Monitoring', props));
    const fix = 'use a path under /metrics/, e.g. "/metrics/driver/prometheus/"';
    expect(make({ servletPath: '/metrics/executors/prometheus/' })).toBe(
      `PrometheusMonitoring Monitoring: servletPath "/metrics/executors/prometheus/" would replace /metrics/executors/prometheus, which the driver UI serves itself; ${fix}`);
    expect(make({ servletPath: '/metrics/executors' })).toBe(
      `PrometheusMonitoring Monitoring: servletPath "/metrics/executors" would shadow /metrics/executors/prometheus, which the driver UI serves itself; ${fix}`);
    expect(make({ servletPath: '/metrics/json/x' })).toBe(
      `PrometheusMonitoring Monitoring: servletPath "/metrics/json/x" would sit under /metrics/json, which the driver UI serves itself; ${fix}`);
    expect(make({ servletPath: '/prometheus' })).toBe(
      `PrometheusMonitoring Monitoring: servletPath "/prometheus" must be under /metrics/ (the driver UI serves its pages at the other paths); ${fix}`);
    for (const bad of ['/metrics/a b', '/metrics/../x', '/metrics//x', 'metrics/x']) {
      expect(make({ servletPath: bad })).toBe(
        `PrometheusMonitoring Monitoring: servletPath ${JSON.stringify(bad)} must be an absolute URL path of letters, digits and "-._~/" without empty, "." or ".." segments; ${fix}`);
    }
    expect(make({ mode: MonitoringMode.JMX_EXPORTER, jmxExporterJarPath: '/opt/jmx/agent.jar', servletPath: '/metrics/x' })).toBe(
      'PrometheusMonitoring Monitoring: servletPath "/metrics/x" applies to MonitoringMode.SERVLET only (the JMX exporter serves its own /metrics); remove servletPath, or set mode to MonitoringMode.SERVLET');
    expect(make({ servletPath: 3 as unknown as string })).toBe('PrometheusMonitoring Monitoring: servletPath 3 must be a string; got a number');
  });

  test('a sparkConf path that differs is an error naming both; a driver entry of the same path is accepted', () => {
    expect(renderError({ sparkConf: { 'spark.metrics.conf.*.sink.prometheusServlet.path': '/metrics/other' } }, { servletPath: '/metrics/driver/prometheus/' })).toBe(
      'SparkApp Etl: sparkConf["spark.metrics.conf.*.sink.prometheusServlet.path"] "/metrics/other" (set by sparkConf) conflicts with "/metrics/driver/prometheus/" set by PrometheusMonitoring Monitoring; set it in one place');
    expect(renderError({ sparkConf: { 'spark.metrics.conf.driver.sink.prometheusServlet.path': '/metrics/other' } }, { servletPath: '/metrics/driver/prometheus/' })).toBe(
      `${VALIDATION}SparkApp Etl: sparkConf["spark.metrics.conf.driver.sink.prometheusServlet.path"] "/metrics/other" overrides "/metrics/driver/prometheus/" set by PrometheusMonitoring Monitoring (spark.metrics.conf.*.sink.prometheusServlet.path) for the driver, so what reads that setting (e.g. a PodMonitor's path) no longer matches; set it in one place: remove spark.metrics.conf.driver.sink.prometheusServlet.path and let PrometheusMonitoring Monitoring set it`);
    expect(renderError({ sparkConf: { 'spark.metrics.conf.driver.sink.prometheusServlet.path': '/metrics/driver/prometheus/' } }, { servletPath: '/metrics/driver/prometheus/' })).toBe('(no error)');
  });
});

describe('PrometheusMonitoring processTreeMetrics (replaces the examples\' spark.executor.processTreeMetrics.enabled)', () => {
  test('true writes the key; the default writes nothing', () => {
    expect(render({}, { processTreeMetrics: true }).spark.spec.sparkConf['spark.executor.processTreeMetrics.enabled']).toBe('true');
    expect(render({}, {}).spark.spec.sparkConf['spark.executor.processTreeMetrics.enabled']).toBeUndefined();
    expect(render({}, { processTreeMetrics: false }).spark.spec.sparkConf['spark.executor.processTreeMetrics.enabled']).toBeUndefined();
  });

  test('a sparkConf value that differs is an error naming both; values from JavaScript are checked', () => {
    expect(renderError({ sparkConf: { 'spark.executor.processTreeMetrics.enabled': 'false' } }, { processTreeMetrics: true })).toBe(
      'SparkApp Etl: sparkConf["spark.executor.processTreeMetrics.enabled"] "false" (set by sparkConf) conflicts with "true" set by PrometheusMonitoring Monitoring; set it in one place');
    expect(renderError({}, { processTreeMetrics: 'yes' as unknown as boolean })).toBe(
      'PrometheusMonitoring Monitoring: processTreeMetrics "yes" must be true or false; got a string; give a boolean, not a string');
  });
});

describe('ShuffleStorage.onDemandPvc driverSize (replaces the examples\' spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.*)', () => {
  const pvc = (extra: object = {}) => ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(100), driverSize: Size.gibibytes(20), mountPath: '/data/spark-x/executor-x', ...extra });

  test('the driver gets an on-demand claim of its size, the same class and path; the resource model counts it', () => {
    const { spark, app } = render({ shuffleStorage: pvc() });
    expect(confOf(spark, 'spark.kubernetes.driver.volumes.')).toEqual({
      'spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path': '/data/spark-x/executor-x',
      'spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.mount.readOnly': 'false',
      'spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName': 'OnDemand',
      'spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit': '20Gi',
      'spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.options.storageClass': 'gp3',
    });
    expect(spark.spec.sparkConf['spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit']).toBe('100Gi');
    expect(app.resources().driver.onDemandClaims).toEqual([{ volumeName: 'spark-local-dir-1', storageClass: 'gp3', sizeMebibytes: 20480 }]);
  });

  test('without driverSize the driver keeps Spark\'s default local dir', () => {
    const { spark } = render({ shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(100) }) });
    expect(confOf(spark, 'spark.kubernetes.driver.volumes.')).toEqual({});
  });

  test('a sparkConf value that differs, a clashing driver mount and a driverSize that is no Size are errors', () => {
    expect(renderError({ shuffleStorage: pvc(), sparkConf: { 'spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit': '50Gi' } })).toBe(
      'SparkApp Etl: sparkConf["spark.kubernetes.driver.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit"] "50Gi" (set by sparkConf) conflicts with "20Gi" set by ShuffleStorage on-demand-pvc; set it in one place');
    expect(renderError({ shuffleStorage: pvc(), sparkConf: { 'spark.kubernetes.driver.volumes.emptyDir.scratch.mount.path': '/data/spark-x/executor-x' } })).toBe(
      `${VALIDATION}SparkApp Etl: sparkConf["spark.kubernetes.driver.volumes.emptyDir.scratch.mount.path"] "/data/spark-x/executor-x" (set by sparkConf) mounts volume scratch where ShuffleStorage on-demand-pvc mounts its local dir spark-local-dir-1 (the mount paths of a container must be unique); mount it elsewhere, or give ShuffleStorage on-demand-pvc another mountPath`);
    expect(errorOf(() => pvc({ driverSize: '20Gi' }))).toBe(
      'ShuffleStorage on-demand-pvc: driverSize "20Gi" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)');
    expect(errorOf(() => pvc({ driverSize: Size.gibibytes(0) }))).toBe('ShuffleStorage on-demand-pvc: driverSize 0Gi must be larger than zero; give a positive size');
  });
});

describe('SparkVolume.fromSparkConf: init containers and sidecars mount a volume Spark adds from its conf (the examples\' volume-permissions init containers)', () => {
  const container = (name: string, mounts: SparkVolumeMount[]): SparkContainer => ({
    name, image: 'busybox:1.36', command: ['sh', '-c', 'chown -R 185 /data'], volumeMounts: mounts, cpu: CpuCores.millis(100), memory: Size.mebibytes(64), runAsRoot: true,
  });
  const local = (path = '/data'): SparkVolumeMount => ({ volume: SparkVolume.fromSparkConf('spark-local-dir-1'), path });
  const pvc = ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(100), driverSize: Size.gibibytes(20) });

  test('the containers mount it by name and the templates do not declare it (Spark adds it to the same pod)', () => {
    const { spark } = render({ shuffleStorage: pvc, initContainers: [container('prepare', [local()])], executorSidecars: [container('watch', [local('/watched')])] });
    for (const role of ['driver', 'executor']) {
      const pod = spark.spec[role].template.spec;
      expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'spark-local-dir-1', mountPath: '/data', readOnly: false }]);
      expect((pod.volumes ?? []).map((v: any) => v.name)).not.toContain('spark-local-dir-1');
    }
    expect(spark.spec.executor.template.spec.containers[1].volumeMounts).toEqual([{ name: 'spark-local-dir-1', mountPath: '/watched', readOnly: false }]);
  });

  test('a volume the conf does not declare for the pod role is an error at synthesis', () => {
    expect(renderError({ executorInitContainers: [container('prepare', [local()])] })).toBe(
      `${VALIDATION}SparkApp Etl: executorInitContainers[0].volumeMounts[0].volume.name "spark-local-dir-1" is not declared by Spark's volume configuration of the executor pods (no spark.kubernetes.executor.volumes.<type>.spark-local-dir-1.mount.path), so Kubernetes would reject the pods; declare it (e.g. through shuffleStorage, whose local dir is spark-local-dir-1) or mount a volume of the pod template`);
    expect(renderError({ shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(100) }), initContainers: [container('prepare', [local()])] })).toBe(
      `${VALIDATION}SparkApp Etl: initContainers[0].volumeMounts[0].volume.name "spark-local-dir-1" is not declared by Spark's volume configuration of the driver pods (no spark.kubernetes.driver.volumes.<type>.spark-local-dir-1.mount.path), so Kubernetes would reject the pods; declare it (e.g. through shuffleStorage, whose local dir is spark-local-dir-1 and, with its driverSize, the driver's) or mount a volume of the pod template`);
  });

  test('the Spark container cannot mount it, and a template volume of the same name is an error', () => {
    expect(renderError({ shuffleStorage: pvc, driverVolumeMounts: [local()] })).toBe(
      'SparkApp Etl: driverVolumeMounts[0].volume.name "spark-local-dir-1" is a volume of Spark\'s volume configuration (SparkVolume.fromSparkConf), which Spark mounts into its own container already; mount it in init containers or sidecars only, or give the Spark container its own SparkVolume');
    expect(renderError({ shuffleStorage: pvc, driverVolumeMounts: [{ volume: SparkVolume.emptyDir('spark-local-dir-1'), path: '/scratch' }], driverInitContainers: [container('prepare', [local()])] })).toBe(
      'SparkApp Etl: driverInitContainers[0].volumeMounts[0].volume.name "spark-local-dir-1" is already the name of a volume of the driver pod template, added by prop driverVolumeMounts[0] (volume names must be unique per pod); give one of the two volumes another name');
    expect(renderError({ shuffleStorage: pvc, driverInitContainers: [container('prepare', [local()]), container('other', [{ volume: SparkVolume.emptyDir('spark-local-dir-1'), path: '/x' }])] })).toBe(
      'SparkApp Etl: driverInitContainers[1].volumeMounts[0].volume.name "spark-local-dir-1" is already the name of a volume of Spark\'s volume configuration mounted by prop driverInitContainers[0] (volume names must be unique per pod); give one of the two volumes another name');
    expect(errorOf(() => SparkVolume.fromSparkConf('Spark_Local'))).toBe(
      'SparkVolume.fromSparkConf: name "Spark_Local" must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters); use e.g. "spark-local"');
  });
});

describe('outputCommitter (replaces the examples\' mapreduce.fileoutputcommitter.algorithm.version)', () => {
  test('FILE_V1 and FILE_V2 write the algorithm; FILE_V2 warns that it is not atomic', () => {
    const v2 = render({ outputCommitter: OutputCommitter.FILE_V2 });
    expect(v2.spark.spec.sparkConf['spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version']).toBe('2');
    expect(SparkWarnings.of(v2.chart)).toEqual([
      'test/Etl: outputCommitter "file-v2" (FileOutputCommitter algorithm 2) is not atomic: a failed job, or a task that fails while committing, leaves partial output in the destination, and on object stores its renames are still copies; use OutputCommitter.S3A_MAGIC for s3a:// destinations, or OutputCommitter.FILE_V1 [file-committer-v2]',
    ]);
    const v1 = render({ outputCommitter: OutputCommitter.FILE_V1 });
    expect(v1.spark.spec.sparkConf['spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version']).toBe('1');
    expect(SparkWarnings.of(v1.chart)).toEqual([]);
    expect(render({}).spark.spec.sparkConf?.['spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version']).toBeUndefined();
  });

  test('S3A_MAGIC writes the magic committer and Spark\'s cloud commit protocol', () => {
    const { spark, chart } = render({ outputCommitter: OutputCommitter.S3A_MAGIC });
    expect({ ...confOf(spark, 'spark.hadoop.fs.s3a.committer'), ...confOf(spark, 'spark.sql.') }).toEqual({
      'spark.hadoop.fs.s3a.committer.name': 'magic',
      'spark.hadoop.fs.s3a.committer.magic.enabled': 'true',
      'spark.sql.sources.commitProtocolClass': 'org.apache.spark.internal.io.cloud.PathOutputCommitProtocol',
      'spark.sql.parquet.output.committer.class': 'org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter',
    });
    expect(SparkWarnings.of(chart)).toEqual([]);
  });

  test('a sparkConf or hadoopConf value that differs is an error naming both; values from JavaScript are checked', () => {
    expect(renderError({ outputCommitter: OutputCommitter.FILE_V1, hadoopConf: { 'mapreduce.fileoutputcommitter.algorithm.version': '2' } })).toBe(
      'SparkApp Etl: hadoopConf["mapreduce.fileoutputcommitter.algorithm.version"] "2" conflicts with "1" set by prop outputCommitter; set it in one place');
    expect(renderError({ outputCommitter: OutputCommitter.S3A_MAGIC, sparkConf: { 'spark.hadoop.fs.s3a.committer.name': 'directory' } })).toBe(
      'SparkApp Etl: sparkConf["spark.hadoop.fs.s3a.committer.name"] "directory" conflicts with "magic" set by prop outputCommitter; set it through outputCommitter only and remove the key');
    expect(renderError({ outputCommitter: '2' as OutputCommitter })).toBe(
      'SparkApp Etl: outputCommitter "2" is not an OutputCommitter; use one of OutputCommitter.FILE_V1, OutputCommitter.FILE_V2, OutputCommitter.S3A_MAGIC (values "file-v1", "file-v2", "s3a-magic")');
  });
});

describe('keys without effect that the examples copy are a warning', () => {
  test('fs.s3a.fast.upload (sparkConf or hadoopConf) and the executor, master and applications servlet paths', () => {
    const { chart } = render({
      sparkConf: {
        'spark.hadoop.fs.s3a.fast.upload': 'true',
        'spark.metrics.conf.executor.sink.prometheusServlet.path': '/metrics/executors/prometheus/',
        'spark.metrics.conf.master.sink.prometheusServlet.path': '/metrics/master/prometheus/',
      },
      hadoopConf: { 'fs.s3a.fast.upload': 'true' },
    });
    expect(SparkWarnings.of(chart)).toEqual([
      'test/Etl: sparkConf key spark.hadoop.fs.s3a.fast.upload has had no effect since Hadoop 3.0, where S3A always uploads through its block output stream (HADOOP-14738); remove it [no-effect-spark-key]',
      'test/Etl: sparkConf key spark.metrics.conf.executor.sink.prometheusServlet.path has no effect: executors run no UI, so no executor serves a PrometheusServlet (the driver serves the executor summaries at /metrics/executors/prometheus); remove it [no-effect-spark-key]',
      'test/Etl: sparkConf key spark.metrics.conf.master.sink.prometheusServlet.path applies to the standalone master only and has no effect on Kubernetes; remove it [no-effect-spark-key]',
      'test/Etl: hadoopConf key fs.s3a.fast.upload has had no effect since Hadoop 3.0, where S3A always uploads through its block output stream (HADOOP-14738); remove it [no-effect-spark-key]',
    ]);
  });
});
