/**
 * Benchmark: the library workload (bench/workload.ts) against a baseline of plain ApiObjects
 * emitting the same manifests, at growing N. See bench/README.md.
 *
 *   npm run bench [-- [N...] [--repeat R] [--variants a,b] [--max-load L] [--no-check] [--no-build]]
 *   default N: 1000 2000 5000 10000, R: 3, variants: baseline,baseline-synthesizer,library
 *
 * Every (N, variant, repetition) runs in a fresh node process (bench/worker.ts, precompiled into
 * bench/out/js so the measured process loads neither ts-node nor the TypeScript compiler).
 * The median of the R repetitions is reported per metric.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALIAS, BUILD_DIR, ROOT, build } from './build';
import { VARIANTS, type WorkerResult } from './variants';

const DEFAULT_NS = [1000, 2000, 5000, 10000];
const DEFAULT_VARIANTS = ['baseline', 'baseline-synthesizer', 'library'];
const TARGET_RATIO = 1.3; // library/baseline at every N, time and peak RSS
const TARGET_SCALING = 11; // T(10000)/T(1000) for the library
const USAGE = 'usage: npm run bench -- [N...] [--repeat R] [--variants a,b] [--max-load L] [--no-check] [--no-build]';
/** With --max-load: how long to wait for a quiet machine before measuring anyway */
const MAX_WAIT_MS = 20 * 60 * 1000;

interface Options {
  readonly ns: number[];
  readonly repeat: number;
  readonly variants: string[];
  readonly check: boolean;
  /** reuse bench/out/js as it is (e.g. to measure a change applied to the transpiled sources) */
  readonly build: boolean;
  /** before each repetition, wait until the 1-minute load average is below this */
  readonly maxLoad?: number;
}

interface Row extends WorkerResult {
  /** wall time of the whole child process, measured by this script (ms) */
  readonly processMs: number;
}

function parseArgs(argv: string[]): Options {
  const ns: number[] = [];
  let repeat = 3;
  let variants = DEFAULT_VARIANTS;
  let check = true;
  let doBuild = true;
  let maxLoad: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repeat' || a === '-r') {
      repeat = Number(argv[++i]);
    } else if (a.startsWith('--repeat=')) {
      repeat = Number(a.slice('--repeat='.length));
    } else if (a === '--variants') {
      variants = (argv[++i] ?? '').split(',');
    } else if (a.startsWith('--variants=')) {
      variants = a.slice('--variants='.length).split(',');
    } else if (a === '--max-load') {
      maxLoad = Number(argv[++i]);
      if (!(maxLoad > 0)) throw new Error('--max-load needs a positive number (a 1-minute load average, e.g. 1.5)');
    } else if (a === '--no-check') {
      check = false;
    } else if (a === '--no-build') {
      doBuild = false;
    } else if (a === '--help' || a === '-h') {
      console.log(`${USAGE}\nvariants: ${Object.keys(VARIANTS).join(', ')}`);
      process.exit(0);
    } else if (/^\d+$/.test(a) && Number(a) > 0) {
      ns.push(Number(a));
    } else {
      throw new Error(`unknown argument ${a} (${USAGE})`);
    }
  }
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat needs a positive integer');
  const unknown = variants.filter(v => !(v in VARIANTS));
  if (unknown.length > 0 || variants.length === 0) {
    throw new Error(`unknown variant ${unknown.join(', ')} (known: ${Object.keys(VARIANTS).join(', ')})`);
  }
  if (!variants.includes('baseline')) variants = ['baseline', ...variants];
  return { ns: ns.length > 0 ? [...new Set(ns)].sort((x, y) => x - y) : DEFAULT_NS, repeat, variants, check, build: doBuild, maxLoad };
}

// ---- running ----

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Waits (up to MAX_WAIT_MS) until the 1-minute load average is below `limit`; returns it. */
function waitForQuiet(limit: number | undefined): number {
  const start = Date.now();
  let announced = false;
  while (limit !== undefined && os.loadavg()[0] >= limit && Date.now() - start < MAX_WAIT_MS) {
    if (!announced) console.log(`bench: load average ${os.loadavg()[0].toFixed(2)} ≥ ${limit}, waiting for a quieter machine`);
    announced = true;
    sleep(15_000);
  }
  return os.loadavg()[0];
}

function runWorker(variant: string, n: number): { result: any; processMs: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-spark-bench-${variant}-${n}-`));
  try {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['-r', ALIAS, path.join(BUILD_DIR, 'bench', 'worker.js'), variant, String(n), outdir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30 * 60 * 1000,
      env: { ...process.env, CDK8S_SPARK_QUIET: '1' },
    });
    const processMs = Number(process.hrtime.bigint() - start) / 1e6;
    const line = (child.stdout ?? '').split('\n').find(l => l.startsWith('BENCH_RESULT '));
    if (child.status !== 0 || !line) {
      throw new Error(`worker ${variant} N=${n} failed (exit ${child.status}${child.signal ? ', ' + child.signal : ''}):\n${child.stderr || child.stdout}`);
    }
    return { result: JSON.parse(line.slice('BENCH_RESULT '.length)), processMs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function medianRow(rows: Row[]): Row {
  const med = (k: keyof Row) => median(rows.map(r => r[k] as number));
  return {
    variant: rows[0].variant,
    n: rows[0].n,
    loadMs: med('loadMs'),
    prepMs: med('prepMs'),
    constructMs: med('constructMs'),
    synthMs: med('synthMs'),
    cpuMs: med('cpuMs'),
    gcMs: med('gcMs'),
    maxRssKb: med('maxRssKb'),
    objects: rows[0].objects,
    yamlBytes: rows[0].yamlBytes,
    processMs: med('processMs'),
  };
}

// ---- report ----

const work = (r: Row) => r.constructMs + r.synthMs;
const fmt = (v: number, digits = 0) => v.toFixed(digits);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER TARGET');

function machine(): string {
  const cpus = os.cpus();
  const mem = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ${mem} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`;
}

function report(rows: Row[], opts: Options, loads: string[]): void {
  const find = (n: number, variant: string) => rows.find(r => r.n === n && r.variant === variant);
  const ref = opts.ns.includes(1000) ? 1000 : opts.ns[0];
  console.log('');
  console.log(`machine: ${machine()}`);
  console.log(`date: ${new Date().toISOString()}   repetitions: ${opts.repeat} (median per metric)`);
  console.log(`load average (1 min) at the start of each repetition: ${loads.join(', ')}`);
  console.log('');
  console.log(`| N | variant | construct ms | synth ms | construct+synth ms | T/T(${ref}) | CPU ms | GC ms | process wall ms | peak RSS MB | objects | YAML KB | `
    + 'vs base: time | vs base: RSS | vs base: CPU |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of opts.ns) {
    const base = find(n, 'baseline');
    for (const variant of opts.variants) {
      const r = find(n, variant);
      if (!r) continue;
      const first = find(ref, variant);
      const ratios = variant !== 'baseline' && base
        ? [ratio(work(r), work(base)), ratio(r.maxRssKb, base.maxRssKb), ratio(r.cpuMs, base.cpuMs)]
        : ['', '', ''];
      console.log(`| ${n} | ${variant} | ${fmt(r.constructMs)} | ${fmt(r.synthMs)} | ${fmt(work(r))} | ${first ? ratio(work(r), work(first)) : ''} | `
        + `${fmt(r.cpuMs)} | ${fmt(r.gcMs)} | ${fmt(r.processMs)} | ${fmt(r.maxRssKb / 1024, 1)} | ${r.objects} | ${fmt(r.yamlBytes / 1024)} | ${ratios.join(' | ')} |`);
    }
  }
  console.log('');
  console.log('targets (library):');
  for (const n of opts.ns) {
    const lib = find(n, 'library');
    const base = find(n, 'baseline');
    if (!lib || !base) continue;
    const t = work(lib) / work(base);
    const m = lib.maxRssKb / base.maxRssKb;
    console.log(`  N=${n}: library/baseline construct+synth time ${t.toFixed(2)}× ${verdict(t <= TARGET_RATIO)}, `
      + `peak RSS ${m.toFixed(2)}× ${verdict(m <= TARGET_RATIO)} (target ≤ ${TARGET_RATIO}×)`);
    const rawSynthesizer = find(n, 'baseline-synthesizer');
    if (rawSynthesizer) {
      // not a target: the cost of the library's constructs alone, both written by AppSynthesizer
      console.log(`         library/baseline-synthesizer (same writer): time ${ratio(work(lib), work(rawSynthesizer))}, `
        + `peak RSS ${ratio(lib.maxRssKb, rawSynthesizer.maxRssKb)}`);
    }
  }
  const lib1k = find(1000, 'library');
  const lib10k = find(10000, 'library');
  if (lib1k && lib10k) {
    const s = work(lib10k) / work(lib1k);
    console.log(`  library T(10000)/T(1000), construct+synth time: ${s.toFixed(2)} (target ≤ ${TARGET_SCALING}) ${verdict(s <= TARGET_SCALING)}`);
  } else {
    console.log('  library T(10000)/T(1000): not run (include 1000 and 10000 in the N list)');
  }
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.build) {
    const t0 = Date.now();
    build();
    console.log(`bench: transpiled src/ and bench/ into ${path.relative(ROOT, BUILD_DIR)} in ${Date.now() - t0} ms`);
  } else if (!fs.existsSync(ALIAS)) {
    throw new Error(`--no-build: ${path.relative(ROOT, BUILD_DIR)} has not been built (run once without --no-build)`);
  } else {
    console.log(`bench: --no-build, measuring ${path.relative(ROOT, BUILD_DIR)} as it is`);
  }

  if (opts.check) {
    const { result } = runWorker('check', 3);
    if (result.identical === 'no') {
      throw new Error(`the baseline does not reproduce the library output (see the contract in bench/workload.ts): ${result.detail}`);
    }
    if (result.synthesizer !== 'identical') {
      throw new Error('AppSynthesizer.synthesize(app) did not write the same files as app.synth() for N=3');
    }
    console.log(`bench: check ok, baseline reproduces the library's ${result.objects} objects for N=3 `
      + (result.identical === 'bytes' ? '(byte-identical)' : '(identical documents, different order)')
      + '; AppSynthesizer writes the same files as app.synth()');
  }

  const rows: Row[] = [];
  const loads: string[] = [];
  for (const n of opts.ns) {
    const runs: Record<string, Row[]> = Object.fromEntries(opts.variants.map(v => [v, []]));
    const seen: number[] = [];
    for (let rep = 0; rep < opts.repeat; rep++) {
      seen.push(waitForQuiet(opts.maxLoad));
      // Interleaved, so drift hits every variant alike, and rotated: on this shared machine a run
      // right after another is a few percent slower than the first run after a pause, so each
      // variant takes each place in turn (with as many repetitions as variants, each place once).
      const k = rep % opts.variants.length;
      for (const variant of [...opts.variants.slice(k), ...opts.variants.slice(0, k)]) {
        const { result, processMs } = runWorker(variant, n);
        runs[variant].push({ ...result, processMs });
      }
    }
    loads.push(`N=${n}: ${seen.map(l => l.toFixed(2)).join('/')}`);
    for (const variant of opts.variants) {
      const r = medianRow(runs[variant]);
      rows.push(r);
      console.log(`bench: N=${n} ${variant}: construct ${fmt(r.constructMs)} ms, synth ${fmt(r.synthMs)} ms, cpu ${fmt(r.cpuMs)} ms, gc ${fmt(r.gcMs)} ms, `
        + `process ${fmt(r.processMs)} ms, peak RSS ${fmt(r.maxRssKb / 1024)} MB, ${r.objects} objects`);
    }
    const sizes = new Set(rows.filter(r => r.n === n).map(r => `${r.objects} objects / ${r.yamlBytes} bytes`));
    if (sizes.size !== 1) throw new Error(`N=${n}: the variants emitted different output: ${[...sizes].join(' vs ')}`);
  }
  report(rows, opts, loads);
}

try {
  main();
} catch (e) {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
