/**
 * Derives src/core/spark-keys.ts from the shared Spark configuration key list.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json scripts/gen-spark-keys.ts [path/to/config-keys.json]
 *
 * Only key names, versions of the 4.x additions, matching patterns, open prefixes
 * and deprecations are kept: the doc text stays in ../shared. The output is sorted
 * and contains no timestamp, so regenerating from the same input is a no-op.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const INPUT = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'spark', 'config-keys.json'));
const OUTPUT = path.join(ROOT, 'src', 'core', 'spark-keys.ts');
const MAX_LINE = 110;

interface KeyEntry {
  readonly since?: string;
  readonly alternatives?: readonly string[];
}

interface PatternEntry {
  readonly pattern: string;
  readonly prefix: string;
}

interface DeprecatedEntry {
  readonly replacedBy?: string;
  readonly message?: string;
}

interface ConfigKeysFile {
  readonly _source: { readonly spark_version: string };
  readonly _patterns: readonly PatternEntry[];
  readonly _pluginNamespaces: Readonly<Record<string, string>>;
  readonly _deprecated: Readonly<Record<string, DeprecatedEntry>>;
  readonly _spark4: Readonly<Record<string, KeyEntry>>;
  readonly _removedBy4_1: readonly string[];
  readonly [key: string]: unknown;
}

type Groups = Map<string, string[]>;

const KEY_NAME = /^spark\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const VERSION = /^\d+\.\d+\.\d+$/;

function fail(message: string): never {
  throw new Error(`gen-spark-keys: ${message}`);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// ---------------------------------------------------------------------------
// Key names

/** Groups keys by their first three dot-segments (fewer for short keys) to keep the module small. */
function groupKeys(keys: Iterable<string>): Groups {
  const groups: Groups = new Map();
  for (const key of [...keys].sort(byCodePoint)) {
    const segments = key.split('.');
    const n = Math.min(3, segments.length - 1);
    const head = segments.slice(0, n).join('.');
    const tail = segments.slice(n).join('.');
    const list = groups.get(head) ?? [];
    list.push(tail);
    groups.set(head, list);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => byCodePoint(a, b)));
}

/** Renders quoted items, several per line, wrapped before MAX_LINE. */
function wrapItems(items: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const piece = `${quote(item)},`;
    if (line && indent.length + line.length + 1 + piece.length > MAX_LINE) {
      lines.push(indent + line);
      line = piece;
    } else {
      line = line ? `${line} ${piece}` : piece;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function renderGroups(groups: Groups, indent: string): string[] {
  const lines: string[] = [];
  for (const [head, tails] of groups) {
    const oneLine = `${indent}[${quote(head)}, [${tails.map(quote).join(', ')}]],`;
    if (oneLine.length <= MAX_LINE) {
      lines.push(oneLine);
    } else {
      lines.push(`${indent}[${quote(head)}, [`);
      lines.push(...wrapItems(tails, `${indent}  `));
      lines.push(`${indent}]],`);
    }
  }
  return lines;
}

/** Normalises the `since` of a 4.x addition; '4.x' when the snapshot does not tell the exact release. */
function spark4Since(entry: KeyEntry): string {
  const since = entry.since?.trim() ?? '';
  return VERSION.test(since) ? since : '4.x';
}

// ---------------------------------------------------------------------------
// Patterns

/** Splits at top-level occurrences of `sep`, ignoring separators inside [], {}, <>. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{' || c === '<') {
      depth++;
    } else if (c === ']' || c === '}' || c === '>') {
      depth--;
    } else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) fail(`unbalanced brackets in pattern '${text}'`);
  parts.push(text.slice(start));
  return parts;
}

function closingIndex(text: string, open: number): number {
  const pairs: Record<string, string> = { '[': ']', '{': '}', '<': '>' };
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (pairs[c] !== undefined) {
      depth++;
    } else if (c === ']' || c === '}' || c === '>') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return fail(`unbalanced brackets in pattern '${text}'`);
}

function escapeLiteral(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) fail(`unexpected characters in pattern literal '${text}'`);
  return text;
}

/** A placeholder matches one segment, or anything (dots included) when it ends the key. */
function placeholder(atEnd: boolean): string {
  return atEnd ? '.+' : '[^.]+';
}

function convertSegment(segment: string, atEnd: boolean): string {
  const alternatives = splitTopLevel(segment, '|');
  if (alternatives.length > 1) {
    return `(?:${alternatives.map(a => convertSegment(a, atEnd)).join('|')})`;
  }
  let out = '';
  let i = 0;
  while (i < segment.length) {
    const c = segment[i];
    if (c === '[' || c === '{' || c === '<' || (c === '$' && segment[i + 1] === '{')) {
      const open = c === '$' ? i + 1 : i;
      const close = closingIndex(segment, open);
      const inner = segment.slice(open + 1, close);
      const last = atEnd && close === segment.length - 1;
      if (c === '[' && inner.startsWith('.')) {
        out += `(?:\\.${convertPath(inner.slice(1), last)})?`;
      } else if (c === '{' && /[|,]/.test(inner)) {
        out += `(?:${inner.split(/[|,]/).map(s => escapeLiteral(s.trim())).join('|')})`;
      } else {
        out += placeholder(last);
      }
      i = close + 1;
    } else if (c === '*') {
      out += placeholder(atEnd && i === segment.length - 1);
      i++;
    } else {
      let j = i;
      while (j < segment.length && !'[{<*$'.includes(segment[j])) j++;
      if (j === i) fail(`unexpected '${c}' in pattern segment '${segment}'`);
      out += escapeLiteral(segment.slice(i, j));
      i = j;
    }
  }
  return out;
}

function convertPath(text: string, atEnd: boolean): string {
  const segments = splitTopLevel(text, '.');
  return segments.map((s, i) => convertSegment(s, atEnd && i === segments.length - 1)).join('\\.');
}

/**
 * Expands `a.b.label.<k> / .annotation.<k>` (the alternative replaces as many trailing
 * segments as it has) and returns one anchored regular expression source per variant.
 */
function patternSources(pattern: string): string[] {
  const [first, ...others] = pattern.split(' / ').map(s => s.trim());
  const variants = [first];
  for (const other of others) {
    if (!other.startsWith('.')) fail(`cannot expand pattern '${pattern}'`);
    const replaced = splitTopLevel(other.slice(1), '.').length;
    const segments = splitTopLevel(first, '.');
    variants.push(segments.slice(0, segments.length - replaced).join('.') + other);
  }
  return variants.map(v => `^${convertPath(v, true)}$`);
}

/** A pattern whose variable part starts right after its prefix makes the whole prefix open. */
function openPrefix(entry: PatternEntry): string | undefined {
  const { pattern, prefix } = entry;
  if (!pattern.startsWith(prefix) || !prefix.endsWith('.') || prefix.split('.').length < 3) return undefined;
  const rest = pattern.slice(prefix.length);
  if (rest.startsWith('<') || rest.startsWith('${') || rest.startsWith('*')) return prefix;
  if (rest.startsWith('[') && !rest.startsWith('[.')) return prefix;
  if (rest.startsWith('{') && !/^\{[^}]*[|,]/.test(rest)) return prefix;
  return undefined;
}

/** Turns a pattern into a sample key, to check that the generated expression accepts it. */
function samplePattern(pattern: string): string {
  return pattern.split(' / ')[0]
    .replace(/\{([^}|,]*)[|,][^}]*\}/g, '$1')
    .replace(/\[\.[^\]]*\]/g, '')
    .replace(/\$\{[^}]*\}|\{[^}]*\}|\[[^\]]*\]|<[^>]*>|\*/g, 'x')
    .replace(/\|[A-Za-z]+/g, '');
}

// ---------------------------------------------------------------------------
// Deprecations

function resolveDeprecations(data: ConfigKeysFile, known: ReadonlySet<string>): Map<string, string | undefined> {
  const direct = new Map<string, string | undefined>();
  const alternativeOf = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('_')) continue;
    for (const alt of (value as KeyEntry).alternatives ?? []) alternativeOf.set(alt, key);
  }
  for (const [key, entry] of Object.entries(data._deprecated)) {
    let replacement = entry.replacedBy ?? alternativeOf.get(key);
    if (replacement === undefined && entry.message) {
      // "Please use spark.x.y instead" / "Not used anymore. Please use spark.x.y"
      const match = /\buse (spark\.[A-Za-z0-9_.-]*[A-Za-z0-9_-])/i.exec(entry.message);
      if (match && known.has(match[1])) replacement = match[1];
    }
    if (replacement !== undefined && !KEY_NAME.test(replacement)) fail(`bad replacement '${replacement}' for '${key}'`);
    direct.set(key, replacement);
  }
  // Follow chains such as spark.yarn.max.worker.failures -> spark.yarn.max.executor.failures -> spark.executor.maxNumFailures.
  const resolved = new Map<string, string | undefined>();
  for (const key of [...direct.keys()].sort(byCodePoint)) {
    let replacement = direct.get(key);
    const seen = new Set([key]);
    while (replacement !== undefined && direct.get(replacement) !== undefined && !seen.has(replacement)) {
      seen.add(replacement);
      replacement = direct.get(replacement);
    }
    resolved.set(key, replacement);
  }
  return resolved;
}

// ---------------------------------------------------------------------------

function main(): void {
  const data = JSON.parse(fs.readFileSync(INPUT, 'utf8')) as ConfigKeysFile;
  const version = data._source?.spark_version ?? fail('missing _source.spark_version');

  const baseKeys = Object.keys(data).filter(k => !k.startsWith('_'));
  for (const k of baseKeys) if (!KEY_NAME.test(k)) fail(`unexpected key name '${k}'`);
  const baseSet = new Set(baseKeys);

  // 4.x additions that are plain key names and not already in the base list.
  const spark4 = new Map<string, string>();
  for (const [key, entry] of Object.entries(data._spark4)) {
    if (KEY_NAME.test(key) && !baseSet.has(key)) spark4.set(key, spark4Since(entry));
  }
  const allKeys = new Set([...baseKeys, ...spark4.keys()]);

  const spark4BySince = new Map<string, string[]>();
  for (const [key, since] of spark4) spark4BySince.set(since, [...(spark4BySince.get(since) ?? []), key]);
  const sinceOrder = [...spark4BySince.keys()].sort((a, b) => byCodePoint(a, b));

  const patternSet = new Set<string>();
  const patternPrefixes = new Set<string>();
  for (const entry of data._patterns) {
    const sources = patternSources(entry.pattern);
    const sample = samplePattern(entry.pattern);
    if (!sources.some(s => new RegExp(s).test(sample))) fail(`pattern '${entry.pattern}' does not match sample '${sample}'`);
    for (const s of sources) patternSet.add(s);
    const prefix = openPrefix(entry);
    if (prefix) patternPrefixes.add(prefix);
  }
  const patterns = [...patternSet].sort(byCodePoint);

  const pluginPrefixes = Object.keys(data._pluginNamespaces).sort(byCodePoint);
  for (const p of [...pluginPrefixes, ...patternPrefixes]) if (!/^spark\.[A-Za-z0-9_.-]+\.$/.test(p)) fail(`bad prefix '${p}'`);

  const deprecated = resolveDeprecations(data, allKeys);
  const removed = [...data._removedBy4_1].sort(byCodePoint);

  const groupType = 'ReadonlyArray<readonly [string, readonly string[]]>';
  const out: string[] = [
    '// ~~ Generated by scripts/gen-spark-keys.ts from ../shared/spark/config-keys.json (Spark',
    `// ${version} configuration key list plus the Spark 4.x additions). Do not edit by hand: run`,
    '// `npx projen gen:spark-keys` to regenerate.',
    '',
    '/** Spark release whose configuration key list this module is derived from. */',
    `export const SPARK_KEYS_VERSION = ${quote(version)};`,
    '',
    `/** Spark ${version} keys as [first segments, remaining segments] groups. */`,
    `const KEY_GROUPS: ${groupType} = [`,
    ...renderGroups(groupKeys(baseKeys), '  '),
    '];',
    '',
    `/** Keys added after Spark ${version}, by the release that introduced them ('4.x': release not known). */`,
    `const SPARK4_KEY_GROUPS: ReadonlyArray<readonly [string, ${groupType}]> = [`,
  ];
  for (const since of sinceOrder) {
    out.push(`  [${quote(since)}, [`, ...renderGroups(groupKeys(spark4BySince.get(since)!), '    '), '  ]],');
  }
  out.push(
    '];',
    '',
    `function expand(groups: ${groupType}): string[] {`,
    '  return groups.flatMap(([head, tails]) => tails.map(tail => `${head}.${tail}`));',
    '}',
    '',
    '/** Keys added after Spark 3.5.x (mapped to the release that introduced them). */',
    'export const SPARK4_KEY_SINCE: ReadonlyMap<string, string> = new Map(',
    '  SPARK4_KEY_GROUPS.flatMap(([since, groups]) => expand(groups).map(key => [key, since] as const)),',
    ');',
    '',
    `/** Every well-known Spark configuration key (${allKeys.size}: ${baseKeys.length} from ${version}, ${spark4.size} added in 4.x). */`,
    'export const SPARK_KEYS: ReadonlySet<string> = new Set([...expand(KEY_GROUPS), ...SPARK4_KEY_SINCE.keys()]);',
    '',
    '/** Keys with a variable part (labels, annotations, volumes, resources, ...), anchored. */',
    'export const SPARK_KEY_PATTERNS: readonly RegExp[] = [',
    ...patterns.map(p => `  /${p}/,`),
    '];',
    '',
    '/** Prefixes owned by plugins (RAPIDS, Celeborn, Uniffle, S3 shuffle, ...). */',
    'export const SPARK_PLUGIN_PREFIXES: readonly string[] = [',
    ...wrapItems(pluginPrefixes, '  '),
    '];',
    '',
    '/** Prefixes of pattern keys whose variable part follows the prefix directly. */',
    'export const SPARK_PATTERN_PREFIXES: readonly string[] = [',
    ...wrapItems([...patternPrefixes].sort(byCodePoint), '  '),
    '];',
    '',
    '/** Open prefixes: any key below one of them is accepted. */',
    'export const SPARK_KEY_PREFIXES: readonly string[] = [...new Set([...SPARK_PLUGIN_PREFIXES, ...SPARK_PATTERN_PREFIXES])].sort();',
    '',
    '/** Deprecated, renamed or removed keys, mapped to their replacement when there is one. */',
    'export const DEPRECATED_SPARK_KEYS: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([',
  );
  for (const [key, replacement] of deprecated) {
    const line = replacement === undefined ? `  [${quote(key)}, undefined],` : `  [${quote(key)}, ${quote(replacement)}],`;
    if (line.length <= MAX_LINE) {
      out.push(line);
    } else {
      out.push(`  [${quote(key)},`, `    ${replacement === undefined ? 'undefined' : quote(replacement)}],`);
    }
  }
  out.push(
    ']);',
    '',
    `/** Keys of Spark ${version} that no longer exist in Spark 4.1. */`,
    'export const REMOVED_IN_SPARK_4_1: ReadonlySet<string> = new Set([',
    ...wrapItems(removed, '  '),
    ']);',
    '',
  );

  const text = out.join('\n');
  fs.writeFileSync(OUTPUT, text);
  const deprecatedWithReplacement = [...deprecated.values()].filter(v => v !== undefined).length;
  console.log(
    `wrote ${path.relative(process.cwd(), OUTPUT)}: ${allKeys.size} keys (${spark4.size} from 4.x), `
    + `${patterns.length} patterns, ${pluginPrefixes.length + patternPrefixes.size} prefixes, `
    + `${deprecated.size} deprecated (${deprecatedWithReplacement} with replacement), ${Buffer.byteLength(text)} bytes`,
  );
}

main();
