// The TPC-DS job of examples/tpcds-on-pvc on an Apache Celeborn remote shuffle service: the
// construct deploys the Celeborn cluster (3 masters in a Raft group, 4 workers with a 500 GiB SSD
// claim each) next to the job, and the job pushes its shuffle data there. Executors then hold no
// shuffle data, so dynamic allocation releases idle executors without shuffle tracking (Spark 3.5
// with Celeborn's CelebornShuffleDataIO plugin). The Celeborn client jar is baked into the image.
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  CelebornCluster, CpuCores, RestartPolicy, ShuffleStorage, SparkApp, SparkEnvValue, SparkNamespace, SparkVersion,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'tpcds-on-celeborn');

  // The benchmark team's namespace: its quota covers the job at its peak and the Celeborn cluster.
  const benchmarks = new SparkNamespace(chart, 'SparkBenchmarks', {
    quota: {
      cpuRequests: CpuCores.of(120),
      memoryRequests: Size.gibibytes(560),
      pods: 40,
      persistentVolumeClaims: 10,
      storageByClass: { 'fast-ssd': Size.gibibytes(2500) },
    },
    egressDestinations: [{ name: 'object-store', cidrs: ['52.219.0.0/16'], ports: [443] }],
  });

  const celeborn = new CelebornCluster(chart, 'Celeborn', {
    name: 'celeborn',
    sparkNamespace: benchmarks,
    version: '0.6.1',
    storageClassName: 'fast-ssd',
    workerReplicas: 4,
    workerStorageSize: Size.gibibytes(500),
    workerMemory: Size.gibibytes(4),
    workerOffHeapMemory: Size.gibibytes(12),
    nodeSelector: { 'node.kubernetes.io/pool': 'shuffle' },
  });

  new SparkApp(chart, 'TpcdsOnCeleborn', {
    name: 'tpcds-sf3000-celeborn',
    sparkNamespace: benchmarks,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.example.com/spark/tpcds-benchmark:3.5.5-1',
    mainApplicationFile: 'local:///opt/spark/examples/jars/eks-spark-benchmark-assembly-1.0.jar',
    mainClass: 'com.amazonaws.eks.tpcds.BenchmarkSQL',
    // data location, result location, dsdgen dir, format, scale factor, iterations,
    // optimize queries, queries to run, only warn on errors
    arguments: [
      's3a://tpcds-data/sf3000-parquet/', 's3a://tpcds-results/celeborn/', '/opt/tpcds-kit/tools', 'parquet',
      '3000', '1', 'false', 'q14a-v2.4,q23a-v2.4,q64-v2.4,q72-v2.4,q78-v2.4', 'true',
    ],
    driverCores: 2,
    driverMemory: Size.gibibytes(8),
    executorCores: 4,
    executorMemory: Size.gibibytes(16),
    dynamicAllocation: {
      minExecutors: 4,
      initialExecutors: 16,
      maxExecutors: 24,
      // Celeborn holds the shuffle data (Spark 3.5+): idle executors can go at once.
      shuffleTracking: false,
      executorIdleTimeout: Duration.minutes(2),
    },
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
    shuffleStorage: ShuffleStorage.celeborn(celeborn, {
      clientJar: '/opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar',
    }),
  });
  return app;
}

/** The namespace's quota against the job's peak and the Celeborn cluster. */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  build().synth();
}
