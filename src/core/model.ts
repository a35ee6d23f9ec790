import { alternativesOf } from './conf-keys';
import { formatValue } from './errors';
import { OnDemandClaim, PodResources, ResourceTotals, SparkAppResources, SparkRole } from './resources';
import { keyProp } from './util';
import { SparkVersion } from './versions';

// ---------------------------------------------------------------------------------------------
// internal: unit parsing as Spark and Kubernetes do it

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  p: 1024 ** 5,
  pb: 1024 ** 5,
};

/**
 * IEC suffixes that `JavaUtils.byteStringAs` reads from Spark 4.2.0 on (SPARK-55051: `Ki`/`KiB` ...
 * `Pi`/`PiB`, binary like the classic ones; the value is lower-cased first, so `4GiB` and `4gi` are
 * one size). Earlier releases fail on them with a NumberFormatException. Source: Spark 4.2.0
 * release notes (apache/spark-website@08a69eba:releases/_posts/2026-07-14-spark-release-4-2-0.md).
 */
const IEC_BYTE_UNITS: Record<string, number> = {
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
};

/** Which size suffixes a Spark release reads: `iec` (4.2+) adds Ki/KiB ... Pi/PiB to b, k, m, g, t, p. */
export type SparkSizeUnits = 'classic' | 'iec';

/** The size suffixes the given Spark release reads (SPARK-55051, 4.2.0). */
export function sizeUnitsOf(version: SparkVersion): SparkSizeUnits {
  return version.isAtLeast('4.2') ? 'iec' : 'classic';
}

/**
 * A value that does not parse. The message is `<problem>; <fix>`, where the problem reads after
 * the value (`is not a Spark size`): callers put it into `propError` with the prop that holds it.
 */
export class ValueProblem extends Error {
  constructor(public readonly problem: string, public readonly fix: string) {
    super(`${problem}; ${fix}`);
  }
}

/**
 * A Spark configuration value the resource model cannot use: its key, its value, the problem
 * (reading after the value) and the fix. The message is `sparkConf["<key>"] <value> <problem>; <fix>`;
 * the app puts the parts into `propError` with its own name.
 */
export class ConfValueError extends Error {
  constructor(public readonly key: string, public readonly value: string | undefined, public readonly problem: string, public readonly fix: string) {
    super(`${keyProp('sparkConf', key)} ${formatValue(value)} ${problem}; ${fix}`);
  }
}

const SIZE_FIX = 'expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)';

/**
 * Parses a Spark byte string (`512m`, `4g`, `1536`) into bytes, with `defaultUnit` for a bare
 * number, as `JavaUtils.byteStringAs` does (binary units, no fractions).
 *
 * `units` says which suffixes the Spark release reads: `iec` (Spark 4.2+, and the default where the
 * release is not known yet) also reads `Ki`/`KiB` ... `Pi`/`PiB`; `classic` (3.3 to 4.1) refuses
 * them, naming the release that reads them. The resource model passes the app's release.
 */
export function parseSparkBytes(value: string, defaultUnit: 'b' | 'k' | 'm', units: SparkSizeUnits = 'iec'): number {
  const v = value.trim().toLowerCase();
  const m = /^([0-9]+)([a-z]+)?$/.exec(v);
  if (!m) {
    throw new ValueProblem('is not a Spark size', SIZE_FIX);
  }
  const unit = m[2] ?? defaultUnit;
  const iec = IEC_BYTE_UNITS[unit];
  if (iec !== undefined && units === 'classic') {
    const classic = unit.charAt(0);
    throw new ValueProblem(`has the size unit ${JSON.stringify(unit)}, which Spark reads only from 4.2.0 on (SPARK-55051)`,
      `write ${m[1]}${classic} (the same size), or run Spark 4.2`);
  }
  const factor = BYTE_UNITS[unit] ?? iec;
  if (factor === undefined) {
    throw new ValueProblem(`has an unknown size unit ${JSON.stringify(unit)}`, 'expected b, k, m, g, t or p (e.g. 512m, 4g)');
  }
  const bytes = Number(m[1]) * factor;
  if (!(bytes <= MAX_LONG)) {
    throw new ValueProblem('is more than Spark can hold (a size is a 64-bit count of bytes)', 'give a realistic size, e.g. 4g');
  }
  return bytes;
}

/** Spark byte string → whole MiB (truncated, as Spark's conversion does).*/
export function sparkMebibytes(value: string, defaultUnit: 'b' | 'k' | 'm' = 'm', units: SparkSizeUnits = 'iec'): number {
  return Math.floor(parseSparkBytes(value, defaultUnit, units) / 1024 ** 2);
}

/** Largest Java long (Spark's sizes and times are longs). */
const MAX_LONG = 2 ** 63 - 1;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Parses a Spark boolean as `ConfigBuilder.booleanConf` does: trimmed, then `true` or `false` in
 * any case (Scala's `String.toBoolean`); `yes`, `1` and `on` are errors in Spark.
 */
export function parseSparkBoolean(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ValueProblem('is not a boolean as Spark reads it (true or false, in any case)', 'use "true" or "false"');
}

/**
 * Parses a Spark int as `ConfigBuilder.intConf` does (`Integer.parseInt` of the trimmed value):
 * an optional sign and digits, within 32 bits. With `trim: false` the value is read as Spark reads
 * resource amounts (`String.toInt` without trimming).
 */
export function parseSparkInt(value: string, opts: { trim?: boolean } = {}): number {
  const v = opts.trim === false ? value : value.trim();
  if (!/^[+-]?[0-9]+$/.test(v)) {
    throw new ValueProblem('is not a whole number as Spark reads it', 'write digits only, e.g. "4"');
  }
  const n = Number(v);
  if (n < INT_MIN || n > INT_MAX) {
    throw new ValueProblem('is out of range for a Spark int (32 bits)', `use at most ${INT_MAX}`);
  }
  return n === 0 ? 0 : n; // no -0
}

/**
 * Parses a Spark double as `ConfigBuilder.doubleConf` does (`Double.parseDouble` of the trimmed
 * value: decimal or exponent notation, an optional `d`/`f` suffix, `NaN`, `Infinity`).
 */
export function parseSparkDouble(value: string): number {
  const v = value.trim();
  const m = /^([+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?))[fFdD]?$/.exec(v);
  if (!m) {
    throw new ValueProblem('is not a number as Spark reads it', 'write a decimal number, e.g. "0.1"');
  }
  return Number(m[1]);
}

/**
 * Parses a driver or executor resource amount (`spark.executor.resource.gpu.amount`) as Spark does:
 * `String.toInt` without trimming. Amounts of 0 or less request nothing.
 */
export function parseResourceAmount(value: string): number {
  try {
    return parseSparkInt(value, { trim: false });
  } catch {
    throw new ValueProblem('is not a whole number (Spark reads the devices of a pod as an integer; a share of a device per task is spark.task.resource.<name>.amount)',
      'use the number of devices per pod, e.g. "1"');
  }
}

/** Time units of `JavaUtils.timeStringAs`, in milliseconds. */
const TIME_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a Spark duration (`30min`, `2h`, `100ms`, `60` in `defaultUnit`) as `JavaUtils.timeStringAs`
 * does, into `defaultUnit` (truncated toward zero, as `TimeUnit.convert` does).
 */
export function parseSparkTime(value: string, defaultUnit: 'ms' | 's'): number {
  const v = value.trim().toLowerCase();
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(v);
  if (!m) {
    throw new ValueProblem('is not a Spark duration', 'write a whole number with an optional unit us, ms, s, m or min, h or d (e.g. 30min, 2h, 100ms)');
  }
  const unit = m[2] ?? defaultUnit;
  const factor = TIME_UNITS_MS[unit];
  if (factor === undefined) {
    throw new ValueProblem(`has an unknown time unit ${JSON.stringify(unit)}`, 'expected us, ms, s, m or min, h or d (e.g. 30min, 2h, 100ms)');
  }
  const ms = Number(m[1]) * factor;
  if (!(Math.abs(ms) <= MAX_LONG)) {
    throw new ValueProblem('is more than Spark can hold (a duration is a 64-bit count)', 'give a realistic duration, e.g. 30min');
  }
  const out = Math.trunc(ms / TIME_UNITS_MS[defaultUnit]);
  return out === 0 ? 0 : out;
}

const QUANTITY_SUFFIX: Record<string, number> = {
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 1024,
  'Mi': 1024 ** 2,
  'Gi': 1024 ** 3,
  'Ti': 1024 ** 4,
  'Pi': 1024 ** 5,
  'Ei': 1024 ** 6,
};

/** Parses a Kubernetes quantity (`500m`, `1.5`, `4Gi`, `1e3`) into a number of base units.*/
export function parseQuantity(value: string): number {
  const m = /^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)(?:(e[+-]?[0-9]+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/.exec(value.trim());
  if (!m) {
    throw new ValueProblem('is not a Kubernetes quantity', 'expected a number with an optional suffix such as m, k, Mi or Gi (e.g. 500m, 2, 1.5, 4Gi)');
  }
  const base = Number(m[1]);
  if (m[2]) return base * Math.pow(10, Number(m[2].slice(1)));
  return base * QUANTITY_SUFFIX[m[3] ?? ''];
}

/** CPU quantity → millicores (rounded up, as Kubernetes does).*/
export function cpuMillis(value: string): number {
  return Math.ceil(Math.round(parseQuantity(value) * 1e6) / 1e3);
}

/** Byte quantity → MiB (rounded up).*/
export function quantityMebibytes(value: string): number {
  return Math.ceil(parseQuantity(value) / 1024 ** 2);
}

/** MiB → a Kubernetes quantity, `Gi` when whole.*/
export function mebibytesToQuantity(mib: number): string {
  return mib % 1024 === 0 && mib > 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** Millicores → a Kubernetes quantity.*/
export function millisToQuantity(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

// ---------------------------------------------------------------------------------------------
// internal: the model

/** Whether the main resource is a JVM one or Python/R (Spark's NonJVMResource).*/
export interface ModelContext {
  readonly nonJvm: boolean;
  readonly python: boolean;
  readonly version: SparkVersion;
  /** Resources from the pod template container (Spark keeps keys it does not set). */
  readonly templateResources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

const DEFAULT_MIN_OVERHEAD = 384;

/**
 * Reads a final Spark configuration as Spark does: a key's value, else the value of an older name
 * Spark still reads for it (`spark.unsafe.offHeap` for `spark.memory.offHeap.enabled`,
 * `spark.yarn.executor.memoryOverhead` for `spark.executor.memoryOverhead`, ...). The entry says
 * which key held the value, so messages name the key the user wrote.
 */
export function readConf(conf: ReadonlyMap<string, string>, key: string): { key: string; value: string } | undefined {
  const value = conf.get(key);
  if (value !== undefined) return { key, value };
  for (const alt of alternativesOf(key)) {
    const v = conf.get(alt);
    if (v !== undefined) return { key: alt, value: v };
  }
  return undefined;
}

/** Parses the value of an entry with `parse`, as a ConfValueError naming its key when it fails. */
function parseEntry<T>(entry: { key: string; value: string }, parse: (v: string) => T): T {
  try {
    return parse(entry.value);
  } catch (e) {
    throw confValueError(entry.key, entry.value, e);
  }
}

/** Whether a boolean key is true in the final conf (Spark's reading, including older names). */
export function confFlag(conf: ReadonlyMap<string, string>, key: string, fallback = false): boolean {
  const e = readConf(conf, key);
  return e === undefined ? fallback : parseEntry(e, parseSparkBoolean);
}

/**
 * The size keys Spark reads for a role's pod, with the unit of a bare number. The floor keys exist
 * from 4.0.0 on (SPARK-47208); before, Spark does not read them.
 */
function sizeKeysOf(role: SparkRole, version: SparkVersion): ReadonlyArray<readonly [string, 'b' | 'm']> {
  const r = role === SparkRole.DRIVER ? 'driver' : 'executor';
  const keys: Array<readonly [string, 'b' | 'm']> = [[`spark.${r}.memory`, 'm'], [`spark.${r}.memoryOverhead`, 'm']];
  if (version.isAtLeast('4.0')) keys.push([`spark.${r}.minMemoryOverhead`, 'm']);
  if (role === SparkRole.EXECUTOR) keys.push(['spark.executor.pyspark.memory', 'm'], ['spark.memory.offHeap.size', 'b']);
  return keys;
}

/** A DNS-1123 subdomain: the domain part of a Kubernetes extended resource name. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * How many executors Spark starts and at most runs, from the final conf: with dynamic allocation
 * max(minExecutors, initialExecutors, spark.executor.instances) and maxExecutors (default
 * unbounded, Int.MaxValue); without it spark.executor.instances (default 2 on Kubernetes).
 */
export function executorCounts(conf: ReadonlyMap<string, string>): { dynamic: boolean; initial: number; max: number } {
  const int = (k: string): number | undefined => {
    const e = readConf(conf, k);
    return e === undefined ? undefined : parseEntry(e, parseSparkInt);
  };
  const instances = int('spark.executor.instances');
  if (confFlag(conf, 'spark.dynamicAllocation.enabled')) {
    const min = int('spark.dynamicAllocation.minExecutors') ?? 0;
    const initial = int('spark.dynamicAllocation.initialExecutors') ?? min;
    return { dynamic: true, initial: Math.max(min, initial, instances ?? 0), max: int('spark.dynamicAllocation.maxExecutors') ?? INT_MAX };
  }
  const n = instances ?? 2;
  return { dynamic: false, initial: n, max: n };
}

/**
 * Computes what Spark puts on a driver or executor pod from the final Spark configuration, reading
 * each value as Spark does (sizes with their default unit, booleans in any case, older key names).
 * Throws a `ConfValueError` naming the key on unusable values (the caller names the construct).
 */
export function computePodResources(role: SparkRole, conf: ReadonlyMap<string, string>, ctx: ModelContext): PodResources {
  const r = role === SparkRole.DRIVER ? 'driver' : 'executor';
  const entry = (k: string) => readConf(conf, k);
  // Size suffixes as this release reads them: Ki/KiB ... Pi/PiB only from 4.2.0 on (SPARK-55051).
  const units = sizeUnitsOf(ctx.version);
  const mib = (k: string, fallback: string, unit: 'b' | 'm' = 'm') =>
    parseEntry(entry(k) ?? { key: k, value: fallback }, v => sparkMebibytes(v, unit, units));
  // Spark parses these sizes for the pod even where the figure does not use them (the default
  // resource profile reads spark.executor.pyspark.memory for JVM apps too, and
  // Utils.executorOffHeapMemorySizeAsMb reads spark.memory.offHeap.size before checking that
  // off-heap is on), so a size this release cannot read fails here as it fails in Spark.
  for (const [k, unit] of sizeKeysOf(role, ctx.version)) {
    const e = entry(k);
    if (e !== undefined) parseEntry(e, v => parseSparkBytes(v, unit, units));
  }
  const factorOf = (k: string, ok: (f: number) => boolean, rule: string): number | undefined => {
    const e = entry(k);
    if (e === undefined) return undefined;
    const f = parseEntry(e, parseSparkDouble);
    if (!ok(f)) throw new ConfValueError(e.key, e.value, rule, 'use a factor of the heap such as 0.1 or 0.4');
    return f;
  };

  const heap = mib(`spark.${r}.memory`, '1g');
  // The factor: per-role key (3.3+) wins; else spark.kubernetes.memoryOverheadFactor; else 0.4 for
  // Python/R main resources (the driver re-publishes it to executors in cluster mode), else 0.1.
  // Spark accepts 0 for the Kubernetes factor (the overhead is then the floor) but not for the
  // per-role ones (Config.scala and package.scala checkValue).
  const kubernetesFactor = factorOf('spark.kubernetes.memoryOverheadFactor', f => f >= 0, 'must be at least 0 (Spark checks it; the upper bound 1 was removed in Spark 3.3.0, SPARK-37611)');
  const roleFactor = ctx.version.isAtLeast('3.3')
    ? factorOf(`spark.${r}.memoryOverheadFactor`, f => f > 0 && Number.isFinite(f), 'must be a number above 0 (Spark checks it)')
    : undefined;
  const factor = roleFactor ?? kubernetesFactor ?? (ctx.nonJvm ? 0.4 : 0.1);
  // The floor: 384 MiB up to 3.5; spark.{driver,executor}.minMemoryOverhead (default 384m) from
  // 4.0.0 on (SPARK-47208). Unchanged in 4.1 and 4.2: the 4.1.2 executor step still passes the
  // floor, the factor and isPythonApp to ResourceProfile.getResourcesForClusterManager, and the
  // 4.2.0 release notes list no change to the pod's memory, CPU or resource math (their
  // Kubernetes changes are listed in docs/spark-versions.md).
  const minOverhead = ctx.version.isAtLeast('4.0') ? mib(`spark.${r}.minMemoryOverhead`, '384m') : DEFAULT_MIN_OVERHEAD;
  const overhead = entry(`spark.${r}.memoryOverhead`) !== undefined
    ? mib(`spark.${r}.memoryOverhead`, '0')
    : Math.max(Math.trunc(factor * heap), minOverhead);

  let offHeap = 0;
  let pyspark = 0;
  if (role === SparkRole.EXECUTOR) {
    if (confFlag(conf, 'spark.memory.offHeap.enabled')) {
      // Spark requires more than 0 bytes (Utils.checkOffHeapEnabled) and adds whole MiB to the pod.
      const size = entry('spark.memory.offHeap.size') ?? { key: 'spark.memory.offHeap.size', value: '0' };
      const bytes = parseEntry(size, v => parseSparkBytes(v, 'b', units));
      if (bytes <= 0) {
        const on = entry('spark.memory.offHeap.enabled')!.key;
        throw new ConfValueError('spark.memory.offHeap.size', conf.get('spark.memory.offHeap.size'), `must be positive when ${on} is true`,
          `give the off-heap size (e.g. 2g), or remove ${on}`);
      }
      offHeap = Math.floor(bytes / 1024 ** 2);
    }
    if (ctx.python && entry('spark.executor.pyspark.memory') !== undefined) {
      pyspark = mib('spark.executor.pyspark.memory', '0');
    }
  }
  const memory = heap + overhead + offHeap + pyspark;

  const quantity = (e: { key: string; value: string }) => {
    const millis = parseEntry(e, cpuMillis);
    if (millis < 0) throw new ConfValueError(e.key, e.value, 'must not be negative', 'give a CPU amount such as 500m or 2');
    return millis;
  };
  const request = entry(`spark.kubernetes.${r}.request.cores`);
  const cpuRequest = request !== undefined
    ? quantity(request)
    : 1000 * parseEntry(entry(`spark.${r}.cores`) ?? { key: `spark.${r}.cores`, value: '1' }, parseSparkInt);
  const limit = entry(`spark.kubernetes.${r}.limit.cores`);
  let cpuLimit: number | undefined = limit !== undefined ? quantity(limit) : undefined;

  // Custom resources: spark.<role>.resource.<name>.amount (read with String.toInt; amounts of 0
  // or less request nothing) with .vendor → limit <vendor>/<name>.
  const extended: Record<string, number> = {};
  const prefix = `spark.${r}.resource.`;
  const amountKeys: string[] = [];
  const claimKeys: string[] = [];
  const pvcPrefix = `spark.kubernetes.${r}.volumes.persistentVolumeClaim.`;
  for (const k of conf.keys()) {
    if (k.startsWith(prefix) && k.endsWith('.amount')) amountKeys.push(k);
    else if (k.startsWith(pvcPrefix) && k.endsWith('.options.claimName')) claimKeys.push(k);
  }
  for (const k of amountKeys.sort()) {
    const v = conf.get(k)!;
    const name = k.slice(prefix.length, -'.amount'.length);
    const amount = parseEntry({ key: k, value: v }, parseResourceAmount);
    if (amount <= 0) continue;
    const vendorKey = `${prefix}${name}.vendor`;
    const vendor = conf.get(vendorKey);
    if (!vendor) {
      throw new ConfValueError(k, v, `is set but ${vendorKey} is not (Spark on Kubernetes needs the vendor to name the resource)`,
        `set ${keyProp('sparkConf', vendorKey)} too, e.g. to nvidia.com`);
    }
    if (vendor.includes('/')) {
      const domain = vendor.split('/')[0];
      throw new ConfValueError(vendorKey, vendor, `is a whole resource name, but Spark adds "/${name}" itself (the pod would ask for ${vendor}/${name})`,
        `use the vendor domain only, e.g. ${JSON.stringify(domain || 'nvidia.com')}`);
    }
    if (vendor.length > 253 || !DNS_SUBDOMAIN.test(vendor)) {
      throw new ConfValueError(vendorKey, vendor, `is not a DNS subdomain, so ${vendor}/${name} is not a Kubernetes resource name`,
        'use the device plugin\'s domain in lower case, e.g. nvidia.com or amd.com');
    }
    extended[`${vendor}/${name}`] = amount;
  }

  // Template resources that Spark does not overwrite stay on the container.
  const tReq = ctx.templateResources?.requests ?? {};
  const tLim = ctx.templateResources?.limits ?? {};
  if (cpuLimit === undefined && tLim.cpu !== undefined) cpuLimit = cpuMillis(tLim.cpu);
  const eReq = tReq['ephemeral-storage'] !== undefined ? quantityMebibytes(tReq['ephemeral-storage']) : undefined;
  const eLim = tLim['ephemeral-storage'] !== undefined ? quantityMebibytes(tLim['ephemeral-storage']) : undefined;

  // On-demand claims: spark.kubernetes.<role>.volumes.persistentVolumeClaim.<name>.options.claimName=OnDemand
  const claims: OnDemandClaim[] = [];
  for (const k of claimKeys.sort()) {
    if (conf.get(k) !== 'OnDemand') continue;
    const name = k.slice(pvcPrefix.length, -'.options.claimName'.length);
    const sc = conf.get(`${pvcPrefix}${name}.options.storageClass`);
    const sizeKey = `${pvcPrefix}${name}.options.sizeLimit`;
    const size = conf.get(sizeKey);
    if (sc === undefined || size === undefined) continue; // Spark creates no claim without both
    let sizeMebibytes: number;
    try {
      sizeMebibytes = quantityMebibytes(size);
    } catch (e) {
      throw confValueError(sizeKey, size, e);
    }
    claims.push({ volumeName: name, storageClass: sc, sizeMebibytes });
  }

  return {
    role,
    cpuRequestMillis: cpuRequest,
    cpuLimitMillis: cpuLimit,
    heapMebibytes: heap,
    overheadMebibytes: overhead,
    offHeapMebibytes: offHeap,
    pysparkMebibytes: pyspark,
    memoryRequestMebibytes: memory,
    memoryLimitMebibytes: memory,
    extendedResources: extended,
    ephemeralStorageRequestMebibytes: eReq,
    ephemeralStorageLimitMebibytes: eLim,
    onDemandClaims: claims,
  };
}

/** A parse failure of the value of `key`, as a ConfValueError. */
function confValueError(key: string, value: string, e: unknown): ConfValueError {
  if (e instanceof ValueProblem) return new ConfValueError(key, value, e.problem, e.fix);
  return new ConfValueError(key, value, `cannot be read (${(e as Error).message})`, 'check the value against the Spark documentation of the key');
}

/** An empty total.*/
export function emptyTotals(): ResourceTotals {
  return {
    pods: 0,
    cpuRequestMillis: 0,
    cpuLimitMillis: 0,
    podsWithoutCpuLimit: 0,
    memoryRequestMebibytes: 0,
    memoryLimitMebibytes: 0,
    extendedResources: {},
    ephemeralStorageRequestMebibytes: 0,
    persistentVolumeClaims: 0,
    storageRequestMebibytes: 0,
    storageByClassMebibytes: {},
  };
}

/** `count` pods of `pod` as a total.*/
export function podTotals(pod: PodResources, count: number): ResourceTotals {
  const ext: Record<string, number> = {};
  for (const [k, v] of Object.entries(pod.extendedResources)) ext[k] = v * count;
  const byClass: Record<string, number> = {};
  let storage = 0;
  for (const c of pod.onDemandClaims) {
    byClass[c.storageClass] = (byClass[c.storageClass] ?? 0) + c.sizeMebibytes * count;
    storage += c.sizeMebibytes * count;
  }
  return {
    pods: count,
    cpuRequestMillis: pod.cpuRequestMillis * count,
    cpuLimitMillis: (pod.cpuLimitMillis ?? 0) * count,
    podsWithoutCpuLimit: pod.cpuLimitMillis === undefined ? count : 0,
    memoryRequestMebibytes: pod.memoryRequestMebibytes * count,
    memoryLimitMebibytes: pod.memoryLimitMebibytes * count,
    extendedResources: ext,
    ephemeralStorageRequestMebibytes: (pod.ephemeralStorageRequestMebibytes ?? 0) * count,
    persistentVolumeClaims: pod.onDemandClaims.length * count,
    storageRequestMebibytes: storage,
    storageByClassMebibytes: byClass,
  };
}

/** Adds totals.*/
export function addTotals(...all: ResourceTotals[]): ResourceTotals {
  const sumMap = (maps: { [k: string]: number }[]) => {
    const out: Record<string, number> = {};
    for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  const sum = (f: (t: ResourceTotals) => number) => all.reduce((s, t) => s + f(t), 0);
  return {
    pods: sum(t => t.pods),
    cpuRequestMillis: sum(t => t.cpuRequestMillis),
    cpuLimitMillis: sum(t => t.cpuLimitMillis),
    podsWithoutCpuLimit: sum(t => t.podsWithoutCpuLimit),
    memoryRequestMebibytes: sum(t => t.memoryRequestMebibytes),
    memoryLimitMebibytes: sum(t => t.memoryLimitMebibytes),
    extendedResources: sumMap(all.map(t => t.extendedResources)),
    ephemeralStorageRequestMebibytes: sum(t => t.ephemeralStorageRequestMebibytes),
    persistentVolumeClaims: sum(t => t.persistentVolumeClaims),
    storageRequestMebibytes: sum(t => t.storageRequestMebibytes),
    storageByClassMebibytes: sumMap(all.map(t => t.storageByClassMebibytes)),
  };
}

/** A container of a pod other than Spark's, by its requests. */
export interface OtherContainer {
  readonly kind: 'init' | 'sidecar';
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
}

/**
 * A pod computed for Spark's container, with its init containers and sidecars counted as
 * Kubernetes counts them: max(largest init container, Spark container + sidecars), for requests
 * and for limits.
 */
export function withOtherContainers(pod: PodResources, others: readonly OtherContainer[]): PodResources {
  if (others.length === 0) return pod;
  const sum = (f: (r: OtherContainer) => number) => others.filter(r => r.kind === 'sidecar').reduce((s, r) => s + f(r), 0);
  const max = (f: (r: OtherContainer) => number) => Math.max(0, ...others.filter(r => r.kind === 'init').map(f));
  const cpu = (spark: number) => Math.max(max(r => r.cpuMillis), spark + sum(r => r.cpuMillis));
  const memory = (spark: number) => Math.max(max(r => r.memoryMebibytes), spark + sum(r => r.memoryMebibytes));
  const cpuRequestMillis = cpu(pod.cpuRequestMillis);
  const memoryRequestMebibytes = memory(pod.memoryRequestMebibytes);
  return {
    ...pod,
    cpuRequestMillis,
    cpuLimitMillis: pod.cpuLimitMillis === undefined ? undefined : cpu(pod.cpuLimitMillis),
    memoryRequestMebibytes,
    memoryLimitMebibytes: memory(pod.memoryLimitMebibytes),
    otherContainersCpuMillis: cpuRequestMillis - pod.cpuRequestMillis,
    otherContainersMemoryMebibytes: memoryRequestMebibytes - pod.memoryRequestMebibytes,
  };
}

/** An app's figures from its two pods and its executor counts: the peak is the driver plus the most executors. */
export function appResources(driver: PodResources, executor: PodResources, counts: { initial: number; max: number }): SparkAppResources {
  return {
    driver,
    executor,
    initialExecutors: counts.initial,
    maxExecutors: counts.max,
    peak: addTotals(podTotals(driver, 1), podTotals(executor, counts.max)),
  };
}
