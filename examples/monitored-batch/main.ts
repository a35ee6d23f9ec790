// Monitoring for an analytics team's Spark apps in one line each: a nightly batch report, a
// PySpark job and a Structured Streaming job, scraped by the cluster's kube-prometheus-stack, with
// alerts routed to the team and a Grafana dashboard. The team's SparkNamespace lets Prometheus
// (namespace "monitoring") reach the driver UI port through its NetworkPolicy.
import { App, Chart, Duration, Size } from 'cdk8s';
import { PrometheusMonitoring, RestartPolicy, SparkApp, SparkNamespace, SparkVersion } from 'cdk8s-spark';

const spark = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/analytics/spark-jobs:3.5.5-r7',
};

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'monitored-batch');

  const analytics = new SparkNamespace(chart, 'Analytics');
  const monitoring = new PrometheusMonitoring(chart, 'SparkMonitoring', {
    podMonitorLabels: { release: 'kube-prometheus-stack' },
    alertLabels: { team: 'analytics' },
    prometheusNamespace: 'monitoring',
  });

  // Batch apps opt in with their monitoring prop.
  new SparkApp(chart, 'DailyRevenue', {
    ...spark,
    sparkNamespace: analytics,
    mainApplicationFile: 'local:///opt/analytics/jars/reports-assembly-3.1.0.jar',
    mainClass: 'com.example.reports.DailyRevenue',
    executorCores: 2,
    executorMemory: Size.gibibytes(8),
    executorInstances: 4,
    schedule: { cron: '15 3 * * *', timeZone: 'Europe/Berlin' },
    monitoring,
  });
  new SparkApp(chart, 'Wordcount', {
    ...spark,
    image: 'registry.example/analytics/spark-jobs:3.5.5-r7-python3',
    sparkNamespace: analytics,
    mainApplicationFile: 'local:///opt/spark/examples/src/main/python/wordcount.py',
    arguments: ['s3a://analytics-raw/books/'],
    executorMemory: Size.gibibytes(2),
    monitoring,
  });

  // A streaming app declares its named queries and trigger interval: falling-behind, slow-batch
  // and state-growth alerts per query, and a driver-down alert.
  const clickstream = new SparkApp(chart, 'Clickstream', {
    ...spark,
    sparkNamespace: analytics,
    tier: 'streaming',
    mainApplicationFile: 'local:///opt/analytics/jars/clickstream-assembly-1.4.2.jar',
    mainClass: 'com.example.streams.Clickstream',
    executorCores: 2,
    executorMemory: Size.gibibytes(4),
    executorInstances: 3,
    restartPolicy: RestartPolicy.always(),
  });
  monitoring.watch(clickstream, { streamingQueryNames: ['sessions', 'page_views'], triggerInterval: Duration.seconds(30) });
  return app;
}

if (require.main === module) {
  build().synth();
}
