/**
 * The benchmarked workload: one "copy" of what a typical user builds with the library.
 *
 * One copy = a tenant SparkNamespace (quota, limits, driver RBAC, network policies, a priority
 * tier) with a fully configured SparkApp in it, watched by a PrometheusMonitoring (PodMonitor,
 * PrometheusRule, Grafana dashboard ConfigMap) (typed resources, dynamic allocation, env from a
 * Secret, a ConfigMap volume, tolerations, schedule-free batch app). The tier's PriorityClass is
 * named per copy, because the library emits a shared PriorityClass only once per cdk8s app and the
 * baseline must emit identical objects copy by copy.
 *
 * CONTRACT (bench/run.ts depends on it; the harness checks it before measuring):
 *  - Copy `i` must produce the same objects as copy 0, except that every string which differs
 *    between copies contains the copy suffix `-${i}` (object names must: `spark-${i}`,
 *    `team-${i}`, `etl-${i}-driver`, ...). The `baseline` variant synthesizes one copy with a
 *    sentinel index, then creates the N copies as plain `ApiObject`s by replacing `-<sentinel>`
 *    with `-${i}`. Nothing else may depend on `i` (no bare `${i}`, no hash of a name).
 *  - All objects go under `scope` (one Chart shared by all copies); construct ids must be unique
 *    per copy (e.g. put everything under `new Construct(scope, `copy-${i}`)`).
 *  - Deterministic: no dates, random values or environment lookups.
 */
import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CpuCores, PrometheusMonitoring, SparkApp, SparkEnvValue, SparkNamespace, SparkVersion, SparkVolume, TaintEffect,
} from 'cdk8s-spark';

export function addLibraryWorkload(scope: Construct, i: number): void {
  const copy = new Construct(scope, `copy-${i}`);
  const ns = new SparkNamespace(copy, 'Tenant', {
    name: `team-${i}`,
    quota: { cpuRequests: CpuCores.of(64), cpuLimits: CpuCores.of(96), memoryRequests: Size.gibibytes(256), pods: 60 },
    limitRange: { maxPodMemory: Size.gibibytes(40) },
    tiers: [{ name: 'batch', value: 10000, priorityClassName: `spark-batch-${i}` }],
    monitoringNamespace: 'monitoring',
    egressDestinations: [{ name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] }],
  });
  const config = SparkVolume.configMap('app-config', 'etl-config');
  const monitoring = new PrometheusMonitoring(copy, 'Monitoring', {
    name: `spark-${i}`,
    monitorLabels: { release: 'kube-prometheus-stack' },
    dashboardNamespace: `team-${i}`,
  });
  new SparkApp(copy, 'App', {
    monitoring,
    name: `etl-${i}`,
    sparkNamespace: ns,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.example/spark/etl:3.5.5-7',
    mainApplicationFile: 'local:///opt/app/etl-assembly-1.4.2.jar',
    mainClass: 'com.example.Etl',
    arguments: ['--date', 'yesterday'],
    driverMemory: Size.gibibytes(2),
    executorCores: 4,
    executorCoreRequest: CpuCores.millis(3500),
    executorMemory: Size.gibibytes(8),
    dynamicAllocation: { minExecutors: 2, maxExecutors: 6, shuffleTrackingTimeout: Duration.minutes(30) },
    sparkConf: { 'spark.sql.shuffle.partitions': '200', 'spark.serializer': 'org.apache.spark.serializer.KryoSerializer' },
    env: { AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('s3', 'id'), AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('s3', 'secret') },
    driverVolumeMounts: [{ volume: config, path: '/etc/etl' }],
    executorVolumeMounts: [{ volume: config, path: '/etc/etl' }],
    executorTolerations: [{ key: 'spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    eventLogDir: 's3a://spark-logs/events',
  });
}
