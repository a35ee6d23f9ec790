import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AllocatableProfile, CelebornCluster, CpuCores, ExecutorSizing, NodePool, NodeShape,
  EventLogStore, GangScheduler, GpuAcceleration, LogOutput, ShuffleStorage, SparkHistoryServer, SparkLogging, SparkLogShipping,
  SparkUiIngress, SparkVersion, SparkVolume, SparkOperatorInstall, SchedulerQueues, PlatformReport, SparkBackend,
} from '../src';
import {
  celebornCluster, dependencyVolume, driverIdentity, gpuTrainingJob, prometheusMonitoring, sparkApp, sparkNamespace,
  streamingPipeline,
} from './bad-input/harness';
import { registeredShapes } from '../src/core/check';

// Arbitrary values thrown at every prop of every construct: each either builds and synthesizes,
// or fails with the library's own error naming the construct (never an internal TypeError), and
// a failing App writes nothing.

const weird = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -1, 0, 0.5, 2 ** 31, 1e15, '', ' padded ', 'a\nb', '{{ x }}', '$(id)',
    [], {}, [null], { '': 'x' }, Size.gibibytes(4), Size.gibibytes(NaN), Duration.minutes(5), SparkVersion.of('3.5.5'),
    CpuCores.of(2), SparkVolume.emptyDir('scratch'), () => 1, new Date(0)),
);

// `<Kind> <path>: ` or `<Class>.<factory>: ` then the prop; errors found when the App validates
// come wrapped by cdk8s (`Validation failed with the following errors:\n  [path] <Kind> <path>: ...`).
const OWNER_TEXT = '[A-Z][A-Za-z]*(\\.[a-z][A-Za-z]*)?( [A-Za-z0-9/_-]+)?: \\S';
const OWNER = new RegExp(`^(${OWNER_TEXT}|Validation failed with the following errors:(\\n  \\[[^\\]]*\\] (${OWNER_TEXT}|[A-Za-z0-9/_-]+: \\S)[^\\n]*)+$)`, 's');

const S3_PLUGIN_JAR = '/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar';

interface Target {
  readonly kind: string;
  readonly shape: string;
  readonly build: (chart: Chart, prop: string, value: unknown) => void;
}

const TARGETS: Target[] = [
  { kind: 'SparkApp', shape: 'SparkAppProps', build: (c, p, v) => { sparkApp(c, { [p]: v }); } },
  { kind: 'StreamingPipeline', shape: 'StreamingPipelineProps', build: (c, p, v) => { streamingPipeline(c, { [p]: v }); } },
  { kind: 'GpuTrainingJob', shape: 'GpuTrainingJobProps', build: (c, p, v) => { gpuTrainingJob(c, { [p]: v }); } },
  { kind: 'SparkNamespace', shape: 'SparkNamespaceProps', build: (c, p, v) => { sparkNamespace(c, { [p]: v }); } },
  { kind: 'CelebornCluster', shape: 'CelebornClusterProps', build: (c, p, v) => { celebornCluster(c, { [p]: v }); } },
  { kind: 'DependencyVolume', shape: 'DependencyVolumeProps', build: (c, p, v) => { dependencyVolume(c, { [p]: v }); } },
  { kind: 'SparkDriverIdentity', shape: 'SparkDriverIdentityProps', build: (c, p, v) => { driverIdentity(c, { [p]: v }); } },
  { kind: 'PrometheusMonitoring', shape: 'PrometheusMonitoringProps', build: (c, p, v) => { prometheusMonitoring(c, { [p]: v }); sparkApp(c); } },
  { kind: 'GpuAcceleration', shape: 'GpuAccelerationProps', build: (c, p, v) => { sparkApp(c, { features: [new GpuAcceleration({ [p]: v } as any)] }); } },
  { kind: 'ShuffleStorage.localDisk', shape: 'LocalDiskShuffleOptions', build: (c, p, v) => { sparkApp(c, { features: [ShuffleStorage.localDisk({ size: Size.gibibytes(10), [p]: v } as any)] }); } },
  { kind: 'ShuffleStorage.hostPath', shape: 'HostPathShuffleOptions', build: (c, p, v) => { sparkApp(c, { features: [ShuffleStorage.hostPath({ path: '/mnt/nvme0', [p]: v } as any)] }); } },
  { kind: 'ShuffleStorage.onDemandPvc', shape: 'OnDemandPvcShuffleOptions', build: (c, p, v) => { sparkApp(c, { features: [ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(10), [p]: v } as any)] }); } },
  { kind: 'ShuffleStorage.s3Shuffle', shape: 'S3ShuffleOptions', build: (c, p, v) => { sparkApp(c, { features: [ShuffleStorage.s3Shuffle({ rootDir: 's3a://shuffle/etl', pluginJar: S3_PLUGIN_JAR, [p]: v } as any)] }); } },
  { kind: 'ShuffleStorage.celeborn', shape: 'CelebornShuffleOptions', build: (c, p, v) => { sparkApp(c, { features: [ShuffleStorage.celeborn(new CelebornCluster(c, 'C', { storageClassName: 'fast' }), { [p]: v } as any)] }); } },
  { kind: 'ShuffleStorage.decommissioning', shape: 'DecommissionOptions', build: (c, p, v) => { sparkApp(c, { features: [ShuffleStorage.decommissioning({ [p]: v } as any)] }); } },
  { kind: 'GangScheduler.volcano', shape: 'VolcanoGangOptions', build: (c, p, v) => { sparkApp(c, { gangScheduler: GangScheduler.volcano({ [p]: v } as any) }); } },
  { kind: 'GangScheduler.yunikorn', shape: 'YunikornGangOptions', build: (c, p, v) => { sparkApp(c, { gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch', [p]: v } as any) }); } },
  { kind: 'SparkHistoryServer', shape: 'SparkHistoryServerProps', build: (c, p, v) => { sparkApp(c, { historyServer: new SparkHistoryServer(c, 'H', { sparkVersion: SparkVersion.of('3.5.5'), store: EventLogStore.objectStore({ uri: 's3a://logs/e' }), [p]: v } as any) }); } },
  { kind: 'EventLogStore.objectStore', shape: 'S3EventLogStoreOptions', build: (c, p, v) => { new SparkHistoryServer(c, 'H', { sparkVersion: SparkVersion.of('3.5.5'), store: EventLogStore.objectStore({ uri: 's3a://logs/e', [p]: v } as any) }); } },
  { kind: 'SparkLogging', shape: 'SparkLoggingProps', build: (c, p, v) => { sparkApp(c, { features: [new SparkLogging({ [p]: v } as any)] }); } },
  { kind: 'SparkLogShipping', shape: 'SparkLogShippingProps', build: (c, p, v) => { new SparkLogShipping(c, 'L', { sparkNamespaces: [sparkNamespace(c)], outputs: [LogOutput.stdout()], [p]: v } as any); } },
  { kind: 'LogOutput.loki', shape: 'LokiLogOutputOptions', build: (c, p, v) => { new SparkLogShipping(c, 'L', { sparkNamespaces: [sparkNamespace(c)], outputs: [LogOutput.loki({ host: 'loki', [p]: v } as any)] }); } },
  { kind: 'SparkUiIngress', shape: 'SparkUiIngressProps', build: (c, p, v) => { sparkApp(c, { features: [new SparkUiIngress({ [p]: v } as any)] }); } },
  { kind: 'GangScheduler.kueue', shape: 'KueueGangOptions', build: (c, p, v) => { sparkApp(c, { gangScheduler: GangScheduler.kueue({ queueName: 'batch', [p]: v } as any) }); } },
  { kind: 'NodePool', shape: 'NodePoolProps', build: (c, p, v) => { new NodePool(c, 'Pool', { shape: NodeShape.instanceType('m6i.4xlarge'), [p]: v } as any); } },
  { kind: 'NodeShape.custom', shape: 'CustomNodeShapeOptions', build: (c, p, v) => { new NodePool(c, 'Pool', { shape: NodeShape.custom({ vcpus: 8, memory: Size.gibibytes(32), [p]: v } as any), allocatable: AllocatableProfile.eks() }); } },
  { kind: 'ExecutorSizing.forPool', shape: 'ExecutorSizingOptions', build: (c, p, v) => { ExecutorSizing.forPool(new NodePool(c, 'Pool', { shape: NodeShape.instanceType('m6i.4xlarge') }), { executorsPerNode: 2, [p]: v } as any); } },
  { kind: 'SparkOperatorInstall', shape: 'SparkOperatorInstallProps', build: (c, p, v) => { sparkApp(c, { sparkNamespace: sparkNamespace(c) }); new SparkOperatorInstall(c, 'Op', { [p]: v } as any); } },
  { kind: 'SparkOperatorInstall argoCd', shape: 'ArgoCdInstallOptions', build: (c, p, v) => { sparkNamespace(c); new SparkOperatorInstall(c, 'Op', { argoCd: { [p]: v } } as any); } },
  { kind: 'SparkOperatorInstall flux', shape: 'FluxInstallOptions', build: (c, p, v) => { sparkNamespace(c); new SparkOperatorInstall(c, 'Op', { flux: { helmRepositoryName: 'kubeflow', [p]: v } } as any); } },
  { kind: 'SparkBackend.sparkSubmit', shape: 'SparkSubmitOptions', build: (c, p, v) => { sparkApp(c, { backend: SparkBackend.sparkSubmit({ [p]: v } as any) }); } },
  { kind: 'SchedulerQueues', shape: 'SchedulerQueuesProps', build: (c, p, v) => { sparkNamespace(c, { quota: { pods: 10 } }); new SchedulerQueues(c, 'Q', { yunikorn: {}, [p]: v } as any); } },
  { kind: 'SchedulerQueues yunikorn', shape: 'YunikornQueueOptions', build: (c, p, v) => { sparkNamespace(c, { quota: { pods: 10 } }); new SchedulerQueues(c, 'Q', { yunikorn: { [p]: v } } as any); } },
  { kind: 'SchedulerQueues kueue', shape: 'KueueQueueOptions', build: (c, p, v) => { sparkNamespace(c); new SchedulerQueues(c, 'Q', { kueue: { [p]: v } } as any); } },
  { kind: 'PlatformReport.markdown', shape: 'PlatformReportOptions', build: (c, p, v) => { sparkApp(c, { sparkNamespace: sparkNamespace(c) }); PlatformReport.markdown(c, { [p]: v } as any); } },
  { kind: 'SparkApp placement', shape: 'NodePoolPlacement', build: (c, p, v) => { sparkApp(c, { placement: { executors: new NodePool(c, 'Pool', { shape: NodeShape.instanceType('m6i.4xlarge') }), [p]: v } }); } },
];

function propsOf(shape: string): string[] {
  const s = registeredShapes().get(shape);
  if (!s) throw new Error(`no shape ${shape}`);
  return Object.keys(s);
}

/** Undefined when the outcome is acceptable, else what went wrong. */
function attempt(t: Target, prop: string, value: unknown): string | undefined {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-prop-'));
  try {
    const app = new App({ outdir });
    // A valid chart first: a failure in the second must not leave the first one's file behind.
    sparkApp(new Chart(app, 'valid'), {}, 'Fine');
    const chart = new Chart(app, 'test');
    try {
      t.build(chart, prop, value);
      app.synth();
      return undefined;
    } catch (e) {
      const err = e as Error;
      const written = fs.readdirSync(outdir);
      if (!(err instanceof Error) || err.constructor !== Error) return `${err?.constructor?.name}: ${err?.message ?? err}`;
      if (!OWNER.test(err.message)) return `not the library's format: ${err.message}`;
      if (written.length > 0) return `failed after writing ${written.join(', ')}: ${err.message}`;
      return undefined;
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('arbitrary values at every prop', () => {
  test.each(TARGETS.map(t => [t.kind, t] as [string, Target]))('%s', (_kind, t) => {
    const props = propsOf(t.shape);
    fc.assert(fc.property(fc.constantFrom(...props), weird, (prop, value) => {
      const problem = attempt(t, prop, value);
      if (problem) throw new Error(`${t.kind} ${prop} = ${String(JSON.stringify(value))?.slice(0, 80)}: ${problem}`);
    }), { numRuns: 150, seed: 20261201 });
  });
});
