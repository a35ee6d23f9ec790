import * as fs from 'fs';
import * as path from 'path';

// The source tree's layers, lowest first: a file may import from its own layer or a lower one.
const LAYERS = ['core', 'backends', 'platform', 'features', 'monitoring', 'workloads'];
const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    out.push(path.resolve(path.dirname(file), m[1]) + '.ts');
  }
  return out;
}

const files = sourceFiles(SRC).filter(f => path.basename(f) !== 'index.ts' || path.dirname(f) !== SRC);

describe('source layout', () => {
  test('every source file is in a layer folder', () => {
    const outside = files.filter(f => !LAYERS.includes(layerOf(f))).map(f => path.relative(SRC, f));
    expect(outside).toEqual([]);
  });

  test('imports only go down the layers', () => {
    const upward: string[] = [];
    for (const f of files) {
      for (const imp of importsOf(f)) {
        if (LAYERS.indexOf(layerOf(imp)) > LAYERS.indexOf(layerOf(f))) {
          upward.push(`${path.relative(SRC, f)} imports ${path.relative(SRC, imp)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  test('no import cycles between files', () => {
    const graph = new Map(files.map(f => [f, importsOf(f).filter(i => fs.existsSync(i))]));
    const cycles: string[] = [];
    const state = new Map<string, 'active' | 'done'>();
    const visit = (f: string, stack: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'active') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map(x => path.relative(SRC, x)).join(' -> '));
        return;
      }
      state.set(f, 'active');
      for (const next of graph.get(f) ?? []) visit(next, [...stack, f]);
      state.set(f, 'done');
    };
    files.forEach(f => visit(f, []));
    expect(cycles).toEqual([]);
  });

  test('no source file over 600 lines without a reason at its top', () => {
    const long = files
      .filter(f => !f.endsWith('spark-keys.ts')) // generated data
      .filter(f => fs.readFileSync(f, 'utf8').split('\n').length > 600)
      .filter(f => !/Over 600 lines:/.test(fs.readFileSync(f, 'utf8').split('\n').slice(0, 5).join('\n')))
      .map(f => path.relative(SRC, f));
    expect(long).toEqual([]);
  });

  test('no module-level registries keyed by construct roots', () => {
    const offenders = files.filter(f => /new WeakMap<IConstruct/.test(fs.readFileSync(f, 'utf8'))).map(f => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
