import { Duration } from 'cdk8s';
import { AnnotatedDriverEndpoint, MonitoringMode, PrometheusMonitoringProps, ScrapeTarget } from './prometheus-monitoring-props';
import {
  arr, bool, defineShape, duration, enumOf, instance, labels, map, num, refine, required, str, struct, Check, CheckContext, Shape,
} from '../core/check';
import { formatValue, propError } from '../core/errors';
import { dns1123LabelProblem } from '../core/util';
import { addWarning } from '../core/warn';

/**
 * Runtime shapes of PrometheusMonitoring's props and of `watch()`'s options, and the checks of
 * their values that need more than one prop (see `core/check.ts`). Internal.
 */

/** An `ISparkApp` (any implementation: recognized by its contract's members). */
export const SPARK_APP: Check = instance('ISparkApp',
  v => typeof v.name === 'string' && typeof v.addFeature === 'function' && typeof v.addSparkConf === 'function',
  'pass a SparkApp (e.g. pipeline.app for a StreamingPipeline)');

/** Label names Prometheus or the library set on every alert, so an alertLabels entry would be overwritten. */
const OWNED_ALERT_LABELS: Record<string, string> = {
  alertname: 'Prometheus sets it to the alert\'s name',
  app: 'the library sets it to the app\'s name',
  severity: 'the library sets it to critical or warning per alert',
  query: 'the library sets it to the query\'s name on the streaming query alerts',
};

/** Label names every Prometheus release accepts (3.0 and later also accept any UTF-8 name by default). */
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether a string survives UTF-8 encoding (no unpaired surrogates): Prometheus rejects invalid UTF-8. */
function isUtf8(s: string): boolean {
  return Buffer.from(s, 'utf8').toString('utf8') === s;
}

/** A key of alertLabels: a Prometheus label name the alerts do not set themselves. */
const ALERT_LABEL_NAME: Check = refine(str(), (ctx: CheckContext, path: string, k: string) => {
  const owned = OWNED_ALERT_LABELS[k];
  if (owned) {
    throw propError(ctx.owner, path, k, `would be overwritten on every alert (${owned})`, 'use another label name, e.g. "team"');
  }
  if (k === '__name__' || !isUtf8(k)) {
    throw propError(ctx.owner, path, k, 'is not a Prometheus label name (Prometheus rejects the rule)', 'use letters, digits and "_", e.g. "team"');
  }
  if (!LEGACY_LABEL_NAME.test(k) && ctx.scope) {
    addWarning(ctx.scope, `${path} ${formatValue(k)} is a UTF-8 label name, which Prometheus 3.0 and later accept but Prometheus 2.x (and 3.x with metric_name_validation_scheme: legacy) rejects, and with it the whole PrometheusRule; use letters, digits and "_" (not starting with a digit) if an older Prometheus loads the rules`, 'prometheus-label-name');
  }
});

/** A value of alertLabels: any UTF-8 text (written into the rules as template text, so `{{` stays literal). */
const ALERT_LABEL_VALUE: Check = refine(str({ allowEmpty: true, allowPadding: true }), (ctx, path, v: string) => {
  if (!isUtf8(v)) throw propError(ctx.owner, path, v, 'is not valid UTF-8 text (Prometheus rejects the rule)', 'remove the unpaired surrogate characters');
});

/** Options of `PrometheusMonitoring.watch()`. */
export const WATCH_OPTIONS_SHAPE: Shape = defineShape('WatchOptions', {
  streaming: bool(),
  // names are checked with the app they belong to (see markStreaming), so the message names it
  streamingQueryNames: arr(str({ allowEmpty: true, allowPadding: true })),
  triggerInterval: duration({ allowZero: true }),
});

/** Every prop of PrometheusMonitoringProps, checked at construction. */
export const PROMETHEUS_MONITORING_PROPS_SHAPE: Shape = defineShape('PrometheusMonitoringProps', {
  name: str(),
  apps: arr(SPARK_APP),
  mode: enumOf('MonitoringMode', MonitoringMode),
  jmxExporterJarPath: str(),
  jmxExporterPort: num(),
  scrapeTarget: enumOf('ScrapeTarget', ScrapeTarget),
  existingPodMonitor: struct('ExistingPodMonitor', {
    podLabels: required(labels()),
    jmxExporterPortName: str(),
  }),
  annotatedDriverEndpoint: enumOf('AnnotatedDriverEndpoint', AnnotatedDriverEndpoint),
  servletPath: str(),
  processTreeMetrics: bool(),
  scrapeInterval: duration({ allowZero: true }),
  monitorLabels: labels(),
  ruleLabels: labels(),
  prometheusNamespace: str(),
  alerts: bool(),
  alertLabels: map(ALERT_LABEL_VALUE, ALERT_LABEL_NAME),
  driverFailedFor: duration({ allowZero: true }),
  driverDownFor: duration({ allowZero: true }),
  executorLossThreshold: num(),
  executorLossWindow: duration({ allowZero: true }),
  executorLossFor: duration({ allowZero: true }),
  heapUsageThreshold: num(),
  heapUsageFor: duration({ allowZero: true }),
  storageMemoryThreshold: num(),
  storageMemoryFor: duration({ allowZero: true }),
  gcTimeThreshold: num(),
  gcTimeFor: duration({ allowZero: true }),
  failedTasksThreshold: num(),
  failedTasksWindow: duration({ allowZero: true }),
  failedTasksFor: duration({ allowZero: true }),
  streamingLagFor: duration({ allowZero: true }),
  batchDurationFor: duration({ allowZero: true }),
  stateGrowthWindow: duration({ allowZero: true }),
  stateGrowthFor: duration({ allowZero: true }),
  dashboard: bool(),
  dashboardNamespace: str(),
  dashboardLabelKey: str(),
  dashboardLabelValue: str({ allowEmpty: true }),
  dashboardFolderAnnotation: str(),
  dashboardTitle: str({ allowPadding: true }),
});

/** `enableStreamingMetrics(app, queryNames, triggerInterval)`'s positional arguments. */
export const STREAMING_METRICS_ARGS: Shape = {
  app: required(SPARK_APP),
  queryNames: required(WATCH_OPTIONS_SHAPE.streamingQueryNames),
  triggerInterval: required(duration({ allowZero: true })),
};

/** `watch(app, options)`'s app argument. */
export const WATCH_ARGS: Shape = { app: required(SPARK_APP) };

/** Ports Spark itself opens in the driver and executor pods (UI, driver RPC, block manager). */
export const SPARK_PORTS = [4040, 7078, 7079];

/**
 * Characters a `-javaagent:` path cannot hold: Spark splits Java options at whitespace and treats
 * quotes and backslashes as quoting (`Utils.splitCommandString`, the launcher's
 * `parseOptionString`), the JVM ends the jar path at the first `=`, and executors receive their
 * Java options as environment variables (`SPARK_JAVA_OPT_<n>`), where Kubernetes expands `$(...)`.
 */
const JAVA_OPTION_UNSAFE = /[\s"'\\=$\u0000-\u001f\u007f]/;

/** What the props resolve to, with defaults. */
export interface ResolvedMonitoring {
  readonly name: string;
  readonly mode: MonitoringMode;
  readonly scrapeInterval: Duration;
  readonly prometheusNamespace: string;
  readonly jmxPort: number;
  readonly scrapeTarget: ScrapeTarget;
}

/** Checks the values of well-typed props (ranges, names, props that only apply together). */
export function validateMonitoringProps(owner: string, p: PrometheusMonitoringProps, r: ResolvedMonitoring): void {
  const fail = (prop: string, value: unknown, problem: string, fix: string) => {
    throw propError(owner, prop, value, problem, fix);
  };
  if (dns1123LabelProblem(r.name) || r.name.length > 50) {
    fail('name', r.name, 'must be a DNS-1123 label of at most 50 characters', 'use lower-case letters, digits and "-", starting and ending with a letter or digit');
  }
  for (const [prop, ns] of [['prometheusNamespace', r.prometheusNamespace], ['dashboardNamespace', p.dashboardNamespace]] as const) {
    if (ns !== undefined && dns1123LabelProblem(ns)) {
      fail(prop, ns, 'must be a namespace name (DNS-1123 label)', 'use at most 63 lower-case letters, digits and "-"');
    }
  }
  if (r.mode === MonitoringMode.JMX_EXPORTER) {
    const jar = p.jmxExporterJarPath;
    if (jar === undefined) {
      fail('jmxExporterJarPath', jar, 'must be set with MonitoringMode.JMX_EXPORTER', 'give the absolute path of the jmx_prometheus_javaagent jar in the Spark image');
    }
    if (!/^\/.*\.jar$/.test(jar!)) {
      fail('jmxExporterJarPath', jar, 'must be an absolute path to a .jar in the image', 'e.g. /opt/jmx/jmx_prometheus_javaagent.jar');
    }
    if (JAVA_OPTION_UNSAFE.test(jar!)) {
      fail('jmxExporterJarPath', jar,
        'cannot be written into the -javaagent: Java option (Spark splits Java options at whitespace and reads quotes and backslashes as quoting, the JVM ends the jar path at "=", Kubernetes expands "$(...)" in the executors\' environment)',
        'move the jar to a path without whitespace, quotes, backslashes, "=", "$" or control characters, e.g. /opt/jmx/jmx_prometheus_javaagent.jar');
    }
    if (p.servletPath !== undefined) {
      fail('servletPath', p.servletPath, 'applies to MonitoringMode.SERVLET only (the JMX exporter serves its own /metrics)', 'remove servletPath, or set mode to MonitoringMode.SERVLET');
    }
  } else {
    if (p.servletPath !== undefined) validateServletPath(fail, p.servletPath);
    if (p.jmxExporterJarPath !== undefined) {
      fail('jmxExporterJarPath', p.jmxExporterJarPath, `applies to MonitoringMode.JMX_EXPORTER only (mode is ${formatValue(r.mode)})`, 'set mode to MonitoringMode.JMX_EXPORTER or remove it');
    }
    if (p.jmxExporterPort !== undefined) {
      fail('jmxExporterPort', p.jmxExporterPort, `applies to MonitoringMode.JMX_EXPORTER only (mode is ${formatValue(r.mode)})`, 'set mode to MonitoringMode.JMX_EXPORTER or remove it');
    }
  }
  const port = r.jmxPort;
  if (!Number.isInteger(port) || port < 1024 || port > 49151) {
    fail('jmxExporterPort', port, 'must be a whole number from 1024 to 49151 (the range the spark-operator allows for the exporter)', 'e.g. 8090 (the default)');
  }
  if (SPARK_PORTS.includes(port)) {
    fail('jmxExporterPort', port, `must not be a port Spark opens itself (Spark uses ${SPARK_PORTS.join(', ')})`, 'pick another port from 1024 to 49151, e.g. 8090 (the default)');
  }
  // integral: false, so a fraction of a millisecond fails the checks below rather than in cdk8s
  const si = r.scrapeInterval.toMilliseconds({ integral: false });
  if (si < 1000 || si > 3_600_000 || si % 1000 !== 0) {
    fail('scrapeInterval', r.scrapeInterval, 'must be whole seconds from 1s to 1h', 'e.g. Duration.seconds(30)');
  }
  for (const [prop, v] of [['heapUsageThreshold', p.heapUsageThreshold], ['storageMemoryThreshold', p.storageMemoryThreshold], ['gcTimeThreshold', p.gcTimeThreshold]] as const) {
    if (v !== undefined && !(v > 0 && v <= 1)) {
      fail(prop, v, 'must be a fraction above 0 and at most 1', 'e.g. 0.9 for 90%');
    }
  }
  if (p.executorLossThreshold !== undefined && !(Number.isInteger(p.executorLossThreshold) && p.executorLossThreshold >= 1)) {
    fail('executorLossThreshold', p.executorLossThreshold, 'must be a whole number of at least 1 (it counts lost executor pods)', 'e.g. 1 (the default) to alert on the first lost executor');
  }
  if (p.failedTasksThreshold !== undefined && !(Number.isInteger(p.failedTasksThreshold) && p.failedTasksThreshold >= 0)) {
    fail('failedTasksThreshold', p.failedTasksThreshold, 'must be a whole number of at least 0 (the alert fires above it)', 'e.g. 0 (the default) to alert on any failed task');
  }
  const fors = ['driverFailedFor', 'driverDownFor', 'executorLossFor', 'heapUsageFor', 'storageMemoryFor', 'gcTimeFor', 'failedTasksFor', 'streamingLagFor', 'batchDurationFor', 'stateGrowthFor'] as const;
  for (const prop of fors) {
    const d = p[prop];
    if (d !== undefined && d.toMilliseconds({ integral: false }) % 1000 !== 0) {
      fail(prop, d, 'must be whole seconds', 'e.g. Duration.minutes(10)');
    }
  }
  for (const prop of ['executorLossWindow', 'failedTasksWindow', 'stateGrowthWindow'] as const) {
    const d = p[prop];
    if (d !== undefined && (d.toMilliseconds({ integral: false }) < 2 * si || d.toMilliseconds({ integral: false }) % 1000 !== 0)) {
      fail(prop, d, 'must be whole seconds and at least twice scrapeInterval (a window needs two samples)', `use whole seconds of at least ${formatValue(Duration.millis(2 * si))}`);
    }
  }
  validateScrapeTarget(fail, p, r);
  if (p.dashboardLabelKey !== undefined && !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(p.dashboardLabelKey)) {
    fail('dashboardLabelKey', p.dashboardLabelKey, 'must be a Kubernetes label key', 'use an optional DNS prefix and "/" and a name of letters, digits, "-", "_" and ".", e.g. grafana_dashboard');
  }
  if (p.dashboardFolderAnnotation !== undefined && !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(p.dashboardFolderAnnotation)) {
    fail('dashboardFolderAnnotation', p.dashboardFolderAnnotation, 'must be a Kubernetes annotation key', 'use an optional DNS prefix and "/" and a name of letters, digits, "-", "_" and ".", e.g. k8s-sidecar-target-directory');
  }
  if (p.dashboardLabelValue !== undefined && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(p.dashboardLabelValue) || (p.dashboardLabelValue ?? '').length > 63) {
    fail('dashboardLabelValue', p.dashboardLabelValue, 'must be a Kubernetes label value', 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, e.g. "1"');
  }
}

/** Paths under /metrics/ the driver UI serves itself: the executor summaries and the JSON metrics servlet. */
const UI_METRICS_PATHS = ['/metrics/executors/prometheus', '/metrics/json'];

/**
 * servletPath: a path under /metrics/ (the UI's pages live elsewhere) that does not shadow or sit
 * under one the UI serves itself (Jetty routes a request to the longest matching context path).
 */
function validateServletPath(fail: (prop: string, value: unknown, problem: string, fix: string) => void, path: string): void {
  const fix = 'use a path under /metrics/, e.g. "/metrics/driver/prometheus/"';
  if (!/^\/[A-Za-z0-9\-._~/]*$/.test(path) || path.includes('//') || path.split('/').some(s => s === '.' || s === '..')) {
    fail('servletPath', path, 'must be an absolute URL path of letters, digits and "-._~/" without empty, "." or ".." segments', fix);
  }
  const p = path.replace(/\/+$/, '');
  if (!p.startsWith('/metrics/')) fail('servletPath', path, 'must be under /metrics/ (the driver UI serves its pages at the other paths)', fix);
  const clash = UI_METRICS_PATHS.find(u => u === p || u.startsWith(`${p}/`) || p.startsWith(`${u}/`));
  if (clash) {
    fail('servletPath', path, `would ${clash === p ? 'replace' : clash.startsWith(`${p}/`) ? 'shadow' : 'sit under'} ${clash}, which the driver UI serves itself`, fix);
  }
}

/** The props of the scrape target: the user's PodMonitor contract and the annotated endpoint. */
function validateScrapeTarget(fail: (prop: string, value: unknown, problem: string, fix: string) => void,
  p: PrometheusMonitoringProps, r: ResolvedMonitoring): void {
  const target = `ScrapeTarget.${Object.entries(ScrapeTarget).find(([, v]) => v === r.scrapeTarget)![0]}`;
  const existing = p.existingPodMonitor;
  if (r.scrapeTarget === ScrapeTarget.EXISTING_POD_MONITOR) {
    if (existing === undefined) {
      fail('existingPodMonitor', existing, 'is required with ScrapeTarget.EXISTING_POD_MONITOR (the library labels the pods so that PodMonitor selects them)',
        'give the labels your PodMonitor selects pods by, e.g. { podLabels: { "monitoring.example.com/scrape": "spark" } }');
    }
    if (Object.keys(existing!.podLabels).length === 0) {
      fail('existingPodMonitor.podLabels', existing!.podLabels, 'must hold at least one label (the PodMonitor\'s selector would not tell the Spark pods from others)',
        'give the labels your PodMonitor selects pods by, e.g. { "monitoring.example.com/scrape": "spark" }');
    }
    const portName = existing!.jmxExporterPortName;
    if (portName !== undefined) {
      if (r.mode !== MonitoringMode.JMX_EXPORTER) {
        fail('existingPodMonitor.jmxExporterPortName', portName, `applies to MonitoringMode.JMX_EXPORTER only (mode is ${formatValue(r.mode)}: the PodMonitor scrapes the driver UI port, which Spark names "spark-ui")`,
          'let the PodMonitor scrape port "spark-ui", or set mode to MonitoringMode.JMX_EXPORTER');
      }
      if (portName.length > 15 || !/^[-a-z0-9]+$/.test(portName) || !/[a-z]/.test(portName) || portName.includes('--') || portName.startsWith('-') || portName.endsWith('-')) {
        fail('existingPodMonitor.jmxExporterPortName', portName, 'is not a valid port name', 'use at most 15 lower-case letters, digits and "-" with at least one letter, e.g. "metrics"');
      }
      if (SPARK_PORT_NAMES.includes(portName)) {
        fail('existingPodMonitor.jmxExporterPortName', portName, `is the name of a port Spark opens itself (Spark names its ports ${SPARK_PORT_NAMES.join(', ')})`, 'use another name, e.g. "metrics"');
      }
    }
  } else if (existing !== undefined) {
    fail('existingPodMonitor', existing, `applies to ScrapeTarget.EXISTING_POD_MONITOR only (scrapeTarget is ${target})`,
      'set scrapeTarget to ScrapeTarget.EXISTING_POD_MONITOR or remove existingPodMonitor');
  }
  if (p.annotatedDriverEndpoint !== undefined && r.scrapeTarget !== ScrapeTarget.POD_ANNOTATIONS) {
    fail('annotatedDriverEndpoint', p.annotatedDriverEndpoint, `applies to ScrapeTarget.POD_ANNOTATIONS only (scrapeTarget is ${target})`,
      'set scrapeTarget to ScrapeTarget.POD_ANNOTATIONS or remove annotatedDriverEndpoint');
  }
  if (p.monitorLabels !== undefined && (r.scrapeTarget === ScrapeTarget.EXISTING_POD_MONITOR || r.scrapeTarget === ScrapeTarget.POD_ANNOTATIONS)) {
    fail('monitorLabels', p.monitorLabels, `label the PodMonitor or ServiceMonitor, which ${target} does not define`,
      'set ruleLabels for the PrometheusRules, or remove monitorLabels');
  }
}

/** Names Spark gives the ports it opens in the driver and executor pods. */
const SPARK_PORT_NAMES = ['driver-rpc-port', 'blockmanager', 'spark-ui'];
