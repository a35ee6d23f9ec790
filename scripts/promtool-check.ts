/**
 * Proves the PrometheusMonitoring alert rules with promtool.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json -r tsconfig-paths/register \
 *     scripts/promtool-check.ts OUTDIR [--manifests DIR]
 *
 * 1. Synthesizes a monitoring setup (a batch app, two streaming apps of which one runs Spark 4.1,
 *    and an app monitored in JMX exporter mode), takes the rule groups of its PrometheusRules and
 *    writes them as a Prometheus rules file, `OUTDIR/spark-alerts.yaml`.
 * 2. Writes `OUTDIR/spark-alerts.test.yaml`, promtool unit tests whose synthetic input series
 *    make each alert FIRE when it should and stay QUIET when it should not. Expected annotations
 *    are rendered from the rules' own templates (the few Go template functions they use are
 *    re-implemented below), so the texts are checked too.
 * 3. With `--manifests DIR`: also extracts every PrometheusRule found in the YAML files under DIR
 *    (e.g. the synthesized examples) into `OUTDIR/manifests/` for `promtool check rules`.
 * 4. Runs `promtool check rules` on every rules file and `promtool test rules` on the tests, when
 *    promtool is on PATH. Exit code: 0 when all passed (or, with the message
 *    "promtool not installed, skipped", when promtool is absent), 1 when a check failed, 2 on a
 *    usage error.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
// `yaml` is a devDependency; scripts/ is not part of the published package.
// eslint-disable-next-line import/no-extraneous-dependencies
import { parseAllDocuments, stringify } from 'yaml';
import { SparkApp, SparkAppProps, SparkVersion, MonitoringMode, PrometheusMonitoring } from '../src';

// ---------------------------------------------------------------------------------------------
// the monitoring setup under test

function jvmApp(chart: Chart, id: string, version: string, extra: Partial<SparkAppProps> = {}): SparkApp {
  return new SparkApp(chart, id, {
    sparkVersion: SparkVersion.of(version),
    image: `apache/spark:${version}`,
    mainApplicationFile: 'local:///opt/app/app.jar',
    mainClass: 'com.example.Main',
    ...extra,
  });
}

/** The PrometheusRule objects of the setup. */
function synthesizeRules(): any[] {
  const app = new App();
  const data = new Chart(app, 'data', { namespace: 'data' });
  const mon = new PrometheusMonitoring(data, 'SparkMonitoring', { dashboard: false });
  jvmApp(data, 'OrdersEtl', '3.5.5', { monitoring: mon });
  mon.enableStreamingMetrics(jvmApp(data, 'Clicks', '3.5.5'), ['clicks_agg'], Duration.seconds(30));
  mon.enableStreamingMetrics(jvmApp(data, 'Sessions', '4.1.0'), ['sessions'], Duration.minutes(1));

  const jmxChart = new Chart(app, 'jmx', { namespace: 'jmx-jobs' });
  const jmx = new PrometheusMonitoring(jmxChart, 'JmxMonitoring', {
    dashboard: false,
    mode: MonitoringMode.JMX_EXPORTER,
    jmxExporterJarPath: '/opt/jmx/jmx_prometheus_javaagent.jar',
  });
  jvmApp(jmxChart, 'Ledger', '3.5.5', { monitoring: jmx });

  return [...Testing.synth(data), ...Testing.synth(jmxChart)].filter(o => o.kind === 'PrometheusRule');
}

// ---------------------------------------------------------------------------------------------
// unit tests: input series and the alerts expected at each evaluation time

interface ExpectedAlert {
  /** Labels of the expression's result (rule labels are added from the rule). */
  readonly labels: Record<string, string>;
  /** The alert's value, for the annotations. */
  readonly value: number;
}

interface Check {
  readonly at: string;
  readonly alert: string;
  /** The app whose rule group defines the alert (and the query for per-query rules). */
  readonly app?: string;
  readonly query?: string;
  readonly expect: ExpectedAlert[];
}

interface Case {
  readonly name: string;
  readonly series: Array<[string, string]>;
  readonly checks: Check[];
}

const driver = (app: string, ns = 'data') => `namespace="${ns}", app="${app}", pod="${app}-driver", role="driver"`;
const exec = (app: string, id: string, ns = 'data') => `namespace="${ns}", app="${app}", pod="${app}-driver", role="driver", executor_id="${id}", application_name="${app}"`;
const podLabels = (pod: string, app: string, component: string) =>
  `kube_pod_labels{namespace="data", pod="${pod}", uid="u-${pod}", label_app_kubernetes_io_instance="${app}", label_app_kubernetes_io_component="${component}"}`;

const CASES: Case[] = [
  {
    name: 'SparkDriverFailed fires when the driver pod of a watched app fails, not for other apps',
    series: [
      ['kube_pod_status_phase{namespace="data", pod="orders-etl-driver", phase="Running"}', '1 1 0 0 0 0'],
      ['kube_pod_status_phase{namespace="data", pod="orders-etl-driver", phase="Failed"}', '0 0 1 1 1 1'],
      [podLabels('orders-etl-driver', 'orders-etl', 'spark-driver'), '1x5'],
      // a driver that succeeded, and a failed driver of an app nobody watches
      ['kube_pod_status_phase{namespace="data", pod="clicks-driver", phase="Succeeded"}', '1x5'],
      ['kube_pod_status_phase{namespace="data", pod="clicks-driver", phase="Failed"}', '0x5'],
      [podLabels('clicks-driver', 'clicks', 'spark-driver'), '1x5'],
      ['kube_pod_status_phase{namespace="data", pod="other-driver", phase="Failed"}', '1x5'],
      [podLabels('other-driver', 'other', 'spark-driver'), '1x5'],
    ],
    checks: [
      { at: '1m', alert: 'SparkDriverFailed', expect: [] },
      {
        at: '3m',
        alert: 'SparkDriverFailed',
        app: 'orders-etl',
        expect: [{ labels: { namespace: 'data', pod: 'orders-etl-driver' }, value: 1 }],
      },
    ],
  },
  {
    name: 'SparkExecutorsLost counts OOM-killed and evicted executors within the window',
    series: [
      ['kube_pod_container_status_terminated_reason{namespace="data", pod="orders-etl-exec-1", container="spark-kubernetes-executor", reason="OOMKilled"}', '_ _ 1 1'],
      [podLabels('orders-etl-exec-1', 'orders-etl', 'spark-executor'), '1 1 1 1'],
      ['kube_pod_status_reason{namespace="data", pod="orders-etl-exec-2", reason="Evicted"}', '_x9 1 1'],
      [podLabels('orders-etl-exec-2', 'orders-etl', 'spark-executor'), '1x11'],
      // an executor that ended normally, and the driver OOM-killed (the driver alert covers it)
      ['kube_pod_container_status_terminated_reason{namespace="data", pod="orders-etl-exec-3", container="spark-kubernetes-executor", reason="Completed"}', '1x11'],
      [podLabels('orders-etl-exec-3', 'orders-etl', 'spark-executor'), '1x11'],
    ],
    checks: [
      { at: '1m', alert: 'SparkExecutorsLost', expect: [] },
      { at: '5m', alert: 'SparkExecutorsLost', app: 'orders-etl', expect: [{ labels: { namespace: 'data' }, value: 1 }] },
      { at: '12m', alert: 'SparkExecutorsLost', app: 'orders-etl', expect: [{ labels: { namespace: 'data' }, value: 2 }] },
      { at: '40m', alert: 'SparkExecutorsLost', expect: [] },
    ],
  },
  {
    name: 'SparkDriverHeapHigh fires after heapUsageFor above 90%, also with Spark 4.1 names',
    series: [
      [`metrics_orders_etl_driver_jvm_heap_used_Value{${driver('orders-etl')}, type="gauges"}`, '950x20'],
      [`metrics_orders_etl_driver_jvm_heap_max_Value{${driver('orders-etl')}, type="gauges"}`, '1000x20'],
      [`metrics_clicks_driver_jvm_heap_used_Value{${driver('clicks')}, type="gauges"}`, '800x20'],
      [`metrics_clicks_driver_jvm_heap_max_Value{${driver('clicks')}, type="gauges"}`, '1000x20'],
      // Spark 4.1 PrometheusServlet form (SPARK-53442): no _Value suffix, no type label
      [`metrics_sessions_driver_jvm_heap_used{${driver('sessions')}}`, '960x20'],
      [`metrics_sessions_driver_jvm_heap_max{${driver('sessions')}}`, '1000x20'],
    ],
    checks: [
      { at: '5m', alert: 'SparkDriverHeapHigh', expect: [] },
      {
        at: '15m',
        alert: 'SparkDriverHeapHigh',
        expect: [
          { labels: { namespace: 'data', app: 'orders-etl', pod: 'orders-etl-driver' }, value: 0.95 },
          { labels: { namespace: 'data', app: 'sessions', pod: 'sessions-driver' }, value: 0.96 },
        ],
      },
    ],
  },
  {
    name: 'SparkExecutorHeapHigh fires for executors in JMX exporter mode',
    series: [
      ['metrics_ledger_executor_jvm_heap_used_Value{namespace="jmx-jobs", app="ledger", pod="ledger-exec-1", role="executor", executor_id="1", type="gauges"}', '970x20'],
      ['metrics_ledger_executor_jvm_heap_max_Value{namespace="jmx-jobs", app="ledger", pod="ledger-exec-1", role="executor", executor_id="1", type="gauges"}', '1000x20'],
      ['metrics_ledger_executor_jvm_heap_used_Value{namespace="jmx-jobs", app="ledger", pod="ledger-exec-2", role="executor", executor_id="2", type="gauges"}', '500x20'],
      ['metrics_ledger_executor_jvm_heap_max_Value{namespace="jmx-jobs", app="ledger", pod="ledger-exec-2", role="executor", executor_id="2", type="gauges"}', '1000x20'],
    ],
    checks: [
      { at: '5m', alert: 'SparkExecutorHeapHigh', expect: [] },
      {
        at: '12m',
        alert: 'SparkExecutorHeapHigh',
        app: 'ledger',
        expect: [{ labels: { namespace: 'jmx-jobs', app: 'ledger', pod: 'ledger-exec-1', executor_id: '1' }, value: 0.97 }],
      },
    ],
  },
  {
    name: 'SparkExecutorStorageMemoryHigh fires per executor above 90%, never for the driver entry',
    series: [
      [`metrics_executor_memoryUsed_bytes{${exec('orders-etl', '1')}}`, '95x20'],
      [`metrics_executor_maxMemory_bytes{${exec('orders-etl', '1')}}`, '100x20'],
      [`metrics_executor_memoryUsed_bytes{${exec('orders-etl', '2')}}`, '50x20'],
      [`metrics_executor_maxMemory_bytes{${exec('orders-etl', '2')}}`, '100x20'],
      [`metrics_executor_memoryUsed_bytes{${exec('orders-etl', 'driver')}}`, '99x20'],
      [`metrics_executor_maxMemory_bytes{${exec('orders-etl', 'driver')}}`, '100x20'],
    ],
    checks: [
      { at: '10m', alert: 'SparkExecutorStorageMemoryHigh', expect: [] },
      {
        at: '20m',
        alert: 'SparkExecutorStorageMemoryHigh',
        app: 'orders-etl',
        expect: [{ labels: { namespace: 'data', app: 'orders-etl', executor_id: '1' }, value: 0.95 }],
      },
    ],
  },
  {
    name: 'SparkGcTimeHigh fires when GC takes over 10% of task time, not at 3%',
    series: [
      [`metrics_executor_totalGCTime_seconds_total{${exec('orders-etl', '1')}}`, '0+6x40'],
      [`metrics_executor_totalDuration_seconds_total{${exec('orders-etl', '1')}}`, '0+30x40'],
      [`metrics_executor_totalGCTime_seconds_total{${exec('clicks', '1')}}`, '0+1x40'],
      [`metrics_executor_totalDuration_seconds_total{${exec('clicks', '1')}}`, '0+30x40'],
    ],
    checks: [
      { at: '10m', alert: 'SparkGcTimeHigh', expect: [] },
      { at: '25m', alert: 'SparkGcTimeHigh', app: 'orders-etl', expect: [{ labels: { namespace: 'data', app: 'orders-etl' }, value: 0.2 }] },
    ],
  },
  {
    name: 'SparkTasksFailing fires when tasks failed within the window, and clears after it',
    series: [
      [`metrics_executor_failedTasks_total{${exec('orders-etl', '1')}}`, '0 0 0 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2'],
      [`metrics_executor_failedTasks_total{${exec('clicks', '1')}}`, '0x24'],
    ],
    checks: [
      { at: '2m', alert: 'SparkTasksFailing', expect: [] },
      { at: '5m', alert: 'SparkTasksFailing', app: 'orders-etl', expect: [{ labels: { namespace: 'data', app: 'orders-etl' }, value: 2 }] },
      { at: '24m', alert: 'SparkTasksFailing', expect: [] },
    ],
  },
  {
    name: 'SparkStreamingFallingBehind fires when processing stays below input',
    series: [
      [`metrics_clicks_driver_spark_streaming_clicks_agg_inputRate_total_Value{${driver('clicks')}, type="gauges"}`, '100x30'],
      [`metrics_clicks_driver_spark_streaming_clicks_agg_processingRate_total_Value{${driver('clicks')}, type="gauges"}`, '80x30'],
      // Spark 4.1 names, keeping up
      [`metrics_sessions_driver_spark_streaming_sessions_inputRate_total{${driver('sessions')}}`, '100x30'],
      [`metrics_sessions_driver_spark_streaming_sessions_processingRate_total{${driver('sessions')}}`, '120x30'],
    ],
    checks: [
      { at: '10m', alert: 'SparkStreamingFallingBehind', expect: [] },
      {
        at: '20m',
        alert: 'SparkStreamingFallingBehind',
        app: 'clicks',
        query: 'clicks_agg',
        expect: [{ labels: { namespace: 'data', app: 'clicks', pod: 'clicks-driver' }, value: 80 }],
      },
    ],
  },
  {
    name: 'SparkStreamingBatchSlow fires when batches take longer than the trigger interval',
    series: [
      [`metrics_clicks_driver_spark_streaming_clicks_agg_latency_Value{${driver('clicks')}, type="gauges"}`, '45000x20'],
      // Spark 4.1 names: 50s batches under a 1m trigger
      [`metrics_sessions_driver_spark_streaming_sessions_latency{${driver('sessions')}}`, '50000x20'],
    ],
    checks: [
      { at: '5m', alert: 'SparkStreamingBatchSlow', expect: [] },
      {
        at: '15m',
        alert: 'SparkStreamingBatchSlow',
        app: 'clicks',
        query: 'clicks_agg',
        expect: [{ labels: { namespace: 'data', app: 'clicks', pod: 'clicks-driver' }, value: 45 }],
      },
    ],
  },
  {
    name: 'SparkStreamingStateGrowing fires after hours of growth, not for a flat state',
    series: [
      [`metrics_clicks_driver_spark_streaming_clicks_agg_states_usedBytes_Value{${driver('clicks')}, type="gauges"}`, '0+1024x200'],
      [`metrics_sessions_driver_spark_streaming_sessions_states_usedBytes{${driver('sessions')}}`, '1000000x200'],
    ],
    checks: [
      { at: '60m', alert: 'SparkStreamingStateGrowing', expect: [] },
      {
        at: '180m',
        alert: 'SparkStreamingStateGrowing',
        app: 'clicks',
        query: 'clicks_agg',
        expect: [{ labels: { namespace: 'data', app: 'clicks', pod: 'clicks-driver' }, value: 1024 / 60 }],
      },
    ],
  },
  {
    name: 'SparkStreamingDriverDown fires when the driver target is down or absent',
    series: [
      [`up{${driver('clicks')}, endpoint="spark-ui"}`, '1x9 0x10'],
      [`up{${driver('sessions')}, endpoint="spark-ui"}`, '_x20'],
    ],
    checks: [
      {
        at: '3m', alert: 'SparkStreamingDriverDown', expect: [],
      },
      {
        at: '8m',
        alert: 'SparkStreamingDriverDown',
        app: 'sessions',
        expect: [{ labels: { namespace: 'data', app: 'sessions', role: 'driver' }, value: 1 }],
      },
      {
        at: '16m',
        alert: 'SparkStreamingDriverDown',
        expect: [
          { labels: { namespace: 'data', app: 'clicks' }, value: 0 },
          { labels: { namespace: 'data', app: 'sessions', role: 'driver' }, value: 1 },
        ],
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// expected alerts: rule labels and rendered annotations

function findRule(groups: any[], alert: string, app: string, query?: string): any {
  const rule = groups.flatMap(g => g.rules)
    .find((r: any) => r.alert === alert && r.labels.app === app && (query === undefined || r.labels.query === query));
  if (!rule) throw new Error(`no rule ${alert} for app ${app}${query ? ` query ${query}` : ''}`);
  return rule;
}

/** Go's %.4g. */
function g4(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return `${v}`;
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(4)))));
  if (exp < -4 || exp >= 4) {
    const [m, e] = v.toExponential(3).split('e');
    const mant = m.replace(/\.?0+$/, '');
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return `${Number(v.toPrecision(4))}`;
}

/** Prometheus template functions used by the rules (`template/template.go`). */
const FUNCS: Record<string, (v: number) => string> = {
  humanize: (v) => {
    if (v === 0 || !Number.isFinite(v)) return g4(v);
    let prefix = '';
    if (Math.abs(v) >= 1) {
      for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
        if (Math.abs(v) < 1000) break;
        prefix = p;
        v /= 1000;
      }
    } else {
      for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
        if (Math.abs(v) >= 1) break;
        prefix = p;
        v *= 1000;
      }
    }
    return `${g4(v)}${prefix}`;
  },
  humanize1024: (v) => {
    if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
    let prefix = '';
    for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
      if (Math.abs(v) < 1024) break;
      prefix = p;
      v /= 1024;
    }
    return `${g4(v)}${prefix}`;
  },
  humanizePercentage: (v) => `${g4(v * 100)}%`,
  humanizeDuration: (v) => {
    if (Math.abs(v) < 1) throw new Error('sub-second humanizeDuration is not re-implemented here');
    const sign = v < 0 ? '-' : '';
    const d = Math.trunc(Math.abs(v));
    const [days, hours, minutes, seconds] = [Math.trunc(d / 86400), Math.trunc(d / 3600) % 24, Math.trunc(d / 60) % 60, d % 60];
    if (days) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(Math.abs(v))}s`;
  },
};

function render(template: string, labels: Record<string, string>, value: number): string {
  return template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, inner: string) => {
    const [head, ...pipes] = inner.split('|').map(s => s.trim());
    let out: string;
    let labelMatch: RegExpExecArray | null;
    if (head === '$value') {
      if (pipes.length === 0) return `${value}`;
      const fn = FUNCS[pipes[0]];
      if (!fn || pipes.length > 1) throw new Error(`template ${whole}: only $value | ${Object.keys(FUNCS).join('|')} is supported`);
      out = fn(value);
    } else if ((labelMatch = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(head)) && pipes.length === 0) {
      out = labels[labelMatch[1]] ?? '';
    } else {
      throw new Error(`template ${whole} is not supported by this checker`);
    }
    return out;
  });
}

function testFile(groups: any[], rulesFile: string): any {
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: CASES.map(c => ({
      name: c.name,
      interval: '1m',
      input_series: c.series.map(([series, values]) => ({ series, values })),
      alert_rule_test: c.checks.map(k => ({
        eval_time: k.at,
        alertname: k.alert,
        exp_alerts: k.expect.map(e => {
          const app = k.app ?? e.labels.app;
          const rule = findRule(groups, k.alert, app, k.query);
          const labels = { ...e.labels, ...rule.labels };
          return {
            exp_labels: labels,
            exp_annotations: {
              description: render(rule.annotations.description, labels, e.value),
              summary: render(rule.annotations.summary, labels, e.value),
            },
          };
        }),
      })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------

function rulesOfManifests(dir: string): Array<{ file: string; spec: any }> {
  const out: Array<{ file: string; spec: any }> = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {walk(p);} else if (/\.ya?ml$/.test(e.name)) {
        for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf8'))) {
          const o = doc.toJS();
          if (o?.kind === 'PrometheusRule' && o.apiVersion === 'monitoring.coreos.com/v1') {
            out.push({ file: `${path.relative(dir, p).replace(/[\\/]/g, '_').replace(/\.ya?ml$/, '')}-${o.metadata.namespace}-${o.metadata.name}.yaml`, spec: o.spec });
          }
        }
      }
    }
  };
  walk(dir);
  return out;
}

function run(cmd: string, args: string[]): boolean {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status === 0;
}

function main(argv: string[]): number {
  let outdir: string | undefined;
  let manifests: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--manifests') {manifests = argv[++i];} else if (!argv[i].startsWith('-') && outdir === undefined) {outdir = argv[i];} else {
      console.error(`unknown argument ${argv[i]}`);
      outdir = undefined;
      break;
    }
  }
  if (!outdir || (manifests !== undefined && !fs.existsSync(manifests))) {
    console.error('usage: promtool-check.ts OUTDIR [--manifests DIR]');
    return 2;
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });

  const groups = synthesizeRules().flatMap(r => r.spec.groups);
  const rulesFile = path.join(outdir, 'spark-alerts.yaml');
  fs.writeFileSync(rulesFile, stringify({ groups }, { lineWidth: 0 }));
  const testsFile = path.join(outdir, 'spark-alerts.test.yaml');
  fs.writeFileSync(testsFile, stringify(testFile(groups, 'spark-alerts.yaml'), { lineWidth: 0 }));
  const checkFiles = [rulesFile];
  if (manifests !== undefined) {
    const dir = path.join(outdir, 'manifests');
    fs.mkdirSync(dir);
    for (const r of rulesOfManifests(manifests)) {
      const f = path.join(dir, r.file);
      fs.writeFileSync(f, stringify(r.spec, { lineWidth: 0 }));
      checkFiles.push(f);
    }
  }
  const alerts = groups.reduce((n: number, g: any) => n + g.rules.length, 0);
  console.log(`wrote ${rulesFile} (${groups.length} groups, ${alerts} alerts), ${testsFile} (${CASES.length} tests), ${checkFiles.length - 1} rule files from manifests`);

  if (spawnSync('promtool', ['--version'], { stdio: 'ignore' }).error) {
    console.log('promtool not installed, skipped');
    return 0;
  }
  let ok = run('promtool', ['check', 'rules', ...checkFiles]);
  ok = run('promtool', ['test', 'rules', testsFile]) && ok;
  console.log(ok ? 'promtool: all rule checks and unit tests passed' : 'promtool: FAILED');
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
