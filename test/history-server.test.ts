import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  CpuCores, EventLogCompressionCodec, EventLogStore, SparkApp, SparkHistoryServer, SparkNamespace, SparkUiIngress, SparkVersion, SparkWarnings,
  UiPathRewrite,
} from '../src';
import { findAll, findOne, synth } from './util';

const APP = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};
const S3 = () => EventLogStore.objectStore({ uri: 's3a://spark-logs/events' });

function server(chart: Chart, props: Record<string, unknown> = {}) {
  return new SparkHistoryServer(chart, 'History', { sparkVersion: SparkVersion.of('3.5.5'), image: 'registry.example/spark-s3a:3.5.5', store: S3(), ...props } as any);
}

describe('SparkHistoryServer', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    server(chart);
    expect(synth(chart)).toMatchSnapshot();
  });

  test('fully configured', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Team', {});
    server(chart, {
      name: 'spark-history',
      sparkNamespace: ns,
      sparkVersion: SparkVersion.of('4.0.1'),
      image: 'registry.example/spark-s3a:4.0.1',
      store: EventLogStore.objectStore({ uri: 's3a://spark-logs/events/', endpoint: 'https://minio.storage:9000', pathStyleAccess: true, credentialsSecret: 'history-s3' }),
      cleanerMaxAge: Duration.days(30),
      cleanerMaxFiles: 5000,
      cleanerInterval: Duration.hours(6),
      rollingMaxFileSize: Size.mebibytes(256),
      compressionCodec: EventLogCompressionCodec.LZ4,
      memory: Size.gibibytes(4),
      cpu: CpuCores.of(2),
      localStoreSize: Size.gibibytes(20),
      ingress: { ingressClassName: 'nginx', host: 'spark.example.com', path: '/history', tlsSecretName: 'spark-tls' },
      nodeSelector: { pool: 'platform' },
      tolerations: [{ key: 'platform', value: 'true' }],
    });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('the cleaner is on by default with 7 days and 1000 logs', () => {
    const chart = Testing.chart();
    server(chart);
    const conf = findOne(synth(chart), 'ConfigMap').data['spark-defaults.conf'];
    expect(conf).toContain('spark.history.fs.cleaner.enabled=true\nspark.history.fs.cleaner.interval=1d\nspark.history.fs.cleaner.maxAge=7d\nspark.history.fs.cleaner.maxNum=1000\n');
    expect(conf).toContain('spark.history.fs.logDirectory=s3a://spark-logs/events\n');
  });

  test('the pod is restricted, pinned, probed and sized', () => {
    const chart = Testing.chart();
    server(chart);
    const pod = findOne(synth(chart), 'Deployment').spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toBe('registry.example/spark-s3a:3.5.5');
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 185,
      runAsGroup: 185,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(c.readinessProbe.httpGet.path).toBe('/api/v1/version');
    expect(c.livenessProbe.httpGet.path).toBe('/api/v1/version');
    expect(c.resources.requests).toEqual(c.resources.limits);
    expect(c.resources.requests.memory).toBe('2560Mi');
  });

  test('a bound app gets the event-log dir, rolling logs and compression', () => {
    const chart = Testing.chart();
    const hs = server(chart);
    new SparkApp(chart, 'Etl', { ...APP, historyServer: hs });
    const conf = findOne(synth(chart), 'SparkApplication').spec.sparkConf;
    expect(conf).toMatchObject({
      'spark.eventLog.enabled': 'true',
      'spark.eventLog.dir': 's3a://spark-logs/events',
      'spark.eventLog.rolling.enabled': 'true',
      'spark.eventLog.rolling.maxFileSize': '128m',
      'spark.eventLog.compress': 'true',
      'spark.eventLog.compression.codec': 'zstd',
    });
  });

  test('an app with the same eventLogDir binds', () => {
    const chart = Testing.chart();
    const hs = server(chart);
    new SparkApp(chart, 'Etl', { ...APP, eventLogDir: 's3a://spark-logs/events/', historyServer: hs });
    expect(findOne(synth(chart), 'SparkApplication').spec.sparkConf['spark.eventLog.dir']).toBe('s3a://spark-logs/events/');
  });

  test('fails when the app writes to another event-log dir', () => {
    const chart = Testing.chart();
    const hs = server(chart);
    expect(() => new SparkApp(chart, 'Etl', { ...APP, eventLogDir: 's3a://other/events', historyServer: hs })).toThrow(
      'SparkApp Etl: eventLogDir "s3a://other/events" is not the event-log dir "s3a://spark-logs/events" of its history server SparkHistoryServer History, which would never show the app; drop it (binding the history server sets it), or bind the app to a history server that reads that dir');
  });

  test('fails when sparkConf names another event-log dir', () => {
    const chart = Testing.chart();
    const hs = server(chart);
    expect(() => new SparkApp(chart, 'Etl', { ...APP, sparkConf: { 'spark.eventLog.dir': 's3a://other' }, features: [hs] })).toThrow(
      'SparkApp Etl: sparkConf["spark.eventLog.dir"] "s3a://other" is not the event-log dir');
  });

  test('fails when the image is tagged for another Spark version', () => {
    const chart = Testing.chart();
    expect(() => server(chart, { image: 'apache/spark:3.4.4' })).toThrow(
      'SparkHistoryServer History: image "apache/spark:3.4.4" is tagged for Spark 3.4.4 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'3.4.4\')');
  });

  test('fails when the image is not pinned', () => {
    const chart = Testing.chart();
    expect(() => server(chart, { image: 'apache/spark:latest' })).toThrow(
      'SparkHistoryServer History: image "apache/spark:latest" must be pinned to a tag or digest (not latest); use e.g. apache/spark:3.5.5');
  });

  test('warns about an app of a newer Spark line', () => {
    const chart = Testing.chart();
    const hs = server(chart);
    new SparkApp(chart, 'Etl', { ...APP, sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:4.0.1', mainApplicationFile: 'local:///opt/app.jar', historyServer: hs });
    expect(SparkWarnings.of(chart)).toContain('test/Etl: Spark 4.0.1 is newer than its history server SparkHistoryServer History (Spark 3.5.5), which may not read every event of its logs; run the server at the newest Spark line of its apps [history-server-older-than-app]');
  });

  test('warns that the stock image has no S3A connector', () => {
    const chart = Testing.chart();
    server(chart, { image: undefined });
    expect(SparkWarnings.of(chart).join('\n')).toContain('[history-server-s3a-jars]');
  });

  test('a shared claim store is mounted into the server and the drivers', () => {
    const chart = Testing.chart();
    const hs = server(chart, { store: EventLogStore.sharedClaim({ claimName: 'spark-events', subPath: 'logs' }) });
    new SparkApp(chart, 'Etl', { ...APP, historyServer: hs });
    const out = synth(chart);
    expect(findOne(out, 'SparkApplication').spec.sparkConf['spark.eventLog.dir']).toBe('file:/spark-events');
    const dep = findOne(out, 'Deployment').spec.template.spec;
    expect(dep.volumes).toContainEqual({ name: 'events', persistentVolumeClaim: { claimName: 'spark-events' } });
    expect(dep.containers[0].volumeMounts).toContainEqual({ name: 'events', mountPath: '/spark-events', subPath: 'logs' });
  });

  test('fails when an app in another namespace binds to a claim store', () => {
    const chart = Testing.chart();
    const hs = server(chart, { namespace: 'history', store: EventLogStore.sharedClaim({ claimName: 'spark-events' }) });
    expect(() => new SparkApp(chart, 'Etl', { ...APP, namespace: 'etl', historyServer: hs })).toThrow(
      'SparkApp Etl: historyServer "SparkHistoryServer History" keeps event logs on claim "spark-events" in namespace history, which a driver in namespace etl cannot mount; run the app in the server\'s namespace, or use EventLogStore.objectStore(...)');
  });

  test('counts in the namespace capacity and lets the ingress controller in', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Team', {});
    const hs = server(chart, { sparkNamespace: ns, ingress: { host: 'spark.example.com', controllerNamespace: 'ingress' } });
    expect(SparkNamespace.capacityTable(chart)).toContain('history-server-history');
    expect(hs.podResources()[0].memoryRequestMebibytes).toBe(2560);
    const np = findAll(synth(chart), 'NetworkPolicy').find(p => p.metadata.name === 'history-from-ingress');
    expect(np.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }], ports: [{ protocol: 'TCP', port: 18080 }] }]);
  });

  test('an ingress under a path sets the proxy base of the server', () => {
    const chart = Testing.chart();
    server(chart, { ingress: { host: 'spark.example.com', path: '/history', pathRewrite: UiPathRewrite.NGINX } });
    const out = synth(chart);
    const env = findOne(out, 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'SPARK_HISTORY_OPTS', value: '-Dspark.ui.proxyBase=/history -Dspark.ui.proxyRedirectUri=http://spark.example.com' });
    expect(findOne(out, 'Ingress').spec.rules[0].http.paths[0].path).toBe('/history(/|$)(.*)');
  });

  test('turning the cleaner off with cleaner settings fails', () => {
    const chart = Testing.chart();
    expect(() => server(chart, { cleaner: false, cleanerMaxAge: Duration.days(1) })).toThrow(
      'SparkHistoryServer History: cleanerMaxAge 1 day has no effect with cleaner false; drop cleanerMaxAge, or turn the cleaner on');
  });
});

describe('SparkUiIngress', () => {
  test('sets the reverse-proxy settings and routes to the UI service', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Team', {});
    new SparkApp(chart, 'Etl', { ...APP, sparkNamespace: ns, features: [new SparkUiIngress({ host: 'spark.example.com', tlsSecretName: 'tls', ingressClassName: 'nginx' })] });
    const out = synth(chart);
    expect(findOne(out, 'SparkApplication').spec.sparkConf).toMatchObject({ 'spark.ui.proxyBase': '/team/etl', 'spark.ui.proxyRedirectUri': 'https://spark.example.com' });
    const ing = findOne(out, 'Ingress');
    expect(ing.spec.rules[0].http.paths[0]).toEqual({
      path: '/team/etl(/|$)(.*)',
      pathType: 'ImplementationSpecific',
      backend: { service: { name: 'etl-ui-svc', port: { number: 4040 } } },
    });
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/rewrite-target']).toBe('/$2');
    const np = findAll(out, 'NetworkPolicy').find(p => p.metadata.name === 'etl-ui-from-ingress');
    expect(np.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('spark-driver');
  });

  test('fails on a scheduled app', () => {
    const chart = Testing.chart();
    expect(() => new SparkApp(chart, 'Etl', { ...APP, schedule: { cron: '0 3 * * *' }, features: [new SparkUiIngress()] })).toThrow(
      'SparkApp Etl: features "SparkUiIngress" cannot serve a scheduled app (each run has its own UI Service, named after the run); use it on apps that run once, or use a SparkHistoryServer with an ingress');
  });

  test('fails when the path has a trailing slash', () => {
    const chart = Testing.chart();
    expect(() => new SparkApp(chart, 'Etl', { ...APP, features: [new SparkUiIngress({ path: '/spark/' })] })).toThrow(
      'SparkUiIngress: path "/spark/" is not a UI path prefix; use "/" or /segment[/segment...] of letters, digits, "-", "_" and "." without a trailing "/", e.g. "/spark/etl"');
  });
});
