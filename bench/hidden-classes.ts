/**
 * Experiment: why YAML writing slowed down as the App grew (bench/README.md, "Why synthesis slowed
 * down"). Builds N copies of one library copy's manifests as raw ApiObjects (like the benchmark's
 * baseline), with the dashboard ConfigMap's data key the same in every copy (`dashboard.json`) or
 * one per copy (`dashboard-<i>.json`, in the object JSON.parse returns or in an object literal with
 * a computed key, as the library wrote it), then renders and stringifies the first objects the way
 * synthesis does, and reports from V8's map log (`--log-maps`):
 *  - how many of the maps V8 made for the copies' keys are linked into the transition tree of
 *    their parent map, and how many are not (V8 links at most 1536 transitions per map);
 *  - the hidden classes (maps) V8 creates per document while rendering and while stringifying,
 *    and the property names most of the latter were made for;
 *  - the time per document of both steps (from a run without the log).
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json -r tsconfig-paths/register bench/hidden-classes.ts [N...] [--no-build]
 *
 * Default N: 500 1000 1500 2000 3000. Each (N, key scheme) runs in fresh node processes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const DEFAULT_NS = [500, 1000, 1500, 2000, 3000];

// ---- child: node --allow-natives-syntax -r alias.js hidden-classes.js child <N> <constant|json|literal> ----

const SENTINEL = 7777777;
const COPIES_PER_CHART = 1000;
/** Documents of the first chart that are rendered and stringified (200 copies) */
const DOCUMENTS = 3400;

function mark(name: string): object {
  const o: { [k: string]: number } = {};
  o[`__PHASE_${name}__`] = 1; // appears in the --log-maps log as the name of a map transition
  return o;
}

async function child(n: number, scheme: string): Promise<void> {
  // loaded here, so that the parent (under ts-node) does not load the library
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ApiObject, App, Chart, Yaml } = require('cdk8s') as typeof import('cdk8s');
  const { addLibraryWorkload } = require('./workload') as typeof import('./workload');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const marks: object[] = [];

  // One library copy's manifests, whatever the library's dashboard key, with the dashboard's data
  // key set by `scheme`: `dashboard.json` in every copy (`constant`), or one key per copy,
  // `dashboard-<i>.json`, in the object JSON.parse returns (`json`) or in an object literal with a
  // computed key, as the library wrote it (`literal`).
  const one = new App({ outdir: 'unused' });
  addLibraryWorkload(new Chart(one, 'one'), SENTINEL);
  const template = one.charts[0].toJson().map(m => {
    if (m.kind !== 'ConfigMap' || !m.data) return m;
    const data: { [k: string]: string } = {};
    for (const [k, v] of Object.entries(m.data as { [k: string]: string })) {
      data[k.endsWith('.json') ? (scheme === 'json' ? `dashboard-${SENTINEL}.json` : 'dashboard.json') : k] = v;
    }
    return { ...m, data };
  });
  const parts = JSON.stringify(template).split(`${SENTINEL}`);

  // N copies as raw ApiObjects (what the benchmark's baseline builds), 1,000 copies per chart
  const app = new App({ outdir: 'unused' });
  const charts: InstanceType<typeof Chart>[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / COPIES_PER_CHART);
    if (!charts[k]) charts[k] = new Chart(app, `c${k}`);
    (JSON.parse(parts.join(`${i}`)) as any[]).forEach((m, j) => {
      const { apiVersion, kind, metadata, ...rest } = m;
      if (scheme === 'literal' && rest.data?.['dashboard.json']) rest.data = { [`dashboard-${i}.json`]: rest.data['dashboard.json'] };
      new ApiObject(charts[k], `o${i}-${j}`, { apiVersion, kind, metadata, ...rest });
    });
  }
  const objects = charts[0].node.children.filter((c): c is InstanceType<typeof ApiObject> => c instanceof ApiObject).slice(0, DOCUMENTS);
  marks.push(mark('built'));

  // what synthesis does: render every object (cdk8s resolve + sanitize build each JSON object
  // from `{}`), then stringify it
  let t = performance.now();
  const docs = objects.map(o => o.toJson());
  const renderUs = ((performance.now() - t) * 1000) / docs.length;
  marks.push(mark('rendered'));
  t = performance.now();
  for (const d of docs) Yaml.stringify(d);
  const stringifyUs = ((performance.now() - t) * 1000) / docs.length;
  marks.push(mark('stringified'));

  fs.writeSync(1, `HIDDEN_CLASSES ${JSON.stringify({ n, scheme, documents: docs.length, renderUs, stringifyUs })}\n`);
  if (marks.length !== 3) throw new Error('unreachable');
}

// ---- parent ----

interface ChildResult {
  readonly n: number;
  readonly scheme: string;
  readonly documents: number;
  readonly renderUs: number;
  readonly stringifyUs: number;
}

function runChild(alias: string, script: string, n: number, scheme: string, flags: string[]): { result: ChildResult } {
  const p = spawnSync(process.execPath, ['--allow-natives-syntax', ...flags, '-r', alias, script, 'child', String(n), scheme], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CDK8S_SPARK_QUIET: '1' },
  });
  const line = p.stdout.split('\n').find(l => l.startsWith('HIDDEN_CLASSES '));
  if (p.status !== 0 || !line) throw new Error(`child N=${n} ${scheme} failed (exit ${p.status}):\n${p.stderr}`);
  return { result: JSON.parse(line.slice('HIDDEN_CLASSES '.length)) };
}

/**
 * Maps V8 creates in each phase (between the phase marks), from a `--log-maps` log, and the
 * property names most of the maps created while stringifying were made for.
 */
interface MapLog {
  /** maps created per phase */
  readonly counts: { [phase: string]: number };
  /** the property names most maps were created for while stringifying */
  readonly names: string;
  /** `<linked> / <not linked>` maps made for the copies' keys while building */
  readonly keys: string;
}

function mapsPerPhase(alias: string, script: string, n: number, scheme: string): MapLog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-maps-'));
  const log = path.join(dir, 'v8.log');
  try {
    runChild(alias, script, n, scheme, ['--log-maps', '--no-log-maps-details', `--logfile=${log}`, '--no-logfile-per-isolate']);
    const counts: { [phase: string]: number } = {};
    const names = new Map<string, number>();
    // maps made for the copies' keys: linked into the transition tree ('Transition'), or not
    // ('ReplaceDescriptors': the parent map's transitions are full)
    const keys = { linked: 0, detached: 0 };
    let count = 0;
    let phase = 'built';
    for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
      if (!line.startsWith('map,')) continue;
      const end = /__PHASE_(\w+)__$/.exec(line)?.[1];
      if (end) {
        counts[end] = count;
        count = 0;
        phase = end === 'built' ? 'rendered' : end === 'rendered' ? 'stringified' : 'after';
        continue;
      }
      count++;
      if (phase === 'built' && /,dashboard-\d+\.json$/.test(line)) {
        if (line.startsWith('map,Transition,')) keys.linked++;
        else keys.detached++;
      }
      if (phase === 'stringified') {
        const name = line.slice(line.lastIndexOf(',') + 1);
        names.set(name, (names.get(name) ?? 0) + 1);
      }
    }
    const top = [...names].sort((a, b) => b[1] - a[1]).slice(0, 4).filter(([, c]) => c >= 1000);
    return {
      counts,
      names: top.map(([name, c]) => `${name} ×${c}`).join(', '),
      keys: keys.linked + keys.detached > 0 ? `${keys.linked} / ${keys.detached}` : '',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parent(argv: string[]): void {
  // loaded here, so that the measured children do not load the TypeScript compiler
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ALIAS, BUILD_DIR, build } = require('./build') as typeof import('./build');
  const ns = argv.filter(a => /^\d+$/.test(a)).map(Number);
  if (!argv.includes('--no-build')) build();
  const script = path.join(BUILD_DIR, 'bench', 'hidden-classes.js');
  console.log(`node ${process.version}; N copies of one library copy's 17 manifests as raw ApiObjects (1,000 per chart); `
    + `the first ${DOCUMENTS} objects rendered and stringified; load average ${os.loadavg()[0].toFixed(2)}`);
  console.log('');
  console.log('| N | dashboard data key | key maps linked / not linked | maps per document: render | maps per document: stringify '
    + '| most maps made for (stringify) | µs per document: render | µs per document: stringify |');
  console.log('|---:|---|---:|---:|---:|---|---:|---:|');
  const label: { [scheme: string]: string } = {
    constant: '`dashboard.json`',
    json: '`dashboard-<i>.json` (JSON.parse)',
    literal: '`dashboard-<i>.json` (literal)',
  };
  for (const n of ns.length > 0 ? ns : DEFAULT_NS) {
    for (const scheme of ['constant', 'json', 'literal']) {
      const { result } = runChild(ALIAS, script, n, scheme, []);
      const { counts, names, keys } = mapsPerPhase(ALIAS, script, n, scheme);
      const per = (phase: string) => ((counts[phase] ?? NaN) / result.documents).toFixed(1);
      console.log(`| ${n} | ${label[scheme]} | ${keys} | ${per('rendered')} | ${per('stringified')} | ${names} | `
        + `${result.renderUs.toFixed(0)} | ${result.stringifyUs.toFixed(0)} |`);
    }
  }
}

const args = process.argv.slice(2);
(args[0] === 'child' ? child(Number(args[1]), args[2]) : Promise.resolve().then(() => parent(args))).catch(e => {
  console.error(e);
  process.exitCode = 1;
});
