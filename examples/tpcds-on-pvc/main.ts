// A shuffle-heavy batch job: the TPC-DS benchmark (aws-samples/eks-spark-benchmark runner, baked
// into the image with the tpcds-kit) at scale factor 3000, on 16 executors whose shuffle files live
// on a PersistentVolumeClaim each. A lost executor's claim is reused by its replacement, which
// recovers the shuffle files instead of recomputing them; executors being removed migrate their
// blocks first, to a peer or to the fallback bucket. The claims count in the app's peak figures.
import { App, Chart, Duration, Size } from 'cdk8s';
import { RestartPolicy, ShuffleStorage, SparkApp, SparkEnvValue, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'tpcds-on-pvc', { namespace: 'spark-benchmarks' });

  new SparkApp(chart, 'TpcdsOnPvc', {
    name: 'tpcds-sf3000-pvc',
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.example.com/spark/tpcds-benchmark:3.5.5-1',
    mainApplicationFile: 'local:///opt/spark/examples/jars/eks-spark-benchmark-assembly-1.0.jar',
    mainClass: 'com.amazonaws.eks.tpcds.BenchmarkSQL',
    // data location, result location, dsdgen dir, format, scale factor, iterations,
    // optimize queries, queries to run, only warn on errors
    arguments: [
      's3a://tpcds-data/sf3000-parquet/', 's3a://tpcds-results/pvc/', '/opt/tpcds-kit/tools', 'parquet',
      '3000', '1', 'false', 'q14a-v2.4,q23a-v2.4,q64-v2.4,q72-v2.4,q78-v2.4', 'true',
    ],
    driverCores: 2,
    driverMemory: Size.gibibytes(8),
    executorCores: 4,
    executorMemory: Size.gibibytes(16),
    executorInstances: 16,
    sparkConf: {
      'spark.sql.shuffle.partitions': '2000',
      'spark.sql.adaptive.enabled': 'true',
    },
    hadoopConf: { 'fs.s3a.endpoint': 'https://s3.eu-central-1.amazonaws.com' },
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('tpcds-s3', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('tpcds-s3', 'secret-access-key'),
    },
    eventLogDir: 's3a://tpcds-results/spark-events',
    restartPolicy: RestartPolicy.onFailure({ retries: 1, retryInterval: Duration.minutes(2) }),
    shuffleStorage: ShuffleStorage.onDemandPvc({
      storageClass: 'gp3',
      size: Size.gibibytes(500),
      decommissioning: { fallbackStoragePath: 's3a://tpcds-scratch/shuffle-fallback/' },
    }),
  });
  return app;
}

/** The app's peak: driver plus executors, and one claim per executor. */
export function report(app: App): string {
  const job = app.node.findAll().find((c): c is SparkApp => c instanceof SparkApp)!;
  const peak = job.resources().peak;
  return `  peak: ${peak.pods} pods, ${peak.memoryRequestMebibytes} MiB memory, `
    + `${peak.persistentVolumeClaims} PVCs, `
    + Object.entries(peak.storageByClassMebibytes).map(([sc, mib]) => `${mib / 1024} GiB of ${sc}`).join(', ');
}

if (require.main === module) {
  build().synth();
}
