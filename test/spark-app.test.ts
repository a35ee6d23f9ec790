import { Duration, JsonPatch, Size, Testing } from 'cdk8s';
import {
  CpuCores, EmptyDirMedium, ImagePullPolicy, NodeSelectorOperator, RestartPolicy, SparkApp,
  SparkAppProps, SparkApplicationType, SparkEnvValue, SparkVersion, SparkVolume, SparkWarnings, TaintEffect,
  TolerationOperator, UiServiceType,
} from '../src';
import { findOne, kinds, synth } from './util';
import { isCredentialKey } from '../src/core/credentials';

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

function make(props: Partial<SparkAppProps> = {}, id = 'Etl') {
  const chart = Testing.chart();
  const app = new SparkApp(chart, id, { ...BASE, ...props } as SparkAppProps);
  return { chart, app };
}

function spec(props: Partial<SparkAppProps> = {}) {
  const { chart } = make(props);
  return findOne(synth(chart), 'SparkApplication').spec;
}

function expectError(props: Partial<SparkAppProps>, message: string, id = 'Etl') {
  expect(() => {
    const { chart } = make(props, id);
    synth(chart);
  }).toThrow(message);
}

describe('snapshots', () => {
  test('defaults: a JVM batch app with its driver RBAC', () => {
    const { chart } = make({}, 'SparkPi');
    const out = synth(chart);
    expect(kinds(out)).toEqual(['Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    expect(out).toMatchSnapshot();
  });

  test('fully configured JVM app', () => {
    const cm = SparkVolume.configMap('app-config', 'etl-config');
    const scratch = SparkVolume.emptyDir('scratch', { sizeLimit: Size.gibibytes(10) });
    const { chart } = make({
      name: 'orders-etl',
      namespace: 'data',
      type: SparkApplicationType.JAVA,
      image: 'registry.example/spark/etl:3.5.5-1',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      imagePullSecrets: ['registry'],
      mainApplicationFile: 's3a://artifacts/etl-1.2.jar',
      mainClass: 'com.example.OrdersEtl',
      arguments: ['--date', '2026-11-21'],
      sparkConf: { 'spark.sql.shuffle.partitions': '400', 'spark.serializer': 'org.apache.spark.serializer.KryoSerializer' },
      hadoopConf: { 'fs.s3a.endpoint': 'https://s3.example' },
      jars: ['local:///opt/extra/a.jar'],
      files: ['s3a://cfg/app.conf'],
      packages: ['org.postgresql:postgresql:42.7.4'],
      repositories: ['https://repo.example/maven'],
      excludePackages: ['org.slf4j:slf4j-api'],
      archives: ['s3a://cfg/res.zip#res'],
      driverCores: 2,
      driverCoreRequest: CpuCores.millis(1500),
      driverCoreLimit: CpuCores.of(2),
      driverMemory: Size.gibibytes(4),
      driverMemoryOverhead: Size.mebibytes(1024),
      executorCores: 4,
      executorCoreRequest: CpuCores.millis(3500),
      executorCoreLimit: CpuCores.of(4),
      executorMemory: Size.gibibytes(8),
      executorMemoryOverhead: Size.gibibytes(2),
      executorInstances: 10,
      env: { LOG_LEVEL: SparkEnvValue.value('INFO'), DB_PASSWORD: SparkEnvValue.fromSecret('db', 'password') },
      driverEnv: { FEATURE_FLAGS: SparkEnvValue.fromConfigMap('flags', 'driver') },
      envFromConfigMaps: ['etl-env'],
      envFromSecrets: ['etl-secrets'],
      driverLabels: { team: 'orders' },
      driverAnnotations: { 'example.com/owner': 'orders' },
      executorLabels: { team: 'orders' },
      executorAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
      driverVolumeMounts: [{ volume: cm, path: '/etc/etl' }],
      executorVolumeMounts: [{ volume: cm, path: '/etc/etl' }, { volume: scratch, path: '/scratch' }],
      nodeSelector: { pool: 'spark' },
      driverNodeSelector: { lifecycle: 'on-demand' },
      executorNodeSelector: { lifecycle: 'spot' },
      tolerations: [{ key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'spark', effect: TaintEffect.NO_SCHEDULE }],
      executorTolerations: [{ key: 'spot', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationDuration: Duration.minutes(5) }],
      requiredNodeAffinity: [{ key: 'kubernetes.io/arch', operator: NodeSelectorOperator.IN, values: ['amd64'] }],
      preferredNodeAffinity: [{ weight: 50, requirements: [{ key: 'disk', operator: NodeSelectorOperator.IN, values: ['nvme'] }] }],
      driverPriorityClassName: 'batch-high',
      executorPriorityClassName: 'batch',
      security: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      executorServiceAccountToken: true,
      restartPolicy: RestartPolicy.onFailure({
        retries: 5, retryInterval: Duration.minutes(2), submissionRetries: 2, submissionRetryInterval: Duration.seconds(30),
      }),
      timeToLive: Duration.hours(12),
      sparkUi: { servicePort: 4041, serviceType: UiServiceType.NODE_PORT, serviceLabels: { ui: 'yes' }, serviceAnnotations: { a: 'b' } },
      eventLogDir: 's3a://logs/spark-events',
      memoryOverheadFactor: 0.2,
    });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('PySpark app', () => {
    const { chart } = make({
      mainApplicationFile: 'local:///opt/app/job.py',
      mainClass: undefined,
      image: 'apache/spark:3.5.5-python3',
      pyFiles: ['local:///opt/app/lib.zip'],
      executorMemory: Size.gibibytes(4),
      sparkConf: { 'spark.executor.pyspark.memory': '1g' },
    }, 'Pyjob');
    const out = synth(chart);
    const s = findOne(out, 'SparkApplication').spec;
    expect(s.type).toBe('Python');
    expect(s.pythonVersion).toBe('3');
    expect(out).toMatchSnapshot();
  });

  test('scheduled app', () => {
    const { chart } = make({
      schedule: { cron: '30 2 * * *', timeZone: 'Europe/Berlin', successfulRunHistoryLimit: 2, failedRunHistoryLimit: 4 },
      restartPolicy: RestartPolicy.onFailure(),
    }, 'Nightly');
    const out = synth(chart);
    const s = findOne(out, 'ScheduledSparkApplication').spec;
    expect(s).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', suspend: false, successfulRunHistoryLimit: 2, failedRunHistoryLimit: 4 });
    expect(s.template.driver.cores).toBe(1);
    expect(out).toMatchSnapshot();
  });

  test('dynamic allocation', () => {
    const { chart } = make({
      dynamicAllocation: {
        minExecutors: 2,
        initialExecutors: 4,
        maxExecutors: 50,
        shuffleTrackingTimeout: Duration.minutes(30),
        executorIdleTimeout: Duration.seconds(120),
      },
    }, 'Elastic');
    const out = synth(chart);
    const s = findOne(out, 'SparkApplication').spec;
    expect(s.dynamicAllocation).toEqual({
      enabled: true, initialExecutors: 4, minExecutors: 2, maxExecutors: 50, shuffleTrackingEnabled: true, shuffleTrackingTimeout: 1800000,
    });
    expect(s.executor.instances).toBeUndefined();
    expect(s.sparkConf['spark.dynamicAllocation.executorIdleTimeout']).toBe('120s');
    expect(out).toMatchSnapshot();
  });
});

describe('what is emitted', () => {
  test('explicit values for everything the operator would default', () => {
    const s = spec();
    expect(s).toMatchObject({
      type: 'Scala',
      mode: 'cluster',
      sparkVersion: '3.5.5',
      imagePullPolicy: 'IfNotPresent',
      restartPolicy: { type: 'Never' },
      driver: { cores: 1, memory: '1024m', serviceAccount: 'etl-driver' },
      executor: { cores: 1, memory: '1024m', instances: 2, deleteOnTermination: true },
      sparkUIOptions: { servicePort: 4040, serviceType: 'ClusterIP' },
    });
  });

  test('pod-level settings go into the pod templates, restricted by default', () => {
    const s = spec({ tolerations: [{ key: 'k', value: 'v' }] });
    for (const role of ['driver', 'executor']) {
      const t = s[role].template;
      expect(t.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } });
      expect(t.spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
      expect(t.spec.tolerations).toEqual([{ key: 'k', operator: 'Equal', value: 'v' }]);
      expect(s[role].tolerations).toBeUndefined();
    }
    expect(s.driver.template.spec.containers[0].name).toBe('spark-kubernetes-driver');
    expect(s.executor.template.spec.containers[0].name).toBe('spark-kubernetes-executor');
  });

  test('executors get no API token unless asked for', () => {
    expect(spec().executor.template.spec.automountServiceAccountToken).toBe(false);
    expect(spec({ executorServiceAccountToken: true }).executor.template.spec.automountServiceAccountToken).toBe(true);
    expect(spec().driver.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('the driver Role grants exactly what the driver calls', () => {
    const { chart } = make();
    const role = findOne(synth(chart), 'Role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'deletecollection'] },
      { apiGroups: [''], resources: ['services'], verbs: ['deletecollection'] },
    ]);
  });

  test('on-demand claims add the PersistentVolumeClaim rule', () => {
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1';
    const { chart } = make({ sparkConf: { [`${p}.options.claimName`]: 'OnDemand', [`${p}.options.storageClass`]: 'gp3', [`${p}.options.sizeLimit`]: '50Gi', [`${p}.mount.path`]: '/data' } });
    const role = findOne(synth(chart), 'Role');
    expect(role.rules[3]).toEqual({ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'deletecollection', 'list'] });
  });

  test('an existing service account: no RBAC objects', () => {
    const { chart } = make({ serviceAccountName: 'team-spark' });
    const out = synth(chart);
    expect(kinds(out)).toEqual(['SparkApplication']);
    expect(findOne(out, 'SparkApplication').spec.driver.serviceAccount).toBe('team-spark');
  });

  test('the chart namespace is used, else default', () => {
    expect(make().app.namespace).toBe('default');
    const chart = Testing.chart();
    (chart as any).namespace = 'jobs';
    expect(new SparkApp(chart, 'X', BASE).namespace).toBe('jobs');
  });

  test('memory-backed emptyDir volume renders medium Memory', () => {
    const v = SparkVolume.emptyDir('shm', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) });
    const s = spec({ executorVolumeMounts: [{ volume: v, path: '/dev/shm' }] });
    expect(s.executor.template.spec.volumes).toEqual([{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } }]);
  });

  test('same input gives byte-identical output', () => {
    const a = JSON.stringify(synth(make({ sparkConf: { b: '1', a: '2' } as any }).chart));
    const b = JSON.stringify(synth(make({ sparkConf: { a: '2', b: '1' } as any }).chart));
    expect(a).toBe(b);
  });

  test('escape hatch: patch the generated object', () => {
    const { chart, app } = make();
    app.apiObject.addJsonPatch(JsonPatch.add('/spec/proxyUser', 'etl'));
    expect(findOne(synth(chart), 'SparkApplication').spec.proxyUser).toBe('etl');
  });
});

describe('conf cross-checks', () => {
  test('two sources with different values for one key name both', () => {
    const { app } = make();
    app.addSparkConf('spark.sql.shuffle.partitions', '200', 'ShuffleStorage s');
    expect(() => app.addSparkConf('spark.sql.shuffle.partitions', '400', 'StreamingPipeline p'))
      .toThrow('SparkApp Etl: spark conf key spark.sql.shuffle.partitions is set twice with different values: "200" by ShuffleStorage s and "400" by StreamingPipeline p; set it in one place');
  });

  test('the same value from two sources is fine', () => {
    const { app } = make();
    app.addSparkConf('spark.sql.shuffle.partitions', '200', 'a');
    app.addSparkConf('spark.sql.shuffle.partitions', '200', 'b');
  });

  test('a raw sparkConf key that a typed prop sets is an error', () => {
    expectError({ executorMemory: Size.gibibytes(2), sparkConf: { 'spark.executor.memory': '4g' } },
      'SparkApp Etl: sparkConf key spark.executor.memory is also set by prop executorMemory ("2048m" vs "4g"); set it through the typed prop only');
  });

  test('a misspelled key is a warning with a suggestion', () => {
    const { app } = make({ sparkConf: { 'spark.executor.memroy': '4g' } });
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: sparkConf key spark.executor.memroy is not a Spark configuration key; did you mean spark.executor.memory?']);
  });
});

describe('validation errors', () => {
  test.each([
    [{ name: 'Etl_Job' }, 'SparkApp Etl: name "Etl_Job" must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit'],
    [{ name: '1etl' }, 'SparkApp Etl: name "1etl" must be a DNS-1035 label'],
    [{ name: 'a'.repeat(64) }, `SparkApp Etl: name "${'a'.repeat(64)}" must be at most 63 characters, got 64`],
    [{ name: 'a'.repeat(44), schedule: { cron: '@daily' } }, 'must be at most 43 characters, got 44 (scheduled runs are named <name>-<19-digit timestamp>, which must stay within 63)'],
    [{ driverCores: 0 }, 'SparkApp Etl: driverCores must be a whole number of at least 1, got 0'],
    [{ executorCores: 1.5 }, 'SparkApp Etl: executorCores must be a whole number of at least 1, got 1.5'],
    [{ executorInstances: 0 }, 'SparkApp Etl: executorInstances must be a whole number of at least 1, got 0'],
    [{ executorMemory: Size.mebibytes(256) }, 'SparkApp Etl: executorMemory must be at least 450 MiB (Spark reserves 300 MiB and refuses less than 1.5 times that), got 256 MiB'],
    [{ driverMemory: Size.kibibytes(1000000) }, 'SparkApp Etl: driverMemory must be a whole number of MiB, got 1000000 KiB'],
    [{ executorCoreRequest: CpuCores.millis(2500), executorCoreLimit: CpuCores.of(2) }, 'SparkApp Etl: executorCoreLimit (2) must be at least the CPU request (executorCoreRequest 2500m)'],
    [{ driverCores: 2, driverCoreLimit: CpuCores.millis(1500) }, 'SparkApp Etl: driverCoreLimit (1500m) must be at least the CPU request (driverCores 2)'],
    [{ mainClass: undefined }, 'SparkApp Etl: mainClass must be set for a Scala app (the class with the main method in local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar)'],
    [{ type: SparkApplicationType.PYTHON }, 'SparkApp Etl: mainClass applies to Scala and Java apps, not to a Python app'],
    [{ type: SparkApplicationType.PYTHON, mainClass: undefined }, 'SparkApp Etl: mainApplicationFile of a Python app must be a .py file, got "local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar"'],
    [{ mainApplicationFile: 'local:///opt/app/job.py' }, 'SparkApp Etl: mainClass applies to Scala and Java apps, not to a Python app'],
    [{ mainApplicationFile: '/opt/app/etl.jar' }, 'SparkApp Etl: mainApplicationFile "/opt/app/etl.jar" must be a URI: local:///path for a file in the image, or s3a://, gs://, hdfs://, https:// for a remote one'],
    [{ pyFiles: ['local:///x.zip'] }, 'SparkApp Etl: pyFiles only apply to Python apps, got type Scala'],
    [{ packages: ['org.postgresql:postgresql'] }, 'SparkApp Etl: packages entry "org.postgresql:postgresql" must be Maven coordinates group:artifact:version'],
    [{ image: 'apache/spark' }, 'SparkApp Etl: image "apache/spark" must be pinned to a tag or digest (not latest), so what runs is what is in git'],
    [{ image: 'apache/spark:latest' }, 'must be pinned to a tag or digest (not latest)'],
    [{ image: 'apache/spark:3.4.1' }, 'SparkApp Etl: image "apache/spark:3.4.1" is tagged for Spark 3.4.1 but sparkVersion is 3.5.5; use an image of the same Spark version'],
    [{ packages: ['org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5'] }, 'SparkApp Etl: packages entry org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5 is built for Scala 2.13 but the app runs Scala 2.12; use org.apache.spark:spark-sql-kafka-0-10_2.12:…'],
    [{ packages: ['org.apache.spark:spark-sql-kafka-0-10_2.12:3.4.1'] }, 'SparkApp Etl: packages entry org.apache.spark:spark-sql-kafka-0-10_2.12:3.4.1 is Spark 3.4.1 but the app runs Spark 3.5.5; use version 3.5.5'],
    [{ jars: ['local:///opt/jars/spark-avro_2.12-3.4.1.jar'] }, 'SparkApp Etl: jar spark-avro_2.12-3.4.1.jar is Spark 3.4.1 but the app runs Spark 3.5.5'],
    [{ jars: ['local:///opt/jars/delta-spark_2.13-3.2.0.jar'] }, 'SparkApp Etl: jar delta-spark_2.13-3.2.0.jar is built for Scala 2.13 but the app runs Scala 2.12'],
    [{ mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.4.1.jar' }, 'SparkApp Etl: jar spark-examples_2.12-3.4.1.jar is Spark 3.4.1 but the app runs Spark 3.5.5'],
    [{ scalaVersion: '2.12', image: 'apache/spark:3.5.5-scala2.13-java17-ubuntu' }, 'SparkApp Etl: scalaVersion is 2.12 but image "apache/spark:3.5.5-scala2.13-java17-ubuntu" is a Scala 2.13 build; packages and jars must match the image\'s Scala version'],
    [{ sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:4.0.1', scalaVersion: '2.12' }, 'SparkApp Etl: scalaVersion must be a Scala build of Spark 4.0.1 (2.13), got "2.12" (Spark 4 is built for Scala 2.13 only)'],
    [{ dynamicAllocation: { maxExecutors: 10, minExecutors: 11 } }, 'SparkApp Etl: dynamicAllocation.minExecutors (11) must not exceed maxExecutors (10)'],
    [{ dynamicAllocation: { maxExecutors: 10, minExecutors: 2, initialExecutors: 1 } }, 'SparkApp Etl: dynamicAllocation.initialExecutors (1) must be between minExecutors (2) and maxExecutors (10)'],
    [{ dynamicAllocation: { maxExecutors: 0 } }, 'SparkApp Etl: dynamicAllocation.maxExecutors must be a whole number of at least 1, got 0'],
    [{ dynamicAllocation: { maxExecutors: 4 }, executorInstances: 3 }, 'SparkApp Etl: executorInstances (3) cannot be combined with dynamicAllocation; use dynamicAllocation.initialExecutors'],
    [{ dynamicAllocation: { maxExecutors: 4, shuffleTracking: false } }, 'SparkApp Etl: dynamicAllocation needs shuffle tracking on Kubernetes (there is no external shuffle service)'],
    [{ sparkConf: { 'spark.master': 'k8s://x' } }, 'SparkApp Etl: sparkConf key spark.master is rejected by the spark-operator\'s webhook; the operator sets the master'],
    [{ sparkConf: { 'spark.kubernetes.container.image': 'x:1' } }, 'SparkApp Etl: sparkConf key spark.kubernetes.container.image is rejected by the spark-operator\'s webhook; use the image prop'],
    [{ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'x' } }, 'is rejected by the spark-operator\'s webhook; use serviceAccountName or a SparkNamespace'],
    [{ sparkConf: { 'spark.kubernetes.authenticate.oauthToken': 'x' } }, 'is rejected by the spark-operator\'s webhook; tokens must not be in the manifest'],
    [{ sparkConf: { 'spark.kubernetes.namespace': 'other' } }, 'SparkApp Etl: sparkConf key spark.kubernetes.namespace is "other" but the app runs in namespace "default"; the operator rejects a different namespace, remove the key'],
    [{ sparkConf: { 'spark.hadoop.fs.s3a.secret.key': 'abc' } }, 'SparkApp Etl: sparkConf key spark.hadoop.fs.s3a.secret.key holds a credential, and the manifest would carry it in plain text; put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret'],
    [{ hadoopConf: { 'fs.s3a.access.key': 'abc' } }, 'SparkApp Etl: hadoopConf key fs.s3a.access.key holds a credential'],
    [{ hadoopConf: { 'spark.hadoop.fs.s3a.endpoint': 'x' } }, 'SparkApp Etl: hadoopConf key spark.hadoop.fs.s3a.endpoint must not start with spark.hadoop. (the operator adds the prefix); use fs.s3a.endpoint'],
    [{ env: { DB_PASSWORD: SparkEnvValue.value('hunter2') } }, 'SparkApp Etl: env variable DB_PASSWORD holds a credential as a literal; use SparkEnvValue.fromSecret(secretName, key)'],
    [{ schedule: { cron: '0 0 * * * *' } }, 'SparkApp Etl: schedule.cron "0 0 * * * *" is invalid:'],
    [{ schedule: { cron: '@daily', timeZone: 'Mars/Base' } }, 'SparkApp Etl: schedule.timeZone "Mars/Base" is not an IANA time zone name'],
    [{ schedule: { cron: 'CRON_TZ=UTC @daily', timeZone: 'UTC' } }, 'SparkApp Etl: schedule.cron has a CRON_TZ= prefix and schedule.timeZone is set too; give the zone once'],
    [{ memoryOverheadFactor: 0 }, 'SparkApp Etl: memoryOverheadFactor must be a positive fraction of the heap (e.g. 0.1 or 0.4), got 0'],
    [{ security: { runAsUser: 0 } }, 'SparkApp Etl: security.runAsUser 0 (root) breaks the restricted Pod Security profile; Spark images run as 185'],
    [{ tolerations: [{ operator: TolerationOperator.EQUAL, value: 'x' }] }, 'SparkApp Etl: tolerations key "" is empty, which needs operator EXISTS; give a key or use TolerationOperator.EXISTS'],
    [{ tolerations: [{ key: 'a', operator: TolerationOperator.EXISTS, value: 'x' }] }, 'SparkApp Etl: tolerations key "a" has operator EXISTS and value "x"; EXISTS takes no value'],
    [{ requiredNodeAffinity: [{ key: 'zone', operator: NodeSelectorOperator.IN }] }, 'SparkApp Etl: requiredNodeAffinity key "zone" with operator In needs at least one value'],
    [{ requiredNodeAffinity: [{ key: 'cpus', operator: NodeSelectorOperator.GT, values: ['a'] }] }, 'SparkApp Etl: requiredNodeAffinity key "cpus" with operator Gt takes exactly one integer value'],
    [{ preferredNodeAffinity: [{ weight: 0, requirements: [] }] }, 'SparkApp Etl: preferredNodeAffinity weight 0 must be a whole number 1-100'],
    [{ driverVolumeMounts: [{ volume: SparkVolume.emptyDir('a'), path: 'relative' }] }, 'SparkApp Etl: driverVolumeMounts path "relative" must be absolute'],
    [{ executorVolumeMounts: [{ volume: SparkVolume.emptyDir('a'), path: '/x' }, { volume: SparkVolume.configMap('a', 'cm'), path: '/y' }] }, 'SparkApp Etl: two different volumes are named "a" (the second from executorVolumeMounts); volume names must be unique per pod'],
    [{ executorVolumeMounts: [{ volume: SparkVolume.emptyDir('a'), path: '/x' }, { volume: SparkVolume.emptyDir('b'), path: '/x' }] }, 'SparkApp Etl: executorVolumeMounts mounts two volumes at /x'],
    [{ tier: 'batch' }, 'SparkApp Etl: tier "batch" needs a sparkNamespace that defines priority tiers'],
    [{ sparkUi: { servicePort: 70000 } }, 'SparkApp Etl: sparkUi.servicePort 70000 must be a port number 1-65535'],
    [{ timeToLive: Duration.millis(10) }, 'SparkApp Etl: timeToLive must be at least one second, got 0.01s'],
    [{ sparkConf: { 'spark.executor.resource.gpu.amount': '1' } }, 'SparkApp Etl: spark.executor.resource.gpu.amount is set but spark.executor.resource.gpu.vendor is not'],
  ] as Array<[Partial<SparkAppProps>, string]>)('%j', (props, message) => {
    expectError(props, message);
  });

  test('restart policy and value types validate their own input', () => {
    expect(() => RestartPolicy.always({ retries: 3 })).toThrow('RestartPolicy.always: retries does not apply (Always restarts without limit); use RestartPolicy.onFailure for a bounded number of retries');
    expect(() => RestartPolicy.onFailure({ retryInterval: Duration.millis(500) })).toThrow('RestartPolicy: retryInterval must be a whole number of seconds of at least 1, got 0.5s');
    expect(() => RestartPolicy.onFailure({ retries: -1 })).toThrow('RestartPolicy: retries must be a whole number of at least 0, got -1');
    expect(() => SparkVersion.of('3.5')).toThrow('SparkVersion: "3.5" is not a Spark release version; expected major.minor.patch such as 3.5.5 or 4.0.1');
    expect(() => SparkVersion.of('3.2.4')).toThrow('SparkVersion: 3.2.4 is not supported; cdk8s-spark supports Spark 3.3.0 to 4.1.x');
    expect(() => CpuCores.millis(0)).toThrow('CpuCores: millicores must be a whole number of at least 1, got 0');
    expect(() => CpuCores.of(0.0005)).toThrow('CpuCores: cores must be positive with at most three decimals, got 0.0005');
    expect(() => SparkVolume.emptyDir('Bad_Name')).toThrow('SparkVolume: name "Bad_Name" must be a DNS-1123 label');
  });
});

describe('scala version', () => {
  test('from the prop, the image tag, or the Spark default', () => {
    expect(make().app.scalaVersion).toBe('2.12');
    expect(make({ image: 'apache/spark:3.5.5-scala2.13-java17-ubuntu', mainApplicationFile: 'local:///opt/app/etl.jar' }).app.scalaVersion).toBe('2.13');
    expect(make({ sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:4.0.1', mainApplicationFile: 'local:///opt/app/etl.jar' }).app.scalaVersion).toBe('2.13');
    const delta = { scalaVersion: '2.13', packages: ['io.delta:delta-spark_2.13:3.2.0'], mainApplicationFile: 'local:///opt/app/etl.jar' };
    expect(make(delta).app.scalaVersion).toBe('2.13');
  });
});

describe('warnings', () => {
  test('a memory overhead below the floor', () => {
    const { app } = make({ executorMemoryOverhead: Size.mebibytes(200) });
    expect(SparkWarnings.of(app)).toEqual([expect.stringContaining('executorMemoryOverhead is 200 MiB, below Spark\'s own floor of 384 MiB')]);
  });

  test('shuffle tracking without a timeout', () => {
    const { app } = make({ dynamicAllocation: { maxExecutors: 10 } });
    expect(SparkWarnings.of(app)).toEqual([expect.stringContaining('dynamicAllocation has shuffle tracking without shuffleTrackingTimeout')]);
    expect(SparkWarnings.of(make({ dynamicAllocation: { maxExecutors: 10, shuffleTrackingTimeout: Duration.minutes(30) } }).app)).toEqual([]);
  });

  test('an event log dir without a scheme', () => {
    const { app } = make({ eventLogDir: '/tmp/events' });
    expect(SparkWarnings.of(app)).toEqual([expect.stringContaining('eventLogDir "/tmp/events" has no URI scheme')]);
  });
});

describe('credential keys', () => {
  test.each([
    'spark.hadoop.fs.s3a.secret.key', 'spark.hadoop.fs.s3a.access.key', 'spark.authenticate.secret',
    'spark.ssl.keyPassword', 'spark.ssl.trustStorePassword', 'spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net',
    'spark.kafka.clusters.a.sasl.jaas.config', 'spark.hadoop.fs.s3a.session.token', 'spark.sql.catalog.pg.password',
  ])('%s holds a credential', (key) => expect(isCredentialKey(key)).toBe(true));

  test.each([
    'spark.hadoop.fs.s3a.aws.credentials.provider', 'spark.authenticate.secret.file', 'spark.kubernetes.kerberos.tokenSecret.name',
    'spark.kubernetes.kerberos.tokenSecret.itemKey', 'spark.authenticate.secretBitLength', 'spark.executor.memory',
    'spark.kubernetes.driver.secretKeyRef.DB_PASS', 'spark.kubernetes.driver.secrets.db', 'spark.ssl.keyStore',
  ])('%s does not', (key) => expect(isCredentialKey(key)).toBe(false));
});

describe('derived names', () => {
  test('a name too long for the driver identity it derives names the name prop', () => {
    const name = `a${'b'.repeat(58)}`; // 59 characters: a valid app name, but "<name>-driver" has 66
    expect(() => new SparkApp(Testing.chart(), 'Etl', {
      name,
      sparkVersion: SparkVersion.of('3.5.5'),
      image: 'apache/spark:3.5.5',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
      mainClass: 'org.apache.spark.examples.SparkPi',
    })).toThrow(`SparkApp Etl: name "${name}" is too long for the driver identity "${name}-driver" it names (66 characters, at most 63); use a name of at most 56 characters, or give serviceAccountName or a sparkNamespace`);
  });
});
