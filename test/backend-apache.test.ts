import { Chart, Duration, Size, Testing } from 'cdk8s';
import { findAll, findOne, synth } from './util';
import {
  CpuCores, GangScheduler, GpuAcceleration, ImagePullPolicy, RestartPolicy, SparkApp, SparkAppProps, SparkApplicationType, SparkBackend,
  SparkEnvValue, SparkNamespace, SparkRole, SparkUiIngress, SparkVersion, SparkWarnings, UiServiceType,
} from '../src';
import {
  apachePodResources, apacheRestartConfig, apacheSparkAppId, apacheSparkConf, UNLIMITED_RESTARTS,
} from '../src/backends/apache/spark-application';

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('4.0.1'),
  image: 'apache/spark:4.0.1',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.13-4.0.1.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};
const PY: SparkAppProps = {
  sparkVersion: SparkVersion.of('4.1.1'),
  image: 'apache/spark:4.1.1-python3',
  mainApplicationFile: 'local:///opt/spark/examples/src/main/python/pi.py',
  mainClass: undefined,
};

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'etl' });
}

function app(c: Chart, props: Partial<SparkAppProps> = {}, id = 'Pi'): SparkApp {
  return new SparkApp(c, id, { ...BASE, backend: SparkBackend.apacheOperator(), ...props });
}

/** A fully configured app: options, retries, retention, UI, gang scheduling, namespace, pull secrets, deps, env. */
function full(): { chart: Chart; app: SparkApp; ns: SparkNamespace } {
  const c = chart();
  const ns = new SparkNamespace(c, 'Team', { name: 'team-a', apiServerCidrs: ['10.0.0.1/32'] });
  const a = new SparkApp(c, 'Orders', {
    ...BASE,
    name: 'orders-daily',
    sparkNamespace: ns,
    backend: SparkBackend.apacheOperator({
      driverStartTimeout: Duration.minutes(15), driverReadyTimeout: Duration.minutes(2), retainFailedRun: Duration.hours(6),
    }),
    restartPolicy: RestartPolicy.onFailure({
      retries: 2, retryInterval: Duration.minutes(1), submissionRetries: 1, submissionRetryInterval: Duration.seconds(30),
    }),
    timeToLive: Duration.hours(12),
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    imagePullSecrets: ['regcred', 'mirror'],
    arguments: ['1000', '$(rm -rf /); echo "x"'],
    jars: ['local:///opt/spark/jars/extra/postgresql-42.7.4.jar'],
    files: ['s3a://config/orders.conf'],
    driverMemory: Size.gibibytes(2),
    executorMemory: Size.gibibytes(4),
    executorInstances: 3,
    env: { MODE: SparkEnvValue.value('daily') },
    hadoopConf: { 'fs.s3a.endpoint': 'https://s3.example' },
    sparkConf: { 'spark.sql.shuffle.partitions': '64', 'spark.custom.quote': 'a b;$HOME "c"' },
    sparkUi: { servicePort: 80, serviceLabels: { team: 'a' }, serviceAnnotations: { note: 'ui' } },
    features: [new SparkUiIngress({ host: 'spark.example.com' })],
    gangScheduler: GangScheduler.volcano({ queue: 'batch' }),
    applicationLabels: { cost: 'orders' },
  });
  return { chart: c, app: a, ns };
}

describe('SparkBackend.apacheOperator', () => {
  test('defaults snapshot', () => {
    const c = chart();
    app(c);
    expect(synth(c)).toMatchSnapshot();
  });

  test('fully configured snapshot', () => {
    expect(synth(full().chart)).toMatchSnapshot();
  });

  test('a spark.apache.org/v1 SparkApplication with the main jar, class, arguments and runtime versions', () => {
    const c = chart();
    app(c, { arguments: ['x y', '$(id)'] });
    const out = synth(c);
    const sa = findOne(out, 'SparkApplication', 'pi');
    expect(sa.apiVersion).toBe('spark.apache.org/v1');
    expect(sa.spec).toMatchObject({
      mainClass: 'org.apache.spark.examples.SparkPi',
      jars: BASE.mainApplicationFile,
      driverArgs: ['x y', '$(id)'],
      runtimeVersions: { sparkVersion: '4.0.1', scalaVersion: '2.13' },
      deploymentMode: 'ClusterMode',
      applicationTolerations: {
        restartConfig: { restartPolicy: 'Never' },
        applicationTimeoutConfig: { driverStartTimeoutMillis: 300000, driverReadyTimeoutMillis: 300000 },
        resourceRetainPolicy: 'Never',
      },
    });
    expect(sa.spec.pyFiles).toBeUndefined();
    expect(sa.spec.applicationTolerations.ttlAfterStopMillis).toBeUndefined();
    // The driver identity is the app's own, as under every back-end; no Job, no submitter pod.
    expect(findOne(out, 'ServiceAccount', 'pi-driver')).toBeDefined();
    expect(findOne(out, 'Role', 'pi-driver')).toBeDefined();
    expect(findAll(out, 'Job')).toEqual([]);
    expect(sa.spec.driverSpec.podTemplateSpec.spec.containers[0].name).toBe('spark-kubernetes-driver');
    expect(sa.spec.executorSpec.podTemplateSpec.spec.containers[0].name).toBe('spark-kubernetes-executor');
  });

  test('the sparkConf of a fully configured app (exact)', () => {
    const sa = findOne(synth(full().chart), 'SparkApplication');
    expect(sa.spec.sparkConf).toEqual(FULL_SPARK_CONF);
    expect(sa.spec.jars).toBe(BASE.mainApplicationFile);
    expect(sa.spec.driverArgs).toEqual(['1000', '$(rm -rf /); echo "x"']);
    expect(sa.spec.applicationTolerations).toEqual({
      restartConfig: {
        restartPolicy: 'OnFailure',
        maxRestartAttempts: 2,
        restartBackoffMillis: 60000,
        maxRestartOnSchedulingFailure: 1,
        restartBackoffMillisForSchedulingFailure: 30000,
      },
      applicationTimeoutConfig: { driverStartTimeoutMillis: 900000, driverReadyTimeoutMillis: 120000 },
      resourceRetainPolicy: 'OnFailure',
      resourceRetainDurationMillis: 21600000,
      ttlAfterStopMillis: 43200000,
    });
    expect(sa.metadata.labels.cost).toBe('orders');
  });

  test('the conf Spark receives from the operator, rebuilt from the rendered object (exact)', () => {
    const sa = findOne(synth(full().chart), 'SparkApplication');
    const s = apacheSparkConf(sa);
    expect(s.resourceType).toBe('java');
    expect(s.primaryResource).toBe(BASE.mainApplicationFile);
    expect(s.appId).toBe('orders-daily-0');
    expect(Object.fromEntries([...s.conf.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual({
      ...FULL_SPARK_CONF,
      'spark.app.id': 'orders-daily-0',
      'spark.authenticate': 'true',
      'spark.io.encryption.enabled': 'true',
      'spark.kubernetes.driver.annotateExitException': 'true',
      'spark.kubernetes.driver.label.spark.operator/name': 'spark-kubernetes-operator',
      'spark.kubernetes.driver.label.spark.operator/spark-app-name': 'orders-daily',
      'spark.kubernetes.driver.podTemplateFile': '/tmp/<uid>-driver-<random>.json',
      'spark.kubernetes.driver.service.label.spark.operator/name': 'spark-kubernetes-operator',
      'spark.kubernetes.driver.service.label.spark.operator/spark-app-name': 'orders-daily',
      'spark.kubernetes.executor.label.spark.operator/name': 'spark-kubernetes-operator',
      'spark.kubernetes.executor.label.spark.operator/spark-app-name': 'orders-daily',
      'spark.kubernetes.executor.podTemplateFile': '/tmp/<uid>-executor-<random>.json',
      'spark.kubernetes.executor.useDriverPodIP': 'true',
      'spark.kubernetes.namespace': 'team-a',
      'spark.master': 'k8s://https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT',
      // with a restart policy the operator leaves deleteOnTermination to Spark (true)
    });
  });

  test('without restarts and dynamic allocation the operator lets Kubernetes delete the executors with the driver', () => {
    const c = chart();
    app(c);
    const conf = apacheSparkConf(findOne(synth(c), 'SparkApplication')).conf;
    expect(conf.get('spark.kubernetes.executor.deleteOnTermination')).toBe('false');
    expect(conf.get('spark.jars')).toBe(BASE.mainApplicationFile);
    const d = chart();
    app(d, { dynamicAllocation: { maxExecutors: 4, shuffleTrackingTimeout: Duration.minutes(5) } });
    expect(apacheSparkConf(findOne(synth(d), 'SparkApplication')).conf.has('spark.kubernetes.executor.deleteOnTermination')).toBe(false);
  });

  test('Python: the main file in pyFiles (a NonJVMResource), extra jars and py files in sparkConf', () => {
    const c = chart();
    app(c, { ...PY, pyFiles: ['local:///opt/app/lib.zip'], jars: ['local:///opt/app/jars/udf.jar'] });
    const sa = findOne(synth(c), 'SparkApplication');
    expect(sa.spec.pyFiles).toBe(PY.mainApplicationFile);
    expect(sa.spec.jars).toBeUndefined();
    expect(sa.spec.mainClass).toBeUndefined();
    expect(sa.spec.sparkConf['spark.submit.pyFiles']).toBe('local:///opt/app/lib.zip');
    expect(sa.spec.sparkConf['spark.jars']).toBe('local:///opt/app/jars/udf.jar');
    const s = apacheSparkConf(sa);
    expect(s.resourceType).toBe('python');
    expect(s.primaryResource).toBe(PY.mainApplicationFile);
    expect(s.conf.get('spark.submit.pyFiles')).toBe('local:///opt/app/lib.zip');
  });

  test('how the operator picks the main resource: jars, then PythonRunner, then pyFiles, then sparkRFiles', () => {
    const spec = (s: any) => ({ metadata: { name: 'a', namespace: 'n' }, spec: { runtimeVersions: { sparkVersion: '4.0.1' }, sparkConf: {}, ...s } }) as any;
    expect(apacheSparkConf(spec({ jars: 'a.jar', pyFiles: 'b.py' })).resourceType).toBe('java');
    const runner = apacheSparkConf(spec({ mainClass: 'org.apache.spark.deploy.PythonRunner', pyFiles: 'main.py,dep.py' }));
    expect([runner.resourceType, runner.primaryResource, runner.conf.get('spark.submit.pyFiles')]).toEqual(['python', 'main.py', 'dep.py']);
    const r = apacheSparkConf(spec({ sparkRFiles: 'main.R' }));
    expect([r.resourceType, r.primaryResource]).toEqual(['r', 'main.R']);
    const image = apacheSparkConf(spec({ sparkConf: { 'spark.kubernetes.container.image': 'apache/spark:{{SPARK_VERSION}}-scala', 'spark.app.name': 'x' } }));
    expect(image.conf.get('spark.kubernetes.container.image')).toBe('apache/spark:4.0.1-scala');
    expect(image.conf.get('spark.app.name')).toBe('a');
  });

  test('R: the main file in sparkRFiles', () => {
    const c = chart();
    app(c, { mainApplicationFile: 'local:///opt/app/report.R', mainClass: undefined });
    const sa = findOne(synth(c), 'SparkApplication');
    expect(sa.spec.sparkRFiles).toBe('local:///opt/app/report.R');
    expect(sa.spec.jars).toBeUndefined();
    expect(apacheSparkConf(sa).resourceType).toBe('r');
  });

  test('the app id: <name>-<attempt>, hashed above 46 characters as the operator hashes it', () => {
    expect(apacheSparkAppId('pi', 'etl')).toBe('pi-0');
    expect(apacheSparkAppId('pi', 'etl', 3)).toBe('pi-3');
    const long = 'a-very-long-application-name-for-the-nightly-run';
    const id = apacheSparkAppId(long, 'etl');
    expect(id).toHaveLength(46);
    expect(id.startsWith('a-very-lo-')).toBe(true);
    expect(id).toMatch(/^a-very-lo-[0-9a-z]{36}$/);
    expect(apacheSparkAppId(long, 'other')).not.toBe(id);
    expect(apacheSparkAppId(long, 'etl')).toBe(id);
    // Values computed by the operator's Java code (generateSparkAppId, copied into a JDK 21 program)
    expect(id).toBe('a-very-lo-1v9b9sw00q10xsue2ws0kjbwxifu14if075z');
    expect(apacheSparkAppId(long, 'etl', 7)).toBe('a-very-lo-4hcjbi3pyytv9djwpfgnmeqw4aoier1lfbss');
    expect(apacheSparkAppId('x'.repeat(45), 'team-a')).toBe('xxxxxxxxx-kd5jaghf93aar5gl29eu8df3s4s4z53vzbs2');
    // 44 characters + "-0" = 46 stays as it is
    expect(apacheSparkAppId('x'.repeat(44), 'etl')).toBe(`${'x'.repeat(44)}-0`);
  });

  test('restart policies: never, onFailure (bounded), always (no limit)', () => {
    expect(apacheRestartConfig(undefined)).toEqual({ restartPolicy: 'Never' });
    expect(apacheRestartConfig(RestartPolicy.never())).toEqual({ restartPolicy: 'Never' });
    expect(apacheRestartConfig(RestartPolicy.onFailure())).toEqual({
      restartPolicy: 'OnFailure', maxRestartAttempts: 3, restartBackoffMillis: 10000, maxRestartOnSchedulingFailure: 3, restartBackoffMillisForSchedulingFailure: 20000,
    });
    expect(apacheRestartConfig(RestartPolicy.always({ retryInterval: Duration.seconds(30) }))).toEqual({
      restartPolicy: 'Always', maxRestartAttempts: UNLIMITED_RESTARTS, restartBackoffMillis: 30000, maxRestartOnSchedulingFailure: 3, restartBackoffMillisForSchedulingFailure: 20000,
    });
    const c = chart();
    app(c, { restartPolicy: RestartPolicy.onFailure({ retries: 1 }) });
    synth(c);
    expect(SparkWarnings.of(c).some(w => w.includes('[apache-restart-counters]') && w.includes('retries (1)'))).toBe(true);
  });

  test('sparkUi: the back-end defines the UI Service <app>-ui-svc selecting the driver pod', () => {
    const { chart: c } = full();
    const out = synth(c);
    const svc = findOne(out, 'Service', 'orders-daily-ui-svc');
    expect(svc.metadata.labels).toMatchObject({ 'team': 'a', 'app.kubernetes.io/component': 'ui-service' });
    expect(svc.metadata.annotations).toEqual({ note: 'ui' });
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/instance': 'orders-daily', 'app.kubernetes.io/managed-by': 'cdk8s-spark', 'spark-role': 'driver' },
      ports: [{ name: 'spark-driver-ui-port', port: 80, targetPort: 4040, protocol: 'TCP' }],
    });
    expect(findOne(out, 'Ingress', 'orders-daily-ui').spec.rules[0].http.paths[0].backend.service.name).toBe('orders-daily-ui-svc');
    const d = chart();
    app(d, { features: [new SparkUiIngress({ host: 'spark.example.com' })] });
    expect(findOne(synth(d), 'Service', 'pi-ui-svc').spec.type).toBe(UiServiceType.CLUSTER_IP);
    const e = chart();
    app(e);
    expect(findAll(synth(e), 'Service')).toEqual([]);
  });

  test('the namespace gets no extra pod, and Volcano gangs come from the pod templates', () => {
    const { chart: c, app: a, ns } = full();
    const out = synth(c);
    expect(Object.keys(ns.capacityReport().workloads)).toEqual([]);
    const sa = findOne(out, 'SparkApplication');
    expect(sa.spec.driverSpec.podTemplateSpec.spec.schedulerName).toBe('volcano');
    expect(sa.spec.executorSpec.podTemplateSpec.metadata.annotations['scheduling.k8s.io/group-name']).toBe('orders-daily-podgroup');
    expect(findOne(out, 'PodGroup', 'orders-daily-podgroup')).toBeDefined();
    expect(a.resources().peak.pods).toBe(4);
    // driverStartTimeout was given: no warning about the queue
    expect(SparkWarnings.of(c).some(w => w.includes('[apache-driver-start-timeout]'))).toBe(false);
    const d = chart();
    app(d, { gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch' }) });
    synth(d);
    expect(SparkWarnings.of(d)).toContain('test/Pi: gangScheduler: the Apache spark-kubernetes-operator back-end ends an attempt whose driver pod is not running 5 minutes after it was created (DriverStartTimedOut), also while GangScheduler yunikorn keeps the gang queued; set SparkBackend.apacheOperator({ driverStartTimeout }) to the longest wait you accept [apache-driver-start-timeout]');
  });

  test('pod annotations reach the pods through the templates (YuniKorn task groups, driverAnnotations)', () => {
    const c = chart();
    app(c, { gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch' }), driverAnnotations: { 'example.com/owner': 'orders' }, executorInstances: 2 });
    const sa = findOne(synth(c), 'SparkApplication');
    const driver = sa.spec.driverSpec.podTemplateSpec.metadata.annotations;
    expect(driver['example.com/owner']).toBe('orders');
    expect(driver['yunikorn.apache.org/task-group-name']).toBe('spark-driver');
    expect(JSON.parse(driver['yunikorn.apache.org/task-groups']).map((g: any) => [g.name, g.minMember])).toEqual([['spark-driver', 1], ['spark-executor', 2]]);
    expect(sa.spec.executorSpec.podTemplateSpec.metadata.annotations).toEqual({ 'yunikorn.apache.org/task-group-name': 'spark-executor' });
    expect(sa.spec.driverSpec.podTemplateSpec.spec.schedulerName).toBe('yunikorn');
  });

  test('SparkBackend.useByDefault applies the back-end to every app below the scope', () => {
    const c = chart();
    SparkBackend.useByDefault(c, SparkBackend.apacheOperator());
    new SparkApp(c, 'Pi', BASE);
    expect(findOne(synth(c), 'SparkApplication').apiVersion).toBe('spark.apache.org/v1');
  });

  describe('what the Apache operator back-end cannot express is an error naming it and the prop', () => {
    const err = (props: Partial<SparkAppProps>, late?: (a: SparkApp) => void) => () => synth((() => {
      const c = chart();
      const a = app(c, props);
      late?.(a);
      return c;
    })());
    test.each<[string, Partial<SparkAppProps>, string, ((a: SparkApp) => void) | undefined]>([
      ['Spark 3', { sparkVersion: SparkVersion.of('3.5.5'), image: 'apache/spark:3.5.5', mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar' },
        'SparkApp Pi: sparkVersion "3.5.5" cannot be expressed by the Apache spark-kubernetes-operator back-end: the operator supports Spark 4.0 and above (it builds the driver pod with Spark 4\'s own KubernetesDriverBuilder); use SparkVersion.of(\'4.0.1\') or newer with a Spark 4 image, or SparkBackend.kubeflow() or SparkBackend.sparkSubmit() for Spark 3', undefined],
      ['schedule', { schedule: { cron: '0 2 * * *' } },
        'SparkApp Pi: schedule {"cron":"0 2 * * *"} cannot be expressed by the Apache spark-kubernetes-operator back-end: the Apache operator has no scheduled kind (its SparkApplication runs once); use SparkBackend.kubeflow() (a ScheduledSparkApplication) or SparkBackend.sparkSubmit() (a CronJob), or start the app from your own scheduler', undefined],
      ['kueue', { gangScheduler: GangScheduler.kueue({ queueName: 'batch' }) },
        'Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: gangScheduler "GangScheduler kueue" cannot be expressed by the Apache spark-kubernetes-operator back-end: Kueue\'s Spark integration admits the kubeflow SparkApplication, not the Apache operator\'s, so nothing would wait for the queue; use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()', undefined],
      ['SparkUiIngress added late', {},
        'Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: features "SparkUiIngress" cannot be served by the Apache spark-kubernetes-operator back-end when added after the app was defined: the back-end defines the UI Service <app>-ui-svc, which the Ingress points at, while the app is constructed; pass the SparkUiIngress in the app\'s features prop, or set the app\'s sparkUi prop',
        a => a.addFeature(new SparkUiIngress({ host: 'spark.example.com' }))],
      ['operator label', { sparkConf: { 'spark.kubernetes.executor.label.spark.operator/name': 'mine' } },
        'SparkApp Pi: sparkConf["spark.kubernetes.executor.label.spark.operator/name"] "mine" is set by the Apache spark-kubernetes-operator back-end: the operator sets the spark.operator/* labels itself, replacing this value; remove the key (use driverLabels / executorLabels for labels of your own)', undefined],
      ['a key the back-end sets', { sparkConf: { 'spark.kubernetes.container.image.pullPolicy': 'Never' } },
        'SparkApp Pi: sparkConf["spark.kubernetes.container.image.pullPolicy"] "Never" is set by the Apache spark-kubernetes-operator back-end: it writes the imagePullPolicy prop; use the imagePullPolicy prop', undefined],
      ['a template file', { sparkConf: { 'spark.kubernetes.executor.podTemplateFile': 's3a://t/exec.yaml' } },
        'SparkApp Pi: sparkConf["spark.kubernetes.executor.podTemplateFile"] "s3a://t/exec.yaml" is set by the Apache spark-kubernetes-operator back-end: the operator writes the executor pod template this library renders to a file of its own; describe the pods with the app\'s props (volumes, env, tolerations, ...) or addSidecar / addInitContainer', undefined],
    ])('%s', (_name, props, message, late) => {
      expect(err(props, late)).toThrow(message);
      try {
        err(props, late)();
      } catch (e) {
        expect((e as Error).message).toBe(message);
      }
    });

    test.each<[string, () => unknown, string]>([
      ['not a Duration', () => SparkBackend.apacheOperator({ driverStartTimeout: 300 as any }),
        'SparkBackend.apacheOperator: driverStartTimeout 300 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)'],
      ['zero', () => SparkBackend.apacheOperator({ retainFailedRun: Duration.seconds(0) }),
        'SparkBackend.apacheOperator: retainFailedRun 0 seconds must be longer than zero; give a positive duration'],
      ['not an object', () => SparkBackend.apacheOperator('fast' as any),
        'SparkBackend.apacheOperator: options "fast" must be an ApacheOperatorOptions (a plain object); got a string; pass { ... } with the props of ApacheOperatorOptions'],
    ])('%s', (_name, build, message) => {
      expect(build).toThrow(message);
    });
  });
});

describe('the Apache operator back-end gives the pods the resource model computes', () => {
  const CASES: Array<[string, SparkAppProps, (a: SparkApp) => void]> = [
    // The shared configurations (overheads, factors, off-heap, PySpark, dynamic allocation, GPUs) are in
    // test/backend-pods.test.ts for every back-end; these are the Apache operator's own cases.
    ['Python with extra jars (still a NonJVMResource)', {
      ...PY, type: SparkApplicationType.PYTHON, jars: ['local:///opt/app/udf.jar'], executorMemory: Size.gibibytes(2),
    }, () => undefined],
    ['GPUs, sidecars, init containers, ephemeral storage', {
      ...BASE,
      executorCores: 4,
      executorMemory: Size.gibibytes(16),
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31', cpu: CpuCores.millis(200), memory: Size.mebibytes(256) }],
      executorInitContainers: [{ name: 'warm', image: 'busybox:1.36', cpu: CpuCores.of(8), memory: Size.gibibytes(1) }],
    }, a => {
      a.addFeature(new GpuAcceleration({ gpusPerExecutor: 1 }));
      a.addEphemeralStorage(SparkRole.EXECUTOR, Size.gibibytes(20), 'test');
    }],
  ];

  test.each(CASES)('%s', (_name, props, extra) => {
    const c = chart();
    const a = app(c, props);
    extra(a);
    const pods = apachePodResources(findOne(synth(c), 'SparkApplication'));
    expect(pods).toEqual(a.resources());
    // and the same pods as under the kubeflow operator
    const k = new SparkApp(chart(), 'Pi', { ...props, backend: SparkBackend.kubeflow() });
    extra(k);
    expect(pods).toEqual(k.resources());
  });

  test('a namespace that requires CPU limits: the limits reach the operator through sparkConf', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Ns', { name: 'etl', quota: { cpuLimits: CpuCores.of(400), cpuRequests: CpuCores.of(400), memoryRequests: Size.gibibytes(2000) } });
    const a = app(c, { sparkNamespace: ns, executorCores: 3 });
    const sa = findOne(synth(c), 'SparkApplication');
    expect(sa.spec.sparkConf['spark.kubernetes.executor.limit.cores']).toBe('3');
    expect(apachePodResources(sa)).toEqual(a.resources());
    expect(a.resources().executor.cpuLimitMillis).toBe(3000);
  });
});

/** The sparkConf of full(): the app's final conf plus what the operator reads from sparkConf only. */
const FULL_SPARK_CONF: Record<string, string> = {
  'spark.app.name': 'orders-daily',
  'spark.custom.quote': 'a b;$HOME "c"',
  'spark.driver.cores': '1',
  'spark.driver.memory': '2048m',
  'spark.executor.cores': '1',
  'spark.executor.instances': '3',
  'spark.executor.memory': '4096m',
  // spark.files stays in sparkConf: the operator never reads the CRD's files field
  'spark.files': 's3a://config/orders.conf',
  'spark.hadoop.fs.s3a.endpoint': 'https://s3.example',
  // the extra jars; the main jar is spec.jars (the driver's spark-submit adds it)
  'spark.jars': 'local:///opt/spark/jars/extra/postgresql-42.7.4.jar',
  'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark-driver',
  'spark.kubernetes.container.image': 'apache/spark:4.0.1',
  'spark.kubernetes.container.image.pullPolicy': 'Always',
  'spark.kubernetes.container.image.pullSecrets': 'regcred,mirror',
  'spark.kubernetes.driver.podTemplateContainerName': 'spark-kubernetes-driver',
  'spark.kubernetes.executor.podTemplateContainerName': 'spark-kubernetes-executor',
  'spark.sql.shuffle.partitions': '64',
  'spark.ui.proxyBase': '/team-a/orders-daily',
  'spark.ui.proxyRedirectUri': 'http://spark.example.com',
};
