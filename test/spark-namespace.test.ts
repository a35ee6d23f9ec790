import { App, Chart, Size, Testing } from 'cdk8s';
import {
  CpuCores, PodSecurityLevel, SparkApp, SparkAppProps, SparkNamespace, SparkNamespaceProps, SparkVersion, SparkWarnings,
} from '../src';
import { findAll, findOne, kinds, synth } from './util';

const APP: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/app/etl.jar',
  mainClass: 'com.example.Etl',
};

function tenant(props: SparkNamespaceProps = {}, id = 'TeamA') {
  const chart = Testing.chart();
  const ns = new SparkNamespace(chart, id, props);
  return { chart, ns };
}

function addApp(ns: SparkNamespace, id: string, props: Partial<SparkAppProps> = {}) {
  return new SparkApp(Chart.of(ns), id, { ...APP, sparkNamespace: ns, ...props } as SparkAppProps);
}

const QUOTA = {
  cpuRequests: CpuCores.of(20),
  cpuLimits: CpuCores.of(30),
  memoryRequests: Size.gibibytes(64),
  memoryLimits: Size.gibibytes(64),
  extendedResources: { 'nvidia.com/gpu': 4 },
  pods: 40,
  persistentVolumeClaims: 10,
  storage: Size.gibibytes(500),
  storageByClass: { gp3: Size.gibibytes(400) },
};

describe('snapshots', () => {
  test('defaults', () => {
    const { chart } = tenant();
    const out = synth(chart);
    expect(kinds(out)).toEqual([
      'LimitRange', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'PriorityClass', 'PriorityClass', 'PriorityClass',
      'Role', 'RoleBinding', 'ServiceAccount',
    ]);
    expect(out).toMatchSnapshot();
  });

  test('a full tenant with apps', () => {
    const { chart, ns } = tenant({
      name: 'bank-batch',
      podSecurity: PodSecurityLevel.RESTRICTED,
      labels: { team: 'batch' },
      operatorSelectorLabels: { 'spark-jobs': 'enabled' },
      quota: QUOTA,
      limitRange: { maxPodCpu: CpuCores.of(8), maxPodMemory: Size.gibibytes(32), defaultCpuRequest: CpuCores.millis(200) },
      monitoringNamespace: 'monitoring',
      apiServerCidrs: ['10.0.0.1/32'],
      egressDestinations: [{ name: 'object-store', cidrs: ['10.20.0.0/16'], ports: [443] }, { name: 'kafka', cidrs: ['10.30.0.0/24'], ports: [9092, 9093] }],
      tiers: [{ name: 'streaming', value: 200000 }, { name: 'batch', value: 20000 }, { name: 'ad-hoc', value: 2000, preempting: false }],
      strictCapacity: true,
    });
    addApp(ns, 'Reconcile', { executorInstances: 4, executorMemory: Size.gibibytes(4), executorCores: 2 });
    addApp(ns, 'Adhoc', { tier: 'ad-hoc', executorInstances: 2 });
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('namespace objects', () => {
  test('restricted Pod Security and the operator selector label', () => {
    const ns = findOne(synth(tenant().chart), 'Namespace');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'spark-operator.cdk8s-spark.io/job-namespace': 'true',
    });
    expect(ns.metadata.name).toBe('team-a');
  });

  test('quota keys in Kubernetes quantities', () => {
    const q = findOne(synth(tenant({ quota: QUOTA }).chart), 'ResourceQuota');
    expect(q.spec.hard).toEqual({
      'gp3.storageclass.storage.k8s.io/requests.storage': '400Gi',
      'limits.cpu': '30',
      'limits.memory': '64Gi',
      'persistentvolumeclaims': '10',
      'pods': '40',
      'requests.cpu': '20',
      'requests.memory': '64Gi',
      'requests.nvidia.com/gpu': '4',
      'requests.storage': '500Gi',
    });
  });

  test('apps use the shared identity and their tier; no per-app RBAC', () => {
    const { chart, ns } = tenant();
    const app = addApp(ns, 'Etl', { tier: 'streaming' });
    const out = synth(chart);
    expect(findAll(out, 'ServiceAccount')).toHaveLength(1);
    const s = findOne(out, 'SparkApplication').spec;
    expect(s.driver.serviceAccount).toBe('spark-driver');
    expect(s.driver.template.spec.priorityClassName).toBe('spark-streaming');
    expect(s.executor.template.spec.priorityClassName).toBe('spark-streaming');
    expect(app.namespace).toBe('team-a');
    expect(ns.apps).toEqual([app]);
  });

  test('the default tier is batch', () => {
    const { chart, ns } = tenant();
    addApp(ns, 'Etl');
    expect(findOne(synth(chart), 'SparkApplication').spec.driver.template.spec.priorityClassName).toBe('spark-batch');
  });

  test('an app gets a policy for its own driver-executor traffic', () => {
    const { chart, ns } = tenant();
    addApp(ns, 'Etl');
    const p = findOne(synth(chart), 'NetworkPolicy', 'etl-intra-app');
    const sel = { matchLabels: { 'app.kubernetes.io/instance': 'etl', 'app.kubernetes.io/managed-by': 'cdk8s-spark' } };
    expect(p.spec).toEqual({ podSelector: sel, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: sel }] }], egress: [{ to: [{ podSelector: sel }] }] });
  });

  test('scraping is allowed from the monitoring namespace on the registered ports only', () => {
    const { chart, ns } = tenant({ monitoringNamespace: 'monitoring' });
    ns.allowMetricsScraping('monitoring', [8090]);
    const p = findOne(synth(chart), 'NetworkPolicy', 'allow-metrics-from-monitoring');
    expect(p.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 4040 }, { protocol: 'TCP', port: 8090 }]);
  });

  test('priority classes are emitted once per cdk8s app', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new SparkNamespace(a, 'TeamA');
    new SparkNamespace(b, 'TeamB');
    const all = [...Testing.synth(a), ...Testing.synth(b)];
    expect(findAll(all, 'PriorityClass').map(p => p.metadata.name)).toEqual(['spark-streaming', 'spark-batch', 'spark-ad-hoc']);
  });

  test('two namespaces with different values for one priority class fail', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new SparkNamespace(chart, 'TeamA');
    expect(() => new SparkNamespace(chart, 'TeamB', { tiers: [{ name: 'batch', value: 5 }] }))
      .toThrow('SparkNamespace TeamB: priority class spark-batch is already defined by another SparkNamespace with value 10000 (preempting true); this one asks for 5 (preempting true)');
  });

  test('egress can be left open', () => {
    const out = synth(tenant({ restrictEgress: false }).chart);
    expect(findAll(out, 'NetworkPolicy').map(p => p.metadata.name)).toEqual(['default-deny']);
    expect(findOne(out, 'NetworkPolicy').spec.policyTypes).toEqual(['Ingress']);
  });
});

describe('capacity check', () => {
  test('(b) a quota on limits.cpu gives every Spark pod a CPU limit equal to its request', () => {
    const { chart, ns } = tenant({ quota: { cpuLimits: CpuCores.of(100) } });
    const app = addApp(ns, 'Etl', { executorCores: 2, executorCoreRequest: CpuCores.millis(1500) });
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(s.driver.coreLimit).toBe('1');
    expect(s.executor.coreLimit).toBe('1500m');
    expect(app.resources().executor.cpuLimitMillis).toBe(1500);
  });

  test('(b) without setCpuLimits, a pod without a CPU limit is an error saying what to set', () => {
    const { chart, ns } = tenant({ quota: { cpuLimits: CpuCores.of(100) }, setCpuLimits: false });
    addApp(ns, 'Etl', { driverCoreLimit: CpuCores.of(1) });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app etl executor pod has no CPU limit but the namespace requires one (quota limits.cpu or limitRange.maxPodCpu); set executorCoreLimit on the app, or leave setCpuLimits on');
  });

  test('(a) a pod beyond the LimitRange maximum', () => {
    const { chart, ns } = tenant({ limitRange: { maxPodMemory: Size.gibibytes(8) } });
    addApp(ns, 'Etl', { executorMemory: Size.gibibytes(8) });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app etl executor pod memory limit 9011Mi (heap 8192 + overhead 819 + off-heap 0 + pyspark 0) exceeds limitRange.maxPodMemory 8192Mi');
  });

  test('(a) a pod beyond the LimitRange CPU maximum', () => {
    const { chart, ns } = tenant({ limitRange: { maxPodCpu: CpuCores.of(4) } });
    addApp(ns, 'Etl', { executorCores: 6 });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app etl executor pod CPU limit 6 exceeds limitRange.maxPodCpu 4');
  });

  test('(a) a pod that alone exceeds the quota', () => {
    const { chart, ns } = tenant({ quota: { memoryRequests: Size.gibibytes(4) } });
    addApp(ns, 'Etl', { executorMemory: Size.gibibytes(4) });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app etl executor pod alone needs 4505Mi of requests.memory but the quota allows 4Gi');
  });

  test('(c) an app whose peak cannot fit', () => {
    const { chart, ns } = tenant({ quota: { cpuRequests: CpuCores.of(10), pods: 20 } });
    addApp(ns, 'Etl', { executorCores: 2, dynamicAllocation: { maxExecutors: 30 } });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app etl peak (driver + 30 executors) does not fit the quota: requests.cpu 61 > 10, pods 31 > 20; the executors beyond the quota would stay pending');
  });

  test('(d) apps that fit alone but not together: a warning, or an error in strict mode', () => {
    for (const strict of [false, true]) {
      const { chart, ns } = tenant({ quota: { cpuRequests: CpuCores.of(4) }, strictCapacity: strict });
      addApp(ns, 'A');
      addApp(ns, 'B');
      const msg = 'the peaks of all apps together exceed the quota (they cannot all run at once): requests.cpu 6 > 4';
      if (strict) {
        expect(() => synth(chart)).toThrow(`SparkNamespace TeamA: ${msg}`);
      } else {
        synth(chart);
        expect(SparkWarnings.of(ns)).toEqual([`test/TeamA: ${msg}`]);
      }
    }
  });

  test('(e) GPUs count like CPU and memory', () => {
    const { chart, ns } = tenant({ quota: { extendedResources: { 'nvidia.com/gpu': 2 } } });
    addApp(ns, 'Train', {
      executorInstances: 3,
      sparkConf: { 'spark.executor.resource.gpu.amount': '1', 'spark.executor.resource.gpu.vendor': 'nvidia.com', 'spark.task.resource.gpu.amount': '1' },
    });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app train peak (driver + 3 executors) does not fit the quota: requests.nvidia.com/gpu 3 > 2');
  });

  test('(e) on-demand claims count against claims and storage per class', () => {
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1';
    const { chart, ns } = tenant({ quota: { persistentVolumeClaims: 3, storageByClass: { gp3: Size.gibibytes(1000) } } });
    addApp(ns, 'Shuffle', {
      executorInstances: 4,
      sparkConf: { [`${p}.options.claimName`]: 'OnDemand', [`${p}.options.storageClass`]: 'gp3', [`${p}.options.sizeLimit`]: '300Gi', [`${p}.mount.path`]: '/data' },
    });
    expect(() => synth(chart)).toThrow('does not fit the quota: persistentvolumeclaims 4 > 3, gp3.storageclass.storage.k8s.io/requests.storage 1200Gi > 1000Gi');
  });

  test('other workloads count in the report', () => {
    const { ns } = tenant({ quota: { cpuRequests: CpuCores.of(20) } });
    addApp(ns, 'Etl');
    const app = addApp(ns, 'Etl2');
    ns.registerWorkload('celeborn', [app.resources().driver]);
    const r = ns.capacityReport();
    expect(r.total.cpuRequestMillis).toBe(3000 + 3000 + 1000);
    expect(r.headroom['requests.cpu']).toBe(13000);
    expect(Object.keys(r.workloads)).toEqual(['celeborn']);
  });

  test('the capacity table lists every app, the total, the quota and the headroom', () => {
    const { chart, ns } = tenant({ quota: { cpuRequests: CpuCores.of(20), memoryRequests: Size.gibibytes(64), pods: 40 } });
    addApp(ns, 'Etl', { executorInstances: 4 });
    const table = SparkNamespace.capacityTable(chart);
    expect(table).toContain('namespace team-a');
    expect(table).toMatch(/etl executor ×4\s+4\s+5632Mi\s+4/);
    expect(table).toMatch(/headroom\s+15\s+58496Mi\s+35/);
  });
});

describe('validation errors', () => {
  test.each([
    [{ name: 'Team_A' }, 'SparkNamespace TeamA: name "Team_A" must be a DNS-1123 label'],
    [{ defaultTier: 'gold' }, 'SparkNamespace TeamA: defaultTier "gold" is not one of the tiers (streaming, batch, ad-hoc)'],
    [{ tiers: [] }, 'SparkNamespace TeamA: tiers must list at least one tier'],
    [{ tiers: [{ name: 'x', value: 2000000000 }], defaultTier: 'x' }, 'SparkNamespace TeamA: tier x value must be at most 1000000000'],
    [{ quota: { pods: -1 } }, 'SparkNamespace TeamA: quota.pods must be a whole number of at least 0, got -1'],
    [{ quota: { extendedResources: { gpu: 1 } } }, 'SparkNamespace TeamA: quota.extendedResources key "gpu" must be a resource name like nvidia.com/gpu'],
    [{ apiServerCidrs: ['10.0.0.1'] }, 'SparkNamespace TeamA: apiServerCidrs "10.0.0.1" is not an IPv4 CIDR such as 10.0.0.0/16'],
    [{ egressDestinations: [{ name: 's3', cidrs: ['10.0.0.0/8'], ports: [] }] }, 'SparkNamespace TeamA: egress destination s3 needs at least one port'],
    [{ egressDestinations: [{ name: 's3', cidrs: ['10.0.0.0/8'], ports: [70000] }] }, 'SparkNamespace TeamA: egress destination s3 port 70000 must be a port number 1-65535'],
    [{ monitoringNamespace: 'Mon' }, 'SparkNamespace TeamA: metrics namespace "Mon" must be a DNS-1123 label'],
  ] as Array<[SparkNamespaceProps, string]>)('%j', (props, message) => {
    expect(() => tenant(props)).toThrow(message);
  });

  test('an unknown tier on an app', () => {
    const { ns } = tenant();
    expect(() => addApp(ns, 'Etl', { tier: 'gold' })).toThrow('SparkApp Etl: tier "gold" is not a tier of SparkNamespace TeamA (streaming, batch, ad-hoc)');
  });

  test('two apps with one name in a namespace', () => {
    const { ns } = tenant();
    addApp(ns, 'Etl');
    expect(() => new SparkApp(Chart.of(ns), 'Other', { ...APP, name: 'etl', sparkNamespace: ns })).toThrow('SparkApp Other: another app in namespace team-a is already named "etl"');
  });

  test('empty scrape port list', () => {
    const { ns } = tenant();
    expect(() => ns.allowMetricsScraping('monitoring', [])).toThrow('SparkNamespace TeamA: allowMetricsScraping needs at least one port (an empty list would open every port)');
  });
});
