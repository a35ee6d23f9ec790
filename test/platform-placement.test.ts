import { Chart, Size, Testing } from 'cdk8s';
import { findAll, findOne, synth } from './util';
import {
  CelebornCluster, DependencyVolume, EventLogStore, LogLayout, LogOutput, NodePool, NodeShape, SparkApp, SparkHistoryServer, SparkLogging,
  SparkLogShipping, SparkNamespace, SparkPods, SparkVersion, SparkWarnings, TaintEffect,
} from '../src';

const APP = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};
const JAR = 'https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}
function history(c: Chart, id = 'History', uri = 's3a://spark-logs/events', props: Record<string, unknown> = {}) {
  return new SparkHistoryServer(c, id, { sparkVersion: SparkVersion.of('3.5.5'), image: 'registry.example/spark-s3a:3.5.5', store: EventLogStore.objectStore({ uri }), ...props });
}
function pools(c: Chart) {
  const core = new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.xlarge') });
  const shuffle = new NodePool(c, 'Shuffle', {
    shape: NodeShape.instanceType('r6i.4xlarge'),
    taints: [{ key: 'dedicated', value: 'shuffle', effect: TaintEffect.NO_SCHEDULE }],
  });
  return { core, shuffle };
}
const conf = (m: any[], name: string) => findOne(m, 'SparkApplication', name).spec.sparkConf;

describe('features given by the namespace', () => {
  test('every app of a namespace with a historyServer binds it; an app with its own keeps its own', () => {
    const c = chart();
    const team = history(c);
    const other = history(c, 'Other', 's3a://other-logs/events');
    const ns = new SparkNamespace(c, 'Team', { historyServer: team });
    expect(ns.appFeatures).toEqual([team]);
    new SparkApp(c, 'Etl', { ...APP, sparkNamespace: ns });
    const own = new SparkApp(c, 'Own', { ...APP, sparkNamespace: ns, historyServer: other });
    const m = synth(c);
    expect(conf(m, 'etl')['spark.eventLog.dir']).toBe('s3a://spark-logs/events');
    expect(conf(m, 'etl')['spark.eventLog.rolling.enabled']).toBe('true');
    expect(conf(m, 'own')['spark.eventLog.dir']).toBe('s3a://other-logs/events');
    expect(own.features).toEqual([other]);
  });

  test('an app whose eventLogDir differs from the namespace\'s history server is an error', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team', { historyServer: history(c) });
    expect(() => new SparkApp(c, 'Etl', { ...APP, sparkNamespace: ns, eventLogDir: 's3a://elsewhere/logs' })).toThrow(
      'SparkApp Etl: eventLogDir "s3a://elsewhere/logs" is not the event-log dir "s3a://spark-logs/events" of its history server SparkHistoryServer History, which would never show the app; drop it (binding the history server sets it), or bind the app to a history server that reads that dir');
  });

  test('appFeatures: a namespace-wide logging default, an app with its own SparkLogging keeps it', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team', { appFeatures: [new SparkLogging()] });
    new SparkApp(c, 'Etl', { ...APP, sparkNamespace: ns });
    new SparkApp(c, 'Own', { ...APP, sparkNamespace: ns, features: [new SparkLogging({ layout: LogLayout.PATTERN })] });
    const m = synth(c);
    const layouts = findAll(m, 'SparkApplication').map(a => [a.metadata.name, /"logging.cdk8s-spark.io\/format":"(\w+)"/.exec(JSON.stringify(a.spec.driver))?.[1]]);
    expect(layouts).toEqual([['etl', 'json'], ['own', 'pattern']]);
    expect(findAll(m, 'ConfigMap').map(x => x.metadata.name).sort()).toEqual(['etl-log4j2', 'own-log4j2']);
  });

  test('a history server in the namespace itself is added with addAppFeature, before the apps', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team');
    const hs = history(c, 'History', 's3a://spark-logs/events', { sparkNamespace: ns });
    ns.addAppFeature(hs);
    new SparkApp(c, 'Etl', { ...APP, sparkNamespace: ns });
    expect(conf(synth(c), 'etl')['spark.eventLog.dir']).toBe('s3a://spark-logs/events');
    expect(() => ns.addAppFeature(new SparkLogging())).toThrow(
      'SparkNamespace Team: addAppFeature feature "SparkLogging" comes after apps already placed in the namespace (etl), which would not get it; add it before creating the apps, or give it in the appFeatures prop');
  });

  test('two features of one kind in a namespace are an error', () => {
    const c = chart();
    expect(() => new SparkNamespace(c, 'Team', { historyServer: history(c), appFeatures: [history(c, 'Second')] })).toThrow(
      'SparkNamespace Team: appFeatures[0] "SparkHistoryServer Second" is of the same kind as SparkHistoryServer History, which the namespace already gives its apps (each app binds one of a kind); give the namespace one feature of each kind');
  });

  test('wrong types from JavaScript get the library\'s error', () => {
    const c = chart();
    expect(() => new SparkNamespace(c, 'Team', { historyServer: 's3a://x' as any })).toThrow(/^SparkNamespace Team: historyServer "s3a:\/\/x" must be an ISparkHistoryServer/);
    expect(() => new SparkNamespace(c, 'Team2', { appFeatures: [{}] as any })).toThrow(/^SparkNamespace Team2: appFeatures\[0\] .* must be an ISparkFeature/);
  });
});

describe('executors in the driver\'s zone', () => {
  test('executors get a required pod affinity to the driver, by zone', () => {
    const c = chart();
    const app = new SparkApp(c, 'Etl', { ...APP, placement: { executorsInDriverZone: true } });
    const spec = findOne(synth(c), 'SparkApplication').spec;
    const term = {
      labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'etl', 'app.kubernetes.io/managed-by': 'cdk8s-spark', 'spark-role': 'driver' } },
      topologyKey: 'topology.kubernetes.io/zone',
    };
    expect(spec.executor.template.spec.affinity).toEqual({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } });
    expect(spec.driver.template.spec.affinity).toBeUndefined();
    expect(app.placementOf('executor' as any).requiredPodAffinity).toHaveLength(1);
  });

  test('with a pool, node selector and pod affinity together', () => {
    const c = chart();
    const { shuffle } = pools(c);
    new SparkApp(c, 'Etl', { ...APP, executorMemory: Size.gibibytes(4), placement: { executors: shuffle, executorsInDriverZone: true } });
    const ex = findOne(synth(c), 'SparkApplication').spec.executor.template.spec;
    expect(ex.nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'shuffle' });
    expect(Object.keys(ex.affinity)).toEqual(['podAffinity']);
  });

  test('with zone it is an error', () => {
    const c = chart();
    expect(() => new SparkApp(c, 'Etl', { ...APP, placement: { zone: 'eu-west-1a', executorsInDriverZone: true } })).toThrow(
      'SparkApp Etl: placement.executorsInDriverZone true is given with zone "eu-west-1a", which already keeps the driver and all executors in one zone; drop executorsInDriverZone, or drop zone to let the driver pick any zone and the executors follow it');
  });

  test('a feature adding pod affinity with no labels gets the library\'s error', () => {
    const c = chart();
    const app = new SparkApp(c, 'Etl', APP);
    expect(() => app.addRequiredPodAffinity(SparkPods.EXECUTORS, [{ podLabels: {}, topologyKey: 'topology.kubernetes.io/zone' }], 'MyFeature')).toThrow(
      'SparkApp Etl: requiredPodAffinity[0].podLabels {} (added by MyFeature) must name at least one label (an empty selector matches every pod of the namespace); give the labels of the pods to be near, e.g. { "spark-role": "driver" }');
    expect(() => app.addRequiredPodAffinity(SparkPods.EXECUTORS, [{ podLabels: { a: 'b' }, topologyKey: '' }], 'MyFeature')).toThrow(/topologyKey/);
  });
});

describe('the library\'s other pods on node pools', () => {
  test('Celeborn masters and workers, the fill Job and the history server on pools', () => {
    const c = chart();
    const { core, shuffle } = pools(c);
    new CelebornCluster(c, 'Celeborn', { storageClassName: 'fast', placement: { masters: core, workers: shuffle } });
    new DependencyVolume(c, 'Deps', { storageClassName: 'rwx', downloads: [{ url: JAR, path: 'jars/hadoop-aws.jar' }], nodePool: core });
    history(c, 'History', 's3a://spark-logs/events', { nodePool: core });
    const m = synth(c);
    const sts = (n: string) => findOne(m, 'StatefulSet', n).spec.template.spec;
    expect(sts('celeborn-master').nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'core' });
    expect(sts('celeborn-master').tolerations).toBeUndefined();
    expect(sts('celeborn-worker').nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'shuffle' });
    expect(sts('celeborn-worker').tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'shuffle', effect: 'NoSchedule' }]);
    expect(Object.keys(sts('celeborn-worker').affinity)).toEqual(['podAntiAffinity']);
    expect(findOne(m, 'Job').spec.template.spec.nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'core' });
    expect(findOne(m, 'Deployment').spec.template.spec.nodeSelector).toEqual({ 'node-pool.cdk8s-spark.io/name': 'core' });
  });

  test('a Celeborn worker that does not fit a node of its pool is an error with the figures', () => {
    const c = chart();
    const { core } = pools(c);
    new CelebornCluster(c, 'Celeborn', { storageClassName: 'fast', workerOffHeapMemory: Size.gibibytes(16), placement: { workers: core } });
    expect(() => synth(c)).toThrow(
      'CelebornCluster Celeborn: worker placement {"nodeSelector":{"node-pool.cdk8s-spark.io/name":"core"}} puts the worker pod (2 CPU, 20276Mi memory, 1024Mi ephemeral storage) on NodePool core, and its memory does not fit one node (usable per node, allocatable minus DaemonSets: 3920m CPU, 15391Mi memory, 17408Mi ephemeral storage); make the pod smaller or use a larger node shape');
  });

  test('placement props that select no pool or miss its taints are errors for these pods too', () => {
    const c = chart();
    pools(c);
    history(c, 'History', 's3a://spark-logs/events', { nodeSelector: { pool: 'nowhere' } });
    expect(() => synth(c)).toThrow(
      'SparkHistoryServer History: history server placement {"nodeSelector":{"pool":"nowhere"}} matches no declared NodePool (declared: core, shuffle); select a pool\'s labels, or use nodePool: pool');
    const d = chart();
    pools(d);
    new DependencyVolume(d, 'Deps', { downloads: [{ url: JAR, path: 'jars/hadoop-aws.jar' }], nodePool: undefined });
    new CelebornCluster(d, 'Celeborn', { storageClassName: 'fast', nodeSelector: { 'node-pool.cdk8s-spark.io/name': 'shuffle' } });
    expect(() => synth(d)).toThrow(
      'CelebornCluster Celeborn: master placement {"nodeSelector":{"node-pool.cdk8s-spark.io/name":"shuffle"}} selects NodePool shuffle but does not tolerate its taints ["dedicated=shuffle:NoSchedule"]; add tolerations for them, or use placement: { masters: pool }, which adds them');
  });

  test('a nodeSelector that contradicts the pool is an error', () => {
    const c = chart();
    const { core } = pools(c);
    expect(() => history(c, 'History', 's3a://spark-logs/events', { nodePool: core, nodeSelector: { 'node-pool.cdk8s-spark.io/name': 'other' } })).toThrow(
      'SparkHistoryServer History: nodeSelector["node-pool.cdk8s-spark.io/name"] "other" conflicts with "core", the label of NodePool core given in nodePool; drop the label from nodeSelector (nodePool sets it), or use another pool');
  });

  test('the log agent tolerates its pools\' taints; a pool with apps it does not run on is a warning', () => {
    const c = chart();
    const { core, shuffle } = pools(c);
    const ns = new SparkNamespace(c, 'Team');
    new SparkApp(c, 'Etl', { ...APP, sparkNamespace: ns, executorMemory: Size.gibibytes(4), placement: { driver: core, executors: shuffle } });
    new SparkLogShipping(c, 'Logs', { sparkNamespaces: [ns], outputs: [LogOutput.stdout()], nodePools: [core] });
    const m = synth(c);
    expect(findOne(m, 'DaemonSet').spec.template.spec.tolerations).toBeUndefined();
    expect(SparkWarnings.of(c).filter(w => w.includes('[log-agent-not-on-pool]'))).toEqual([
      'test/Shuffle: the log agent of SparkLogShipping Logs does not tolerate its taints ["dedicated=shuffle:NoSchedule"], so it does not run on pool shuffle, where pods of etl run, and their logs are not shipped; add the pool to nodePools [log-agent-not-on-pool]',
    ]);
    const d = chart();
    const p = pools(d);
    const ns2 = new SparkNamespace(d, 'Team');
    new SparkApp(d, 'Etl', { ...APP, sparkNamespace: ns2, executorMemory: Size.gibibytes(4), placement: { driver: p.core, executors: p.shuffle } });
    new SparkLogShipping(d, 'Logs', { sparkNamespaces: [ns2], outputs: [LogOutput.stdout()], nodePools: [p.core, p.shuffle] });
    expect(findOne(synth(d), 'DaemonSet').spec.template.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'shuffle', effect: 'NoSchedule' }]);
    expect(SparkWarnings.of(d).filter(w => w.includes('[log-agent-not-on-pool]'))).toEqual([]);
  });
});
