import { Duration } from 'cdk8s';
import { ISparkApp } from '../core/contracts';

/** How Spark's metrics are exposed to Prometheus. */
export enum MonitoringMode {
  /**
   * Spark's built-in endpoints on the driver UI port (4040): the PrometheusServlet sink at
   * `/metrics/prometheus` and the executor summaries at `/metrics/executors/prometheus`. Nothing
   * to add to the image; executors' own JVM metrics are not available.
   */
  SERVLET = 'servlet',
  /**
   * The Prometheus JMX exporter java agent on the driver and every executor (the agent jar must be
   * in the image), plus the executor summaries on the driver UI. Adds the executors' JVM heap.
   */
  JMX_EXPORTER = 'jmx-exporter',
}

/** Which prometheus-operator object tells Prometheus what to scrape. */
export enum ScrapeTarget {
  /**
   * A PodMonitor per namespace with watched apps, selecting their Spark pods directly.
   */
  POD_MONITOR = 'pod-monitor',
  /**
   * Per watched app a headless Service over its scraped Spark pods, and a ServiceMonitor per
   * namespace selecting those Services, with the same endpoints, relabelings and metric drops as
   * the PodMonitor. For a Prometheus that reads ServiceMonitors only (its `podMonitorSelector`
   * unset, which selects no PodMonitors).
   */
  SERVICE_MONITOR = 'service-monitor',
  /**
   * The user's own PodMonitor (e.g. one cluster-wide PodMonitor for every Spark app): the library
   * defines no PodMonitor or ServiceMonitor and puts `existingPodMonitor.podLabels` on the scraped
   * pods (the driver in SERVLET mode, the driver and executors in JMX exporter mode) so its
   * selector finds them. Its `podMetricsEndpoints` must scrape the ports and paths listed by
   * PrometheusMonitoring.metricsEndpoints.
   */
  EXISTING_POD_MONITOR = 'existing-pod-monitor',
  /**
   * `prometheus.io/scrape`, `prometheus.io/path` and `prometheus.io/port` annotations on the
   * scraped pods, for a Prometheus whose scrape configuration discovers pods by them (the common
   * `kubernetes-pods` job). The library defines no PodMonitor or ServiceMonitor. An annotation
   * names one path per pod: see annotatedDriverEndpoint.
   */
  POD_ANNOTATIONS = 'pod-annotations',
}

/** Which endpoint of the driver the `prometheus.io/*` annotations name (ScrapeTarget.POD_ANNOTATIONS). */
export enum AnnotatedDriverEndpoint {
  /**
   * The driver's own metrics: the PrometheusServlet at `/metrics/prometheus` on the UI port in
   * SERVLET mode, the JMX exporter's `/metrics` in JMX exporter mode.
   */
  DRIVER_METRICS = 'driver-metrics',
  /**
   * The executor summaries at `/metrics/executors/prometheus` on the driver UI port (what the
   * spark-operator's `spark-pi-prometheus-servlet.yaml` example annotates).
   */
  EXECUTOR_SUMMARIES = 'executor-summaries',
}

/** The contract with the user's PodMonitor (ScrapeTarget.EXISTING_POD_MONITOR). */
export interface ExistingPodMonitor {
  /**
   * Labels the PodMonitor's selector matches, put on the scraped pods (at least one).
   */
  readonly podLabels: { [key: string]: string };
  /**
   * Name of the JMX exporter's container port, as the PodMonitor's endpoints name it (JMX exporter
   * mode only: in SERVLET mode the PodMonitor scrapes the driver UI port, which Spark names
   * `spark-ui`).
   * @default "jmx-exporter"
   */
  readonly jmxExporterPortName?: string;
}

/** A port and path Prometheus scrapes (see PrometheusMonitoring.metricsEndpoints). */
export interface MetricsEndpoint {
  /** The pods that serve it: `driver` or `executor`. */
  readonly role: string;
  /** Name of the container port. */
  readonly portName: string;
  /** Number of the container port. */
  readonly port: number;
  /** HTTP path. */
  readonly path: string;
}

/** How an app is watched. */
export interface WatchOptions {
  /**
   * The app runs Structured Streaming queries: turns on `spark.sql.streaming.metricsEnabled` and
   * the streaming alerts (driver down; per named query: falling behind, slow batches, growing
   * state). Implied by `streamingQueryNames` or `triggerInterval`.
   * @default false
   */
  readonly streaming?: boolean;
  /**
   * Names of the app's streaming queries, as set with `.queryName(...)`. Spark names a query's
   * metrics after its name, or after its run id, which changes every run, when it has none.
   * @default - no per-query alerts
   */
  readonly streamingQueryNames?: string[];
  /**
   * Processing-time trigger interval of the queries; batches slower than it raise an alert.
   * @default - no batch duration alert
   */
  readonly triggerInterval?: Duration;
}

/**
 * Props of PrometheusMonitoring.
 */
export interface PrometheusMonitoringProps {
  /**
   * Name of the PodMonitors or ServiceMonitors, PrometheusRules and ConfigMaps (at most 50
   * characters: suffixes such as `-jmx-exporter` are appended).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * Apps to watch; more can be added with `watch()` or an app's `monitoring` prop.
   * @default - none
   */
  readonly apps?: ISparkApp[];
  /**
   * How Spark's metrics are exposed.
   * @default MonitoringMode.SERVLET
   */
  readonly mode?: MonitoringMode;
  /**
   * Absolute path of the `jmx_prometheus_javaagent` jar inside the Spark image. Required with
   * MonitoringMode.JMX_EXPORTER; the library does not add the jar to the image.
   * @default - none (SERVLET mode)
   */
  readonly jmxExporterJarPath?: string;
  /**
   * Container port of the JMX exporter on the driver and executors, 1024–49151 (the
   * spark-operator's range for its own exporter port), not a port Spark uses.
   * @default 8090
   */
  readonly jmxExporterPort?: number;
  /**
   * What Prometheus discovers the Spark pods by: a PodMonitor, or headless Services (one per
   * watched app) and a ServiceMonitor. Both scrape the same pods on the same ports and paths.
   * @default ScrapeTarget.POD_MONITOR
   */
  readonly scrapeTarget?: ScrapeTarget;
  /**
   * The user's PodMonitor: the labels it selects pods by and the port name it scrapes. Required
   * with ScrapeTarget.EXISTING_POD_MONITOR, and only used with it.
   * @default - none
   */
  readonly existingPodMonitor?: ExistingPodMonitor;
  /**
   * Which endpoint of the driver the `prometheus.io/*` annotations name (ScrapeTarget.POD_ANNOTATIONS
   * only). Executors are annotated in JMX exporter mode only (in SERVLET mode they serve no metrics).
   * @default AnnotatedDriverEndpoint.DRIVER_METRICS
   */
  readonly annotatedDriverEndpoint?: AnnotatedDriverEndpoint;
  /**
   * HTTP path of the PrometheusServlet sink on the driver UI port (MonitoringMode.SERVLET only),
   * for scrape configurations or dashboards that expect another path, e.g.
   * `/metrics/driver/prometheus/` (Spark strips a trailing `/` when it serves the path). Written as
   * `spark.metrics.conf.*.sink.prometheusServlet.path` (only the driver serves it: executors run no
   * UI) and used by the PodMonitor or ServiceMonitor endpoint, the `prometheus.io/path`
   * annotation and metricsEndpoints. A path under `/metrics/` of letters, digits and `-._~/`, apart
   * from the executor summaries' `/metrics/executors/prometheus` and the JSON servlet's
   * `/metrics/json`, which Spark serves itself.
   * @default "/metrics/prometheus"
   */
  readonly servletPath?: string;
  /**
   * Process-tree metrics of the executors (`spark.executor.processTreeMetrics.enabled`): Spark
   * reads `/proc` for the resident and virtual memory of the executor JVM, its Python workers and
   * other child processes, and reports their peaks as `ProcessTree*Memory` in the executor
   * summaries (`/metrics/executors/prometheus`), the executors' metric source and the event log;
   * without it those metrics stay 0. Worth turning on for PySpark apps, whose Python workers'
   * memory counts against the executor's memory overhead, not its heap.
   * @default false
   */
  readonly processTreeMetrics?: boolean;
  /**
   * How often Prometheus scrapes the Spark pods.
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /**
   * Labels of the PodMonitors or ServiceMonitors (see scrapeTarget), so the user's Prometheus
   * selects them (its `podMonitorSelector` or `serviceMonitorSelector`), e.g.
   * `{ release: 'kube-prometheus-stack' }`.
   * @default - none
   */
  readonly monitorLabels?: { [key: string]: string };
  /**
   * Labels of the PrometheusRules (the Prometheus `ruleSelector`).
   * @default - the monitorLabels
   */
  readonly ruleLabels?: { [key: string]: string };
  /**
   * Namespace Prometheus runs in: a SparkNamespace's NetworkPolicy lets it reach the scraped ports.
   * @default "monitoring"
   */
  readonly prometheusNamespace?: string;
  /**
   * Define the PrometheusRules.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Extra labels on every alert (e.g. `team`), for Alertmanager routing. Keys are Prometheus label
   * names other than the ones the alerts set (`alertname`, `app`, `severity`, `query`); values are
   * written literally (Prometheus templates them; `{{` and `}}` are escaped).
   * @default - only `severity` and `app`
   */
  readonly alertLabels?: { [key: string]: string };
  /**
   * How long the driver pod must be in phase Failed before SparkDriverFailed fires.
   * @default Duration.seconds(0)
   */
  readonly driverFailedFor?: Duration;
  /**
   * How long a streaming app may have no driver before SparkStreamingDriverDown fires.
   * @default Duration.minutes(5)
   */
  readonly driverDownFor?: Duration;
  /**
   * OOM-killed or evicted executors within executorLossWindow that fire SparkExecutorsLost.
   * @default 1
   */
  readonly executorLossThreshold?: number;
  /**
   * Window in which lost executors are counted.
   * @default Duration.minutes(15)
   */
  readonly executorLossWindow?: Duration;
  /**
   * How long SparkExecutorsLost must hold before it fires.
   * @default Duration.seconds(0)
   */
  readonly executorLossFor?: Duration;
  /**
   * Share of the JVM heap in use that fires SparkDriverHeapHigh (and SparkExecutorHeapHigh in JMX
   * exporter mode), a fraction above 0 and at most 1.
   * @default 0.9
   */
  readonly heapUsageThreshold?: number;
  /**
   * How long heap use must stay above the threshold.
   * @default Duration.minutes(10)
   */
  readonly heapUsageFor?: Duration;
  /**
   * Share of an executor's storage memory in use that fires SparkExecutorStorageMemoryHigh.
   * @default 0.9
   */
  readonly storageMemoryThreshold?: number;
  /**
   * How long storage memory use must stay above the threshold.
   * @default Duration.minutes(15)
   */
  readonly storageMemoryFor?: Duration;
  /**
   * Share of task time spent in GC that fires SparkGcTimeHigh.
   * @default 0.1
   */
  readonly gcTimeThreshold?: number;
  /**
   * How long the GC share must stay above the threshold.
   * @default Duration.minutes(15)
   */
  readonly gcTimeFor?: Duration;
  /**
   * SparkTasksFailing fires when more tasks than this failed within failedTasksWindow.
   * @default 0
   */
  readonly failedTasksThreshold?: number;
  /**
   * Window in which failed tasks are counted (at least twice the scrape interval).
   * @default Duration.minutes(10)
   */
  readonly failedTasksWindow?: Duration;
  /**
   * How long SparkTasksFailing must hold before it fires.
   * @default Duration.seconds(0)
   */
  readonly failedTasksFor?: Duration;
  /**
   * How long a streaming query's processing rate must stay below its input rate.
   * @default Duration.minutes(15)
   */
  readonly streamingLagFor?: Duration;
  /**
   * How long batches must take longer than the trigger interval.
   * @default Duration.minutes(10)
   */
  readonly batchDurationFor?: Duration;
  /**
   * Window over which the state store's growth rate is computed (at least twice the scrape interval).
   * @default Duration.minutes(30)
   */
  readonly stateGrowthWindow?: Duration;
  /**
   * How long the state store must keep growing.
   * @default Duration.hours(2)
   */
  readonly stateGrowthFor?: Duration;
  /**
   * Define the Grafana dashboard ConfigMap.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Namespace of the dashboard ConfigMap (where the Grafana sidecar looks).
   * @default - the prometheusNamespace
   */
  readonly dashboardNamespace?: string;
  /**
   * Label key the Grafana sidecar selects dashboards by.
   * @default "grafana_dashboard"
   */
  readonly dashboardLabelKey?: string;
  /**
   * Value of the dashboard label.
   * @default "1"
   */
  readonly dashboardLabelValue?: string;
  /**
   * Annotation key by which the Grafana sidecar (kiwigrid k8s-sidecar, as in the Grafana Helm
   * chart) puts a ConfigMap's files into a folder of their own. Every dashboard ConfigMap holds
   * one file named `spark-dashboard.json` and this annotation with the monitoring's name as the
   * folder, so dashboards of several PrometheusMonitoring constructs never overwrite each other.
   * The sidecar's default key is `k8s-sidecar-target-directory`; when your Grafana chart sets
   * `sidecar.dashboards.folderAnnotation`, give that key here.
   * @default "k8s-sidecar-target-directory"
   */
  readonly dashboardFolderAnnotation?: string;
  /**
   * Title of the dashboard.
   * @default "Spark applications"
   */
  readonly dashboardTitle?: string;
}

/** A watched app and what is known about it. */
