// Features compose on one SparkApp: shuffle storage, monitoring, GPUs and gang scheduling together,
// each counted by the one resource model and rendered in the one pod template.
import { Size, Testing } from 'cdk8s';
import {
  GangScheduler, GpuAcceleration, PrometheusMonitoring, ShuffleStorage, SparkApp, SparkVersion,
} from 'cdk8s-spark';

describe('shuffle + monitoring + GPU + gang on one app', () => {
  const chart = Testing.chart();
  const monitoring = new PrometheusMonitoring(chart, 'Mon');
  const app = new SparkApp(chart, 'Etl', {
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
    mainClass: 'org.apache.spark.examples.SparkPi',
    executorCores: 4,
    executorMemory: Size.gibibytes(8),
    executorInstances: 3,
    shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(4), tmpfs: true, headroom: Size.gibibytes(1) }),
    monitoring,
    features: [new GpuAcceleration({ gpusPerExecutor: 1, rapids: {} })],
    gangScheduler: GangScheduler.volcano({ queue: 'gpu' }),
  });
  const out = Testing.synth(chart);
  const spec = out.find(o => o.kind === 'SparkApplication').spec;

  test('the executor overhead holds the tmpfs dir and the pinned pool on top of Spark\'s overhead', () => {
    // 819 (0.1 × 8192) + 4096 tmpfs + 2048 pinned pool
    expect(app.resources().executor).toMatchObject({ overheadMebibytes: 819 + 4096 + 2048, memoryRequestMebibytes: 8192 + 819 + 4096 + 2048 });
    expect(spec.executor.memoryOverhead).toBe('6963m');
    expect(app.resources().executor.extendedResources).toEqual({ 'nvidia.com/gpu': 1 });
  });

  test('every feature is bound once, in order', () => {
    expect(app.features.map(f => f.featureName)).toEqual(['ShuffleStorage local-disk', 'PrometheusMonitoring Mon', 'GpuAcceleration', 'GangScheduler volcano']);
  });

  test('the PodGroup reserves driver + executors as the model computes them', () => {
    const pg = out.find(o => o.kind === 'PodGroup');
    expect(pg.spec.minResources).toEqual({ 'cpu': '13', 'memory': `${1408 + 3 * 15155}Mi`, 'nvidia.com/gpu': '3' });
    expect(spec.executor.template.spec.schedulerName).toBe('volcano');
    expect(spec.driver.template.spec.schedulerName).toBe('volcano');
  });

  test('the executor template has the GPU placement, the tmpfs-free ephemeral request and the monitoring port', () => {
    const t = spec.executor.template.spec;
    expect(t.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(t.containers[0].resources).toEqual({ requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '1Gi' } });
    expect(spec.executor.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 1 });
    expect(spec.sparkConf['spark.plugins']).toBe('com.nvidia.spark.SQLPlugin');
    expect(spec.sparkConf['spark.ui.prometheus.enabled']).toBe('true');
  });
});
