import { Chart, Size, Testing } from 'cdk8s';
import {
  AllocatableProfile, CapacityType, CpuCores, ExecutorSizing, ISparkApp, ISparkFeature, NodePool, NodeShape, SparkApp, SparkRole, SparkVersion,
} from '../src';

const APP = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

/** A feature that adds memory headroom to the executors, as tmpfs shuffle or RocksDB do. */
class Headroom implements ISparkFeature {
  public readonly featureName = 'Headroom test';
  constructor(private readonly mib: number) {}
  public bind(app: ISparkApp): void {
    app.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(this.mib), this.featureName);
  }
}

const SHAPES = ['m6i.xlarge', 'm6i.4xlarge', 'r6i.4xlarge', 'c6i.8xlarge', 'i4i.4xlarge', 'n2-standard-16', 'n2-highmem-16', 'Standard_E16s_v5', 'Standard_F16s_v2'];
const PER_NODE = [1, 2, 3, 4, 6, 8];

interface Variant { name: string; python?: boolean; offHeap?: number; pyspark?: number; headroom?: number; factor?: number }
const VARIANTS: Variant[] = [
  { name: 'jvm' },
  { name: 'python with PySpark memory', python: true, pyspark: 1024 },
  { name: 'off-heap and a feature\'s headroom', offHeap: 2048, headroom: 512 },
  { name: 'overhead factor 0.2', factor: 0.2 },
];

describe('ExecutorSizing', () => {
  // The matrix of node shapes × executors per node × app kinds: the sizing's executors, rendered
  // by a SparkApp and read back through its resource model, pack ≥ 95% of the node's usable CPU
  // and memory (allocatable minus DaemonSets).
  const rows: string[] = [];
  const infeasible: string[] = [];
  let worst = 1;
  afterAll(() => {
    if (process.env.PACKING_MATRIX) {
      // eslint-disable-next-line no-console
      console.log(`${rows.join('\n')}\nsized: ${rows.length}, too small a share for any executor: ${infeasible.join(', ')}\nworst share: ${(worst * 100).toFixed(2)}%`);
    }
  });


  for (const shape of SHAPES) {
    for (const v of VARIANTS) {
      test(`${shape}, ${v.name}: ≥ 95% for ${PER_NODE.join('/')} executors per node`, () => {
        for (const n of PER_NODE) {
          const chart = new Chart(Testing.app(), 'test');
          const pool = new NodePool(chart, 'Pool', {
            shape: NodeShape.instanceType(shape),
            daemonSetOverhead: { cpu: CpuCores.millis(350), memory: Size.mebibytes(600), pods: 4 },
            capacityType: CapacityType.SPOT,
          });
          let s: ExecutorSizing;
          try {
            s = ExecutorSizing.forPool(pool, {
              executorsPerNode: n,
              python: v.python,
              memoryOverheadFactor: v.factor,
              offHeap: v.offHeap ? Size.mebibytes(v.offHeap) : undefined,
              pysparkMemory: v.pyspark ? Size.mebibytes(v.pyspark) : undefined,
              memoryHeadroom: v.headroom ? Size.mebibytes(v.headroom) : undefined,
            });
          } catch (e) {
            // Too small a share of the node for any executor Spark accepts: said so, not sized.
            expect((e as Error).message).toMatch(/^ExecutorSizing.forPool: executorsPerNode \d+ leaves \d+Mi per executor on a node of pool pool, less than the smallest executor pod/);
            infeasible.push(`${shape} ${v.name} ×${n}`);
            continue;
          }
          const conf: Record<string, string> = {};
          if (v.offHeap) Object.assign(conf, { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': `${v.offHeap}m` });
          if (v.pyspark) conf['spark.executor.pyspark.memory'] = `${v.pyspark}m`;
          const app = new SparkApp(chart, 'Etl', {
            ...APP,
            ...(v.python ? { mainApplicationFile: 'local:///opt/jobs/etl.py', mainClass: undefined } : {}),
            executorCores: s.executorCores,
            executorCoreRequest: s.executorCoreRequest,
            executorMemory: s.executorMemory,
            memoryOverheadFactor: v.factor,
            executorInstances: n * 3,
            sparkConf: conf,
            features: v.headroom ? [new Headroom(v.headroom)] : [],
            placement: { executors: pool },
          });
          const e = app.resources().executor;
          const u = pool.usablePerNode;
          const report = pool.packingReports()[0];
          expect(report.executorsPerNode).toBe(n);
          const cpu = (n * e.cpuRequestMillis) / u.cpuMillis;
          const mem = (n * e.memoryRequestMebibytes) / u.memoryMebibytes;
          expect(e.memoryRequestMebibytes).toBe(s.podMemoryMebibytes);
          expect(cpu).toBeGreaterThanOrEqual(0.95);
          expect(mem).toBeGreaterThanOrEqual(0.95);
          expect(cpu).toBeLessThanOrEqual(1);
          expect(mem).toBeLessThanOrEqual(1);
          expect(report.nodesAtPeak).toBe(3);
          worst = Math.min(worst, cpu, mem);
          rows.push(`${shape} ${v.name} ×${n}: cores ${s.executorCores}, request ${s.executorCoreRequest.toQuantity()}, heap ${s.executorMemory.toMebibytes()}Mi → cpu ${(cpu * 100).toFixed(2)}%, memory ${(mem * 100).toFixed(2)}%`);
          Testing.synth(chart);
        }
      });
    }
  }

  test('the matrix sized almost every combination', () => {
    // runs after the matrix tests above, which fill the rows
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(worst).toBeGreaterThanOrEqual(0.95);
  });

  test('too many executors per node', () => {
    const pool = new NodePool(new Chart(Testing.app(), 'test'), 'Pool', { shape: NodeShape.instanceType('m6i.xlarge') });
    expect(() => ExecutorSizing.forPool(pool, { executorsPerNode: 20 }))
      .toThrow('ExecutorSizing.forPool: executorsPerNode 20 leaves 769Mi per executor on a node of pool pool, less than the smallest executor pod (834Mi: Spark refuses a heap below 450Mi); size for fewer executors per node');
    expect(() => ExecutorSizing.forPool(pool, { executorsPerNode: 5000 } as any))
      .toThrow('ExecutorSizing.forPool: executorsPerNode 5000');
  });
});

describe('packing report', () => {
  test('the 41% case: a 4-core 16 GiB executor on r6i.4xlarge leaves most memory idle; table and cost', () => {
    const chart = new Chart(Testing.app(), 'test');
    const pool = new NodePool(chart, 'Mem', { shape: NodeShape.instanceType('r6i.4xlarge'), pricePerNodeHour: 1.008, allocatable: AllocatableProfile.eks() });
    new SparkApp(chart, 'Etl', { ...APP, executorCores: 4, executorMemory: Size.gibibytes(12), executorInstances: 10, placement: { driver: pool, executors: pool } });
    const [r] = pool.packingReports();
    expect(r).toEqual({
      app: 'SparkApp Etl',
      pool: 'mem',
      executorCpuMillis: 4000,
      executorMemoryMebibytes: 13516,
      executorsPerNode: 3,
      limitedBy: 'cpu',
      cpuShare: 12000 / 15890,
      memoryShare: (3 * 13516) / pool.usablePerNode.memoryMebibytes,
      idleCpuMillis: 3890,
      idleMemoryMebibytes: pool.usablePerNode.memoryMebibytes - 3 * 13516,
      maxExecutors: 10,
      nodesAtPeak: 4,
      costPerHourAtPeak: 4.03,
    });
    expect(NodePool.packingTable(chart)).toBe([
      'Packing of executors on node pools',
      'app  pool  executor        per node  cpu used  memory used  idle per node       nodes at peak  cost/h at peak',
      'Etl  mem   4 CPU, 13516Mi  3 (cpu)   76%       32%          3890m CPU, 87595Mi  4              4.03',
    ].join('\n'));
  });

  test('no pools: empty table', () => {
    expect(NodePool.packingTable(new Chart(Testing.app(), 'test'))).toBe('');
  });
});
