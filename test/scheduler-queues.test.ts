import { Chart, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { sparkApp, sparkNamespace } from './bad-input/harness';
import { findAll, findOne, synth } from './util';
import { CpuCores, GangScheduler, SchedulerQueues } from '../src';

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
    expect(() => new SchedulerQueues(chart(), 'Queues')).toThrow('SchedulerQueues Queues: yunikorn (unset) and volcano are both unset, so there is nothing to define; give yunikorn: {} or volcano: true');
  });
});
