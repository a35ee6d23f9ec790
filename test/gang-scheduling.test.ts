import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ConcurrencyPolicy, GangScheduler, GangSchedulingStyle, GpuAcceleration, NodeSelectorOperator, SparkApp, SparkAppProps,
  SparkNamespace, SparkPods, SparkVersion, SparkWarnings, TaintEffect, TolerationOperator,
} from '../src';
import { findAll, findOne, synth } from './util';

// A plain CPU batch app: driver 1 core / 2 GiB, 5 executors of 4 cores / 8 GiB (JVM: overhead
// max(0.1 × heap, 384 MiB)): driver 2048 + 384 = 2432 MiB, executor 8192 + 819 = 9011 MiB.
const BATCH: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/analytics/clickstream:3.5.5-1',
  mainApplicationFile: 'local:///opt/clickstream/clickstream-assembly-1.0.jar',
  mainClass: 'com.example.Sessionize',
  driverMemory: Size.gibibytes(2),
  executorCores: 4,
  executorMemory: Size.gibibytes(8),
  executorInstances: 5,
};

function make(props: Partial<SparkAppProps>, id = 'Sessionize', chart: Chart = Testing.chart()) {
  const app = new SparkApp(chart, id, { ...BATCH, ...props } as SparkAppProps);
  return { chart, app };
}

function expectError(props: Partial<SparkAppProps>, message: string) {
  expect(() => synth(make(props).chart)).toThrow(message);
}

describe('Volcano', () => {
  test('a PodGroup sized driver + executors from the resource model, before the SparkApplication', () => {
    const { chart, app } = make({ gangScheduler: GangScheduler.volcano({ queue: 'batch', priorityClassName: 'batch-high' }) });
    const out = synth(chart);
    const pg = findOne(out, 'PodGroup', 'sessionize-podgroup');
    expect(pg.apiVersion).toBe('scheduling.volcano.sh/v1beta1');
    expect(pg.metadata.namespace).toBe('default');
    expect(pg.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'spark',
      'app.kubernetes.io/instance': 'sessionize',
      'app.kubernetes.io/component': 'pod-group',
      'app.kubernetes.io/managed-by': 'cdk8s-spark',
    });
    expect(pg.spec).toEqual({
      minMember: 1,
      minResources: { cpu: '21', memory: `${2432 + 5 * 9011}Mi` },
      queue: 'batch',
      priorityClassName: 'batch-high',
    });
    const r = app.resources();
    expect(r.driver.memoryRequestMebibytes + 5 * r.executor.memoryRequestMebibytes).toBe(2432 + 5 * 9011);
    const a = findOne(out, 'SparkApplication');
    for (const role of ['driver', 'executor']) {
      expect(a.spec[role].annotations).toEqual({ 'scheduling.k8s.io/group-name': 'sessionize-podgroup' });
      expect(a.spec[role].template.spec.schedulerName).toBe('volcano');
    }
    expect(out.findIndex(m => m.kind === 'PodGroup')).toBeLessThan(out.findIndex(m => m.kind === 'SparkApplication'));
    expect(app.node.tryFindChild('PodGroup')).toBeDefined();
    expect(app.features.map(f => f.featureName)).toEqual(['GangScheduler volcano']);
  });

  test('dynamic allocation: the group covers the initial executors; later changes to the app are read at synthesis', () => {
    const { chart, app } = make({
      executorInstances: undefined,
      dynamicAllocation: { minExecutors: 2, initialExecutors: 3, maxExecutors: 20, shuffleTrackingTimeout: Duration.minutes(30) },
      gangScheduler: GangScheduler.volcano(),
    });
    app.addSparkConf('spark.kubernetes.executor.request.cores', '3500m', 'test');
    const pg = findOne(synth(chart), 'PodGroup');
    expect(pg.spec.minResources).toEqual({ cpu: '11500m', memory: `${2432 + 3 * 9011}Mi` });
    expect(pg.spec.queue).toBe('default');
    expect(pg.spec.priorityClassName).toBeUndefined();
  });

  test('a scheduled app (Forbid) annotates the template\'s pods', () => {
    const { chart } = make({ schedule: { cron: '0 2 * * *' }, gangScheduler: GangScheduler.volcano() });
    const out = synth(chart);
    const s = findOne(out, 'ScheduledSparkApplication');
    expect(s.spec.template.executor.annotations).toEqual({ 'scheduling.k8s.io/group-name': 'sessionize-podgroup' });
    expect(findAll(out, 'PodGroup')).toHaveLength(1);
  });

  test('fails with concurrencyPolicy Allow: all runs would share one PodGroup', () => {
    expectError({ schedule: { cron: '0 2 * * *', concurrencyPolicy: ConcurrencyPolicy.ALLOW }, gangScheduler: GangScheduler.volcano() },
      'SparkApp Sessionize: schedule.concurrencyPolicy "Allow" cannot be used with GangScheduler.volcano(): all runs join the app\'s one PodGroup, whose minResources cover a single run; use ConcurrencyPolicy.FORBID or ConcurrencyPolicy.REPLACE');
  });

  test('fails when another feature set a different scheduler', () => {
    const { app } = make({});
    app.setSchedulerName(SparkPods.ALL, 'yunikorn', 'test');
    expect(() => app.addFeature(GangScheduler.volcano()))
      .toThrow('SparkApp Sessionize: schedulerName "volcano" (set by GangScheduler volcano) conflicts with "yunikorn" set by test; use one gang scheduler per app');
  });
});

describe('YuniKorn', () => {
  const placement = {
    nodeSelector: { 'karpenter.sh/nodepool': 'spark-batch' },
    tolerations: [{ key: 'workload', operator: TolerationOperator.EQUAL, value: 'spark-batch', effect: TaintEffect.NO_SCHEDULE }],
    executorTolerations: [{ key: 'spot', operator: TolerationOperator.EXISTS }],
    requiredNodeAffinity: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: ['eu-west-1a'] }],
  };

  test('task groups with the exact requests and the placement of the real pods; a soft gang by default', () => {
    const { chart } = make({ ...placement, gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch' }) });
    const a = findOne(synth(chart), 'SparkApplication');
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] }] } } };
    const batchToleration = { key: 'workload', operator: 'Equal', value: 'spark-batch', effect: 'NoSchedule' };
    expect(JSON.parse(a.spec.driver.annotations['yunikorn.apache.org/task-groups'])).toEqual([
      {
        name: 'spark-driver',
        minMember: 1,
        minResource: { cpu: '1', memory: '2432Mi' },
        nodeSelector: { 'karpenter.sh/nodepool': 'spark-batch' },
        tolerations: [batchToleration],
        affinity,
      },
      {
        name: 'spark-executor',
        minMember: 5,
        minResource: { cpu: '4', memory: '9011Mi' },
        nodeSelector: { 'karpenter.sh/nodepool': 'spark-batch' },
        tolerations: [batchToleration, { key: 'spot', operator: 'Exists' }],
        affinity,
      },
    ]);
    expect(a.spec.driver.annotations['yunikorn.apache.org/task-group-name']).toBe('spark-driver');
    expect(a.spec.driver.annotations['yunikorn.apache.org/schedulingPolicyParameters']).toBe('placeholderTimeoutInSeconds=900 gangSchedulingStyle=Soft');
    expect(a.spec.executor.annotations).toEqual({ 'yunikorn.apache.org/task-group-name': 'spark-executor' });
    for (const role of ['driver', 'executor']) {
      expect(a.spec[role].labels['yunikorn.apache.org/queue']).toBe('root.batch');
      expect(a.spec[role].template.spec.schedulerName).toBe('yunikorn');
      // The placeholders match what the pods really get.
      expect(a.spec[role].template.spec.tolerations).toEqual(role === 'driver' ? [batchToleration] : [batchToleration, { key: 'spot', operator: 'Exists' }]);
    }
  });

  test('the timeout and withStyle(HARD) go into the policy; the original scheduler is unchanged', () => {
    const soft = GangScheduler.yunikorn({ queue: 'root.batch', placeholderTimeout: Duration.minutes(10) });
    const hard = soft.withStyle(GangSchedulingStyle.HARD);
    expect(soft.style).toBeUndefined();
    expect(hard.style).toBe(GangSchedulingStyle.HARD);
    const a = findOne(synth(make({ gangScheduler: hard }).chart), 'SparkApplication');
    expect(a.spec.driver.annotations['yunikorn.apache.org/schedulingPolicyParameters']).toBe('placeholderTimeoutInSeconds=600 gangSchedulingStyle=Hard');
  });

  test('placement added after construction is in the task groups', () => {
    const { chart, app } = make({ gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch' }) });
    app.addNodeSelector(SparkPods.EXECUTORS, { 'node.kubernetes.io/instance-type': 'm7i.2xlarge' }, 'test');
    const groups = JSON.parse(findOne(synth(chart), 'SparkApplication').spec.driver.annotations['yunikorn.apache.org/task-groups']);
    expect(groups[0].nodeSelector).toBeUndefined();
    expect(groups[1].nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'm7i.2xlarge' });
  });

  test('barrier training with GpuAcceleration: a hard gang by default, SOFT warned about', () => {
    const gpu = () => new GpuAcceleration({ gpusPerExecutor: 1, barrierTraining: true });
    const { chart } = make({ features: [gpu()], gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu' }) });
    const a = findOne(synth(chart), 'SparkApplication');
    expect(a.spec.driver.annotations['yunikorn.apache.org/schedulingPolicyParameters']).toBe('placeholderTimeoutInSeconds=900 gangSchedulingStyle=Hard');
    const groups = JSON.parse(a.spec.driver.annotations['yunikorn.apache.org/task-groups']);
    expect(groups[1].minResource['nvidia.com/gpu']).toBe('1');
    // Spark copes with a soft gang (a barrier job waits for its slots, then fails): a warning.
    const soft = make({ features: [gpu()], gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu', style: GangSchedulingStyle.SOFT }) });
    expect(findOne(synth(soft.chart), 'SparkApplication').spec.driver.annotations['yunikorn.apache.org/schedulingPolicyParameters'])
      .toBe('placeholderTimeoutInSeconds=900 gangSchedulingStyle=Soft');
    expect(SparkWarnings.of(soft.chart)).toEqual([
      'test/Sessionize: gangScheduler.style "Soft" lets YuniKorn place the pods one by one when the whole gang does not fit within its placeholder timeout, but the barrier training of GpuAcceleration needs every executor at once: executors that fit hold their GPUs idle, and Spark fails the job when not all of them registered within 40 checks 15s apart; use GangSchedulingStyle.HARD or leave style unset (barrier training defaults to HARD) [barrier-soft-gang]',
    ]);
  });
});

describe('Kueue', () => {
  test('the queue label, no scheduler, the placement mirrored into the typed fields', () => {
    const { chart } = make({
      nodeSelector: { pool: 'batch' },
      executorTolerations: [{ key: 'spot', operator: TolerationOperator.EXISTS }],
      gangScheduler: GangScheduler.kueue({ queueName: 'batch' }),
    });
    const out = synth(chart);
    const a = findOne(out, 'SparkApplication');
    expect(a.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('batch');
    expect(a.spec.executor.template.spec.schedulerName).toBeUndefined();
    expect(a.spec.driver.nodeSelector).toEqual({ pool: 'batch' });
    expect(a.spec.executor.nodeSelector).toEqual({ pool: 'batch' });
    expect(a.spec.executor.tolerations).toEqual([{ key: 'spot', operator: 'Exists' }]);
    expect(a.spec.driver.tolerations).toBeUndefined();
    expect(findAll(out, 'LocalQueue')).toEqual([]);
  });

  test('the LocalQueue is defined once per namespace and queue, before the apps that use it', () => {
    const chart = Testing.chart();
    const kueue = () => GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'cpu-cluster-queue' });
    const a = make({ gangScheduler: kueue() }, 'A', chart).app;
    const b = make({ gangScheduler: kueue() }, 'B', chart).app;
    const ns = new SparkNamespace(chart, 'Team', {});
    const c = make({ gangScheduler: kueue(), sparkNamespace: ns }, 'C', chart).app;
    const out = synth(chart);
    const queues = findAll(out, 'LocalQueue');
    expect(queues.map(q => `${q.metadata.namespace}/${q.metadata.name}`)).toEqual(['default/batch', 'team/batch']);
    expect(queues[0].spec).toEqual({ clusterQueue: 'cpu-cluster-queue' });
    expect(queues[0].apiVersion).toBe('kueue.x-k8s.io/v1beta2');
    expect(queues[0].metadata.labels).toEqual({
      'app.kubernetes.io/component': 'local-queue', 'app.kubernetes.io/part-of': 'default', 'app.kubernetes.io/managed-by': 'cdk8s-spark',
    });
    expect(a.node.tryFindChild('LocalQueue')).toBeDefined();
    expect(b.node.tryFindChild('LocalQueue')).toBeUndefined();
    expect(c.node.tryFindChild('LocalQueue')).toBeDefined();
    const first = out.findIndex(m => m.kind === 'LocalQueue');
    expect(first).toBeLessThan(out.findIndex(m => m.kind === 'SparkApplication'));
  });

  test('two cdk8s apps do not share LocalQueues', () => {
    const queues = [new App(), new App()].map(app => {
      const chart = new Chart(app, 'c');
      make({ gangScheduler: GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'cq' }) }, 'A', chart);
      return findAll(Testing.synth(chart), 'LocalQueue').length;
    });
    expect(queues).toEqual([1, 1]);
  });

  test('fails when two apps point one LocalQueue at different ClusterQueues', () => {
    const chart = Testing.chart();
    make({ gangScheduler: GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'cq-a' }) }, 'A', chart);
    expect(() => make({ gangScheduler: GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'cq-b' }) }, 'B', chart))
      .toThrow('SparkApp B: gangScheduler.clusterQueue "cq-b" conflicts with "cq-a" given by another app for LocalQueue default/batch: a LocalQueue points at one ClusterQueue; give every app of LocalQueue default/batch the same clusterQueue, or give it on one app only');
  });

  test('fails with dynamic allocation', () => {
    expectError({ executorInstances: undefined, dynamicAllocation: { maxExecutors: 12, shuffleTrackingTimeout: Duration.minutes(30) }, gangScheduler: GangScheduler.kueue({ queueName: 'batch' }) },
      'SparkApp Sessionize: dynamicAllocation {"maxExecutors":12} cannot be used with GangScheduler.kueue: Kueue\'s SparkApplication integration rejects dynamic allocation; use static executors (executorInstances) instead of dynamic allocation');
  });
});

describe('the feature', () => {
  test('names itself after its scheduler and exposes its settings', () => {
    const v = GangScheduler.volcano({ queue: 'batch' });
    expect([v.featureName, v.name, v.queue]).toEqual(['GangScheduler volcano', 'volcano', 'batch']);
    const y = GangScheduler.yunikorn({ queue: 'root.batch', placeholderTimeout: Duration.minutes(5) });
    expect([y.featureName, y.placeholderTimeoutSeconds, y.style]).toEqual(['GangScheduler yunikorn', 300, undefined]);
    const k = GangScheduler.kueue({ queueName: 'batch', clusterQueue: 'cq' });
    expect([k.featureName, k.queue, k.clusterQueue]).toEqual(['GangScheduler kueue', 'batch', 'cq']);
  });

  test('withStyle applies to YuniKorn only', () => {
    expect(() => GangScheduler.volcano().withStyle(GangSchedulingStyle.HARD))
      .toThrow('GangScheduler.withStyle: style "Hard" applies to GangScheduler.yunikorn() only, not to GangScheduler volcano; drop withStyle (a volcano gang has no style)');
  });

  test('options are checked at runtime; unknown options are warnings on the app', () => {
    const js = (f: (o: any) => GangScheduler, o: unknown) => () => f(o);
    expect(js(GangScheduler.yunikorn, undefined)).toThrow('GangScheduler.yunikorn: options (unset) are required (queue); pass YunikornGangOptions such as { queue: "root.batch" }');
    expect(js(GangScheduler.kueue, { queueName: 7 })).toThrow('GangScheduler.kueue: queueName 7 must be a string; got a number');
    expect(js(GangScheduler.yunikorn, { queue: 'root.batch', style: 'hard' }))
      .toThrow('GangScheduler.yunikorn: style "hard" is not a GangSchedulingStyle; use one of GangSchedulingStyle.HARD, GangSchedulingStyle.SOFT (values "Hard", "Soft")');
    expect(js(GangScheduler.volcano, 'batch')).toThrow('GangScheduler.volcano: options "batch" must be a VolcanoGangOptions (a plain object); got a string; pass e.g. { queue: "default" }');
    expect(() => GangScheduler.yunikorn({ queue: 'root.batch' }).withStyle('Medium' as any))
      .toThrow('GangScheduler.withStyle: style "Medium" is not a GangSchedulingStyle; use one of GangSchedulingStyle.HARD, GangSchedulingStyle.SOFT (values "Hard", "Soft")');
    const { chart } = make({ gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch', placeholdrTimeout: Duration.minutes(5) } as any) });
    synth(chart);
    expect(SparkWarnings.of(chart)).toEqual([
      'test/Sessionize: gangScheduler.placeholdrTimeout is not a prop of YunikornGangOptions and is ignored; did you mean gangScheduler.placeholderTimeout? [unknown-prop]',
    ]);
  });

  test('binding it twice does nothing', () => {
    const g = GangScheduler.volcano();
    const { chart, app } = make({ gangScheduler: g });
    app.addFeature(g);
    expect(findAll(synth(chart), 'PodGroup')).toHaveLength(1);
  });
});
