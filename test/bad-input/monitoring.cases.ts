import { Chart, Duration } from 'cdk8s';
import { BadInputCase, prometheusMonitoring, sparkApp } from './harness';

// PrometheusMonitoring: wrong types, enum typos, bad numbers and names, alert labels Prometheus
// rejects or the alerts overwrite, Java option text that cannot hold the exporter path, and
// watch() / enableStreamingMetrics() arguments from JavaScript.

const JMX = { mode: 'jmx-exporter', jmxExporterJarPath: '/opt/jmx/jmx_prometheus_javaagent.jar' };

const monCase = (name: string, props: unknown, error: string): BadInputCase =>
  ({ construct: 'PrometheusMonitoring', name, build: c => { prometheusMonitoring(c, props as any); }, error });

/** A monitoring `Mon` and an app `Etl`, then `f` on them. */
function watching(c: Chart, f: (m: any, app: any) => void) {
  const m = prometheusMonitoring(c);
  f(m, sparkApp(c));
}

const watchCase = (name: string, f: (m: any, app: any) => void, error: string): BadInputCase =>
  ({ construct: 'PrometheusMonitoring', name, build: c => watching(c, f), error });

export const CASES: BadInputCase[] = [
  // --- wrong types
  monCase('props as a string', 'monitoring', 'PrometheusMonitoring Mon: props "monitoring" must be a PrometheusMonitoringProps (a plain object); got a string'),
  monCase('apps as names', { apps: ['etl'] }, 'PrometheusMonitoring Mon: apps[0] "etl" must be an ISparkApp; got a string; pass a SparkApp (e.g. pipeline.app for a StreamingPipeline)'),
  monCase('scrapeInterval in seconds as a number', { scrapeInterval: 30 }, 'PrometheusMonitoring Mon: scrapeInterval 30 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)'),
  monCase('jmxExporterPort as a string', { ...JMX, jmxExporterPort: '8090' }, 'PrometheusMonitoring Mon: jmxExporterPort "8090" must be a number; got a string'),
  monCase('dashboard as a string', { dashboard: 'true' }, 'PrometheusMonitoring Mon: dashboard "true" must be true or false; got a string; give a boolean, not a string'),
  monCase('alertLabels value a number', { alertLabels: { tier: 1 } }, 'PrometheusMonitoring Mon: alertLabels["tier"] 1 must be a string; got a number'),
  monCase('monitorLabels as a list', { monitorLabels: ['release=prom'] }, 'PrometheusMonitoring Mon: monitorLabels ["release=prom"] must be a map (a plain object of key: value); got an array'),

  // --- enum typos
  monCase('mode JMX', { mode: 'JMX' }, 'PrometheusMonitoring Mon: mode "JMX" is not a MonitoringMode; use one of MonitoringMode.SERVLET, MonitoringMode.JMX_EXPORTER (values "servlet", "jmx-exporter")'),
  monCase('scrapeTarget ServiceMonitor', { scrapeTarget: 'ServiceMonitor' }, 'PrometheusMonitoring Mon: scrapeTarget "ServiceMonitor" is not a ScrapeTarget; use one of ScrapeTarget.POD_MONITOR, ScrapeTarget.SERVICE_MONITOR, ScrapeTarget.EXISTING_POD_MONITOR, ScrapeTarget.POD_ANNOTATIONS (values "pod-monitor", "service-monitor", "existing-pod-monitor", "pod-annotations")'),

  // --- numbers
  monCase('heapUsageThreshold NaN', { heapUsageThreshold: NaN }, 'PrometheusMonitoring Mon: heapUsageThreshold NaN must be a finite number; give a number such as 1 or 0.5'),
  monCase('heapUsageThreshold as a percentage', { heapUsageThreshold: 90 }, 'PrometheusMonitoring Mon: heapUsageThreshold 90 must be a fraction above 0 and at most 1; e.g. 0.9 for 90%'),
  monCase('executorLossThreshold a fraction', { executorLossThreshold: 1.5 }, 'PrometheusMonitoring Mon: executorLossThreshold 1.5 must be a whole number of at least 1 (it counts lost executor pods); e.g. 1 (the default) to alert on the first lost executor'),
  monCase('failedTasksThreshold Infinity', { failedTasksThreshold: Infinity }, 'PrometheusMonitoring Mon: failedTasksThreshold Infinity must be a finite number; give a number such as 1 or 0.5'),
  monCase('scrapeInterval in milliseconds', { scrapeInterval: Duration.millis(1500) }, 'PrometheusMonitoring Mon: scrapeInterval 1 second 500 millis must be whole seconds from 1s to 1h; e.g. Duration.seconds(30)'),
  monCase('jmxExporterPort a port Spark uses', { ...JMX, jmxExporterPort: 4040 }, 'PrometheusMonitoring Mon: jmxExporterPort 4040 must not be a port Spark opens itself (Spark uses 4040, 7078, 7079); pick another port from 1024 to 49151, e.g. 8090 (the default)'),
  monCase('jmxExporterPort above the operator range', { ...JMX, jmxExporterPort: 50000 }, 'PrometheusMonitoring Mon: jmxExporterPort 50000 must be a whole number from 1024 to 49151 (the range the spark-operator allows for the exporter); e.g. 8090 (the default)'),
  monCase('failedTasksWindow shorter than two scrapes', { failedTasksWindow: Duration.seconds(45) }, 'PrometheusMonitoring Mon: failedTasksWindow 45 seconds must be whole seconds and at least twice scrapeInterval (a window needs two samples); use whole seconds of at least 1 minute'),
  monCase('driverDownFor in milliseconds', { driverDownFor: Duration.millis(100) }, 'PrometheusMonitoring Mon: driverDownFor 100 millis must be whole seconds; e.g. Duration.minutes(10)'),

  // --- names and references
  monCase('name with an underscore', { name: 'spark_mon' }, 'PrometheusMonitoring Mon: name "spark_mon" must be a DNS-1123 label of at most 50 characters; use lower-case letters, digits and "-", starting and ending with a letter or digit'),
  monCase('prometheusNamespace with capitals', { prometheusNamespace: 'Monitoring' }, 'PrometheusMonitoring Mon: prometheusNamespace "Monitoring" must be a namespace name (DNS-1123 label); use at most 63 lower-case letters, digits and "-"'),
  monCase('monitorLabels value with a space', { monitorLabels: { release: 'kube prometheus' } }, 'PrometheusMonitoring Mon: monitorLabels["release"] "kube prometheus" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit'),
  monCase('ruleLabels key with two slashes', { ruleLabels: { 'a/b/c': 'x' } }, 'PrometheusMonitoring Mon: ruleLabels key "a/b/c" is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain'),
  monCase('dashboardLabelValue with a space', { dashboardLabelValue: 'yes please' }, 'PrometheusMonitoring Mon: dashboardLabelValue "yes please" must be a Kubernetes label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, e.g. "1"'),

  // --- alert labels (Prometheus rule labels)
  monCase('alertLabels sets severity', { alertLabels: { severity: 'page' } }, 'PrometheusMonitoring Mon: alertLabels key "severity" would be overwritten on every alert (the library sets it to critical or warning per alert); use another label name, e.g. "team"'),
  monCase('alertLabels sets app', { alertLabels: { app: 'billing' } }, 'PrometheusMonitoring Mon: alertLabels key "app" would be overwritten on every alert (the library sets it to the app\'s name); use another label name, e.g. "team"'),
  monCase('alertLabels sets __name__', { alertLabels: { __name__: 'x' } }, 'PrometheusMonitoring Mon: alertLabels key "__name__" is not a Prometheus label name (Prometheus rejects the rule); use letters, digits and "_", e.g. "team"'),
  {
    construct: 'PrometheusMonitoring',
    name: 'alertLabels key with a dash',
    build: c => { prometheusMonitoring(c, { alertLabels: { 'team-name': 'data' } }); },
    warning: 'test/Mon: alertLabels key "team-name" is a UTF-8 label name, which Prometheus 3.0 and later accept but Prometheus 2.x (and 3.x with metric_name_validation_scheme: legacy) rejects, and with it the whole PrometheusRule; use letters, digits and "_" (not starting with a digit) if an older Prometheus loads the rules [prometheus-label-name]',
  },

  // --- Java option text
  monCase('jmxExporterJarPath with a space', { ...JMX, jmxExporterJarPath: '/opt/jmx exporter/agent.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "/opt/jmx exporter/agent.jar" cannot be written into the -javaagent: Java option (Spark splits Java options at whitespace and reads quotes and backslashes as quoting, the JVM ends the jar path at "=", Kubernetes expands "$(...)" in the executors\' environment); move the jar to a path without whitespace, quotes, backslashes, "=", "$" or control characters, e.g. /opt/jmx/jmx_prometheus_javaagent.jar'),
  monCase('jmxExporterJarPath with =', { ...JMX, jmxExporterJarPath: '/opt/jmx/agent=1.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "/opt/jmx/agent=1.jar" cannot be written into the -javaagent: Java option (Spark splits Java options at whitespace and reads quotes and backslashes as quoting, the JVM ends the jar path at "=", Kubernetes expands "$(...)" in the executors\' environment); move the jar to a path without whitespace, quotes, backslashes, "=", "$" or control characters, e.g. /opt/jmx/jmx_prometheus_javaagent.jar'),
  monCase('jmxExporterJarPath with $()', { ...JMX, jmxExporterJarPath: '/opt/$(id)/agent.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "/opt/$(id)/agent.jar" cannot be written into the -javaagent: Java option (Spark splits Java options at whitespace and reads quotes and backslashes as quoting, the JVM ends the jar path at "=", Kubernetes expands "$(...)" in the executors\' environment); move the jar to a path without whitespace, quotes, backslashes, "=", "$" or control characters, e.g. /opt/jmx/jmx_prometheus_javaagent.jar'),
  monCase('jmxExporterJarPath relative', { ...JMX, jmxExporterJarPath: 'jmx/agent.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "jmx/agent.jar" must be an absolute path to a .jar in the image; e.g. /opt/jmx/jmx_prometheus_javaagent.jar'),
  monCase('jmxExporterJarPath without JMX mode', { jmxExporterJarPath: '/opt/jmx/agent.jar' }, 'PrometheusMonitoring Mon: jmxExporterJarPath "/opt/jmx/agent.jar" applies to MonitoringMode.JMX_EXPORTER only (mode is "servlet"); set mode to MonitoringMode.JMX_EXPORTER or remove it'),

  // --- unknown props
  {
    construct: 'PrometheusMonitoring',
    name: 'unknown prop close to a known one',
    build: c => { prometheusMonitoring(c, { alertLabel: { team: 'data' } }); },
    warning: 'test/Mon: alertLabel is not a prop of PrometheusMonitoringProps and is ignored; did you mean alertLabels? [unknown-prop]',
  },

  // --- watch() and enableStreamingMetrics()
  watchCase('watch a name', m => m.watch('etl'), 'PrometheusMonitoring Mon: app "etl" must be an ISparkApp; got a string; pass a SparkApp (e.g. pipeline.app for a StreamingPipeline)'),
  watchCase('watch with streaming as a string', (m, app) => m.watch(app, { streaming: 'yes' }), 'PrometheusMonitoring Mon: streaming "yes" must be true or false; got a string; give a boolean, not a string'),
  watchCase('watch with an empty query name', (m, app) => m.watch(app, { streamingQueryNames: [''] }), 'PrometheusMonitoring Mon: streamingQueryNames[0] "" must be a non-empty name without surrounding spaces (watching app etl); use the names given to .queryName(...)'),
  watchCase('watch with streaming false and query names', (m, app) => m.watch(app, { streaming: false, streamingQueryNames: ['a'] }), 'PrometheusMonitoring Mon: streaming false conflicts with streamingQueryNames ["a"] (watching app etl); set streaming to true or drop streamingQueryNames'),
  watchCase('enableStreamingMetrics with one name as a string', (m, app) => m.enableStreamingMetrics(app, 'orders', Duration.seconds(10)), 'PrometheusMonitoring Mon: queryNames "orders" must be a list of string values; got a string; wrap it in [ ]'),
  watchCase('enableStreamingMetrics without a trigger interval', (m, app) => m.enableStreamingMetrics(app, ['orders']), 'PrometheusMonitoring Mon: triggerInterval (unset) is required; give a Duration'),
  watchCase('two trigger intervals for one app', (m, app) => {
    m.enableStreamingMetrics(app, ['orders'], Duration.seconds(10));
    m.enableStreamingMetrics(app, ['orders'], Duration.seconds(20));
  }, 'PrometheusMonitoring Mon: triggerInterval 20 seconds conflicts with 10 seconds given earlier (watching app etl); declare one trigger interval per app'),
  {
    construct: 'PrometheusMonitoring',
    name: 'query names with the same metric names',
    build: c => watching(c, (m, app) => m.watch(app, { streamingQueryNames: ['orders.eu', 'orders_eu'] })),
    warning: 'test/Mon: streamingQueryNames ["orders.eu", "orders_eu"] of app etl get the same metric names (the PrometheusServlet replaces every character but letters and digits by "_"), so their series and alerts mix; rename the queries so they differ in letters or digits [streaming-query-metric-names]',
  },
  {
    construct: 'PrometheusMonitoring',
    name: 'two monitorings on one app',
    build: c => {
      const app = sparkApp(c);
      prometheusMonitoring(c, {}, 'A').watch(app);
      prometheusMonitoring(c, {}, 'B').watch(app);
    },
    error: 'PrometheusMonitoring B: app etl is already monitored by PrometheusMonitoring A; watch each app with one PrometheusMonitoring (two would scrape it twice)',
  },
];
