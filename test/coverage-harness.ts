// Shared by the example-coverage tests (issue 17): a setting of a public example, the typed prop
// that expresses it (or why none does), and the check that the rendered object carries it.

export interface Typed {
  /** The typed prop (or method) that expresses the setting; `(default)` when the library writes it unasked. */
  readonly prop: string;
  readonly at?: string;
  readonly as?: unknown;
  readonly contains?: boolean;
  readonly note?: string;
}
export interface NotTyped {
  readonly no: string;
}
export type Setting = [example: string, path: string, value: unknown, how: Typed | NotTyped];

/** `a.b."c.d"[2][name=x]`: keys, quoted keys, list indexes and list entries by name. */
export function read(obj: any, path: string): unknown {
  const tokens = path.match(/"[^"]*"|\[name=[^\]]+\]|\[\d+\]|[^.[\]"]+/g) ?? [];
  let v = obj;
  for (const t of tokens) {
    if (v === undefined || v === null) return undefined;
    if (t.startsWith('[name=')) v = (v as any[]).find(x => x.name === t.slice(6, -1));
    else if (t.startsWith('[')) v = v[Number(t.slice(1, -1))];
    else v = v[t.startsWith('"') ? t.slice(1, -1) : t];
  }
  return v;
}

export function isTyped(how: Typed | NotTyped): how is Typed {
  return 'prop' in how;
}

export function share(rows: Setting[]): { typed: number; total: number; percent: number } {
  const typed = rows.filter(r => isTyped(r[3])).length;
  return { typed, total: rows.length, percent: Math.round((1000 * typed) / rows.length) / 10 };
}

/**
 * The typed settings of `rows` the rendered object does not carry: each is read at its path, or at
 * `at` (`resources:<role>.<field>` reads the resource model), and compared with the value, or `as`
 * (`as: null`: absent), or checked to contain it (`contains`).
 */
export function missingSettings(rows: Setting[], obj: unknown, resources: unknown): string[] {
  const wrong: string[] = [];
  for (const [, path, value, how] of rows) {
    if (!isTyped(how)) continue;
    const at = how.at ?? path;
    const got = at.startsWith('resources:') ? read(resources, at.slice('resources:'.length)) : read(obj, at);
    const want = 'as' in how ? (how.as === null ? undefined : how.as) : value;
    const ok = how.contains ? typeof got === 'string' && got.includes(String(want)) : JSON.stringify(got) === JSON.stringify(want);
    if (!ok) wrong.push(`${path} = ${JSON.stringify(value)} (${how.prop}): ${at} is ${JSON.stringify(got)}, expected ${how.contains ? 'to contain ' : ''}${JSON.stringify(want)}`);
  }
  return wrong;
}
