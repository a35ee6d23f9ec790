/**
 * Check the Helm charts that `cdk8s synth --format helm` wrote for the examples, and render them.
 *
 *   ts-node --transpile-only -P test/tsconfig.json scripts/check-helm-charts.ts <charts-dir> <plain-dir> <rendered-dir>
 *
 * <charts-dir>/<example>/ is one chart (Chart.yaml, templates/*.yaml); <plain-dir>/<example>/ holds
 * the same example's plain manifests (`npm run synth`). For every chart:
 *
 *   - Chart.yaml: apiVersion v2, a chart name Helm accepts (lower-case letters, digits and "-"),
 *     equal to the example's name, a SemVer version, type application;
 *   - templates/: only manifests (*.yaml; Helm renders every other file there as one too). Helm
 *     renders them as Go templates: the only actions allowed are the literal
 *     braces {{`{{`}} and {{`}}`}} (examples/helm.ts writes them); any other `{{` would be
 *     evaluated by Helm, e.g. an alert annotation `{{ $labels.pod }}` fails with "undefined
 *     variable", so it is an error naming the file, line and text;
 *   - rendering: each template with its literal braces printed, as Helm prints them, is written to
 *     <rendered-dir>/<example>/ (for the manifest validator) and must hold exactly the objects of
 *     the plain output (same files, documents and values).
 *
 * Prints one line per chart. Exit 1 when a check fails, 2 on a usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
// `yaml` is a devDependency; scripts/ is not part of the published package.
// eslint-disable-next-line import/no-extraneous-dependencies
import { parse, parseAllDocuments } from 'yaml';
import { byCodePoint, yamlFiles } from './_files';

/** A literal `{{` or `}}` as a Go template action, or a bare `{{` (the start of an action). */
const TOKENS = /\{\{`\{\{`\}\}|\{\{`\}\}`\}\}|\{\{/g;
const CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Renders a template as Helm would if its only actions are literal braces; returns the problems otherwise. */
export function renderLiteralBraces(text: string, file: string): { text: string; escaped: number; problems: string[] } {
  const problems: string[] = [];
  let escaped = 0;
  const out = text.replace(TOKENS, (m, offset: number) => {
    if (m === '{{`{{`}}') { escaped++; return '{{'; }
    if (m === '{{`}}`}}') { escaped++; return '}}'; }
    const line = text.slice(0, offset).split('\n').length;
    const lineText = text.split('\n')[line - 1].trim();
    problems.push(`${file}:${line}: "{{" would be evaluated by Helm: ${lineText.length > 120 ? lineText.slice(0, 117) + '...' : lineText}`);
    return m;
  });
  return { text: out, escaped, problems };
}

function documents(text: string, file: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map(doc => {
    if (doc.errors.length > 0) throw new Error(`${file}: invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter(d => d !== null && d !== undefined);
}

function checkChart(name: string, chartDir: string, plainDir: string, renderedDir: string): { problems: string[]; summary: string } {
  const problems: string[] = [];
  const chartFile = path.join(chartDir, 'Chart.yaml');
  if (!fs.existsSync(chartFile)) return { problems: [`${name}: no Chart.yaml`], summary: '' };
  const chart = parse(fs.readFileSync(chartFile, 'utf8'));
  if (chart.apiVersion !== 'v2') problems.push(`${name}: Chart.yaml apiVersion is ${JSON.stringify(chart.apiVersion)}, not v2`);
  if (typeof chart.name !== 'string' || !CHART_NAME.test(chart.name)) problems.push(`${name}: Chart.yaml name ${JSON.stringify(chart.name)} is not a valid chart name`);
  else if (chart.name !== name) problems.push(`${name}: Chart.yaml name is ${chart.name}, not the example's name`);
  if (typeof chart.version !== 'string' || !SEMVER.test(chart.version)) problems.push(`${name}: Chart.yaml version ${JSON.stringify(chart.version)} is not SemVer`);
  if (chart.type !== 'application') problems.push(`${name}: Chart.yaml type is ${JSON.stringify(chart.type)}, not application`);

  const templatesDir = path.join(chartDir, 'templates');
  const templates = fs.existsSync(templatesDir) ? yamlFiles(templatesDir) : [];
  // Helm renders every other file in templates/ too (all but NOTES.txt and partials named _*), as manifests
  for (const f of fs.existsSync(templatesDir) ? fs.readdirSync(templatesDir) : []) {
    if (!/\.ya?ml$/i.test(f) && f !== 'NOTES.txt' && !f.startsWith('_')) {
      problems.push(`${name}/templates/${f}: Helm would render it as a manifest; write it into the chart folder (helmChartDir in examples/helm.ts)`);
    }
  }
  if (templates.length === 0) problems.push(`${name}: no templates`);
  const plainFiles = fs.existsSync(plainDir) ? fs.readdirSync(plainDir).filter(f => f.endsWith('.k8s.yaml')).sort(byCodePoint) : [];
  const templateNames = templates.map(t => path.relative(templatesDir, t)).sort(byCodePoint);
  if (!isDeepStrictEqual(templateNames, plainFiles)) {
    problems.push(`${name}: templates ${JSON.stringify(templateNames)} are not the plain output's manifests ${JSON.stringify(plainFiles)}`);
  }

  fs.rmSync(renderedDir, { recursive: true, force: true });
  fs.mkdirSync(renderedDir, { recursive: true });
  let escaped = 0;
  let objects = 0;
  for (const t of templates) {
    const rel = path.relative(templatesDir, t);
    const r = renderLiteralBraces(fs.readFileSync(t, 'utf8'), `${name}/templates/${rel}`);
    problems.push(...r.problems);
    escaped += r.escaped;
    fs.writeFileSync(path.join(renderedDir, rel), r.text);
    const plainFile = path.join(plainDir, rel);
    if (!fs.existsSync(plainFile)) continue;
    const rendered = documents(r.text, `${name}/templates/${rel} (rendered)`);
    const plain = documents(fs.readFileSync(plainFile, 'utf8'), plainFile);
    objects += rendered.length;
    if (!isDeepStrictEqual(rendered, plain)) {
      const i = rendered.findIndex((d, k) => !isDeepStrictEqual(d, plain[k]));
      problems.push(`${name}/templates/${rel}: rendered, it differs from the plain output (${rendered.length} vs ${plain.length} objects; first difference in object ${i + 1})`);
    }
  }
  return { problems, summary: `${name}: chart ${chart.version}, ${templates.length} template(s), ${objects} objects, ${escaped} literal braces; rendered = plain output` };
}

function main(argv: string[]): number {
  if (argv.length !== 3) {
    console.error('usage: check-helm-charts.ts <charts-dir> <plain-dir> <rendered-dir>');
    return 2;
  }
  const [chartsDir, plainRoot, renderedRoot] = argv;
  const names = fs.readdirSync(chartsDir, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort(byCodePoint);
  if (names.length === 0) {
    console.error(`no charts in ${chartsDir}`);
    return 1;
  }
  const problems: string[] = [];
  for (const name of names) {
    const r = checkChart(name, path.join(chartsDir, name), path.join(plainRoot, name), path.join(renderedRoot, name));
    if (r.problems.length === 0) console.log(r.summary);
    problems.push(...r.problems);
  }
  for (const p of problems) console.error(`ERROR ${p}`);
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in the Helm charts; an app that may be synthesized for Helm passes resolvers: helmResolvers() (examples/helm.ts) to its App`);
    return 1;
  }
  console.log(`${names.length} Helm charts checked`);
  return 0;
}

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
