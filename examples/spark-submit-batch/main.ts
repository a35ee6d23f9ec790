// Spark without an operator: a nightly PySpark-free JVM batch job submitted by a Kubernetes CronJob
// running spark-submit in cluster mode, in a tenant namespace that restricts egress (the submitter
// gets egress to the API server only), and a one-off backfill as a plain Job.
import { App, Chart, Duration, Size } from 'cdk8s';
import { ConcurrencyPolicy, CpuCores, RestartPolicy, SparkApp, SparkBackend, SparkNamespace, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'spark-submit-batch');

  const team = new SparkNamespace(chart, 'Reporting', {
    name: 'reporting',
    quota: { cpuRequests: CpuCores.of(24), memoryRequests: Size.gibibytes(96), pods: 30 },
    apiServerCidrs: ['10.96.0.1/32'],
  });

  const common = {
    sparkNamespace: team,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
    mainClass: 'org.apache.spark.examples.SparkPi',
    backend: SparkBackend.sparkSubmit(),
  };

  new SparkApp(chart, 'NightlyReport', {
    ...common,
    arguments: ['2000'],
    executorInstances: 4,
    executorMemory: Size.gibibytes(4),
    restartPolicy: RestartPolicy.onFailure({ retries: 2 }),
    timeToLive: Duration.hours(12),
    schedule: { cron: '0 4 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: ConcurrencyPolicy.FORBID },
  });

  new SparkApp(chart, 'Backfill', {
    ...common,
    arguments: ['500'],
    executorInstances: 2,
    timeToLive: Duration.hours(1),
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
