import { Chart, Duration, Size, Testing } from 'cdk8s';
import { findOne, synth } from './util';
import {
  AllocatableProfile, CapacityType, CelebornCluster, CpuCores, CpuManagerPolicy, KarpenterConsolidationPolicy, NodePool, NodeShape, SparkApp,
  SparkVersion, SparkWarnings, TaintEffect,
} from '../src';

const APP = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};
const NODE_CLASS = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

describe('allocatable profiles', () => {
  test('EKS: m6i.4xlarge (16 vCPU, 64 GiB, 234 pods) reserves 110m CPU and 11 × 234 + 255 MiB', () => {
    const a = AllocatableProfile.eks().compute(NodeShape.instanceType('m6i.4xlarge'), 20 * 1024);
    // 60 + 10 + 10 + 12 × 2.5 = 110 millicores
    expect(a.reservedCpuMillis).toBe(110);
    expect(a.cpuMillis).toBe(15890);
    expect(a.reservedMemoryMebibytes).toBe(11 * 234 + 255);
    expect(a.memoryMebibytes).toBe(65536 - 2829 - 100);
    expect(a.ephemeralStorageMebibytes).toBe(20480 - 1024 - 2048);
    expect(a.pods).toBe(234);
  });

  test('GKE: n2-highmem-16 (128 GiB) reserves 25/20/10/6% tiers of memory', () => {
    const a = AllocatableProfile.gke().compute(NodeShape.instanceType('n2-highmem-16'), 100 * 1024);
    // 1024 + 819.2 + 819.2 + 0.06 × 112 GiB = 6881.28 + 2662.4 → 9544 MiB (rounded up)
    expect(a.reservedMemoryMebibytes).toBe(Math.ceil(1024 + 819.2 + 819.2 + 0.06 * 112 * 1024));
    expect(a.reservedCpuMillis).toBe(110);
    expect(a.ephemeralStorageMebibytes).toBe(102400 - 10240 - 35840);
    expect(a.pods).toBe(110);
  });

  test('AKS: the published CPU table and min(20 × maxPods + 50, 25%) of memory', () => {
    const cpu = (v: number) => AllocatableProfile.aks().compute(NodeShape.custom({ vcpus: v, memory: Size.gibibytes(8) }), 1024).reservedCpuMillis;
    expect([1, 2, 4, 8, 16, 32, 64].map(cpu)).toEqual([60, 100, 140, 180, 260, 420, 740]);
    const a = AllocatableProfile.aks({ maxPods: 30 }).compute(NodeShape.instanceType('Standard_D8s_v5'), 128 * 1024);
    expect(a.reservedMemoryMebibytes).toBe(650);
    expect(a.memoryMebibytes).toBe(32768 - 650 - 100);
    const small = AllocatableProfile.aks({ maxPods: 250 }).compute(NodeShape.custom({ vcpus: 2, memory: Size.gibibytes(4) }), 1024);
    expect(small.reservedMemoryMebibytes).toBe(1024);
  });

  test('explicit figures', () => {
    const a = AllocatableProfile.explicit({ cpu: CpuCores.of(15.5), memory: Size.gibibytes(60), pods: 58 })
      .compute(NodeShape.instanceType('m6i.4xlarge'), 20480);
    expect([a.cpuMillis, a.memoryMebibytes, a.pods, a.ephemeralStorageMebibytes]).toEqual([15500, 61440, 58, 18432]);
  });
});

describe('NodePool', () => {
  test('usable per node is allocatable minus the DaemonSets', () => {
    const c = chart();
    const pool = new NodePool(c, 'Core', {
      shape: NodeShape.instanceType('m6i.4xlarge'),
      daemonSetOverhead: { cpu: CpuCores.millis(400), memory: Size.mebibytes(700), pods: 4 },
    });
    expect(pool.usablePerNode).toEqual({
      cpuMillis: 15490, memoryMebibytes: 65536 - 2829 - 100 - 700, ephemeralStorageMebibytes: 17408, pods: 230, gpus: 0,
    });
    expect(pool.selectorLabels).toEqual({ 'node-pool.cdk8s-spark.io/name': 'core' });
    expect(synth(c)).toEqual([]);
  });

  test('defaults snapshot: Karpenter NodePool with expireAfter, consolidation and a 10% budget', () => {
    const c = chart();
    new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge'), karpenter: { nodeClassRef: NODE_CLASS } });
    const m = synth(c);
    expect(m).toMatchSnapshot();
    const np = findOne(m, 'NodePool', 'core');
    expect(np.spec.template.spec.expireAfter).toBe('720h');
    expect(np.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m', budgets: [{ nodes: '10%' }] });
  });

  test('fully configured snapshot', () => {
    const c = chart();
    new NodePool(c, 'Gpu', {
      name: 'gpu-a10g',
      shape: NodeShape.instanceType('g5.2xlarge', { bootDisk: Size.gibibytes(200) }),
      allocatable: AllocatableProfile.eks({ maxPods: 110 }),
      daemonSetOverhead: { cpu: CpuCores.millis(500), memory: Size.gibibytes(1), ephemeralStorage: Size.gibibytes(1), pods: 5 },
      labels: { 'workload.example.com/pool': 'gpu' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
      capacityType: CapacityType.ON_DEMAND,
      zones: ['eu-west-1a', 'eu-west-1b'],
      minNodes: 0,
      maxNodes: 4,
      memoryLimit: Size.gibibytes(128),
      cpuManagerPolicy: CpuManagerPolicy.STATIC,
      pricePerNodeHour: 1.212,
      packingThreshold: 0.85,
      nvmeEphemeralStorage: true,
      karpenter: {
        nodeClassRef: NODE_CLASS,
        expireAfter: Duration.days(7),
        consolidationPolicy: KarpenterConsolidationPolicy.WHEN_EMPTY,
        consolidateAfter: Duration.minutes(10),
        budgets: [{ nodes: '1' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: Duration.hours(8) }],
        weight: 10,
      },
    });
    expect(synth(c)).toMatchSnapshot();
  });
});

describe('placement', () => {
  function pools(c: Chart) {
    const core = new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge'), karpenter: { nodeClassRef: NODE_CLASS } });
    const spot = new NodePool(c, 'SpotMemory', {
      shape: NodeShape.instanceType('r6i.4xlarge'),
      capacityType: CapacityType.SPOT,
      zones: ['eu-west-1a', 'eu-west-1b'],
      taints: [{ key: 'capacity', value: 'spot', effect: TaintEffect.NO_SCHEDULE }],
    });
    return { core, spot };
  }

  test('driver on an on-demand Karpenter pool, executors on a tainted spot pool, one zone', () => {
    const c = chart();
    const { core, spot } = pools(c);
    const app = new SparkApp(c, 'Etl', { ...APP, executorMemory: Size.gibibytes(8), placement: { driver: core, executors: spot, zone: 'eu-west-1a' } });
    const spec = findOne(synth(c), 'SparkApplication').spec;
    const d = spec.driver.template;
    const e = spec.executor.template;
    expect(spec.driver.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true' });
    expect(spec.executor.annotations).toBeUndefined();
    expect(d.spec.nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'core', 'topology.kubernetes.io/zone': 'eu-west-1a' });
    expect(e.spec.nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'spot-memory', 'topology.kubernetes.io/zone': 'eu-west-1a' });
    expect(e.spec.tolerations).toEqual([{ key: 'capacity', operator: 'Equal', value: 'spot', effect: 'NoSchedule' }]);
    expect(d.spec.tolerations).toBeUndefined();
    expect(app.features.map(f => f.featureName)).toContain('placement (driver on core, executors on spot-memory)');
  });

  test('podPlacement: the placement of a pool for pods the library creates besides apps (Celeborn)', () => {
    const c = chart();
    const { spot } = pools(c);
    expect(spot.podPlacement()).toEqual({
      nodeSelector: { 'node-pool.cdk8s-spark.io/name': 'spot-memory' },
      tolerations: [{ key: 'capacity', operator: 'Equal', value: 'spot', effect: 'NoSchedule' }],
    });
    const p = spot.podPlacement();
    new CelebornCluster(c, 'Celeborn', { storageClassName: 'fast-ssd', nodeSelector: p.nodeSelector, tolerations: p.tolerations });
    const sts = synth(c).filter(m => m.kind === 'StatefulSet');
    expect(sts.length).toBeGreaterThan(0);
    for (const s of sts) expect(s.spec.template.spec.nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'spot-memory' });
  });

  test('a zone that is not one of the pool\'s zones', () => {
    const c = chart();
    const { spot } = pools(c);
    expect(() => new SparkApp(c, 'Etl', { ...APP, placement: { executors: spot, zone: 'eu-west-1c' } }))
      .toThrow('SparkApp Etl: placement.zone "eu-west-1c" is not a zone of NodePool spot-memory (zones ["eu-west-1a", "eu-west-1b"]); use one of eu-west-1a, eu-west-1b');
  });
});

describe('checks at synthesis', () => {
  test('a node selector that matches no declared pool', () => {
    const c = chart();
    new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge') });
    new SparkApp(c, 'Etl', { ...APP, executorNodeSelector: { pool: 'memory' } });
    expect(() => synth(c)).toThrow('SparkApp Etl: executor placement {"nodeSelector":{"pool":"memory"}} matches no declared NodePool (declared: core); select a pool\'s labels, or use placement: { executors: pool }');
  });

  test('a pod that selects a tainted pool without tolerating its taints', () => {
    const c = chart();
    new NodePool(c, 'Gpu', {
      shape: NodeShape.instanceType('g5.xlarge'),
      labels: { pool: 'gpu' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
    });
    new SparkApp(c, 'Etl', { ...APP, nodeSelector: { pool: 'gpu' } });
    expect(() => synth(c)).toThrow('SparkApp Etl: driver placement {"nodeSelector":{"pool":"gpu"}} selects NodePool gpu but does not tolerate its taints ["nvidia.com/gpu=present:NoSchedule"]; add tolerations for them, or use placement: { driver: pool }, which adds them');
  });

  test('a GPU pod on a pool without GPUs', () => {
    const c = chart();
    const core = new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge') });
    new SparkApp(c, 'Etl', {
      ...APP,
      placement: { executors: core },
      sparkConf: { 'spark.executor.resource.gpu.amount': '1', 'spark.executor.resource.gpu.vendor': 'nvidia.com' },
    });
    expect(() => synth(c)).toThrow('SparkApp Etl: executor placement {"nodeSelector":{"node-pool.cdk8s-spark.io/name":"core"}} puts the executor pod, which asks for 1 GPU, on NodePool core, which has no GPUs; place the pod on a GPU pool');
  });

  test('an executor that does not fit a node: the 18 GiB executor on an 8 GiB instance', () => {
    const c = chart();
    const small = new NodePool(c, 'Small', { shape: NodeShape.custom({ name: 'm5.large', cloud: undefined, vcpus: 2, memory: Size.gibibytes(8) }), allocatable: AllocatableProfile.eks({ maxPods: 29 }) });
    new SparkApp(c, 'Etl', { ...APP, executorMemory: Size.gibibytes(18), placement: { executors: small } });
    expect(() => synth(c)).toThrow('SparkApp Etl: executor placement {"nodeSelector":{"node-pool.cdk8s-spark.io/name":"small"}} puts the executor pod (1 CPU, 20275Mi memory) on NodePool small, and its memory does not fit one node (usable per node, allocatable minus DaemonSets: 1930m CPU, 7518Mi memory, 91136Mi ephemeral storage); make the executor smaller (ExecutorSizing.forPool sizes executors for a pool) or use a larger node shape');
  });

  test('warnings: untainted GPU pool, no disruption budget, packing, capacity, static CPU manager', () => {
    const c = chart();
    new NodePool(c, 'Gpu', { shape: NodeShape.instanceType('g5.xlarge') });
    new NodePool(c, 'Open', { shape: NodeShape.instanceType('m6i.xlarge'), karpenter: { nodeClassRef: NODE_CLASS, budgets: [] } });
    const mem = new NodePool(c, 'Mem', {
      shape: NodeShape.instanceType('r6i.4xlarge'), maxNodes: 2, cpuManagerPolicy: CpuManagerPolicy.STATIC, pricePerNodeHour: 1.008,
    });
    new SparkApp(c, 'Etl', { ...APP, executorCores: 4, executorMemory: Size.gibibytes(8), executorInstances: 12, placement: { driver: mem, executors: mem } });
    synth(c);
    const w = SparkWarnings.of(c);
    expect(w).toContain('test/Gpu: GPU pool gpu (g5.xlarge (4 vCPU, 16384Mi, 1× A10G, 1× 237568Mi NVMe)) has no NoSchedule taint, so pods that need no GPU can fill its expensive nodes; add a taint such as { key: "nvidia.com/gpu", value: "present", effect: TaintEffect.NO_SCHEDULE } (GPU apps placed on the pool tolerate it) [gpu-pool-untainted]');
    expect(w).toContain('test/Open: pool open has no disruption budgets, so Karpenter may disrupt all its nodes at once; keep the default budget (10% of the nodes) or give one [no-disruption-budget]');
    expect(w.find(x => x.includes('[executor-packing]'))).toBe('test/Mem: executors of SparkApp Etl use 76% of the CPU and 21% of the memory of a node (3 per node, limited by cpu), leaving memory idle below the 80% target; for 3 per node use executorCores 5, executorCoreRequest 5296m and executorMemory 38831Mi before headroom (ExecutorSizing.forPool takes the app\'s overhead factor, off-heap and headroom) [executor-packing]');
    expect(w).toContain('test/Mem: apps placed on pool mem (etl) request 49 CPU and 109540Mi memory at their peaks together, more than the pool holds (31780m CPU, 256286Mi memory: maxNodes 2 × usable per node, or the CPU/memory limits); pods beyond it stay pending when the apps peak together; raise the limits or lower maxExecutors [pool-capacity-exceeded]');
    expect(w).toContain('test/Mem: pool mem uses the static CPU manager policy, but the executor pods of SparkApp Etl are not Guaranteed QoS with whole CPUs (request 4, limit none), so they get no exclusive cores; give whole cores with a CPU limit equal to the request [cpu-manager-not-guaranteed]');
    expect(NodePool.packingTable(c)).toContain('Etl');
  });
});
