import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { findOne, synth } from './util';
import {
  CpuCores, GpuAcceleration, SparkApp, SparkAppProps, SparkApplicationType, SparkBackend, SparkNamespace, SparkRole, SparkVersion,
} from '../src';
import { apachePodResources } from '../src/backends/apache/spark-application';
import { kubeflowSubmissionConf } from '../src/backends/kubeflow/submission-conf';
import { modelContext, stackableSparkConf, stackableTemplateResources } from '../src/backends/stackable/spark-application';
import { computePodResources, executorCounts } from '../src/core/model';

// Every back-end must give the pods the resource model computes. For each back-end the conf Spark
// will receive is rebuilt from the rendered output alone, the way that back-end hands it to Spark
// (the kubeflow operator's spark-submit arguments, the submitter Job's argv, ...), and fed through
// the model with the rendered pod templates; the result must equal app.resources().

const JVM: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};
/** The same JVM app on Spark 4 (the Apache operator runs Spark 4.0 and above). */
const JVM4 = {
  sparkVersion: SparkVersion.of('4.0.1'),
  image: 'apache/spark:4.0.1',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.13-4.0.1.jar',
};
const PY: SparkAppProps = {
  sparkVersion: SparkVersion.of('4.0.1'),
  image: 'apache/spark:4.0.1-python3',
  mainApplicationFile: 'local:///opt/spark/examples/src/main/python/pi.py',
};

/** Configurations that exercise every input of the pod math. */
const CASES: Array<[string, SparkAppProps, (app: SparkApp) => void]> = [
  ['defaults (JVM)', JVM, () => undefined],
  ['explicit overheads, cores, CPU request and limit', {
    ...JVM,
    driverCores: 2,
    driverMemory: Size.gibibytes(3),
    driverMemoryOverhead: Size.mebibytes(700),
    executorCores: 4,
    executorCoreRequest: CpuCores.millis(3500),
    executorCoreLimit: CpuCores.of(4),
    executorMemory: Size.gibibytes(8),
    executorMemoryOverhead: Size.gibibytes(1),
    executorInstances: 6,
  }, () => undefined],
  ['overhead factor, off-heap memory', {
    ...JVM,
    memoryOverheadFactor: 0.25,
    executorMemory: Size.gibibytes(6),
    sparkConf: { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2g' },
  }, () => undefined],
  ['Python: factor 0.4, PySpark memory, dynamic allocation', {
    ...PY,
    executorMemory: Size.gibibytes(4),
    sparkConf: { 'spark.executor.pyspark.memory': '1g' },
    dynamicAllocation: { minExecutors: 2, maxExecutors: 12, shuffleTrackingTimeout: Duration.minutes(5) },
  }, () => undefined],
  ['Spark 4.0 minimum overhead, role factors from sparkConf', {
    ...PY,
    type: SparkApplicationType.PYTHON,
    sparkConf: { 'spark.driver.minMemoryOverhead': '512m', 'spark.executor.memoryOverheadFactor': '0.2' },
  }, () => undefined],
  ['GPUs and a namespace that requires CPU limits', {
    ...JVM, executorCores: 4, executorMemory: Size.gibibytes(16),
  }, app => app.addFeature(new GpuAcceleration({ gpusPerExecutor: 1 }))],
];

function apps(backend: SparkBackend): Array<[string, Chart, SparkApp]> {
  return CASES.map(([name, props, extra], i) => {
    const chart = new Chart(Testing.app(), `c${i}`, { namespace: 'etl' });
    const ns = name.startsWith('GPUs')
      ? new SparkNamespace(chart, 'Ns', { name: 'etl', quota: { cpuLimits: CpuCores.of(400), cpuRequests: CpuCores.of(400), memoryRequests: Size.gibibytes(2000) } })
      : undefined;
    const spark4 = backend.name === 'apache' && !props.sparkVersion.isAtLeast('4.0.0') ? JVM4 : {};
    const app = new SparkApp(chart, 'App', { ...props, ...spark4, backend, sparkNamespace: ns });
    extra(app);
    return [name, chart, app];
  });
}

/** The pods the model computes from a conf and the rendered templates' Spark containers. */
function podsFrom(conf: ReadonlyMap<string, string>, app: SparkApp, templates: Record<'driver' | 'executor', any>) {
  const nonJvm = app.type === SparkApplicationType.PYTHON || app.type === SparkApplicationType.R;
  const ctx = (t: any) => ({
    nonJvm,
    python: app.type === SparkApplicationType.PYTHON,
    version: app.sparkVersion,
    templateResources: t.spec.containers[0].resources,
  });
  const counts = executorCounts(conf);
  return {
    driver: computePodResources(SparkRole.DRIVER, conf, ctx(templates.driver)),
    executor: computePodResources(SparkRole.EXECUTOR, conf, ctx(templates.executor)),
    initialExecutors: counts.initial,
    maxExecutors: counts.max,
  };
}

function expectSamePods(app: SparkApp, pods: ReturnType<typeof podsFrom>) {
  const r = app.resources();
  expect(pods).toEqual({ driver: r.driver, executor: r.executor, initialExecutors: r.initialExecutors, maxExecutors: r.maxExecutors });
}

/** Per back-end: the pods rebuilt from the synthesized objects alone, as that back-end hands the app to Spark. */
const FROM_OUTPUT: Record<string, (out: any[], app: SparkApp) => ReturnType<typeof podsFrom>> = {
  'kubeflow': (out, app) => {
    const sa = findOne(out, 'SparkApplication');
    return podsFrom(kubeflowSubmissionConf(sa), app, { driver: sa.spec.driver.template, executor: sa.spec.executor.template });
  },
  'apache': out => {
    const r = apachePodResources(findOne(out, 'SparkApplication'));
    return { driver: r.driver, executor: r.executor, initialExecutors: r.initialExecutors, maxExecutors: r.maxExecutors };
  },
  'stackable': (out, app) => {
    const object = findOne(out, 'SparkApplication');
    const conf = stackableSparkConf(object);
    const ctx = (role: 'driver' | 'executor') => ({ ...modelContext(app.type, app.sparkVersion, undefined), templateResources: stackableTemplateResources(object.spec[role]) });
    const counts = executorCounts(conf);
    return {
      driver: computePodResources(SparkRole.DRIVER, conf, ctx('driver')),
      executor: computePodResources(SparkRole.EXECUTOR, conf, ctx('executor')),
      initialExecutors: counts.initial,
      maxExecutors: counts.max,
    };
  },
  'spark-submit': (out, app) => {
    const job = findOne(out, 'Job');
    const args: string[] = job.spec.template.spec.containers[0].args;
    const conf = new Map<string, string>();
    args.forEach((a, i) => {
      if (args[i - 1] === '--conf') conf.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    });
    const templates = findOne(out, 'ConfigMap', `${app.name}-pod-templates`).data;
    return podsFrom(conf, app, { driver: JSON.parse(templates['driver.yaml']), executor: JSON.parse(templates['executor.yaml']) });
  },
};
const BACKENDS: Array<[string, () => SparkBackend, string]> = [
  ['kubeflow', () => SparkBackend.kubeflow(), 'kubeflow'],
  ['apache', () => SparkBackend.apacheOperator(), 'apache-operator'],
  ['stackable', () => SparkBackend.stackable(), 'stackable'],
  ['spark-submit', () => SparkBackend.sparkSubmit(), 'spark-submit'],
];

describe('every back-end gives the pods the resource model computes', () => {
  for (const [name, backend] of BACKENDS) {
    test.each(apps(backend()).map(([n, c, a]) => [n, c, a] as const))(`${name}: %s`, (_case, chart, app) => {
      expectSamePods(app, FROM_OUTPUT[name](synth(chart), app));
    });
  }

  test('the same-app examples: one app, the same pods under every back-end', () => {
    const examples = path.join(__dirname, '..', 'examples');
    const pods = BACKENDS.map(([name, , folder]) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const built: App = require(path.join(examples, `same-app-${folder}`, 'main.ts')).build(fs.mkdtempSync(path.join(os.tmpdir(), 'same-app-')));
      const app = built.node.findAll().find((c): c is SparkApp => c instanceof SparkApp)!;
      expect(app.backend.name).toBe(name);
      const out = built.charts.flatMap(c => c.toJson());
      const rebuilt = FROM_OUTPUT[name](out, app);
      expectSamePods(app, rebuilt);
      return rebuilt;
    });
    for (const p of pods.slice(1)) expect(p).toEqual(pods[0]);
  });

  test('the typed fields win over sparkConf in the kubeflow operator\'s order', () => {
    const conf = kubeflowSubmissionConf({
      metadata: { name: 'a', namespace: 'n' },
      spec: { sparkConf: { 'spark.executor.memory': '1g' }, executor: { memory: '4g', instances: 2 }, dynamicAllocation: { enabled: true, maxExecutors: 4 } },
    });
    expect(conf.get('spark.executor.memory')).toBe('4g');
    expect(conf.get('spark.dynamicAllocation.shuffleTracking.enabled')).toBe('true');
    expect(conf.get('spark.kubernetes.driver.pod.name')).toBe('a-driver');
  });
});
