import { Chart, Duration, Size, Testing } from 'cdk8s';
import { findAll, findOne, synth } from './util';
import {
  CelebornCluster, CpuCores, DependencyVolume, GangScheduler, PrometheusMonitoring, RestartPolicy, ShuffleStorage, SparkApp, SparkAppProps,
  SparkBackend, SparkEnvValue, SparkImage, SparkNamespace, SparkUiIngress, SparkVersion, SparkVolume, SparkWarnings,
} from '../src';
import {
  escapeForDoubleQuotes, modelContext, shellWord, stackableCores, stackableHeap, stackableSparkConf, stackableTemplateResources, unescapeDoubleQuoted,
} from '../src/backends/stackable/spark-application';
import { computePodResources, executorCounts } from '../src/core/model';
import { SparkRole } from '../src/core/resources';
import { ImagePullPolicy, SparkApplicationType } from '../src/core/types';

const IMAGE = SparkImage.stackable('3.5.5-stackable25.3.0');
const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  imagePreset: IMAGE,
  mainApplicationFile: 'local:///stackable/spark/examples/jars/spark-examples.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
  driverCoreLimit: CpuCores.of(1),
  executorCoreLimit: CpuCores.of(1),
};

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'etl' });
}

function app(c: Chart, props: Partial<SparkAppProps> = {}, id = 'Pi'): SparkApp {
  return new SparkApp(c, id, { ...BASE, backend: SparkBackend.stackable(), ...props });
}

/** A fully configured app: namespace with restricted egress, retries, pull secrets, env, arguments, packages, options. */
function full(): { chart: Chart; app: SparkApp; ns: SparkNamespace } {
  const c = chart();
  const ns = new SparkNamespace(c, 'Team', { name: 'team-a', apiServerCidrs: ['10.0.0.1/32'] });
  const a = new SparkApp(c, 'Report', {
    ...BASE,
    name: 'nightly-report',
    sparkNamespace: ns,
    backend: SparkBackend.stackable({ productVersion: '3.5.5', submitterCpu: 0.2, submitterCpuLimit: 0.5, submitterMemory: Size.mebibytes(768) }),
    restartPolicy: RestartPolicy.onFailure({ retries: 2 }),
    imagePullSecrets: ['regcred'],
    arguments: ['1000', '$(rm -rf /); echo "x"'],
    driverMemory: Size.gibibytes(2),
    driverCoreLimit: CpuCores.of(2),
    driverCores: 2,
    executorMemory: Size.gibibytes(4),
    executorCores: 2,
    executorCoreRequest: CpuCores.millis(1500),
    executorCoreLimit: CpuCores.of(2),
    executorInstances: 3,
    packages: ['org.postgresql:postgresql:42.7.4'],
    repositories: ['https://repo.example.com/maven2'],
    env: { MODE: SparkEnvValue.value('nightly') },
    driverJavaOptions: ['-XX:+UseG1GC'],
    sparkConf: { 'spark.sql.shuffle.partitions': '64', 'spark.custom.quote': 'a b;$HOME "c" `id` \\n' },
  });
  return { chart: c, app: a, ns };
}

/** The pods Spark creates from the conf the operator hands it, rebuilt from the rendered SparkApplication. */
function podsFromManifest(c: Chart, a: SparkApp) {
  const object = findOne(synth(c), 'SparkApplication');
  const conf = stackableSparkConf(object);
  const ctx = (role: 'driver' | 'executor') => ({
    ...modelContext(a.type, a.sparkVersion, undefined),
    templateResources: stackableTemplateResources(object.spec[role]),
  });
  return {
    conf,
    driver: computePodResources(SparkRole.DRIVER, conf, ctx('driver')),
    executor: computePodResources(SparkRole.EXECUTOR, conf, ctx('executor')),
    counts: executorCounts(conf),
  };
}

describe('SparkBackend.stackable', () => {
  test('defaults snapshot', () => {
    const c = chart();
    app(c);
    expect(synth(c)).toMatchSnapshot();
  });

  test('fully configured snapshot', () => {
    expect(synth(full().chart)).toMatchSnapshot();
  });

  test('a SparkApplication with the app\'s image, main file, escaped arguments and the library\'s pod templates as podOverrides', () => {
    const c = chart();
    app(c, { arguments: ['1000', 'x y', "it's"] });
    const out = synth(c);
    const spec = findOne(out, 'SparkApplication', 'pi').spec;
    expect(spec.mode).toBe('cluster');
    expect(spec.sparkImage).toEqual({ custom: 'oci.stackable.tech/sdp/spark-k8s:3.5.5-stackable25.3.0', productVersion: '3.5.5', pullPolicy: 'IfNotPresent' });
    expect(spec.mainApplicationFile).toBe(BASE.mainApplicationFile);
    expect(spec.mainClass).toBe('org.apache.spark.examples.SparkPi');
    expect(spec.args).toEqual(['1000', "'x y'", "'it'\\''s'"]);
    expect(spec.driver.podOverrides.spec.containers.map((x: any) => x.name)).toEqual(['spark']);
    expect(spec.executor.podOverrides.spec.containers.map((x: any) => x.name)).toEqual(['spark']);
    expect(spec.driver.podOverrides.metadata.labels['app.kubernetes.io/component']).toBe('spark-driver');
    expect(spec.executor.podOverrides.spec.automountServiceAccountToken).toBe(false);
    expect(spec.executor.replicas).toBe(2);
    // The operator creates the submit Job, its ServiceAccount and RoleBinding: none of them here.
    expect(findAll(out, 'Job')).toEqual([]);
    expect(findAll(out, 'ServiceAccount').map(s => s.metadata.name)).toEqual(['pi-driver']);
  });

  test('the conf of a fully configured app, exactly', () => {
    const { chart: c } = full();
    const spec = findOne(synth(c), 'SparkApplication').spec;
    expect(spec.sparkConf).toEqual({
      'spark.custom.quote': 'a b;\\$HOME \\"c\\" \\`id\\` \\\\n',
      'spark.driver.cores': '2',
      'spark.driver.extraJavaOptions': '-Djava.security.properties=/stackable/log_config/security.properties -XX:+UseG1GC',
      'spark.driver.memory': '2048m',
      'spark.executor.cores': '2',
      'spark.executor.memory': '4096m',
      'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark-driver',
      'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
      'spark.kubernetes.driver.limit.cores': '2',
      'spark.kubernetes.executor.limit.cores': '2',
      'spark.kubernetes.executor.request.cores': '1500m',
      'spark.kubernetes.memoryOverheadFactor': '0.1',
      'spark.sql.shuffle.partitions': '64',
    });
    expect(spec.deps).toEqual({ packages: ['org.postgresql:postgresql:42.7.4'], repositories: ['https://repo.example.com/maven2'] });
    expect(spec.args).toEqual(['1000', "'$(rm -rf /); echo \"x\"'"]);
    expect(spec.sparkImage.pullSecrets).toEqual([{ name: 'regcred' }]);
    expect(spec.job).toMatchObject({
      config: { resources: { cpu: { min: '200m', max: '500m' }, memory: { limit: '768Mi' } }, retryOnFailureCount: 2 },
      podOverrides: { metadata: { labels: { 'app.kubernetes.io/component': 'spark-submit' } } },
    });
    expect(spec.driver.config.resources).toEqual({ cpu: { min: '2', max: '2' }, memory: { limit: '2432Mi' } });
    expect(spec.executor.config.resources).toEqual({ cpu: { min: '1500m', max: '2' }, memory: { limit: '4505Mi' } });
  });

  test('every value reaches spark-submit as written: sparkConf escaped for the operator\'s double quotes', () => {
    const { chart: c, app: a } = full();
    const conf = podsFromManifest(c, a).conf;
    expect(conf.get('spark.custom.quote')).toBe('a b;$HOME "c" `id` \\n');
    for (const s of ['plain', 'a"b', '$HOME', '`x`', 'back\\slash', 'new\nline']) expect(unescapeDoubleQuoted(escapeForDoubleQuotes(s))).toBe(s);
    expect(shellWord('s3a://nyc-tlc/trip data/x.csv')).toBe("'s3a://nyc-tlc/trip data/x.csv'");
    expect(shellWord('--input')).toBe('--input');
    // Every entry of the app's final conf reaches Spark unchanged, except the operator's class
    // path and Java options kept in front of the app's.
    for (const k of a.sparkConfKeys()) {
      const expected = k === 'spark.driver.extraJavaOptions' ? `-Djava.security.properties=/stackable/log_config/security.properties ${a.sparkConfValue(k)}` : a.sparkConfValue(k);
      expect([k, conf.get(k)]).toEqual([k, expected]);
    }
    // What Spark receives beyond the app's final conf: the operator's fixed entries and this back-end's.
    const extra = [...conf.keys()].filter(k => !a.sparkConfKeys().includes(k)).sort();
    expect(extra).toEqual([
      'spark.app.name', 'spark.driver.defaultJavaOptions', 'spark.driver.extraClassPath', 'spark.executor.defaultJavaOptions', 'spark.executor.extraClassPath', 'spark.executor.extraJavaOptions',
      'spark.jars.ivy', 'spark.kubernetes.authenticate.driver.serviceAccountName', 'spark.kubernetes.container.image.pullPolicy',
      'spark.kubernetes.driver.container.image', 'spark.kubernetes.driver.podTemplateContainerName', 'spark.kubernetes.driver.podTemplateFile',
      'spark.kubernetes.driver.request.cores', 'spark.kubernetes.executor.container.image', 'spark.kubernetes.executor.podTemplateContainerName',
      'spark.kubernetes.executor.podTemplateFile', 'spark.kubernetes.memoryOverheadFactor', 'spark.kubernetes.namespace',
      'spark.metrics.conf.*.sink.prometheusServlet.class', 'spark.metrics.conf.*.sink.prometheusServlet.path', 'spark.sql.streaming.metricsEnabled',
      'spark.submit.deployMode', 'spark.ui.prometheus.enabled',
    ]);
    expect(conf.get('spark.kubernetes.authenticate.driver.serviceAccountName')).toBe('spark-driver');
    expect(conf.get('spark.jars.ivy')).toBe('/ivy2');
    expect(conf.get('spark.app.name')).toBe('nightly-report');
  });

  describe('the pods Spark creates from what the operator hands it equal resources()', () => {
    const cases: Array<[string, Partial<SparkAppProps>]> = [
      ['JVM app, defaults', {}],
      ['JVM app, overhead factor, fractional request and limit', {
        driverMemory: Size.gibibytes(3),
        executorMemory: Size.gibibytes(6),
        executorCores: 3,
        executorInstances: 5,
        memoryOverheadFactor: 0.2,
        driverCoreRequest: CpuCores.millis(500),
        driverCoreLimit: CpuCores.millis(1500),
        executorCoreRequest: CpuCores.millis(2500),
        executorCoreLimit: CpuCores.of(3),
      }],
      ['explicit overheads', { driverMemoryOverhead: Size.mebibytes(700), executorMemoryOverhead: Size.gibibytes(1) }],
      ['off-heap memory', { sparkConf: { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '1g' } }],
      ['Python app with PySpark memory', {
        type: SparkApplicationType.PYTHON,
        mainApplicationFile: 'local:///stackable/spark/examples/src/main/python/pi.py',
        mainClass: undefined,
        executorMemory: Size.gibibytes(2),
        sparkConf: { 'spark.executor.pyspark.memory': '512m' },
      }],
      ['Python app with a factor and off-heap', {
        type: SparkApplicationType.PYTHON,
        mainApplicationFile: 'local:///app/job.py',
        mainClass: undefined,
        memoryOverheadFactor: 0.25,
        sparkConf: { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '536870912', 'spark.executor.memoryOverheadFactor': '0.3' },
      }],
      ['R app', { type: SparkApplicationType.R, mainApplicationFile: 'local:///app/job.R', mainClass: undefined }],
      ['GPUs', {
        executorCores: 4,
        executorCoreLimit: CpuCores.of(4),
        sparkConf: {
          'spark.executor.resource.gpu.amount': '1',
          'spark.executor.resource.gpu.vendor': 'nvidia.com',
          'spark.executor.resource.gpu.discoveryScript': '/opt/getGpus.sh',
          'spark.task.resource.gpu.amount': '0.25',
        },
      }],
      ['dynamic allocation', { dynamicAllocation: { minExecutors: 1, maxExecutors: 8 } }],
      ['Spark 4.0 with a minimum overhead', {
        sparkVersion: SparkVersion.of('4.0.0'),
        imagePreset: SparkImage.stackable('4.0.0-stackable25.7.0'),
        mainApplicationFile: 'local:///app/job.jar',
        sparkConf: { 'spark.executor.minMemoryOverhead': '600m' },
      }],
      ['CPU limit from sparkConf', { executorCoreLimit: undefined, sparkConf: { 'spark.kubernetes.executor.limit.cores': '2' } }],
    ];
    test.each(cases)('%s', (_name, props) => {
      const c = chart();
      const a = app(c, props);
      const res = a.resources();
      const pods = podsFromManifest(c, a);
      expect(pods.driver).toEqual(res.driver);
      expect(pods.executor).toEqual(res.executor);
      expect(pods.counts.initial).toBe(res.initialExecutors);
      expect(pods.counts.max).toBe(res.maxExecutors);
    });

    test('a quota on limits.cpu gives the pods their CPU limits, so no limit props are needed', () => {
      const c = chart();
      const ns = new SparkNamespace(c, 'Team', { name: 'team-a', quota: { cpuLimits: CpuCores.of(100) } });
      const a = app(c, { sparkNamespace: ns, driverCoreLimit: undefined, executorCoreLimit: undefined, executorCores: 2 });
      const pods = podsFromManifest(c, a);
      expect(pods.driver).toEqual(a.resources().driver);
      expect(pods.executor).toEqual(a.resources().executor);
      expect(pods.executor.cpuLimitMillis).toBe(2000);
    });

    test('without limit props the CPU limits are the requests (the operator always sets cpu.max)', () => {
      const c = chart();
      const a = app(c, { driverCoreLimit: undefined, executorCoreLimit: undefined, executorCores: 2 });
      const pods = podsFromManifest(c, a);
      expect(pods.driver).toEqual(a.resources().driver);
      expect(pods.executor).toEqual(a.resources().executor);
      expect(a.resources().driver.cpuLimitMillis).toBe(1000);
      expect(pods.executor.cpuLimitMillis).toBe(2000);
    });

    test('without the explicit factor the operator\'s 0.0 would have shrunk the overhead to the floor', () => {
      const c = chart();
      const a = app(c, { executorMemory: Size.gibibytes(8) });
      const object = findOne(synth(c), 'SparkApplication');
      const { ['spark.kubernetes.memoryOverheadFactor']: _factor, ...rest } = object.spec.sparkConf;
      const conf = stackableSparkConf({ ...object, spec: { ...object.spec, sparkConf: rest } });
      const pod = computePodResources(SparkRole.EXECUTOR, conf, modelContext(a.type, a.sparkVersion, undefined));
      expect(pod.overheadMebibytes).toBe(384);
      expect(a.resources().executor.overheadMebibytes).toBe(819);
    });
  });

  test('the operator\'s own derivations (cores rounded up, heap from the memory limit)', () => {
    expect(stackableCores('1500m')).toBe('2');
    expect(stackableCores('250m')).toBe('1');
    expect(stackableCores('2')).toBe('2');
    expect(stackableCores('0.5')).toBe('1');
    expect(stackableHeap(true, '1Gi')).toBe('640m');
    expect(stackableHeap(false, '1Gi')).toBe('640m');
    expect(stackableHeap(true, '8Gi')).toBe('7447m');
    expect(stackableHeap(false, '8Gi')).toBe('5851m');
    expect(stackableHeap(true, '300Mi')).toBe('300m');
  });

  test('the operator\'s class path and Java options stay in front of the app\'s (a DependencyVolume\'s jars)', () => {
    const c = chart();
    const a = app(c, { executorJavaOptions: ['-Dx=1'] });
    const deps = new DependencyVolume(c, 'Deps', { size: Size.gibibytes(1), downloads: [{ url: 'https://repo1.maven.org/maven2/a/b/1/b-1.jar', path: 'jars/b-1.jar' }] });
    deps.mountInto(a);
    const conf = findOne(synth(c), 'SparkApplication').spec.sparkConf;
    expect(conf['spark.driver.extraClassPath']).toBe(`${a.sparkConfValue('spark.driver.extraClassPath')}:/stackable/spark/extra-jars/*`);
    expect(conf['spark.executor.extraClassPath']).toMatch(/:\/stackable\/spark\/extra-jars\/\*$/);
    expect(conf['spark.executor.extraJavaOptions']).toBe('-Djava.security.properties=/stackable/log_config/security.properties -Dx=1');
  });

  test('tenants: the submit pod counts in the namespace and may reach the API server; the driver runs as the namespace identity', () => {
    const { chart: c, ns } = full();
    const out = synth(c);
    const np = findOne(out, 'NetworkPolicy', 'nightly-report-submit-api-server');
    expect(np.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/component': 'spark-submit', 'app.kubernetes.io/instance': 'nightly-report' });
    expect(np.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }]);
    expect(ns.capacityReport().workloads['stackable-submit-nightly-report']).toMatchObject({ pods: 1, cpuRequestMillis: 200, memoryRequestMebibytes: 768 });
    const spec = findOne(out, 'SparkApplication', 'nightly-report').spec;
    expect(spec.sparkConf['spark.kubernetes.authenticate.driver.serviceAccountName']).toBe('spark-driver');
    expect(spec.driver.podOverrides.spec.serviceAccountName).toBe('spark-driver');
    expect(spec.executor.podOverrides.spec.serviceAccountName).toBe('spark-driver');
    expect(spec.job.podOverrides.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.job.podOverrides.spec.containers[0]).toMatchObject({ name: 'spark-submit', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } });
    const warnings = SparkWarnings.of(c);
    expect(warnings.some(w => w.includes('job.config.retryOnFailureCount 2): spark-submit waits for the driver'))).toBe(true);
    expect(warnings.some(w => w.includes('[stackable-driver-status]'))).toBe(false);
  });

  test('the driver keeps the operator\'s managed-by label, and the namespace\'s policies and the PodMonitor select it', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team', { name: 'team-a', apiServerCidrs: ['10.0.0.1/32'] });
    const monitoring = new PrometheusMonitoring(c, 'Mon', {});
    const a = app(c, { name: 'report', sparkNamespace: ns, monitoring });
    const out = synth(c);
    const spec = findOne(out, 'SparkApplication', 'report').spec;
    // The operator's driver controller follows managed-by=spark.stackable.tech_sparkapplication: podOverrides must not replace it.
    expect(spec.driver.podOverrides.metadata.labels['app.kubernetes.io/managed-by']).toBeUndefined();
    expect(spec.executor.podOverrides.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-spark');
    expect(a.podSelectorLabels).toEqual({ 'app.kubernetes.io/instance': 'report', 'app.kubernetes.io/name': 'spark' });
    const either = { key: 'app.kubernetes.io/managed-by', operator: 'In', values: ['cdk8s-spark', 'spark.stackable.tech_sparkapplication'] };
    expect(findOne(out, 'NetworkPolicy', 'allow-driver-api-server').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/component': 'spark-driver' }, matchExpressions: [either] });
    expect(findOne(out, 'NetworkPolicy', 'report-intra-app').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'report', 'app.kubernetes.io/name': 'spark' } });
    expect(findOne(out, 'PodMonitor').spec.selector.matchExpressions[0]).toEqual(either);
  });

  test('a Celeborn cluster serving a Stackable app admits its driver (the operator\'s managed-by); others keep the library\'s', () => {
    const c = chart();
    const shuffle = new SparkNamespace(c, 'Shuffle', { name: 'shuffle' });
    const served = new CelebornCluster(c, 'Served', { name: 'served', storageClassName: 'fast', sparkNamespace: shuffle });
    new CelebornCluster(c, 'Other', { name: 'other', storageClassName: 'fast', sparkNamespace: shuffle });
    app(c, { name: 'report', shuffleStorage: ShuffleStorage.celeborn(served) });
    const out = synth(c);
    const from = (name: string) => findOne(out, 'NetworkPolicy', `${name}-celeborn`).spec.ingress[1].from[0].podSelector;
    expect(from('served')).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'spark' },
      matchExpressions: [{ key: 'app.kubernetes.io/managed-by', operator: 'In', values: ['cdk8s-spark', 'spark.stackable.tech_sparkapplication'] }],
    });
    expect(from('other')).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'spark', 'app.kubernetes.io/managed-by': 'cdk8s-spark' } });
  });

  test('the pods\' annotations and a Volcano gang reach the pods through podOverrides', () => {
    const c = chart();
    app(c, { driverAnnotations: { 'example.com/team': 'a' }, gangScheduler: GangScheduler.volcano() });
    const out = synth(c);
    const spec = findOne(out, 'SparkApplication').spec;
    expect(spec.driver.podOverrides.metadata.annotations).toEqual({ 'example.com/team': 'a', 'scheduling.k8s.io/group-name': 'pi-podgroup' });
    expect(spec.executor.podOverrides.metadata.annotations).toEqual({ 'scheduling.k8s.io/group-name': 'pi-podgroup' });
    expect(spec.driver.podOverrides.spec.schedulerName).toBe('volcano');
    expect(findAll(out, 'PodGroup').map(p => p.metadata.name)).toEqual(['pi-podgroup']);
  });

  test('no API server NetworkPolicy when the namespace does not restrict egress', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team', { name: 'team-a', restrictEgress: false });
    app(c, { sparkNamespace: ns });
    expect(findAll(synth(c), 'NetworkPolicy').map(n => n.metadata.name)).not.toContain('pi-submit-api-server');
  });

  test('an image that is no Stackable spark-k8s image is a warning', () => {
    const c = chart();
    app(c, { imagePreset: undefined, image: 'apache/spark:3.5.5' });
    synth(c);
    expect(SparkWarnings.of(c).some(w => w.includes('[stackable-image]'))).toBe(true);
  });

  test('with waitAppCompletion false the retries only cover the submission (warning)', () => {
    const c = chart();
    app(c, { restartPolicy: RestartPolicy.onFailure({ retries: 1 }), sparkConf: { 'spark.kubernetes.submission.waitAppCompletion': 'false' } });
    synth(c);
    expect(SparkWarnings.of(c).some(w => w.includes('only a failed submission is retried, never a failed run'))).toBe(true);
  });

  test('the image pull policy reaches Spark, which writes it over the operator\'s template', () => {
    const c = chart();
    app(c, { imagePullPolicy: ImagePullPolicy.ALWAYS });
    const spec = findOne(synth(c), 'SparkApplication').spec;
    expect(spec.sparkImage.pullPolicy).toBe('Always');
    expect(spec.sparkConf['spark.kubernetes.container.image.pullPolicy']).toBe('Always');
  });

  describe('what the Stackable back-end cannot express is an error naming it and the prop', () => {
    const err = (props: Partial<SparkAppProps>) => () => synth((() => { const c = chart(); app(c, props); return c; })());
    const b = 'the Stackable spark-k8s-operator back-end';
    test.each<[string, Partial<SparkAppProps>, string]>([
      ['schedule', { schedule: { cron: '@daily' } },
        `SparkApp Pi: schedule {"cron":"@daily"} cannot be expressed by ${b}: the operator has no scheduled kind and submits each SparkApplication once; drop schedule (create the SparkApplication from your own CronJob), or use SparkBackend.kubeflow() or SparkBackend.sparkSubmit()`],
      ['sparkUi', { sparkUi: { servicePort: 8080 } },
        `SparkApp Pi: sparkUi {"servicePort":8080} cannot be expressed by ${b}: the operator makes no UI Service for applications (stackabletech/spark-k8s-operator#454), and spark-submit creates only the driver's headless Service; drop sparkUi (reach the UI with kubectl port-forward to the driver pod), or use SparkBackend.kubeflow()`],
      ['restartPolicy always', { restartPolicy: RestartPolicy.always() },
        `SparkApp Pi: restartPolicy "RestartPolicy.always()" cannot be expressed by ${b}: the operator submits an app once and never restarts it; only a failed submit Job is retried (job.config.retryOnFailureCount); use RestartPolicy.onFailure({ retries }), or SparkBackend.kubeflow()`],
      ['retries', { restartPolicy: RestartPolicy.onFailure({ retries: 70000 }) },
        `SparkApp Pi: restartPolicy.retries 70000 is more than ${b} can hold (job.config.retryOnFailureCount is a 16-bit count); use at most 65535`],
      ['timeToLive', { timeToLive: Duration.hours(1) },
        `SparkApp Pi: timeToLive 60 minutes cannot be expressed by ${b}: the SparkApplication has no time to live (the operator removes only its submit Job, 600 s after it finished); drop timeToLive and delete finished SparkApplications yourself, or use SparkBackend.kubeflow()`],
      ['application templates', { applicationAnnotations: { 'spark-application.template.merge': 'true' } },
        `SparkApp Pi: applicationAnnotations["spark-application.template.merge"] "true" cannot be expressed by ${b}: the operator would merge SparkApplicationTemplates into the app when it is created, which can change its conf, resources and containers behind the library's resource model; drop the template annotations and give the settings as the app's props (or share them in code)`],
      ['mainApplicationFile', { mainApplicationFile: 's3a://bucket/my job.jar' },
        `SparkApp Pi: mainApplicationFile "s3a://bucket/my job.jar" cannot be expressed by ${b}: the operator writes it unquoted into the bash command that runs spark-submit, where spaces and shell characters would change it; use a path or URI of letters, digits and . / : @ % + = , ~ - only (URL-encode other characters, e.g. %20 for a space)`],
      ['package', { packages: ['org.example:a$b:1.0'] },
        `Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: sparkConf["spark.jars.packages"] "org.example:a$b:1.0" cannot be expressed by ${b}: the entry "org.example:a$b:1.0" goes into deps.packages, which the operator writes unquoted into the bash command that runs spark-submit; use entries of letters, digits and . / : @ % + = , ~ - only (URL-encode other characters)`],
      ['podTemplateFile', { sparkConf: { 'spark.kubernetes.driver.podTemplateFile': '/tmp/t.yaml' } },
        'SparkApp Pi: sparkConf["spark.kubernetes.driver.podTemplateFile"] "/tmp/t.yaml" is set by the Stackable operator when it submits the app: it passes the driver pod template it builds, with this library\'s merged in (podOverrides); this value would replace both; describe the pods with the app\'s props (volumes, env, tolerations, ...) or addSidecar / addInitContainer'],
      ['pullPolicy', { sparkConf: { 'spark.kubernetes.container.image.pullPolicy': 'Never' } },
        'SparkApp Pi: sparkConf["spark.kubernetes.container.image.pullPolicy"] "Never" is set by the Stackable operator when it submits the app: the back-end passes the imagePullPolicy prop (sparkImage.pullPolicy); use the imagePullPolicy prop'],
      ['volume name', { driverVolumeMounts: [{ volume: SparkVolume.emptyDir('log'), path: '/data' }] },
        `Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: volume "log" cannot be expressed by ${b}: the operator's driver pod template has a volume of that name (it reserves config, ivy2, job-files, log, log-config, req-files, stackable-truststore), and podOverrides would merge the two into one; give the volume another name`],
      ['kueue', { gangScheduler: GangScheduler.kueue({ queueName: 'batch' }) },
        `Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: gangScheduler "GangScheduler kueue" cannot be expressed by ${b}: Kueue has no integration for the Stackable SparkApplication, and would admit the submit Job's one pod, not the driver and executors spark-submit starts; use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()`],
      ['SparkUiIngress', { features: [new SparkUiIngress({ host: 'spark.example.com' })] },
        `Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: features "SparkUiIngress" cannot be expressed by ${b}: the Ingress points at the UI Service <app>-ui-svc, which only the kubeflow spark-operator creates (the Stackable operator makes none for applications, stackabletech/spark-k8s-operator#454); drop the SparkUiIngress, or use SparkBackend.kubeflow()`],
    ])('%s', (_name, props, message) => {
      let thrown: Error | undefined;
      try {
        err(props)();
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown?.message).toBe(message);
    });

    test.each<[string, () => unknown, string]>([
      ['empty productVersion', () => SparkBackend.stackable({ productVersion: '' }),
        'SparkBackend.stackable: productVersion "" must not be empty; give a value'],
      ['cpu not a number', () => SparkBackend.stackable({ submitterCpu: '1' as any }),
        'SparkBackend.stackable: submitterCpu "1" must be a number; got a string'],
      ['cpu zero', () => SparkBackend.stackable({ submitterCpu: 0 }),
        'SparkBackend.stackable: submitterCpu 0 must be at least 0.001; use 0.001 or more'],
      ['limit below request', () => SparkBackend.stackable({ submitterCpu: 0.5, submitterCpuLimit: 0.2 }),
        'SparkBackend.stackable: submitterCpuLimit 0.2 is below the CPU request 0.5 (submitterCpu); use at least 0.5'],
      ['small memory', () => SparkBackend.stackable({ submitterMemory: Size.mebibytes(128) }),
        'SparkBackend.stackable: submitterMemory 128Mi must be at least 256 MiB (spark-submit is a JVM); use Size.mebibytes(512)'],
    ])('%s', (_name, build, message) => {
      expect(build).toThrow(message);
    });
  });
});
