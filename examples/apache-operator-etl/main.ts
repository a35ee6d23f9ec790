// A nightly-triggered batch ETL on the Apache spark-kubernetes-operator (spark.apache.org/v1):
// Spark 4.0.1 reads the day's raw orders from S3, joins and aggregates them (a shuffle-heavy job
// whose shuffle files live on one on-demand claim per executor) and writes the curated tables back.
// The team's SparkNamespace holds the quota and the driver's least-privilege identity; Prometheus
// scrapes the driver through a PodMonitor. The operator must watch the namespace (its Helm chart:
// `workloadResources.namespaces.data: [orders-etl]`); it runs no pod there.
// The Apache operator has no scheduled kind: an external scheduler (Argo Workflows, Airflow, a
// CronJob with kubectl) creates the SparkApplication each night; timeToLive removes it the next day.
import { App, Chart, Duration, Size } from 'cdk8s';
import { helmResolvers } from '../helm';
import {
  CpuCores, PrometheusMonitoring, RestartPolicy, ShuffleStorage, SparkApp, SparkBackend, SparkEnvValue, SparkNamespace, SparkVersion,
  SparkWarnings,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir, resolvers: helmResolvers(outdir) });
  const chart = new Chart(app, 'apache-operator-etl');

  const team = new SparkNamespace(chart, 'OrdersEtl', {
    name: 'orders-etl',
    quota: { cpuRequests: CpuCores.of(64), memoryRequests: Size.gibibytes(256), pods: 40 },
    apiServerCidrs: ['10.96.0.1/32'],
  });
  const monitoring = new PrometheusMonitoring(chart, 'Monitoring', {
    monitorLabels: { release: 'kube-prometheus-stack' },
    alertLabels: { team: 'orders' },
    prometheusNamespace: 'monitoring',
  });

  const curate = new SparkApp(chart, 'CurateOrders', {
    name: 'curate-orders',
    sparkNamespace: team,
    backend: SparkBackend.apacheOperator({
      // Executors' on-demand claims may wait for a volume; the driver for a node from the autoscaler.
      driverStartTimeout: Duration.minutes(10),
      // Keep a failed run's driver pod for a day to read its logs.
      retainFailedRun: Duration.hours(24),
    }),
    sparkVersion: SparkVersion.of('4.0.1'),
    image: 'registry.example/orders/etl:4.0.1-r12',
    mainApplicationFile: 'local:///opt/orders/jars/orders-etl-assembly-2.3.0.jar',
    mainClass: 'com.example.orders.CurateOrders',
    arguments: ['--input', 's3a://orders-raw/daily/', '--output', 's3a://orders-curated/'],
    driverCores: 1,
    driverMemory: Size.gibibytes(4),
    executorCores: 4,
    executorMemory: Size.gibibytes(12),
    executorInstances: 8,
    sparkConf: {
      'spark.sql.shuffle.partitions': '512',
      'spark.sql.adaptive.enabled': 'true',
    },
    hadoopConf: { 'fs.s3a.endpoint': 'https://s3.eu-central-1.amazonaws.com' },
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('orders-s3', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('orders-s3', 'secret-access-key'),
    },
    eventLogDir: 's3a://orders-curated/spark-events',
    restartPolicy: RestartPolicy.onFailure({ retries: 2, retryInterval: Duration.minutes(5) }),
    timeToLive: Duration.hours(20),
    shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(200) }),
    monitoring,
  });
  // Understood: a run the operator could not start (quota exceeded) uses up one of the 2 retries.
  SparkWarnings.acknowledge(curate, 'apache-restart-counters');
  return app;
}

if (require.main === module) {
  build().synth();
}
