import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, JsonPatch, Lazy, Yaml, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as fc from 'fast-check';
// the benchmark's workload: one tenant, app and monitoring per copy
import { addLibraryWorkload } from '../bench/workload';
import { documentWriter } from '../src/core/yaml-writer';
import { AppSynthesizer } from 'cdk8s-spark';

const MODES: Array<[string, YamlOutputType]> = [
  ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
  ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
];

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-synthesize-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every file below dir: relative path -> content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A chart class that post-processes its manifests: app.synth() renders it through toJson(). */
class LabelledChart extends Chart {
  public toJson(): any[] {
    return super.toJson().map(m => ({ ...m, metadata: { ...m.metadata, annotations: { 'example.com/rendered-by': 'LabelledChart' } } }));
  }
}

/** Library workloads in two charts, raw objects with a lazy value, a patch and an explicit order. */
function simpleApp(props: AppProps): App {
  const app = new App(props);
  const spark = new Chart(app, 'spark');
  for (let i = 0; i < 3; i++) addLibraryWorkload(spark, i);
  const extra = new Chart(app, 'extra', { labels: { team: 'data' } });
  const a = new ApiObject(extra, 'A', { apiVersion: 'v1', kind: 'ConfigMap', data: { text: Lazy.any({ produce: () => 'lazy\nmulti-line' }) } });
  const b = new ApiObject(extra, 'B', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, stringData: { x: 'y' } });
  a.addDependency(b);
  b.addJsonPatch(JsonPatch.add('/metadata/annotations', { patched: 'yes' }));
  new ApiObject(new LabelledChart(app, 'labelled'), 'C', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  return app;
}

/** Charts that depend on charts (nested, explicit, through constructs): cdk8s numbers the files. */
function dependantChartsApp(props: AppProps): App {
  const app = new App(props);
  const base = new Chart(app, 'base');
  addLibraryWorkload(base, 0);
  const top = new Chart(app, 'top');
  addLibraryWorkload(top, 1);
  top.addDependency(base);
  const nested = new Chart(top, 'nested');
  const n = new ApiObject(nested, 'N', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nested' } });
  const other = new Chart(app, 'other');
  const o = new ApiObject(other, 'O', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } });
  o.addDependency(n);
  new Chart(app, 'empty');
  return app;
}

describe('AppSynthesizer.synthesize writes the same files as app.synth()', () => {
  describe.each(MODES)('%s', (_name, yamlOutputType) => {
    test.each([
      ['library charts, a chart with its own toJson', simpleApp],
      ['charts that depend on charts', dependantChartsApp],
    ])('%s', (_what, build) => {
      const expected = path.join(tmp, 'synth');
      const actual = path.join(tmp, 'synthesizer');
      build({ outdir: expected, yamlOutputType }).synth();
      const app = build({ outdir: actual, yamlOutputType });
      const objects = app.node.findAll().filter(c => c instanceof ApiObject).length;
      const result = AppSynthesizer.synthesize(app);

      const want = tree(expected);
      expect(Object.keys(want).length).toBeGreaterThan(0);
      expect(tree(actual)).toEqual(want);
      expect(result.files.map(f => path.relative(actual, f)).sort()).toEqual(Object.keys(want).sort());
      // every object is written once (FILE_PER_RESOURCE: files of one kind and name overwrite each other, as in app.synth())
      expect(result.documents).toBe(objects);
    });
  });

  test('the cases above: numbered chart files, a chart rendered through its own toJson()', () => {
    AppSynthesizer.synthesize(dependantChartsApp({ outdir: path.join(tmp, 'dependant') }));
    expect(tree(path.join(tmp, 'dependant'))).toEqual(expect.objectContaining({ '0004-empty.k8s.yaml': '' }));
    expect(Object.keys(tree(path.join(tmp, 'dependant')))).toEqual([
      '0000-base.k8s.yaml', '0001-top-nested-c8eede48.k8s.yaml', '0002-top.k8s.yaml', '0003-other.k8s.yaml', '0004-empty.k8s.yaml',
    ]);
    AppSynthesizer.synthesize(simpleApp({ outdir: path.join(tmp, 'simple') }));
    expect(tree(path.join(tmp, 'simple'))['labelled.k8s.yaml']).toContain('example.com/rendered-by: LabelledChart');
  });

  test('the same App synthesized both ways', () => {
    const app = simpleApp({ outdir: path.join(tmp, 'synth') });
    app.synth();
    AppSynthesizer.synthesize(app, { outdir: path.join(tmp, 'synthesizer') });
    expect(tree(path.join(tmp, 'synthesizer'))).toEqual(tree(path.join(tmp, 'synth')));
  });

  test('construct metadata when the App records it', () => {
    simpleApp({ outdir: path.join(tmp, 'synth'), recordConstructMetadata: true }).synth();
    AppSynthesizer.synthesize(simpleApp({ outdir: path.join(tmp, 'synthesizer'), recordConstructMetadata: true }));
    const want = tree(path.join(tmp, 'synth'));
    expect(want['construct-metadata.json']).toBeDefined();
    expect(tree(path.join(tmp, 'synthesizer'))).toEqual(want);
  });

  test('an App without charts', () => {
    new App({ outdir: path.join(tmp, 'synth'), yamlOutputType: YamlOutputType.FILE_PER_APP }).synth();
    const result = AppSynthesizer.synthesize(new App({ outdir: path.join(tmp, 'synthesizer'), yamlOutputType: YamlOutputType.FILE_PER_APP }));
    expect(tree(path.join(tmp, 'synthesizer'))).toEqual(tree(path.join(tmp, 'synth')));
    expect(result).toEqual({ files: [], documents: 0 });
  });
});

/**
 * A random App: charts (some nested, some with ids that are array indices, which cdk8s orders
 * first), objects directly in charts or below plain constructs, and dependencies from later to
 * earlier constructs of any kind (which cdk8s turns into chart and object dependencies, cycles
 * included).
 */
const RANDOM_APP = fc.record({
  charts: fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'web', '0', '1', '7', '10', '2a'), parent: fc.nat() }), { minLength: 1, maxLength: 5 }),
  objects: fc.array(fc.record({ chart: fc.nat(), wrapped: fc.boolean() }), { maxLength: 10 }),
  dependencies: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
});

function randomApp(spec: typeof RANDOM_APP extends fc.Arbitrary<infer T> ? T : never, props: AppProps): App {
  const app = new App(props);
  const charts: Chart[] = [];
  const all: IConstruct[] = [];
  for (const c of spec.charts) {
    // nested in an earlier chart (parent < own index) or in the App
    const k = charts.length;
    const scope: Construct = c.parent % 3 === 0 && k > 0 ? charts[c.parent % k] : app;
    if (scope.node.tryFindChild(c.id)) continue;
    const chart = new Chart(scope, c.id);
    charts.push(chart);
    all.push(chart);
  }
  spec.objects.forEach((o, i) => {
    let scope: Construct = charts[o.chart % charts.length];
    if (o.wrapped) {
      scope = new Construct(scope, `group${i}`);
      all.push(scope);
    }
    all.push(new ApiObject(scope, `obj${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `obj-${i}` } }));
  });
  for (const [a, b] of spec.dependencies) {
    const source = all[a % all.length];
    const target = all[b % all.length];
    if (all.indexOf(source) > all.indexOf(target)) source.node.addDependency(target);
  }
  return app;
}

/** The files app.synth() or AppSynthesizer writes, or the error it throws. */
function outcome(synthesize: () => void, dir: string): Record<string, string> | string {
  try {
    synthesize();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
  return fs.existsSync(dir) ? tree(dir) : {};
}

describe('AppSynthesizer.synthesize orders charts and objects as app.synth()', () => {
  test.each([
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
  ])('random charts and dependencies, %s', (_name, yamlOutputType) => {
    let n = 0;
    let errors = 0;
    fc.assert(fc.property(RANDOM_APP, spec => {
      const dir = path.join(tmp, `case-${n++}`);
      const want = outcome(() => randomApp(spec, { outdir: path.join(dir, 'synth'), yamlOutputType }).synth(), path.join(dir, 'synth'));
      const got = outcome(() => AppSynthesizer.synthesize(randomApp(spec, { outdir: path.join(dir, 'synthesizer'), yamlOutputType })), path.join(dir, 'synthesizer'));
      if (typeof want === 'string') errors++;
      expect(got).toEqual(want);
    }), { numRuns: 150, seed: 18 });
    // both kinds of outcome were compared
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(n);
  });

  test('an object added while an earlier chart renders is written, as app.synth() writes it', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_APP });
      const first = new Chart(app, 'first');
      const second = new Chart(app, 'second');
      const existing = new ApiObject(second, 'Existing', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'existing' } });
      new ApiObject(first, 'Adder', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'adder' },
        data: {
          added: Lazy.any({
            produce: () => {
              const late = new ApiObject(second, 'Late', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
              existing.addDependency(late);
              return 'yes';
            },
          }),
        },
      });
      return app;
    };
    const want = outcome(() => build(path.join(tmp, 'synth')).synth(), path.join(tmp, 'synth'));
    expect(JSON.stringify(want)).toContain('name: late\\n---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: existing');
    expect(outcome(() => AppSynthesizer.synthesize(build(path.join(tmp, 'synthesizer'))), path.join(tmp, 'synthesizer'))).toEqual(want);
  });

  test('a dependency cycle is the same error as in app.synth()', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir });
      const chart = new Chart(app, 'c');
      const a = new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap' });
      const b = new ApiObject(chart, 'B', { apiVersion: 'v1', kind: 'ConfigMap' });
      a.addDependency(b);
      b.addDependency(a);
      return app;
    };
    const error = outcome(() => build(path.join(tmp, 'synth')).synth(), path.join(tmp, 'synth'));
    expect(error).toBe('error: Dependency cycle detected: c/A => c/B => c/A');
    expect(outcome(() => AppSynthesizer.synthesize(build(path.join(tmp, 'synthesizer'))), path.join(tmp, 'synthesizer'))).toBe(error);
  });
});

describe('AppSynthesizer.synthesize', () => {
  test('validates the App once (app.synth() validates again for every chart)', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir });
      let validations = 0;
      for (const id of ['a', 'b', 'c']) {
        new ApiObject(new Chart(app, id), 'Obj', { apiVersion: 'v1', kind: 'ConfigMap' });
      }
      new Construct(app.node.findChild('a'), 'Checked').node.addValidation({ validate: () => { validations++; return []; } });
      return { app, validations: () => validations };
    };
    const viaSynth = build(path.join(tmp, 'synth'));
    viaSynth.app.synth();
    expect(viaSynth.validations()).toBe(4); // once, then once per chart.toJson()
    const viaSynthesizer = build(path.join(tmp, 'synthesizer'));
    AppSynthesizer.synthesize(viaSynthesizer.app);
    expect(viaSynthesizer.validations()).toBe(1);
  });

  test('fails validation with the same error as app.synth(), before writing anything', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir });
      new ApiObject(new Chart(app, 'c'), 'Obj', { apiVersion: 'v1', kind: 'ConfigMap' });
      app.node.addValidation({ validate: () => ['first problem', 'second problem'] });
      return app;
    };
    const error = (() => { try { build(path.join(tmp, 'synth')).synth(); } catch (e) { return (e as Error).message; } return 'no error'; })();
    expect(error).toMatch(/^Validation failed with the following errors:\n {2}\[\] first problem\n {2}\[\] second problem$/);
    expect(() => AppSynthesizer.synthesize(build(path.join(tmp, 'synthesizer')))).toThrow(error);
    expect(tree(path.join(tmp, 'synthesizer'))).toEqual({});
  });

  test('writes to options.outdir instead of the App outdir', () => {
    const app = simpleApp({ outdir: path.join(tmp, 'unused') });
    const result = AppSynthesizer.synthesize(app, { outdir: path.join(tmp, 'elsewhere', 'deep') });
    expect(fs.existsSync(path.join(tmp, 'unused'))).toBe(false);
    expect(result.files.map(f => path.relative(tmp, f))).toEqual([
      path.join('elsewhere', 'deep', 'spark.k8s.yaml'),
      path.join('elsewhere', 'deep', 'extra.k8s.yaml'),
      path.join('elsewhere', 'deep', 'labelled.k8s.yaml'),
    ]);
  });

  test('a manifest that fails to render leaves the earlier file in place and no partial file', () => {
    const outdir = path.join(tmp, 'out');
    const app = new App({ outdir });
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'Good', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'good' } });
    new ApiObject(chart, 'Bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad' }, data: { x: Lazy.any({ produce: () => { throw new Error('no value'); } }) } });
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'c.k8s.yaml'), 'previous\n');
    expect(() => AppSynthesizer.synthesize(app)).toThrow(/no value/);
    expect(tree(outdir)).toEqual({ 'c.k8s.yaml': 'previous\n' });
  });

  test('an output type it does not know is an error, not an empty directory', () => {
    const app = new App({ outdir: path.join(tmp, 'out'), yamlOutputType: 42 as YamlOutputType });
    expect(() => AppSynthesizer.synthesize(app)).toThrow(
      'AppSynthesizer: yamlOutputType 42 is not supported; use one of YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_CHART, '
      + 'YamlOutputType.FILE_PER_RESOURCE, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, or app.synth()');
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  // cdk8s' Yaml.save passes every document of a file as an argument of one call: app.synth()
  // overflows the stack at about 100,000 objects in one chart (RangeError at 130,000 on node 20).
  // Shown at a tenth of node's stack, where the limit is about 12,000 objects: fast, and a
  // synthesizer whose stack grew with the number of objects would fail the same way.
  test('writes a chart that overflows the stack in app.synth()', () => {
    const script = `
      const { ApiObject, App, Chart } = require('cdk8s');
      const { AppSynthesizer } = require('./src/core/synthesize.ts');
      const build = outdir => {
        const app = new App({ outdir });
        const chart = new Chart(app, 'big');
        for (let i = 0; i < 30000; i++) new ApiObject(chart, 'c' + i, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' + i } });
        return app;
      };
      let synth = 'ok';
      try { build(process.argv[1] + '/synth').synth(); } catch (e) { synth = e.constructor.name + ': ' + e.message; }
      const result = AppSynthesizer.synthesize(build(process.argv[1] + '/synthesizer'));
      console.log(JSON.stringify({ synth, documents: result.documents }));
    `;
    const child = spawnSync(process.execPath, ['--stack-size=120', '-r', 'ts-node/register', '-e', script, tmp], {
      cwd: path.join(__dirname, '..'),
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ synth: 'RangeError: Maximum call stack size exceeded', documents: 30000 });
    const text = fs.readFileSync(path.join(tmp, 'synthesizer', 'big.k8s.yaml'), 'utf8');
    expect(text.match(/^---$/gm)?.length).toBe(29999);
    expect(text.startsWith('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c0\n---\n')).toBe(true);
    expect(text.endsWith('  name: c29999\n')).toBe(true);
  }, 60_000);
});

describe("AppSynthesizer's YAML writer", () => {
  const writer = documentWriter();

  test("calls cdk8s' own yaml package directly (the probe matched)", () => {
    expect(writer.direct).toBe(true);
  });

  test('writes any JSON document as Yaml.stringify does', () => {
    // keys and strings that YAML 1.1 reads as other types, multi-line and long strings, unicode
    const text = fc.oneof(fc.string(), fc.constantFrom('on', 'No', '0775', '1e3', '~', 'null', '- x', 'a: b', '#c', '', ' lead', 'trail ', 'two\nlines\n', 'x '.repeat(50), '2001-12-14', '!tag', '&a', '*a', '%x', '---'));
    const doc = fc.letrec(tie => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
    })).map;
    fc.assert(fc.property(doc, d => {
      expect(writer.stringify(d)).toBe(Yaml.stringify(d));
    }), { numRuns: 400, seed: 18 });
  });
});
