import { Duration, JsonPatch, Size, Testing } from 'cdk8s';
import {
  CpuCores, EmptyDirMedium, ImagePullPolicy, NodeSelectorOperator, PodSecurityLevel, RestartPolicy, SparkApp, SparkNamespace,
  SparkAppProps, SparkApplicationType, SparkContainer, SparkEnvValue, SparkPods, SparkRole, SparkVersion, SparkVolume, SparkWarnings, TaintEffect,
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

/** The error messages of building and synthesizing an app: the one thrown, or each validation error. */
function errorsOf(props: Partial<SparkAppProps>, id = 'Etl'): string[] {
  try {
    const { chart } = make(props, id);
    synth(chart);
  } catch (e) {
    const message = (e as Error).message;
    const validation = 'Validation failed with the following errors:\n';
    return message.startsWith(validation)
      ? message.slice(validation.length).split('\n').map(line => line.replace(/^\s*\[[^\]]*\] /, ''))
      : [message];
  }
  return [];
}

function expectError(props: Partial<SparkAppProps>, message: string, id = 'Etl') {
  expect(errorsOf(props, id)).toEqual([message]);
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
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] "400" (set by StreamingPipeline p) conflicts with "200" set by ShuffleStorage s; set it in one place'));
  });

  test('the same value from two sources is fine', () => {
    const { app } = make();
    app.addSparkConf('spark.sql.shuffle.partitions', '200', 'a');
    app.addSparkConf('spark.sql.shuffle.partitions', '200', 'b');
  });

  test('a raw sparkConf key that a typed prop sets is an error', () => {
    expectError({ executorMemory: Size.gibibytes(2), sparkConf: { 'spark.executor.memory': '4g' } },
      'SparkApp Etl: sparkConf["spark.executor.memory"] "4g" conflicts with "2048m" set by prop executorMemory; set it through executorMemory only and remove the key');
  });

  test('a misspelled key is a warning with a suggestion', () => {
    const { app } = make({ sparkConf: { 'spark.executor.memroy': '4g' } });
    expect(SparkWarnings.of(app)).toEqual(['test/Etl: sparkConf key spark.executor.memroy is not a Spark configuration key; did you mean spark.executor.memory? [unknown-spark-key]']);
  });
});

describe('validation errors', () => {
  test.each([
    [{ name: 'Etl_Job' }, 'SparkApp Etl: name "Etl_Job" must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit; use a name of lower-case letters, digits and "-", e.g. "etl-job"'],
    [{ name: '1etl' }, 'SparkApp Etl: name "1etl" must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit; use a name of lower-case letters, digits and "-", e.g. "etl"'],
    [{ name: 'a'.repeat(64) }, `SparkApp Etl: name "${'a'.repeat(64)}" is 64 characters long, more than 63; use a name of at most 63 characters`],
    [{ name: 'a'.repeat(44), schedule: { cron: '@daily' } }, `SparkApp Etl: name "${'a'.repeat(44)}" is 44 characters long, more than 43 (scheduled runs are named <name>-<19-digit timestamp>, which must stay within 63); use a name of at most 43 characters`],
    [{ driverCores: 0 }, 'SparkApp Etl: driverCores 0 must be at least 1; use 1 or more'],
    [{ executorCores: 1.5 }, 'SparkApp Etl: executorCores 1.5 must be a whole number; use 1 or 2'],
    [{ executorInstances: 0 }, 'SparkApp Etl: executorInstances 0 must be at least 1; use 1 or more'],
    [{ executorMemory: Size.mebibytes(256) }, 'SparkApp Etl: executorMemory 256Mi must be at least 450 MiB (Spark reserves 300 MiB and refuses less than 1.5 times that); use Size.mebibytes(450) or more, e.g. Size.gibibytes(1)'],
    [{ driverMemory: Size.kibibytes(1000000) }, 'SparkApp Etl: driverMemory 1000000Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(977)'],
    [{ executorMemoryOverhead: Size.mebibytes(0) }, 'SparkApp Etl: executorMemoryOverhead 0Mi must be at least 1 MiB; use e.g. Size.mebibytes(384) (Spark\'s own floor), or leave it unset for Spark\'s default'],
    [{ executorCoreRequest: CpuCores.millis(2500), executorCoreLimit: CpuCores.of(2) }, 'SparkApp Etl: executorCoreLimit 2 must be at least the CPU request (executorCoreRequest 2500m); raise executorCoreLimit to 2500m or more, or lower executorCoreRequest'],
    [{ driverCores: 2, driverCoreLimit: CpuCores.millis(1500) }, 'SparkApp Etl: driverCoreLimit 1500m must be at least the CPU request (driverCores 2); raise driverCoreLimit to 2 or more, or lower driverCores'],
    [{ mainApplicationFile: '' }, 'SparkApp Etl: mainApplicationFile "" must be set; give the jar, .py or .R file to run, e.g. local:///opt/app/etl.jar'],
    [{ mainClass: undefined }, 'SparkApp Etl: mainClass (unset) must be set for a Scala app; give the class with the main method in local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar'],
    [{ mainApplicationFile: 'local:///opt/app/etl.zip' }, 'SparkApp Etl: mainApplicationFile "local:///opt/app/etl.zip" must be a .jar for a Scala app; give the application jar, or set type to SparkApplicationType.PYTHON or SparkApplicationType.R for a script'],
    [{ type: SparkApplicationType.PYTHON }, 'SparkApp Etl: mainClass "org.apache.spark.examples.SparkPi" applies to Scala and Java apps, not to a Python app; drop mainClass'],
    [{ type: SparkApplicationType.PYTHON, mainClass: undefined }, 'SparkApp Etl: mainApplicationFile "local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar" must be a .py file for a Python app; give the .py file to run, or set type to match the file (a jar runs as SparkApplicationType.SCALA or JAVA)'],
    [{ mainApplicationFile: 'local:///opt/app/job.py' }, 'SparkApp Etl: mainClass "org.apache.spark.examples.SparkPi" applies to Scala and Java apps, not to a Python app; drop mainClass'],
    [{ mainApplicationFile: '/opt/app/etl.jar' }, 'SparkApp Etl: mainApplicationFile "/opt/app/etl.jar" must be a URI; use local:///path for a file in the image (here local:///opt/app/etl.jar), or s3a://, gs://, hdfs://, https:// for a remote one'],
    [{ pyFiles: ['local:///x.zip'] }, 'SparkApp Etl: pyFiles ["local:///x.zip"] only apply to Python apps (the app\'s type is Scala); drop pyFiles or set type to SparkApplicationType.PYTHON'],
    [{ packages: ['org.postgresql:postgresql'] }, 'SparkApp Etl: packages[0] "org.postgresql:postgresql" must be Maven coordinates group:artifact:version; write all three parts, e.g. org.postgresql:postgresql:42.7.4 (a jar file goes into jars)'],
    [{ image: 'apache/spark' }, 'SparkApp Etl: image "apache/spark" must be pinned to a tag or digest (not latest), so what runs is what is in git; add a version tag (e.g. apache/spark:3.5.5) or a digest'],
    [{ image: 'apache/spark:latest' }, 'SparkApp Etl: image "apache/spark:latest" must be pinned to a tag or digest (not latest), so what runs is what is in git; add a version tag (e.g. apache/spark:3.5.5) or a digest'],
    [{ image: 'apache spark:3.5.5' }, 'SparkApp Etl: image "apache spark:3.5.5" is not a container image reference; use e.g. apache/spark:3.5.5'],
    [{ image: 'apache/spark:3.4.1' }, 'SparkApp Etl: image "apache/spark:3.4.1" is tagged for Spark 3.4.1 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'3.4.1\')'],
    [{ packages: ['org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5'] }, 'SparkApp Etl: packages[0] "org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5" is built for Scala 2.13 but the app runs Scala 2.12; use org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5'],
    [{ packages: ['org.apache.spark:spark-sql-kafka-0-10_2.12:3.4.1'] }, 'SparkApp Etl: packages[0] "org.apache.spark:spark-sql-kafka-0-10_2.12:3.4.1" is Spark 3.4.1 but the app runs Spark 3.5.5; use org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5'],
    [{ jars: ['local:///opt/jars/spark-avro_2.12-3.4.1.jar'] }, 'SparkApp Etl: jars[0] "local:///opt/jars/spark-avro_2.12-3.4.1.jar" is Spark 3.4.1 but the app runs Spark 3.5.5; use spark-avro_2.12-3.5.5.jar'],
    [{ jars: ['local:///opt/jars/delta-spark_2.13-3.2.0.jar'] }, 'SparkApp Etl: jars[0] "local:///opt/jars/delta-spark_2.13-3.2.0.jar" is built for Scala 2.13 but the app runs Scala 2.12; use delta-spark_2.12-3.2.0.jar'],
    [{ mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.4.1.jar' }, 'SparkApp Etl: mainApplicationFile "local:///opt/spark/examples/jars/spark-examples_2.12-3.4.1.jar" is Spark 3.4.1 but the app runs Spark 3.5.5; use spark-examples_2.12-3.5.5.jar'],
    [{ scalaVersion: '2.12', image: 'apache/spark:3.5.5-scala2.13-java17-ubuntu' }, 'SparkApp Etl: scalaVersion "2.12" does not match image "apache/spark:3.5.5-scala2.13-java17-ubuntu", a Scala 2.13 build (packages and jars must match the image\'s Scala version); use "2.13" (or leave scalaVersion unset: the image tag gives it), or an image built for Scala 2.12'],
    [{ sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:4.0.1', scalaVersion: '2.12' }, 'SparkApp Etl: scalaVersion "2.12" is not a Scala build of Spark 4.0.1 (Spark 4 is built for Scala 2.13 only); use "2.13"'],
    [{ sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:4.0.1-scala2.12' }, 'SparkApp Etl: image "apache/spark:4.0.1-scala2.12" is a Scala 2.12 build, which Spark 4.0.1 is not built for (Spark 4 is built for Scala 2.13 only); use a Scala 2.13 image'],
    [{ dynamicAllocation: { maxExecutors: 10, minExecutors: 11 } }, 'SparkApp Etl: dynamicAllocation.minExecutors 11 must not exceed maxExecutors (10); lower minExecutors to 10 or less, or raise maxExecutors'],
    [{ dynamicAllocation: { maxExecutors: 10, minExecutors: 2, initialExecutors: 1 } }, 'SparkApp Etl: dynamicAllocation.initialExecutors 1 must be between minExecutors (2) and maxExecutors (10); use a number from 2 to 10'],
    [{ dynamicAllocation: { maxExecutors: 0 } }, 'SparkApp Etl: dynamicAllocation.maxExecutors 0 must be at least 1; use 1 or more'],
    [{ dynamicAllocation: { maxExecutors: 4 }, executorInstances: 3 }, 'SparkApp Etl: executorInstances 3 cannot be combined with dynamicAllocation; use dynamicAllocation.initialExecutors'],
    [{ dynamicAllocation: { maxExecutors: 4, shuffleTracking: false } }, 'SparkApp Etl: dynamicAllocation.shuffleTracking false leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service); set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration'],
    [{ sparkConf: { 'spark.master': 'k8s://x' } }, 'SparkApp Etl: sparkConf["spark.master"] "k8s://x" is rejected by the spark-operator\'s webhook (the operator sets the master); remove the key'],
    [{ sparkConf: { 'spark.kubernetes.container.image': 'x:1' } }, 'SparkApp Etl: sparkConf["spark.kubernetes.container.image"] "x:1" is rejected by the spark-operator\'s webhook (the operator sets the image); use the image prop'],
    [{ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'x' } }, 'SparkApp Etl: sparkConf["spark.kubernetes.authenticate.driver.serviceAccountName"] "x" is rejected by the spark-operator\'s webhook (the operator sets the service account); use serviceAccountName or a SparkNamespace'],
    [{ sparkConf: { 'spark.kubernetes.authenticate.oauthToken': 'x' } }, 'SparkApp Etl: sparkConf["spark.kubernetes.authenticate.oauthToken"] "***" is rejected by the spark-operator\'s webhook (tokens must not be in the manifest); remove the key (the driver authenticates with its service account)'],
    [{ sparkConf: { 'spark.kubernetes.namespace': 'other' } }, 'SparkApp Etl: sparkConf["spark.kubernetes.namespace"] "other" differs from the app\'s namespace "default" (the operator rejects a different namespace); remove the key'],
    [{ sparkConf: { 'spark.hadoop.fs.s3a.secret.key': 'abc' } }, 'SparkApp Etl: sparkConf["spark.hadoop.fs.s3a.secret.key"] "***" holds a credential, and the manifest would carry it in plain text; put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret'],
    [{ hadoopConf: { 'fs.s3a.access.key': 'abc' } }, 'SparkApp Etl: hadoopConf["fs.s3a.access.key"] "***" holds a credential, and the manifest would carry it in plain text; put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret'],
    [{ hadoopConf: { 'spark.hadoop.fs.s3a.endpoint': 'x' } }, 'SparkApp Etl: hadoopConf["spark.hadoop.fs.s3a.endpoint"] "x" has a key that starts with spark.hadoop. (the operator adds the prefix); use the key fs.s3a.endpoint'],
    [{ env: { DB_PASSWORD: SparkEnvValue.value('hunter2') } }, 'SparkApp Etl: env["DB_PASSWORD"] "***" holds a credential as a literal (the manifest would carry it in plain text); use SparkEnvValue.fromSecret(secretName, key)'],
    [{ env: { MODE: SparkEnvValue.value('a') }, driverEnv: { MODE: SparkEnvValue.value('b') } }, 'SparkApp Etl: driverEnv["MODE"] "b" (set by prop driverEnv) conflicts with "a" set by prop env; set it in one place'],
    [{ nodeSelector: { pool: 'a' }, executorNodeSelector: { pool: 'b' } }, 'SparkApp Etl: executorNodeSelector["pool"] "b" (set by prop executorNodeSelector) conflicts with "a" set by prop nodeSelector; set the label in one place'],
    [{ schedule: { cron: '0 0 * * * *' } }, 'SparkApp Etl: schedule.cron "0 0 * * * *" has 6 fields (there is no seconds field); use 5 fields (minute hour day-of-month month day-of-week) or a descriptor such as @daily or @every 1h'],
    [{ schedule: { cron: '61 * * * *' } }, 'SparkApp Etl: schedule.cron "61 * * * *" is rejected by the operator\'s cron parser (robfig/cron v3): minute field "61" is out of range 0-59; use values from 0 to 59'],
    [{ schedule: { cron: '@minutely' } }, 'SparkApp Etl: schedule.cron "@minutely" is rejected by the operator\'s cron parser (robfig/cron v3): unknown descriptor "@minutely"; accepted descriptors are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @every <duration>'],
    [{ schedule: { cron: '@daily', timeZone: 'Mars/Base' } }, 'SparkApp Etl: schedule.timeZone "Mars/Base" is not an IANA time zone name; use a name such as "Europe/Berlin", "America/New_York" or "UTC"'],
    [{ schedule: { cron: '@daily', timeZone: 'Europe/Berln' } }, 'SparkApp Etl: schedule.timeZone "Europe/Berln" is not an IANA time zone name; did you mean "Europe/Berlin"? IANA names look like "Europe/Berlin", "America/New_York" or "UTC"'],
    [{ schedule: { cron: '@daily', timeZone: 'europe/berlin' } }, 'SparkApp Etl: schedule.timeZone "europe/berlin" is not spelled as in the tz database (time zone names are case-sensitive); use "Europe/Berlin"'],
    [{ schedule: { cron: 'CRON_TZ=UTC @daily', timeZone: 'UTC' } }, 'SparkApp Etl: schedule.timeZone "UTC" is set although schedule.cron has a CRON_TZ= prefix; give the zone once: drop schedule.timeZone or the CRON_TZ= prefix'],
    [{ schedule: { cron: '@daily', failedRunHistoryLimit: -1 } }, 'SparkApp Etl: schedule.failedRunHistoryLimit -1 must be at least 0; use 0 or more'],
    [{ memoryOverheadFactor: -0.1 }, 'SparkApp Etl: memoryOverheadFactor -0.1 must be at least 0; use 0 or more'],
    [{ security: { runAsUser: 0 } }, 'SparkApp Etl: security.runAsUser 0 (root) breaks the restricted Pod Security profile; use a non-root user: Spark images run as 185, the default'],
    [{ security: { fsGroup: -1 } }, 'SparkApp Etl: security.fsGroup -1 must be at least 0; use 0 or more'],
    [{ tolerations: [{ operator: TolerationOperator.EQUAL, value: 'x' }] }, 'SparkApp Etl: tolerations[0].key (unset) must be set unless the operator is EXISTS; give a key, or use TolerationOperator.EXISTS to tolerate every taint'],
    [{ tolerations: [{ key: 'a', operator: TolerationOperator.EXISTS, value: 'x' }] }, 'SparkApp Etl: tolerations[0].value "x" is given with operator EXISTS, which takes no value; drop the value, or use TolerationOperator.EQUAL'],
    [{ executorTolerations: [{ key: 'a' }, { key: '', value: 'x' }] }, 'SparkApp Etl: executorTolerations[1].key "" must be set unless the operator is EXISTS; give a key, or use TolerationOperator.EXISTS to tolerate every taint'],
    [{ requiredNodeAffinity: [{ key: 'zone', operator: NodeSelectorOperator.IN }] }, 'SparkApp Etl: requiredNodeAffinity[0].values (unset) must list at least one value with operator In (key "zone"); list the label values to match, or use NodeSelectorOperator.EXISTS'],
    [{ requiredNodeAffinity: [{ key: 'gpu', operator: NodeSelectorOperator.EXISTS, values: ['a'] }] }, 'SparkApp Etl: requiredNodeAffinity[0].values ["a"] must be empty with operator Exists (key "gpu"); drop the values, or use NodeSelectorOperator.IN'],
    [{ requiredNodeAffinity: [{ key: 'cpus', operator: NodeSelectorOperator.GT, values: ['a'] }] }, 'SparkApp Etl: requiredNodeAffinity[0].values ["a"] must be exactly one integer with operator Gt (key "cpus"); give one whole number, e.g. values: [\'4\']'],
    [{ preferredNodeAffinity: [{ weight: 0, requirements: [] }] }, 'SparkApp Etl: preferredNodeAffinity[0].weight 0 must be a whole number 1-100; use 1 (weakest) to 100 (strongest)'],
    [{ preferredNodeAffinity: [{ weight: 5, requirements: [{ key: 'zone', operator: NodeSelectorOperator.NOT_IN }] }] }, 'SparkApp Etl: preferredNodeAffinity[0].requirements[0].values (unset) must list at least one value with operator NotIn (key "zone"); list the label values to match, or use NodeSelectorOperator.EXISTS'],
    [{ driverVolumeMounts: [{ volume: SparkVolume.emptyDir('a'), path: 'relative' }] }, 'SparkApp Etl: driverVolumeMounts[0].path "relative" must be absolute; start it with "/", e.g. "/relative"'],
    [{ executorVolumeMounts: [{ volume: SparkVolume.emptyDir('a'), path: '/x' }, { volume: SparkVolume.configMap('a', 'cm'), path: '/y' }] }, 'SparkApp Etl: executorVolumeMounts[1].volume.name "a" is already the name of a different volume, added by prop executorVolumeMounts[0] (volume names must be unique per pod); give one of the two volumes another name'],
    [{ executorVolumeMounts: [{ volume: SparkVolume.emptyDir('a'), path: '/x' }, { volume: SparkVolume.emptyDir('b'), path: '/x' }] }, 'SparkApp Etl: executorVolumeMounts[1].path "/x" is already where volume "a" is mounted (by prop executorVolumeMounts[0]); mount each volume at its own path'],
    [{ tier: 'batch' }, 'SparkApp Etl: tier "batch" needs a sparkNamespace that defines priority tiers; give the app a sparkNamespace with tiers, or drop tier and set driverPriorityClassName / executorPriorityClassName'],
    [{ sparkUi: { servicePort: 70000 } }, 'SparkApp Etl: sparkUi.servicePort 70000 is not a port number; use a whole number from 1 to 65535'],
    [{ timeToLive: Duration.millis(10) }, 'SparkApp Etl: timeToLive 10 millis must be at least one second; use e.g. Duration.hours(1)'],
    [{ sparkConf: { 'spark.executor.resource.gpu.amount': '1' } }, 'SparkApp Etl: sparkConf["spark.executor.resource.gpu.amount"] "1" is set but spark.executor.resource.gpu.vendor is not (Spark on Kubernetes needs the vendor to name the resource); set sparkConf["spark.executor.resource.gpu.vendor"] too, e.g. to nvidia.com'],
    [{ sparkConf: { 'spark.executor.resource.gpu.amount': '0.5', 'spark.executor.resource.gpu.vendor': 'nvidia.com' } }, 'SparkApp Etl: sparkConf["spark.executor.resource.gpu.amount"] "0.5" is not a whole number (Spark reads the devices of a pod as an integer; a share of a device per task is spark.task.resource.<name>.amount); use the number of devices per pod, e.g. "1"'],
    [{ sparkConf: { 'spark.kubernetes.memoryOverheadFactor': '-1' } }, 'SparkApp Etl: sparkConf["spark.kubernetes.memoryOverheadFactor"] "-1" must be at least 0 (Spark checks it); use e.g. "0.1" or "0.4"'],
    [{ sparkConf: { 'spark.memory.offHeap.enabled': 'true' } }, 'SparkApp Etl: sparkConf["spark.memory.offHeap.size"] (unset) must be positive when spark.memory.offHeap.enabled is true; give the off-heap size (e.g. 2g), or remove spark.memory.offHeap.enabled'],
    [{ sparkConf: { 'spark.kubernetes.executor.request.cores': 'lots' } }, 'SparkApp Etl: sparkConf["spark.kubernetes.executor.request.cores"] "lots" is not a Kubernetes quantity; expected a number with an optional suffix such as m, k, Mi or Gi (e.g. 500m, 2, 1.5, 4Gi)'],
  ] as Array<[Partial<SparkAppProps>, string]>)('%j', (props, message) => {
    expectError(props, message);
  });

  test('dynamic allocation through raw sparkConf, unbounded', () => {
    expect(errorsOf({ sparkConf: { 'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.shuffleTracking.enabled': 'true' } })).toEqual([
      'SparkApp Etl: sparkConf["spark.dynamicAllocation.enabled"] "true" enables dynamic allocation outside the dynamicAllocation prop, so the SparkApplication would have no dynamicAllocation field with its executor bounds (the operator and gang schedulers size the app from it); set dynamicAllocation (e.g. { maxExecutors: 10 }) instead and remove the key',
      'SparkApp Etl: sparkConf["spark.dynamicAllocation.maxExecutors"] (unset) must be bounded when dynamic allocation is enabled (Spark\'s default is unlimited); set dynamicAllocation.maxExecutors to the most executors the app may run',
    ]);
  });

  test('restart policy and value types validate their own input', () => {
    expect(() => RestartPolicy.always({ retries: 3 })).toThrow(new Error('RestartPolicy.always: retries 3 does not apply (Always restarts without limit); use RestartPolicy.onFailure for a bounded number of retries'));
    expect(() => RestartPolicy.onFailure({ retryInterval: Duration.millis(500) })).toThrow(new Error('RestartPolicy.onFailure: retryInterval 500 millis must be a whole number of seconds of at least 1; use e.g. Duration.seconds(1)'));
    expect(() => RestartPolicy.always({ submissionRetryInterval: Duration.millis(2500) })).toThrow(new Error('RestartPolicy.always: submissionRetryInterval 2 seconds 500 millis must be a whole number of seconds of at least 1; use e.g. Duration.seconds(3)'));
    expect(() => RestartPolicy.onFailure({ retries: -1 })).toThrow(new Error('RestartPolicy.onFailure: retries -1 must be at least 0; use 0 or more'));
    expect(() => RestartPolicy.onFailure({ submissionRetries: 1.5 })).toThrow(new Error('RestartPolicy.onFailure: submissionRetries 1.5 must be a whole number; use 1 or 2'));
    expect(() => SparkVersion.of('3.5')).toThrow(new Error('SparkVersion.of: version "3.5" is not a Spark release version; expected major.minor.patch such as 3.5.5 or 4.0.1'));
    expect(() => SparkVersion.of('3.2.4')).toThrow(new Error('SparkVersion.of: version "3.2.4" is not supported: cdk8s-spark supports Spark 3.3.0 to 4.2.x (the resource model follows Spark\'s own code for these releases); use a release in that range, e.g. SparkVersion.V3_5_5 or SparkVersion.V4_2_0'));
    expect(() => CpuCores.millis(0)).toThrow(new Error('CpuCores.millis: millicores 0 must be a whole number of at least 1; use e.g. CpuCores.millis(500) for half a core'));
    expect(() => CpuCores.of(0.0005)).toThrow(new Error('CpuCores.of: cores 0.0005 must be positive with at most three decimals (the precision is one millicore); use e.g. CpuCores.of(0.5) or CpuCores.of(2), or CpuCores.millis for millicores'));
    expect(() => SparkVolume.emptyDir('Bad_Name')).toThrow(new Error('SparkVolume.emptyDir: name "Bad_Name" must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters); use e.g. "bad-name"'));
    expect(() => SparkVolume.configMap('-', 'cm')).toThrow(new Error('SparkVolume.configMap: name "-" must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters); use lower-case letters, digits and "-", e.g. "data"'));
  });
});

describe('errors about what features add', () => {
  const container = (props: Partial<SparkContainer> = {}): SparkContainer => ({
    name: 'log-shipper', image: 'fluent/fluent-bit:3.0', cpu: CpuCores.millis(100), memory: Size.mebibytes(64), ...props,
  });
  const messageOf = (f: () => void): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return '(no error)';
  };

  test.each<[string, (app: SparkApp) => void, string]>([
    ['env conflict', app => {
      app.addEnv(SparkPods.ALL, 'MODE', SparkEnvValue.value('a'), 'F1');
      app.addEnv(SparkPods.DRIVER, 'MODE', SparkEnvValue.fromSecret('s', 'k'), 'F2');
    }, 'SparkApp Etl: env["MODE"] {"valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}} (set by F2) conflicts with "a" set by F1; set it in one place'],
    ['credential env conflict hides the values', app => {
      app.addEnv(SparkPods.ALL, 'DB_PASSWORD', SparkEnvValue.value('a'), 'F1');
      app.addEnv(SparkPods.ALL, 'DB_PASSWORD', SparkEnvValue.value('b'), 'F2');
    }, 'SparkApp Etl: env["DB_PASSWORD"] "***" (set by F2) conflicts with "***" set by F1; set it in one place'],
    ['relative mount path', app => app.addVolumeMount(SparkPods.ALL, { volume: SparkVolume.emptyDir('a'), path: 'data' }, 'F'),
      'SparkApp Etl: volumeMount.path "data" (added by F) must be absolute; start it with "/", e.g. "/data"'],
    ['volume name taken', app => {
      app.addVolume(SparkPods.ALL, SparkVolume.emptyDir('a'), 'F1');
      app.addVolume(SparkPods.ALL, SparkVolume.configMap('a', 'cm'), 'F2');
    }, 'SparkApp Etl: volume.name "a" (added by F2) is already the name of a different volume, added by F1 (volume names must be unique per pod); give one of the two volumes another name'],
    ['mount path taken', app => {
      app.addVolumeMount(SparkPods.ALL, { volume: SparkVolume.emptyDir('a'), path: '/x' }, 'F1');
      app.addVolumeMount(SparkPods.ALL, { volume: SparkVolume.emptyDir('b'), path: '/x' }, 'F2');
    }, 'SparkApp Etl: volumeMount.path "/x" (added by F2) is already where volume "a" is mounted (by F1); mount each volume at its own path'],
    ['container name', app => app.addSidecar(SparkPods.ALL, container({ name: 'Log_Shipper' }), 'F'),
      'SparkApp Etl: sidecar.name "Log_Shipper" (added by F) must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit; rename it, e.g. "log-shipper"'],
    ['Spark\'s container name', app => app.addInitContainer(SparkPods.DRIVER, container({ name: 'spark-kubernetes-driver' }), 'F'),
      'SparkApp Etl: initContainer.name "spark-kubernetes-driver" (added by F) is the name of Spark\'s own container in the driver pod; give each container its own name'],
    ['container name used twice', app => {
      app.addSidecar(SparkPods.EXECUTORS, container(), 'F1');
      app.addInitContainer(SparkPods.EXECUTORS, container(), 'F2');
    }, 'SparkApp Etl: initContainer.name "log-shipper" (added by F2) is used twice in the executor pod; give each container its own name'],
    ['unpinned container image', app => app.addSidecar(SparkPods.ALL, container({ image: 'fluent/fluent-bit' }), 'F'),
      'SparkApp Etl: sidecar.image "fluent/fluent-bit" (container "log-shipper", added by F) must be pinned to a tag or digest (not latest); add a version tag (e.g. busybox:1.36) or a digest'],
    ['container memory', app => app.addSidecar(SparkPods.ALL, container({ memory: Size.kibibytes(100) }), 'F'),
      'SparkApp Etl: sidecar.memory 100Ki (container "log-shipper", added by F) is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(1)'],
    ['toleration from a feature', app => app.addTolerations(SparkPods.EXECUTORS, [{ key: 'gpu', operator: TolerationOperator.EXISTS, value: 'x' }], 'F'),
      'SparkApp Etl: tolerations[0].value "x" (added by F) is given with operator EXISTS, which takes no value; drop the value, or use TolerationOperator.EQUAL'],
    ['node affinity from a feature', app => app.addRequiredNodeAffinity(SparkPods.ALL, [{ key: 'zone', operator: NodeSelectorOperator.IN }], 'F'),
      'SparkApp Etl: requiredNodeAffinity[0].values (unset) (added by F) must list at least one value with operator In (key "zone"); list the label values to match, or use NodeSelectorOperator.EXISTS'],
    ['node selector conflict', app => {
      app.addNodeSelector(SparkPods.ALL, { pool: 'a' }, 'F1');
      app.addNodeSelector(SparkPods.EXECUTORS, { pool: 'b' }, 'F2');
    }, 'SparkApp Etl: nodeSelector["pool"] "b" (set by F2) conflicts with "a" set by F1; set the label in one place'],
    ['ephemeral storage conflict', app => {
      app.addEphemeralStorage(SparkRole.EXECUTOR, Size.gibibytes(1), 'F1');
      app.addEphemeralStorage(SparkRole.EXECUTOR, Size.gibibytes(2), 'F2');
    }, 'SparkApp Etl: resources["ephemeral-storage"] "2Gi" (request set by F2 on the executor pod) conflicts with "1Gi" set by F1; set it in one place'],
    ['ephemeral storage in whole MiB', app => app.addEphemeralStorage(SparkRole.DRIVER, Size.kibibytes(1536), 'F'),
      'SparkApp Etl: ephemeralStorage["F"] 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)'],
    ['memory headroom in whole MiB', app => app.addMemoryHeadroom(SparkRole.EXECUTOR, Size.kibibytes(1536), 'F'),
      'SparkApp Etl: memoryHeadroom["F"] 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)'],
    ['port number', app => app.addContainerPort(SparkPods.ALL, 'jmx', 0, 'F'),
      'SparkApp Etl: containerPorts["jmx"] 0 (added by F) is not a port number; use a whole number from 1 to 65535'],
    ['port clash', app => {
      app.addContainerPort(SparkPods.ALL, 'jmx', 8090, 'F1');
      app.addContainerPort(SparkPods.ALL, 'metrics', 8090, 'F2');
    }, 'SparkApp Etl: containerPorts["metrics"] 8090 (added by F2) clashes with port jmx/8090 (added by F1); give each port its own name and number'],
    ['scheduler conflict', app => {
      app.setSchedulerName(SparkPods.ALL, 'volcano', 'F1');
      app.setSchedulerName(SparkPods.ALL, 'yunikorn', 'F2');
    }, 'SparkApp Etl: schedulerName "yunikorn" (set by F2) conflicts with "volcano" set by F1; use one gang scheduler per app'],
    ['grace period in whole seconds', app => app.addTerminationGracePeriod(SparkPods.DRIVER, Duration.millis(1500), 'F'),
      'SparkApp Etl: terminationGracePeriod["F"] 1 second 500 millis must be a whole number of seconds; use e.g. Duration.seconds(2)'],
    ['application label conflict', app => app.addApplicationLabels({ 'app.kubernetes.io/name': 'other' }, 'F'),
      'SparkApp Etl: applicationLabels["app.kubernetes.io/name"] "other" (set by F) conflicts with "spark" already on the SparkApplication; set the label in one place'],
    ['pods value', app => app.addPodLabels('both' as SparkPods, { a: 'b' }, 'F'),
      'SparkApp Etl: pods "both" (added by F) is not a SparkPods; use one of SparkPods.DRIVER, SparkPods.EXECUTORS, SparkPods.ALL (values "driver", "executor", "all")'],
    ['list entries for a key that is not a list', app => app.addSparkConfListEntries('spark.sql.shuffle.partitions', ['1'], 'F'),
      'SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] ["1"] (list entries from F) cannot be appended: the key is not list-valued; use addSparkConf; the list-valued keys are spark.jars, spark.files, spark.archives, spark.submit.pyFiles, spark.jars.packages, spark.jars.repositories, spark.jars.excludes, spark.plugins, spark.extraListeners, spark.sql.extensions, spark.sql.queryExecutionListeners, spark.sql.streaming.streamingQueryListeners, spark.driver.extraClassPath, spark.executor.extraClassPath, spark.driver.extraLibraryPath, spark.executor.extraLibraryPath, spark.driver.extraJavaOptions, spark.executor.extraJavaOptions, spark.driver.defaultJavaOptions, spark.executor.defaultJavaOptions'],
    ['a package for another Scala', app => app.addSparkConfListEntries('spark.jars.packages', ['io.delta:delta-spark_2.13:3.2.0'], 'F'),
      'SparkApp Etl: sparkConf["spark.jars.packages"] "io.delta:delta-spark_2.13:3.2.0" (added by F) is built for Scala 2.13 but the app runs Scala 2.12; use io.delta:delta-spark_2.12:3.2.0'],
    ['a key the webhook rejects', app => app.addSparkConf('spark.master', 'local', 'F'),
      'SparkApp Etl: sparkConf["spark.master"] "local" (set by F) is rejected by the spark-operator\'s webhook (the operator sets the master); remove the key'],
    ['a credential key', app => app.addSparkConf('spark.hadoop.fs.s3a.secret.key', 'x', 'F'),
      'SparkApp Etl: sparkConf["spark.hadoop.fs.s3a.secret.key"] "***" (set by F) holds a credential, and the manifest would carry it in plain text; put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret'],
    ['an unreadable conf value a feature set', app => {
      app.addSparkConf('spark.memory.offHeap.enabled', 'true', 'F');
      app.addSparkConf('spark.memory.offHeap.size', '1.5g', 'F');
      app.resources();
    }, 'SparkApp Etl: sparkConf["spark.memory.offHeap.size"] "1.5g" (set by F) is not a Spark size; expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)'],
  ])('%s', (_name, act, message) => {
    const { app } = make();
    expect(messageOf(() => act(app))).toBe(message);
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
  test('a 63-character name still names its driver identity "<name>-driver" (ServiceAccount and Role names may have 253)', () => {
    const name = `a${'b'.repeat(62)}`;
    const { chart, app } = make({ name });
    expect(app.serviceAccountName).toBe(`${name}-driver`);
    const out = synth(chart);
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) expect(findOne(out, kind).metadata.name).toBe(`${name}-driver`);
    expect(findOne(out, 'SparkApplication').metadata.labels['app.kubernetes.io/instance']).toBe(name);
  });

  test('a name the operator would reject names the name prop, also when it comes from the construct id', () => {
    expectError({ name: `a${'b'.repeat(63)}` }, `SparkApp Etl: name "a${'b'.repeat(63)}" is 64 characters long, more than 63; use a name of at most 63 characters`);
    expectError({}, 'SparkApp 42: name "" must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit; give a name prop (the default comes from the construct id "42") of lower-case letters, digits and "-", e.g. "etl-job"', '42');
  });
});

describe('init containers and sidecars', () => {
  const container = (props: Partial<SparkContainer> = {}): SparkContainer => ({
    name: 'fix-perms', image: 'busybox:1.36', cpu: CpuCores.millis(100), memory: Size.mebibytes(64), ...props,
  });

  test('each gets an explicit security context: the restricted one with the pods\' user, or root when it says so', () => {
    const { chart, app } = make({ security: { runAsUser: 1000, runAsGroup: 1000 } });
    app.addInitContainer(SparkPods.EXECUTORS, container({ runAsRoot: true, readOnlyRootFilesystem: false }), 'FixPerms');
    app.addSidecar(SparkPods.EXECUTORS, container({ name: 'log-shipper' }), 'Logs');
    const t = findOne(synth(chart), 'SparkApplication').spec.executor.template.spec;
    expect(t.initContainers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(t.containers[1].securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(SparkWarnings.of(app)).toEqual([
      'test/Etl: initContainer "fix-perms" (added by FixPerms) runs as root in the executor pods: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]',
    ]);
  });

  test('a root container in a namespace that enforces restricted is an error naming the container and the level', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Team', { name: 'team' });
    const app = new SparkApp(chart, 'Etl', { ...BASE, sparkNamespace: ns });
    expect(() => app.addInitContainer(SparkPods.ALL, container({ runAsRoot: true }), 'FixPerms')).toThrow(new Error(
      'SparkApp Etl: initContainer.runAsRoot true (container "fix-perms", added by FixPerms) runs as root, which the restricted Pod Security Standard forbids, and namespace team enforces restricted (the driver and executor pods would be rejected); let the container run as the pods\' non-root user (drop runAsRoot), or place the app in a namespace with podSecurity baseline'));
  });

  test('baseline allows root: a warning only', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Team', { name: 'team', podSecurity: PodSecurityLevel.BASELINE });
    const app = new SparkApp(chart, 'Etl', { ...BASE, sparkNamespace: ns });
    app.addInitContainer(SparkPods.DRIVER, container({ runAsRoot: true }), 'FixPerms');
    expect(SparkWarnings.of(app)).toContain('test/Etl: initContainer "fix-perms" (added by FixPerms) runs as root in the driver pod: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]');
    expect(findOne(synth(chart), 'SparkApplication').spec.driver.template.spec.initContainers[0].securityContext.runAsUser).toBe(0);
  });

  test('the resource model counts them as Kubernetes does: max(largest init container, Spark container + sidecars)', () => {
    const { app } = make({ executorMemory: Size.gibibytes(4), executorCoreLimit: CpuCores.of(1) });
    const before = app.resources().executor;
    app.addSidecar(SparkPods.EXECUTORS, container({ name: 'logs', cpu: CpuCores.millis(200), memory: Size.mebibytes(128) }), 'Logs');
    app.addInitContainer(SparkPods.EXECUTORS, container({ name: 'warm', cpu: CpuCores.of(2), memory: Size.mebibytes(256) }), 'Warm');
    const after = app.resources().executor;
    expect(before.memoryRequestMebibytes).toBe(4096 + 409);
    // memory: Spark 4505 + sidecar 128 > init 256; CPU: init 2000m > Spark 1000m + sidecar 200m
    expect(after).toMatchObject({
      memoryRequestMebibytes: 4505 + 128,
      memoryLimitMebibytes: 4505 + 128,
      otherContainersMemoryMebibytes: 128,
      cpuRequestMillis: 2000,
      cpuLimitMillis: 2000,
      otherContainersCpuMillis: 1000,
      heapMebibytes: 4096,
    });
    expect(app.resources().driver.otherContainersMemoryMebibytes).toBeUndefined();
    expect(app.resources().peak.memoryRequestMebibytes).toBe(1024 + 384 + 2 * (4505 + 128));
  });
});

describe('arguments of the public methods are checked like props (a feature in JavaScript passes anything)', () => {
  const messageOf = (f: () => void): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return '(no error)';
  };

  test.each<[string, (app: SparkApp) => void, string]>([
    ['a number for a CpuCores', app => app.addSidecar(SparkPods.ALL, { name: 'logs', image: 'fluent/fluent-bit:3.0', cpu: 2, memory: Size.mebibytes(64) } as any, 'Logs'),
      'SparkApp Etl: sidecar.cpu 2 (added by Logs) must be a CpuCores; got a number; use CpuCores.of(2) or CpuCores.millis(500)'],
    ['a string for a SparkEnvValue', app => app.addEnv(SparkPods.DRIVER, 'MODE', 'fast' as any, 'Tuning'),
      'SparkApp Etl: env["MODE"] "fast" (added by Tuning) must be a SparkEnvValue; got a string; use SparkEnvValue.value("..."), .fromSecret(...) or .fromConfigMap(...)'],
    ['no source', app => app.addPodLabels(SparkPods.ALL, { a: 'b' }, undefined as any),
      'SparkApp Etl: source (unset) is required; give a string'],
    ['a ".." sub-path', app => app.addVolumeMount(SparkPods.ALL, { volume: SparkVolume.emptyDir('data'), path: '/data', subPath: '../etc' }, 'F'),
      'SparkApp Etl: volumeMount.subPath "../etc" (added by F) must be a relative path without ".." elements; name a path inside the volume, e.g. conf/app.properties'],
    ['a label value too long', app => app.addPodLabels(SparkPods.ALL, { team: 'x'.repeat(64) }, 'F'),
      `SparkApp Etl: podLabels["team"] "${'x'.repeat(64)}" (added by F) is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`],
    ['a port name', app => app.addContainerPort(SparkPods.ALL, 'jmx_port', 9090, 'F'),
      'SparkApp Etl: containerPorts key "jmx_port" (added by F) is not a valid port name; use at most 15 lower-case letters, digits and "-" with at least one letter, e.g. "metrics"'],
    ['a conf value that is an object', app => app.addSparkConf('spark.sql.shuffle.partitions', { n: 1 } as any, 'F'),
      'SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] {"n":1} (added by F) must be a string, number or boolean (got an object); give the value as Spark reads it, e.g. "4g" or "200"'],
    ['tolerationDuration without NO_EXECUTE', app => app.addTolerations(SparkPods.ALL, [{ key: 'spot', effect: TaintEffect.NO_SCHEDULE, tolerationDuration: Duration.minutes(5) }], 'F'),
      'SparkApp Etl: tolerations[0].tolerationDuration 5 minutes (added by F) only applies to effect NO_EXECUTE (the API server rejects tolerationSeconds with effect NoSchedule); set effect to TaintEffect.NO_EXECUTE, or drop tolerationDuration'],
  ])('%s', (_name, act, message) => {
    const { app } = make();
    expect(messageOf(() => act(app))).toBe(message);
  });
});

describe('numbers from JavaScript', () => {
  test('a memory overhead factor of 0 is accepted, as Spark accepts it (the overhead is the floor)', () => {
    const { app } = make({ memoryOverheadFactor: 0 });
    expect(app.resources().executor.overheadMebibytes).toBe(384);
    expect(app.sparkConfValue('spark.kubernetes.memoryOverheadFactor')).toBe('0');
  });

  test('absurd but legal figures warn with the figure', () => {
    const { app } = make({ executorInstances: 20_000, executorCores: 300 });
    expect(SparkWarnings.of(app)).toEqual([
      'test/Etl: executorCores 300 is more than 256; check the figure [absurd-value]',
      'test/Etl: executorInstances 20000 is more than 10000; check the figure [absurd-value]',
    ]);
  });
});
