// Seed 001's bank as two tenants: the T+1 batch team and the reporting team, each in its own
// namespace with a quota, and the capacity table that shows what their apps need at their peaks.
import { App, Chart, Size } from 'cdk8s';
import { CpuCores, SparkApp, SparkNamespace, SparkVersion } from 'cdk8s-spark';

const spark = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.bank.example/spark/jobs:3.5.5-r42',
  imagePullSecrets: ['bank-registry'],
};

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'bank-tenants');

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
  });
  new SparkApp(chart, 'LedgerAggregation', {
    ...spark,
    sparkNamespace: batch,
    mainApplicationFile: 'local:///opt/bank/jars/ledger-assembly-1.9.3.jar',
    mainClass: 'com.bank.batch.LedgerAggregation',
    executorCores: 2,
    executorMemory: Size.gibibytes(8),
    dynamicAllocation: { minExecutors: 2, maxExecutors: 12 },
    schedule: { cron: '0 4 * * *', timeZone: 'Europe/Berlin' },
  });

  // The reporting team: smaller PySpark reports, ad-hoc tier for analysts' runs.
  const reporting = new SparkNamespace(chart, 'BankReporting', {
    quota: { cpuRequests: CpuCores.of(24), memoryRequests: Size.gibibytes(96), pods: 30 },
    monitoringNamespace: 'monitoring',
    egressDestinations: [objectStore],
  });
  new SparkApp(chart, 'RegulatoryReport', {
    ...spark,
    sparkNamespace: reporting,
    mainApplicationFile: 'local:///opt/bank/reports/regulatory_report.py',
    executorMemory: Size.gibibytes(4),
    executorInstances: 4,
    sparkConf: { 'spark.executor.pyspark.memory': '1g' },
  });
  new SparkApp(chart, 'BranchKpis', {
    ...spark,
    sparkNamespace: reporting,
    tier: 'ad-hoc',
    mainApplicationFile: 'local:///opt/bank/reports/branch_kpis.py',
    executorMemory: Size.gibibytes(2),
    executorInstances: 3,
  });
  return app;
}

/** Printed by `npm run synth`: each namespace's quota against its apps' peaks. */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  const app = build();
  app.synth();
  process.stdout.write(report(app));
}
