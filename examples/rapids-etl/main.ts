// Seed 000's route-scoring platform, its nightly feature ETL on GPUs: air-quality sensor readings
// and cycling traffic counts joined per road segment into the exposure features the route-scoring
// model trains on, with the RAPIDS Accelerator running the SQL on the GPUs. The team's namespace
// has a quota that includes GPUs, so the job's 4 GPUs are counted against it.
import { App, Chart, Size } from 'cdk8s';
import { CpuCores, GpuTrainingJob, RapidsExplain, SparkEnvValue, SparkNamespace, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'rapids-etl');

  const ns = new SparkNamespace(chart, 'RouteEtl', {
    quota: {
      cpuRequests: CpuCores.of(40),
      memoryRequests: Size.gibibytes(160),
      extendedResources: { 'nvidia.com/gpu': 4 },
      pods: 10,
    },
    egressDestinations: [{ name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] }],
  });

  new GpuTrainingJob(chart, 'RouteFeatures', {
    sparkNamespace: ns,
    sparkVersion: SparkVersion.of('3.5.5'),
    // An image with Spark 3.5.5 (Scala 2.12), CUDA 12 and the plugin under /opt/sparkRapidsPlugin,
    // as in NVIDIA's Kubernetes guide.
    image: 'registry.example/ml/route-features:3.5.5-rapids26.06.0',
    mainApplicationFile: 'local:///opt/route-features/build_features.py',
    arguments: ['--date', 'yesterday', '--out', 's3a://route-data/features/exposure/'],
    driverMemory: Size.gibibytes(2),
    executorCores: 8,
    executorMemory: Size.gibibytes(24),
    executorInstances: 4,
    gpuDiscoveryScript: '/opt/sparkRapidsPlugin/getGpusResources.sh',
    gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
    rapids: {
      jar: 'local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar',
      pinnedPoolSize: Size.gibibytes(2),
      explain: RapidsExplain.NOT_ON_GPU,
    },
    hadoopConf: { 'fs.s3a.endpoint': 'https://objects.example' },
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('route-data', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('route-data', 'secret-access-key'),
    },
    eventLogDir: 's3a://route-data/spark-events',
  });
  return app;
}

/** The namespace's quota against the job's peak, GPUs included (printed by `npm run synth`). */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  build().synth();
}
