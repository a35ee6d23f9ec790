// Seed 001's bank as a platform: the T+1 batch team and the reporting team in their own
// namespaces, the kubeflow spark-operator installed by Argo CD with values generated from the
// tenants, YuniKorn queues sized from the quotas (the nightly reconciliation is gang-scheduled in
// its team's queue), Prometheus monitoring, and the platform report (PLATFORM.md in this folder).
import { App, Chart, Duration, Size } from 'cdk8s';
import { helmChartDir, helmResolvers } from '../helm';
import {
  CpuCores, GangScheduler, PlatformReport, PrometheusMonitoring, SchedulerQueues, SparkApp, SparkNamespace, SparkOperatorInstall,
  SparkVersion,
} from 'cdk8s-spark';

const spark = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.bank.example/spark/jobs:3.5.5-r42',
  imagePullSecrets: ['bank-registry'],
};

export function build(outdir?: string): App {
  const app = new App({ outdir, resolvers: helmResolvers(outdir) });
  const chart = new Chart(app, 'bank-platform');
  const objectStore = { name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] };

  // The T+1 batch team: big nightly jobs, a quota that also caps CPU limits.
  const batch = new SparkNamespace(chart, 'BankBatch', {
    quota: {
      cpuRequests: CpuCores.of(64),
      cpuLimits: CpuCores.of(96),
      memoryRequests: Size.gibibytes(256),
      memoryLimits: Size.gibibytes(256),
      pods: 60,
    },
    limitRange: { maxPodCpu: CpuCores.of(8), maxPodMemory: Size.gibibytes(40) },
    monitoringNamespace: 'monitoring',
    egressDestinations: [objectStore],
  });
  // The reporting team: smaller PySpark reports, ad-hoc tier for analysts' runs.
  const reporting = new SparkNamespace(chart, 'BankReporting', {
    quota: { cpuRequests: CpuCores.of(24), memoryRequests: Size.gibibytes(96), pods: 30 },
    monitoringNamespace: 'monitoring',
    egressDestinations: [objectStore],
  });

  const monitoring = new PrometheusMonitoring(chart, 'Monitoring', { monitorLabels: { release: 'kube-prometheus-stack' } });

  new SparkApp(chart, 'TPlusOneReconciliation', {
    ...spark,
    sparkNamespace: batch,
    mainApplicationFile: 'local:///opt/bank/jars/reconciliation-assembly-2.4.0.jar',
    mainClass: 'com.bank.batch.TPlusOneReconciliation',
    driverMemory: Size.gibibytes(4),
    executorCores: 4,
    executorMemory: Size.gibibytes(16),
    executorInstances: 8,
    schedule: { cron: '30 2 * * *', timeZone: 'Europe/Berlin' },
    // All nine pods or none, in the batch team's YuniKorn queue.
    gangScheduler: GangScheduler.yunikorn({ queue: 'root.bank-batch' }),
    monitoring,
  });
  new SparkApp(chart, 'LedgerAggregation', {
    ...spark,
    sparkNamespace: batch,
    mainApplicationFile: 'local:///opt/bank/jars/ledger-assembly-1.9.3.jar',
    mainClass: 'com.bank.batch.LedgerAggregation',
    executorCores: 2,
    executorMemory: Size.gibibytes(8),
    dynamicAllocation: { minExecutors: 2, maxExecutors: 12, shuffleTrackingTimeout: Duration.minutes(30) },
    schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' },
    monitoring,
  });
  new SparkApp(chart, 'RegulatoryReport', {
    ...spark,
    sparkNamespace: reporting,
    mainApplicationFile: 'local:///opt/bank/reports/regulatory_report.py',
    executorMemory: Size.gibibytes(4),
    executorInstances: 4,
    sparkConf: { 'spark.executor.pyspark.memory': '1g' },
    schedule: { cron: '0 6 * * 1-5', timeZone: 'Europe/Berlin' },
  });
  new SparkApp(chart, 'BranchKpis', {
    ...spark,
    sparkNamespace: reporting,
    tier: 'ad-hoc',
    mainApplicationFile: 'local:///opt/bank/reports/branch_kpis.py',
    executorMemory: Size.gibibytes(2),
    executorInstances: 3,
  });

  // The platform around the apps, generated from the declarations above.
  new SchedulerQueues(chart, 'Queues', { yunikorn: {} });
  new SparkOperatorInstall(chart, 'SparkOperator', {
    podMonitorLabels: { release: 'kube-prometheus-stack' },
    argoCd: { project: 'data-platform' },
  });
  return app;
}

/** Printed by `npm run synth`: each namespace's quota against its apps' peaks. */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

/** The platform report committed as PLATFORM.md in this folder (checked current by a test). */
export function platformReport(app: App): string {
  return PlatformReport.markdown(app, { title: 'Bank Spark platform (seed 001)' });
}

if (require.main === module) {
  const app = build();
  app.synth();
  SparkOperatorInstall.writeValuesFiles(app, helmChartDir(app.outdir) ?? app.outdir); // not into a Helm chart's templates/
  process.stdout.write(report(app));
}
