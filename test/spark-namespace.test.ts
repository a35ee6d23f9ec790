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
      .toThrow('SparkNamespace TeamB: tiers[0].value 5 (preempting true) conflicts with priority class spark-batch, already defined by another SparkNamespace with value 10000 (preempting true); give the tier the same value and preempting in every namespace, or another priorityClassName');
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
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: setCpuLimits false leaves app etl\'s executor pod without a CPU limit, which the namespace requires (quota limits.cpu or limitRange.maxPodCpu); set executorCoreLimit on the app, or leave setCpuLimits on');
  });

  test('(a) a pod beyond the LimitRange maximum', () => {
    const { chart, ns } = tenant({ limitRange: { maxPodMemory: Size.gibibytes(8) } });
    addApp(ns, 'Etl', { executorMemory: Size.gibibytes(8) });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: limitRange.maxPodMemory 8Gi is below the memory limit 9011Mi (heap 8192 + overhead 819 + off-heap 0 + pyspark 0) of app etl\'s executor pod; raise limitRange.maxPodMemory to at least 9011Mi, or lower executorMemory or executorMemoryOverhead on the app');
  });

  test('(a) a pod beyond the LimitRange CPU maximum', () => {
    const { chart, ns } = tenant({ limitRange: { maxPodCpu: CpuCores.of(4) } });
    addApp(ns, 'Etl', { executorCores: 6 });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: limitRange.maxPodCpu 4 is below the CPU limit 6 of app etl\'s executor pod; raise limitRange.maxPodCpu to at least 6, or lower the app\'s executor CPU');
  });

  test('(a) a pod that alone exceeds the quota', () => {
    const { chart, ns } = tenant({ quota: { memoryRequests: Size.gibibytes(4) } });
    addApp(ns, 'Etl', { executorMemory: Size.gibibytes(4) });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: quota.memoryRequests 4Gi is below the 4505Mi of requests.memory that app etl\'s executor pod alone needs; raise quota.memoryRequests to at least 4505Mi, or make the app\'s executor pod smaller');
  });

  test('(c) an app whose peak cannot fit', () => {
    const { chart, ns } = tenant({ quota: { cpuRequests: CpuCores.of(10), pods: 20 } });
    addApp(ns, 'Etl', { executorCores: 2, dynamicAllocation: { maxExecutors: 30 } });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app etl peak (driver + 30 executors) does not fit the quota: requests.cpu 61 > 10, pods 31 > 20 (the executors beyond the quota would stay pending); raise the quota, or lower the app\'s executor count or executor resources');
  });

  test('(d) apps that fit alone but not together: a warning, or an error in strict mode', () => {
    for (const strict of [false, true]) {
      const { chart, ns } = tenant({ quota: { cpuRequests: CpuCores.of(4) }, strictCapacity: strict });
      addApp(ns, 'A');
      addApp(ns, 'B');
      const msg = 'the peaks of all apps together exceed the quota (they cannot all run at once): requests.cpu 6 > 4';
      if (strict) {
        expect(() => synth(chart)).toThrow(`SparkNamespace TeamA: ${msg}; raise the quota, make the apps' peaks smaller, or turn strictCapacity off to only warn`);
      } else {
        synth(chart);
        expect(SparkWarnings.of(ns)).toEqual([`test/TeamA: ${msg} [capacity-exceeded]`]);
      }
    }
  });

  test('(e) GPUs count like CPU and memory', () => {
    const { chart, ns } = tenant({ quota: { extendedResources: { 'nvidia.com/gpu': 2 } } });
    addApp(ns, 'Train', {
      executorInstances: 3,
      sparkConf: { 'spark.executor.resource.gpu.amount': '1', 'spark.executor.resource.gpu.vendor': 'nvidia.com', 'spark.task.resource.gpu.amount': '1' },
    });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app train peak (driver + 3 executors) does not fit the quota: requests.nvidia.com/gpu 3 > 2 (the executors beyond the quota would stay pending); raise the quota, or lower the app\'s executor count or executor resources');
  });

  test('(e) on-demand claims count against claims and storage per class', () => {
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1';
    const { chart, ns } = tenant({ quota: { persistentVolumeClaims: 3, storageByClass: { gp3: Size.gibibytes(1000) } } });
    addApp(ns, 'Shuffle', {
      executorInstances: 4,
      sparkConf: { [`${p}.options.claimName`]: 'OnDemand', [`${p}.options.storageClass`]: 'gp3', [`${p}.options.sizeLimit`]: '300Gi', [`${p}.mount.path`]: '/data' },
    });
    expect(() => synth(chart)).toThrow('SparkNamespace TeamA: app shuffle peak (driver + 4 executors) does not fit the quota: persistentvolumeclaims 4 > 3, gp3.storageclass.storage.k8s.io/requests.storage 1200Gi > 1000Gi (the executors beyond the quota would stay pending); raise the quota, or lower the app\'s executor count or executor resources');
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

  test('the capacity table shows - in the columns a row does not use, never 0Mi', () => {
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1';
    const { chart, ns } = tenant({
      quota: { cpuRequests: CpuCores.of(40), persistentVolumeClaims: 10, storageByClass: { gp3: Size.gibibytes(2000) }, extendedResources: { 'nvidia.com/gpu': 4 } },
    });
    addApp(ns, 'Etl', { executorInstances: 2 });
    addApp(ns, 'Shuffle', {
      executorInstances: 4,
      sparkConf: { [`${p}.options.claimName`]: 'OnDemand', [`${p}.options.storageClass`]: 'gp3', [`${p}.options.sizeLimit`]: '300Gi', [`${p}.mount.path`]: '/data' },
    });
    const table = SparkNamespace.capacityTable(chart);
    const row = (name: string) => table.split('\n').find(l => l.startsWith(name + ' '))!.trim().split(/\s{2,}/);
    // columns: requests.cpu, requests.memory, pods, persistentvolumeclaims, gp3 storage, nvidia.com/gpu
    expect(table.split('\n')[1].trim().split(/\s+/)).toEqual([
      'requests.cpu', 'requests.memory', 'pods', 'persistentvolumeclaims', 'gp3.storageclass.storage.k8s.io/requests.storage', 'requests.nvidia.com/gpu',
    ]);
    expect(row('etl driver')).toEqual(['etl driver', '1', '1408Mi', '1', '-', '-', '-']);
    expect(row('etl peak').slice(4)).toEqual(['-', '-', '-']);
    expect(row('shuffle driver').slice(4)).toEqual(['-', '-', '-']);
    expect(row('shuffle executor ×4').slice(4)).toEqual(['4', '1200Gi', '-']);
    expect(row('total').slice(4)).toEqual(['4', '1200Gi', '-']);
    expect(row('quota').slice(4)).toEqual(['10', '2000Gi', '4']);
    // quota and headroom stay figures in every column the quota sets
    expect(row('headroom').slice(4)).toEqual(['6', '800Gi', '4']);
    expect(table).not.toMatch(/\b0Mi\b/);
  });
});

describe('validation errors', () => {
  test.each([
    [{ name: 'Team_A' }, 'SparkNamespace TeamA: name "Team_A" must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit; use a namespace name such as "team-a"'],
    [{ driverServiceAccountName: 'Spark_Driver' }, 'SparkNamespace TeamA: driverServiceAccountName "Spark_Driver" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters (it names the driver ServiceAccount, Role and RoleBinding); use a name such as "spark-driver"'],
    [{ defaultTier: 'gold' }, 'SparkNamespace TeamA: defaultTier "gold" is not one of the tiers; use streaming, batch or ad-hoc'],
    [{ tiers: [{ name: 'gold', value: 5 }] }, 'SparkNamespace TeamA: defaultTier "batch" (the default) is not one of the tiers; set defaultTier to gold'],
    [{ tiers: [] }, 'SparkNamespace TeamA: tiers [] must list at least one tier; add a tier, or leave tiers unset for the defaults (streaming, batch, ad-hoc)'],
    [{ tiers: [{ name: 'x', value: 2000000000 }], defaultTier: 'x' }, 'SparkNamespace TeamA: tiers[0].value 2000000000 must be at most 1000000000 (higher values are reserved for system classes); use a value between -2147483648 and 1000000000'],
    [{ tiers: [{ name: 'x', value: 1 }, { name: 'x', value: 2 }], defaultTier: 'x' }, 'SparkNamespace TeamA: tiers[1].name "x" is listed twice; give each tier its own name'],
    [{ quota: { pods: -1 } }, 'SparkNamespace TeamA: quota.pods -1 must be at least 0; use 0 or more'],
    [{ quota: { extendedResources: { gpu: 1 } } }, 'SparkNamespace TeamA: quota.extendedResources key "gpu" must be a resource name with a domain prefix; use e.g. nvidia.com/gpu'],
    [{ apiServerCidrs: ['10.0.0.1'] }, 'SparkNamespace TeamA: apiServerCidrs[0] "10.0.0.1" is not a CIDR; use the form 10.0.0.0/16 (IPv4) or fd00::/8 (IPv6)'],
    [{ egressDestinations: [{ name: 's3', cidrs: ['10.0.0.0/8'], ports: [] }] }, 'SparkNamespace TeamA: egressDestinations[0].ports [] must list at least one port (egress destination s3); add the destination\'s TCP ports, e.g. 443'],
    [{ egressDestinations: [{ name: 's3', cidrs: ['10.0.0.0/8'], ports: [70000] }] }, 'SparkNamespace TeamA: egressDestinations[0].ports[0] 70000 is not a port number; use a whole number from 1 to 65535'],
    [{ monitoringNamespace: 'Mon' }, 'SparkNamespace TeamA: monitoringNamespace "Mon" must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit; use the namespace of the metrics scraper, e.g. "monitoring"'],
  ] as Array<[SparkNamespaceProps, string]>)('%j', (props, message) => {
    expect(() => tenant(props)).toThrow(message);
  });

  test('an unknown tier on an app', () => {
    const { ns } = tenant();
    expect(() => addApp(ns, 'Etl', { tier: 'gold' })).toThrow('SparkApp Etl: tier "gold" is not a tier of SparkNamespace TeamA; use streaming, batch or ad-hoc');
  });

  test('two apps with one name in a namespace', () => {
    const { ns } = tenant();
    addApp(ns, 'Etl');
    expect(() => new SparkApp(Chart.of(ns), 'Other', { ...APP, name: 'etl', sparkNamespace: ns })).toThrow('SparkApp Other: name "etl" is already the name of another app in namespace team-a; give each app in a namespace its own name');
  });

  test('empty scrape port list', () => {
    const { ns } = tenant();
    expect(() => ns.allowMetricsScraping('monitoring', [])).toThrow('SparkNamespace TeamA: allowMetricsScraping ports [] must list at least one port (an empty list would open every port); pass the ports to scrape, e.g. [4040]');
  });
});
