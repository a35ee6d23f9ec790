// Seed 002's demo workload, submitted as in the talk: spark-submit in cluster mode against the
// Kubernetes API server, with no operator. Collaborative filtering (ALS) on MovieLens ratings with
// the Spark examples jar, scaling executors with dynamic allocation (shuffle tracking, since
// Kubernetes has no external shuffle service) and writing event logs for the history server. The
// app becomes a Job whose pod runs spark-submit with the app's conf and pod templates.
import { App, Chart, Duration, Size } from 'cdk8s';
import { CpuCores, RestartPolicy, SparkApp, SparkBackend, SparkVersion, SparkWarnings } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'movielens-als', { namespace: 'recommendations' });

  const als = new SparkApp(chart, 'MovielensAls', {
    backend: SparkBackend.sparkSubmit(),
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
    mainClass: 'org.apache.spark.examples.mllib.MovieLensALS',
    arguments: ['--rank', '10', '--numIterations', '15', '--lambda', '0.1', '--kryo',
      'local:///opt/spark/data/mllib/sample_movielens_data.txt'],
    driverCores: 1,
    driverMemory: Size.gibibytes(2),
    executorCores: 2,
    executorCoreRequest: CpuCores.millis(1800),
    executorCoreLimit: CpuCores.of(2),
    executorMemory: Size.gibibytes(4),
    dynamicAllocation: {
      minExecutors: 1,
      initialExecutors: 2,
      maxExecutors: 8,
      shuffleTrackingTimeout: Duration.minutes(10),
    },
    sparkConf: {
      'spark.serializer': 'org.apache.spark.serializer.KryoSerializer',
      'spark.sql.shuffle.partitions': '64',
    },
    eventLogDir: 's3a://analytics-spark-logs/events',
    restartPolicy: RestartPolicy.onFailure({ retries: 2, retryInterval: Duration.minutes(1) }),
    timeToLive: Duration.days(1),
  });

  // Two retries of the whole submission (the Job's backoffLimit) with Kubernetes' back-off: intended.
  SparkWarnings.acknowledge(als, 'spark-submit-retries');

  // The figures Spark will put on the pods, before anything is deployed.
  const r = als.resources();
  chart.node.addMetadata('peak', `${r.peak.pods} pods, ${r.peak.cpuRequestMillis}m CPU, ${r.peak.memoryRequestMebibytes}Mi`);
  return app;
}

if (require.main === module) {
  build().synth();
}
