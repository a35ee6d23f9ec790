/**
 * Synthesize every example in one node process and print one summary line per example.
 *
 *   npm run synth [-- [--out DIR] [--verbose] [NAME...]]
 *
 * Every example is a folder `examples/<name>/` whose `main.ts` exports
 * `build(outdir?: string): App` (the app is returned unsynthesized). For each example
 * (sorted by name, optionally filtered by the positional NAMEs) this script removes
 * `<out>/<name>/`, calls `build('<out>/<name>')` and `app.synth()`, reads back every
 * YAML file written and prints
 *
 *   <name>: <N> objects (<Kind> ×<n>, ...)          kinds sorted by name
 *
 * followed by the text of the optional report hooks (see `reports()` below).
 * `<out>` is `dist` unless `--out DIR` is given. Runs from the repository root (npm does that).
 * Exit code: 0 when every example synthesized, 1 when one failed (message only; the stack
 * with `--verbose`), 2 on a usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
// `yaml` is a devDependency; scripts/ is not part of the published package.
// eslint-disable-next-line import/no-extraneous-dependencies
import { parseAllDocuments } from 'yaml';
import { byCodePoint, yamlFiles } from './_files';
import { NodePool, PlatformReport, SparkNamespace, SparkOperatorInstall } from '../src';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

interface Options {
  readonly out: string;
  readonly verbose: boolean;
  readonly names: string[];
}

interface ExampleModule {
  build?: (outdir?: string) => App;
  report?: (app: App) => string | undefined;
  platformReport?: (app: App) => string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  let out = 'dist';
  let verbose = false;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '-o') {
      const v = argv[++i];
      if (!v) throw new UsageError(`${a} needs a directory`);
      out = v;
    } else if (a.startsWith('--out=')) {
      out = a.slice('--out='.length);
    } else if (a === '--verbose' || a === '-v') {
      verbose = true;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run synth -- [--out DIR] [--verbose] [EXAMPLE...]');
      process.exit(0);
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      names.push(a);
    }
  }
  return { out, verbose, names };
}

/** Example folders holding a main.ts, sorted by name (code-point order, locale independent). */
function discoverExamples(): string[] {
  if (!fs.existsSync(EXAMPLES_DIR)) return [];
  return fs.readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter(d => d.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, d.name, 'main.ts')))
    .map(d => d.name)
    .sort(byCodePoint);
}


/** Counts the objects (non-empty YAML documents) per kind in everything written under dir. */
function countKinds(dir: string): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const file of yamlFiles(dir)) {
    // cdk8s writes YAML 1.1 (as kubectl reads it)
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' })) {
      if (doc.errors.length > 0) {
        throw new Error(`${path.relative(process.cwd(), file)}: invalid YAML: ${doc.errors[0].message}`);
      }
      const obj = doc.toJS();
      if (obj === null || obj === undefined) continue;
      const kind = typeof obj.kind === 'string' ? obj.kind : '<no kind>';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
  }
  return kinds;
}

function summaryLine(name: string, kinds: Map<string, number>): string {
  const total = [...kinds.values()].reduce((a, b) => a + b, 0);
  const parts = [...kinds.keys()].sort(byCodePoint).map(k => `${k} ×${kinds.get(k)}`);
  return `${name}: ${total} objects (${parts.join(', ')})`;
}

/**
 * REPORT HOOKS: extra text printed after an example's summary line.
 *  1. any chart in the app (nested ones included) that has a method `capacityReport()`:
 *     its return value is printed (charts in topological order, as cdk8s orders them);
 *  2. if the example module exports `report(app: App): string`, it is called with the app
 *     (after synth) and its return value is printed;
 *  3. when the app declares node pools, the packing table of their apps (NodePool.packingTable).
 */
function reports(app: App, mod: ExampleModule): string[] {
  const texts: string[] = [];
  for (const chart of app.charts) {
    const fn = (chart as Chart & { capacityReport?: unknown }).capacityReport;
    if (typeof fn === 'function') {
      const text = fn.call(chart);
      if (text !== undefined && text !== null && String(text) !== '') texts.push(String(text));
    }
  }
  if (typeof mod.report === 'function') {
    const text = mod.report(app);
    if (text !== undefined && text !== null && String(text) !== '') texts.push(String(text));
  }
  const packing = NodePool.packingTable(app);
  if (packing !== '') texts.push(packing);
  return texts;
}

/**
 * Files next to the manifests: the values file of each SparkOperatorInstall, and PLATFORM.md
 * (the example's `platformReport(app)`, else PlatformReport.markdown) when the app has tenants.
 */
function writePlatformFiles(name: string, app: App, mod: ExampleModule, outdir: string): void {
  SparkOperatorInstall.writeValuesFiles(app, outdir);
  const hasTenants = app.node.findAll().some(c => c instanceof SparkNamespace);
  const text = typeof mod.platformReport === 'function' ? mod.platformReport(app) : hasTenants ? PlatformReport.markdown(app, { title: name }) : undefined;
  if (text) fs.writeFileSync(path.join(outdir, 'PLATFORM.md'), text);
}

function synthExample(name: string, out: string): string[] {
  const outdir = path.join(out, name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const mainFile = path.join(EXAMPLES_DIR, name, 'main.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: ExampleModule = require(mainFile);
  if (typeof mod.build !== 'function') {
    throw new Error(`examples/${name}/main.ts does not export a function build(outdir?: string): App`);
  }
  const app = mod.build(outdir);
  if (!app || typeof app.synth !== 'function') {
    throw new Error(`examples/${name}/main.ts: build() did not return a cdk8s App`);
  }
  app.synth();
  writePlatformFiles(name, app, mod, outdir);
  return [summaryLine(name, countKinds(outdir)), ...reports(app, mod)];
}

function errorText(err: unknown, verbose: boolean): string {
  if (err instanceof Error) return verbose && err.stack ? err.stack : err.message;
  return String(err);
}

function main(): number {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`synth: ${errorText(e, false)}`);
    return 2;
  }
  const all = discoverExamples();
  const unknown = opts.names.filter(n => !all.includes(n));
  if (unknown.length > 0) {
    console.error(`synth: unknown example(s): ${unknown.join(', ')} (available: ${all.join(', ') || 'none'})`);
    return 2;
  }
  const selected = opts.names.length > 0 ? all.filter(n => opts.names.includes(n)) : all;
  if (selected.length === 0) {
    console.log('synth: no examples found under examples/*/main.ts');
    return 0;
  }

  const failed: string[] = [];
  for (const name of selected) {
    try {
      for (const line of synthExample(name, opts.out)) console.log(line);
    } catch (e) {
      failed.push(name);
      console.error(`${name}: FAILED: ${errorText(e, opts.verbose)}`);
    }
  }
  if (failed.length > 0) {
    console.error(`synth: ${failed.length} of ${selected.length} example(s) failed: ${failed.join(', ')}`
      + (opts.verbose ? '' : ' (--verbose for stack traces)'));
    return 1;
  }
  return 0;
}

process.exitCode = main();
