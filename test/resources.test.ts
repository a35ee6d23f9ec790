import { Chart, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { CpuCores, SparkApp, SparkApplicationType, SparkRole, SparkVersion } from '../src';
import { computePodResources, cpuMillis, parseQuantity, sparkMebibytes } from '../src/core/model';

const V33 = SparkVersion.of('3.3.4');
const V35 = SparkVersion.of('3.5.5');
const V40 = SparkVersion.of('4.0.1');

function model(role: SparkRole, conf: Record<string, string>, opts: { python?: boolean; r?: boolean; version?: SparkVersion } = {}) {
  return computePodResources(role, new Map(Object.entries(conf)), {
    nonJvm: !!(opts.python || opts.r),
    python: !!opts.python,
    version: opts.version ?? V35,
  });
}

describe('memory of the Spark container (Spark 3.3–4.0 rules)', () => {
  // Each row: what is configured, and the Mi Spark writes into the pod's memory request and limit.
  const table: Array<[string, SparkRole, Record<string, string>, { python?: boolean; r?: boolean; version?: SparkVersion }, number]> = [
    ['spark-operator #817: executor 512m becomes 896Mi (384 floor)', SparkRole.EXECUTOR, { 'spark.executor.memory': '512m' }, {}, 896],
    ['spark-operator #1542: executor 2048m becomes 2432Mi', SparkRole.EXECUTOR, { 'spark.executor.memory': '2048m' }, {}, 2432],
    ['JVM executor 4g: 4096 + trunc(409.6)', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g' }, {}, 4505],
    ['JVM executor 2g on Spark 3.3', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g' }, { version: V33 }, 2432],
    ['PySpark executor 4g + pyspark 1g, factor 0.4', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.executor.pyspark.memory': '1g' }, { python: true }, 6758],
    ['pyspark.memory is ignored for JVM apps', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.executor.pyspark.memory': '1g' }, {}, 4505],
    ['off-heap 2g added to an 8g executor', SparkRole.EXECUTOR, { 'spark.executor.memory': '8g', 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2g' }, {}, 11059],
    ['off-heap size is in bytes without a unit', SparkRole.EXECUTOR, { 'spark.executor.memory': '1g', 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '1073741824' }, {}, 2432],
    ['off-heap size ignored when disabled', SparkRole.EXECUTOR, { 'spark.executor.memory': '8g', 'spark.memory.offHeap.size': '2g' }, {}, 9011],
    ['default driver (1g, JVM)', SparkRole.DRIVER, {}, {}, 1408],
    ['default Python driver: factor 0.4 → 409', SparkRole.DRIVER, {}, { python: true }, 1433],
    ['default R driver: factor 0.4', SparkRole.DRIVER, {}, { r: true }, 1433],
    ['driver off-heap and pyspark memory are not added', SparkRole.DRIVER, { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2g', 'spark.executor.pyspark.memory': '1g' }, { python: true }, 1433],
    ['explicit overhead replaces the computed one', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.executor.memoryOverhead': '1g' }, {}, 5120],
    ['explicit overhead below the floor is used as is', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.executor.memoryOverhead': '100m' }, {}, 4196],
    ['spark.kubernetes.memoryOverheadFactor 0.2', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.kubernetes.memoryOverheadFactor': '0.2' }, {}, 4915],
    ['explicit kubernetes factor overrides the Python 0.4', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.kubernetes.memoryOverheadFactor': '0.1' }, { python: true }, 4505],
    ['per-role factor (3.3+) wins over the kubernetes factor', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.kubernetes.memoryOverheadFactor': '0.2', 'spark.executor.memoryOverheadFactor': '0.3' }, {}, 5324],
    ['driver per-role factor', SparkRole.DRIVER, { 'spark.driver.memory': '10g', 'spark.driver.memoryOverheadFactor': '0.15' }, {}, 11776],
    ['truncation to whole MiB of the byte string', SparkRole.EXECUTOR, { 'spark.executor.memory': '1500000k' }, {}, 1464 + 384],
    ['4.0: minMemoryOverhead raises the floor', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g', 'spark.executor.minMemoryOverhead': '1g' }, { version: V40 }, 3072],
    ['3.5: minMemoryOverhead does not exist yet', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g', 'spark.executor.minMemoryOverhead': '1g' }, { version: V35 }, 2432],
    ['4.0: explicit overhead ignores minMemoryOverhead', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g', 'spark.executor.minMemoryOverhead': '1g', 'spark.executor.memoryOverhead': '512m' }, { version: V40 }, 2560],
    ['4.0: driver minMemoryOverhead', SparkRole.DRIVER, { 'spark.driver.minMemoryOverhead': '500m' }, { version: V40 }, 1524],
    ['4.0 default floor is 384', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g' }, { version: V40 }, 2432],
  ];

  test.each(table)('%s', (_name, role, conf, opts, expected) => {
    const pod = model(role, conf, opts);
    expect(pod.memoryRequestMebibytes).toBe(expected);
    expect(pod.memoryLimitMebibytes).toBe(expected);
    expect(pod.heapMebibytes + pod.overheadMebibytes + pod.offHeapMebibytes + pod.pysparkMebibytes).toBe(expected);
  });

  test('for every heap the overhead is max(trunc(factor × heap), 384) and request equals limit', () => {
    fc.assert(fc.property(fc.integer({ min: 450, max: 512 * 1024 }), fc.boolean(), (heap, python) => {
      const pod = model(SparkRole.EXECUTOR, { 'spark.executor.memory': `${heap}m` }, { python });
      const factor = python ? 0.4 : 0.1;
      return pod.overheadMebibytes === Math.max(Math.floor(factor * heap), 384)
        && pod.memoryRequestMebibytes === pod.memoryLimitMebibytes
        && pod.memoryRequestMebibytes >= heap + 384;
    }));
  });

  test('the same heap written in different units gives the same pod', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 64 }), (gib) => {
      const a = model(SparkRole.EXECUTOR, { 'spark.executor.memory': `${gib}g` });
      const b = model(SparkRole.EXECUTOR, { 'spark.executor.memory': `${gib * 1024}m` });
      const c = model(SparkRole.EXECUTOR, { 'spark.executor.memory': `${gib * 1024}` });
      return a.memoryRequestMebibytes === b.memoryRequestMebibytes && b.memoryRequestMebibytes === c.memoryRequestMebibytes;
    }));
  });
});

describe('CPU', () => {
  test('request is the cores unless request.cores is set; no limit unless limit.cores is set', () => {
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.cores': '4' })).toMatchObject({ cpuRequestMillis: 4000, cpuLimitMillis: undefined });
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.cores': '4', 'spark.kubernetes.executor.request.cores': '3500m' }).cpuRequestMillis).toBe(3500);
    expect(model(SparkRole.EXECUTOR, { 'spark.kubernetes.executor.request.cores': '0.5', 'spark.kubernetes.executor.limit.cores': '1.5' })).toMatchObject({ cpuRequestMillis: 500, cpuLimitMillis: 1500 });
    expect(model(SparkRole.DRIVER, {}).cpuRequestMillis).toBe(1000);
    expect(model(SparkRole.DRIVER, { 'spark.kubernetes.driver.request.cores': '250m', 'spark.kubernetes.driver.limit.cores': '1' })).toMatchObject({ cpuRequestMillis: 250, cpuLimitMillis: 1000 });
  });

  test('a template CPU limit stays when limit.cores is unset', () => {
    const pod = computePodResources(SparkRole.EXECUTOR, new Map(), { nonJvm: false, python: false, version: V35, templateResources: { limits: { cpu: '2' } } });
    expect(pod.cpuLimitMillis).toBe(2000);
  });
});

describe('extended resources, ephemeral storage and on-demand claims', () => {
  test('GPUs become limits named <vendor>/<name>', () => {
    const pod = model(SparkRole.EXECUTOR, { 'spark.executor.resource.gpu.amount': '2', 'spark.executor.resource.gpu.vendor': 'nvidia.com' });
    expect(pod.extendedResources).toEqual({ 'nvidia.com/gpu': 2 });
    expect(model(SparkRole.DRIVER, { 'spark.executor.resource.gpu.amount': '2', 'spark.executor.resource.gpu.vendor': 'nvidia.com' }).extendedResources).toEqual({});
  });

  test('a resource without a vendor is an error, as in Spark', () => {
    expect(() => model(SparkRole.EXECUTOR, { 'spark.executor.resource.gpu.amount': '1' }))
      .toThrow(new Error('sparkConf["spark.executor.resource.gpu.amount"] "1" is set but spark.executor.resource.gpu.vendor is not (Spark on Kubernetes needs the vendor to name the resource); set sparkConf["spark.executor.resource.gpu.vendor"] too, e.g. to nvidia.com'));
  });

  test('ephemeral storage comes from the template', () => {
    const pod = computePodResources(SparkRole.EXECUTOR, new Map(), {
      nonJvm: false,
      python: false,
      version: V35,
      templateResources: { requests: { 'ephemeral-storage': '20Gi' }, limits: { 'ephemeral-storage': '25Gi' } },
    });
    expect(pod.ephemeralStorageRequestMebibytes).toBe(20480);
    expect(pod.ephemeralStorageLimitMebibytes).toBe(25600);
  });

  test('an unreadable conf value names its key', () => {
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.';
    expect(() => model(SparkRole.EXECUTOR, {
      [`${p}data.options.claimName`]: 'OnDemand',
      [`${p}data.options.storageClass`]: 'gp3',
      [`${p}data.options.sizeLimit`]: '10GB',
    })).toThrow(new Error(`sparkConf["${p}data.options.sizeLimit"] "10GB" is not a Kubernetes quantity; expected a number with an optional suffix such as m, k, Mi or Gi (e.g. 500m, 2, 1.5, 4Gi)`));
    expect(() => model(SparkRole.DRIVER, { 'spark.driver.cores': 'two' }))
      .toThrow(new Error('sparkConf["spark.driver.cores"] "two" is not a whole number as Spark reads it; write digits only, e.g. "4"'));
    expect(() => model(SparkRole.EXECUTOR, { 'spark.executor.memory': '4x' }))
      .toThrow(new Error('sparkConf["spark.executor.memory"] "4x" has an unknown size unit "x"; expected b, k, m, g, t or p (e.g. 512m, 4g)'));
  });

  test('on-demand claims need both storageClass and sizeLimit', () => {
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.';
    const pod = model(SparkRole.EXECUTOR, {
      [`${p}spark-local-dir-1.options.claimName`]: 'OnDemand',
      [`${p}spark-local-dir-1.options.storageClass`]: 'gp3',
      [`${p}spark-local-dir-1.options.sizeLimit`]: '100Gi',
      [`${p}data.options.claimName`]: 'OnDemand',
      [`${p}data.options.sizeLimit`]: '10Gi',
    });
    expect(pod.onDemandClaims).toEqual([{ volumeName: 'spark-local-dir-1', storageClass: 'gp3', sizeMebibytes: 102400 }]);
  });
});

describe('unit parsing', () => {
  test('Spark byte strings', () => {
    expect(sparkMebibytes('512m')).toBe(512);
    expect(sparkMebibytes('2G')).toBe(2048);
    expect(sparkMebibytes('1t')).toBe(1024 * 1024);
    expect(sparkMebibytes('1536')).toBe(1536);
    expect(sparkMebibytes('1048576', 'b')).toBe(1);
    expect(sparkMebibytes('1048575', 'b')).toBe(0);
    // Parse errors are fragments that read after the value; the caller names the prop and the value.
    expect(() => sparkMebibytes('1.5g')).toThrow(new Error('is not a Spark size; expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)'));
    expect(() => sparkMebibytes('4x')).toThrow(new Error('has an unknown size unit "x"; expected b, k, m, g, t or p (e.g. 512m, 4g)'));
  });

  test('Kubernetes quantities', () => {
    expect(cpuMillis('500m')).toBe(500);
    expect(cpuMillis('0.25')).toBe(250);
    expect(cpuMillis('2')).toBe(2000);
    expect(parseQuantity('4Gi')).toBe(4 * 1024 ** 3);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(() => parseQuantity('4GB')).toThrow(new Error('is not a Kubernetes quantity; expected a number with an optional suffix such as m, k, Mi or Gi (e.g. 500m, 2, 1.5, 4Gi)'));
  });
});

describe('SparkApp.resources()', () => {
  function app(props: Partial<ConstructorParameters<typeof SparkApp>[2]> = {}) {
    const chart = Testing.chart();
    return new SparkApp(chart, 'Etl', {
      sparkVersion: V35,
      image: 'apache/spark:3.5.5',
      mainApplicationFile: 'local:///opt/app/etl.jar',
      mainClass: 'com.example.Etl',
      ...props,
    });
  }

  test('defaults: 1 core 1g driver, two 1-core 1g executors', () => {
    const r = app().resources();
    expect(r.driver.memoryRequestMebibytes).toBe(1408);
    expect(r.executor.memoryRequestMebibytes).toBe(1408);
    expect(r.initialExecutors).toBe(2);
    expect(r.maxExecutors).toBe(2);
    expect(r.peak).toMatchObject({ pods: 3, cpuRequestMillis: 3000, memoryRequestMebibytes: 3 * 1408, podsWithoutCpuLimit: 3 });
  });

  test('typed props feed the model', () => {
    const r = app({
      executorMemory: Size.gibibytes(4),
      executorCores: 4,
      executorCoreRequest: CpuCores.millis(3500),
      executorCoreLimit: CpuCores.of(4),
      executorInstances: 5,
      driverMemoryOverhead: Size.mebibytes(600),
    }).resources();
    expect(r.executor).toMatchObject({ memoryRequestMebibytes: 4505, cpuRequestMillis: 3500, cpuLimitMillis: 4000 });
    expect(r.driver.memoryRequestMebibytes).toBe(1024 + 600);
    expect(r.peak).toMatchObject({
      pods: 6, cpuRequestMillis: 1000 + 5 * 3500, memoryRequestMebibytes: 1624 + 5 * 4505, cpuLimitMillis: 20000, podsWithoutCpuLimit: 1,
    });
  });

  test('peak under dynamic allocation counts maxExecutors', () => {
    const r = app({ dynamicAllocation: { minExecutors: 1, initialExecutors: 3, maxExecutors: 20 } }).resources();
    expect(r.initialExecutors).toBe(3);
    expect(r.maxExecutors).toBe(20);
    expect(r.peak.pods).toBe(21);
  });

  test('a Python app uses factor 0.4 on both roles', () => {
    const r = app({
      type: SparkApplicationType.PYTHON,
      mainApplicationFile: 'local:///opt/app/job.py',
      mainClass: undefined,
      executorMemory: Size.gibibytes(4),
      sparkConf: { 'spark.executor.pyspark.memory': '1g' },
    }).resources();
    expect(r.executor.memoryRequestMebibytes).toBe(6758);
    expect(r.driver.memoryRequestMebibytes).toBe(1433);
  });

  test('memory headroom (tmpfs, native memory) is added to the overhead Spark would use and rendered explicitly', () => {
    const a = app({ executorMemory: Size.gibibytes(4) });
    a.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(1024), 'test tmpfs');
    a.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(512), 'test rocksdb');
    expect(a.resources().executor).toMatchObject({ overheadMebibytes: 409 + 1536, memoryRequestMebibytes: 4096 + 409 + 1536 });
    const s = Testing.synth(Chart.of(a)).find(m => m.kind === 'SparkApplication').spec;
    expect(s.executor.memoryOverhead).toBe('1945m');
    expect(s.driver.memoryOverhead).toBeUndefined();
    const b = app({ executorMemoryOverhead: Size.gibibytes(1) });
    b.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(256), 'test');
    expect(b.resources().executor.overheadMebibytes).toBe(1280);
  });

  test('an unparseable conf value fails with the key named', () => {
    expect(() => app({ sparkConf: { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2.5g' } }).resources())
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.memory.offHeap.size"] "2.5g" is not a Spark size; expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)'));
  });
});
