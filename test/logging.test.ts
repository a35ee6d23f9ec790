import { Size, Testing } from 'cdk8s';
import {
  CpuCores, LogLayout, LogLevel, LogOutput, SparkApp, SparkLogging, SparkLogShipping, SparkNamespace, SparkVersion,
} from '../src';
import { findAll, findOne, synth } from './util';

const APP = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

describe('SparkLogging', () => {
  test('defaults: JSON layout on Spark 3.5, mounted into both pods', () => {
    const chart = Testing.chart();
    new SparkApp(chart, 'Etl', { ...APP, features: [new SparkLogging()] });
    const out = synth(chart);
    expect(findOne(out, 'ConfigMap', 'etl-log4j2')).toMatchSnapshot();
    const spec = findOne(out, 'SparkApplication').spec;
    for (const role of ['driver', 'executor']) {
      expect(spec.sparkConf[`spark.${role}.extraJavaOptions`]).toContain('-Dlog4j2.configurationFile=file:/opt/spark/log4j2/log4j2.properties');
      expect(spec[role].labels['logging.cdk8s-spark.io/format']).toBe('json');
    }
    expect(spec.sparkConf['spark.log.structuredLogging.enabled']).toBeUndefined();
  });

  test('Spark 4 gets structured logging with Spark\'s JSON template', () => {
    const l = new SparkLogging({ loggerLevels: { 'com.example.etl': LogLevel.DEBUG } });
    expect(l.log4j2Properties(4)).toContain('appender.console.layout.type=JsonTemplateLayout\n');
    expect(l.log4j2Properties(4)).toContain('appender.console.layout.eventTemplateUri=classpath:org/apache/spark/SparkLayout.json\n');
    expect(l.log4j2Properties(4)).toContain('logger.user0.level=debug\nlogger.user0.name=com.example.etl\n');
    const chart = Testing.chart();
    new SparkApp(chart, 'Etl', { ...APP, sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:4.0.1', mainApplicationFile: 'local:///opt/app.jar', features: [l] });
    expect(findOne(synth(chart), 'SparkApplication').spec.sparkConf['spark.log.structuredLogging.enabled']).toBe('true');
  });

  test('fully configured pattern layout', () => {
    const l = new SparkLogging({ layout: LogLayout.PATTERN, rootLevel: LogLevel.ERROR, sparkLevel: LogLevel.WARN, loggerLevels: { 'org.apache.hadoop': LogLevel.ERROR } });
    expect(l.log4j2Properties(3)).toMatchSnapshot();
    const chart = Testing.chart();
    new SparkApp(chart, 'Etl', { ...APP, features: [l] });
    expect(findOne(synth(chart), 'SparkApplication').spec.driver.annotations['fluentbit.io/parser']).toBe('spark-log4j2-pattern');
  });

  test('escapes a pattern as a properties value', () => {
    const l = new SparkLogging({ layout: LogLayout.PATTERN, pattern: '# %d \\ %m é = :%n' });
    expect(l.log4j2Properties(3)).toContain('appender.console.layout.pattern=\\# %d \\\\ %m \\u00e9 = :%n\n');
  });

  test('fails on a log4j2 lookup in the pattern', () => {
    expect(() => new SparkLogging({ layout: LogLayout.PATTERN, pattern: '${env:HOME} %m%n' })).toThrow(
      'SparkLogging: pattern "${env:HOME} %m%n" contains "${", which log4j2 substitutes as a lookup in its configuration; remove the lookup (write the text it stands for)');
  });

  test('fails on a logger name that is no Java name', () => {
    expect(() => new SparkLogging({ loggerLevels: { 'com.example\nrootLogger.level': LogLevel.OFF } })).toThrow(
      'SparkLogging: loggerLevels key "com.example\\nrootLogger.level" is not a Java package or class name; e.g. "com.example.etl"');
  });

  test('fails on a pattern with the JSON layout', () => {
    expect(() => new SparkLogging({ pattern: '%m%n' })).toThrow('SparkLogging: pattern "%m%n" only applies to the PATTERN layout; set layout to LogLayout.PATTERN, or drop pattern');
  });
});

describe('SparkLogShipping', () => {
  function shipping(outputs = [LogOutput.stdout()], extra: Record<string, unknown> = {}) {
    const chart = Testing.chart();
    const a = new SparkNamespace(chart, 'A', { name: 'team-a' });
    const b = new SparkNamespace(chart, 'B', { name: 'team-b' });
    new SparkLogShipping(chart, 'Logs', { sparkNamespaces: [a, b], outputs, ...extra } as any);
    return synth(chart);
  }

  test('defaults', () => {
    expect(shipping().filter(o => o.metadata.namespace === 'spark-logging' || o.kind === 'Namespace' && o.metadata.name === 'spark-logging' || /Role/.test(o.kind))).toMatchSnapshot();
  });

  test('fully configured', () => {
    const out = shipping([
      LogOutput.loki({ host: 'loki-gateway.loki', port: 80, tenantId: 'spark', credentialsSecret: 'loki-auth' }),
      LogOutput.elasticsearch({ host: 'es.logging', index: 'spark', credentialsSecret: 'es-auth', usernameKey: 'user' }),
      LogOutput.openSearch({ host: 'os.logging', tls: false }),
      LogOutput.objectStore({ bucket: 'logs', region: 'eu-west-1', endpoint: 'https://minio:9000', prefix: 'spark', credentialsSecret: 'logs-s3' }),
    ], { namespace: 'logging', name: 'spark-logs', cpu: CpuCores.millis(500), memory: Size.mebibytes(512), nodeSelector: { pool: 'spark' } });
    expect(findOne(out, 'ConfigMap', 'spark-logs-conf').data['fluent-bit.conf']).toMatchSnapshot();
    const env = findOne(out, 'DaemonSet').spec.template.spec.containers[0].env;
    expect(env.map((e: any) => e.name)).toEqual(['OUTPUT_0_USERNAME', 'OUTPUT_0_PASSWORD', 'OUTPUT_1_USERNAME', 'OUTPUT_1_PASSWORD', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  test('the namespace says why it is privileged; the agent reads /var/log read-only with nothing else', () => {
    const out = shipping();
    const ns = findOne(out, 'Namespace', 'spark-logging');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.annotations['cdk8s-spark.io/pod-security-reason']).toContain('hostPath');
    for (const n of ['team-a', 'team-b']) expect(findOne(out, 'Namespace', n).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const pod = findOne(out, 'DaemonSet').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'varlog', mountPath: '/var/log', readOnly: true });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, privileged: false });
    expect(pod.hostNetwork).toBeUndefined();
    const roles = findAll(out, 'Role').filter(r => r.metadata.name === 'fluent-bit-pod-metadata');
    expect(roles.map(r => [r.metadata.namespace, r.rules])).toEqual([
      ['team-a', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]],
      ['team-b', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]],
    ]);
    expect(findAll(out, 'ClusterRole')).toEqual([]);
  });

  test('tails only the Spark namespaces', () => {
    const conf = findOne(shipping(), 'ConfigMap', 'fluent-bit-conf').data['fluent-bit.conf'];
    expect(conf).toContain('    Path             /var/log/containers/*_team-a_*.log,/var/log/containers/*_team-b_*.log\n');
  });

  test('fails on a value Fluent Bit\'s format cannot hold', () => {
    expect(() => LogOutput.loki({ host: 'loki\n[OUTPUT]' })).toThrow(
      'LogOutput.loki: host "loki\\n[OUTPUT]" contains a line break or control character, which Fluent Bit\'s configuration format cannot hold (a value is the rest of its line); give a single-line value');
    expect(() => LogOutput.elasticsearch({ host: 'es', index: '${HOSTNAME}' })).toThrow(
      'LogOutput.elasticsearch: index "${HOSTNAME}" contains "${", which Fluent Bit replaces by an environment variable when it loads its configuration; remove it (credentials come from credentialsSecret)');
    expect(() => LogOutput.objectStore({ bucket: 'logs ', region: 'eu-west-1' })).toThrow(
      'LogOutput.objectStore: bucket "logs " has leading or trailing whitespace; remove it (it would be kept verbatim)');
  });

  test('fails when the agent would share a Spark namespace', () => {
    const chart = Testing.chart();
    const a = new SparkNamespace(chart, 'A', { name: 'team-a' });
    expect(() => new SparkLogShipping(chart, 'Logs', { sparkNamespaces: [a], outputs: [LogOutput.stdout()], namespace: 'team-a' })).toThrow(
      'SparkLogShipping Logs: namespace "team-a" is one of the sparkNamespaces, but the agent needs a namespace of its own (Pod Security "privileged"); use e.g. "spark-logging"');
  });
});
