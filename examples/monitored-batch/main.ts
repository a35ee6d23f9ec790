// Monitoring for an analytics team's Spark apps in one line each: a nightly batch report, a
// PySpark job and a Structured Streaming job, scraped by the cluster's kube-prometheus-stack, with
// alerts routed to the team and a Grafana dashboard. The team's SparkNamespace lets Prometheus
// (namespace "monitoring") reach the driver UI port through its NetworkPolicy. The platform team's
// own job reports to the platform's Prometheus, which selects ServiceMonitors only.
import { App, Chart, Duration, Size } from 'cdk8s';
import { helmResolvers } from '../helm';
import { PrometheusMonitoring, RestartPolicy, ScrapeTarget, SparkApp, SparkNamespace, SparkVersion } from 'cdk8s-spark';

const spark = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/analytics/spark-jobs:3.5.5-r7',
};

export function build(outdir?: string): App {
  const app = new App({ outdir, resolvers: helmResolvers(outdir) });
  const chart = new Chart(app, 'monitored-batch');

  const analytics = new SparkNamespace(chart, 'Analytics');
  const monitoring = new PrometheusMonitoring(chart, 'SparkMonitoring', {
    monitorLabels: { release: 'kube-prometheus-stack' },
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

  // The platform team's Prometheus (namespace "platform-monitoring") reads ServiceMonitors only
  // (no podMonitorSelector): its monitoring scrapes through a headless Service per app and a
  // ServiceMonitor instead of a PodMonitor, with the same endpoints and labels.
  const platform = new SparkNamespace(chart, 'Platform');
  const platformMonitoring = new PrometheusMonitoring(chart, 'PlatformMonitoring', {
    scrapeTarget: ScrapeTarget.SERVICE_MONITOR,
    monitorLabels: { prometheus: 'platform' },
    alertLabels: { team: 'platform' },
    prometheusNamespace: 'platform-monitoring',
  });
  new SparkApp(chart, 'TableCompaction', {
    ...spark,
    sparkNamespace: platform,
    mainApplicationFile: 'local:///opt/analytics/jars/lakehouse-maintenance-2.0.1.jar',
    mainClass: 'com.example.lakehouse.CompactTables',
    executorMemory: Size.gibibytes(4),
    executorInstances: 2,
    schedule: { cron: '0 1 * * 0', timeZone: 'Europe/Berlin' },
    monitoring: platformMonitoring,
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
