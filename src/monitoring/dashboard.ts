import { eq, ne, re, selector, str } from './promql';
import { anyAppGaugeRegex, EXECUTOR, JVM_HEAP_MAX, JVM_HEAP_USED, servletToken } from './spark-metrics';

/**
 * The Grafana dashboard of PrometheusMonitoring, generated from the small typed description
 * below. Internal. The output is deterministic: fixed key order, sequential panel ids, a uid
 * derived from the construct's name, no timestamps or versions that change per run.
 */

interface Query {
  readonly expr: string;
  readonly legend: string;
}

interface PanelSpec {
  readonly title: string;
  readonly description: string;
  /** Grafana unit id, e.g. `bytes`, `percentunit`, `short`. */
  readonly unit: string;
  readonly queries: Query[];
}

interface RowSpec {
  readonly title: string;
  readonly panels: PanelSpec[];
}

/** Grafana variables in the expressions (the jest suite substitutes them before parsing). */
const NS = '$namespace';
const APP = '$app';
const RATE = '$__rate_interval';

const target = [eq('namespace', NS), re('app', APP)];
const executors = [...target, ne('executor_id', 'driver')];
const exec = (metric: string) => selector(metric, executors);
const rate = (metric: string) => `rate(${exec(metric)}[${RATE}])`;
const driverGauge = (key: string) => selector(re('__name__', anyAppGaugeRegex(key)), target);

/**
 * A streaming gauge of every named query, with the query name moved from the metric name to a
 * `query` label (MetricsReporter source `spark.streaming.<query>`, see `_spark-metrics.ts`).
 */
function perQuery(gauge: 'inputRate-total' | 'processingRate-total' | 'latency' | 'states-usedBytes'): string {
  const suffix = `_${servletToken(gauge)}(_Value)?`;
  const names = `metrics_.+_driver_spark_streaming_.+${suffix}`;
  const capture = `metrics_.+_driver_spark_streaming_(.+)${suffix}`;
  return `max by (app, query) (label_replace(${selector(re('__name__', names), target)}, "query", "$1", "__name__", ${str(capture)}))`;
}

const ROWS: RowSpec[] = [
  {
    title: 'Executors and tasks',
    panels: [
      {
        title: 'Executors',
        description: 'Live executors per app (metrics_executor_* at /metrics/executors/prometheus on the driver).',
        unit: 'short',
        queries: [{ expr: `count by (app) (${exec(EXECUTOR.totalCores)})`, legend: '{{app}}' }],
      },
      {
        title: 'Task slots',
        description: 'Running tasks and task slots of all executors.',
        unit: 'short',
        queries: [
          { expr: `sum by (app) (${exec(EXECUTOR.activeTasks)})`, legend: '{{app}} running' },
          { expr: `sum by (app) (${exec(EXECUTOR.maxTasks)})`, legend: '{{app}} slots' },
        ],
      },
      {
        title: 'Tasks per second',
        description: 'Completed and failed tasks per second.',
        unit: 'short',
        queries: [
          { expr: `sum by (app) (${rate(EXECUTOR.completedTasks)})`, legend: '{{app}} completed' },
          { expr: `sum by (app) (${rate(EXECUTOR.failedTasks)})`, legend: '{{app}} failed' },
        ],
      },
    ],
  },
  {
    title: 'Memory',
    panels: [
      {
        title: 'Driver JVM heap',
        description: 'Heap used and maximum of the driver JVM (JvmSource via the PrometheusServlet).',
        unit: 'bytes',
        queries: [
          { expr: `max by (app) (${driverGauge(JVM_HEAP_USED)})`, legend: '{{app}} used' },
          { expr: `max by (app) (${driverGauge(JVM_HEAP_MAX)})`, legend: '{{app}} max' },
        ],
      },
      {
        title: 'Executor storage memory',
        description: 'Storage memory (cached blocks) used and available, summed over executors.',
        unit: 'bytes',
        queries: [
          { expr: `sum by (app) (${exec(EXECUTOR.memoryUsed)})`, legend: '{{app}} used' },
          { expr: `sum by (app) (${exec(EXECUTOR.maxMemory)})`, legend: '{{app}} available' },
        ],
      },
      {
        title: 'Executor peak JVM heap',
        description: 'Peak heap in use per executor, from the executors\' heartbeats.',
        unit: 'bytes',
        queries: [{ expr: `max by (app, executor_id) (${exec(EXECUTOR.jvmHeapPeak)})`, legend: '{{app}} executor {{executor_id}}' }],
      },
    ],
  },
  {
    title: 'Garbage collection',
    panels: [
      {
        title: 'GC share of task time',
        description: 'Time executors spent in GC while running tasks, as a share of task time.',
        unit: 'percentunit',
        queries: [{
          expr: `sum by (app) (${rate(EXECUTOR.totalGcTime)}) / sum by (app) (${rate(EXECUTOR.totalDuration)})`,
          legend: '{{app}}',
        }],
      },
      {
        title: 'GC time per executor',
        description: 'Seconds of major and minor GC per second, per executor.',
        unit: 'percentunit',
        queries: [
          { expr: `sum by (app, executor_id) (${rate(EXECUTOR.majorGcTime)})`, legend: '{{app}} {{executor_id}} major' },
          { expr: `sum by (app, executor_id) (${rate(EXECUTOR.minorGcTime)})`, legend: '{{app}} {{executor_id}} minor' },
        ],
      },
    ],
  },
  {
    title: 'Shuffle and input',
    panels: [
      {
        title: 'Shuffle',
        description: 'Shuffle bytes read and written per second.',
        unit: 'binBps',
        queries: [
          { expr: `sum by (app) (${rate(EXECUTOR.totalShuffleRead)})`, legend: '{{app}} read' },
          { expr: `sum by (app) (${rate(EXECUTOR.totalShuffleWrite)})`, legend: '{{app}} write' },
        ],
      },
      {
        title: 'Input',
        description: 'Bytes read from sources per second.',
        unit: 'binBps',
        queries: [{ expr: `sum by (app) (${rate(EXECUTOR.totalInputBytes)})`, legend: '{{app}}' }],
      },
      {
        title: 'Disk used by cached blocks',
        description: 'Disk space held by cached blocks, summed over executors.',
        unit: 'bytes',
        queries: [{ expr: `sum by (app) (${exec(EXECUTOR.diskUsed)})`, legend: '{{app}}' }],
      },
    ],
  },
  {
    title: 'Structured Streaming',
    panels: [
      {
        title: 'Input and processing rate',
        description: 'Rows per second arriving and processed, per query (named queries; spark.sql.streaming.metricsEnabled).',
        unit: 'short',
        queries: [
          { expr: perQuery('inputRate-total'), legend: '{{app}} {{query}} input' },
          { expr: perQuery('processingRate-total'), legend: '{{app}} {{query}} processed' },
        ],
      },
      {
        title: 'Batch duration',
        description: 'Duration of the last trigger (micro-batch) per query.',
        unit: 'ms',
        queries: [{ expr: perQuery('latency'), legend: '{{app}} {{query}}' }],
      },
      {
        title: 'State store',
        description: 'Memory used by the state store of each query.',
        unit: 'bytes',
        queries: [{ expr: perQuery('states-usedBytes'), legend: '{{app}} {{query}}' }],
      },
    ],
  },
];

export interface DashboardOptions {
  readonly uid: string;
  readonly title: string;
  /** Refresh interval, e.g. `30s`. */
  readonly refresh: string;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** The dashboard as a JSON-ready object. */
export function sparkDashboard(o: DashboardOptions): any {
  const panels: any[] = [];
  let id = 0;
  let y = 0;
  for (const row of ROWS) {
    panels.push({ id: ++id, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    const w = 24 / row.panels.length;
    row.panels.forEach((p, i) => {
      panels.push({
        id: ++id,
        type: 'timeseries',
        title: p.title,
        description: p.description,
        datasource: DATASOURCE,
        gridPos: { h: 8, w, x: i * w, y },
        fieldConfig: { defaults: { unit: p.unit, min: 0 }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: p.queries.map((q, j) => ({
          datasource: DATASOURCE,
          expr: q.expr,
          legendFormat: q.legend,
          refId: String.fromCharCode(65 + j),
        })),
      });
    });
    y += 8;
  }
  const variable = (name: string, label: string, query: string, multi: boolean) => ({
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    definition: query,
    query,
    refresh: 2,
    sort: 1,
    multi,
    includeAll: multi,
    hide: 0,
  });
  return {
    uid: o.uid,
    title: o.title,
    description: 'Spark applications monitored by cdk8s-spark PrometheusMonitoring: executors, tasks, memory, GC, shuffle, streaming.',
    tags: ['spark', 'cdk8s-spark'],
    editable: false,
    graphTooltip: 1,
    refresh: o.refresh,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', refresh: 1, hide: 0, includeAll: false, multi: false },
        variable('namespace', 'Namespace', `label_values(${EXECUTOR.sparkInfo}, namespace)`, false),
        variable('app', 'App', `label_values(${selector(EXECUTOR.sparkInfo, [eq('namespace', NS)])}, app)`, true),
      ],
    },
    annotations: { list: [] },
    panels,
  };
}
