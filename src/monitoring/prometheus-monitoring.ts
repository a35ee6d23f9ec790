import { createHash } from 'crypto';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { sparkDashboard } from './dashboard';
import {
  PROMETHEUS_MONITORING_PROPS_SHAPE, STREAMING_METRICS_ARGS, validateMonitoringProps, WATCH_ARGS, WATCH_OPTIONS_SHAPE,
} from './monitoring-shapes';
import { appPodsSelector } from './pod-selector';
import {
  AnnotatedDriverEndpoint, MetricsEndpoint, MonitoringMode, PrometheusMonitoringProps, ScrapeTarget, WatchOptions,
} from './prometheus-monitoring-props';
import { appRuleGroup, RuleApp, RuleSettings } from './prometheus-rules';
import { promDuration } from './promql';
import { driverMetricsFormat, EXECUTOR_SUMMARIES_PATH, jmxExporterConfig, SERVLET_PATH, SERVLET_PATH_KEY, servletToken } from './spark-metrics';
import { backendNameOf } from '../backends/backend-name';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructError, constructLabel, formatValue, propError } from '../core/errors';
import { recommendedLabels } from '../core/labels';
import { SparkVolume } from '../core/pod';
import { SparkPods } from '../core/types';
import { nameFromId, sortedMap } from '../core/util';
import { addWarning, addWarningProducer, printWarningsOnSynth } from '../core/warn';

interface Watched {
  readonly app: ISparkApp;
  streaming: boolean;
  readonly queries: string[];
  triggerInterval?: Duration;
}

/** The objects of one namespace with watched apps. */
interface NamespaceObjects {
  readonly namespace: string;
  /** The construct holding the namespace's objects. */
  readonly scope: Construct;
  readonly apps: Watched[];
  /** The PodMonitor or ServiceMonitor (none when the user's PodMonitor or annotations scrape). */
  readonly monitor?: ApiObject;
  /** With ScrapeTarget.SERVICE_MONITOR: the headless Services, one per watched app. */
  readonly services: ApiObject[];
  readonly rules?: ApiObject;
}

const SPARK_UI_PORT = 4040;
const SPARK_UI_PORT_NAME = 'spark-ui';
const JMX_PORT_NAME = 'jmx-exporter';
const JMX_CONFIG_DIR = '/etc/cdk8s-spark/jmx-exporter';
const JMX_VOLUME = 'jmx-exporter-config';
/** Suffix of the per-app metrics Services (ScrapeTarget.SERVICE_MONITOR). */
const SERVICE_SUFFIX = '-metrics';
/** Component label of the metrics Services, which their ServiceMonitor selects by. */
const METRICS_SERVICE_COMPONENT = 'metrics-service';
const IS_MONITORING = Symbol.for('cdk8s-spark.PrometheusMonitoring');

/**
 * Prometheus monitoring for Spark apps: metrics on, scraping, alerts and a Grafana dashboard.
 *
 * On every watched app it turns on Spark's Prometheus endpoints through the app's Spark
 * configuration: the PrometheusServlet sink at `/metrics/prometheus` (or `servletPath`) on the
 * driver UI, JvmSource and the app status source, the executor summaries at `/metrics/executors/prometheus`
 * (`spark.ui.prometheus.enabled`), streaming metrics for streaming apps, and
 * `spark.metrics.namespace` set to the app name, so metric names stay the same across runs. In
 * MonitoringMode.JMX_EXPORTER it starts the JMX exporter agent on the driver and executors
 * instead of the servlet (`spark.{driver,executor}.defaultJavaOptions`, leaving
 * `extraJavaOptions` to the app), mounts its configuration from a ConfigMap and declares its
 * container port. An app's SparkNamespace lets `prometheusNamespace` reach the scraped ports.
 *
 * Defines, per namespace with watched apps:
 * - a `PodMonitor` (prometheus-operator `monitoring.coreos.com/v1`) selecting the Spark pods of
 *   the watched apps, with `namespace`, `app` and `role` (driver or executor) target labels. One
 *   per namespace rather than per app: fewer scrape jobs and objects, one list to extend, and it
 *   lives in the apps' namespace, which Prometheus setups that only honour a monitor's own
 *   namespace (`ignoreNamespaceSelectors`) require;
 * - or, with ScrapeTarget.SERVICE_MONITOR, a `ServiceMonitor` with the same endpoints,
 *   relabelings and metric drops (one function builds both), selecting by label a headless
 *   Service (`clusterIP: None`, named `<app>-metrics`) per watched app. A Service's selector is a
 *   plain label map: it cannot say "one of these apps" or "driver or executor", and the only
 *   label the watched apps share, `app.kubernetes.io/managed-by`, is on every app of the library,
 *   watched or not. A Service per namespace would select the pods of unwatched apps (and of apps
 *   other PrometheusMonitorings watch) and need an extra relabeling to drop them, so the
 *   ServiceMonitor's endpoints would differ from the PodMonitor's. A Service per app selects
 *   exactly the pods the PodMonitor selects: its driver by `app.kubernetes.io/instance`,
 *   `managed-by` and `component: spark-driver` in SERVLET mode; in JMX exporter mode its pods by
 *   instance and `managed-by`, the named target ports (`spark-ui` on the driver, `jmx-exporter`
 *   on the driver and executors) leaving out any pod that does not serve them. Headless, since
 *   Prometheus scrapes each pod behind the Service, not a virtual IP (so the namespace's
 *   NetworkPolicy admits it on the pod ports, as for the PodMonitor);
 * - or neither, with ScrapeTarget.EXISTING_POD_MONITOR (the user's own, e.g. cluster-wide,
 *   PodMonitor: the scraped pods get its `podLabels`) or ScrapeTarget.POD_ANNOTATIONS
 *   (`prometheus.io/scrape`, `path` and `port` on the scraped pods); `metricsEndpoints` lists the
 *   ports and paths either must scrape, from the constants the Spark configuration is written from;
 * - a `PrometheusRule` with one rule group per app (SparkDriverFailed, SparkExecutorsLost,
 *   SparkDriverHeapHigh, SparkExecutorStorageMemoryHigh, SparkGcTimeHigh, SparkTasksFailing;
 *   for streaming apps SparkStreamingDriverDown and, per named query,
 *   SparkStreamingFallingBehind, SparkStreamingBatchSlow, SparkStreamingStateGrowing);
 * - in JMX exporter mode, the exporter's ConfigMap;
 *
 * and one Grafana dashboard ConfigMap labelled for the Grafana sidecar.
 *
 * Alert and dashboard expressions use the metric names the endpoints serve (cited in
 * `_spark-metrics.ts`); for apps on Spark 4.1 and later, whose servlet prints OpenMetrics-style
 * names (SPARK-53442), they match both name forms. The JMX exporter rules rename Spark's MBeans to
 * the servlet's names, so both modes share alerts and dashboard.
 *
 * Prometheus expands alert labels and annotations as Go templates: user text in them (app and
 * query names, `alertLabels` values) is written so that `{{` and `}}` come out literally
 * (`{{ "{{" }}`), never as template actions. `alertLabels` keys the alerts set themselves
 * (`alertname`, `app`, `severity`, `query`) are errors.
 *
 * The alerts on pods (failed driver, lost executors) use kube-state-metrics and join pods to apps
 * through `kube_pod_labels`; kube-state-metrics exports pod labels only when allowed, e.g.
 * `--metric-labels-allowlist=pods=[app.kubernetes.io/instance,app.kubernetes.io/component]`
 * (kube-prometheus-stack: `kube-state-metrics.metricLabelsAllowlist`).
 */
export class PrometheusMonitoring extends Construct implements ISparkFeature {
  /** Whether an object is a PrometheusMonitoring (works across copies of the library). */
  public static isPrometheusMonitoring(x: any): x is PrometheusMonitoring {
    return x !== null && typeof x === 'object' && IS_MONITORING in x;
  }

  /** `PrometheusMonitoring <id>`, the source named in configuration conflicts. */
  public readonly featureName: string;
  /** Name of the PodMonitors or ServiceMonitors, PrometheusRules and ConfigMaps. */
  public readonly name: string;
  /** How metrics are exposed. */
  public readonly mode: MonitoringMode;
  /** What Prometheus discovers the Spark pods by. */
  public readonly scrapeTarget: ScrapeTarget;
  /** Scrape interval. */
  public readonly scrapeInterval: Duration;
  /** Namespace of Prometheus. */
  public readonly prometheusNamespace: string;
  /** The Grafana dashboard ConfigMap, if defined. */
  public readonly dashboardConfigMap?: ApiObject;

  private readonly props: PrometheusMonitoringProps;
  private readonly owner: string;
  private readonly watched = new Map<ISparkApp, Watched>();
  private readonly namespaces = new Map<string, NamespaceObjects>();
  private readonly jmxPort: number;
  private readonly jmxPortName: string;

  constructor(scope: Construct, id: string, props: PrometheusMonitoringProps = {}) {
    super(scope, id);
    this.owner = constructLabel('PrometheusMonitoring', this);
    checkProps({ owner: this.owner, scope: this }, props, 'PrometheusMonitoringProps', PROMETHEUS_MONITORING_PROPS_SHAPE);
    props = props ?? {}; // null from JavaScript
    Object.defineProperty(this, IS_MONITORING, { value: true });
    this.featureName = this.owner;
    this.props = props;
    this.name = props.name ?? nameFromId(id);
    this.mode = props.mode ?? MonitoringMode.SERVLET;
    this.scrapeTarget = props.scrapeTarget ?? ScrapeTarget.POD_MONITOR;
    this.scrapeInterval = props.scrapeInterval ?? Duration.seconds(30);
    this.prometheusNamespace = props.prometheusNamespace ?? 'monitoring';
    this.jmxPort = props.jmxExporterPort ?? 8090;
    this.jmxPortName = props.existingPodMonitor?.jmxExporterPortName ?? JMX_PORT_NAME;
    validateMonitoringProps(this.owner, props, {
      name: this.name,
      mode: this.mode,
      scrapeInterval: this.scrapeInterval,
      prometheusNamespace: this.prometheusNamespace,
      jmxPort: this.jmxPort,
      scrapeTarget: this.scrapeTarget,
    });
    if (this.byUser && (props.alerts ?? true)) {
      addWarning(this, `scrapeTarget ${formatValue(this.scrapeTarget)} leaves the scrape's target labels to your ${this.scrapeTarget === ScrapeTarget.POD_ANNOTATIONS ? 'scrape configuration' : 'PodMonitor'}: the alerts and dashboard select series by namespace, app (the pod label app.kubernetes.io/instance) and role (driver or executor, from app.kubernetes.io/component); relabel them there, or set alerts to false`, 'scrape-target-labels');
    }

    if (props.dashboard ?? true) {
      const title = props.dashboardTitle ?? 'Spark applications';
      const dashboardJson = dashboardText(this.dashboardUid(), title, promDuration(this.scrapeInterval));
      this.dashboardConfigMap = new k8s.KubeConfigMap(this, 'Dashboard', {
        metadata: {
          name: `${this.name}-dashboard`,
          namespace: props.dashboardNamespace ?? this.prometheusNamespace,
          labels: {
            ...this.objectLabels('dashboard'),
            [props.dashboardLabelKey ?? 'grafana_dashboard']: props.dashboardLabelValue ?? '1',
          },
          // The sidecar writes this ConfigMap's files into a folder named after the monitoring.
          annotations: { [props.dashboardFolderAnnotation ?? DASHBOARD_FOLDER_ANNOTATION]: this.name },
        },
        // One file name for every copy: a data key of its own per ConfigMap gave every copy a V8
        // hidden-class transition of its own, and past ~1,300 copies that made YAML writing slow
        // down as the App grew (bench/README.md, "One data key per copy").
        data: { [DASHBOARD_FILE]: dashboardJson },
      });
    }

    for (const app of props.apps ?? []) this.watch(app);
    addWarningProducer(this, () => this.streamingWarnings());
    printWarningsOnSynth(this);
  }

  /**
   * Watches an app: binds this monitoring to it (as its `monitoring` prop does) and records how
   * it runs. Watching an app again adds streaming details; an app is watched by one
   * PrometheusMonitoring only.
   */
  public watch(app: ISparkApp, options: WatchOptions = {}): void {
    const ctx = { owner: this.owner, scope: this };
    checkProps(ctx, { app }, 'watch arguments', WATCH_ARGS);
    checkProps(ctx, options, 'WatchOptions', WATCH_OPTIONS_SHAPE);
    app.addFeature(this);
    const w = this.watched.get(app);
    if (!w) {
      throw constructError(this.owner, `app ${app.name} could not be watched: binding it failed earlier`);
    }
    const streaming = options.streaming ?? (options.streamingQueryNames !== undefined || options.triggerInterval !== undefined);
    if (options.streaming === false && (options.streamingQueryNames !== undefined || options.triggerInterval !== undefined)) {
      const given = ([['streamingQueryNames', options.streamingQueryNames], ['triggerInterval', options.triggerInterval]] as const)
        .filter(([, v]) => v !== undefined);
      throw propError(this.owner, 'streaming', false, `conflicts with ${given.map(([n, v]) => `${n} ${formatValue(v)}`).join(' and ')} (watching app ${app.name})`,
        `set streaming to true or drop ${given.map(([n]) => n).join(' and ')}`);
    }
    if (streaming) this.markStreaming(w, options.streamingQueryNames ?? [], options.triggerInterval);
  }

  /**
   * Declares an app as a Structured Streaming app with these named queries (used by streaming
   * constructs); watches it when it is not watched yet.
   *
   * @param app the app
   * @param queryNames names of its queries (`.queryName(...)`)
   * @param triggerInterval processing-time trigger interval of the queries
   */
  public enableStreamingMetrics(app: ISparkApp, queryNames: string[], triggerInterval: Duration): void {
    checkProps({ owner: this.owner, scope: this }, { app, queryNames, triggerInterval }, 'enableStreamingMetrics arguments', STREAMING_METRICS_ARGS);
    this.watch(app, { streaming: true, streamingQueryNames: queryNames, triggerInterval });
  }

  /**
   * Applies the monitoring to an app: Spark configuration, JMX exporter agent, volume and port,
   * the namespace's scrape permission, the app's place in the PodMonitor (or its metrics Service)
   * and rules. Called by
   * SparkApp (`monitoring` prop or `bindAddon`); use `watch()` instead.
   */
  public bind(app: ISparkApp): void {
    if (this.watched.has(app)) return;
    const other = app.features.find(a => a !== this && PrometheusMonitoring.isPrometheusMonitoring(a));
    if (other) {
      throw constructError(this.owner, `app ${app.name} is already monitored by ${other.featureName}; watch each app with one PrometheusMonitoring (two would scrape it twice)`);
    }
    const source = this.featureName;
    const conf = (key: string, value: string) => app.addSparkConf(key, value, source);
    conf('spark.metrics.namespace', app.name);
    conf('spark.metrics.conf.*.source.jvm.class', 'org.apache.spark.metrics.source.JvmSource');
    conf('spark.metrics.appStatusSource.enabled', 'true');
    conf('spark.ui.enabled', 'true');
    conf('spark.ui.port', `${SPARK_UI_PORT}`);
    conf('spark.ui.prometheus.enabled', 'true');
    if (this.mode === MonitoringMode.SERVLET) {
      conf('spark.metrics.conf.*.sink.prometheusServlet.class', 'org.apache.spark.metrics.sink.PrometheusServlet');
      conf(SERVLET_PATH_KEY, this.props.servletPath ?? SERVLET_PATH);
    } else {
      conf('spark.metrics.conf.*.sink.jmx.class', 'org.apache.spark.metrics.sink.JmxSink');
      const agent = `-javaagent:${this.props.jmxExporterJarPath}=${this.jmxPort}:${JMX_CONFIG_DIR}/config.yaml`;
      // defaultJavaOptions is prepended to extraJavaOptions by Spark 3.0+ (launcher for the driver,
      // EXECUTOR_JAVA_OPTIONS for executors), so apps keep extraJavaOptions for themselves
      conf('spark.driver.defaultJavaOptions', agent);
      conf('spark.executor.defaultJavaOptions', agent);
      const volume = SparkVolume.configMap(JMX_VOLUME, `${this.name}-jmx-exporter`);
      app.addVolumeMount(SparkPods.ALL, { volume, path: JMX_CONFIG_DIR }, source);
      app.addContainerPort(SparkPods.ALL, this.jmxPortName, this.jmxPort, source);
    }
    if (this.props.processTreeMetrics) conf('spark.executor.processTreeMetrics.enabled', 'true');
    const scraped = this.mode === MonitoringMode.JMX_EXPORTER ? SparkPods.ALL : SparkPods.DRIVER;
    if (this.scrapeTarget === ScrapeTarget.EXISTING_POD_MONITOR) app.addPodLabels(scraped, this.props.existingPodMonitor!.podLabels, source);
    if (this.scrapeTarget === ScrapeTarget.POD_ANNOTATIONS) {
      for (const e of this.metricsEndpoints) {
        const annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/path': e.path, 'prometheus.io/port': `${e.port}` };
        app.addPodAnnotations(e.role === 'driver' ? SparkPods.DRIVER : SparkPods.EXECUTORS, annotations, source);
      }
    }
    app.sparkNamespace?.allowMetricsScraping(this.prometheusNamespace, this.scrapedPorts);

    const w: Watched = { app, streaming: false, queries: [] };
    this.watched.set(app, w);
    const objects = this.objectsOf(app.namespace);
    objects.apps.push(w);
    if (this.scrapeTarget === ScrapeTarget.SERVICE_MONITOR) objects.services.push(this.metricsService(objects.scope, app));
  }

  /**
   * `PrometheusMonitoring <id>`.
   * @deprecated use featureName
   */
  public get addonName(): string {
    return this.featureName;
  }

  /** The apps this monitoring watches. */
  public get watchedApps(): ISparkApp[] {
    return [...this.watched.keys()];
  }

  /** The pod ports Prometheus scrapes: the driver UI, and the JMX exporter in that mode. */
  public get scrapedPorts(): number[] {
    return this.mode === MonitoringMode.JMX_EXPORTER ? [SPARK_UI_PORT, this.jmxPort] : [SPARK_UI_PORT];
  }

  /** The PodMonitors, one per namespace with watched apps (ScrapeTarget.POD_MONITOR only). */
  public get podMonitors(): ApiObject[] {
    return this.scrapeTarget === ScrapeTarget.POD_MONITOR ? [...this.namespaces.values()].map(n => n.monitor!) : [];
  }

  /** The ServiceMonitors, one per namespace with watched apps (ScrapeTarget.SERVICE_MONITOR only). */
  public get serviceMonitors(): ApiObject[] {
    return this.scrapeTarget === ScrapeTarget.SERVICE_MONITOR ? [...this.namespaces.values()].map(n => n.monitor!) : [];
  }

  /**
   * The ports and paths Prometheus scrapes on the watched apps' pods, from the same constants as
   * the Spark configuration the monitoring writes: what a PodMonitor of your own
   * (ScrapeTarget.EXISTING_POD_MONITOR) must scrape, and what the `prometheus.io/*` annotations
   * name (ScrapeTarget.POD_ANNOTATIONS, one endpoint per role).
   */
  public get metricsEndpoints(): MetricsEndpoint[] {
    const jmx = this.mode === MonitoringMode.JMX_EXPORTER;
    const ui = (path: string): MetricsEndpoint => ({ role: 'driver', portName: SPARK_UI_PORT_NAME, port: SPARK_UI_PORT, path });
    const exporter = (role: string): MetricsEndpoint => ({ role, portName: this.jmxPortName, port: this.jmxPort, path: '/metrics' });
    if (this.scrapeTarget === ScrapeTarget.POD_ANNOTATIONS) {
      const summaries = this.props.annotatedDriverEndpoint === AnnotatedDriverEndpoint.EXECUTOR_SUMMARIES;
      const driver = summaries ? ui(EXECUTOR_SUMMARIES_PATH) : jmx ? exporter('driver') : ui(this.props.servletPath ?? SERVLET_PATH);
      return jmx ? [driver, exporter('executor')] : [driver];
    }
    return [...(jmx ? [] : [ui(this.props.servletPath ?? SERVLET_PATH)]), ui(EXECUTOR_SUMMARIES_PATH), ...(jmx ? [exporter('driver'), exporter('executor')] : [])];
  }

  /** The headless Services the ServiceMonitors select, one per watched app (none with ScrapeTarget.POD_MONITOR). */
  public get metricsServices(): ApiObject[] {
    return [...this.namespaces.values()].flatMap(n => n.services);
  }

  /** The PrometheusRules, one per namespace with watched apps (none when alerts are off). */
  public get prometheusRules(): ApiObject[] {
    return [...this.namespaces.values()].flatMap(n => (n.rules ? [n.rules] : []));
  }

  // ------------------------------------------------------------------------------------------

  private markStreaming(w: Watched, queries: string[], triggerInterval: Duration | undefined) {
    const app = w.app;
    [...queries].forEach((q, i) => {
      if (!q || q.trim() !== q) {
        throw propError(this.owner, `streamingQueryNames[${i}]`, q, `must be a non-empty name without surrounding spaces (watching app ${app.name})`, 'use the names given to .queryName(...)');
      }
    });
    const dupe = queries.findIndex((q, i) => queries.indexOf(q) !== i);
    if (dupe !== -1) {
      throw propError(this.owner, `streamingQueryNames[${dupe}]`, queries[dupe],
        `repeats streamingQueryNames[${queries.indexOf(queries[dupe])}] (watching app ${app.name}; Spark refuses two active queries of one name)`, 'list each query once');
    }
    if (triggerInterval !== undefined) {
      if (triggerInterval.toMilliseconds() < 1) {
        throw propError(this.owner, 'triggerInterval', triggerInterval, `must be at least 1ms (watching app ${app.name})`, 'give the processing-time trigger of the queries');
      }
      if (w.triggerInterval && w.triggerInterval.toMilliseconds() !== triggerInterval.toMilliseconds()) {
        throw propError(this.owner, 'triggerInterval', triggerInterval, `conflicts with ${formatValue(w.triggerInterval)} given earlier (watching app ${app.name})`, 'declare one trigger interval per app');
      }
      w.triggerInterval = triggerInterval;
    }
    if (!w.streaming) {
      app.addSparkConf('spark.sql.streaming.metricsEnabled', 'true', this.featureName);
      w.streaming = true;
    }
    for (const q of queries) if (!w.queries.includes(q)) w.queries.push(q);
  }

  private objectsOf(namespace: string): NamespaceObjects {
    const existing = this.namespaces.get(namespace);
    if (existing) return existing;
    const scope = new Construct(this, namespace);
    const apps: Watched[] = [];
    const monitorLabels = this.props.monitorLabels;
    const monitor = this.byUser ? undefined : this.scrapeTarget === ScrapeTarget.SERVICE_MONITOR
      ? new ApiObject(scope, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: {
          name: this.name,
          namespace,
          labels: { ...this.objectLabels('service-monitor'), ...monitorLabels },
        },
        spec: {
          namespaceSelector: { matchNames: [namespace] },
          selector: { matchLabels: this.objectLabels(METRICS_SERVICE_COMPONENT) },
          endpoints: this.scrapeEndpoints(),
        },
      })
      : new ApiObject(scope, 'PodMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: {
          name: this.name,
          namespace,
          labels: { ...this.objectLabels('pod-monitor'), ...monitorLabels },
        },
        spec: Lazy.any({ produce: () => this.renderPodMonitor(namespace, apps) }),
      });
    let rules: ApiObject | undefined;
    if (this.props.alerts ?? true) {
      rules = new ApiObject(scope, 'Rules', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: {
          name: this.name,
          namespace,
          labels: { ...this.objectLabels('alert-rules'), ...(this.props.ruleLabels ?? monitorLabels) },
        },
        spec: Lazy.any({ produce: () => ({ groups: sortByName(apps).map(w => appRuleGroup(this.ruleApp(w), this.ruleSettings())) }) }),
      });
    }
    if (this.mode === MonitoringMode.JMX_EXPORTER) {
      new k8s.KubeConfigMap(scope, 'JmxExporterConfig', {
        metadata: { name: `${this.name}-jmx-exporter`, namespace, labels: this.objectLabels('jmx-exporter-config') },
        data: { 'config.yaml': jmxExporterConfig() },
      });
    }
    const objects: NamespaceObjects = { namespace, scope, apps, monitor, services: [], rules };
    this.namespaces.set(namespace, objects);
    return objects;
  }

  private renderPodMonitor(namespace: string, apps: Watched[]): any {
    const roles = this.mode === MonitoringMode.JMX_EXPORTER ? ['spark-driver', 'spark-executor'] : ['spark-driver'];
    const selector = appPodsSelector(apps.map(w => ({ name: w.app.name, backend: backendNameOf(w.app) })), roles);
    return { namespaceSelector: { matchNames: [namespace] }, selector, podMetricsEndpoints: this.scrapeEndpoints() };
  }

  /**
   * The scrape endpoints, the same for a PodMonitor (`podMetricsEndpoints`, `port` names a pod
   * port) and a ServiceMonitor (`endpoints`, `port` names a Service port, which the metrics
   * Services name after the pod ports). Prometheus discovers pods for both (endpoints of a
   * Service carry the `__meta_kubernetes_pod_*` labels of the pod behind them), so the
   * relabelings read the same labels.
   */
  private scrapeEndpoints(): any[] {
    const jmx = this.mode === MonitoringMode.JMX_EXPORTER;
    const interval = promDuration(this.scrapeInterval);
    const component = '__meta_kubernetes_pod_label_app_kubernetes_io_component';
    const relabelings = (driverOnly: boolean) => [
      ...(driverOnly ? [{ action: 'keep', sourceLabels: [component], regex: 'spark-driver' }] : []),
      { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_instance'], targetLabel: 'app' },
      { action: 'replace', sourceLabels: [component], regex: 'spark-(driver|executor)', replacement: '$1', targetLabel: 'role' },
    ];
    const endpoints: any[] = [];
    if (!jmx) {
      endpoints.push({
        port: SPARK_UI_PORT_NAME,
        path: this.props.servletPath ?? SERVLET_PATH,
        interval,
        relabelings: relabelings(true),
        // the servlet prints every gauge twice, as _Number and _Value; keep one
        metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'metrics_.+_Number' }],
      });
    }
    endpoints.push({ port: SPARK_UI_PORT_NAME, path: EXECUTOR_SUMMARIES_PATH, interval, relabelings: relabelings(true) });
    if (jmx) endpoints.push({ port: this.jmxPortName, path: '/metrics', interval, relabelings: relabelings(false) });
    return endpoints;
  }

  /**
   * The headless Service over an app's scraped pods (ScrapeTarget.SERVICE_MONITOR): its driver in
   * SERVLET mode; in JMX exporter mode its driver and executors. Its ports carry the names of the
   * pod ports the endpoints scrape and target them by name, so a pod without the port (an
   * executor for `spark-ui`) is no endpoint of it.
   */
  private metricsService(scope: Construct, app: ISparkApp): ApiObject {
    const jmx = this.mode === MonitoringMode.JMX_EXPORTER;
    const port = (name: string, number: number) => ({ name, port: number, targetPort: k8s.IntOrString.fromString(name), protocol: 'TCP' });
    return new k8s.KubeService(scope, `MetricsService-${app.name}`, {
      metadata: { name: metricsServiceName(app.name), namespace: app.namespace, labels: this.objectLabels(METRICS_SERVICE_COMPONENT) },
      spec: {
        clusterIp: 'None',
        selector: jmx ? { ...app.podSelectorLabels } : { ...app.podSelectorLabels, 'app.kubernetes.io/component': 'spark-driver' },
        ports: jmx ? [port(SPARK_UI_PORT_NAME, SPARK_UI_PORT), port(JMX_PORT_NAME, this.jmxPort)] : [port(SPARK_UI_PORT_NAME, SPARK_UI_PORT)],
      },
    });
  }

  private ruleApp(w: Watched): RuleApp {
    const jmx = this.mode === MonitoringMode.JMX_EXPORTER;
    return {
      name: w.app.name,
      namespace: w.app.namespace,
      format: driverMetricsFormat(w.app.sparkVersion, jmx),
      jmx,
      streaming: w.streaming,
      queries: [...w.queries].sort(),
      triggerInterval: w.triggerInterval,
    };
  }

  private ruleSettings(): RuleSettings {
    const p = this.props;
    return {
      alertLabels: sortedMap(p.alertLabels) ?? {},
      scrapeInterval: this.scrapeInterval,
      driverFailedFor: p.driverFailedFor ?? Duration.seconds(0),
      driverDownFor: p.driverDownFor ?? Duration.minutes(5),
      executorLossThreshold: p.executorLossThreshold ?? 1,
      executorLossWindow: p.executorLossWindow ?? Duration.minutes(15),
      executorLossFor: p.executorLossFor ?? Duration.seconds(0),
      heapUsageThreshold: p.heapUsageThreshold ?? 0.9,
      heapUsageFor: p.heapUsageFor ?? Duration.minutes(10),
      storageMemoryThreshold: p.storageMemoryThreshold ?? 0.9,
      storageMemoryFor: p.storageMemoryFor ?? Duration.minutes(15),
      gcTimeThreshold: p.gcTimeThreshold ?? 0.1,
      gcTimeFor: p.gcTimeFor ?? Duration.minutes(15),
      failedTasksThreshold: p.failedTasksThreshold ?? 0,
      failedTasksWindow: p.failedTasksWindow ?? Duration.minutes(10),
      failedTasksFor: p.failedTasksFor ?? Duration.seconds(0),
      streamingLagFor: p.streamingLagFor ?? Duration.minutes(15),
      batchDurationFor: p.batchDurationFor ?? Duration.minutes(10),
      stateGrowthWindow: p.stateGrowthWindow ?? Duration.minutes(30),
      stateGrowthFor: p.stateGrowthFor ?? Duration.hours(2),
    };
  }

  /** Whether the user's PodMonitor or scrape configuration scrapes (the library defines no monitor). */
  private get byUser(): boolean {
    return this.scrapeTarget === ScrapeTarget.EXISTING_POD_MONITOR || this.scrapeTarget === ScrapeTarget.POD_ANNOTATIONS;
  }

  private objectLabels(component: string): Record<string, string> {
    return recommendedLabels('spark-monitoring', this.name, component);
  }

  /** A stable Grafana uid (at most 40 characters) from the name. */
  private dashboardUid(): string {
    const uid = `cdk8s-spark-${this.name}`;
    if (uid.length <= 40) return uid;
    return `${uid.slice(0, 31)}-${createHash('sha256').update(uid).digest('hex').slice(0, 8)}`;
  }

  private streamingWarnings(): string[] {
    const out: string[] = [];
    for (const w of sortByName([...this.watched.values()])) {
      if (w.streaming && w.queries.length === 0) {
        out.push(`streaming app ${w.app.name} has no streamingQueryNames: per-query alerts are off, and unnamed queries get metric names that change every run; name the queries with .queryName(...) and pass the names to watch() [streaming-query-names]`);
      }
      const byToken = new Map<string, string[]>();
      for (const q of [...w.queries].sort()) byToken.set(servletToken(q), [...(byToken.get(servletToken(q)) ?? []), q]);
      for (const same of byToken.values()) {
        if (same.length > 1) {
          out.push(`streamingQueryNames ${formatValue(same)} of app ${w.app.name} get the same metric names (the PrometheusServlet replaces every character but letters and digits by "_"), so their series and alerts mix; rename the queries so they differ in letters or digits [streaming-query-metric-names]`);
        }
      }
    }
    return out;
  }
}

/**
 * Name of an app's metrics Service: `<app>-metrics`, or for app names too long for that (a Service
 * name is a DNS-1035 label of at most 63 characters) the first 46 characters, a hash of the whole
 * name and the suffix.
 */
function metricsServiceName(app: string): string {
  const name = `${app}${SERVICE_SUFFIX}`;
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(app).digest('hex').slice(0, 8);
  return `${app.slice(0, 63 - SERVICE_SUFFIX.length - hash.length - 1)}-${hash}${SERVICE_SUFFIX}`;
}

function sortByName(apps: Watched[]): Watched[] {
  return [...apps].sort((a, b) => (a.app.name < b.app.name ? -1 : a.app.name > b.app.name ? 1 : 0));
}

/** The dashboard's file name in every dashboard ConfigMap (the folder annotation keeps them apart). */
const DASHBOARD_FILE = 'spark-dashboard.json';
/** The Grafana sidecar's default folder annotation (kiwigrid k8s-sidecar FOLDER_ANNOTATION). */
const DASHBOARD_FOLDER_ANNOTATION = 'k8s-sidecar-target-directory';

/** Rendered dashboards by title and refresh: the JSON text is the same for every instance but the uid. */
const dashboardTexts = new Map<string, string>();
const UID_PLACEHOLDER = '@@cdk8s-spark-dashboard-uid@@';

function dashboardText(uid: string, title: string, refresh: string): string {
  const key = JSON.stringify([title, refresh]);
  let text = dashboardTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(sparkDashboard({ uid: UID_PLACEHOLDER, title, refresh }), null, 2) + '\n';
    dashboardTexts.set(key, text);
  }
  return text.replace(JSON.stringify(UID_PLACEHOLDER), JSON.stringify(uid));
}

