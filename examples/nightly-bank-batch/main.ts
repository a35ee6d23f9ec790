// Seed 001's bank: the T+1 batch that reconciles the previous day's transactions, every night at
// 02:30 Frankfurt time, never two runs at once, retried on failure.
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  ConcurrencyPolicy, RestartPolicy, SparkApp, SparkEnvValue, SparkVersion, SparkVolume,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'nightly-bank-batch', { namespace: 'bank-batch' });

  const rules = SparkVolume.configMap('reconciliation-rules', 'reconciliation-rules');
  new SparkApp(chart, 'TPlusOneReconciliation', {
    name: 't-plus-one-reconciliation',
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.bank.example/spark/reconciliation:3.5.5-r42',
    mainApplicationFile: 'local:///opt/bank/jars/reconciliation-assembly-2.4.0.jar',
    mainClass: 'com.bank.batch.TPlusOneReconciliation',
    arguments: ['--business-date', 'yesterday'],
    imagePullSecrets: ['bank-registry'],
    driverMemory: Size.gibibytes(4),
    executorCores: 4,
    executorMemory: Size.gibibytes(8),
    executorInstances: 6,
    hadoopConf: { 'fs.s3a.endpoint': 'https://objects.bank.example' },
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('batch-object-store', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('batch-object-store', 'secret-access-key'),
    },
    driverVolumeMounts: [{ volume: rules, path: '/etc/reconciliation' }],
    executorVolumeMounts: [{ volume: rules, path: '/etc/reconciliation' }],
    nodeSelector: { 'node.kubernetes.io/pool': 'batch' },
    eventLogDir: 's3a://bank-spark-logs/events',
    restartPolicy: RestartPolicy.onFailure({ retries: 2, retryInterval: Duration.minutes(5) }),
    schedule: {
      cron: '30 2 * * *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: ConcurrencyPolicy.FORBID,
      successfulRunHistoryLimit: 3,
      failedRunHistoryLimit: 5,
    },
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
