// The README's quick start, kept here so that it is type-checked, synthesized and validated.
import { App, Chart, Duration, Size } from 'cdk8s';
import { CpuCores, SparkApp, SparkNamespace, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'analytics');

  const team = new SparkNamespace(chart, 'Analytics', {
    quota: { cpuRequests: CpuCores.of(32), memoryRequests: Size.gibibytes(128), pods: 40 },
  });

  new SparkApp(chart, 'DailyEtl', {
    sparkNamespace: team,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
    mainClass: 'org.apache.spark.examples.SparkPi',
    executorMemory: Size.gibibytes(4),
    dynamicAllocation: { minExecutors: 1, maxExecutors: 10, shuffleTrackingTimeout: Duration.minutes(30) },
    schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' },
  });
  return app;
}

export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  build().synth();
}
