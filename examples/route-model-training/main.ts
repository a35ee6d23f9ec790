// Seed 000's route-scoring model ("least air-pollution exposure" cycling routes), trained with
// PyTorch through Spark's TorchDistributor on 8 GPUs: 4 executors with 2 GPUs each, admitted all
// at once by Volcano (a barrier stage waits until every process runs). The model and checkpoints
// go to object storage (MODEL_OUTPUT_URI), metrics to MLflow; credentials come from Secrets.
//
// The training script reads its process count from its arguments and calls
//   TorchDistributor(num_processes=8, local_mode=False, use_gpu=True).run(train, ...)
// and saves to os.environ["MODEL_OUTPUT_URI"].
import { App, Chart, Size } from 'cdk8s';
import { CpuCores, GangScheduler, GpuTrainingJob, ModelOutput, SparkEnvValue, SparkNamespace, SparkVersion } from 'cdk8s-spark';

const PROCESSES = 8;

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'route-model-training');

  const ns = new SparkNamespace(chart, 'RouteMl', {
    quota: {
      cpuRequests: CpuCores.of(40),
      memoryRequests: Size.gibibytes(128),
      extendedResources: { 'nvidia.com/gpu': 8 },
      pods: 10,
    },
    egressDestinations: [
      { name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] },
      { name: 'mlflow', cidrs: ['10.50.0.0/24'], ports: [443] },
    ],
  });

  new GpuTrainingJob(chart, 'RouteScoringModel', {
    sparkNamespace: ns,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.example/ml/route-scoring:3.5.5-torch2.4-cu124',
    mainApplicationFile: 'local:///opt/route-scoring/train.py',
    arguments: ['--num-processes', `${PROCESSES}`, '--epochs', '30', '--features', 's3://route-data/features/exposure/'],
    driverMemory: Size.gibibytes(2),
    executorCores: 8,
    executorMemory: Size.gibibytes(16),
    gpusPerExecutor: 2,
    gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
    distributedTraining: { numProcesses: PROCESSES },
    gangScheduler: GangScheduler.volcano({ queue: 'gpu-training' }),
    modelOutput: ModelOutput.objectStore('s3://ml-models/route-scoring/'),
    experimentTracking: {
      mlflowTrackingUri: 'https://mlflow.example',
      experimentName: 'route-scoring',
      credentials: { MLFLOW_TRACKING_TOKEN: SparkEnvValue.fromSecret('mlflow', 'token') },
    },
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('ml-models', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('ml-models', 'secret-access-key'),
    },
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
