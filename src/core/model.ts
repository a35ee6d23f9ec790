import { constructError } from './errors';
import { OnDemandClaim, PodResources, ResourceTotals, SparkRole } from './resources';
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
 * Parses a Spark byte string (`512m`, `4g`, `1536`) into bytes, with `defaultUnit` for a bare
 * number, as `JavaUtils.byteStringAs` does (binary units, no fractions).
 */
export function parseSparkBytes(value: string, defaultUnit: 'b' | 'm'): number {
  const v = value.trim().toLowerCase();
  const m = /^([0-9]+)([a-z]+)?$/.exec(v);
  if (!m) {
    throw new Error(`"${value}" is not a Spark size: expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)`);
  }
  const unit = m[2] ?? defaultUnit;
  const factor = BYTE_UNITS[unit];
  if (factor === undefined) {
    throw new Error(`"${value}" has an unknown size unit "${unit}": expected b, k, m, g, t or p (e.g. 512m, 4g)`);
  }
  return Number(m[1]) * factor;
}

/** Spark byte string → whole MiB (truncated, as Spark's conversion does).*/
export function sparkMebibytes(value: string, defaultUnit: 'b' | 'm' = 'm'): number {
  return Math.floor(parseSparkBytes(value, defaultUnit) / 1024 ** 2);
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
    throw new Error(`"${value}" is not a Kubernetes quantity (e.g. 500m, 2, 1.5, 4Gi)`);
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
 * Computes what Spark puts on a driver or executor pod from the final Spark configuration.
 * Throws a plain problem description (the caller prefixes the construct) on unparseable values.
 */
export function computePodResources(role: SparkRole, conf: ReadonlyMap<string, string>, ctx: ModelContext): PodResources {
  const r = role === SparkRole.DRIVER ? 'driver' : 'executor';
  const key = (k: string) => conf.get(k);
  const mib = (k: string, fallback: string, unit: 'b' | 'm' = 'm') => {
    const v = key(k) ?? fallback;
    try {
      return sparkMebibytes(v, unit);
    } catch (e) {
      throw constructError(k, `${(e as Error).message}`);
    }
  };
  const factorOf = (k: string): number | undefined => {
    const v = key(k);
    if (v === undefined) return undefined;
    const f = Number(v);
    if (!Number.isFinite(f) || f <= 0) {
      throw new Error(`${k} must be a positive number, got "${v}"`);
    }
    return f;
  };

  const heap = mib(`spark.${r}.memory`, '1g');
  // The factor: per-role key (3.3+) wins; else spark.kubernetes.memoryOverheadFactor; else 0.4 for
  // Python/R main resources (the driver re-publishes it to executors in cluster mode), else 0.1.
  const kubernetesFactor = factorOf('spark.kubernetes.memoryOverheadFactor');
  const roleFactor = factorOf(`spark.${r}.memoryOverheadFactor`);
  const factor = roleFactor ?? kubernetesFactor ?? (ctx.nonJvm ? 0.4 : 0.1);
  const minOverhead = ctx.version.isAtLeast('4.0') ? mib(`spark.${r}.minMemoryOverhead`, '384m') : DEFAULT_MIN_OVERHEAD;
  const overhead = key(`spark.${r}.memoryOverhead`) !== undefined
    ? mib(`spark.${r}.memoryOverhead`, '0')
    : Math.max(Math.trunc(factor * heap), minOverhead);

  let offHeap = 0;
  let pyspark = 0;
  if (role === SparkRole.EXECUTOR) {
    if (key('spark.memory.offHeap.enabled') === 'true') {
      offHeap = mib('spark.memory.offHeap.size', '0', 'b');
      if (offHeap <= 0) {
        throw new Error('spark.memory.offHeap.size must be positive when spark.memory.offHeap.enabled is true');
      }
    }
    if (ctx.python && key('spark.executor.pyspark.memory') !== undefined) {
      pyspark = mib('spark.executor.pyspark.memory', '0');
    }
  }
  const memory = heap + overhead + offHeap + pyspark;

  const requestKey = `spark.kubernetes.${r}.request.cores`;
  const limitKey = `spark.kubernetes.${r}.limit.cores`;
  const coresKey = `spark.${r}.cores`;
  const cpuOf = (k: string, v: string) => {
    try {
      return cpuMillis(v);
    } catch (e) {
      throw constructError(k, `${(e as Error).message}`);
    }
  };
  const cpuRequest = key(requestKey) !== undefined ? cpuOf(requestKey, key(requestKey)!) : cpuOf(coresKey, key(coresKey) ?? '1');
  let cpuLimit: number | undefined = key(limitKey) !== undefined ? cpuOf(limitKey, key(limitKey)!) : undefined;

  // Custom resources: spark.<role>.resource.<name>.amount with .vendor → limit <vendor>/<name>.
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
    const vendor = key(`${prefix}${name}.vendor`);
    if (!vendor) {
      throw new Error(`${k} is set but ${prefix}${name}.vendor is not; Spark on Kubernetes needs the vendor (e.g. nvidia.com) to name the resource`);
    }
    const amount = Number(v);
    if (!Number.isInteger(amount) || amount < 1) {
      throw new Error(`${k} must be a whole number of at least 1, got "${v}"`);
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
    const sc = key(`${pvcPrefix}${name}.options.storageClass`);
    const size = key(`${pvcPrefix}${name}.options.sizeLimit`);
    if (sc === undefined || size === undefined) continue; // Spark creates no claim without both
    claims.push({ volumeName: name, storageClass: sc, sizeMebibytes: quantityMebibytes(size) });
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
