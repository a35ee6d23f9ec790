/**
 * The names under which Spark's metrics reach Prometheus when PrometheusMonitoring scrapes them.
 * Internal: every alert and dashboard expression takes its metric names from here, so each name
 * is cited once, next to the Spark source that produces it.
 *
 * Driver metrics (Dropwizard registries) are served by the PrometheusServlet sink on the driver UI
 * at /metrics/prometheus (`core/src/main/scala/org/apache/spark/metrics/sink/PrometheusServlet.scala`,
 * Spark 3.0 to 4.0): a gauge with registry key `k` becomes
 * `metrics_<k with every [^a-zA-Z0-9] replaced by _>_Value{type="gauges"}` (plus a duplicate
 * `..._Number`, which the PodMonitor or ServiceMonitor drops). The key is
 * `<spark.metrics.namespace>.<driver|executor id>.<source name>.<metric name>`
 * (`core/src/main/scala/org/apache/spark/metrics/MetricsSystem.scala`, `buildRegistryName`), so
 * with `spark.metrics.namespace` set to the app name the names are the same in every run.
 *
 * SPARK-53442 (apache/spark#52183, merged to master in September 2025, after branch-4.0) makes the
 * servlet print OpenMetrics-style names: a gauge as `metrics_<k>` with no suffix and no `type`
 * label. For apps on Spark 4.1 or later the expressions therefore match both forms.
 *
 * Executor summaries are served on the driver UI at /metrics/executors/prometheus when
 * `spark.ui.prometheus.enabled` is true
 * (`core/src/main/scala/org/apache/spark/status/api/v1/PrometheusResource.scala`, 3.1 to 4.x):
 * `metrics_executor_<name>{application_id, application_name, executor_id}`, one series per live
 * executor and one for the driver (`executor_id="driver"`), plus `spark_info{version, revision}`.
 */
import { SparkVersion } from '../core/versions';

/** Replaces what the PrometheusServlet replaces in a registry key: every [^a-zA-Z0-9] by `_`. */
export function servletToken(key: string): string {
  return key.replace(/[^a-zA-Z0-9]/g, '_');
}

/** How a watched app's Dropwizard metrics reach Prometheus. */
export enum DriverMetricsFormat {
  /** PrometheusServlet of Spark 3.x/4.0, or our JMX exporter rules: `metrics_<key>_Value{type="gauges"}`. */
  LEGACY = 'legacy',
  /** Spark 4.1+ servlet: `metrics_<key>` or, to be safe, the legacy form. */
  EITHER = 'either',
}

/** Which name form applies to an app: JMX exporter rules always write the legacy form. */
export function driverMetricsFormat(version: SparkVersion, jmx: boolean): DriverMetricsFormat {
  return !jmx && version.isAtLeast('4.1') ? DriverMetricsFormat.EITHER : DriverMetricsFormat.LEGACY;
}

/**
 * A gauge of the app's own registry, e.g. `jvm.heap.used` of the driver: the metric name and the
 * matchers selecting it. `instance` is `driver`, or `executor` for the JMX exporter's executor rule.
 */
export function gaugeSelector(appName: string, instance: 'driver' | 'executor', key: string, format: DriverMetricsFormat):
{ name?: string; nameRegex?: string; typeLabel: boolean } {
  const base = `metrics_${servletToken(`${appName}.${instance}.${key}`)}`;
  if (format === DriverMetricsFormat.LEGACY) return { name: `${base}_Value`, typeLabel: true };
  return { nameRegex: `${base}(_Value)?`, typeLabel: false };
}

/**
 * The same gauge for any app, as a `__name__` regex (dashboards select the app by label).
 */
export function anyAppGaugeRegex(key: string): string {
  return `metrics_.+_driver_${servletToken(key)}(_Value)?`;
}

/** JvmSource gauges (`core/src/main/scala/org/apache/spark/metrics/source/JvmSource.scala`, source
 * name `jvm`, Dropwizard `MemoryUsageGaugeSet`: `heap.used`, `heap.max`, ... in bytes). */
export const JVM_HEAP_USED = 'jvm.heap.used';
export const JVM_HEAP_MAX = 'jvm.heap.max';

/**
 * Structured Streaming gauges of one query (`sql/core/src/main/scala/org/apache/spark/sql/execution/streaming/MetricsReporter.scala`,
 * source `spark.streaming.<queryName>` when `spark.sql.streaming.metricsEnabled` is true):
 * `inputRate-total` and `processingRate-total` in rows/s, `latency` = the last trigger's duration
 * in ms, `states-rowsTotal` and `states-usedBytes` summed over the stateful operators.
 */
export function streamingKey(query: string, gauge: 'inputRate-total' | 'processingRate-total' | 'latency' | 'states-usedBytes' | 'states-rowsTotal'): string {
  return `spark.streaming.${query}.${gauge}`;
}

/** Names served at /metrics/executors/prometheus (PrometheusResource.scala, Spark 3.1+). */
export const EXECUTOR = {
  /** Storage memory in use, bytes (gauge). */
  memoryUsed: 'metrics_executor_memoryUsed_bytes',
  /** Storage memory available, bytes (gauge). */
  maxMemory: 'metrics_executor_maxMemory_bytes',
  /** Disk used by cached blocks, bytes (gauge). */
  diskUsed: 'metrics_executor_diskUsed_bytes',
  /** Cores of the executor (gauge). */
  totalCores: 'metrics_executor_totalCores',
  /** Task slots (gauge). */
  maxTasks: 'metrics_executor_maxTasks',
  /** Running tasks (gauge). */
  activeTasks: 'metrics_executor_activeTasks',
  /** Failed tasks (counter). */
  failedTasks: 'metrics_executor_failedTasks_total',
  /** Completed tasks (counter). */
  completedTasks: 'metrics_executor_completedTasks_total',
  /** Task run time, seconds (counter). */
  totalDuration: 'metrics_executor_totalDuration_seconds_total',
  /** GC time during tasks, seconds (counter). */
  totalGcTime: 'metrics_executor_totalGCTime_seconds_total',
  /** Input bytes read (counter). */
  totalInputBytes: 'metrics_executor_totalInputBytes_bytes_total',
  /** Shuffle bytes read (counter). */
  totalShuffleRead: 'metrics_executor_totalShuffleRead_bytes_total',
  /** Shuffle bytes written (counter). */
  totalShuffleWrite: 'metrics_executor_totalShuffleWrite_bytes_total',
  /** Peak JVM heap in use, bytes (from executor heartbeats). */
  jvmHeapPeak: 'metrics_executor_JVMHeapMemory_bytes',
  /** Major GC time, seconds (counter, from executor heartbeats). */
  majorGcTime: 'metrics_executor_MajorGCTime_seconds_total',
  /** Minor GC time, seconds (counter, from executor heartbeats). */
  minorGcTime: 'metrics_executor_MinorGCTime_seconds_total',
  /** `spark_info{version, revision} 1`, one per driver. */
  sparkInfo: 'spark_info',
} as const;

/**
 * kube-state-metrics series the alerts use (kube-state-metrics v2 `docs/metrics/workload/pod-metrics.md`).
 * `kube_pod_labels` carries pod labels as `label_<sanitized key>`, and only those allowed by
 * `--metric-labels-allowlist`.
 */
export const KSM = {
  podPhase: 'kube_pod_status_phase',
  podReason: 'kube_pod_status_reason',
  terminatedReason: 'kube_pod_container_status_terminated_reason',
  lastTerminatedReason: 'kube_pod_container_status_last_terminated_reason',
  podLabels: 'kube_pod_labels',
  instanceLabel: 'label_app_kubernetes_io_instance',
  componentLabel: 'label_app_kubernetes_io_component',
} as const;

/** Container names Spark gives the driver and executor containers. */
/**
 * The paths Prometheus scrapes on the driver UI port, the one source of truth of the conf the
 * monitoring writes and of its scrape endpoints: the PrometheusServlet sink
 * (`spark.metrics.conf.*.sink.prometheusServlet.path`) and the executor summaries (fixed by Spark).
 */
export const SERVLET_PATH = '/metrics/prometheus';
export const EXECUTOR_SUMMARIES_PATH = '/metrics/executors/prometheus';
/** The conf key of the servlet path, for every metrics instance (`*`). */
export const SERVLET_PATH_KEY = 'spark.metrics.conf.*.sink.prometheusServlet.path';

export const DRIVER_CONTAINER = 'spark-kubernetes-driver';
export const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';

/**
 * The JMX exporter configuration of MonitoringMode.JMX_EXPORTER, as YAML. Spark's JmxSink
 * registers each metric as the MBean `metrics:name=<registry key>,type=gauges|counters|...`
 * (Dropwizard `DefaultObjectNameFactory`); the rules rename them to the PrometheusServlet's names,
 * so alerts and dashboards are the same in both modes. Executors' metrics get `executor` in place
 * of the executor id, which moves to an `executor_id` label (the executor summaries use the same
 * label). Rules are a whitelist: other MBeans are not exported (the agent's own `jvm_*` metrics
 * still are).
 */
export function jmxExporterConfig(): string {
  const rule = (instance: string, type: 'gauges' | 'counters', attr: string, exec: boolean) => [
    `  - pattern: 'metrics<name=([^.,]+)\\.${instance}\\.([^,>]+), type=${type}><>${attr}'`,
    `    name: metrics_$1_${exec ? 'executor' : 'driver'}_$${exec ? 3 : 2}_${attr}`,
    '    type: UNTYPED',
    '    labels:',
    `      type: ${type}`,
    ...(exec ? ['      executor_id: "$2"'] : []),
  ];
  const lines = [
    '# Spark metrics (JmxSink MBeans) under the names the PrometheusServlet uses.',
    '# Written by cdk8s-spark PrometheusMonitoring.',
    'lowercaseOutputName: false',
    'lowercaseOutputLabelNames: false',
    'rules:',
    ...rule('driver', 'gauges', 'Value', false),
    ...rule('driver', 'counters', 'Count', false),
    // executor ids are numbers; the capture group shifts the key to $3
    ...rule('(\\d+)', 'gauges', 'Value', true),
    ...rule('(\\d+)', 'counters', 'Count', true),
  ];
  return lines.join('\n') + '\n';
}
