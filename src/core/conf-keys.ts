import { distance } from 'fastest-levenshtein';
import { DEPRECATED_SPARK_KEYS, REMOVED_IN_SPARK_4_1, SPARK4_KEY_SINCE, SPARK_KEY_PATTERNS, SPARK_KEY_PREFIXES, SPARK_KEYS as GENERATED_KEYS } from './spark-keys';
import { ADDED_KEY_SINCE } from './spark-keys-added';

/** The generated key list plus the 4.1/4.2 keys listed by hand in spark-keys-added.ts. */
const SPARK_KEYS: ReadonlySet<string> = new Set([...GENERATED_KEYS, ...ADDED_KEY_SINCE.keys()]);

/** Outcome of {@link checkSparkConfKey}. */
export type SparkConfKeyCheck =
  | { readonly kind: 'known' }
  | { readonly kind: 'deprecated'; readonly replacement?: string }
  | { readonly kind: 'unknown'; readonly suggestion?: string };

/**
 * Open prefixes not covered by the generated key list: third-party connectors and plugins,
 * and Spark namespaces whose keys the list does not enumerate.
 */
const EXTRA_PREFIXES: readonly string[] = [
  'spark.cassandra.', // DataStax Spark Cassandra Connector
  'spark.comet.', // Apache DataFusion Comet
  'spark.connect.', // Spark Connect server confs (not in the list)
  'spark.databricks.', // Delta Lake (spark.databricks.delta.*)
  'spark.datasource.', // DataSource V2 session options (SessionConfigSupport)
  'spark.delta.', // Delta Lake log stores
  'spark.es.', // Elasticsearch for Apache Hadoop
  'spark.gluten.', // Apache Gluten
  'spark.hbase.', // HBase connectors
  'spark.hive.', // forwarded to the Hive configuration
  'spark.kafka.', // Kafka connector (consumer/producer caches, clusters)
  'spark.mongodb.', // MongoDB Spark Connector
  'spark.neo4j.', // Neo4j Connector for Apache Spark
  'spark.openlineage.', // OpenLineage Spark listener
  'spark.redis.', // spark-redis
  'spark.snowflake.', // Snowflake connector
  'spark.ssl.', // SSL namespaces (spark.ssl.ui.*, spark.ssl.historyServer.*, ...): only the namespaces are listed
];

/** Key shapes documented by Spark but absent from the generated patterns. */
const EXTRA_PATTERNS: readonly RegExp[] = [
  // UI filter parameters: spark.<filter class name>.param.<param name>
  /^spark\.(?:[A-Za-z_$][\w$]*\.)+[A-Z][\w$]*\.param\..+$/,
  // Read as JVM system properties by the UI (SparkUI / UIUtils), so not in the ConfigBuilder list.
  /^spark\.ui\.proxyBase$/,
];

const OPEN_PREFIXES: readonly string[] = [...new Set([...SPARK_KEY_PREFIXES, ...EXTRA_PREFIXES])];

const KNOWN: SparkConfKeyCheck = Object.freeze({ kind: 'known' });
const UNKNOWN: SparkConfKeyCheck = Object.freeze({ kind: 'unknown' });
const CACHE_LIMIT = 10_000;
const cache = new Map<string, SparkConfKeyCheck>();

/**
 * Classifies a sparkConf key against Spark's well-known configuration keys.
 *
 * 'known': a listed key, a key matching a documented pattern (labels, volumes, resources, ...),
 * a key under an open prefix (spark.hadoop., plugins, connectors) or a key outside `spark.`.
 * 'deprecated': a deprecated, renamed or removed key, with its replacement when there is one.
 * 'unknown': anything else under `spark.`, with a suggestion when a single listed key (or open
 * prefix) is within a small edit distance. The SQL key list is not exhaustive, so unlisted
 * `spark.sql.*` keys without a likely correction are reported as 'known'.
 *
 * Results are cached: the construct calls this for every sparkConf key of every application.
 */
export function checkSparkConfKey(key: string): SparkConfKeyCheck {
  let result = cache.get(key);
  if (result === undefined) {
    result = classify(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, result);
  }
  return result;
}

function classify(key: string): SparkConfKeyCheck {
  if (DEPRECATED_SPARK_KEYS.has(key)) {
    const replacement = DEPRECATED_SPARK_KEYS.get(key);
    return Object.freeze(replacement === undefined ? { kind: 'deprecated' } : { kind: 'deprecated', replacement });
  }
  if (SPARK_KEYS.has(key) || !key.startsWith('spark.')) return KNOWN;
  if (OPEN_PREFIXES.some(p => key.length > p.length && key.startsWith(p))) return KNOWN;
  if (SPARK_KEY_PATTERNS.some(re => re.test(key)) || EXTRA_PATTERNS.some(re => re.test(key))) return KNOWN;

  const suggestion = suggest(key);
  if (suggestion !== undefined) return Object.freeze({ kind: 'unknown', suggestion });
  return key.startsWith('spark.sql.') ? KNOWN : UNKNOWN;
}

// ---------------------------------------------------------------------------
// Suggestions

interface SuggestionIndex {
  /** Candidate keys by family (first two dot-segments), then by length. */
  readonly byFamily: Map<string, Map<number, string[]>>;
  /** All candidate keys by length, for keys whose family itself is misspelled. */
  readonly byLength: Map<number, string[]>;
  /** Lower-cased key to key, or null when several keys share the lower-cased form. */
  readonly byLowerCase: Map<string, string | null>;
  /** Every proper dot-terminated prefix of a listed key or open prefix ('spark.', 'spark.sql.', ...). */
  readonly nodes: Set<string>;
}

let index: SuggestionIndex | undefined;

function family(key: string): string {
  const first = key.indexOf('.');
  const second = key.indexOf('.', first + 1);
  return second < 0 ? key : key.slice(0, second);
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function buildIndex(): SuggestionIndex {
  const byFamily = new Map<string, Map<number, string[]>>();
  const byLength = new Map<number, string[]>();
  const byLowerCase = new Map<string, string | null>();
  const nodes = new Set<string>();
  for (const key of [...SPARK_KEYS, ...OPEN_PREFIXES]) {
    for (let dot = key.indexOf('.'); dot >= 0 && dot < key.length - 1; dot = key.indexOf('.', dot + 1)) {
      nodes.add(key.slice(0, dot + 1));
    }
  }
  for (const key of SPARK_KEYS) {
    if (DEPRECATED_SPARK_KEYS.has(key)) continue;
    let lengths = byFamily.get(family(key));
    if (!lengths) {
      lengths = new Map();
      byFamily.set(family(key), lengths);
    }
    push(lengths, key.length, key);
    push(byLength, key.length, key);
    const lower = key.toLowerCase();
    byLowerCase.set(lower, byLowerCase.has(lower) ? null : key);
  }
  return { byFamily, byLength, byLowerCase, nodes };
}

/** Largest edit distance still considered a misspelling of a string of this length. */
function maxDistance(length: number): number {
  return length <= 12 ? 1 : length <= 25 ? 2 : 3;
}

/** Lower-cased words of a key: dot, dash and underscore separated, camelCase split. */
function words(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s._-]+/).filter(w => w.length > 0);
}

/**
 * Whether `candidate` reads as a misspelling of `key` rather than a different key: a single
 * edit, a change of separators or case, or small edits inside words. Swapping, adding or
 * dropping a whole word (host/port, minMemoryOverhead/memoryOverhead) is not a misspelling.
 */
function plausibleTypo(key: string, candidate: string, d: number): boolean {
  if (d <= 1) return true;
  const a = words(key);
  const b = words(candidate);
  if (a.length !== b.length) return distance(a.join(''), b.join('')) <= 1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && 2 * distance(a[i], b[i]) >= Math.max(a[i].length, b[i].length)) return false;
  }
  return true;
}

/** The single closest listed key or prefix-corrected key, if it is a likely misspelling. */
function suggest(key: string): string | undefined {
  index ??= buildIndex();
  const caseOnly = index.byLowerCase.get(key.toLowerCase());
  if (caseOnly) return caseOnly;

  const limit = maxDistance(key.length);
  const pool = index.byFamily.get(family(key)) ?? index.byLength;
  let best = limit + 1;
  const found = new Set<string>();
  const consider = (candidate: string, d: number): void => {
    if (d > best || !plausibleTypo(key, candidate, d)) return;
    if (d < best) {
      best = d;
      found.clear();
    }
    found.add(candidate);
  };

  for (let length = key.length - limit; length <= key.length + limit; length++) {
    for (const candidate of pool.get(length) ?? []) consider(candidate, distance(key, candidate));
  }

  // A misspelt open prefix (spark.hadop.fs.s3a.endpoint, spark.kubernetes.driver.lables.team),
  // unless that part of the key is itself a known path (spark.sql. is not a misspelt spark.ssl.).
  const { nodes } = index;
  for (let cut = key.indexOf('.') + 1; cut > 0 && cut < key.length; cut = key.indexOf('.', cut) + 1) {
    const head = key.slice(0, cut);
    if (nodes.has(head)) continue;
    for (const prefix of OPEN_PREFIXES) {
      const prefixLimit = maxDistance(prefix.length);
      if (Math.abs(cut - prefix.length) > prefixLimit) continue;
      const d = distance(head, prefix);
      if (d > 0 && d <= prefixLimit) consider(prefix + key.slice(cut), d);
    }
  }

  return found.size === 1 ? found.values().next().value : undefined;
}

// ---------------------------------------------------------------------------
// Older names Spark still reads

/**
 * Older names whose value Spark reads when the current key is unset (`SparkConf.configsWithAlternatives`
 * and `ConfigBuilder.withAlternative`): every deprecated key with a replacement, except the two
 * whose old value Spark translates (`spark.kryoserializer.buffer.mb` in MB with fractions,
 * `spark.yarn.applicationMaster.waitTries` in tries), which are not the same setting written twice.
 */
const TRANSLATED_ALTERNATIVES: ReadonlySet<string> = new Set(['spark.kryoserializer.buffer.mb', 'spark.yarn.applicationMaster.waitTries']);

let alternatives: Map<string, string[]> | undefined;

function alternativeIndex(): Map<string, string[]> {
  if (!alternatives) {
    alternatives = new Map();
    for (const [old, current] of DEPRECATED_SPARK_KEYS) {
      if (current === undefined || TRANSLATED_ALTERNATIVES.has(old)) continue;
      alternatives.set(current, [...(alternatives.get(current) ?? []), old]);
    }
  }
  return alternatives;
}

/** The older names Spark reads for `key` when `key` itself is unset, in the order Spark tries them. */
export function alternativesOf(key: string): readonly string[] {
  return alternativeIndex().get(key) ?? [];
}

/** The current key an older name stands for (`spark.unsafe.offHeap` → `spark.memory.offHeap.enabled`), if it is one. */
export function currentKeyOf(key: string): string | undefined {
  if (TRANSLATED_ALTERNATIVES.has(key)) return undefined;
  return DEPRECATED_SPARK_KEYS.get(key);
}

/**
 * Whether a well-known key exists in the given Spark release: `undefined` when it does, else why
 * not (`added in Spark 4.0.0`, `removed in Spark 4.1`). Only keys of the generated list and of
 * spark-keys-added.ts are judged.
 */
export function keyVersionProblem(key: string, version: { isAtLeast(v: string): boolean; isBelow(v: string): boolean }): string | undefined {
  const since = SPARK4_KEY_SINCE.get(key) ?? ADDED_KEY_SINCE.get(key);
  if (since !== undefined && version.isBelow(since)) return `was added in Spark ${since}`;
  if (REMOVED_IN_SPARK_4_1.has(key) && version.isAtLeast('4.1')) return 'was removed in Spark 4.1';
  return undefined;
}
