import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { sparkApp, sparkNamespace } from './bad-input/harness';
import { findAll, findOne, synth } from './util';
import { CpuCores, GangScheduler, NodePool, NodeShape, PlatformReport, SchedulerQueues, TaintEffect } from '../src';
import { gangOverQuota } from '../src/platform/kueue-queues';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

const QUOTA = { quota: { cpuRequests: CpuCores.of(16), memoryRequests: Size.gibibytes(64), pods: 20 } };

describe('SchedulerQueues', () => {
  test('YuniKorn: a queue per tenant with guaranteed and max from its quota, placement by label then namespace', () => {
    const c = chart();
    sparkNamespace(c, QUOTA);
    sparkNamespace(c, { name: 'other', quota: { cpuRequests: CpuCores.millis(1500) } }, 'Other');
    sparkNamespace(c, {}, 'NoQuota');
    new SchedulerQueues(c, 'Queues', { yunikorn: {} });
    const cm = findOne(synth(c), 'ConfigMap', 'yunikorn-configs');
    expect(cm.metadata.namespace).toBe('yunikorn');
    expect(cm.data['queues.yaml']).toMatchSnapshot();
    expect(parse(cm.data['queues.yaml'])).toEqual({
      partitions: [{
        name: 'default',
        placementrules: [{ name: 'provided', create: false }, { name: 'tag', value: 'namespace', create: false }],
        queues: [{
          name: 'root',
          submitacl: '*',
          queues: [
            { name: 'other', resources: { guaranteed: { vcore: '1500m' }, max: { vcore: '1500m' } } },
            { name: 'team', resources: { guaranteed: { memory: '64Gi', pods: '20', vcore: '16' }, max: { memory: '64Gi', pods: '20', vcore: '16' } } },
          ],
        }],
      }],
    });
  });

  test('Volcano: a cluster-scoped Queue per tenant with capability from its quota', () => {
    const c = chart();
    sparkNamespace(c, QUOTA);
    const q = new SchedulerQueues(c, 'Queues', { volcano: true, yunikorn: { namespace: 'yk', partition: 'p1' } });
    const m = synth(c);
    expect(findAll(m, 'Queue')).toMatchSnapshot();
    expect(findOne(m, 'Queue').spec.capability).toEqual({ cpu: '16', memory: '64Gi', pods: '20' });
    expect(q.volcanoQueues).toHaveLength(1);
    expect(parse(findOne(m, 'ConfigMap', 'yunikorn-configs').data['queues.yaml']).partitions[0].name).toBe('p1');
  });

  test('an app\'s gang in its tenant\'s queue passes', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c, QUOTA), executorInstances: 2, gangScheduler: GangScheduler.yunikorn({ queue: 'root.team' }) });
    new SchedulerQueues(c, 'Queues', { yunikorn: {} });
    expect(() => synth(c)).not.toThrow();
  });

  test('a YuniKorn queue that is not defined is an error', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c, QUOTA), gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch' }) });
    new SchedulerQueues(c, 'Queues', { yunikorn: {} });
    expect(() => synth(c)).toThrow('SparkApp Etl: gangScheduler queue "root.batch" is not a YuniKorn queue of SchedulerQueues Queues (queues: root.team); use "root.team", the queue of the app\'s namespace');
  });

  test('a gang larger than its queue is an error with the figures', () => {
    const c = chart();
    sparkApp(c, {
      sparkNamespace: sparkNamespace(c, { quota: { cpuRequests: CpuCores.of(4), memoryRequests: Size.gibibytes(64) } }),
      executorInstances: 6,
      gangScheduler: GangScheduler.volcano({ queue: 'team' }),
    });
    new SchedulerQueues(c, 'Queues', { volcano: true });
    expect(() => synth(c)).toThrow(/SparkApp Etl: gangScheduler queue "team" cannot hold the app's gang \(driver \+ 6 executors\): CPU 7 > 4, so it would never be admitted; lower the executors or their size, or raise the quota of namespace team/);
  });

  test('Volcano\'s default queue is not checked', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c, QUOTA), gangScheduler: GangScheduler.volcano() });
    new SchedulerQueues(c, 'Queues', { volcano: true });
    expect(() => synth(c)).not.toThrow();
  });

  test('a tenant declared after the Volcano queues is an error', () => {
    const c = chart();
    new SchedulerQueues(c, 'Queues', { volcano: true });
    sparkNamespace(c, QUOTA);
    expect(() => synth(c)).toThrow('SchedulerQueues Queues: volcano true defines no Queue for namespace team, declared after the SchedulerQueues; create the SchedulerQueues after the SparkNamespaces');
  });

  test('nothing to define is an error', () => {
    expect(() => new SchedulerQueues(chart(), 'Queues')).toThrow('SchedulerQueues Queues: yunikorn (unset) volcano and kueue are all unset, so there is nothing to define; give yunikorn: {}, volcano: true or kueue: {}');
  });
});

const GPU_QUOTA = { quota: { cpuRequests: CpuCores.of(32), memoryRequests: Size.gibibytes(128), pods: 20, extendedResources: { 'nvidia.com/gpu': 4 } } };

function pools(c: Chart) {
  const core = new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge') });
  const gpu = new NodePool(c, 'Gpu', {
    shape: NodeShape.instanceType('g5.12xlarge'),
    labels: { 'node.example/pool': 'gpu' },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }, { key: 'dedicated', effect: TaintEffect.NO_EXECUTE }],
  });
  return { core, gpu };
}

describe('SchedulerQueues kueue', () => {
  test('defaults: one default flavor, a ClusterQueue and a LocalQueue per tenant', () => {
    const c = chart();
    sparkNamespace(c, QUOTA);
    sparkNamespace(c, {}, 'NoQuota');
    const q = new SchedulerQueues(c, 'Queues', { kueue: {} });
    const m = synth(c);
    const kueue = m.filter(o => o.apiVersion === 'kueue.x-k8s.io/v1beta2');
    expect(kueue).toMatchSnapshot();
    expect(findOne(m, 'ResourceFlavor')).toMatchObject({ metadata: { name: 'default-flavor' }, spec: {} });
    expect(findOne(m, 'ClusterQueue', 'team').spec).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team' } },
      resourceGroups: [{
        coveredResources: ['cpu', 'memory'],
        flavors: [{ name: 'default-flavor', resources: [{ name: 'cpu', nominalQuota: '16' }, { name: 'memory', nominalQuota: '64Gi' }] }],
      }],
    });
    expect(findOne(m, 'LocalQueue', 'team')).toMatchObject({ metadata: { namespace: 'team' }, spec: { clusterQueue: 'team' } });
    expect(q.kueueResourceFlavors).toHaveLength(1);
    expect(q.kueueClusterQueues).toHaveLength(1);
    expect(q.kueueLocalQueues).toHaveLength(1);
    expect(q.kueueFlavorNames()).toEqual(['default-flavor']);
  });

  test('fully configured: a flavor per pool with labels and taints, GPUs covered, a cohort', () => {
    const c = chart();
    pools(c);
    sparkNamespace(c, GPU_QUOTA, 'Ml');
    new SchedulerQueues(c, 'Queues', { kueue: { cohort: 'bank' } });
    const m = synth(c);
    expect(m.filter(o => o.apiVersion === 'kueue.x-k8s.io/v1beta2')).toMatchSnapshot();
    expect(findAll(m, 'ResourceFlavor').map(f => [f.metadata.name, f.spec])).toEqual([
      ['core', { nodeLabels: { 'node-pool.cdk8s-spark.io/name': 'core' } }],
      ['gpu', {
        nodeLabels: { 'node.example/pool': 'gpu' },
        nodeTaints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }],
      }],
    ]);
    const cq = findOne(m, 'ClusterQueue', 'ml').spec;
    expect(cq.cohortName).toBe('bank');
    const resources = [{ name: 'cpu', nominalQuota: '32' }, { name: 'memory', nominalQuota: '128Gi' }, { name: 'nvidia.com/gpu', nominalQuota: '4' }];
    expect(cq.resourceGroups).toEqual([{
      coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
      flavors: [{ name: 'core', resources }, { name: 'gpu', resources }],
    }]);
  });

  test('an app\'s gang in its tenant\'s LocalQueue passes, whichever defines the LocalQueue', () => {
    const c = chart();
    const ns = sparkNamespace(c, QUOTA);
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    sparkApp(c, { sparkNamespace: ns, executorInstances: 2, gangScheduler: GangScheduler.kueue({ queueName: 'team' }) });
    sparkApp(c, { sparkNamespace: ns, executorInstances: 2, gangScheduler: GangScheduler.kueue({ queueName: 'team', clusterQueue: 'team' }) }, 'Etl2');
    expect(findAll(synth(c), 'LocalQueue')).toHaveLength(1);
  });

  test('a LocalQueue GangScheduler.kueue defined first is not defined again', () => {
    const c = chart();
    const ns = sparkNamespace(c, QUOTA);
    const app = sparkApp(c, { sparkNamespace: ns, gangScheduler: GangScheduler.kueue({ queueName: 'team', clusterQueue: 'team' }) });
    const q = new SchedulerQueues(c, 'Queues', { kueue: {} });
    expect(q.kueueLocalQueues).toHaveLength(0);
    const lq = findAll(synth(c), 'LocalQueue');
    expect(lq).toHaveLength(1);
    expect(lq[0].metadata).toMatchObject({ name: 'team', namespace: 'team' });
    expect(app.node.findAll().some(x => x.node.id === 'LocalQueue')).toBe(true);
  });

  test('two copies of one LocalQueue would fail the App\'s duplicate-object check', () => {
    // What the registry prevents: the same LocalQueue defined by the construct and by an app.
    const c = chart();
    const ns = sparkNamespace(c, QUOTA);
    sparkApp(c, { sparkNamespace: ns, gangScheduler: GangScheduler.kueue({ queueName: 'team', clusterQueue: 'team' }) });
    const q = new SchedulerQueues(c, 'Queues', { kueue: {} });
    new ApiObject(q, 'Copy', { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue', metadata: { name: 'team', namespace: 'team' }, spec: { clusterQueue: 'team' } });
    expect(() => synth(c)).toThrow('test/Queues/Copy: LocalQueue "team/team" is also defined by test/Etl/LocalQueue, and one would replace the other when applied; give one of them another name or namespace');
  });

  test('an app naming another ClusterQueue for the tenant\'s LocalQueue after the construct conflicts', () => {
    const c = chart();
    const ns = sparkNamespace(c, QUOTA);
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    expect(() => sparkApp(c, { sparkNamespace: ns, gangScheduler: GangScheduler.kueue({ queueName: 'team', clusterQueue: 'shared' }) }))
      .toThrow('SparkApp Etl: gangScheduler.clusterQueue "shared" conflicts with "team" given by another app for LocalQueue team/team: a LocalQueue points at one ClusterQueue; give every app of LocalQueue team/team the same clusterQueue, or give it on one app only');
  });

  test('a LocalQueue that is not defined in the App is an error', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c, QUOTA), gangScheduler: GangScheduler.kueue({ queueName: 'batch' }) });
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    expect(() => synth(c)).toThrow('SparkApp Etl: gangScheduler queueName "batch" is not a Kueue LocalQueue of namespace team in the App (LocalQueues there: team); use "team", the LocalQueue SchedulerQueues Queues defines for the app\'s namespace');
  });

  test('a LocalQueue pointing at a ClusterQueue that is not defined is an error', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c, QUOTA), gangScheduler: GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'shared' }) });
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    expect(() => synth(c)).toThrow('SparkApp Etl: gangScheduler queueName "batch" is LocalQueue team/batch of ClusterQueue "shared", which is not a ClusterQueue of SchedulerQueues Queues (ClusterQueues: team); point the LocalQueue at "team" (GangScheduler.kueue clusterQueue), the ClusterQueue of the app\'s namespace');
  });

  test('a LocalQueue pointing at another tenant\'s ClusterQueue is an error', () => {
    const c = chart();
    const ns = sparkNamespace(c, QUOTA);
    sparkNamespace(c, { name: 'other', ...QUOTA }, 'Other');
    sparkApp(c, { sparkNamespace: ns, gangScheduler: GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'other' }) });
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    expect(() => synth(c)).toThrow('SparkApp Etl: gangScheduler queueName "batch" is LocalQueue team/batch of ClusterQueue "other", which admits only namespace other, so Kueue would never admit the app; point the LocalQueue at "team" (GangScheduler.kueue clusterQueue), the ClusterQueue of the app\'s namespace');
  });

  test('a gang larger than the ClusterQueue\'s nominal quota is an error with the figures', () => {
    const c = chart();
    sparkApp(c, {
      sparkNamespace: sparkNamespace(c, { quota: { cpuRequests: CpuCores.of(4), memoryRequests: Size.gibibytes(8) } }),
      executorInstances: 6,
      gangScheduler: GangScheduler.kueue({ queueName: 'team' }),
    });
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    expect(() => synth(c)).toThrow('  [test/Queues] SparkApp Etl: gangScheduler queueName "team" cannot hold the app\'s gang (driver + 6 executors) in the nominal quota of ClusterQueue team: CPU 7 > 4, memory 9856Mi > 8Gi, so Kueue would never admit it; lower the executors or their size, or raise the quota of namespace team');
  });

  test('pools or tenants declared after the construct are errors', () => {
    const c = chart();
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    sparkNamespace(c, QUOTA);
    new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge') });
    expect(() => synth(c)).toThrow('Validation failed with the following errors:\n'
      + '  [test/Queues] SchedulerQueues Queues: kueue {} defines no ResourceFlavor for NodePool core, declared after the SchedulerQueues; create the SchedulerQueues after the NodePools\n'
      + '  [test/Queues] SchedulerQueues Queues: kueue {} defines no ClusterQueue for namespace team, declared after the SchedulerQueues; create the SchedulerQueues after the SparkNamespaces');
  });

  test('a quota without CPU or memory requests is an error', () => {
    const c = chart();
    sparkNamespace(c, { quota: { cpuRequests: CpuCores.of(4) } });
    expect(() => new SchedulerQueues(c, 'Queues', { kueue: {} })).toThrow('SchedulerQueues Queues: kueue {} cannot define a ClusterQueue for namespace team: its quota sets no memoryRequests, and Kueue admits no pod that asks for a resource its ClusterQueue does not cover; set quota.cpuRequests and quota.memoryRequests of the SparkNamespace team');
  });

  test('a pool with more taints than Kueue takes is an error', () => {
    const c = chart();
    new NodePool(c, 'Core', {
      shape: NodeShape.instanceType('m6i.4xlarge'),
      taints: Array.from({ length: 9 }, (_, i) => ({ key: `t${i}`, effect: TaintEffect.NO_SCHEDULE })),
    });
    expect(() => new SchedulerQueues(c, 'Queues', { kueue: {} })).toThrow('SchedulerQueues Queues: kueue {} cannot define a ResourceFlavor for NodePool core: it has 9 taints and Kueue takes at most 8; give NodePool core at most 8 taints');
  });

  test('the platform report lists the Kueue queues and flavors', () => {
    const c = chart();
    pools(c);
    sparkNamespace(c, GPU_QUOTA, 'Ml');
    sparkNamespace(c, QUOTA);
    new SchedulerQueues(c, 'Queues', { kueue: {} });
    const text = PlatformReport.markdown(c.node.root);
    expect(text).toContain('| Kueue | ml | 32 | 128Gi | - |\n| Kueue | team | 16 | 64Gi | - |\n');
    expect(text).toContain('Kueue: ClusterQueue and LocalQueue `<namespace>` per tenant, each ResourceFlavor with the tenant\'s whole quota (the ResourceQuota caps the total); flavors core, gpu.\n\n- ClusterQueue ml also covers nvidia.com/gpu 4\n');
  });
});

describe('Kueue quota figures', () => {
  test('a gang asking for a resource the ClusterQueue does not cover, or more GPUs than it has', () => {
    const gang = { cpuRequestMillis: 1500, memoryRequestMebibytes: 1024, extendedResources: { 'amd.com/gpu': 1, 'nvidia.com/gpu': 6 } };
    expect(gangOverQuota(gang, { cpuMillis: 2000, memoryMebibytes: 1024, extendedResources: { 'nvidia.com/gpu': 4 } }))
      .toEqual(['amd.com/gpu 1 (not a resource of the ClusterQueue)', 'nvidia.com/gpu 6 > 4']);
  });
});
