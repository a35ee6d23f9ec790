/**
 * One benchmark measurement, run by bench/run.ts in a fresh node process (precompiled to
 * bench/out/js/, so neither ts-node nor the TypeScript compiler is in the measured process).
 *
 *   node -r bench/out/js/alias.js bench/out/js/bench/worker.js <variant|check> <N> <outdir>
 *
 * Variants (see VARIANTS): what builds the objects (the library, or raw ApiObjects) and what writes
 * them (`app.synth()`, or the library's `AppSynthesizer.synthesize(app)` for large Apps).
 *
 * Prints one line `BENCH_RESULT <json>` on stdout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PerformanceObserver, performance } from 'perf_hooks';
import { ApiObject, App, Chart } from 'cdk8s';
import { VARIANTS, WorkerResult } from './variants';
import { addLibraryWorkload } from './workload';
import { AppSynthesizer } from 'cdk8s-spark';

// ---- everything above is module load; the clock for construct/synth starts below ----

/**
 * Copy index used to build the baseline's template; every occurrence of it is replaced by the copy
 * index i (names carry `-${i}`, derived strings such as metric names `_${i}`).
 */
const SENTINEL = 7777777;
const CHART_ID = 'bench';
/**
 * Copies per chart. `app.synth()` writes each chart with one call that spreads every object as an
 * argument, which overflows the stack beyond ~100,000 objects (AppSynthesizer has no such limit);
 * 1,000 copies (17,000 objects) per chart keep the app.synth() variants well below that, with the
 * same chart boundaries in every variant.
 */
const COPIES_PER_CHART = 1000;

function chartFor(app: App, charts: Chart[], i: number): Chart {
  const k = Math.floor(i / COPIES_PER_CHART);
  if (!charts[k]) charts[k] = new Chart(app, k === 0 ? CHART_ID : `${CHART_ID}-${k}`);
  return charts[k];
}

type Manifest = { [key: string]: any };

function libraryApp(outdir: string, n: number): App {
  const app = new App({ outdir });
  const charts: Chart[] = [];
  for (let i = 0; i < n; i++) addLibraryWorkload(chartFor(app, charts, i), i);
  return app;
}

/** The manifests of one library copy (sentinel index), as JSON text. Checks the naming contract. */
function baselineTemplate(): string {
  const app = new App({ outdir: 'unused' }); // never synthesized to disk
  addLibraryWorkload(new Chart(app, CHART_ID), SENTINEL);
  const manifests: Manifest[] = app.charts.flatMap(c => c.toJson());
  // Each copy's objects must be distinct objects: the namespace or the name carries the suffix.
  const bad = manifests.filter(m => !`${m.metadata?.namespace ?? ''}/${m.metadata?.name ?? ''}`.includes(`-${SENTINEL}`));
  if (bad.length > 0) {
    throw new Error('bench/workload.ts breaks the naming contract (the namespace or name of every object must contain `-${i}`): '
      + bad.map(m => `${m.kind}/${m.metadata?.name}`).join(', '));
  }
  return JSON.stringify(manifests);
}

function baselineCopies(template: string, n: number): Manifest[][] {
  const parts = template.split(`${SENTINEL}`);
  const copies: Manifest[][] = [];
  for (let i = 0; i < n; i++) copies.push(JSON.parse(parts.join(`${i}`)));
  return copies;
}

function baselineApp(outdir: string, copies: Manifest[][]): App {
  const app = new App({ outdir });
  const charts: Chart[] = [];
  copies.forEach((manifests, i) => {
    const chart = chartFor(app, charts, i);
    manifests.forEach((m, k) => {
      const { apiVersion, kind, metadata, ...rest } = m;
      new ApiObject(chart, `o${i}-${k}`, { apiVersion, kind, metadata, ...rest });
    });
  });
  return app;
}

function yamlStats(dir: string): { objects: number; bytes: number } {
  let objects = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (/\.ya?ml$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        bytes += Buffer.byteLength(text);
        // cdk8s separates documents with a `---` line
        if (text.trim() !== '') objects += 1 + (text.match(/^---$/gm) ?? []).length;
      }
    }
  };
  walk(dir);
  return { objects, bytes };
}

function synthesize(app: App, how: 'app.synth' | 'AppSynthesizer'): void {
  if (how === 'app.synth') app.synth();
  else AppSynthesizer.synthesize(app);
}

async function measure(variant: string, n: number, outdir: string): Promise<WorkerResult> {
  const loadMs = performance.now();
  const { objects: build, synth } = VARIANTS[variant];
  let copies: Manifest[][] = [];
  if (build === 'raw') copies = baselineCopies(baselineTemplate(), n);
  let gcMs = 0;
  const gc = new PerformanceObserver(list => { for (const e of list.getEntries()) gcMs += e.duration; });
  gc.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const app = build === 'raw' ? baselineApp(outdir, copies) : libraryApp(outdir, n);
  const t1 = performance.now();
  synthesize(app, synth);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const maxRssKb = process.resourceUsage().maxRSS;
  await new Promise(resolve => setTimeout(resolve, 10)); // deliver the buffered gc entries
  gc.disconnect();
  const { objects, bytes } = yamlStats(outdir);
  return {
    variant,
    n,
    loadMs,
    prepMs: t0 - loadMs,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    cpuMs: (cpu.user + cpu.system) / 1000,
    gcMs,
    maxRssKb,
    objects,
    yamlBytes: bytes,
  };
}

function readTree(dir: string): string {
  return fs.readdirSync(dir).sort().map(f => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
}

/**
 * Does the baseline reproduce the library's output (byte-identical YAML, or the same documents in
 * another order)? And does AppSynthesizer write the same files as app.synth()?
 */
function check(n: number): { identical: 'bytes' | 'sorted' | 'no'; synthesizer: 'identical' | 'different'; objects: number; detail?: string } {
  const lib = libraryApp('unused', n).charts.flatMap(c => c.toJson());
  const base = baselineApp('unused', baselineCopies(baselineTemplate(), n)).charts.flatMap(c => c.toJson());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-bench-check-'));
  let synthesizer: 'identical' | 'different';
  try {
    libraryApp(path.join(dir, 'synth'), n).synth();
    AppSynthesizer.synthesize(libraryApp(path.join(dir, 'synthesizer'), n));
    synthesizer = readTree(path.join(dir, 'synth')) === readTree(path.join(dir, 'synthesizer')) ? 'identical' : 'different';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const a = lib.map(m => JSON.stringify(m));
  const b = base.map(m => JSON.stringify(m));
  if (a.join('\n') === b.join('\n')) return { identical: 'bytes', synthesizer, objects: a.length };
  const sa = [...a].sort();
  const sb = [...b].sort();
  if (sa.join('\n') === sb.join('\n')) return { identical: 'sorted', synthesizer, objects: a.length };
  const k = sa.findIndex((x, j) => x !== sb[j]);
  return {
    identical: 'no',
    synthesizer,
    objects: a.length,
    detail: `${a.length} vs ${b.length} objects; first difference:\n  library:  ${sa[k]?.slice(0, 400)}\n  baseline: ${sb[k]?.slice(0, 400)}`,
  };
}

async function main(): Promise<void> {
  const [variant, nText, outdir] = process.argv.slice(2);
  const n = Number(nText);
  if (!(variant === 'check' || variant in VARIANTS) || !Number.isInteger(n) || n < 1 || (variant !== 'check' && !outdir)) {
    throw new Error(`usage: worker <${[...Object.keys(VARIANTS), 'check'].join('|')}> <N> <outdir>`);
  }
  const result = variant === 'check' ? check(n) : await measure(variant, n, outdir);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
