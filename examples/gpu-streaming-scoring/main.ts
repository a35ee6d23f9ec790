// Real-time fraud scoring on GPUs: card transactions arrive on Kafka, a Structured Streaming job
// builds features per card over sliding windows (RocksDB state) and scores each micro-batch with
// the RAPIDS Accelerator on NVIDIA L4 executors, writing the scores back to Kafka.
//
// One SparkApp carries two features that compose: StructuredStreaming (Kafka, checkpoint, state,
// restarts, driver disruption budget) and GpuAcceleration (GPU executors, RAPIDS, /dev/shm, the
// pinned host pool). Both add memory outside the JVM heap (RocksDB's bounded memory, the pinned
// pool), and the executor's memory overhead holds both, so the pod's limit, the namespace check
// and `app.resources()` agree with what runs.
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  CpuCores, GpuAcceleration, KafkaSaslMechanism, RestartPolicy, SparkApp, SparkEnvValue, SparkNamespace, SparkVersion,
  StreamingCheckpoint, StructuredStreaming,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'gpu-streaming-scoring');

  const fraud = new SparkNamespace(chart, 'Fraud', {
    quota: {
      cpuRequests: CpuCores.of(24),
      memoryRequests: Size.gibibytes(96),
      memoryLimits: Size.gibibytes(96),
      extendedResources: { 'nvidia.com/gpu': 4 },
      pods: 10,
    },
    egressDestinations: [
      { name: 'kafka', cidrs: ['10.20.0.0/16'], ports: [9093] },
      { name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] },
      { name: 'maven-mirror', cidrs: ['10.50.0.0/24'], ports: [443] },
    ],
  });

  new SparkApp(chart, 'CardScoring', {
    sparkNamespace: fraud,
    tier: fraud.tierNames[0],
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.bank.example/fraud/card-scoring:3.5.5-rapids26.06.0-scala2.12',
    mainApplicationFile: 'local:///opt/fraud/jobs/score_transactions.py',
    packages: ['org.apache.hadoop:hadoop-aws:3.3.4'],
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('checkpoint-store', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('checkpoint-store', 'secret-access-key'),
    },
    driverMemory: Size.gibibytes(4),
    executorCores: 4,
    executorMemory: Size.gibibytes(12),
    executorInstances: 4,
    restartPolicy: RestartPolicy.always(),
    features: [
      new StructuredStreaming({
        kafka: {
          bootstrapServers: ['kafka-0.payments.bank.example:9093', 'kafka-1.payments.bank.example:9093'],
          topics: ['card-transactions'],
          maxOffsetsPerTrigger: 500000,
          sasl: {
            mechanism: KafkaSaslMechanism.SCRAM_SHA_512,
            username: SparkEnvValue.fromSecret('kafka-scoring', 'username'),
            password: SparkEnvValue.fromSecret('kafka-scoring', 'password'),
          },
          sinkTopic: 'card-scores',
        },
        checkpoint: StreamingCheckpoint.uri('s3a://fraud-checkpoints/card-scoring'),
        queryNames: ['card-scores'],
        triggerInterval: Duration.seconds(10),
        rocksdbMaxMemory: Size.gibibytes(1),
        shufflePartitions: 64,
      }),
      new GpuAcceleration({
        gpusPerExecutor: 1,
        nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
        rapids: { jar: 'local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar' },
      }),
    ],
  });
  return app;
}

/** Printed by `npm run synth`: the namespace's quota against the app's peak, GPUs included. */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  const app = build();
  app.synth();
  process.stdout.write(report(app));
}
