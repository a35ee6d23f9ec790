import { Duration, Size, Testing } from 'cdk8s';
import {
  ConcurrencyPolicy, CpuCores, GangScheduler, GangSchedulingStyle, GpuAcceleration, GpuTrainingJob, GpuTrainingJobProps, GpuVendor, ModelOutput,
  NodeSelectorOperator, RapidsExplain, ShuffleStorage, SparkEnvValue, SparkNamespace, SparkVersion, SparkVolume, SparkWarnings,
  SparkApp, SparkAppProps, TaintEffect, TolerationOperator,
} from '../src';
import { findAll, findOne, kinds, synth } from './util';
import { parseRapidsJar, rapidsSupports, taskGpuAmount, taskSlots } from '../src/features/gpu-util';

// A PySpark training script (seed 000's route-scoring model) and a JVM RAPIDS ETL job.
const TRAIN: GpuTrainingJobProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/ml/route-scoring:3.5.5-torch2.4',
  mainApplicationFile: 'local:///opt/route-scoring/train.py',
};
const ETL: GpuTrainingJobProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/spark/route-features:3.5.5-1',
  mainApplicationFile: 'local:///opt/route-features/route-features-assembly-1.0.jar',
  mainClass: 'com.example.routes.Features',
};
const TORCH: Partial<GpuTrainingJobProps> = {
  executorCores: 8,
  executorMemory: Size.gibibytes(16),
  gpusPerExecutor: 2,
  distributedTraining: { numProcesses: 8 },
};

function make(props: Partial<GpuTrainingJobProps>, base: GpuTrainingJobProps = TRAIN, id = 'RouteModel') {
  const chart = Testing.chart();
  const job = new GpuTrainingJob(chart, id, { ...base, ...props } as GpuTrainingJobProps);
  return { chart, job };
}

function app(props: Partial<GpuTrainingJobProps>, base: GpuTrainingJobProps = TRAIN): any {
  const { chart } = make(props, base);
  return findOne(synth(chart), 'SparkApplication');
}

function expectError(props: Partial<GpuTrainingJobProps>, message: string, base: GpuTrainingJobProps = TRAIN) {
  expect(() => {
    const { chart } = make(props, base);
    synth(chart);
  }).toThrow(message);
}

describe('snapshots', () => {
  test('a RAPIDS ETL job', () => {
    const { chart } = make({
      name: 'route-features',
      executorCores: 8,
      executorMemory: Size.gibibytes(16),
      executorInstances: 4,
      gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      rapids: {},
      arguments: ['--date', '2026-11-21'],
    }, ETL, 'RouteFeatures');
    const out = synth(chart);
    expect(kinds(out)).toEqual(['Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    expect(out).toMatchSnapshot();
  });

  test('a TorchDistributor job gang-scheduled by Volcano', () => {
    const { chart } = make({
      ...TORCH,
      gangScheduler: GangScheduler.volcano({ queue: 'gpu-training', priorityClassName: 'training-high' }),
      modelOutput: ModelOutput.volume('route-models', '/models'),
      experimentTracking: {
        mlflowTrackingUri: 'https://mlflow.example',
        experimentName: 'route-scoring',
        credentials: { MLFLOW_TRACKING_TOKEN: SparkEnvValue.fromSecret('mlflow', 'token') },
      },
    });
    const out = synth(chart);
    expect(kinds(out)).toEqual(['PodGroup', 'Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    expect(out).toMatchSnapshot();
  });

  test('a TorchDistributor job gang-scheduled by YuniKorn', () => {
    const { chart } = make({
      ...TORCH,
      gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu-training', placeholderTimeout: Duration.minutes(10) }),
      modelOutput: ModelOutput.objectStore('s3://ml-models/route-scoring/'),
      env: {
        AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('models-bucket', 'access-key-id'),
        AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('models-bucket', 'secret-access-key'),
      },
    });
    const out = synth(chart);
    expect(out).toMatchSnapshot();
  });

  test('a TorchDistributor job admitted by Kueue', () => {
    const { chart } = make({
      ...TORCH,
      gangScheduler: GangScheduler.kueue({ queueName: 'gpu-training', clusterQueue: 'gpu-cluster-queue' }),
    });
    const out = synth(chart);
    expect(kinds(out)).toEqual(['LocalQueue', 'Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    expect(out).toMatchSnapshot();
  });
});

describe('GPU scheduling', () => {
  test('defaults: one NVIDIA GPU per executor, one task per GPU, the taint tolerated on executors only', () => {
    const a = app({});
    expect(a.metadata.name).toBe('route-model');
    expect(a.spec.sparkConf).toEqual({
      'spark.executor.resource.gpu.amount': '1',
      'spark.executor.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
      'spark.executor.resource.gpu.vendor': 'nvidia.com',
      'spark.task.resource.gpu.amount': '1',
    });
    expect(a.spec.executor.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 1 });
    expect(a.spec.driver.gpu).toBeUndefined();
    expect(a.spec.executor.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(a.spec.driver.template.spec.tolerations).toBeUndefined();
    expect(a.spec.executor.template.spec.nodeSelector).toBeUndefined();
    expect(a.spec.executor.template.spec.volumes).toBeUndefined();
    expect(a.spec.executor.memoryOverhead).toBeUndefined();
  });

  test('GPU limits come from the model: executors and a GPU driver', () => {
    const { job } = make({ gpusPerExecutor: 4, driverGpus: 1, executorCores: 4 });
    const r = job.app.resources();
    expect(r.executor.extendedResources).toEqual({ 'nvidia.com/gpu': 4 });
    expect(r.driver.extendedResources).toEqual({ 'nvidia.com/gpu': 1 });
    expect(r.peak.extendedResources).toEqual({ 'nvidia.com/gpu': 9 });
  });

  test('another vendor names the resource and the toleration, and warns about the nvidia-smi script', () => {
    const { chart, job } = make({ gpuVendor: GpuVendor.AMD });
    expect(job.app.resources().executor.extendedResources).toEqual({ 'amd.com/gpu': 1 });
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.sparkConf['spark.executor.resource.gpu.vendor']).toBe('amd.com');
    expect(a.spec.executor.template.spec.tolerations).toEqual([{ key: 'amd.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(SparkWarnings.of(chart)).toContain('test/RouteModel: gpuDiscoveryScript is Spark\'s example script, which runs nvidia-smi, but gpuVendor is amd.com; give a discovery script for these GPUs [gpu-discovery-script]');
  });

  test('a GPU driver gets the GPU conf, placement and typed field', () => {
    const a = app({ driverGpus: 1, gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' } });
    expect(a.spec.sparkConf['spark.driver.resource.gpu.amount']).toBe('1');
    expect(a.spec.sparkConf['spark.driver.resource.gpu.vendor']).toBe('nvidia.com');
    expect(a.spec.sparkConf['spark.driver.resource.gpu.discoveryScript']).toBe('/opt/spark/examples/src/main/scripts/getGpusResources.sh');
    expect(a.spec.driver.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 1 });
    expect(a.spec.driver.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(a.spec.driver.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
  });

  test('the GPU node selector applies to executors only without a driver GPU', () => {
    const a = app({ gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' }, nodeSelector: { pool: 'ml' } });
    expect(a.spec.executor.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4', 'pool': 'ml' });
    expect(a.spec.driver.template.spec.nodeSelector).toEqual({ pool: 'ml' });
  });

  test('gpuTolerations replace the default one', () => {
    const a = app({ gpuTolerations: [{ key: 'gpu-pool', operator: TolerationOperator.EQUAL, value: 'a100', effect: TaintEffect.NO_SCHEDULE }] });
    expect(a.spec.executor.template.spec.tolerations).toEqual([{ key: 'gpu-pool', operator: 'Equal', value: 'a100', effect: 'NoSchedule' }]);
  });

  test('tasksPerGpu shares a GPU as 1/n', () => {
    const { job } = make({ executorCores: 8, tasksPerGpu: 4 });
    expect(job.taskGpuAmount).toBe('0.25');
    expect(job.taskSlotsPerExecutor).toBe(4);
  });

  test('a scheduled job patches the template\'s typed gpu field', () => {
    const { chart } = make({ schedule: { cron: '0 3 * * *' } });
    const s = findOne(synth(chart), 'ScheduledSparkApplication');
    expect(s.spec.template.executor.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 1 });
  });

  test('warns when the cores leave GPUs idle', () => {
    const { chart } = make({ executorCores: 1, gpusPerExecutor: 2 });
    expect(SparkWarnings.of(chart)).toContain('test/RouteModel: executorCores 1 give 1 task slots per executor but the GPUs could take 2 (2 GPU × 1 tasks): part of each executor\'s GPUs stays idle; raise executorCores or lower gpusPerExecutor [idle-gpus]');
  });

  test('gpusPerExecutor 0 leaves the executors without GPUs (Spark ignores an amount of 0): a driver-only GPU', () => {
    const { chart, job } = make({ gpusPerExecutor: 0, driverGpus: 1, executorCores: 4 });
    expect([job.gpusPerExecutor, job.taskGpuAmount, job.taskSlotsPerExecutor]).toEqual([0, '0', 4]);
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.sparkConf).toEqual({
      'spark.driver.resource.gpu.amount': '1',
      'spark.driver.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
      'spark.driver.resource.gpu.vendor': 'nvidia.com',
    });
    expect(a.spec.executor.gpu).toBeUndefined();
    expect(a.spec.executor.template.spec.tolerations).toBeUndefined();
    expect(a.spec.driver.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(job.app.resources().executor.extendedResources).toEqual({});
    expect(SparkWarnings.of(chart)).toEqual([]);
  });

  test('no GPU at all is a warning', () => {
    const { chart } = make({ gpusPerExecutor: 0 });
    expect(findOne(synth(chart), 'SparkApplication').spec.sparkConf).toBeUndefined();
    expect(SparkWarnings.of(chart)).toEqual([
      'test/RouteModel: gpusPerExecutor 0 and driverGpus 0 request no GPU (Spark ignores a GPU amount of 0), so the GPU settings apply to no pod; give GPUs to the executors or the driver, or drop the GPU settings [no-gpus]',
    ]);
  });

  test('more than 16 GPUs per pod is a warning with the figure', () => {
    const { chart } = make({ gpusPerExecutor: 32, executorCores: 32 });
    expect(SparkWarnings.of(chart)).toEqual(['test/RouteModel: gpusPerExecutor 32 GPUs is more than 16 GPUs; check the figure [absurd-value]']);
  });
});

describe('task slots and executor count', () => {
  test.each([
    // cores, task.cpus, gpus, tasks per GPU → slots (§1.7)
    [8, 1, 1, 8, 8],
    [8, 1, 1, 1, 1],
    [8, 2, 1, 8, 4],
    [8, 1, 2, 1, 2],
    [4, 1, 4, 1, 4],
    [2, 1, 4, 1, 2],
  ])('%i cores, task.cpus %i, %i GPUs × %i tasks → %i slots', (cores, cpus, gpus, perGpu, slots) => {
    expect(taskSlots(cores, cpus, gpus, perGpu)).toBe(slots);
  });

  test.each([
    // processes, GPUs per executor, cores → executors
    [8, 2, 8, 4],
    [7, 2, 8, 4],
    [8, 1, 4, 8],
    [1, 4, 4, 1],
    [16, 4, 16, 4],
  ])('%i processes, %i GPUs per executor, %i cores → %i executors', (n, gpus, cores, executors) => {
    const { job } = make({
      executorCores: cores, gpusPerExecutor: gpus, distributedTraining: { numProcesses: n }, gangScheduler: GangScheduler.volcano(),
    });
    expect(job.app.resources().initialExecutors).toBe(executors);
    expect(job.taskGpuAmount).toBe('1');
  });

  test('spark.task.cpus counts in the slots', () => {
    const { job } = make({ executorCores: 8, gpusPerExecutor: 4, sparkConf: { 'spark.task.cpus': '4' }, distributedTraining: { numProcesses: 8 }, gangScheduler: GangScheduler.volcano() });
    expect(job.taskSlotsPerExecutor).toBe(2);
    expect(job.app.resources().initialExecutors).toBe(4);
  });

  test('task amounts 1/n give exactly n slots per GPU under Spark\'s floor(1 / amount)', () => {
    for (let n = 1; n <= 512; n++) {
      const a = Number(taskGpuAmount(n));
      expect(a <= 0.5 || a === 1).toBe(true);
      expect(Math.floor(1 / a)).toBe(n);
    }
    expect(taskGpuAmount(8)).toBe('0.125');
    expect(taskGpuAmount(3)).toBe('0.3333333333333333');
    expect(Number(taskGpuAmount(93))).toBeLessThan(1 / 93);
  });
});

describe('memory model', () => {
  test('/dev/shm is memory-backed, sized 1 GiB per GPU for training, and inside the executor overhead', () => {
    const { chart, job } = make({ ...TORCH, gangScheduler: GangScheduler.volcano() });
    const e = job.app.resources().executor;
    // Python app: overhead factor 0.4 → 6553 MiB computed, + 2048 MiB /dev/shm
    expect(e.heapMebibytes).toBe(16384);
    expect(e.overheadMebibytes).toBe(6553 + 2048);
    expect(e.memoryRequestMebibytes).toBe(16384 + 6553 + 2048);
    expect(e.memoryLimitMebibytes).toBe(e.memoryRequestMebibytes);
    expect(job.executorSharedMemoryMebibytes).toBe(2048);
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.executor.memoryOverhead).toBe('8601m');
    expect(a.spec.executor.template.spec.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2048Mi' } }]);
    expect(a.spec.executor.template.spec.containers[0].volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm', readOnly: false }]);
  });

  test('a given executorMemoryOverhead is the native part; /dev/shm is added to it', () => {
    const { job } = make({
      ...TORCH, executorMemoryOverhead: Size.gibibytes(3), sharedMemorySize: Size.gibibytes(4), gangScheduler: GangScheduler.volcano(),
    });
    expect(job.app.resources().executor.overheadMebibytes).toBe(3072 + 4096);
  });

  test('sharedMemorySize 0 keeps the runtime\'s /dev/shm and Spark\'s overhead', () => {
    const { chart, job } = make({ ...TORCH, sharedMemorySize: Size.mebibytes(0), gangScheduler: GangScheduler.volcano() });
    expect(job.app.resources().executor.overheadMebibytes).toBe(6553);
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.executor.memoryOverhead).toBeUndefined();
    expect(a.spec.executor.template.spec.volumes).toBeUndefined();
  });

  test('a GPU driver gets /dev/shm in its own overhead', () => {
    const { job } = make({ ...TORCH, driverGpus: 1, gangScheduler: GangScheduler.volcano() });
    const d = job.app.resources().driver;
    // Python driver 1 GiB: max(409, 384) + 1024
    expect(d.overheadMebibytes).toBe(409 + 1024);
    expect(d.memoryRequestMebibytes).toBe(1024 + 409 + 1024);
  });

  test('the RAPIDS pinned pool is inside the executor overhead', () => {
    const { job } = make({ executorCores: 8, executorMemory: Size.gibibytes(16), rapids: {} }, ETL);
    const e = job.app.resources().executor;
    // JVM app: 0.1 × 16384 = 1638, + 2048 MiB pinned pool, no /dev/shm outside training
    expect(job.pinnedPoolMebibytes).toBe(2048);
    expect(e.overheadMebibytes).toBe(1638 + 2048);
    expect(e.memoryRequestMebibytes).toBe(16384 + 1638 + 2048);
  });

  test('a pinned pool set in sparkConf is counted too', () => {
    const { job } = make({ executorMemory: Size.gibibytes(8), sparkConf: { 'spark.rapids.memory.pinnedPool.size': '1g' }, rapids: {} }, ETL);
    expect(job.pinnedPoolMebibytes).toBe(1024);
    expect(job.app.resources().executor.overheadMebibytes).toBe(819 + 1024);
  });

  test('Spark 4 minMemoryOverhead and a per-role factor are honoured in the computed part', () => {
    const { job } = make({
      sparkVersion: SparkVersion.of('4.0.1'),
      image: 'registry.example/ml/route-scoring:4.0.1-torch2.4',
      executorMemory: Size.gibibytes(2),
      sparkConf: { 'spark.executor.minMemoryOverhead': '1g' },
      sharedMemorySize: Size.gibibytes(1),
    });
    expect(job.app.resources().executor.overheadMebibytes).toBe(1024 + 1024);
  });

  test('a later setting that changes the overhead Spark would compute is honoured: /dev/shm and the pool stay on top', () => {
    const { job } = make({ ...TORCH, gangScheduler: GangScheduler.volcano() });
    const before = job.app.resources().executor.overheadMebibytes;
    job.app.addSparkConf('spark.executor.memoryOverheadFactor', '0.5');
    const after = job.app.resources().executor;
    expect(before).toBe(6553 + 2048);
    expect(after.overheadMebibytes).toBe(8192 + 2048);
    expect(after.memoryRequestMebibytes).toBe(after.heapMebibytes + 8192 + 2048);
  });

  test('a tmpfs shuffle dir from ShuffleStorage adds to /dev/shm in the overhead', () => {
    const tmpfs = ShuffleStorage.localDisk({ size: Size.gibibytes(4), tmpfs: true });
    const { job } = make({ ...TORCH, gangScheduler: GangScheduler.volcano(), shuffleStorage: tmpfs });
    expect(job.app.resources().executor.overheadMebibytes).toBe(6553 + 2048 + 4096);
  });
});

describe('namespace capacity', () => {
  test('fails when the job needs more GPUs than the namespace quota', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Ml', {
      quota: { cpuRequests: CpuCores.of(64), memoryRequests: Size.gibibytes(256), extendedResources: { 'nvidia.com/gpu': 4 } },
    });
    new GpuTrainingJob(chart, 'RouteModel', { ...TRAIN, ...TORCH, sparkNamespace: ns, gangScheduler: GangScheduler.volcano() } as GpuTrainingJobProps);
    expect(() => synth(chart)).toThrow('SparkNamespace Ml: app route-model peak (driver + 4 executors) does not fit the quota: requests.nvidia.com/gpu 8 > 4 (the executors beyond the quota would stay pending); raise the quota, or lower the app\'s executor count or executor resources');
  });

  test('a job within the GPU quota synthesizes', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Ml', { quota: { extendedResources: { 'nvidia.com/gpu': 8 } } });
    new GpuTrainingJob(chart, 'RouteModel', { ...TRAIN, ...TORCH, sparkNamespace: ns, gangScheduler: GangScheduler.volcano() } as GpuTrainingJobProps);
    expect(ns.capacityReport().headroom['requests.nvidia.com/gpu']).toBe(0);
  });
});

describe('RAPIDS', () => {
  test('sets the plugin, the recommended settings and a task amount that keeps every core busy', () => {
    const a = app({ executorCores: 8, rapids: { explain: RapidsExplain.ALL, concurrentGpuTasks: 3, maxPartitionBytes: Size.gibibytes(1) } }, ETL);
    expect(a.spec.deps.packages).toEqual(['com.nvidia:rapids-4-spark_2.12:26.06.0']);
    expect(a.spec.sparkConf).toMatchObject({
      'spark.plugins': 'com.nvidia.spark.SQLPlugin',
      'spark.rapids.sql.enabled': 'true',
      'spark.rapids.sql.concurrentGpuTasks': '3',
      'spark.rapids.sql.explain': 'ALL',
      'spark.rapids.memory.pinnedPool.size': '2048m',
      'spark.locality.wait': '0s',
      'spark.sql.files.maxPartitionBytes': '1024m',
      'spark.task.resource.gpu.amount': '0.125',
    });
  });

  test('Spark 4 uses the Scala 2.13 jar', () => {
    const a = app({ sparkVersion: SparkVersion.of('4.0.1'), image: 'registry.example/spark/route-features:4.0.1-1', rapids: {} }, ETL);
    expect(a.spec.deps.packages).toEqual(['com.nvidia:rapids-4-spark_2.13:26.06.0']);
  });

  test('a jar in the image goes to jars instead of packages', () => {
    const a = app({ rapids: { jar: 'local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0-cuda12-arm64.jar' }, gpuDiscoveryScript: '/opt/sparkRapidsPlugin/getGpusResources.sh' }, ETL);
    expect(a.spec.deps.jars).toEqual(['local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0-cuda12-arm64.jar']);
    expect(a.spec.deps.packages).toBeUndefined();
    expect(a.spec.sparkConf['spark.executor.resource.gpu.discoveryScript']).toBe('/opt/sparkRapidsPlugin/getGpusResources.sh');
  });

  test('pinnedPoolSize 0 leaves the pool off and the overhead to Spark', () => {
    const a = app({ rapids: { pinnedPoolSize: Size.mebibytes(0) } }, ETL);
    expect(a.spec.sparkConf['spark.rapids.memory.pinnedPool.size']).toBeUndefined();
    expect(a.spec.executor.memoryOverhead).toBeUndefined();
  });

  test('another plugin release warns that its Spark range was not checked', () => {
    const { chart } = make({ rapids: { version: '25.12.0' } }, ETL);
    expect(SparkWarnings.of(chart)).toContain('test/RouteModel: RAPIDS Accelerator 25.12.0: its supported Spark releases were not checked (the library knows the 26.06.0 matrix); check Spark 3.5.5 on Scala 2.12 against its download page [rapids-version-unchecked]');
  });

  test('the 26.06.0 support matrix', () => {
    const ok = (v: string, scala: string) => rapidsSupports(SparkVersion.of(v), scala);
    expect(ok('3.3.0', '2.12')).toBe(true);
    expect(ok('3.4.4', '2.12')).toBe(true);
    expect(ok('3.5.8', '2.12')).toBe(true);
    expect(ok('3.5.9', '2.12')).toBe(false);
    expect(ok('3.4.4', '2.13')).toBe(false);
    expect(ok('3.5.5', '2.13')).toBe(true);
    expect(ok('4.0.2', '2.13')).toBe(true);
    expect(ok('4.0.3', '2.13')).toBe(false);
    expect(ok('4.1.0', '2.13')).toBe(false);
    expect(ok('4.1.1', '2.13')).toBe(true);
    expect(parseRapidsJar('local:///x/rapids-4-spark_2.13-26.06.0-cuda13.jar')).toEqual({ scala: '2.13', version: '26.06.0', file: 'rapids-4-spark_2.13-26.06.0-cuda13.jar' });
  });

  test.each([
    [{ sparkVersion: SparkVersion.of('4.1.0'), image: 'registry.example/spark/route-features:4.1.0-1', rapids: {} },
      'GpuTrainingJob RouteModel: sparkVersion "4.1.0" is not supported on Scala 2.13 by the RAPIDS Accelerator 26.06.0 that rapids adds; use a release it supports (3.3.0-3.3.4, 3.4.0-3.4.4, 3.5.0-3.5.8 on Scala 2.12 and 3.5.0-3.5.8, 4.0.0-4.0.2, 4.1.1 on Scala 2.13) or drop rapids'],
    [{ sparkVersion: SparkVersion.of('3.4.4'), image: 'registry.example/spark/route-features:3.4.4-1', scalaVersion: '2.13', rapids: {} },
      'GpuTrainingJob RouteModel: sparkVersion "3.4.4" is not supported on Scala 2.13 by the RAPIDS Accelerator 26.06.0 that rapids adds; use a release it supports (3.3.0-3.3.4, 3.4.0-3.4.4, 3.5.0-3.5.8 on Scala 2.12 and 3.5.0-3.5.8, 4.0.0-4.0.2, 4.1.1 on Scala 2.13) or drop rapids'],
    [{ scalaVersion: '2.11', rapids: {} }, 'GpuTrainingJob RouteModel: scalaVersion "2.11" is not a Scala build of Spark 3.5.5; use "2.12" or "2.13"'],
    [{ sparkVersion: SparkVersion.of('4.0.1'), image: 'registry.example/spark/route-features:4.0.1-1', scalaVersion: '2.12', rapids: {} },
      'GpuTrainingJob RouteModel: scalaVersion "2.12" is not a Scala build of Spark 4.0.1 (Spark 4 is built for Scala 2.13 only); use "2.13"'],
    [{ sparkVersion: SparkVersion.of('4.0.1'), image: 'registry.example/spark/route-features:4.0.1-1', rapids: { jar: 'local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar' } },
      'GpuTrainingJob RouteModel: rapids.jar "local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar" is built for Scala 2.12, but the app runs Spark 4.0.1 on Scala 2.13; use rapids-4-spark_2.13-26.06.0.jar'],
    [{ rapids: { version: '26.06.0', jar: 'local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-25.12.0.jar' } },
      'GpuTrainingJob RouteModel: rapids.jar "local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-25.12.0.jar" is release 25.12.0, but rapids.version is 26.06.0; use rapids-4-spark_2.12-26.06.0.jar or drop rapids.version'],
    [{ rapids: { jar: '/opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar' } },
      'GpuTrainingJob RouteModel: rapids.jar "/opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar" must be a URI with a scheme; use e.g. local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar for a jar in the image'],
    [{ rapids: { version: '26.06' } }, 'GpuTrainingJob RouteModel: rapids.version "26.06" is not a RAPIDS Accelerator release number (major.minor.patch); use a release such as 26.06.0, or leave it unset for 26.06.0'],
    [{ rapids: { concurrentGpuTasks: 0 } }, 'GpuTrainingJob RouteModel: rapids.concurrentGpuTasks 0 must be at least 1; use 1 or more'],
  ] as Array<[Partial<GpuTrainingJobProps>, string]>)('throws on %j', (props, message) => {
    expectError(props, message, ETL);
  });

  test('the plugin is added to spark.plugins next to other plugins (a list-valued key), not in conflict with them', () => {
    const { chart, job } = make({ rapids: {}, sparkConf: { 'spark.plugins': 'com.example.Other' } }, ETL);
    expect(findOne(synth(chart), 'SparkApplication').spec.sparkConf['spark.plugins']).toBe('com.example.Other,com.nvidia.spark.SQLPlugin');
    expect(job.app.sparkConfSource('spark.plugins')).toBe('sparkConf, GpuTrainingJob RouteModel');
  });

  test('warns about a jar whose name cannot be checked', () => {
    const { chart } = make({ rapids: { jar: 'local:///opt/plugins/gpu-sql.jar' } }, ETL);
    expect(SparkWarnings.of(chart)).toContain('test/RouteModel: rapids.jar "local:///opt/plugins/gpu-sql.jar" is not named rapids-4-spark_<scala>-<version>.jar, so its Scala and plugin version cannot be checked [rapids-jar-name]');
  });
});

describe('distributed training', () => {
  test('static executors, one GPU per task, and Spark waits for all executors', () => {
    const a = app({ ...TORCH, gangScheduler: GangScheduler.volcano() });
    expect(a.spec.executor.instances).toBe(4);
    expect(a.spec.dynamicAllocation).toBeUndefined();
    expect(a.spec.sparkConf['spark.task.resource.gpu.amount']).toBe('1');
    expect(a.spec.sparkConf['spark.scheduler.minRegisteredResourcesRatio']).toBe('1.0');
  });

  test('an executorInstances that matches is accepted', () => {
    expect(app({ ...TORCH, executorInstances: 4, gangScheduler: GangScheduler.volcano() }).spec.executor.instances).toBe(4);
  });

  test('warns that TorchDistributor needs Spark 3.4', () => {
    const { chart } = make({ ...TORCH, sparkVersion: SparkVersion.of('3.3.4'), image: 'registry.example/ml/route-scoring:3.3.4-torch2.4', gangScheduler: GangScheduler.volcano() });
    expect(SparkWarnings.of(chart)).toContain('test/RouteModel: TorchDistributor needs Spark 3.4 or later, got 3.3.4; Horovod on Spark works on 3.3 [torch-distributor-spark-version]');
  });

  test.each([
    [{ ...TORCH, gangScheduler: GangScheduler.volcano(), dynamicAllocation: { maxExecutors: 8 } },
      'GpuTrainingJob RouteModel: dynamicAllocation {"maxExecutors":8} cannot be used with distributedTraining: Spark rejects barrier stages under dynamic allocation and every task must run at once; remove dynamicAllocation (the executor count follows from numProcesses)'],
    [{ ...TORCH, tasksPerGpu: 2, gangScheduler: GangScheduler.volcano() },
      'GpuTrainingJob RouteModel: tasksPerGpu 2 must be 1 with distributedTraining: TorchDistributor reads spark.task.resource.gpu.amount as a whole number and runs one process per task and GPU; leave tasksPerGpu unset or set it to 1'],
    [{ ...TORCH, executorInstances: 3, gangScheduler: GangScheduler.volcano() },
      'GpuTrainingJob RouteModel: executorInstances 3 does not match distributedTraining: 8 processes at 2 task slots per executor need 4; leave executorInstances unset'],
    [{ ...TORCH, rapids: {}, gangScheduler: GangScheduler.volcano() },
      'GpuTrainingJob RouteModel: rapids {} cannot be combined with distributedTraining: RAPIDS shares each GPU between tasks (spark.task.resource.gpu.amount 1/n) while barrier training needs one whole GPU per task; run the ETL and the training as two jobs'],
    [{ ...TORCH, distributedTraining: { numProcesses: 0 }, gangScheduler: GangScheduler.volcano() },
      'GpuTrainingJob RouteModel: distributedTraining.numProcesses 0 must be at least 1; use 1 or more'],
    [{ ...TORCH, gpusPerExecutor: 0, driverGpus: 1, gangScheduler: GangScheduler.volcano() },
      'GpuTrainingJob RouteModel: gpusPerExecutor 0 leaves the executors without GPUs, but distributedTraining runs one barrier task per executor GPU; give gpusPerExecutor of at least 1, or drop distributedTraining'],
  ] as Array<[Partial<GpuTrainingJobProps>, string]>)('throws %#', (props, message) => {
    expectError(props, message);
  });

  // Spark copes without a gang scheduler (a barrier job re-checks its slots 40 times, 15s apart,
  // then fails), so no gang and a soft YuniKorn gang are warnings, not errors.
  test('warns without a gang scheduler', () => {
    const { chart } = make({ ...TORCH });
    expect(findOne(synth(chart), 'SparkApplication').spec.executor.instances).toBe(4);
    expect(SparkWarnings.of(chart)).toEqual([
      'test/RouteModel: distributedTraining runs barrier stages, which need every executor at once, but the app has no gangScheduler: the pods are placed one by one, so executors that fit hold their GPUs idle until the rest fit too, and Spark fails the job when not all of them registered within 40 checks 15s apart (spark.scheduler.barrier.maxConcurrentTasksCheck.*); set gangScheduler to GangScheduler.volcano(), GangScheduler.yunikorn({ queue }) or GangScheduler.kueue({ queueName }) [barrier-without-gang-scheduler]',
    ]);
  });

  test('a gang scheduler added after construction counts, and the warning can be acknowledged', () => {
    const late = make({ ...TORCH });
    late.job.app.addFeature(GangScheduler.volcano());
    expect(SparkWarnings.of(late.chart)).toEqual([]);
    const acked = make({ ...TORCH });
    SparkWarnings.acknowledge(acked.job, 'barrier-without-gang-scheduler');
    expect(SparkWarnings.of(acked.chart)).toEqual([]);
  });

  test('warns about a soft YuniKorn gang', () => {
    const { chart } = make({ ...TORCH, gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu', style: GangSchedulingStyle.SOFT }) });
    synth(chart);
    expect(SparkWarnings.of(chart)).toEqual([
      'test/RouteModel/App: gangScheduler.style "Soft" lets YuniKorn place the pods one by one when the whole gang does not fit within its placeholder timeout, but the barrier training of GpuTrainingJob RouteModel needs every executor at once: executors that fit hold their GPUs idle, and Spark fails the job when not all of them registered within 40 checks 15s apart; use GangSchedulingStyle.HARD or leave style unset (barrier training defaults to HARD) [barrier-soft-gang]',
    ]);
  });
});

describe('gang scheduling', () => {
  test('Volcano: minMember 1 and minResources covering the driver and every executor, from the model', () => {
    const { chart, job } = make({ ...TORCH, gangScheduler: GangScheduler.volcano() });
    const out = synth(chart);
    const pg = findOne(out, 'PodGroup', 'route-model-podgroup');
    const r = job.app.resources();
    expect(pg.spec.minMember).toBe(1);
    expect(pg.spec.queue).toBe('default');
    expect(pg.spec.priorityClassName).toBeUndefined();
    expect(pg.spec.minResources).toEqual({
      'cpu': '33',
      'memory': `${r.driver.memoryRequestMebibytes + 4 * r.executor.memoryRequestMebibytes}Mi`,
      'nvidia.com/gpu': '8',
    });
    const a = findOne(out, 'SparkApplication');
    for (const role of ['driver', 'executor']) {
      expect(a.spec[role].annotations).toEqual({ 'scheduling.k8s.io/group-name': 'route-model-podgroup' });
      expect(a.spec[role].template.spec.schedulerName).toBe('volcano');
    }
    // The PodGroup comes before the SparkApplication.
    expect(out.findIndex(m => m.kind === 'PodGroup')).toBeLessThan(out.findIndex(m => m.kind === 'SparkApplication'));
  });

  test('Volcano with dynamic allocation sizes the group for the initial executors', () => {
    const { chart } = make({
      executorCores: 2, dynamicAllocation: { minExecutors: 1, initialExecutors: 2, maxExecutors: 10 }, gangScheduler: GangScheduler.volcano(),
    });
    const pg = findOne(synth(chart), 'PodGroup');
    expect(pg.spec.minResources['nvidia.com/gpu']).toBe('2');
  });

  test('YuniKorn: task groups with the model\'s pod requests and the placement of the real pods', () => {
    const { chart, job } = make({
      ...TORCH,
      gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu-training' }),
      gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
      tolerations: [{ key: 'ml', operator: TolerationOperator.EXISTS }],
      requiredNodeAffinity: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: ['eu-west-1a'] }],
    });
    const a = findOne(synth(chart), 'SparkApplication');
    const r = job.app.resources();
    expect(a.spec.driver.annotations['yunikorn.apache.org/task-group-name']).toBe('spark-driver');
    expect(a.spec.executor.annotations).toEqual({ 'yunikorn.apache.org/task-group-name': 'spark-executor' });
    expect(a.spec.driver.annotations['yunikorn.apache.org/schedulingPolicyParameters']).toBe('placeholderTimeoutInSeconds=900 gangSchedulingStyle=Hard');
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] }] } } };
    expect(JSON.parse(a.spec.driver.annotations['yunikorn.apache.org/task-groups'])).toEqual([
      {
        name: 'spark-driver',
        minMember: 1,
        minResource: { cpu: '1', memory: `${r.driver.memoryRequestMebibytes}Mi` },
        tolerations: [{ key: 'ml', operator: 'Exists' }],
        affinity,
      },
      {
        name: 'spark-executor',
        minMember: 4,
        minResource: { 'cpu': '8', 'memory': `${r.executor.memoryRequestMebibytes}Mi`, 'nvidia.com/gpu': '2' },
        nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
        tolerations: [{ key: 'ml', operator: 'Exists' }, { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        affinity,
      },
    ]);
    for (const role of ['driver', 'executor']) {
      expect(a.spec[role].labels['yunikorn.apache.org/queue']).toBe('root.gpu-training');
      // The app id is Spark's spark-app-selector label, unique per run.
      expect(a.spec[role].labels['yunikorn.apache.org/app-id']).toBeUndefined();
      expect(a.spec[role].template.spec.schedulerName).toBe('yunikorn');
    }
  });

  test('YuniKorn task groups follow settings added after construction', () => {
    const { chart, job } = make({ ...TORCH, gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu' }) });
    job.app.addSparkConf('spark.kubernetes.executor.request.cores', '7500m', 'test');
    const a = findOne(synth(chart), 'SparkApplication');
    expect(JSON.parse(a.spec.driver.annotations['yunikorn.apache.org/task-groups'])[1].minResource.cpu).toBe('7500m');
  });

  test('YuniKorn without training defaults to a soft gang', () => {
    const a = app({ executorInstances: 2, gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu' }) });
    expect(a.spec.driver.annotations['yunikorn.apache.org/schedulingPolicyParameters']).toBe('placeholderTimeoutInSeconds=900 gangSchedulingStyle=Soft');
  });

  test('Kueue: the queue-name label on the SparkApplication, no scheduler name, the LocalQueue once per namespace', () => {
    const chart = Testing.chart();
    const kueue = () => GangScheduler.kueue({ queueName: 'gpu-training', clusterQueue: 'gpu-cq' });
    const a = new GpuTrainingJob(chart, 'RouteModel', { ...TRAIN, ...TORCH, gangScheduler: kueue() } as GpuTrainingJobProps);
    const b = new GpuTrainingJob(chart, 'RouteModelSmall', { ...TRAIN, ...TORCH, distributedTraining: { numProcesses: 2 }, gangScheduler: kueue() } as GpuTrainingJobProps);
    const out = synth(chart);
    expect(a.localQueue).toBeDefined();
    expect(b.localQueue).toBeUndefined();
    const lq = findOne(out, 'LocalQueue', 'gpu-training');
    expect(lq.apiVersion).toBe('kueue.x-k8s.io/v1beta2');
    expect(lq.spec).toEqual({ clusterQueue: 'gpu-cq' });
    for (const s of findAll(out, 'SparkApplication')) {
      expect(s.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('gpu-training');
      expect(s.spec.executor.template.spec.schedulerName).toBeUndefined();
      expect(s.spec.executor.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 2 });
      // Kueue reads the typed fields, not the templates: the placement is mirrored there.
      expect(s.spec.executor.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
      expect(s.spec.driver.tolerations).toBeUndefined();
    }
  });

  test('Kueue: node selector and affinity are mirrored into the typed fields of a scheduled app', () => {
    const { chart } = make({
      gangScheduler: GangScheduler.kueue({ queueName: 'gpu' }),
      schedule: { cron: '0 3 * * *' },
      nodeSelector: { pool: 'ml' },
      gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      requiredNodeAffinity: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: ['eu-west-1a'] }],
    });
    const t = findOne(synth(chart), 'ScheduledSparkApplication').spec.template;
    expect(t.executor.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4', 'pool': 'ml' });
    expect(t.driver.nodeSelector).toEqual({ pool: 'ml' });
    expect(t.executor.affinity).toEqual(t.executor.template.spec.affinity);
    expect(t.executor.tolerations).toEqual(t.executor.template.spec.tolerations);
  });

  test('Kueue without clusterQueue expects the LocalQueue to exist', () => {
    const { chart } = make({ ...TORCH, gangScheduler: GangScheduler.kueue({ queueName: 'gpu-training' }) });
    expect(findAll(synth(chart), 'LocalQueue')).toEqual([]);
  });

  test('fails when two jobs point one LocalQueue at different ClusterQueues', () => {
    const chart = Testing.chart();
    new GpuTrainingJob(chart, 'A', { ...TRAIN, gangScheduler: GangScheduler.kueue({ queueName: 'gpu', clusterQueue: 'cq-a' }) });
    expect(() => new GpuTrainingJob(chart, 'B', { ...TRAIN, gangScheduler: GangScheduler.kueue({ queueName: 'gpu', clusterQueue: 'cq-b' }) }))
      .toThrow('SparkApp B/App: gangScheduler.clusterQueue "cq-b" conflicts with "cq-a" given by another app for LocalQueue default/gpu: a LocalQueue points at one ClusterQueue; give every app of LocalQueue default/gpu the same clusterQueue, or give it on one app only');
  });

  test.each([
    [{ dynamicAllocation: { maxExecutors: 4 }, gangScheduler: GangScheduler.kueue({ queueName: 'gpu' }) },
      'SparkApp RouteModel/App: dynamicAllocation {"maxExecutors":4} cannot be used with GangScheduler.kueue: Kueue\'s SparkApplication integration rejects dynamic allocation; use static executors (executorInstances) instead of dynamic allocation'],
    [{ gangScheduler: GangScheduler.volcano(), schedule: { cron: '0 3 * * *', concurrencyPolicy: ConcurrencyPolicy.ALLOW } },
      'SparkApp RouteModel/App: schedule.concurrencyPolicy "Allow" cannot be used with GangScheduler.volcano(): all runs join the app\'s one PodGroup, whose minResources cover a single run; use ConcurrencyPolicy.FORBID or ConcurrencyPolicy.REPLACE'],
  ] as Array<[Partial<GpuTrainingJobProps>, string]>)('throws %#', (props, message) => {
    expectError(props, message);
  });

  test.each([
    [() => GangScheduler.volcano({ queue: 'GPU' }), 'GangScheduler.volcano: queue "GPU" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of an existing Volcano Queue, or leave it unset for "default"'],
    [() => GangScheduler.volcano({ priorityClassName: 'High_Priority' }), 'GangScheduler.volcano: priorityClassName "High_Priority" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of an existing PriorityClass'],
    [() => GangScheduler.yunikorn({ queue: 'root.gpu training' }), 'GangScheduler.yunikorn: queue "root.gpu training" must be a label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; use a YuniKorn queue path such as root.batch'],
    [() => GangScheduler.yunikorn({ queue: '' }), 'GangScheduler.yunikorn: queue "" must not be empty; use a YuniKorn queue path such as root.batch'],
    [() => GangScheduler.yunikorn({ queue: 'root.gpu', placeholderTimeout: Duration.millis(1500) }), 'GangScheduler.yunikorn: placeholderTimeout 1 second 500 millis must be a whole number of seconds of at least 1 (YuniKorn takes placeholderTimeoutInSeconds); use e.g. Duration.seconds(90) or Duration.minutes(15) (the default)'],
    [() => GangScheduler.kueue({ queueName: 'GPU' }), 'GangScheduler.kueue: queueName "GPU" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of the LocalQueue in the app\'s namespace'],
    [() => GangScheduler.kueue({ queueName: 'gpu', clusterQueue: 'Cluster Queue' }), 'GangScheduler.kueue: clusterQueue "Cluster Queue" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of an existing ClusterQueue'],
  ])('factory throws %#', (f, message) => {
    expect(f).toThrow(message);
  });
});

describe('outputs and tracking', () => {
  test('a model volume is mounted read-write into driver and executors, with MODEL_OUTPUT_URI', () => {
    const a = app({ modelOutput: ModelOutput.volume('route-models', '/models') });
    for (const role of ['driver', 'executor']) {
      const spec = a.spec[role].template.spec;
      expect(spec.volumes).toContainEqual({ name: 'model-output', persistentVolumeClaim: { claimName: 'route-models', readOnly: false } });
      expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'model-output', mountPath: '/models', readOnly: false });
      expect(spec.containers[0].env).toContainEqual({ name: 'MODEL_OUTPUT_URI', value: 'file:///models' });
    }
  });

  test('an object-store output is handed over as MODEL_OUTPUT_URI only', () => {
    const a = app({ modelOutput: ModelOutput.objectStore('s3://ml-models/route-scoring/') });
    expect(a.spec.executor.template.spec.containers[0].env).toEqual([{ name: 'MODEL_OUTPUT_URI', value: 's3://ml-models/route-scoring/' }]);
    expect(a.spec.executor.template.spec.volumes).toBeUndefined();
  });

  test('MLflow settings and Secret-backed credentials become environment of both roles', () => {
    const a = app({
      experimentTracking: {
        mlflowTrackingUri: 'https://mlflow.example',
        experimentName: 'route-scoring',
        credentials: {
          MLFLOW_TRACKING_USERNAME: SparkEnvValue.fromSecret('mlflow', 'username'),
          MLFLOW_TRACKING_PASSWORD: SparkEnvValue.fromSecret('mlflow', 'password'),
        },
      },
    });
    for (const role of ['driver', 'executor']) {
      expect(a.spec[role].template.spec.containers[0].env).toEqual([
        { name: 'MLFLOW_EXPERIMENT_NAME', value: 'route-scoring' },
        { name: 'MLFLOW_TRACKING_PASSWORD', valueFrom: { secretKeyRef: { name: 'mlflow', key: 'password' } } },
        { name: 'MLFLOW_TRACKING_URI', value: 'https://mlflow.example' },
        { name: 'MLFLOW_TRACKING_USERNAME', valueFrom: { secretKeyRef: { name: 'mlflow', key: 'username' } } },
      ]);
    }
  });

  test.each([
    [() => ModelOutput.volume('route-models', 'models'), 'ModelOutput.volume: mountPath "models" must be an absolute directory other than /; use e.g. /models'],
    [() => ModelOutput.volume('Route_Models', '/models'), 'ModelOutput.volume: claimName "Route_Models" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of an existing PersistentVolumeClaim in the job\'s namespace'],
    [() => ModelOutput.objectStore('ml-models/route-scoring'), 'ModelOutput.objectStore: uri "ml-models/route-scoring" must be a URI with a scheme; use a scheme such as s3://, s3a://, gs:// or abfss://'],
    [() => ModelOutput.objectStore('s3://AKIA:secret@ml-models/x'), 'ModelOutput.objectStore: uri "s3://***@ml-models/x" must not carry credentials (user:secret@); pass them from a Secret with SparkEnvValue.fromSecret'],
    [() => GpuVendor.custom('GPU Corp'), 'GpuVendor.custom: domain "GPU Corp" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the domain of the GPU resource the device plugin advertises (gpu.example.com for gpu.example.com/gpu)'],
  ])('factory throws %#', (f, message) => {
    expect(f).toThrow(message);
  });
});

describe('validation', () => {
  test.each([
    [{ gpusPerExecutor: 0.5 }, 'GpuTrainingJob RouteModel: gpusPerExecutor 0.5 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); give a whole number of GPUs, 0 for executors without GPUs (to share a GPU between tasks, set tasksPerGpu)'],
    [{ gpusPerExecutor: -1 }, 'GpuTrainingJob RouteModel: gpusPerExecutor -1 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); give a whole number of GPUs, 0 for executors without GPUs (to share a GPU between tasks, set tasksPerGpu)'],
    [{ driverGpus: -1 }, 'GpuTrainingJob RouteModel: driverGpus -1 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); use 0 for a driver without GPUs, or a whole number of GPUs'],
    [{ tasksPerGpu: 1.5 }, 'GpuTrainingJob RouteModel: tasksPerGpu 1.5 must be a whole number of at least 1: Spark shares a GPU between n tasks with a task amount of 1/n (fractions above 0.5 are not allowed); use 1 for a whole GPU per task, or n for n tasks per GPU'],
    [{ gpuDiscoveryScript: 'getGpusResources.sh' }, 'GpuTrainingJob RouteModel: gpuDiscoveryScript "getGpusResources.sh" must be an absolute path in the image; give the script\'s full path, e.g. /opt/sparkRapidsPlugin/getGpusResources.sh'],
    [{ executorCores: 0 }, 'GpuTrainingJob RouteModel: executorCores 0 must be at least 1; use 1 or more'],
    [{ executorCores: 4, sparkConf: { 'spark.task.cpus': '8' } }, 'GpuTrainingJob RouteModel: sparkConf["spark.task.cpus"] "8" must be a whole number from 1 to executorCores (4); use at most 4, or raise executorCores'],
    [{ sharedMemorySize: Size.kibibytes(1536) }, 'GpuTrainingJob RouteModel: sharedMemorySize 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)'],
    [{ gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA A100' } }, 'GpuTrainingJob RouteModel: gpuNodeSelector["nvidia.com/gpu.product"] "NVIDIA A100" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit'],
    [{ gpuNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' }, executorNodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A10G' } },
      'GpuTrainingJob RouteModel: gpuNodeSelector["nvidia.com/gpu.product"] "NVIDIA-L4" conflicts with executorNodeSelector["nvidia.com/gpu.product"] "NVIDIA-A10G"; set the label in one place'],
    [{ sparkConf: { 'spark.executor.resource.gpu.amount': '2' } },
      'GpuTrainingJob RouteModel: sparkConf["spark.executor.resource.gpu.amount"] "2" conflicts with gpusPerExecutor, which sets it to "1"; remove the key and set gpusPerExecutor instead'],
    [{ sparkConf: { 'spark.executor.resource.gpu.vendor': 'nvidia.com/gpu' } },
      'GpuTrainingJob RouteModel: sparkConf["spark.executor.resource.gpu.vendor"] "nvidia.com/gpu" names the resource, not its vendor: Spark appends "/gpu" to the vendor and would request nvidia.com/gpu/gpu; remove the key; gpuVendor sets it (GpuVendor.NVIDIA gives "nvidia.com")'],
    [{ sparkConf: { 'spark.driver.resource.gpu.amount': '0.5' } },
      'GpuTrainingJob RouteModel: sparkConf["spark.driver.resource.gpu.amount"] "0.5" must be a whole number (Spark reads a pod\'s GPU amount with toInt); remove the key; driverGpus sets it (to share a GPU between tasks, set tasksPerGpu)'],
    [{ sparkConf: { 'spark.task.cpus': '2.0' }, executorCores: 4 },
      'GpuTrainingJob RouteModel: sparkConf["spark.task.cpus"] "2.0" must be a whole number from 1 to executorCores (4); use at most 4, or raise executorCores'],
    [{ executorVolumeMounts: [{ volume: SparkVolume.emptyDir('shm'), path: '/dev/shm' }], sharedMemorySize: Size.gibibytes(1) },
      'SparkApp RouteModel/App: volumeMount.path "/dev/shm" (added by GpuTrainingJob RouteModel) is already where volume "shm" is mounted (by prop executorVolumeMounts[0]); mount each volume at its own path'],
    [{ experimentTracking: { mlflowTrackingUri: 'mlflow.example' } }, 'GpuTrainingJob RouteModel: experimentTracking.mlflowTrackingUri "mlflow.example" must be a URI with a scheme; use a URI such as https://mlflow.example'],
    [{ experimentTracking: { mlflowTrackingUri: 'https://bob:pw@mlflow.example' } }, 'GpuTrainingJob RouteModel: experimentTracking.mlflowTrackingUri "https://***@mlflow.example" must not carry credentials (user:secret@); pass them in experimentTracking.credentials from a Secret'],
    [{ experimentTracking: { mlflowTrackingUri: 'https://mlflow.example', credentials: { MLFLOW_TRACKING_TOKEN: SparkEnvValue.value('t0ken') } } },
      'GpuTrainingJob RouteModel: experimentTracking.credentials["MLFLOW_TRACKING_TOKEN"] a SparkEnvValue must come from a Secret, not from a literal (SparkEnvValue.value); use SparkEnvValue.fromSecret(secretName, key)'],
  ] as Array<[Partial<GpuTrainingJobProps>, string]>)('throws %#', (props, message) => {
    expectError(props, message);
  });
});

describe('GpuAcceleration on a plain SparkApp', () => {
  const etl = (features: GpuAcceleration[], props: Partial<SparkAppProps> = {}) => {
    const chart = Testing.chart();
    const sparkApp = new SparkApp(chart, 'Etl', { ...ETL, executorCores: 8, executorMemory: Size.gibibytes(16), ...props, features } as SparkAppProps);
    return { chart, app: sparkApp };
  };

  test('GPU conf, typed gpu fields, placement, RAPIDS list entries and memory headroom, named after the feature', () => {
    const { chart, app: sparkApp } = etl([new GpuAcceleration({
      gpusPerExecutor: 2, driverGpus: 1, nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' }, rapids: {},
    })], { packages: ['org.apache.hadoop:hadoop-aws:3.3.4'], sparkConf: { 'spark.plugins': 'com.example.Other' } });
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.sparkConf).toMatchObject({
      'spark.executor.resource.gpu.amount': '2',
      'spark.driver.resource.gpu.amount': '1',
      'spark.task.resource.gpu.amount': '0.25',
      'spark.plugins': 'com.example.Other,com.nvidia.spark.SQLPlugin',
      'spark.rapids.memory.pinnedPool.size': '2048m',
    });
    expect(a.spec.deps.packages).toEqual(['org.apache.hadoop:hadoop-aws:3.3.4', 'com.nvidia:rapids-4-spark_2.12:26.06.0']);
    expect(a.spec.executor.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 2 });
    expect(a.spec.driver.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 1 });
    for (const role of ['driver', 'executor']) {
      expect(a.spec[role].template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4' });
      expect(a.spec[role].template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    }
    // JVM: 0.1 × 16384 = 1638 MiB computed, + the 2 GiB pinned pool
    expect(sparkApp.resources().executor.overheadMebibytes).toBe(1638 + 2048);
    expect(sparkApp.sparkConfSource('spark.executor.resource.gpu.amount')).toBe('GpuAcceleration');
    expect(sparkApp.sparkConfSource('spark.jars.packages')).toBe('prop packages, GpuAcceleration');
  });

  test('barrier training: whole GPUs, /dev/shm of 1 GiB per GPU in the overhead, Spark waits for every executor', () => {
    const { chart, app: sparkApp } = etl([new GpuAcceleration({ gpusPerExecutor: 2, barrierTraining: true })], TRAIN_APP);
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.sparkConf['spark.scheduler.minRegisteredResourcesRatio']).toBe('1.0');
    expect(a.spec.sparkConf['spark.task.resource.gpu.amount']).toBe('1');
    expect(a.spec.executor.template.spec.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2048Mi' } }]);
    expect(sparkApp.resources().executor.overheadMebibytes).toBe(6553 + 2048);
  });

  test('the same GPU value in sparkConf passes; another GPU amount for a pod the feature gives none is an error', () => {
    const { chart } = etl([new GpuAcceleration()], { sparkConf: { 'spark.executor.resource.gpu.amount': '1' } });
    expect(findOne(synth(chart), 'SparkApplication').spec.executor.gpu).toEqual({ name: 'nvidia.com/gpu', quantity: 1 });
    expect(() => etl([new GpuAcceleration()], { sparkConf: { 'spark.driver.resource.gpu.amount': '1' } }))
      .toThrow('SparkApp Etl: sparkConf["spark.driver.resource.gpu.amount"] "1" conflicts with GpuAcceleration driverGpus, which leaves it unset; remove the key and set GpuAcceleration driverGpus instead');
  });

  test('barrier training without a gang scheduler is a warning (Spark copes: it re-checks the slots, then fails the job)', () => {
    const { chart, app: sparkApp } = etl([new GpuAcceleration({ barrierTraining: true })], TRAIN_APP);
    synth(chart);
    const warning = 'test/Etl: GpuAcceleration barrierTraining runs barrier stages, which need every executor at once, but the app has no gangScheduler: the pods are placed one by one, so executors that fit hold their GPUs idle until the rest fit too, and Spark fails the job when not all of them registered within 40 checks 15s apart (spark.scheduler.barrier.maxConcurrentTasksCheck.*); set gangScheduler to GangScheduler.volcano(), GangScheduler.yunikorn({ queue }) or GangScheduler.kueue({ queueName }) [barrier-without-gang-scheduler]';
    expect(SparkWarnings.of(chart)).toEqual([warning]);
    sparkApp.addFeature(GangScheduler.kueue({ queueName: 'gpu' }));
    expect(SparkWarnings.of(chart)).toEqual([]);
  });

  test('prop warnings (absurd figures, unknown props) go to the app', () => {
    const { chart } = etl([new GpuAcceleration({ gpusPerExecutor: 24, tasksPerGpus: 2 } as any)], { executorCores: 24 });
    expect(SparkWarnings.of(chart)).toEqual([
      'test/Etl: GpuAcceleration.gpusPerExecutor 24 GPUs is more than 16 GPUs; check the figure [absurd-value]',
      'test/Etl: GpuAcceleration.tasksPerGpus is not a prop of GpuAccelerationProps and is ignored; did you mean GpuAcceleration.tasksPerGpu? [unknown-prop]',
    ]);
  });

  test('warnings go to the app and name the feature\'s props', () => {
    const { chart } = etl([new GpuAcceleration({ vendor: GpuVendor.AMD, gpusPerExecutor: 2 })], { executorCores: 1 });
    expect(SparkWarnings.of(chart)).toEqual(expect.arrayContaining([
      'test/Etl: GpuAcceleration discoveryScript is Spark\'s example script, which runs nvidia-smi, but GpuAcceleration vendor is amd.com; give a discovery script for these GPUs [gpu-discovery-script]',
      'test/Etl: executorCores 1 give 1 task slots per executor but the GPUs could take 2 (2 GPU × 1 tasks): part of each executor\'s GPUs stays idle; raise executorCores or lower GpuAcceleration gpusPerExecutor [idle-gpus]',
    ]));
  });

  test.each([
    [() => new GpuAcceleration({ gpusPerExecutor: 1.5 }), 'GpuAcceleration: gpusPerExecutor 1.5 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); give a whole number of GPUs, 0 for executors without GPUs (to share a GPU between tasks, set tasksPerGpu)'],
    [() => new GpuAcceleration({ gpusPerExecutor: 0, rapids: {} }), 'GpuAcceleration: gpusPerExecutor 0 leaves the executors without GPUs, but rapids runs SQL on the executors\' GPUs; give gpusPerExecutor of at least 1, or drop rapids'],
    [() => new GpuAcceleration({ gpusPerExecutor: 0, tasksPerGpu: 2 }), 'GpuAcceleration: gpusPerExecutor 0 leaves the executors without GPUs, but tasksPerGpu shares the executors\' GPUs between tasks; give gpusPerExecutor of at least 1, or drop tasksPerGpu'],
    [() => new GpuAcceleration({ discoveryScript: 'gpus.sh' }), 'GpuAcceleration: discoveryScript "gpus.sh" must be an absolute path in the image; give the script\'s full path, e.g. /opt/sparkRapidsPlugin/getGpusResources.sh'],
    [() => new GpuAcceleration({ rapids: {}, barrierTraining: true }), 'GpuAcceleration: rapids {} cannot be combined with barrierTraining: RAPIDS shares each GPU between tasks (spark.task.resource.gpu.amount 1/n) while barrier training needs one whole GPU per task; run the ETL and the training as two jobs'],
    [() => new GpuAcceleration({ nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA L4' } }), 'GpuAcceleration: nodeSelector["nvidia.com/gpu.product"] "NVIDIA L4" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit'],
    [() => etl([new GpuAcceleration({ rapids: { jar: 'local:///opt/rapids/rapids-4-spark_2.13-26.06.0.jar' } })]),
      'SparkApp Etl: GpuAcceleration rapids.jar "local:///opt/rapids/rapids-4-spark_2.13-26.06.0.jar" is built for Scala 2.13, but the app runs Spark 3.5.5 on Scala 2.12; use rapids-4-spark_2.12-26.06.0.jar'],
    [() => etl([new GpuAcceleration({ barrierTraining: true })], { executorInstances: undefined, dynamicAllocation: { maxExecutors: 4 } }),
      'SparkApp Etl: dynamicAllocation {"maxExecutors":4} cannot be used with GpuAcceleration barrierTraining: Spark rejects barrier stages under dynamic allocation and every task must run at once; use static executors (executorInstances) instead of dynamic allocation'],
    [() => etl([new GpuAcceleration({ gpusPerExecutor: 2 })], { sparkConf: { 'spark.executor.resource.gpu.amount': '1' } }),
      'SparkApp Etl: sparkConf["spark.executor.resource.gpu.amount"] "1" conflicts with GpuAcceleration gpusPerExecutor, which sets it to "2"; remove the key and set GpuAcceleration gpusPerExecutor instead'],
    [() => etl([new GpuAcceleration()], { sparkConf: { 'spark.task.resource.gpu.amount': '0.5' } }),
      'SparkApp Etl: sparkConf["spark.task.resource.gpu.amount"] "0.5" conflicts with GpuAcceleration tasksPerGpu, which sets it to "1"; remove the key and set GpuAcceleration tasksPerGpu instead'],
  ] as Array<[() => unknown, string]>)('throws %#', (f, message) => {
    expect(f).toThrow(message);
  });
});

const TRAIN_APP: Partial<SparkAppProps> = {
  image: TRAIN.image, mainApplicationFile: TRAIN.mainApplicationFile, mainClass: undefined, executorInstances: 2,
};
