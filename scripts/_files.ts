import * as fs from 'fs';
import * as path from 'path';

/** Sort by UTF-16 code units (locale-independent, deterministic). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every *.yaml / *.yml file under dir (recursive), sorted. */
export function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  return files.sort(byCodePoint);
}
