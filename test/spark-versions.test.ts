import { Chart, Testing } from 'cdk8s';
import { SparkApp, SparkAppProps, SparkRole, SparkVersion, SparkWarnings } from '../src';
import { checkSparkConfKey, keyVersionProblem } from '../src/core/conf-keys';
import { computePodResources, parseSparkBytes, sizeUnitsOf } from '../src/core/model';

// Spark 4.1 and 4.2 in the resource model. Every figure below is worked out by hand from Spark's
// rules (docs/spark-versions.md): memory = heap + overhead (+ off-heap + PySpark memory on
// executors), overhead = memoryOverhead if set, else max(trunc(factor × heap), floor), the floor
// being spark.{driver,executor}.minMemoryOverhead (384m) from 4.0 on.

const V35 = SparkVersion.V3_5_5;
const V40 = SparkVersion.V4_0_1;
const V41 = SparkVersion.V4_1_1;
const V42 = SparkVersion.V4_2_0;

function pod(role: SparkRole, conf: Record<string, string>, version: SparkVersion, opts: { python?: boolean } = {}) {
  return computePodResources(role, new Map(Object.entries(conf)), { nonJvm: !!opts.python, python: !!opts.python, version });
}

describe('supported releases', () => {
  test('4.1 and 4.2 releases parse, with their line and Scala version', () => {
    expect(V41.version).toBe('4.1.1');
    expect(V42.version).toBe('4.2.0');
    for (const v of ['4.1.0', '4.1.2', '4.2.0', '4.2.1', '4.2.9']) {
      const parsed = SparkVersion.of(v);
      expect(parsed.version).toBe(v);
      expect(parsed.defaultScalaVersion).toBe('2.13');
    }
    expect(V42.line).toBe('4.2');
    expect(V42.isAtLeast('4.2')).toBe(true);
    expect(V42.isAtLeast('4.2.1')).toBe(false);
    expect(V41.isBelow('4.2')).toBe(true);
    expect(SparkVersion.of('3.3.0').isAtLeast('3.3')).toBe(true);
  });

  test.each(['4.3.0', '5.0.0', '3.2.4', '2.4.8'])('%s is outside the range, and the message states the range', (v) => {
    expect(() => SparkVersion.of(v)).toThrow(new Error(`SparkVersion.of: version "${v}" is not supported: cdk8s-spark supports Spark 3.3.0 to 4.2.x `
      + '(the resource model follows Spark\'s own code for these releases); use a release in that range, e.g. SparkVersion.V3_5_5 or SparkVersion.V4_2_0'));
  });

  test('a malformed version keeps its message', () => {
    expect(() => SparkVersion.of('4.2')).toThrow(new Error('SparkVersion.of: version "4.2" is not a Spark release version; expected major.minor.patch such as 3.5.5 or 4.0.1'));
  });
});

describe('pod figures on 4.1 and 4.2 (unchanged math since 4.0)', () => {
  const table: Array<[string, SparkRole, Record<string, string>, SparkVersion, { python?: boolean }, number]> = [
    // 4096 + max(trunc(0.1 × 4096) = 409, 384)
    ['4.1 JVM executor 4g', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g' }, V41, {}, 4505],
    ['4.2 JVM executor 4g', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g' }, V42, {}, 4505],
    // 1024 + 384
    ['4.1 default driver', SparkRole.DRIVER, {}, V41, {}, 1408],
    ['4.2 default driver', SparkRole.DRIVER, {}, V42, {}, 1408],
    // 2048 + max(204, 1024)
    ['4.1 executor floor raised to 1g', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g', 'spark.executor.minMemoryOverhead': '1g' }, V41, {}, 3072],
    // 1024 + max(102, 500)
    ['4.2 driver floor 500m', SparkRole.DRIVER, { 'spark.driver.minMemoryOverhead': '500m' }, V42, {}, 1524],
    // explicit overhead wins over the floor: 2048 + 512
    ['4.2 explicit overhead ignores the floor', SparkRole.EXECUTOR, { 'spark.executor.memory': '2g', 'spark.executor.minMemoryOverhead': '1g', 'spark.executor.memoryOverhead': '512m' }, V42, {}, 2560],
    // Python: factor 0.4 → 3072 + trunc(1228.8) = 1228, + PySpark 512
    ['4.2 PySpark executor 3g + 512m', SparkRole.EXECUTOR, { 'spark.executor.memory': '3g', 'spark.executor.pyspark.memory': '512m' }, V42, { python: true }, 4812],
    // Python driver 2g: 2048 + trunc(819.2) = 819
    ['4.1 Python driver 2g', SparkRole.DRIVER, { 'spark.driver.memory': '2g' }, V41, { python: true }, 2867],
    // 8192 + 819 + off-heap 2048
    ['4.1 off-heap 2g on an 8g executor', SparkRole.EXECUTOR, { 'spark.executor.memory': '8g', 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2g' }, V41, {}, 11059],
    // per-role factor 0.3: 4096 + trunc(1228.8) = 1228
    ['4.2 per-role factor', SparkRole.EXECUTOR, { 'spark.executor.memory': '4g', 'spark.executor.memoryOverheadFactor': '0.3' }, V42, {}, 5324],
  ];

  test.each(table)('%s', (_name, role, conf, version, opts, expected) => {
    const p = pod(role, conf, version, opts);
    expect(p.memoryRequestMebibytes).toBe(expected);
    expect(p.memoryLimitMebibytes).toBe(expected);
  });

  test('CPU, GPUs and on-demand claims on 4.2', () => {
    const p = pod(SparkRole.EXECUTOR, {
      'spark.executor.cores': '4',
      'spark.kubernetes.executor.request.cores': '3500m',
      'spark.kubernetes.executor.limit.cores': '4',
      'spark.executor.resource.gpu.amount': '1',
      'spark.executor.resource.gpu.vendor': 'nvidia.com',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName': 'OnDemand',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.storageClass': 'gp3',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit': '100Gi',
    }, V42);
    expect(p.cpuRequestMillis).toBe(3500);
    expect(p.cpuLimitMillis).toBe(4000);
    expect(p.extendedResources).toEqual({ 'nvidia.com/gpu': 1 });
    expect(p.onDemandClaims).toEqual([{ volumeName: 'spark-local-dir-1', storageClass: 'gp3', sizeMebibytes: 102400 }]);
  });
});

describe('IEC size units (Spark 4.2.0, SPARK-55051)', () => {
  test('4.2 reads Ki/KiB ... Pi/PiB in any case, binary like k ... p', () => {
    expect(pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '4GiB' }, V42).memoryRequestMebibytes).toBe(4505);
    expect(pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '4gi' }, V42).heapMebibytes).toBe(4096);
    expect(pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '4096MiB' }, V42).heapMebibytes).toBe(4096);
    // 6144 + max(614, 1024)
    expect(pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '6Gi', 'spark.executor.minMemoryOverhead': '1GiB' }, V42).memoryRequestMebibytes).toBe(7168);
    // off-heap is in bytes without a unit, and 2GiB with one: 8192 + 819 + 2048
    expect(pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '8g', 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2GiB' }, V42).memoryRequestMebibytes).toBe(11059);
    expect(parseSparkBytes('1TiB', 'm', 'iec')).toBe(1024 ** 4);
    expect(parseSparkBytes('1pi', 'b', 'iec')).toBe(1024 ** 5);
    expect(parseSparkBytes('3KIB', 'b', 'iec')).toBe(3072);
  });

  test('releases before 4.2 refuse them, naming the key and the classic spelling', () => {
    expect(sizeUnitsOf(V41)).toBe('classic');
    expect(sizeUnitsOf(V42)).toBe('iec');
    expect(() => pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '4GiB' }, V41))
      .toThrow(new Error('sparkConf["spark.executor.memory"] "4GiB" has the size unit "gib", which Spark reads only from 4.2.0 on (SPARK-55051); write 4g (the same size), or run Spark 4.2'));
    expect(() => pod(SparkRole.DRIVER, { 'spark.driver.minMemoryOverhead': '1Gi' }, V40))
      .toThrow(new Error('sparkConf["spark.driver.minMemoryOverhead"] "1Gi" has the size unit "gi", which Spark reads only from 4.2.0 on (SPARK-55051); write 1g (the same size), or run Spark 4.2'));
    // Spark parses these even where the figure does not use them.
    expect(() => pod(SparkRole.EXECUTOR, { 'spark.executor.pyspark.memory': '512MiB' }, V35))
      .toThrow(new Error('sparkConf["spark.executor.pyspark.memory"] "512MiB" has the size unit "mib", which Spark reads only from 4.2.0 on (SPARK-55051); write 512m (the same size), or run Spark 4.2'));
    expect(() => pod(SparkRole.EXECUTOR, { 'spark.memory.offHeap.size': '2GiB' }, V41))
      .toThrow(new Error('sparkConf["spark.memory.offHeap.size"] "2GiB" has the size unit "gib", which Spark reads only from 4.2.0 on (SPARK-55051); write 2g (the same size), or run Spark 4.2'));
    // The older name of a key is named when it holds the value.
    expect(() => pod(SparkRole.EXECUTOR, { 'spark.yarn.executor.memoryOverhead': '1GiB' }, V41))
      .toThrow(new Error('sparkConf["spark.yarn.executor.memoryOverhead"] "1GiB" has the size unit "gib", which Spark reads only from 4.2.0 on (SPARK-55051); write 1g (the same size), or run Spark 4.2'));
    expect(() => parseSparkBytes('1ki', 'b', 'classic')).toThrow(new Error('has the size unit "ki", which Spark reads only from 4.2.0 on (SPARK-55051); write 1k (the same size), or run Spark 4.2'));
  });

  test('a floor key that does not exist in the release is not read', () => {
    // 3.5 has no minMemoryOverhead: 2048 + 384
    expect(pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '2g', 'spark.executor.minMemoryOverhead': '1GiB' }, V35).memoryRequestMebibytes).toBe(2432);
  });

  test('unknown units stay unknown on 4.2', () => {
    expect(() => pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '4gibx' }, V42))
      .toThrow(new Error('sparkConf["spark.executor.memory"] "4gibx" has an unknown size unit "gibx"; expected b, k, m, g, t or p (e.g. 512m, 4g)'));
    expect(() => pod(SparkRole.EXECUTOR, { 'spark.executor.memory': '4.5GiB' }, V42))
      .toThrow(new Error('sparkConf["spark.executor.memory"] "4.5GiB" is not a Spark size; expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)'));
  });
});

describe('SparkApp on 4.1 and 4.2', () => {
  function make(version: string, sparkConf: Record<string, string>): { app: SparkApp; chart: Chart } {
    const chart = new Chart(Testing.app(), 'test');
    const props: SparkAppProps = {
      sparkVersion: SparkVersion.of(version),
      image: `apache/spark:${version}`,
      mainApplicationFile: 'local:///opt/app/etl.jar',
      mainClass: 'com.example.Etl',
      sparkConf,
    };
    return { app: new SparkApp(chart, 'Etl', props), chart };
  }

  test('an overhead of 1GiB on the default 1g executor is a 2048Mi pod on 4.2', () => {
    const { app } = make('4.2.0', { 'spark.executor.memoryOverhead': '1GiB' });
    expect(app.resources().executor.memoryRequestMebibytes).toBe(2048);
  });

  test('the same setting is an error on 4.1, naming the app', () => {
    const { app } = make('4.1.1', { 'spark.executor.memoryOverhead': '1GiB' });
    expect(() => app.resources()).toThrow(new Error('SparkApp Etl: sparkConf["spark.executor.memoryOverhead"] "1GiB" has the size unit "gib", which Spark reads only from 4.2.0 on (SPARK-55051); write 1g (the same size), or run Spark 4.2'));
  });

  test('keys new in 4.1 and 4.2 do not warn as unknown, and warn on an older release', () => {
    const conf = {
      'spark.kubernetes.allocation.recoveryMode.enabled': 'true',
      'spark.kubernetes.executor.terminationGracePeriodSeconds': '120',
    };
    const on42 = make('4.2.0', conf);
    expect(SparkWarnings.of(on42.chart)).toEqual([]);
    const on41 = make('4.1.1', conf);
    expect(SparkWarnings.of(on41.chart)).toEqual([
      'test/Etl: sparkConf key spark.kubernetes.allocation.recoveryMode.enabled was added in Spark 4.2.0; Spark 4.1.1 ignores it [spark-key-not-in-version]',
    ]);
  });

  test.each([
    ['spark.kubernetes.driver.annotateExitException', '4.1.0'],
    ['spark.kubernetes.executor.pod.excludedFeatureSteps', '4.1.0'],
    ['spark.kubernetes.allocation.maxPendingPodsPerRp', '4.1.0'],
    ['spark.kubernetes.executor.resizeInterval', '4.2.0'],
    ['spark.kubernetes.executor.pvc.resizeFactor', '4.2.0'],
    ['spark.kubernetes.executor.podDeletionCost', '4.2.0'],
    ['spark.kubernetes.scheduler.volcano.podGroupTemplateJson', '4.2.0'],
  ])('%s is known from %s on', (key, since) => {
    expect(checkSparkConfKey(key)).toEqual({ kind: 'known' });
    expect(keyVersionProblem(key, V40)).toBe(`was added in Spark ${since}`);
    expect(keyVersionProblem(key, V42)).toBeUndefined();
  });

  test('a misspelt 4.2 key is suggested', () => {
    expect(checkSparkConfKey('spark.kubernetes.executor.resizeIntervall')).toEqual({ kind: 'unknown', suggestion: 'spark.kubernetes.executor.resizeInterval' });
  });
});
