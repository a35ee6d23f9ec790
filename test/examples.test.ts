import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { SparkApp, SparkWarnings } from '../src';

const examplesDir = path.join(__dirname, '..', 'examples');
const names = fs.readdirSync(examplesDir).filter(n => fs.existsSync(path.join(examplesDir, n, 'main.ts'))).sort();

describe('examples', () => {
  test.each(names)('%s synthesizes', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(examplesDir, name, 'main.ts'));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    const app: App = mod.build(outdir);
    app.synth(); // runs every construct's validation, as `cdk8s synth` does
    expect(fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).length).toBeGreaterThan(0);
  });

  test('the README quick start figure is what the model computes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app: App = require(path.join(examplesDir, 'quick-start', 'main.ts')).build(fs.mkdtempSync(path.join(os.tmpdir(), 'qs-')));
    const etl = app.node.findAll().find((c): c is SparkApp => c instanceof SparkApp)!;
    expect(etl.resources().executor.memoryRequestMebibytes).toBe(4505);
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain('etl.resources().executor.memoryRequestMebibytes); // 4505');
  });

  test('the quick start synthesizes without a warning', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app: App = require(path.join(examplesDir, 'quick-start', 'main.ts')).build(fs.mkdtempSync(path.join(os.tmpdir(), 'qs-')));
    app.synth();
    expect(SparkWarnings.of(app)).toEqual([]);
  });
});
