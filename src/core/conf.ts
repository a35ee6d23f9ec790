import { alternativesOf, currentKeyOf } from './conf-keys';
import { formatValue, propError } from './errors';
import { cpuMillis, parseQuantity, parseResourceAmount, parseSparkBoolean, parseSparkBytes, parseSparkDouble, parseSparkInt, parseSparkTime, ValueProblem } from './model';
import { keyProp } from './util';

/**
 * The one Spark configuration builder of the library.
 *
 * Every construct that changes an application's Spark configuration (the app's own props, raw
 * `sparkConf` and `hadoopConf`, shuffle storage, monitoring, streaming, GPU settings) writes through
 * `set()` and names itself as the source. Values are read as Spark reads them: a value of a key
 * whose type the library knows (booleans, whole numbers, sizes, durations, CPU quantities) must
 * parse, and booleans and whole numbers are stored in the form Spark prints (`" TRUE"` becomes
 * `"true"`), so every reader of the map sees one spelling. Two different values for one setting
 * (compared as Spark reads them, across its older names such as `spark.unsafe.offHeap`) are an
 * error naming both sources; the same value from two sources is accepted. List-valued keys
 * (`LIST_KEYS`) join what each source adds. The resource model reads the resulting map, so what it
 * computes is what Spark receives.
 */
export class SparkConfBuilder {
  private readonly entries = new Map<string, { value: string; source: string }>();
  /** Increases with every change (lets readers cache what they derive). */
  public version = 0;

  /**
   * @param owner how errors name the application, e.g. `SparkApp etl`
   */
  constructor(private readonly owner: string) {}

  /**
   * Sets a key; throws when the key or value is not one Spark can read, or when another source
   * already set the same setting to a different value. A list-valued key joins the values.
   *
   * @param value a string; a number or boolean from JavaScript becomes the string Spark reads
   */
  public set(key: string, value: string, source: string): void {
    this.checkKey(key, value, source);
    const text = this.toText(key, value, source);
    const separator = LIST_KEYS.get(key);
    if (separator !== undefined && this.entries.has(key)) {
      this.appendList(key, splitList(text, separator), source, separator);
      return;
    }
    this.checkListValue(key, text, source);
    const stored = this.canonical(key, text, source);
    this.checkOtherNames(key, stored, source);
    const existing = this.entries.get(key);
    if (existing && !sameValue(key, existing.value, stored)) {
      const { prop, by } = this.propOf(key, source);
      if (source === 'sparkConf' && existing.source.startsWith('prop ')) {
        const typed = existing.source.slice('prop '.length);
        throw propError(this.owner, prop, value, `conflicts with ${formatValue(existing.value)} set by ${existing.source}`,
          `set it through ${typed} only and remove the key`);
      }
      const other = existing.source === 'hadoopConf' ? `hadoopConf (as ${key})` : existing.source;
      throw propError(this.owner, prop, value, `${by || (source === 'sparkConf' ? '(set by sparkConf) ' : '')}conflicts with ${formatValue(existing.value)} set by ${other}`, 'set it in one place');
    }
    if (!existing) {
      this.entries.set(key, { value: stored, source });
      this.version++;
    }
  }

  /**
   * Adds entries to a list-valued key, joined with `separator`; entries already present are kept
   * once (for JVM options, separated by spaces, an entry is the whole option string a source
   * adds, so `--add-opens a --add-opens b` keeps both). The key's source lists every contributor.
   */
  public appendList(key: string, entries: string[], source: string, separator: string): void {
    this.checkKey(key, entries, source);
    const texts = entries.map(e => this.toText(key, e, source).trim()).filter(e => e !== '');
    for (const t of texts) this.checkListValue(key, t, source);
    const existing = this.entries.get(key);
    let value = existing?.value ?? '';
    let changed = false;
    for (const t of texts) {
      const present = separator === ' '
        ? ` ${value} `.includes(` ${t} `)
        : splitList(value, separator).includes(t);
      if (present) continue;
      value = value === '' ? t : `${value}${separator}${t}`;
      changed = true;
    }
    if (!changed && existing) return;
    const sources = existing ? (existing.source.split(', ').includes(source) ? existing.source : `${existing.source}, ${source}`) : source;
    this.entries.set(key, { value, source: sources });
    this.version++;
  }

  /** Sets a key only when no source has set it yet (a library default). */
  public setDefault(key: string, value: string, source: string): void {
    if (!this.entries.has(key)) {
      this.entries.set(key, { value: this.canonical(key, this.toText(key, value, source), source), source });
      this.version++;
    }
  }

  public get(key: string): string | undefined {
    return this.entries.get(key)?.value;
  }

  public has(key: string): boolean {
    return this.entries.has(key);
  }

  public sourceOf(key: string): string | undefined {
    return this.entries.get(key)?.source;
  }

  /** All keys with their values, sorted by key (deterministic output). */
  public toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of [...this.entries.keys()].sort()) {
      out[key] = this.entries.get(key)!.value;
    }
    return out;
  }

  /** A copy of the entries (key → value) for the resource model. */
  public view(): Map<string, string> {
    const m = new Map<string, string>();
    for (const [k, v] of this.entries) m.set(k, v.value);
    return m;
  }

  public keys(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * How messages name where a key was written: `sparkConf["key"]`, `hadoopConf["key"]` (without
   * the `spark.hadoop.` prefix), the typed prop (`memoryOverheadFactor`), or `sparkConf["key"]`
   * with `(set by <source>) ` for a feature.
   */
  public propOf(key: string, source: string): { prop: string; by: string } {
    if (source === 'hadoopConf' && key.startsWith(HADOOP_PREFIX)) return { prop: keyProp('hadoopConf', key.slice(HADOOP_PREFIX.length)), by: '' };
    if (source === 'sparkConf') return { prop: keyProp('sparkConf', key), by: '' };
    if (source.startsWith('prop ') && !source.includes(', ')) return { prop: source.slice('prop '.length), by: '' };
    return { prop: keyProp('sparkConf', key), by: `(set by ${source}) ` };
  }

  // ------------------------------------------------------------------------------------------

  private checkKey(key: unknown, value: unknown, source: string): asserts key is string {
    const map = source === 'hadoopConf' ? 'hadoopConf' : 'sparkConf';
    if (typeof key !== 'string') {
      throw propError(this.owner, `${map} key`, key, 'must be a string', 'write the configuration key as a string, e.g. "spark.executor.memory"');
    }
    const shown = source === 'hadoopConf' && key.startsWith(HADOOP_PREFIX) ? key.slice(HADOOP_PREFIX.length) : key;
    if (shown.trim() === '') {
      throw propError(this.owner, `${map} key`, shown, 'must not be empty', 'give the configuration key, e.g. "spark.executor.memory"');
    }
    const { prop, by } = this.propOf(key, source);
    const masked = typeof value === 'string' ? value : formatValue(value);
    if (shown.trim() !== shown) {
      throw propError(this.owner, prop, masked, `${by}has a key with leading or trailing whitespace, which Spark keeps, so it would not recognize the key`,
        `write the key as ${JSON.stringify(shown.trim())}`);
    }
    if (key.includes('=')) {
      throw propError(this.owner, prop, masked, `${by}has a key with "=", which spark-submit cannot pass (the operator writes --conf key=value, and Spark splits at the first "=")`,
        'remove the "=" from the key');
    }
  }

  /** The string Spark receives for a value given from JavaScript (a number or boolean becomes text). */
  private toText(key: string, value: unknown, source: string): string {
    if (typeof value === 'string') return value;
    const { prop, by } = this.propOf(key, source);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw propError(this.owner, prop, value, `${by}is not a value Spark can read`, 'give a finite number, or the value as a string');
      }
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw propError(this.owner, prop, value, `${by}is too large to be exact in JavaScript (above 2^53)`, 'give the value as a string');
      }
      return String(value);
    }
    throw propError(this.owner, prop, value, `${by}must be a string (a number or boolean is written as the string Spark reads)`,
      'give the value as a string, e.g. "4g" or "true"');
  }

  /** Checks a value of a key whose type the library knows, and returns the form it stores. */
  private canonical(key: string, text: string, source: string): string {
    const type = confTypeOf(key);
    if (!type) return text;
    try {
      return type.canonical(text);
    } catch (e) {
      if (!(e instanceof ValueProblem)) throw e;
      // Keys Spark reads only with dynamic allocation are checked at synthesis when it is on.
      if (type.onlyWith === 'dynamicAllocation') return text;
      const { prop, by } = this.propOf(key, source);
      throw propError(this.owner, prop, text, `${by}${e.problem}`, e.fix);
    }
  }

  /** Checks what a value of a list key (or a JVM options key) may not contain. */
  private checkListValue(key: string, text: string, source: string): void {
    const problem = jvmOptionsProblem(key, text);
    if (problem) {
      const { prop, by } = this.propOf(key, source);
      throw propError(this.owner, prop, text, `${by}${problem.problem}`, problem.fix);
    }
  }

  /** A setting written under two of its names (`spark.unsafe.offHeap` and `spark.memory.offHeap.enabled`) must agree. */
  private checkOtherNames(key: string, value: string, source: string): void {
    const current = currentKeyOf(key) ?? key;
    for (const other of [current, ...alternativesOf(current)]) {
      if (other === key) continue;
      const e = this.entries.get(other);
      if (!e || sameValue(current, e.value, value)) continue;
      const { prop, by } = this.propOf(key, source);
      const relation = other === current ? `an older name of ${other}` : `the same setting as ${other}`;
      const reads = other === current ? `Spark reads ${other} and ignores this key` : `Spark reads ${current} first, then the older names in order`;
      throw propError(this.owner, prop, value, `${by}is ${relation}, which ${e.source} set to ${formatValue(e.value)} (${reads})`,
        `set the value once, under ${current}`);
    }
  }
}

const HADOOP_PREFIX = 'spark.hadoop.';

/**
 * Spark configuration keys whose value is a list that several sources may add to, with the
 * separator Spark splits it by: `,` for Spark's sequence confs, the path separator `:` for class
 * and library paths, a space for JVM options (Spark joins `defaultJavaOptions` before
 * `extraJavaOptions` itself).
 */
export const LIST_KEYS: ReadonlyMap<string, string> = new Map([
  ['spark.jars', ','],
  ['spark.files', ','],
  ['spark.archives', ','],
  ['spark.submit.pyFiles', ','],
  ['spark.jars.packages', ','],
  ['spark.jars.repositories', ','],
  ['spark.jars.excludes', ','],
  ['spark.plugins', ','],
  ['spark.extraListeners', ','],
  ['spark.sql.extensions', ','],
  ['spark.sql.queryExecutionListeners', ','],
  ['spark.sql.streaming.streamingQueryListeners', ','],
  ['spark.driver.extraClassPath', ':'],
  ['spark.executor.extraClassPath', ':'],
  ['spark.driver.extraLibraryPath', ':'],
  ['spark.executor.extraLibraryPath', ':'],
  ['spark.driver.extraJavaOptions', ' '],
  ['spark.executor.extraJavaOptions', ' '],
  ['spark.driver.defaultJavaOptions', ' '],
  ['spark.executor.defaultJavaOptions', ' '],
]);

function splitList(value: string, separator: string): string[] {
  if (separator === ' ') return value.trim() === '' ? [] : [value.trim()];
  return value.split(separator).map(e => e.trim()).filter(Boolean);
}

/**
 * What Spark refuses in JVM options: `-Dspark` and `-Xmx` in `spark.executor.extraJavaOptions`
 * (`SparkConf.validateSettings`), `-Xmx` in the driver's options (spark-submit's command builder;
 * the driver's heap is `spark.driver.memory`).
 */
function jvmOptionsProblem(key: string, value: string): { problem: string; fix: string } | undefined {
  if (key === 'spark.executor.extraJavaOptions') {
    if (value.includes('-Dspark')) {
      return {
        problem: 'sets a Spark option with -Dspark, which Spark refuses in executor JVM options (SparkConf.validateSettings)',
        fix: 'set the option as its own sparkConf key instead',
      };
    }
    if (value.includes('-Xmx')) {
      return {
        problem: 'sets the heap size with -Xmx, which Spark refuses in executor JVM options (the heap is spark.executor.memory)',
        fix: 'use the executorMemory prop instead',
      };
    }
  }
  if ((key === 'spark.driver.extraJavaOptions' || key === 'spark.driver.defaultJavaOptions') && value.split(/\s+/).some(o => o.startsWith('-Xmx'))) {
    return {
      problem: 'sets the heap size with -Xmx, which spark-submit refuses in driver JVM options (the heap is spark.driver.memory)',
      fix: 'use the driverMemory prop instead',
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Keys whose type the library knows, read as Spark reads them

/** How the library reads the value of a key whose type it knows. */
export interface ConfType {
  /** Spark reads the key only with this feature on; a bad value is reported at synthesis then. */
  readonly onlyWith?: 'dynamicAllocation';
  /** Checks the value (throws a ValueProblem) and returns the form to store. */
  canonical(value: string): string;
  /** A form of the value under which two spellings of one value are equal (`2g` and `2048m`). */
  comparable(value: string): string;
}

function bool(): ConfType {
  return {
    canonical: v => `${parseSparkBoolean(v)}`,
    comparable: v => `${parseSparkBoolean(v)}`,
  };
}

function int(min: number, opts: { onlyWith?: 'dynamicAllocation'; why?: string } = {}): ConfType {
  const read = (v: string) => {
    const n = parseSparkInt(v);
    if (n < min) throw new ValueProblem(`must be at least ${min}${opts.why ? ` (${opts.why})` : ''}`, `use ${min} or more`);
    return n;
  };
  return { canonical: v => `${read(v)}`, comparable: v => `${read(v)}`, onlyWith: opts.onlyWith };
}

function double(ok: (n: number) => boolean, rule: string, example: string): ConfType {
  const read = (v: string) => {
    const n = parseSparkDouble(v);
    if (!ok(n)) throw new ValueProblem(rule, `use e.g. ${example}`);
    return n;
  };
  return { canonical: v => keep(read, v), comparable: v => `${read(v)}` };
}

function bytes(unit: 'b' | 'k' | 'm'): ConfType {
  const read = (v: string) => parseSparkBytes(v, unit);
  return { canonical: v => keep(read, v), comparable: v => `${read(v)}` };
}

function time(unit: 'ms' | 's', opts: { positive?: boolean; onlyWith?: 'dynamicAllocation' } = {}): ConfType {
  const read = (v: string) => {
    const n = parseSparkTime(v, unit);
    if (n < 0 || (opts.positive && n === 0)) {
      throw new ValueProblem(opts.positive ? 'must be longer than zero (Spark checks it)' : 'must not be negative', 'give a duration such as 60s');
    }
    return n;
  };
  return { canonical: v => keep(read, v), comparable: v => `${read(v)}`, onlyWith: opts.onlyWith };
}

function cpu(): ConfType {
  const read = (v: string) => {
    const m = cpuMillis(v);
    if (m < 0) throw new ValueProblem('must not be negative', 'give a CPU amount such as 500m or 2');
    return m;
  };
  return { canonical: v => keep(read, v), comparable: v => `${read(v)}` };
}

/** Checks a value with `read` and keeps it as written (trimmed, as Spark trims it). */
function keep(read: (v: string) => unknown, v: string): string {
  read(v);
  return v.trim();
}

const DA = { onlyWith: 'dynamicAllocation' as const };

const CONF_TYPES: ReadonlyMap<string, ConfType> = new Map<string, ConfType>([
  // read whenever the app starts
  ['spark.dynamicAllocation.enabled', bool()],
  ['spark.memory.offHeap.enabled', bool()],
  ['spark.shuffle.service.enabled', bool()],
  ['spark.decommission.enabled', bool()],
  ['spark.storage.decommission.enabled', bool()],
  ['spark.storage.decommission.shuffleBlocks.enabled', bool()],
  ['spark.storage.decommission.rddBlocks.enabled', bool()],
  ['spark.eventLog.enabled', bool()],
  ['spark.ui.enabled', bool()],
  ['spark.speculation', bool()],
  ['spark.executor.instances', int(0)],
  ['spark.driver.cores', int(1)],
  ['spark.executor.cores', int(1)],
  ['spark.task.cpus', int(1)],
  ['spark.kubernetes.memoryOverheadFactor', double(n => n >= 0, 'must be at least 0 (Spark checks it)', '"0.1" or "0.4"')],
  ['spark.driver.memoryOverheadFactor', double(n => n > 0 && Number.isFinite(n), 'must be a number above 0 (Spark checks it)', '"0.1"')],
  ['spark.executor.memoryOverheadFactor', double(n => n > 0 && Number.isFinite(n), 'must be a number above 0 (Spark checks it)', '"0.1"')],
  ['spark.memory.fraction', double(n => n >= 0 && n <= 1, 'must be between 0 and 1 (Spark checks it)', '"0.6"')],
  ['spark.memory.storageFraction', double(n => n >= 0 && n < 1, 'must be at least 0 and below 1 (Spark checks it)', '"0.5"')],
  ['spark.driver.memory', bytes('m')],
  ['spark.executor.memory', bytes('m')],
  ['spark.driver.memoryOverhead', bytes('m')],
  ['spark.executor.memoryOverhead', bytes('m')],
  ['spark.executor.pyspark.memory', bytes('m')],
  ['spark.memory.offHeap.size', bytes('b')],
  ['spark.kubernetes.driver.request.cores', cpu()],
  ['spark.kubernetes.driver.limit.cores', cpu()],
  ['spark.kubernetes.executor.request.cores', cpu()],
  ['spark.kubernetes.executor.limit.cores', cpu()],
  // read only with dynamic allocation (ExecutorAllocationManager)
  ['spark.dynamicAllocation.minExecutors', int(0, DA)],
  ['spark.dynamicAllocation.initialExecutors', int(0, DA)],
  ['spark.dynamicAllocation.maxExecutors', int(1, { ...DA, why: 'Spark refuses 0' })],
  ['spark.dynamicAllocation.shuffleTracking.enabled', { ...bool(), ...DA }],
  ['spark.dynamicAllocation.shuffleTracking.timeout', time('ms', DA)],
  ['spark.dynamicAllocation.executorIdleTimeout', time('s', DA)],
  ['spark.dynamicAllocation.cachedExecutorIdleTimeout', time('s', DA)],
  ['spark.dynamicAllocation.schedulerBacklogTimeout', time('s', { ...DA, positive: true })],
  ['spark.dynamicAllocation.sustainedSchedulerBacklogTimeout', time('s', { ...DA, positive: true })],
]);

/** Resource amounts are read with `String.toInt` (no trimming); amounts of 0 or less request nothing. */
const RESOURCE_AMOUNT: ConfType = {
  canonical: v => {
    parseResourceAmount(v);
    return v;
  },
  comparable: v => `${parseResourceAmount(v)}`,
};

/** Task amounts may be fractions of at most 0.5, or whole numbers (`ResourceUtils.calculateAmountAndPartsForFraction`). */
const TASK_RESOURCE_AMOUNT: ConfType = {
  canonical: v => {
    const n = parseSparkDouble(v);
    if (!(n <= 0.5 || Number.isInteger(n))) {
      throw new ValueProblem('must be at most 0.5 (several tasks share a device) or a whole number (Spark checks it)', 'use e.g. "0.25" or "1"');
    }
    return v.trim();
  },
  comparable: v => `${parseSparkDouble(v)}`,
};

/**
 * The type of a key as Spark reads it, if the library knows it (an older name has the type of its
 * current key).
 */
export function confTypeOf(key: string): ConfType | undefined {
  const k = currentKeyOf(key) ?? key;
  const t = CONF_TYPES.get(k);
  if (t) return t;
  if (/^spark\.(?:driver|executor)\.resource\.[^.]+\.amount$/.test(k)) return RESOURCE_AMOUNT;
  if (/^spark\.task\.resource\.[^.]+\.amount$/.test(k)) return TASK_RESOURCE_AMOUNT;
  if (/^spark\.kubernetes\.(?:driver|executor)\.volumes\.[^.]+\.[^.]+\.options\.sizeLimit$/.test(k)) return VOLUME_SIZE;
  return undefined;
}

/** Volume size limits are Kubernetes quantities (`50Gi` and `51200Mi` are one size). */
const VOLUME_SIZE: ConfType = {
  canonical: v => {
    parseQuantity(v);
    return v;
  },
  comparable: v => `${parseQuantity(v)}`,
};

/**
 * Spark reads every boolean setting with `toBoolean` after trimming, in any case; a key whose type
 * the library does not list but whose two values both read as booleans compares as booleans.
 */
function bothBooleans(a: string, b: string): boolean | undefined {
  const read = (v: string) => (/^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() : undefined);
  const x = read(a);
  const y = read(b);
  return x !== undefined && y !== undefined ? x === y : undefined;
}

/** Keys Spark reads only with dynamic allocation, whose values are checked when it is on. */
export function dynamicAllocationKeys(): string[] {
  return [...CONF_TYPES].filter(([, t]) => t.onlyWith === 'dynamicAllocation').map(([k]) => k);
}

/** Whether two values of one setting are the same as Spark reads them. */
export function sameValue(key: string, a: string, b: string): boolean {
  if (a === b) return true;
  const type = confTypeOf(key);
  if (!type) return bothBooleans(a, b) ?? false;
  try {
    return type.comparable(a) === type.comparable(b);
  } catch {
    return false;
  }
}
