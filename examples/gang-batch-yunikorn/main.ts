// A CPU batch job gang-scheduled by Apache YuniKorn, the usual gang setup on EKS: the nightly
// sessionization of a web shop's clickstream. YuniKorn reserves the driver and all 12 executors
// with placeholder pods before the driver starts, so the job never holds half its executors while
// the cluster autoscaler (Karpenter) is still adding nodes for the rest, and two such jobs never
// deadlock on a queue's capacity. The gang sizes are the pods' exact requests, from the same
// resource model as the namespace quota check.
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  CpuCores, GangScheduler, RestartPolicy, SparkApp, SparkEnvValue, SparkNamespace, SparkVersion, TaintEffect,
  TolerationOperator,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'gang-batch-yunikorn');

  const ns = new SparkNamespace(chart, 'Clickstream', {
    quota: {
      cpuRequests: CpuCores.of(64),
      memoryRequests: Size.gibibytes(256),
      pods: 20,
    },
    egressDestinations: [{ name: 'object-store', cidrs: ['0.0.0.0/0'], ports: [443] }],
  });

  new SparkApp(chart, 'Sessionize', {
    sparkNamespace: ns,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.example/analytics/clickstream:3.5.5-1.8.2',
    mainApplicationFile: 'local:///opt/clickstream/jars/clickstream-assembly-1.8.2.jar',
    mainClass: 'com.example.clickstream.Sessionize',
    arguments: ['--date', 'yesterday', '--in', 's3a://shop-events/raw/', '--out', 's3a://shop-events/sessions/'],
    driverMemory: Size.gibibytes(4),
    executorCores: 4,
    executorMemory: Size.gibibytes(12),
    executorInstances: 12,
    // Karpenter's on-demand batch pool, tainted so only batch pods land there; the placeholders
    // YuniKorn creates carry the same node selector and toleration.
    nodeSelector: { 'karpenter.sh/nodepool': 'spark-batch' },
    tolerations: [{ key: 'workload', operator: TolerationOperator.EQUAL, value: 'spark-batch', effect: TaintEffect.NO_SCHEDULE }],
    gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch', placeholderTimeout: Duration.minutes(10) }),
    env: { AWS_REGION: SparkEnvValue.value('eu-west-1') },
    eventLogDir: 's3a://shop-spark-logs/events',
    restartPolicy: RestartPolicy.onFailure({ retries: 1, retryInterval: Duration.minutes(10) }),
  });
  return app;
}

/** The namespace's quota against the job's peak (printed by `npm run synth`). */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  build().synth();
}
