// Spark UIs behind an ingress-nginx controller: a nightly report runs with its live UI at
// https://spark.analytics.example/analytics/nyc-taxi-report/ while it runs, and a history server
// on a shared ReadWriteMany claim serves every finished run at https://spark.analytics.example/history/.
// Both sit behind the namespace's default-deny policy; NetworkPolicies let the controller in.
import { App, Chart, Size } from 'cdk8s';
import {
  EventLogStore, LogLayout, SparkApp, SparkHistoryServer, SparkLogging, SparkNamespace, SparkUiIngress, SparkVersion,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'spark-ui-ingress');
  const ingress = { ingressClassName: 'nginx', host: 'spark.analytics.example', tlsSecretName: 'spark-analytics-tls' };

  const analytics = new SparkNamespace(chart, 'Analytics', {});

  const history = new SparkHistoryServer(chart, 'History', {
    sparkNamespace: analytics,
    sparkVersion: SparkVersion.of('3.5.5'),
    store: EventLogStore.sharedClaim({ claimName: 'spark-events' }),
    ingress: { ...ingress, path: '/history' },
  });

  new SparkApp(chart, 'NycTaxiReport', {
    sparkNamespace: analytics,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5',
    mainApplicationFile: 'local:///opt/spark/examples/src/main/python/sql/basic.py',
    executorMemory: Size.gibibytes(2),
    historyServer: history,
    features: [
      new SparkUiIngress(ingress),
      new SparkLogging({ layout: LogLayout.PATTERN }),
    ],
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
