import { Duration } from 'cdk8s';
import { eq, ne, num, promDuration, re, selector } from './promql';
import {
  DriverMetricsFormat, EXECUTOR, EXECUTOR_CONTAINER, gaugeSelector, JVM_HEAP_MAX, JVM_HEAP_USED, KSM, streamingKey,
} from './spark-metrics';

/**
 * The alert rules of PrometheusMonitoring, one rule group per watched app. Internal.
 *
 * Every expression reads metric names from `_spark-metrics.ts` (where each is cited) or
 * kube-state-metrics names. Aggregations keep only the labels an alert needs (`namespace`, `app`,
 * `pod`, `executor_id`), so alerts group cleanly in Alertmanager.
 */

/** One alerting rule, as the PrometheusRule CRD and Prometheus rule files spell it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: { summary: string; description: string };
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: AlertRule[];
}

/** Thresholds, durations and labels of the rules (defaults already applied). */
export interface RuleSettings {
  readonly alertLabels: Record<string, string>;
  readonly scrapeInterval: Duration;
  readonly driverFailedFor: Duration;
  readonly driverDownFor: Duration;
  readonly executorLossThreshold: number;
  readonly executorLossWindow: Duration;
  readonly executorLossFor: Duration;
  readonly heapUsageThreshold: number;
  readonly heapUsageFor: Duration;
  readonly storageMemoryThreshold: number;
  readonly storageMemoryFor: Duration;
  readonly gcTimeThreshold: number;
  readonly gcTimeFor: Duration;
  readonly failedTasksThreshold: number;
  readonly failedTasksWindow: Duration;
  readonly failedTasksFor: Duration;
  readonly streamingLagFor: Duration;
  readonly batchDurationFor: Duration;
  readonly stateGrowthWindow: Duration;
  readonly stateGrowthFor: Duration;
}

/** What the rules need to know about one watched app. */
export interface RuleApp {
  readonly name: string;
  readonly namespace: string;
  readonly format: DriverMetricsFormat;
  /** JMX exporter mode: executors' own JVM metrics are scraped too. */
  readonly jmx: boolean;
  readonly streaming: boolean;
  readonly queries: string[];
  readonly triggerInterval?: Duration;
}

const CRITICAL = 'critical';
const WARNING = 'warning';

/**
 * Text as it must appear in an alert's labels or annotations to come out unchanged: Prometheus
 * expands both as Go templates (`rules/alerting.go`; `rulefmt` rejects a rule whose template does
 * not parse), so every `{{` and `}}` of the text is written as a template action printing it,
 * `{{ "{{" }}`. Everything else is literal text in a Go template.
 */
export function templateLiteral(text: string): string {
  return text.replace(/\{\{|\}\}/g, m => `{{ "${m}" }}`);
}

/** The rule group of one app. */
export function appRuleGroup(app: RuleApp, s: RuleSettings): RuleGroup {
  // user-given names as template text (the PromQL uses them as they are, quoted)
  const appText = templateLiteral(app.name);
  const nsText = templateLiteral(app.namespace);
  const ns = eq('namespace', app.namespace);
  const appm = eq('app', app.name);
  const target = [ns, appm];
  const notDriver = ne('executor_id', 'driver');
  const rules: AlertRule[] = [];
  const rule = (alert: string, severity: string, expr: string, forD: Duration, summary: string, description: string,
    extra: Record<string, string> = {}) => {
    rules.push({
      alert,
      expr,
      for: forD.toMilliseconds() > 0 ? promDuration(forD) : undefined,
      labels: { ...literalValues(s.alertLabels), ...literalValues(extra), app: templateLiteral(app.name), severity },
      annotations: { summary, description },
    });
  };
  const pct = (f: number) => `${num(Math.round(f * 10000) / 100)}%`;
  const rateWindow = promDuration(Duration.millis(Math.max(300_000, 4 * s.scrapeInterval.toMilliseconds())));
  const gauge = (instance: 'driver' | 'executor', key: string, by: string) => {
    const g = gaugeSelector(app.name, instance, key, app.format);
    const m = g.typeLabel ? [...target, eq('type', 'gauges')] : target;
    return `max by (${by}) (${g.name ? selector(g.name, m) : selector(re('__name__', g.nameRegex!), m)})`;
  };

  // --- the app failed: its driver pod ended in phase Failed (kube-state-metrics). The pod is
  // joined to the app through its labels (kube_pod_labels needs the allowlist, see the class doc).
  const driverPods = `max by (namespace, pod) (${selector(KSM.podLabels, [ns, eq(KSM.instanceLabel, app.name), eq(KSM.componentLabel, 'spark-driver')])})`;
  rule('SparkDriverFailed', CRITICAL,
    `max by (namespace, pod) (${selector(KSM.podPhase, [ns, eq('phase', 'Failed')])} == 1) * on (namespace, pod) ${driverPods}`,
    s.driverFailedFor,
    `Spark app ${appText} failed`,
    `The driver pod {{ $labels.namespace }}/{{ $labels.pod }} of Spark app ${appText} is in phase Failed: the application failed. See the driver log and the SparkApplication's status.`);

  // --- a streaming app's driver is gone: no driver target is up. Batch apps are left out: their
  // driver ends when the job does.
  if (app.streaming) {
    const up = selector('up', [...target, eq('role', 'driver')]);
    rule('SparkStreamingDriverDown', CRITICAL,
      `(max by (namespace, app) (${up}) == 0) or absent(${up})`,
      s.driverDownFor,
      `Streaming app ${appText} has no running driver`,
      `No driver of the streaming Spark app ${appText} in namespace ${nsText} has been scraped for ${promDuration(s.driverDownFor)}: the stream is not processing. Check the SparkApplication's status and restart policy.`);
  }

  // --- executors lost to the OOM killer or evicted (kube-state-metrics). Spark pods never
  // restart (restartPolicy Never), so the reason is in the current state; the last-terminated
  // form is matched too. Executors are deleted soon after they die, hence the window.
  const w = promDuration(s.executorLossWindow);
  const execContainer = [ns, eq('container', EXECUTOR_CONTAINER), eq('reason', 'OOMKilled')];
  const lost = [
    `max by (namespace, pod) (max_over_time(${selector(KSM.terminatedReason, execContainer)}[${w}]) == 1)`,
    `max by (namespace, pod) (max_over_time(${selector(KSM.lastTerminatedReason, execContainer)}[${w}]) == 1)`,
    `max by (namespace, pod) (max_over_time(${selector(KSM.podReason, [ns, eq('reason', 'Evicted')])}[${w}]) == 1)`,
  ].join(' or ');
  const executorPods = `max by (namespace, pod) (max_over_time(${selector(KSM.podLabels, [ns, eq(KSM.instanceLabel, app.name), eq(KSM.componentLabel, 'spark-executor')])}[${w}]))`;
  rule('SparkExecutorsLost', WARNING,
    `count by (namespace) ((${lost}) * on (namespace, pod) ${executorPods}) >= ${num(s.executorLossThreshold)}`,
    s.executorLossFor,
    `Executors of Spark app ${appText} were OOM-killed or evicted`,
    `{{ $value }} executor pod(s) of Spark app ${appText} in namespace {{ $labels.namespace }} were OOM-killed or evicted in the last ${w}. OOMKilled: raise executorMemoryOverhead (native memory, Python workers); evicted: give the pods ephemeral-storage for shuffle and spill.`);

  // --- JVM heap of the driver (JvmSource), and of executors when the JMX exporter runs on them
  const heap = (instance: 'driver' | 'executor', by: string) =>
    `${gauge(instance, JVM_HEAP_USED, by)} / ${gauge(instance, JVM_HEAP_MAX, by)} > ${num(s.heapUsageThreshold)}`;
  rule('SparkDriverHeapHigh', WARNING,
    heap('driver', 'namespace, app, pod'),
    s.heapUsageFor,
    `Driver heap of Spark app ${appText} above ${pct(s.heapUsageThreshold)}`,
    `The driver {{ $labels.namespace }}/{{ $labels.pod }} of Spark app ${appText} has used {{ $value | humanizePercentage }} of its JVM heap for ${promDuration(s.heapUsageFor)}. Raise driverMemory, or collect less data to the driver.`);
  if (app.jmx) {
    rule('SparkExecutorHeapHigh', WARNING,
      heap('executor', 'namespace, app, pod, executor_id'),
      s.heapUsageFor,
      `Executor heap of Spark app ${appText} above ${pct(s.heapUsageThreshold)}`,
      `Executor {{ $labels.executor_id }} ({{ $labels.pod }}) of Spark app ${appText} has used {{ $value | humanizePercentage }} of its JVM heap for ${promDuration(s.heapUsageFor)}. Raise executorMemory or the number of partitions.`);
  }

  // --- executors' storage memory (the driver's executor summaries; JVM heap of executors is not
  // served there)
  const execSel = (metric: string) => selector(metric, [...target, notDriver]);
  rule('SparkExecutorStorageMemoryHigh', WARNING,
    `max by (namespace, app, executor_id) (${execSel(EXECUTOR.memoryUsed)}) / max by (namespace, app, executor_id) (${execSel(EXECUTOR.maxMemory)}) > ${num(s.storageMemoryThreshold)}`,
    s.storageMemoryFor,
    `Executor storage memory of Spark app ${appText} above ${pct(s.storageMemoryThreshold)}`,
    `Executor {{ $labels.executor_id }} of Spark app ${appText} in namespace {{ $labels.namespace }} has filled {{ $value | humanizePercentage }} of its storage memory for ${promDuration(s.storageMemoryFor)}: cached blocks are evicted or spilled. Unpersist data no longer needed, or raise executorMemory.`);

  // --- GC share of task time over all executors
  rule('SparkGcTimeHigh', WARNING,
    `sum by (namespace, app) (rate(${execSel(EXECUTOR.totalGcTime)}[${rateWindow}])) / sum by (namespace, app) (rate(${execSel(EXECUTOR.totalDuration)}[${rateWindow}])) > ${num(s.gcTimeThreshold)}`,
    s.gcTimeFor,
    `Executors of Spark app ${appText} spend over ${pct(s.gcTimeThreshold)} of task time in GC`,
    `The executors of Spark app ${appText} in namespace {{ $labels.namespace }} have spent {{ $value | humanizePercentage }} of their task time in garbage collection for ${promDuration(s.gcTimeFor)}. Raise executorMemory, use more partitions, or cache less.`);

  // --- failed tasks
  const fw = promDuration(s.failedTasksWindow);
  rule('SparkTasksFailing', WARNING,
    `sum by (namespace, app) (increase(${selector(EXECUTOR.failedTasks, target)}[${fw}])) > ${num(s.failedTasksThreshold)}`,
    s.failedTasksFor,
    `Tasks of Spark app ${appText} are failing`,
    `{{ $value | humanize }} tasks of Spark app ${appText} in namespace {{ $labels.namespace }} failed in the last ${fw}. Spark retries them, but repeated failures fail the stage; see the executors' logs.`);

  // --- streaming queries
  for (const q of app.streaming ? app.queries : []) {
    const by = 'namespace, app, pod';
    const qText = templateLiteral(q);
    const extra = { query: q };
    rule('SparkStreamingFallingBehind', WARNING,
      `${gauge('driver', streamingKey(q, 'processingRate-total'), by)} < ${gauge('driver', streamingKey(q, 'inputRate-total'), by)}`,
      s.streamingLagFor,
      `Streaming query ${qText} of Spark app ${appText} falls behind its input`,
      `Query ${qText} of Spark app ${appText} has processed {{ $value | humanize }} rows/s, less than its input rate, for ${promDuration(s.streamingLagFor)}: the backlog grows. Add executors or cores, or reduce the work per batch.`,
      extra);
    if (app.triggerInterval) {
      const triggerSeconds = app.triggerInterval.toMilliseconds() / 1000;
      rule('SparkStreamingBatchSlow', WARNING,
        `${gauge('driver', streamingKey(q, 'latency'), by)} / 1000 > ${num(triggerSeconds)}`,
        s.batchDurationFor,
        `Batches of streaming query ${qText} of Spark app ${appText} take longer than the trigger interval`,
        `Batches of query ${qText} of Spark app ${appText} have taken {{ $value | humanizeDuration }}, longer than the trigger interval of ${promDuration(app.triggerInterval)}, for ${promDuration(s.batchDurationFor)}: results arrive late. Add executors or cores, or make batches smaller.`,
        extra);
    }
    const sw = promDuration(s.stateGrowthWindow);
    const state = gaugeSelector(app.name, 'driver', streamingKey(q, 'states-usedBytes'), app.format);
    const stateSel = state.name
      ? selector(state.name, [...target, eq('type', 'gauges')])
      : selector(re('__name__', state.nameRegex!), target);
    rule('SparkStreamingStateGrowing', WARNING,
      `max by (${by}) (deriv(${stateSel}[${sw}])) > 0`,
      s.stateGrowthFor,
      `State of streaming query ${qText} of Spark app ${appText} keeps growing`,
      `The state store of query ${qText} of Spark app ${appText} has grown by {{ $value | humanize1024 }}B/s for ${promDuration(s.stateGrowthFor)}. State that never shrinks runs the driver and executors out of memory: add a watermark or a state timeout.`,
      extra);
  }

  return { name: `spark-app.${app.name}`, rules };
}

function literalValues(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = templateLiteral(v);
  return out;
}

