import { Chart, Duration, Size, Testing } from 'cdk8s';
import { ISparkApp, ISparkFeature, SparkApp, SparkAppProps, SparkRole, SparkVersion, SparkWarnings } from '../src';
import { SparkConfBuilder } from '../src/core/conf';
import { isCredentialEnvName, isCredentialKey } from '../src/core/credentials';
import {
  computePodResources, executorCounts, parseSparkBoolean, parseSparkDouble, parseSparkInt, parseSparkTime, readConf,
} from '../src/core/model';
import { sparkVersionOfImage } from '../src/workloads/spark-app-conf';

// Raw sparkConf and hadoopConf read as Spark reads them, so the resource model, the CRD fields and
// the checks agree whichever way a value was written; and the false alarms that must not fire.

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/app/etl.jar',
  mainClass: 'com.example.Etl',
};

function make(props: Record<string, unknown> = {}): { app: SparkApp; chart: Chart } {
  const chart = new Chart(Testing.app(), 'test');
  const app = new SparkApp(chart, 'Etl', { ...BASE, ...props } as SparkAppProps);
  return { app, chart };
}

function spec(props: Record<string, unknown> = {}, extra?: (app: SparkApp) => void): any {
  const { app, chart } = make(props);
  extra?.(app);
  return Testing.synth(chart).find(o => o.kind === 'SparkApplication').spec;
}

/** A feature that adds entries to list-valued keys (bound after the raw conf). */
function listFeature(name: string, key: string, entries: string[]): ISparkFeature {
  return { featureName: name, bind: (app: ISparkApp) => app.addSparkConfListEntries(key, entries, name) };
}

describe('values are parsed as Spark parses them', () => {
  test('booleans: trimmed, any case; nothing else', () => {
    expect(parseSparkBoolean(' TRUE ')).toBe(true);
    expect(parseSparkBoolean('False')).toBe(false);
    for (const v of ['yes', '1', 'on', 't', '']) {
      expect(() => parseSparkBoolean(v)).toThrow('is not a boolean as Spark reads it (true or false, in any case); use "true" or "false"');
    }
  });

  test('ints: Integer.parseInt of the trimmed value, 32 bits', () => {
    expect(parseSparkInt(' +4 ')).toBe(4);
    expect(parseSparkInt('-0')).toBe(0);
    expect(parseSparkInt('2147483647')).toBe(2147483647);
    expect(() => parseSparkInt('2147483648')).toThrow('is out of range for a Spark int (32 bits); use at most 2147483647');
    expect(() => parseSparkInt('4.0')).toThrow('is not a whole number as Spark reads it');
    expect(() => parseSparkInt(' 4', { trim: false })).toThrow('is not a whole number as Spark reads it');
  });

  test('doubles: Double.parseDouble forms', () => {
    expect(parseSparkDouble('0.1')).toBe(0.1);
    expect(parseSparkDouble(' .5 ')).toBe(0.5);
    expect(parseSparkDouble('1e-1')).toBe(0.1);
    expect(parseSparkDouble('0.4d')).toBe(0.4);
    expect(parseSparkDouble('NaN')).toBeNaN();
    expect(() => parseSparkDouble('10%')).toThrow('is not a number as Spark reads it');
  });

  test('durations: JavaUtils.timeStringAs units, truncated to the key\'s unit', () => {
    expect(parseSparkTime('30min', 'ms')).toBe(1_800_000);
    expect(parseSparkTime('30m', 'ms')).toBe(1_800_000);
    expect(parseSparkTime('2h', 's')).toBe(7200);
    expect(parseSparkTime(' 100MS ', 'ms')).toBe(100);
    expect(parseSparkTime('1500ms', 's')).toBe(1);
    expect(parseSparkTime('100us', 'ms')).toBe(0);
    expect(parseSparkTime('60', 's')).toBe(60);
    expect(parseSparkTime('1d', 'ms')).toBe(86_400_000);
    expect(() => parseSparkTime('30 minutes', 'ms')).toThrow('is not a Spark duration');
    expect(() => parseSparkTime('5mins', 's')).toThrow('has an unknown time unit "mins"');
  });
});

describe('SparkConfBuilder', () => {
  test('numbers and booleans from JavaScript become the strings Spark reads', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    b.set('spark.sql.shuffle.partitions', 200 as any, 'sparkConf');
    b.set('spark.speculation', false as any, 'sparkConf');
    b.set('spark.kubernetes.memoryOverheadFactor', 0.2 as any, 'sparkConf');
    expect(b.toObject()).toEqual({ 'spark.kubernetes.memoryOverheadFactor': '0.2', 'spark.speculation': 'false', 'spark.sql.shuffle.partitions': '200' });
  });

  test('booleans and whole numbers are stored in one spelling, so every reader sees it', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    b.set('spark.memory.offHeap.enabled', ' TRUE ', 'sparkConf');
    b.set('spark.executor.instances', ' +04 ', 'sparkConf');
    expect(b.get('spark.memory.offHeap.enabled')).toBe('true');
    expect(b.get('spark.executor.instances')).toBe('4');
  });

  test('the same value in another spelling is no conflict; another value is', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    b.set('spark.executor.memory', '2048m', 'prop executorMemory');
    b.set('spark.executor.memory', '2g', 'sparkConf');
    b.set('spark.dynamicAllocation.enabled', 'true', 'prop dynamicAllocation');
    b.set('spark.dynamicAllocation.enabled', 'TRUE', 'sparkConf');
    b.set('spark.dynamicAllocation.shuffleTracking.timeout', '30min', 'F');
    b.set('spark.dynamicAllocation.shuffleTracking.timeout', '1800000', 'G');
    expect(b.get('spark.executor.memory')).toBe('2048m');
    expect(() => b.set('spark.executor.memory', '3g', 'sparkConf'))
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.executor.memory"] "3g" conflicts with "2048m" set by prop executorMemory; set it through executorMemory only and remove the key'));
  });

  test('an older name and the current key are one setting', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    b.set('spark.memory.offHeap.enabled', 'true', 'sparkConf');
    b.set('spark.unsafe.offHeap', 'TRUE', 'F');
    expect(() => b.set('spark.yarn.executor.memoryOverhead', '1g', 'G')).not.toThrow();
    expect(() => b.set('spark.executor.memoryOverhead', '512m', 'H'))
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.executor.memoryOverhead"] "512m" (set by H) is the same setting as spark.yarn.executor.memoryOverhead, which G set to "1g" (Spark reads spark.executor.memoryOverhead first, then the older names in order); set the value once, under spark.executor.memoryOverhead'));
  });

  test('list keys join what each source adds, in the separator Spark splits by', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    b.appendList('spark.executor.extraJavaOptions', ['--add-opens java.base/java.lang=ALL-UNNAMED'], 'F', ' ');
    b.appendList('spark.executor.extraJavaOptions', ['--add-opens java.base/java.nio=ALL-UNNAMED'], 'G', ' ');
    b.set('spark.executor.extraJavaOptions', '-XX:+UseG1GC', 'sparkConf');
    b.set('spark.executor.extraJavaOptions', '-XX:+UseG1GC', 'H');
    expect(b.get('spark.executor.extraJavaOptions'))
      .toBe('--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED -XX:+UseG1GC');
    expect(b.sourceOf('spark.executor.extraJavaOptions')).toBe('F, G, sparkConf');
    b.set('spark.driver.extraClassPath', '/opt/extra/*', 'sparkConf');
    b.appendList('spark.driver.extraClassPath', ['/deps/jars/*', '/opt/extra/*'], 'DependencyVolume deps', ':');
    expect(b.get('spark.driver.extraClassPath')).toBe('/opt/extra/*:/deps/jars/*');
    b.set('spark.driver.defaultJavaOptions', '-javaagent:/jmx.jar=8090:/etc/jmx/config.yaml', 'PrometheusMonitoring mon');
    b.set('spark.driver.defaultJavaOptions', '-XX:+UseG1GC', 'sparkConf');
    expect(b.get('spark.driver.defaultJavaOptions')).toBe('-javaagent:/jmx.jar=8090:/etc/jmx/config.yaml -XX:+UseG1GC');
  });

  test('a key Spark reads only with dynamic allocation is not judged when written', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    expect(() => b.set('spark.dynamicAllocation.executorIdleTimeout', 'soon', 'sparkConf')).not.toThrow();
    expect(() => b.set('spark.executor.cores', 'four', 'sparkConf')).toThrow('SparkApp Etl: sparkConf["spark.executor.cores"] "four" is not a whole number as Spark reads it');
  });

  test('keys and values Spark could not be given', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    expect(() => b.set(' spark.sql.shuffle.partitions', '1', 'F'))
      .toThrow(new Error('SparkApp Etl: sparkConf[" spark.sql.shuffle.partitions"] "1" (set by F) has a key with leading or trailing whitespace, which Spark keeps, so it would not recognize the key; write the key as "spark.sql.shuffle.partitions"'));
    expect(() => b.set('spark.hadoop. fs.s3a.endpoint', 'x', 'hadoopConf'))
      .toThrow(new Error('SparkApp Etl: hadoopConf[" fs.s3a.endpoint"] "x" has a key with leading or trailing whitespace, which Spark keeps, so it would not recognize the key; write the key as "fs.s3a.endpoint"'));
    expect(() => b.set('spark.sql.x', { a: 1 } as any, 'F'))
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.sql.x"] {"a":1} (set by F) must be a string (a number or boolean is written as the string Spark reads); give the value as a string, e.g. "4g" or "true"'));
    expect(() => b.set('spark.sql.x', Infinity as any, 'F'))
      .toThrow(new Error('SparkApp Etl: sparkConf["spark.sql.x"] Infinity (set by F) is not a value Spark can read; give a finite number, or the value as a string'));
    expect(() => b.set('', 'x', 'F')).toThrow(new Error('SparkApp Etl: sparkConf key "" must not be empty; give the configuration key, e.g. "spark.executor.memory"'));
  });

  test('a typed prop\'s value Spark refuses names the prop', () => {
    const b = new SparkConfBuilder('SparkApp Etl');
    expect(() => b.set('spark.kubernetes.memoryOverheadFactor', '-0.5', 'prop memoryOverheadFactor'))
      .toThrow(new Error('SparkApp Etl: memoryOverheadFactor "-0.5" must be at least 0 (Spark checks it); use e.g. "0.1" or "0.4"'));
    // Spark 3.3.0 dropped the upper bound 1 (SPARK-37611): small heaps with large tmpfs dirs need more.
    expect(() => b.set('spark.kubernetes.memoryOverheadFactor', '1.5', 'prop memoryOverheadFactor')).not.toThrow();
  });
});

describe('the resource model reads the conf as Spark does', () => {
  const model = (role: SparkRole, conf: Record<string, string>, version = SparkVersion.of('3.5.5')) =>
    computePodResources(role, new Map(Object.entries(conf)), { nonJvm: false, python: false, version });

  test('older key names', () => {
    expect(model(SparkRole.EXECUTOR, { 'spark.unsafe.offHeap': 'True', 'spark.memory.offHeap.size': '1g' }).offHeapMebibytes).toBe(1024);
    expect(model(SparkRole.EXECUTOR, { 'spark.yarn.executor.memoryOverhead': '600m' }).overheadMebibytes).toBe(600);
    // the current key wins over an older name
    expect(model(SparkRole.DRIVER, { 'spark.driver.memoryOverhead': '500m', 'spark.yarn.driver.memoryOverhead': '900m' }).overheadMebibytes).toBe(500);
    expect(readConf(new Map([['spark.unsafe.offHeap', 'true']]), 'spark.memory.offHeap.enabled')).toEqual({ key: 'spark.unsafe.offHeap', value: 'true' });
  });

  test('off-heap below 1 MiB is accepted by Spark and adds no whole MiB', () => {
    expect(model(SparkRole.EXECUTOR, { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '1000' }).offHeapMebibytes).toBe(0);
  });

  test('overhead factor 0 for spark.kubernetes.memoryOverheadFactor leaves the floor', () => {
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.memory': '8g', 'spark.kubernetes.memoryOverheadFactor': '0' }).overheadMebibytes).toBe(384);
  });

  test('GPU amounts of 0 or less request nothing and need no vendor', () => {
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.resource.gpu.amount': '0' }).extendedResources).toEqual({});
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.resource.gpu.amount': '-1' }).extendedResources).toEqual({});
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.resource.fpga.amount': '2', 'spark.executor.resource.fpga.vendor': 'xilinx.com' }).extendedResources)
      .toEqual({ 'xilinx.com/fpga': 2 });
  });

  test('CPU from spark.<role>.cores as a Spark int', () => {
    expect(model(SparkRole.EXECUTOR, { 'spark.executor.cores': ' 3 ' }).cpuRequestMillis).toBe(3000);
  });

  test('executor counts: static, dynamic (max of min, initial and instances), unbounded', () => {
    expect(executorCounts(new Map())).toEqual({ dynamic: false, initial: 2, max: 2 });
    expect(executorCounts(new Map([['spark.executor.instances', '5']]))).toEqual({ dynamic: false, initial: 5, max: 5 });
    expect(executorCounts(new Map([
      ['spark.dynamicAllocation.enabled', 'True'], ['spark.dynamicAllocation.minExecutors', '2'],
      ['spark.dynamicAllocation.maxExecutors', '10'], ['spark.executor.instances', '4'],
    ]))).toEqual({ dynamic: true, initial: 4, max: 10 });
    expect(executorCounts(new Map([['spark.dynamicAllocation.enabled', 'true'], ['spark.dynamicAllocation.minExecutors', '3']])))
      .toEqual({ dynamic: true, initial: 3, max: 2147483647 });
  });
});

describe('the CRD fields say what Spark will do', () => {
  test('a duration and instances under dynamic allocation: numbers, never NaN', () => {
    const s = spec({ dynamicAllocation: { maxExecutors: 10, initialExecutors: 1, shuffleTrackingTimeout: Duration.minutes(5) } }, app => {
      app.addSparkConf('spark.executor.instances', '4');
    });
    expect(s.dynamicAllocation).toEqual({
      enabled: true, initialExecutors: 4, minExecutors: 0, maxExecutors: 10, shuffleTrackingEnabled: true, shuffleTrackingTimeout: 300000,
    });
    expect(s.executor.instances).toBeUndefined();
    const t = spec({ dynamicAllocation: { maxExecutors: 10 }, sparkConf: { 'spark.dynamicAllocation.shuffleTracking.timeout': '30min' } });
    expect(t.dynamicAllocation.shuffleTrackingTimeout).toBe(1_800_000);
    expect(JSON.stringify(t)).not.toContain('null');
  });

  test('an older key name fills the typed field and is not repeated', () => {
    const s = spec({ sparkConf: { 'spark.yarn.executor.memoryOverhead': '600m' } });
    expect(s.executor.memoryOverhead).toBe('600m');
    expect(s.sparkConf?.['spark.yarn.executor.memoryOverhead']).toBeUndefined();
  });

  test('sparkConf and hadoopConf values are strings in the manifest', () => {
    const s = spec({
      sparkConf: { 'spark.sql.shuffle.partitions': 64, 'spark.speculation': true, 'spark.memory.offHeap.enabled': ' TRUE ', 'spark.memory.offHeap.size': '1g' },
      hadoopConf: { 'fs.s3a.connection.maximum': 200, 'fs.s3a.path.style.access': true },
    });
    expect(s.sparkConf).toEqual({
      'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '1g', 'spark.speculation': 'true', 'spark.sql.shuffle.partitions': '64',
    });
    expect(s.hadoopConf).toEqual({ 'fs.s3a.connection.maximum': '200', 'fs.s3a.path.style.access': 'true' });
  });

  test('the same hadoop key in sparkConf and hadoopConf with one value is accepted once', () => {
    const s = spec({ sparkConf: { 'spark.hadoop.fs.s3a.endpoint': 'http://minio:9000' }, hadoopConf: { 'fs.s3a.endpoint': 'http://minio:9000' } });
    expect(s.hadoopConf).toEqual({ 'fs.s3a.endpoint': 'http://minio:9000' });
    expect(s.sparkConf?.['spark.hadoop.fs.s3a.endpoint']).toBeUndefined();
  });

  test('the resource model sees raw sparkConf as it sees typed props', () => {
    const typed = make({ executorMemory: Size.gibibytes(4), executorMemoryOverhead: Size.mebibytes(600) }).app.resources().executor;
    const raw = make({ executorMemory: Size.gibibytes(4), sparkConf: { 'spark.yarn.executor.memoryOverhead': '600m' } }).app.resources().executor;
    expect(raw.memoryRequestMebibytes).toBe(typed.memoryRequestMebibytes);
  });
});

describe('no false alarms', () => {
  test.each([
    ['a team image with its own version', { image: 'registry.example/team/spark-etl:1.4.2' }],
    ['an image named for the Spark it runs', { image: 'apache/spark:3.5.5-scala2.12-java17-python3-ubuntu' }],
    ['a KMS key ARN for SSE-KMS', {
      hadoopConf: { 'fs.s3a.encryption.algorithm': 'SSE-KMS', 'fs.s3a.encryption.key': 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    }],
    ['a KMS alias in the legacy SSE key', { hadoopConf: { 'fs.s3a.server-side-encryption.key': 'alias/etl-data' } }],
    ['a placeholder for an environment variable', { sparkConf: { 'spark.hadoop.fs.s3a.secret.key': '${env:AWS_SECRET_ACCESS_KEY}' } }],
    ['a token file environment variable', { sparkConf: { 'spark.executorEnv.AWS_WEB_IDENTITY_TOKEN_FILE': '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' } }],
    ['a Vault agent annotation', { sparkConf: { 'spark.kubernetes.driver.annotation.vault.hashicorp.com/agent-inject-secret-db': 'database/creds/etl' } }],
    ['a secret key reference', { sparkConf: { 'spark.kubernetes.executor.secretKeyRef.DB_PASSWORD': 'etl-db:password' } }],
    ['overhead factor 0', { sparkConf: { 'spark.kubernetes.memoryOverheadFactor': '0' } }],
    ['GPU amount 0', { sparkConf: { 'spark.executor.resource.gpu.amount': '0' } }],
    ['an upper-case boolean', { sparkConf: { 'spark.memory.offHeap.enabled': 'TRUE', 'spark.memory.offHeap.size': '2g' } }],
    ['a driver pod name', { sparkConf: { 'spark.kubernetes.driver.pod.name': 'etl-driver-0' } }],
  ])('%s', (_name, props) => {
    const { chart } = make(props);
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(SparkWarnings.of(chart).filter(w => !w.includes('[deprecated-spark-key]'))).toEqual([]);
  });

  test('several sources adding to class paths and JVM options are joined', () => {
    const { app, chart } = make({
      sparkConf: { 'spark.executor.extraJavaOptions': '-XX:+UseG1GC', 'spark.driver.extraClassPath': '/opt/extra/*' },
      features: [
        listFeature('A', 'spark.executor.extraJavaOptions', ['-Dlog4j2.formatMsgNoLookups=true']),
        listFeature('B', 'spark.driver.extraClassPath', ['/deps/jars/*']),
      ],
    });
    Testing.synth(chart);
    expect(app.sparkConfValue('spark.executor.extraJavaOptions')).toBe('-XX:+UseG1GC -Dlog4j2.formatMsgNoLookups=true');
    expect(app.sparkConfValue('spark.driver.extraClassPath')).toBe('/opt/extra/*:/deps/jars/*');
  });

  test('a warning is acknowledged by its id on one app only', () => {
    const chart = new Chart(Testing.app(), 'test');
    const a = new SparkApp(chart, 'A', { ...BASE, sparkConf: { 'spark.mycompany.team': 'routes' } });
    new SparkApp(chart, 'B', { ...BASE, sparkConf: { 'spark.mycompany.team': 'routes' } });
    SparkWarnings.acknowledge(a, 'unknown-spark-key');
    expect(SparkWarnings.of(chart)).toEqual([
      'test/B: sparkConf key spark.mycompany.team is not a known Spark configuration key; Spark ignores it unless a plugin or connector reads it [unknown-spark-key]',
    ]);
  });
});

describe('credentials', () => {
  test.each([
    ['spark.hadoop.fs.s3a.encryption.key', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['spark.hadoop.fs.s3a.server-side-encryption.key', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['spark.hadoop.fs.s3a.bucket.lake.encryption.key', 'alias/lake'],
    ['spark.hadoop.fs.s3a.secret.key', '${env:AWS_SECRET_ACCESS_KEY}'],
    ['spark.sql.catalog.pg.password', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:pg-AbCdEf'],
    ['spark.kubernetes.driver.secretKeyRef.API_TOKEN', 'api:token'],
    ['spark.kubernetes.executor.secrets.gcp-key', '/etc/secrets'],
    ['spark.kubernetes.driverEnv.GOOGLE_APPLICATION_CREDENTIALS', '/etc/secrets/key.json'],
    ['spark.executorEnv.KRB5_TOKEN_PATH', '/etc/krb5/token'],
    ['spark.kubernetes.driver.annotation.vault.hashicorp.com/agent-inject-token', 'true'],
    ['spark.kubernetes.executor.label.token-type', 'jwt'],
  ])('%s = %s is a reference, not a credential', (key, value) => {
    expect(isCredentialKey(key, value)).toBe(false);
  });

  test.each([
    ['spark.hadoop.fs.s3a.encryption.key', 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI='],
    ['spark.hadoop.fs.s3a.secret.key', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['spark.executorEnv.DB_PASSWORD', 'hunter2'],
    ['spark.kubernetes.driverEnv.GITHUB_TOKEN', 'ghp_x'],
  ])('%s = %s is a credential', (key, value) => {
    expect(isCredentialKey(key, value)).toBe(true);
  });

  test('environment variable names', () => {
    expect(isCredentialEnvName('AWS_SECRET_ACCESS_KEY')).toBe(true);
    expect(isCredentialEnvName('AWS_WEB_IDENTITY_TOKEN_FILE')).toBe(false);
    expect(isCredentialEnvName('VAULT_TOKEN_PATH')).toBe(false);
    expect(isCredentialEnvName('GOOGLE_APPLICATION_CREDENTIALS')).toBe(false);
  });
});

describe('the Spark version an image names', () => {
  test.each([
    ['apache/spark:3.5.5', '3.5.5'],
    ['apache/spark:3.5.5-scala2.12-java17-ubuntu', '3.5.5'],
    ['spark-py:v3.4.0', '3.4.0'],
    ['gcr.io/spark-operator/spark:v3.1.1', '3.1.1'],
    ['bitnami/spark:3.5.1-debian-12-r3', '3.5.1'],
    ['registry.example/etl:spark-3.5.1-hadoop3', '3.5.1'],
    ['registry.example/spark3.3.1-base/etl:1.0', '3.3.1'],
    ['registry.example/team/pyspark-3.4.1:2', '3.4.1'],
    ['localhost:5000/spark:3.5.5', '3.5.5'],
    ['apache/spark:3.4.1@sha256:' + 'a'.repeat(64), '3.4.1'],
  ])('%s names Spark %s', (image, version) => {
    expect(sparkVersionOfImage(image)).toBe(version);
  });

  test.each([
    'registry.example/team/spark-etl:1.4.2',
    'registry.example/sparkle:3.5.5',
    'registry.example/team/etl:2.1.0-spark',
    'spark3.example.com/etl:1.0.0',
    'apache/spark@sha256:' + 'a'.repeat(64),
    'apache/spark:latest',
  ])('%s names no Spark version', image => {
    expect(sparkVersionOfImage(image)).toBeUndefined();
  });
});
