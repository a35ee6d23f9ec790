// One app, four ways of running it. The same definition (a tenant namespace and a nightly-style
// PySpark aggregation with its resources, conf, event log and a Secret-backed credential) is
// synthesized once per back-end, each in its own example folder: same-app-kubeflow,
// same-app-apache-operator, same-app-stackable and same-app-spark-submit. The pods Spark creates are
// the same under each (test/backend-pods.test.ts rebuilds them from each folder's output).
import { App, Chart, Size } from 'cdk8s';
import { CpuCores, SparkApp, SparkApplicationType, SparkBackend, SparkEnvValue, SparkImage, SparkNamespace, SparkVersion } from 'cdk8s-spark';

/**
 * The app and its tenant, for one back-end. Spark 4.1.1 runs under all four (the Apache operator
 * needs 4.0+, Stackable 26.3 ships 4.1.1). The Stackable operator runs spark-submit from the app's
 * image, so there the image is Stackable's build of the same release; elsewhere Apache's.
 */
export function buildSameApp(backend: SparkBackend, outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, `same-app-${backend.name}`);

  const tenant = new SparkNamespace(chart, 'Sales', {
    name: 'sales-analytics',
    quota: { cpuRequests: CpuCores.of(40), memoryRequests: Size.gibibytes(160), pods: 40 },
  });

  new SparkApp(chart, 'DailyRevenue', {
    backend,
    sparkNamespace: tenant,
    type: SparkApplicationType.PYTHON,
    sparkVersion: SparkVersion.of('4.1.1'),
    ...(backend.name === 'stackable'
      ? { imagePreset: SparkImage.stackable('4.1.1-stackable26.3.0') }
      : { image: 'apache/spark:4.1.1-python3' }),
    mainApplicationFile: 's3a://sales-jobs/daily_revenue.py',
    arguments: ['--date', '2026-12-01'],
    driverCores: 1,
    // CPU limits given: the Stackable operator always sets one (the request, unless given), so
    // with them the pods are the same under all four back-ends.
    driverCoreLimit: CpuCores.of(1),
    driverMemory: Size.gibibytes(2),
    executorCores: 2,
    executorCoreRequest: CpuCores.millis(1800),
    executorCoreLimit: CpuCores.of(2),
    executorMemory: Size.gibibytes(6),
    executorInstances: 6,
    sparkConf: {
      'spark.sql.shuffle.partitions': '96',
      'spark.sql.adaptive.enabled': 'true',
      'spark.executor.pyspark.memory': '1g',
    },
    hadoopConf: { 'fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider' },
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('sales-s3', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('sales-s3', 'secret-access-key'),
    },
    eventLogDir: 's3a://sales-spark-logs/events',
  });
  return app;
}
