import { computePodResources } from './_model';
import { addWarning } from './_warn';
import { SparkRole } from './resources';
import { SparkApp, SparkApplicationType } from './spark-app';

/** Spark uses volumes whose name starts with `spark-local-dir-` as local dirs. */
export const LOCAL_DIR_VOLUME = 'spark-local-dir-1';

/** Marks ShuffleStorage objects (checked by symbol, robust to two copies of the library). */
export const SHUFFLE_STORAGE_MARKER = Symbol.for('cdk8s-spark.ShuffleStorage');

/** Whether an addon is a ShuffleStorage. */
export function isShuffleStorage(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as any)[SHUFFLE_STORAGE_MARKER] === true;
}

/** What a tmpfs strategy did to a role's memory overhead, checked again at synthesis. */
export interface OverheadCheck {
  readonly role: SparkRole;
  readonly tmpfsMebibytes: number;
  /** Spark's computed overhead at bind time, when the strategy set the overhead itself. */
  readonly computedMebibytes?: number;
  readonly source: string;
}

const NATIVE_MIN_MIB = 384;

function modelContext(app: SparkApp) {
  return {
    nonJvm: app.type === SparkApplicationType.PYTHON || app.type === SparkApplicationType.R,
    python: app.type === SparkApplicationType.PYTHON,
    version: app.sparkVersion,
  };
}

/**
 * Raises a role's memory overhead by the size of a tmpfs local dir (tmpfs pages count against the
 * container's memory limit, which Spark sets to heap + overhead). An explicit overhead must
 * already include it: Spark's explicit value replaces its computed one, so nothing can be added.
 */
export function raiseOverheadForTmpfs(app: SparkApp, role: SparkRole, tmpfsMebibytes: number, source: string): OverheadCheck {
  const key = `spark.${role}.memoryOverhead`;
  const prop = `${role}MemoryOverhead`;
  const res = app.resources();
  const pod = role === SparkRole.DRIVER ? res.driver : res.executor;
  if (app._conf.has(key)) {
    const need = tmpfsMebibytes + NATIVE_MIN_MIB;
    if (pod.overheadMebibytes < need) {
      throw new Error(`SparkApp ${app.node.id}: ${source} keeps a ${tmpfsMebibytes} MiB tmpfs local dir in the ${role}'s memory, but ${prop} is ${pod.overheadMebibytes} MiB; an explicit overhead replaces Spark's computed one, so it must include the tmpfs size plus at least ${NATIVE_MIN_MIB} MiB of native memory: set ${prop} to at least ${need} MiB, or leave it unset and the tmpfs size is added to Spark's computed overhead`);
    }
    return { role, tmpfsMebibytes, source };
  }
  app.addSparkConf(key, `${pod.overheadMebibytes + tmpfsMebibytes}m`, source);
  return { role, tmpfsMebibytes, computedMebibytes: pod.overheadMebibytes, source };
}

/**
 * At synthesis: the overhead Spark would compute from the final configuration (without the key
 * the strategy set) must still be the one the strategy added the tmpfs size to. Settings applied
 * after binding (raw sparkConf, e.g. spark.executor.memoryOverheadFactor) would otherwise be
 * silently ignored by Spark, since the explicit overhead replaces the computed one.
 */
export function checkRaisedOverhead(app: SparkApp, c: OverheadCheck): string | undefined {
  if (c.computedMebibytes === undefined) return undefined;
  const key = `spark.${c.role}.memoryOverhead`;
  const view = new Map(app._conf.view());
  view.delete(key);
  let now: number;
  try {
    now = computePodResources(c.role, view, modelContext(app)).overheadMebibytes;
  } catch {
    return undefined; // SparkApp reports unparseable values itself
  }
  if (now === c.computedMebibytes) return undefined;
  return `SparkApp ${app.node.id}: ${c.source} set ${key} to ${c.computedMebibytes + c.tmpfsMebibytes}m (the ${c.computedMebibytes} MiB overhead Spark computed when the shuffle storage was bound, plus the ${c.tmpfsMebibytes} MiB tmpfs), but the final configuration computes ${now} MiB (an overhead setting in sparkConf?), which Spark would ignore; set ${c.role}MemoryOverhead to at least ${now + c.tmpfsMebibytes} MiB instead`;
}

/** Compares dotted version numbers (`0.6.1` vs `0.7.0`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(x => Number.parseInt(x, 10));
  const pb = b.split(/[.-]/).map(x => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isNaN(pa[i]) ? 0 : pa[i] ?? 0;
    const y = Number.isNaN(pb[i]) ? 0 : pb[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * Checks a Celeborn client jar name (`celeborn-client-spark-<major>-shaded_<scala>-<version>.jar`)
 * against the app's Spark major and Scala version and the cluster's Celeborn version.
 */
export function checkCelebornClientJar(app: SparkApp, who: string, source: string, jar: string, clusterVersion: string): void {
  const file = jar.slice(jar.lastIndexOf('/') + 1);
  const v = app.sparkVersion;
  const m = /^celeborn-client-spark-(\d+)-shaded_(2\.\d+)-(\d+\.\d+\.\d+)[^/]*\.jar$/.exec(file);
  if (!m) {
    throw new Error(`${who} clientJar "${jar}" is not a Celeborn Spark client jar; expected celeborn-client-spark-${v.major}-shaded_${v.defaultScalaVersion}-${clusterVersion}.jar`);
  }
  const [, major, scala, version] = m;
  if (Number(major) !== v.major) {
    throw new Error(`${who} clientJar ${file} is the client for Spark ${major}, but the app runs Spark ${v.version}; use celeborn-client-spark-${v.major}-shaded_${v.defaultScalaVersion}-${clusterVersion}.jar`);
  }
  if (scala !== v.defaultScalaVersion) {
    if (v.major >= 4) {
      throw new Error(`${who} clientJar ${file} is built for Scala ${scala}, but Spark ${v.version} is built for Scala 2.13 only; use celeborn-client-spark-4-shaded_2.13-${clusterVersion}.jar`);
    }
    addWarning(app, `${source}: clientJar ${file} is built for Scala ${scala}; the default Spark ${v.version} build uses Scala ${v.defaultScalaVersion}, so this only works with a Scala ${scala} image`);
  }
  if (version !== clusterVersion) {
    addWarning(app, `${source}: clientJar ${file} is Celeborn ${version} but the cluster runs ${clusterVersion}; use the client of the cluster's version`);
  }
}
