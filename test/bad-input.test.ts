import * as fs from 'fs';
import * as path from 'path';
import { BadInputCase, runCase } from './bad-input/harness';

// The bad-input catalog: every `test/bad-input/*.cases.ts` exports `CASES`, one wrong input each,
// asserting the library's exact message. The per-construct counts are printed for the issue note
// with CATALOG_COUNTS=1.

const dir = path.join(__dirname, 'bad-input');
const files = fs.readdirSync(dir).filter(f => f.endsWith('.cases.ts')).sort();
const all: Array<[string, BadInputCase]> = [];
for (const f of files) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cases: BadInputCase[] = require(path.join(dir, f)).CASES;
  for (const c of cases) all.push([`${f.replace('.cases.ts', '')}: ${c.construct}: ${c.name}`, c]);
}

describe('bad-input catalog', () => {
  test('has at least 200 cases and unique names', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    const names = all.map(([n]) => n);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    if (process.env.CATALOG_COUNTS) {
      const counts = new Map<string, number>();
      for (const [, c] of all) counts.set(c.construct, (counts.get(c.construct) ?? 0) + 1);
      // eslint-disable-next-line no-console
      console.log([...counts].sort().map(([k, v]) => `${k}: ${v}`).join('\n') + `\ntotal: ${all.length}`);
    }
  });

  test.each(all)('%s', (_name, c) => {
    expect(c.error !== undefined || c.warning !== undefined).toBe(true);
    expect(runCase(c)).toBeUndefined();
  });
});
