import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { findAll, findOne, synth } from './util';
import {
  AnnotatedDriverEndpoint, SparkApp, SparkAppProps, SparkNamespace, SparkPods, SparkVersion, SparkWarnings, MonitoringMode, PrometheusMonitoring,
  PrometheusMonitoringProps, ScrapeTarget,
} from '../src';
import { servletToken } from '../src/monitoring/spark-metrics';

// The official PromQL grammar. The package is an ES module with a CommonJS build; the test
// tsconfig compiles to CommonJS, so it is required (typed for what is used).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as {
  parser: { parse(input: string): { iterate(spec: { enter(node: { type: { isError: boolean }; from: number; to: number }): void }): void } };
};

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

const JMX: PrometheusMonitoringProps = {
  mode: MonitoringMode.JMX_EXPORTER,
  jmxExporterJarPath: '/opt/jmx/jmx_prometheus_javaagent.jar',
};

const SERVICE_MONITOR: PrometheusMonitoringProps = { scrapeTarget: ScrapeTarget.SERVICE_MONITOR };

function chart(): Chart {
  return Testing.chart();
}

function app(scope: Chart, id: string, props: Partial<SparkAppProps> = {}): SparkApp {
  // The examples jar of the app's own Spark build (SparkApp rejects a jar of another version).
  const v = props.sparkVersion ?? BASE.sparkVersion;
  const mainApplicationFile = `local:///opt/spark/examples/jars/spark-examples_${v.defaultScalaVersion}-${v.version}.jar`;
  return new SparkApp(scope, id, { ...BASE, mainApplicationFile, ...props } as SparkAppProps);
}

/** A monitored app in namespace "data": the chart, the monitoring and the manifests. */
function monitored(props: PrometheusMonitoringProps = {}, appProps: Partial<SparkAppProps> = {}) {
  const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
  const mon = new PrometheusMonitoring(c, 'Mon', props);
  const a = app(c, 'Etl', { monitoring: mon, ...appProps });
  return { c, mon, app: a, out: synth(c) };
}

function sparkConf(out: any[], name = 'etl'): Record<string, string> {
  return findOne(out, 'SparkApplication', name).spec.sparkConf;
}

function rules(out: any[]): any[] {
  return findAll(out, 'PrometheusRule').flatMap(r => r.spec.groups.flatMap((g: any) => g.rules));
}

function ruleOf(out: any[], alert: string, appName = 'etl'): any {
  const found = rules(out).filter(r => r.alert === alert && r.labels.app === appName);
  if (found.length !== 1) throw new Error(`expected one ${alert} for ${appName}, found ${found.length}`);
  return found[0];
}

function dashboardOf(out: any[]): any {
  const cm = findAll(out, 'ConfigMap').find(c => c.metadata.labels?.grafana_dashboard !== undefined || c.metadata.name.endsWith('-dashboard'));
  return JSON.parse(Object.values(cm.data)[0] as string);
}

/** Syntax errors lezer-promql finds in an expression (empty when it parses). */
function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: n => {
      if (n.type.isError) errors.push(`error at ${n.from}: ...${expr.slice(Math.max(0, n.from - 20), n.to + 20)}...`);
    },
  });
  return errors;
}

/** Every PromQL expression of a dashboard, Grafana variables replaced by values. */
function dashboardExpressions(dashboard: any): string[] {
  const grafana = (e: string) => e.replace(/\$__rate_interval/g, '2m');
  const exprs: string[] = [];
  for (const p of dashboard.panels) for (const t of p.targets ?? []) exprs.push(grafana(t.expr));
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query') continue;
    const m = /^label_values\((.+), ([a-z_]+)\)$/.exec(v.query);
    if (!m) throw new Error(`unexpected variable query ${v.query}`);
    exprs.push(m[1]);
  }
  return exprs;
}

describe('snapshots', () => {
  test('defaults: one batch app, servlet endpoints, PodMonitor, rules and dashboard', () => {
    const { out } = monitored();
    expect(out.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/monitoring/mon-dashboard',
      'PodMonitor/data/mon',
      'PrometheusRule/data/mon',
      'Role/data/etl-driver',
      'RoleBinding/data/etl-driver',
      'ServiceAccount/data/etl-driver',
      'SparkApplication/data/etl',
    ]);
    expect(out).toMatchSnapshot();
  });

  test('fully configured: JMX exporter, streaming app, every threshold', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
    const mon = new PrometheusMonitoring(c, 'SparkMonitoring', {
      ...JMX,
      name: 'spark-prod',
      jmxExporterPort: 9404,
      scrapeInterval: Duration.seconds(15),
      monitorLabels: { release: 'kube-prometheus-stack' },
      ruleLabels: { release: 'kube-prometheus-stack', role: 'alert-rules' },
      prometheusNamespace: 'observability',
      alertLabels: { team: 'data-platform' },
      driverFailedFor: Duration.minutes(1),
      driverDownFor: Duration.minutes(3),
      executorLossThreshold: 3,
      executorLossWindow: Duration.minutes(30),
      executorLossFor: Duration.minutes(2),
      heapUsageThreshold: 0.85,
      heapUsageFor: Duration.minutes(5),
      storageMemoryThreshold: 0.95,
      storageMemoryFor: Duration.minutes(20),
      gcTimeThreshold: 0.2,
      gcTimeFor: Duration.minutes(10),
      failedTasksThreshold: 10,
      failedTasksWindow: Duration.minutes(15),
      failedTasksFor: Duration.minutes(5),
      streamingLagFor: Duration.minutes(10),
      batchDurationFor: Duration.minutes(5),
      stateGrowthWindow: Duration.hours(1),
      stateGrowthFor: Duration.hours(6),
      dashboardNamespace: 'grafana',
      dashboardLabelKey: 'grafana.example.com/dashboard',
      dashboardLabelValue: 'spark',
      dashboardTitle: 'Spark (production)',
    });
    app(c, 'Etl', { monitoring: mon });
    const stream = app(c, 'Clicks', { name: 'clicks-stream' });
    mon.watch(stream, { streamingQueryNames: ['clicks_agg', 'sessions'], triggerInterval: Duration.seconds(30) });
    expect(synth(c)).toMatchSnapshot();
  });

  test('ServiceMonitor: a headless Service per app and one ServiceMonitor, servlet and JMX exporter mode', () => {
    const scrapeObjects = (props: PrometheusMonitoringProps) => {
      const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
      const mon = new PrometheusMonitoring(c, 'Mon', { ...SERVICE_MONITOR, ...props, monitorLabels: { release: 'kube-prometheus-stack' } });
      app(c, 'Etl', { monitoring: mon });
      app(c, 'Report', { monitoring: mon });
      return synth(c).filter(o => o.kind === 'Service' || o.kind === 'ServiceMonitor');
    };
    const servlet = scrapeObjects({});
    const jmx = scrapeObjects({ ...JMX, jmxExporterPort: 9404 });
    expect(servlet.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceMonitor/data/mon', 'Service/data/etl-metrics', 'Service/data/report-metrics',
    ]);
    expect({ servlet, jmx }).toMatchSnapshot();
  });
});

describe('Spark configuration of a watched app', () => {
  test('servlet mode: PrometheusServlet, JvmSource, app status, executor endpoint, stable namespace', () => {
    expect(sparkConf(monitored().out)).toEqual({
      'spark.metrics.appStatusSource.enabled': 'true',
      'spark.metrics.conf.*.sink.prometheusServlet.class': 'org.apache.spark.metrics.sink.PrometheusServlet',
      'spark.metrics.conf.*.sink.prometheusServlet.path': '/metrics/prometheus',
      'spark.metrics.conf.*.source.jvm.class': 'org.apache.spark.metrics.source.JvmSource',
      'spark.metrics.namespace': 'etl',
      'spark.ui.enabled': 'true',
      'spark.ui.port': '4040',
      'spark.ui.prometheus.enabled': 'true',
    });
  });

  test('JMX exporter mode: JmxSink and the agent in defaultJavaOptions of both roles', () => {
    const conf = sparkConf(monitored(JMX).out);
    const agent = '-javaagent:/opt/jmx/jmx_prometheus_javaagent.jar=8090:/etc/cdk8s-spark/jmx-exporter/config.yaml';
    expect(conf['spark.metrics.conf.*.sink.jmx.class']).toBe('org.apache.spark.metrics.sink.JmxSink');
    expect(conf['spark.driver.defaultJavaOptions']).toBe(agent);
    expect(conf['spark.executor.defaultJavaOptions']).toBe(agent);
    expect(conf['spark.metrics.conf.*.sink.prometheusServlet.class']).toBeUndefined();
    expect(conf['spark.driver.extraJavaOptions']).toBeUndefined();
  });

  test('JMX exporter mode: config volume and named port in both pod templates', () => {
    const { out } = monitored({ ...JMX, jmxExporterPort: 9404 });
    const spec = findOne(out, 'SparkApplication').spec;
    for (const role of ['driver', 'executor']) {
      const pod = spec[role].template.spec;
      expect(pod.volumes).toEqual([{ name: 'jmx-exporter-config', configMap: { name: 'mon-jmx-exporter', defaultMode: 0o444 } }]);
      expect(pod.containers[0].volumeMounts).toEqual([{ name: 'jmx-exporter-config', mountPath: '/etc/cdk8s-spark/jmx-exporter', readOnly: true }]);
      expect(pod.containers[0].ports).toEqual([{ name: 'jmx-exporter', containerPort: 9404, protocol: 'TCP' }]);
    }
    const cm = findOne(out, 'ConfigMap', 'mon-jmx-exporter');
    expect(cm.metadata.namespace).toBe('data');
    expect(cm.data['config.yaml']).toContain("- pattern: 'metrics<name=([^.,]+)\\.driver\\.([^,>]+), type=gauges><>Value'");
    expect(cm.data['config.yaml']).toContain('name: metrics_$1_executor_$3_Value');
  });

  test('streaming apps get spark.sql.streaming.metricsEnabled, batch apps do not', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon');
    const batch = app(c, 'Batch', { monitoring: mon });
    const stream = app(c, 'Stream');
    mon.enableStreamingMetrics(stream, ['q1'], Duration.seconds(10));
    expect(batch.sparkConfValue('spark.sql.streaming.metricsEnabled')).toBeUndefined();
    expect(stream.sparkConfValue('spark.sql.streaming.metricsEnabled')).toBe('true');
    expect(stream.sparkConfSource('spark.metrics.namespace')).toBe('PrometheusMonitoring Mon');
  });

  test('another source setting spark.metrics.namespace differently fails with both named', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon');
    expect(() => app(c, 'Etl', { monitoring: mon, sparkConf: { 'spark.metrics.namespace': 'etl-run-42' } })).toThrow(
      'SparkApp Etl: sparkConf["spark.metrics.namespace"] "etl-run-42" (set by sparkConf) conflicts with "etl" set by PrometheusMonitoring Mon; set it in one place');
    const later = app(c, 'Later', { sparkConf: { 'spark.metrics.namespace': 'custom' } });
    expect(() => mon.watch(later)).toThrow(
      'SparkApp Later: sparkConf["spark.metrics.namespace"] "later" (set by PrometheusMonitoring Mon) conflicts with "custom" set by sparkConf; set it in one place');
  });

  test('the same value from the app\'s own sparkConf is accepted', () => {
    const { out } = monitored({}, { sparkConf: { 'spark.ui.prometheus.enabled': 'true' } });
    expect(sparkConf(out)['spark.ui.prometheus.enabled']).toBe('true');
  });
});

describe('attaching apps', () => {
  test('by the monitoring prop, by watch(), by the apps prop', () => {
    const c = chart();
    const a = app(c, 'A');
    const mon = new PrometheusMonitoring(c, 'Mon', { apps: [a] });
    app(c, 'B', { monitoring: mon });
    const d = app(c, 'D');
    mon.watch(d);
    mon.watch(d);
    expect(mon.watchedApps.map(x => x.name)).toEqual(['a', 'b', 'd']);
    expect(d.boundAddons).toEqual([mon]);
    const pm = findOne(synth(c), 'PodMonitor');
    expect(pm.spec.selector.matchExpressions[0]).toEqual({ key: 'app.kubernetes.io/instance', operator: 'In', values: ['a', 'b', 'd'] });
  });

  test('an app monitored twice fails', () => {
    const c = chart();
    const one = new PrometheusMonitoring(c, 'One');
    const two = new PrometheusMonitoring(c, 'Two');
    const a = app(c, 'Etl', { monitoring: one });
    expect(() => two.watch(a)).toThrow(
      'PrometheusMonitoring Two: app etl is already monitored by PrometheusMonitoring One; watch each app with one PrometheusMonitoring (two would scrape it twice)');
  });

  test('enableStreamingMetrics watches an app that is not watched yet, and merges queries', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon');
    const s = app(c, 'Stream');
    mon.enableStreamingMetrics(s, ['b'], Duration.seconds(20));
    mon.watch(s, { streamingQueryNames: ['a', 'b'] });
    const groups = findOne(synth(c), 'PrometheusRule').spec.groups;
    const slow = groups[0].rules.filter((r: any) => r.alert === 'SparkStreamingBatchSlow');
    expect(slow.map((r: any) => r.labels.query)).toEqual(['a', 'b']);
    expect(slow[0].expr).toContain('/ 1000 > 20');
  });

  test('apps of a SparkNamespace open the scraped ports to the Prometheus namespace', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Tenant');
    const allow = jest.spyOn(ns, 'allowMetricsScraping');
    const servlet = new PrometheusMonitoring(c, 'Servlet', { prometheusNamespace: 'observability' });
    app(c, 'A', { sparkNamespace: ns, monitoring: servlet });
    const jmx = new PrometheusMonitoring(c, 'Jmx', { ...JMX, jmxExporterPort: 9404 });
    app(c, 'B', { sparkNamespace: ns, monitoring: jmx });
    app(c, 'C', { monitoring: new PrometheusMonitoring(c, 'NoNamespace') });
    expect(allow.mock.calls).toEqual([['observability', [4040]], ['monitoring', [4040, 9404]]]);
    expect(jmx.scrapedPorts).toEqual([4040, 9404]);
    // the namespace's NetworkPolicies admit the scrapers on those ports
    const admitted = (from: string) => findAll(synth(c), 'NetworkPolicy')
      .flatMap(p => p.spec.ingress ?? [])
      .filter((rule: any) => (rule.from ?? []).some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === from))
      .flatMap((rule: any) => rule.ports.map((port: any) => port.port));
    expect(admitted('observability')).toEqual([4040]);
    expect(admitted('monitoring')).toEqual([4040, 9404]);
  });

  test('streaming app without query names warns at synthesis', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon');
    mon.watch(app(c, 'Stream'), { streaming: true });
    process.env.CDK8S_SPARK_QUIET = '1';
    synth(c);
    expect(SparkWarnings.of(c)).toEqual([
      'test/Mon: streaming app stream has no streamingQueryNames: per-query alerts are off, and unnamed queries get metric names that change every run; name the queries with .queryName(...) and pass the names to watch() [streaming-query-names]',
    ]);
  });
});

describe('PodMonitor', () => {
  test('servlet mode: driver pods only, both driver endpoints, stable labels', () => {
    const { out } = monitored({ monitorLabels: { release: 'kube-prometheus-stack' } });
    const pm = findOne(out, 'PodMonitor');
    expect(pm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pm.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['data'] });
    expect(pm.spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/managed-by': 'cdk8s-spark' },
      matchExpressions: [
        { key: 'app.kubernetes.io/instance', operator: 'In', values: ['etl'] },
        { key: 'app.kubernetes.io/component', operator: 'In', values: ['spark-driver'] },
      ],
    });
    const eps = pm.spec.podMetricsEndpoints;
    expect(eps.map((e: any) => `${e.port} ${e.path} ${e.interval}`)).toEqual([
      'spark-ui /metrics/prometheus 30s',
      'spark-ui /metrics/executors/prometheus 30s',
    ]);
    expect(eps[0].relabelings).toEqual([
      { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component'], regex: 'spark-driver' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_instance'], targetLabel: 'app' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component'], regex: 'spark-(driver|executor)', replacement: '$1', targetLabel: 'role' },
    ]);
    expect(eps[0].metricRelabelings).toEqual([{ action: 'drop', sourceLabels: ['__name__'], regex: 'metrics_.+_Number' }]);
  });

  test('the pods it selects carry the labels it selects by', () => {
    const { out } = monitored();
    const pm = findOne(out, 'PodMonitor');
    const spec = findOne(out, 'SparkApplication').spec;
    const labels = spec.driver.template.metadata.labels;
    for (const [k, v] of Object.entries(pm.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
    for (const e of pm.spec.selector.matchExpressions) expect(e.values).toContain(labels[e.key]);
    expect(spec.executor.template.metadata.labels['app.kubernetes.io/component']).toBe('spark-executor');
  });

  test('JMX exporter mode: executor pods too, exporter port on both roles', () => {
    const { out } = monitored({ ...JMX, scrapeInterval: Duration.seconds(15) });
    const pm = findOne(out, 'PodMonitor');
    expect(pm.spec.selector.matchExpressions[1].values).toEqual(['spark-driver', 'spark-executor']);
    const eps = pm.spec.podMetricsEndpoints;
    expect(eps.map((e: any) => `${e.port} ${e.path} ${e.interval}`)).toEqual([
      'spark-ui /metrics/executors/prometheus 15s',
      'jmx-exporter /metrics 15s',
    ]);
    expect(eps[0].relabelings[0].action).toBe('keep');
    expect(eps[1].relabelings.map((r: any) => r.action)).toEqual(['replace', 'replace', 'replace']);
  });

  test('one PodMonitor and one PrometheusRule per namespace of watched apps', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
    const mon = new PrometheusMonitoring(c, 'Mon');
    app(c, 'A', { monitoring: mon });
    app(c, 'B', { monitoring: mon, namespace: 'other' });
    app(c, 'C', { monitoring: mon, namespace: 'other' });
    const out = synth(c);
    expect(findAll(out, 'PodMonitor').map(p => `${p.metadata.namespace}: ${p.spec.selector.matchExpressions[0].values}`)).toEqual(['data: a', 'other: b,c']);
    expect(findAll(out, 'PrometheusRule').map(p => `${p.metadata.namespace}: ${p.spec.groups.map((g: any) => g.name)}`)).toEqual(['data: spark-app.a', 'other: spark-app.b,spark-app.c']);
    expect(mon.podMonitors).toHaveLength(2);
    expect(mon.prometheusRules).toHaveLength(2);
  });
});

describe('ServiceMonitor', () => {
  test('servlet mode: a headless Service over the app\'s driver, selected by one ServiceMonitor', () => {
    const { out, mon } = monitored({ ...SERVICE_MONITOR, monitorLabels: { release: 'kube-prometheus-stack' } });
    expect(out.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/monitoring/mon-dashboard',
      'PrometheusRule/data/mon',
      'Role/data/etl-driver',
      'RoleBinding/data/etl-driver',
      'Service/data/etl-metrics',
      'ServiceAccount/data/etl-driver',
      'ServiceMonitor/data/mon',
      'SparkApplication/data/etl',
    ]);
    const svc = findOne(out, 'Service', 'etl-metrics');
    expect(svc.spec).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/instance': 'etl', 'app.kubernetes.io/managed-by': 'cdk8s-spark', 'app.kubernetes.io/component': 'spark-driver' },
      ports: [{ name: 'spark-ui', port: 4040, targetPort: 'spark-ui', protocol: 'TCP' }],
    });
    const sm = findOne(out, 'ServiceMonitor');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'spark-monitoring',
      'app.kubernetes.io/instance': 'mon',
      'app.kubernetes.io/component': 'service-monitor',
      'app.kubernetes.io/managed-by': 'cdk8s-spark',
      'release': 'kube-prometheus-stack',
    });
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['data'] });
    // the ServiceMonitor selects the Service by its labels, and scrapes its named ports
    expect(sm.spec.selector).toEqual({ matchLabels: svc.metadata.labels });
    const servicePorts = svc.spec.ports.map((p: any) => p.name);
    for (const e of sm.spec.endpoints) expect(servicePorts).toContain(e.port);
    expect(sm.spec.endpoints.map((e: any) => `${e.port} ${e.path} ${e.interval}`)).toEqual([
      'spark-ui /metrics/prometheus 30s',
      'spark-ui /metrics/executors/prometheus 30s',
    ]);
    expect(mon.scrapeTarget).toBe(ScrapeTarget.SERVICE_MONITOR);
    expect(mon.podMonitors).toEqual([]);
    expect(mon.serviceMonitors).toHaveLength(1);
    expect(mon.metricsServices).toHaveLength(1);
  });

  test('JMX exporter mode: the Service selects driver and executors and adds the exporter port', () => {
    const { out } = monitored({ ...SERVICE_MONITOR, ...JMX, jmxExporterPort: 9404 });
    const svc = findOne(out, 'Service');
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/instance': 'etl', 'app.kubernetes.io/managed-by': 'cdk8s-spark' });
    expect(svc.spec.ports).toEqual([
      { name: 'spark-ui', port: 4040, targetPort: 'spark-ui', protocol: 'TCP' },
      { name: 'jmx-exporter', port: 9404, targetPort: 'jmx-exporter', protocol: 'TCP' },
    ]);
    expect(findOne(out, 'ServiceMonitor').spec.endpoints.map((e: any) => `${e.port} ${e.path}`)).toEqual([
      'spark-ui /metrics/executors/prometheus',
      'jmx-exporter /metrics',
    ]);
    // the exporter port the Service targets by name is declared in both pod templates
    const spec = findOne(out, 'SparkApplication').spec;
    for (const role of ['driver', 'executor']) {
      expect(spec[role].template.spec.containers[0].ports).toContainEqual({ name: 'jmx-exporter', containerPort: 9404, protocol: 'TCP' });
    }
  });

  test.each<[string, PrometheusMonitoringProps]>([
    ['servlet', {}],
    ['JMX exporter', { ...JMX, scrapeInterval: Duration.seconds(15) }],
  ])('%s mode: endpoints, relabelings and metric drops equal the PodMonitor\'s', (_, props) => {
    const pm = findOne(monitored(props).out, 'PodMonitor');
    const sm = findOne(monitored({ ...props, ...SERVICE_MONITOR }).out, 'ServiceMonitor');
    expect(sm.spec.endpoints).toEqual(pm.spec.podMetricsEndpoints);
    expect(sm.spec.namespaceSelector).toEqual(pm.spec.namespaceSelector);
  });

  test.each<[string, PrometheusMonitoringProps, string[]]>([
    ['servlet', {}, ['driver']],
    ['JMX exporter', JMX, ['driver', 'executor']],
  ])('%s mode: the Service selects the pods the PodMonitor selects', (_, props, roles) => {
    const pmOut = monitored(props).out;
    const selector = findOne(pmOut, 'PodMonitor').spec.selector;
    const podSelects = (labels: Record<string, string>) => Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v)
      && selector.matchExpressions.every((e: any) => e.values.includes(labels[e.key]));
    const { out } = monitored({ ...props, ...SERVICE_MONITOR });
    const svcSelector = findOne(out, 'Service').spec.selector;
    const serviceSelects = (labels: Record<string, string>) => Object.entries(svcSelector).every(([k, v]) => labels[k] === v);
    const spec = findOne(out, 'SparkApplication').spec;
    for (const role of ['driver', 'executor']) {
      const labels = spec[role].template.metadata.labels;
      const selected = roles.includes(role);
      expect({ role, pod: podSelects(labels), service: serviceSelects(labels) }).toEqual({ role, pod: selected, service: selected });
    }
    // another app's pods in the namespace are not selected
    const other = { ...spec.driver.template.metadata.labels, 'app.kubernetes.io/instance': 'other' };
    expect(serviceSelects(other)).toBe(false);
  });

  test('one ServiceMonitor per namespace, one Service per app; scraped ports and rules as with a PodMonitor', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
    const ns = new SparkNamespace(c, 'Tenant');
    const allow = jest.spyOn(ns, 'allowMetricsScraping');
    const mon = new PrometheusMonitoring(c, 'Mon', { ...SERVICE_MONITOR, monitorLabels: { release: 'kps' } });
    app(c, 'A', { monitoring: mon });
    app(c, 'B', { monitoring: mon, sparkNamespace: ns });
    app(c, 'C', { monitoring: mon, sparkNamespace: ns });
    const out = synth(c);
    expect(findAll(out, 'ServiceMonitor').map(s => s.metadata.namespace)).toEqual(['data', 'tenant']);
    expect(findAll(out, 'Service').map(s => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['data/a-metrics', 'tenant/b-metrics', 'tenant/c-metrics']);
    expect(findAll(out, 'PodMonitor')).toEqual([]);
    expect(findAll(out, 'PrometheusRule').map(r => `${r.metadata.namespace}: ${r.metadata.labels.release}`)).toEqual(['data: kps', 'tenant: kps']);
    expect(mon.serviceMonitors).toHaveLength(2);
    expect(mon.metricsServices).toHaveLength(3);
    expect(allow.mock.calls).toEqual([['monitoring', [4040]], ['monitoring', [4040]]]);
  });

  test('Services of long app names stay within 63 characters, distinct per app', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon', SERVICE_MONITOR);
    // names this long need a driver ServiceAccount of their own (<name>-driver would exceed 63)
    const long = 'a'.repeat(62);
    app(c, 'Long', { name: `${long}b`, serviceAccountName: 'spark', monitoring: mon });
    app(c, 'Longer', { name: `${long}c`, serviceAccountName: 'spark', monitoring: mon });
    app(c, 'Fits', { name: 'x'.repeat(55), monitoring: mon });
    const names = findAll(synth(c), 'Service').map(s => s.metadata.name);
    expect(names[2]).toBe(`${'x'.repeat(55)}-metrics`);
    for (const n of names.slice(0, 2)) expect(n).toMatch(/^a{46}-[0-9a-f]{8}-metrics$/);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(63);
  });
});

describe('PrometheusRule', () => {
  test('a batch app gets the batch alerts, each with severity, summary and description', () => {
    const { out } = monitored({ monitorLabels: { release: 'kps' } });
    const rule = findOne(out, 'PrometheusRule');
    expect(rule.metadata.labels.release).toBe('kps');
    expect(rules(out).map(r => r.alert)).toEqual([
      'SparkDriverFailed', 'SparkExecutorsLost', 'SparkDriverHeapHigh', 'SparkExecutorStorageMemoryHigh', 'SparkGcTimeHigh', 'SparkTasksFailing',
    ]);
    for (const r of rules(out)) {
      expect(['critical', 'warning']).toContain(r.labels.severity);
      expect(r.labels.app).toBe('etl');
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(40);
    }
  });

  test('a streaming app gets driver-down and per-query alerts', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon');
    mon.enableStreamingMetrics(app(c, 'Stream'), ['orders'], Duration.minutes(1));
    const out = synth(c);
    expect(rules(out).map(r => `${r.alert}${r.labels.query ? `/${r.labels.query}` : ''}`)).toEqual([
      'SparkDriverFailed', 'SparkStreamingDriverDown', 'SparkExecutorsLost', 'SparkDriverHeapHigh', 'SparkExecutorStorageMemoryHigh',
      'SparkGcTimeHigh', 'SparkTasksFailing', 'SparkStreamingFallingBehind/orders', 'SparkStreamingBatchSlow/orders', 'SparkStreamingStateGrowing/orders',
    ]);
    expect(ruleOf(out, 'SparkStreamingBatchSlow', 'stream').expr).toBe(
      'max by (namespace, app, pod) (metrics_stream_driver_spark_streaming_orders_latency_Value{namespace="default", app="stream", type="gauges"}) / 1000 > 60');
  });

  test('driver metric names follow the servlet naming of the app name', () => {
    const { out } = monitored({}, { name: 'orders-etl' });
    expect(ruleOf(out, 'SparkDriverHeapHigh', 'orders-etl').expr).toBe(
      'max by (namespace, app, pod) (metrics_orders_etl_driver_jvm_heap_used_Value{namespace="data", app="orders-etl", type="gauges"})'
      + ' / max by (namespace, app, pod) (metrics_orders_etl_driver_jvm_heap_max_Value{namespace="data", app="orders-etl", type="gauges"}) > 0.9');
  });

  test('Spark 4.1 apps match the OpenMetrics-style servlet names as well', () => {
    const { out } = monitored({}, { sparkVersion: SparkVersion.of('4.1.0'), image: 'apache/spark:4.1.0' });
    expect(ruleOf(out, 'SparkDriverHeapHigh').expr).toContain('{__name__=~"metrics_etl_driver_jvm_heap_used(_Value)?", namespace="data", app="etl"}');
  });

  test('JMX exporter mode adds the executor heap alert', () => {
    const { out } = monitored(JMX);
    expect(ruleOf(out, 'SparkExecutorHeapHigh').expr).toContain('metrics_etl_executor_jvm_heap_used_Value{namespace="data", app="etl", type="gauges"}');
  });

  test('thresholds, windows and durations come from the props', () => {
    const { out } = monitored({
      heapUsageThreshold: 0.8,
      heapUsageFor: Duration.minutes(3),
      gcTimeThreshold: 0.25,
      failedTasksThreshold: 5,
      failedTasksWindow: Duration.minutes(20),
      executorLossThreshold: 2,
      executorLossWindow: Duration.hours(1),
      storageMemoryThreshold: 0.5,
      driverFailedFor: Duration.seconds(90),
      scrapeInterval: Duration.minutes(2),
    });
    expect(ruleOf(out, 'SparkDriverHeapHigh').expr).toMatch(/ > 0\.8$/);
    expect(ruleOf(out, 'SparkDriverHeapHigh').for).toBe('3m');
    expect(ruleOf(out, 'SparkDriverHeapHigh').annotations.summary).toBe('Driver heap of Spark app etl above 80%');
    expect(ruleOf(out, 'SparkGcTimeHigh').expr).toMatch(/\[8m\]\)\) > 0\.25$/);
    expect(ruleOf(out, 'SparkTasksFailing').expr).toMatch(/\[20m\]\)\) > 5$/);
    expect(ruleOf(out, 'SparkTasksFailing').for).toBeUndefined();
    expect(ruleOf(out, 'SparkExecutorsLost').expr).toMatch(/\[1h\]\)\)\) >= 2$/);
    expect(ruleOf(out, 'SparkExecutorStorageMemoryHigh').expr).toMatch(/ > 0\.5$/);
    expect(ruleOf(out, 'SparkDriverFailed').for).toBe('1m30s');
  });

  test('alertLabels go on every alert; ruleLabels replace the monitorLabels on the rules', () => {
    const { out } = monitored({ alertLabels: { team: 'payments' }, monitorLabels: { release: 'a' }, ruleLabels: { prometheus: 'rules' } });
    for (const r of rules(out)) expect(r.labels.team).toBe('payments');
    expect(findOne(out, 'PrometheusRule').metadata.labels.prometheus).toBe('rules');
    expect(findOne(out, 'PrometheusRule').metadata.labels.release).toBeUndefined();
  });

  test('alerts: false defines no rules', () => {
    const { out, mon } = monitored({ alerts: false });
    expect(findAll(out, 'PrometheusRule')).toEqual([]);
    expect(mon.prometheusRules).toEqual([]);
  });

  test('the failed-driver alert joins kube-state-metrics pods to the app by labels', () => {
    const { out } = monitored();
    expect(ruleOf(out, 'SparkDriverFailed').expr).toBe(
      'max by (namespace, pod) (kube_pod_status_phase{namespace="data", phase="Failed"} == 1) * on (namespace, pod) '
      + 'max by (namespace, pod) (kube_pod_labels{namespace="data", label_app_kubernetes_io_instance="etl", label_app_kubernetes_io_component="spark-driver"})');
  });
});

describe('dashboard', () => {
  test('a ConfigMap for the Grafana sidecar in the Prometheus namespace by default', () => {
    const { out } = monitored();
    const cm = findOne(out, 'ConfigMap', 'mon-dashboard');
    expect(cm.metadata.namespace).toBe('monitoring');
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    expect(Object.keys(cm.data)).toEqual(['spark-dashboard.json']);
    expect(cm.metadata.annotations).toEqual({ 'k8s-sidecar-target-directory': 'mon' });
    const d = dashboardOf(out);
    expect(d.uid).toBe('cdk8s-spark-mon');
    expect(d.templating.list.map((v: any) => v.name)).toEqual(['datasource', 'namespace', 'app']);
    expect(d.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual([
      'Executors and tasks', 'Memory', 'Garbage collection', 'Shuffle and input', 'Structured Streaming',
    ]);
  });

  test('label, namespace and title are configurable; dashboard: false defines none', () => {
    const { out } = monitored({ dashboardLabelKey: 'dashboards', dashboardLabelValue: 'spark', dashboardNamespace: 'grafana', dashboardTitle: 'Spark' });
    const cm = findOne(out, 'ConfigMap', 'mon-dashboard');
    expect(cm.metadata.labels.dashboards).toBe('spark');
    expect(cm.metadata.labels.grafana_dashboard).toBeUndefined();
    expect(cm.metadata.namespace).toBe('grafana');
    expect(dashboardOf(out).title).toBe('Spark');
    expect(findAll(monitored({ dashboard: false }).out, 'ConfigMap')).toEqual([]);
  });

  test('every dashboard ConfigMap has the same file name, kept apart by the folder annotation (configurable)', () => {
    const c = chart();
    new PrometheusMonitoring(c, 'A', { name: 'team-a' });
    new PrometheusMonitoring(c, 'B', { name: 'team-b', dashboardFolderAnnotation: 'grafana_folder' });
    const out = synth(c);
    const a = findOne(out, 'ConfigMap', 'team-a-dashboard');
    const b = findOne(out, 'ConfigMap', 'team-b-dashboard');
    expect(Object.keys(a.data)).toEqual(['spark-dashboard.json']);
    expect(Object.keys(b.data)).toEqual(['spark-dashboard.json']);
    expect(a.metadata.annotations).toEqual({ 'k8s-sidecar-target-directory': 'team-a' });
    expect(b.metadata.annotations).toEqual({ grafana_folder: 'team-b' });
    expect(() => new PrometheusMonitoring(chart(), 'C', { dashboardFolderAnnotation: 'a folder' }))
      .toThrow('PrometheusMonitoring C: dashboardFolderAnnotation "a folder" must be a Kubernetes annotation key; use an optional DNS prefix and "/" and a name of letters, digits, "-", "_" and ".", e.g. k8s-sidecar-target-directory');
  });

  test('the JSON is the same in every run and has sequential panel ids', () => {
    const a = findOne(monitored().out, 'ConfigMap').data['spark-dashboard.json'];
    const b = findOne(monitored().out, 'ConfigMap').data['spark-dashboard.json'];
    expect(a).toBe(b);
    const d = JSON.parse(a);
    expect(d.panels.map((p: any) => p.id)).toEqual(d.panels.map((_: any, i: number) => i + 1));
    expect(a).not.toMatch(/"(id|version)": null|timestamp|created|updated/i);
  });

  test('long names give a 40-character uid', () => {
    const c = chart();
    new PrometheusMonitoring(c, 'Mon', { name: 'a-very-long-monitoring-name-for-the-platform-team' });
    const uid = JSON.parse(Object.values(findOne(synth(c), 'ConfigMap').data)[0] as string).uid;
    expect(uid).toHaveLength(40);
    expect(uid).toMatch(/^cdk8s-spark-a-very-long-monitor-[0-9a-f]{8}$/);
  });
});

describe('PromQL', () => {
  function allRuleExpressions(): string[] {
    const exprs: string[] = [];
    for (const props of [{}, JMX]) {
      const c = chart();
      const mon = new PrometheusMonitoring(c, 'Mon', props);
      app(c, 'Batch', { monitoring: mon });
      app(c, 'Next', { monitoring: mon, sparkVersion: SparkVersion.of('4.1.0'), image: 'apache/spark:4.1.0' });
      mon.enableStreamingMetrics(app(c, 'Stream'), ['orders', 'clicks-agg'], Duration.millis(500));
      mon.enableStreamingMetrics(app(c, 'Stream41', { sparkVersion: SparkVersion.of('4.1.0'), image: 'apache/spark:4.1.0' }), ['q'], Duration.minutes(2));
      exprs.push(...rules(synth(c)).map(r => r.expr));
    }
    return exprs;
  }

  test('every rule expression parses with the official PromQL grammar', () => {
    const exprs = allRuleExpressions();
    expect(exprs.length).toBeGreaterThan(40);
    for (const e of exprs) expect({ expr: e, errors: promqlErrors(e) }).toEqual({ expr: e, errors: [] });
  });

  test('every dashboard expression parses with the official PromQL grammar', () => {
    const exprs = dashboardExpressions(dashboardOf(monitored().out));
    expect(exprs.length).toBeGreaterThan(20);
    for (const e of exprs) expect({ expr: e, errors: promqlErrors(e) }).toEqual({ expr: e, errors: [] });
  });

  test('the checker finds syntax errors', () => {
    expect(promqlErrors('sum by (app) (rate(x[5m])')).not.toEqual([]);
    expect(promqlErrors('x{a="b"} >')).not.toEqual([]);
    expect(promqlErrors('rate(x[$__rate_interval])')).not.toEqual([]);
  });

  test('expressions parse and name the app\'s metrics for any app and query name', () => {
    const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);
    const query = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,15}$/);
    fc.assert(fc.property(dns1035, query, (name, q) => {
      const c = chart();
      const mon = new PrometheusMonitoring(c, 'Mon');
      mon.enableStreamingMetrics(app(c, 'App', { name }), [q], Duration.seconds(10));
      const rs = rules(synth(c));
      for (const r of rs) expect(promqlErrors(r.expr)).toEqual([]);
      const lag = rs.find(r => r.alert === 'SparkStreamingFallingBehind')!;
      expect(lag.expr).toContain(`metrics_${servletToken(name)}_driver_spark_streaming_${servletToken(q)}_inputRate_total_Value{`);
    }), { numRuns: 40 });
  });
});

describe('validation', () => {
  const errorOf = (props: PrometheusMonitoringProps, id = 'Mon') => () => new PrometheusMonitoring(chart(), id, props);

  test.each<[string, PrometheusMonitoringProps, string]>([
    ['scrapeTarget', { scrapeTarget: 'servicemonitor' as ScrapeTarget }, 'PrometheusMonitoring Mon: scrapeTarget "servicemonitor" is not a ScrapeTarget; use one of ScrapeTarget.POD_MONITOR, ScrapeTarget.SERVICE_MONITOR, ScrapeTarget.EXISTING_POD_MONITOR, ScrapeTarget.POD_ANNOTATIONS (values "pod-monitor", "service-monitor", "existing-pod-monitor", "pod-annotations")'],
    ['name', { name: 'Spark_Mon' }, 'PrometheusMonitoring Mon: name "Spark_Mon" must be a DNS-1123 label of at most 50 characters; use lower-case letters, digits and "-", starting and ending with a letter or digit'],
    ['long name', { name: 'a'.repeat(51) }, `PrometheusMonitoring Mon: name "${'a'.repeat(51)}" must be a DNS-1123 label of at most 50 characters; use lower-case letters, digits and "-", starting and ending with a letter or digit`],
    ['prometheusNamespace', { prometheusNamespace: 'Monitoring' }, 'PrometheusMonitoring Mon: prometheusNamespace "Monitoring" must be a namespace name (DNS-1123 label); use at most 63 lower-case letters, digits and "-"'],
    ['dashboardNamespace', { dashboardNamespace: 'grafana_ns' }, 'PrometheusMonitoring Mon: dashboardNamespace "grafana_ns" must be a namespace name (DNS-1123 label); use at most 63 lower-case letters, digits and "-"'],
    ['jar missing', { mode: MonitoringMode.JMX_EXPORTER }, 'PrometheusMonitoring Mon: jmxExporterJarPath (unset) must be set with MonitoringMode.JMX_EXPORTER; give the absolute path of the jmx_prometheus_javaagent jar in the Spark image'],
    ['jar relative', { ...JMX, jmxExporterJarPath: 'jmx.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "jmx.jar" must be an absolute path to a .jar in the image; e.g. /opt/jmx/jmx_prometheus_javaagent.jar'],
    ['jar in servlet mode', { jmxExporterJarPath: '/opt/jmx.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "/opt/jmx.jar" applies to MonitoringMode.JMX_EXPORTER only (mode is "servlet"); set mode to MonitoringMode.JMX_EXPORTER or remove it'],
    ['port in servlet mode', { jmxExporterPort: 9404 }, 'PrometheusMonitoring Mon: jmxExporterPort 9404 applies to MonitoringMode.JMX_EXPORTER only (mode is "servlet"); set mode to MonitoringMode.JMX_EXPORTER or remove it'],
    ['port range', { ...JMX, jmxExporterPort: 80 }, 'PrometheusMonitoring Mon: jmxExporterPort 80 must be a whole number from 1024 to 49151 (the range the spark-operator allows for the exporter); e.g. 8090 (the default)'],
    ['port high', { ...JMX, jmxExporterPort: 50000 }, 'PrometheusMonitoring Mon: jmxExporterPort 50000 must be a whole number from 1024 to 49151 (the range the spark-operator allows for the exporter); e.g. 8090 (the default)'],
    ['Spark port', { ...JMX, jmxExporterPort: 4040 }, 'PrometheusMonitoring Mon: jmxExporterPort 4040 must not be a port Spark opens itself (Spark uses 4040, 7078, 7079); pick another port from 1024 to 49151, e.g. 8090 (the default)'],
    ['scrapeInterval', { scrapeInterval: Duration.millis(500) }, 'PrometheusMonitoring Mon: scrapeInterval 500 millis must be whole seconds from 1s to 1h; e.g. Duration.seconds(30)'],
    ['heapUsageThreshold', { heapUsageThreshold: 90 }, 'PrometheusMonitoring Mon: heapUsageThreshold 90 must be a fraction above 0 and at most 1; e.g. 0.9 for 90%'],
    ['storageMemoryThreshold', { storageMemoryThreshold: 0 }, 'PrometheusMonitoring Mon: storageMemoryThreshold 0 must be a fraction above 0 and at most 1; e.g. 0.9 for 90%'],
    ['gcTimeThreshold', { gcTimeThreshold: -0.1 }, 'PrometheusMonitoring Mon: gcTimeThreshold -0.1 must be a fraction above 0 and at most 1; e.g. 0.9 for 90%'],
    ['executorLossThreshold', { executorLossThreshold: 0 }, 'PrometheusMonitoring Mon: executorLossThreshold 0 must be a whole number of at least 1 (it counts lost executor pods); e.g. 1 (the default) to alert on the first lost executor'],
    ['failedTasksThreshold', { failedTasksThreshold: 1.5 }, 'PrometheusMonitoring Mon: failedTasksThreshold 1.5 must be a whole number of at least 0 (the alert fires above it); e.g. 0 (the default) to alert on any failed task'],
    ['for duration', { heapUsageFor: Duration.millis(1500) }, 'PrometheusMonitoring Mon: heapUsageFor 1 second 500 millis must be whole seconds; e.g. Duration.minutes(10)'],
    ['window', { failedTasksWindow: Duration.seconds(45) }, 'PrometheusMonitoring Mon: failedTasksWindow 45 seconds must be whole seconds and at least twice scrapeInterval (a window needs two samples); use whole seconds of at least 1 minute'],
    ['dashboardLabelKey', { dashboardLabelKey: 'grafana dashboard' }, 'PrometheusMonitoring Mon: dashboardLabelKey "grafana dashboard" must be a Kubernetes label key; use an optional DNS prefix and "/" and a name of letters, digits, "-", "_" and ".", e.g. grafana_dashboard'],
    ['dashboardLabelValue', { dashboardLabelValue: 'yes please' }, 'PrometheusMonitoring Mon: dashboardLabelValue "yes please" must be a Kubernetes label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, e.g. "1"'],
  ])('throws when %s is invalid', (_, props, message) => {
    expect(errorOf(props)).toThrow(message);
  });

  test('throws on invalid streaming declarations', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon');
    const s = app(c, 'Stream');
    expect(() => mon.watch(s, { streamingQueryNames: ['ok', ''] })).toThrow(
      'PrometheusMonitoring Mon: streamingQueryNames[1] "" must be a non-empty name without surrounding spaces (watching app stream); use the names given to .queryName(...)');
    expect(() => mon.watch(s, { streamingQueryNames: ['a', 'a'] })).toThrow(
      'PrometheusMonitoring Mon: streamingQueryNames[1] "a" repeats streamingQueryNames[0] (watching app stream; Spark refuses two active queries of one name); list each query once');
    expect(() => mon.watch(s, { triggerInterval: Duration.seconds(0) })).toThrow(
      'PrometheusMonitoring Mon: triggerInterval 0 seconds must be at least 1ms (watching app stream); give the processing-time trigger of the queries');
    expect(() => mon.watch(s, { streaming: false, streamingQueryNames: ['a'] })).toThrow(
      'PrometheusMonitoring Mon: streaming false conflicts with streamingQueryNames ["a"] (watching app stream); set streaming to true or drop streamingQueryNames');
    mon.enableStreamingMetrics(s, ['a'], Duration.seconds(10));
    expect(() => mon.enableStreamingMetrics(s, ['a'], Duration.seconds(20))).toThrow(
      'PrometheusMonitoring Mon: triggerInterval 20 seconds conflicts with 10 seconds given earlier (watching app stream); declare one trigger interval per app');
  });

  test('the JMX exporter port must not clash with a port the app declares', () => {
    const c = chart();
    const mon = new PrometheusMonitoring(c, 'Mon', { ...JMX, jmxExporterPort: 9090 });
    const a = app(c, 'Etl');
    a.addContainerPort(SparkPods.ALL, 'metrics', 9090, 'test');
    expect(() => mon.watch(a)).toThrow('SparkApp Etl: containerPorts["jmx-exporter"] 9090 (added by PrometheusMonitoring Mon) clashes with port metrics/9090 (added by test); give each port its own name and number');
  });
});

describe('user text in alert templates', () => {
  /**
   * Renders alert label or annotation text as Prometheus's Go templates do, for the actions the
   * rules use: a string literal prints itself; other actions (`$labels.x`, `$value | f`) are kept
   * as `<action>`. An action ends at the first `}}` outside a quoted string, as in text/template.
   */
  function render(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const open = text.indexOf('{{', i);
      if (open === -1) {
        out += text.slice(i);
        break;
      }
      if (text.indexOf('}}', i) !== -1 && text.indexOf('}}', i) < open) throw new Error(`stray }} in ${JSON.stringify(text)}`);
      out += text.slice(i, open);
      let j = open + 2;
      let quoted = false;
      for (; j < text.length; j++) {
        if (quoted && text[j] === '\\') j++;
        else if (text[j] === '"') quoted = !quoted;
        else if (!quoted && text.startsWith('}}', j)) break;
      }
      if (j >= text.length) throw new Error(`unclosed action in ${JSON.stringify(text)}`);
      const action = text.slice(open + 2, j).trim();
      const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(action);
      out += literal ? JSON.parse(`"${literal[1]}"`) : `<${action}>`;
      i = j + 2;
    }
    return out;
  }

  const QUERIES = ['orders {{ $value }}', 'a}}b{{', 'line\nbreak "quoted" $(id) \'x\''];
  const LABELS = { team: '{{ template "x" . }}', note: 'x}}{{y', shell: '$(rm -rf /) `id`\n"' };

  test('query names and alert label values come out of the templates as written', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
    const mon = new PrometheusMonitoring(c, 'Mon', { alertLabels: LABELS });
    mon.enableStreamingMetrics(app(c, 'Stream'), QUERIES, Duration.seconds(10));
    const rs = rules(synth(c));
    expect(rs.length).toBeGreaterThan(10);
    for (const r of rs) {
      for (const [k, v] of Object.entries(LABELS)) expect(render(r.labels[k])).toBe(v);
      expect(render(r.labels.app)).toBe('stream');
      const texts = [r.annotations.summary, r.annotations.description].map(render);
      // the only actions left are the library's own
      for (const t of texts) for (const [, a] of t.matchAll(/<(\$[^>]*)>/g)) expect(a).toMatch(/^\$(labels\.[a-z_]+|value( \| [a-zA-Z0-9]+)?)$/);
      if (r.labels.query !== undefined) {
        const q = render(r.labels.query);
        expect(QUERIES).toContain(q);
        expect(texts.some(t => t.includes(`query ${q}`) || t.includes(`Query ${q}`))).toBe(true);
      }
    }
    expect(rs.filter(r => r.labels.query !== undefined).map(r => render(r.labels.query))).toEqual(expect.arrayContaining(QUERIES));
  });

  test('PromQL keeps using the names as they are, quoted or sanitized', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'data' });
    const mon = new PrometheusMonitoring(c, 'Mon');
    mon.enableStreamingMetrics(app(c, 'Stream'), QUERIES, Duration.seconds(10));
    for (const r of rules(synth(c))) expect(promqlErrors(r.expr)).toEqual([]);
  });

  test('text without braces is written unchanged', () => {
    const { out } = monitored({ alertLabels: { team: 'payments $(x) "q"' } });
    expect(ruleOf(out, 'SparkDriverFailed').labels.team).toBe('payments $(x) "q"');
    expect(ruleOf(out, 'SparkDriverFailed').annotations.summary).toBe('Spark app etl failed');
  });
});

describe('scraping by the user\'s PodMonitor or by pod annotations (issue 17)', () => {
  const EXISTING: PrometheusMonitoringProps = {
    scrapeTarget: ScrapeTarget.EXISTING_POD_MONITOR,
    existingPodMonitor: { podLabels: { 'monitoring.example.com/scrape': 'spark' } },
  };
  const specOf = (out: any[]) => findOne(out, 'SparkApplication', 'etl').spec;

  test('an existing PodMonitor: no PodMonitor or ServiceMonitor, the driver labelled for its selector, endpoints from the servlet constants', () => {
    const { out, mon } = monitored(EXISTING);
    expect(findAll(out, 'PodMonitor')).toEqual([]);
    expect(findAll(out, 'ServiceMonitor')).toEqual([]);
    expect(mon.podMonitors).toEqual([]);
    const spec = specOf(out);
    expect(spec.driver.labels['monitoring.example.com/scrape']).toBe('spark');
    expect(spec.driver.template.metadata.labels['monitoring.example.com/scrape']).toBe('spark');
    expect(spec.executor.labels['monitoring.example.com/scrape']).toBeUndefined();
    expect(mon.metricsEndpoints).toEqual([
      { role: 'driver', portName: 'spark-ui', port: 4040, path: '/metrics/prometheus' },
      { role: 'driver', portName: 'spark-ui', port: 4040, path: '/metrics/executors/prometheus' },
    ]);
    expect(spec.sparkConf['spark.metrics.conf.*.sink.prometheusServlet.path']).toBe(mon.metricsEndpoints[0].path);
    expect(findAll(out, 'PrometheusRule')).toHaveLength(1);
  });

  test('an existing PodMonitor in JMX exporter mode: driver and executors labelled, the exporter port named as the PodMonitor scrapes it', () => {
    const { out, mon } = monitored({ ...JMX, ...EXISTING, existingPodMonitor: { podLabels: { scrape: 'spark' }, jmxExporterPortName: 'metrics' } });
    const spec = specOf(out);
    for (const role of ['driver', 'executor']) {
      expect(spec[role].labels.scrape).toBe('spark');
      expect(spec[role].template.spec.containers[0].ports).toEqual([{ name: 'metrics', containerPort: 8090, protocol: 'TCP' }]);
    }
    expect(mon.metricsEndpoints).toEqual([
      { role: 'driver', portName: 'spark-ui', port: 4040, path: '/metrics/executors/prometheus' },
      { role: 'driver', portName: 'metrics', port: 8090, path: '/metrics' },
      { role: 'executor', portName: 'metrics', port: 8090, path: '/metrics' },
    ]);
  });

  test('the PodMonitor\'s endpoints are the metricsEndpoints (one source of truth)', () => {
    const { out, mon } = monitored(JMX);
    const endpoints = findOne(out, 'PodMonitor').spec.podMetricsEndpoints.map((e: any) => `${e.port} ${e.path}`);
    expect(endpoints).toEqual(mon.metricsEndpoints.map(e => `${e.portName} ${e.path}`).filter((v, i, a) => a.indexOf(v) === i));
  });

  test('pod annotations: the driver annotated with the servlet\'s path and port, executors (which serve nothing in SERVLET mode) not', () => {
    const { out, mon } = monitored({ scrapeTarget: ScrapeTarget.POD_ANNOTATIONS });
    expect(findAll(out, 'PodMonitor')).toEqual([]);
    expect(findAll(out, 'ServiceMonitor')).toEqual([]);
    const spec = specOf(out);
    expect(spec.driver.annotations).toEqual({ 'prometheus.io/path': '/metrics/prometheus', 'prometheus.io/port': '4040', 'prometheus.io/scrape': 'true' });
    expect(spec.executor.annotations).toBeUndefined();
    expect(mon.metricsEndpoints).toEqual([{ role: 'driver', portName: 'spark-ui', port: 4040, path: '/metrics/prometheus' }]);
  });

  test('pod annotations naming the executor summaries, as spark-pi-prometheus-servlet.yaml does, and the exporter on executors', () => {
    const summaries = AnnotatedDriverEndpoint.EXECUTOR_SUMMARIES;
    const { out } = monitored({ ...JMX, scrapeTarget: ScrapeTarget.POD_ANNOTATIONS, annotatedDriverEndpoint: summaries });
    const spec = specOf(out);
    expect(spec.driver.annotations).toEqual({ 'prometheus.io/path': '/metrics/executors/prometheus', 'prometheus.io/port': '4040', 'prometheus.io/scrape': 'true' });
    expect(spec.executor.annotations).toEqual({ 'prometheus.io/path': '/metrics', 'prometheus.io/port': '8090', 'prometheus.io/scrape': 'true' });
  });

  test('pod annotations in JMX exporter mode: the driver\'s own metrics are the exporter\'s', () => {
    const spec = specOf(monitored({ ...JMX, scrapeTarget: ScrapeTarget.POD_ANNOTATIONS }).out);
    expect(spec.driver.annotations).toEqual({ 'prometheus.io/path': '/metrics', 'prometheus.io/port': '8090', 'prometheus.io/scrape': 'true' });
  });

  test('an annotation conflicting with one the app sets is an error naming both', () => {
    expect(() => monitored({ scrapeTarget: ScrapeTarget.POD_ANNOTATIONS }, { driverAnnotations: { 'prometheus.io/path': '/metrics/driver/prometheus/' } }))
      .toThrow('SparkApp Etl: driverAnnotations["prometheus.io/path"] "/metrics/driver/prometheus/" conflicts with "/metrics/prometheus" set by PrometheusMonitoring Mon on the driver pod; set the annotation in one place');
  });

  test('the alerts\' target labels are left to the user: a warning, none with alerts off', () => {
    const { c } = monitored(EXISTING);
    expect(SparkWarnings.of(c)).toContain('test/Mon: scrapeTarget "existing-pod-monitor" leaves the scrape\'s target labels to your PodMonitor: the alerts and dashboard select series by namespace, app (the pod label app.kubernetes.io/instance) and role (driver or executor, from app.kubernetes.io/component); relabel them there, or set alerts to false [scrape-target-labels]');
    const annotated = monitored({ scrapeTarget: ScrapeTarget.POD_ANNOTATIONS });
    expect(SparkWarnings.of(annotated.c)).toContain('test/Mon: scrapeTarget "pod-annotations" leaves the scrape\'s target labels to your scrape configuration: the alerts and dashboard select series by namespace, app (the pod label app.kubernetes.io/instance) and role (driver or executor, from app.kubernetes.io/component); relabel them there, or set alerts to false [scrape-target-labels]');
    const quiet = monitored({ ...EXISTING, alerts: false });
    expect(SparkWarnings.of(quiet.c).filter(w => w.includes('scrape-target-labels'))).toEqual([]);
  });

  test('existing output: the default PodMonitor is unchanged (same endpoints as metricsEndpoints)', () => {
    const { mon } = monitored();
    expect(mon.metricsEndpoints.map(e => e.path)).toEqual(['/metrics/prometheus', '/metrics/executors/prometheus']);
  });
});
