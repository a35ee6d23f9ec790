// A feature and a namespace written outside the library, with nothing but its public exports:
// what a user does in their own cdk8s app (the same works from Python through jsii).
import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CpuCores, ISparkApp, ISparkDriverIdentity, ISparkFeature, ISparkNamespace, PodResources, SparkApp, SparkContainer, SparkDriverIdentity,
  SparkPods, SparkRole, SparkVersion, SparkVolume, SparkWarnings,
} from 'cdk8s-spark';

/** A log4j2 configuration in a ConfigMap, mounted into driver and executors and selected by a JVM option. */
class LogLevels implements ISparkFeature {
  public readonly featureName = 'LogLevels';
  constructor(private readonly levels: Record<string, string>) {}

  public bind(app: ISparkApp): void {
    const name = `${app.name}-log4j2`;
    const lines = ['rootLogger.level = warn', ...Object.entries(this.levels).map(([logger, level], i) =>
      `logger.l${i}.name = ${logger}\nlogger.l${i}.level = ${level}`)];
    new ApiObject(app, 'LogConfig', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: app.namespace },
      data: { 'log4j2.properties': lines.join('\n') + '\n' },
    });
    const volume = SparkVolume.configMap('log-config', name);
    app.addVolumeMount(SparkPods.ALL, { volume, path: '/etc/spark-logging' }, this.featureName);
    for (const role of ['driver', 'executor']) {
      app.addSparkConfListEntries(`spark.${role}.extraJavaOptions`, ['-Dlog4j2.configurationFile=/etc/spark-logging/log4j2.properties'], this.featureName);
    }
    app.addPodLabels(SparkPods.ALL, { 'logging.example.com/format': 'log4j2' }, this.featureName);
  }
}

/** A feature that reads the resource model: a label with the executor's memory. */
class MemoryLabel implements ISparkFeature {
  public readonly featureName = 'MemoryLabel';
  public bind(app: ISparkApp): void {
    app.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(100), this.featureName);
    app.addPodLabels(SparkPods.EXECUTORS, { 'example.com/memory-mib': `${app.resources().executor.memoryRequestMebibytes}` }, this.featureName);
  }
}

/** A tenant namespace of the user's own design. */
class MyNamespace extends Construct implements ISparkNamespace {
  public readonly namespaceName = 'team-x';
  public readonly podSecurityEnforce = 'restricted';
  public readonly tierNames = ['batch'];
  public readonly requiresCpuLimits = true;
  public readonly restrictsEgress = false;
  public readonly apiServerCidrs = ['0.0.0.0/0'];
  public readonly appFeatures: ISparkFeature[] = [];
  public readonly driverIdentity: ISparkDriverIdentity;
  public readonly apps: ISparkApp[] = [];
  public readonly workloads: string[] = [];
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.driverIdentity = new SparkDriverIdentity(this, 'Identity', { namespace: this.namespaceName });
  }
  public registerApp(app: ISparkApp, tier?: string): string | undefined {
    this.apps.push(app);
    return `x-${tier ?? 'batch'}`;
  }
  public registerWorkload(name: string, _pods: PodResources[]): void {
    this.workloads.push(name);
  }
  public allowMetricsScraping(): void {}
  public allowSparkEgressTo(): void {}
  public allowSparkEgressToPorts(): void {}
}

const base = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

function synth(chart: Chart) {
  return Testing.synth(chart);
}

describe('a feature written outside the library', () => {
  test('adds a ConfigMap, mounts, JVM options and labels to both pods', () => {
    const chart = Testing.chart();
    const app = new SparkApp(chart, 'Etl', {
      ...base,
      sparkConf: { 'spark.executor.extraJavaOptions': '-XX:+UseG1GC' },
      features: [new LogLevels({ 'com.example': 'debug' })],
    });
    const out = synth(chart);
    const cm = out.find(o => o.kind === 'ConfigMap');
    expect(cm.metadata.name).toBe('etl-log4j2');
    expect(cm.data['log4j2.properties']).toBe('rootLogger.level = warn\nlogger.l0.name = com.example\nlogger.l0.level = debug\n');
    const spec = out.find(o => o.kind === 'SparkApplication').spec;
    for (const role of ['driver', 'executor']) {
      const t = spec[role].template;
      expect(t.spec.containers[0].volumeMounts).toEqual([{ name: 'log-config', mountPath: '/etc/spark-logging', readOnly: true }]);
      expect(t.spec.volumes).toEqual([{ name: 'log-config', configMap: { name: 'etl-log4j2', defaultMode: 0o444 } }]);
      expect(t.metadata.labels['logging.example.com/format']).toBe('log4j2');
    }
    // joined with the user's own option, not reported as a conflict
    expect(spec.sparkConf['spark.executor.extraJavaOptions']).toBe('-XX:+UseG1GC -Dlog4j2.configurationFile=/etc/spark-logging/log4j2.properties');
    expect(spec.sparkConf['spark.driver.extraJavaOptions']).toBe('-Dlog4j2.configurationFile=/etc/spark-logging/log4j2.properties');
    expect(app.sparkConfSource('spark.executor.extraJavaOptions')).toBe('sparkConf, LogLevels');
    expect(app.features.map(f => f.featureName)).toEqual(['LogLevels']);
  });

  test('reads the resource model and adds memory headroom that the model reports', () => {
    const chart = Testing.chart();
    const app = new SparkApp(chart, 'Etl', { ...base, executorMemory: Size.gibibytes(4), features: [new MemoryLabel()] });
    expect(app.resources().executor.memoryRequestMebibytes).toBe(4096 + 409 + 100);
    const spec = synth(chart).find(o => o.kind === 'SparkApplication').spec;
    expect(spec.executor.memoryOverhead).toBe('509m');
    expect(spec.executor.template.metadata.labels['example.com/memory-mib']).toBe('4605');
  });

  test('a conflicting conf value from the feature and sparkConf names both', () => {
    class Bad implements ISparkFeature {
      public readonly featureName = 'Bad';
      public bind(app: ISparkApp) {
        app.addSparkConf('spark.sql.shuffle.partitions', '64', this.featureName);
      }
    }
    expect(() => new SparkApp(Testing.chart(), 'Etl', { ...base, sparkConf: { 'spark.sql.shuffle.partitions': '200' }, features: [new Bad()] }))
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] "64" (set by Bad) conflicts with "200" set by sparkConf; set it in one place'));
  });

  test('binding twice binds once', () => {
    const f = new LogLevels({});
    const app = new SparkApp(Testing.chart(), 'Etl', { ...base, features: [f] });
    app.addFeature(f);
    expect(app.features).toEqual([f]);
  });
});

describe('a namespace written outside the library', () => {
  test('places the app, gives it a priority class and CPU limits, and its identity', () => {
    const chart = Testing.chart();
    const ns = new MyNamespace(chart, 'Ns');
    const app = new SparkApp(chart, 'Etl', { ...base, sparkNamespace: ns });
    expect(ns.apps).toEqual([app]);
    expect(app.namespace).toBe('team-x');
    const spec = synth(chart).find(o => o.kind === 'SparkApplication').spec;
    expect(spec.driver.serviceAccount).toBe('spark-driver');
    expect(spec.driver.template.spec.priorityClassName).toBe('x-batch');
    expect(spec.executor.coreLimit).toBe('1');
  });
});

/** A feature that adds a container to the executors (`container` as a JavaScript caller may pass it). */
class AddsContainer implements ISparkFeature {
  public readonly featureName = 'VolumeOwner';
  constructor(private readonly container: unknown, private readonly kind: 'init' | 'sidecar' = 'init') {}
  public bind(app: ISparkApp): void {
    const c = this.container as SparkContainer;
    if (this.kind === 'init') app.addInitContainer(SparkPods.EXECUTORS, c, this.featureName);
    else app.addSidecar(SparkPods.EXECUTORS, c, this.featureName);
  }
}

const chown = (props: Record<string, unknown> = {}) => ({
  name: 'chown-data', image: 'busybox:1.36', command: ['chown', '-R', '185:185', '/data'], cpu: CpuCores.millis(100), memory: Size.mebibytes(32), ...props,
});

describe('a feature written in JavaScript', () => {
  test('gets the library\'s own error, naming the feature, for a wrong type', () => {
    expect(() => new SparkApp(Testing.chart(), 'Etl', { ...base, features: [new AddsContainer(chown({ memory: '32Mi' }))] }))
      .toThrow(new Error('SparkApp Etl: initContainer.memory "32Mi" (added by VolumeOwner) must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)'));
  });

  test('a container that needs root says so: its own root security context, and a warning outside a restricted namespace', () => {
    const chart = Testing.chart();
    const app = new SparkApp(chart, 'Etl', { ...base, features: [new AddsContainer(chown({ runAsRoot: true }))] });
    const init = synth(chart).find(o => o.kind === 'SparkApplication').spec.executor.template.spec.initContainers[0];
    expect(init.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false });
    expect(SparkWarnings.of(app)).toEqual([
      'test/Etl: initContainer "chown-data" (added by VolumeOwner) runs as root in the executor pods: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]',
    ]);
  });

  test('is rejected in a namespace of its own design that enforces restricted', () => {
    const chart = Testing.chart();
    const ns = new MyNamespace(chart, 'Ns');
    expect(() => new SparkApp(chart, 'Etl', { ...base, sparkNamespace: ns, features: [new AddsContainer(chown({ runAsRoot: true }))] })).toThrow(new Error(
      'SparkApp Etl: initContainer.runAsRoot true (container "chown-data", added by VolumeOwner) runs as root, which the restricted Pod Security Standard forbids, and namespace team-x enforces restricted (the executor pods would be rejected); let the container run as the pods\' non-root user (drop runAsRoot), or place the app in a namespace with podSecurity baseline'));
  });

  test('a sidecar counts in the pods the namespace sees', () => {
    const sidecar = new AddsContainer(chown({ name: 'logs', memory: Size.mebibytes(128) }), 'sidecar');
    const app = new SparkApp(Testing.chart(), 'Etl', { ...base, features: [sidecar] });
    expect(app.resources().executor).toMatchObject({
      memoryRequestMebibytes: 1024 + 384 + 128,
      otherContainersMemoryMebibytes: 128,
      cpuRequestMillis: 1100,
    });
  });
});
