/**
 * Compares the spark-operator chart keys the library embeds (src/platform/operator-chart-keys.ts)
 * with the chart's own values.yaml, which lives in ../shared (CI has it; a user's clone does not,
 * so this is a CI step, not a unit test).
 *
 *   ts-node --transpile-only -P test/tsconfig.json scripts/check-operator-chart-keys.ts <values.yaml>
 *
 * Exit 0 when the embedded keys are exactly the chart's keys with the same kinds (value, list,
 * map) and the chart's defaults pass the library's key check; 1 otherwise; 2 on a usage error.
 */
import * as fs from 'fs';
// `yaml` is a devDependency; scripts/ is not part of the published package.
// eslint-disable-next-line import/no-extraneous-dependencies
import { parse } from 'yaml';
import { CHART_KEYS, chartKeyProblems } from '../src/platform/operator-chart-keys';

function keysOf(values: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  const walk = (prefix: string, v: any) => {
    for (const [k, x] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length > 0) walk(p, x);
      else keys.set(p, Array.isArray(x) ? 'list' : x !== null && typeof x === 'object' ? 'map' : 'value');
    }
  };
  walk('', values);
  return keys;
}

function main(argv: string[]): number {
  if (argv.length !== 1 || !fs.existsSync(argv[0])) {
    console.error('usage: check-operator-chart-keys <chart values.yaml>');
    return 2;
  }
  const values = parse(fs.readFileSync(argv[0], 'utf8'));
  const chart = keysOf(values);
  const embedded = new Map<string, string>(CHART_KEYS);
  const problems: string[] = [];
  for (const [k, kind] of chart) {
    if (!embedded.has(k)) problems.push(`missing in the library: ${k} (${kind})`);
    else if (embedded.get(k) !== kind) problems.push(`${k}: the chart has a ${kind}, the library says ${embedded.get(k)}`);
  }
  for (const k of embedded.keys()) if (!chart.has(k)) problems.push(`not in the chart: ${k}`);
  problems.push(...chartKeyProblems(values).map(p => `the chart's defaults fail the check: ${p.path} ${p.problem}`));
  for (const p of problems) console.error(`check-operator-chart-keys: ${p}`);
  console.log(`check-operator-chart-keys: ${chart.size} chart keys, ${embedded.size} embedded, ${problems.length} problem(s)`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
