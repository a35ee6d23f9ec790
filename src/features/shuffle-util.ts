import { ISparkApp } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { addWarning } from '../core/warn';

/** Spark uses volumes whose name starts with `spark-local-dir-` as local dirs. */
export const LOCAL_DIR_VOLUME = 'spark-local-dir-1';

/** Marks ShuffleStorage objects (checked by symbol, robust to two copies of the library). */
export const SHUFFLE_STORAGE_MARKER = Symbol.for('cdk8s-spark.ShuffleStorage');

/** Whether an addon is a ShuffleStorage. */
export function isShuffleStorage(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as any)[SHUFFLE_STORAGE_MARKER] === true;
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
export function checkCelebornClientJar(app: ISparkApp, source: string, jar: string, clusterVersion: string): void {
  const file = jar.slice(jar.lastIndexOf('/') + 1);
  const v = app.sparkVersion;
  const m = /^celeborn-client-spark-(\d+)-shaded_(2\.\d+)-(\d+\.\d+\.\d+)[^/]*\.jar$/.exec(file);
  if (!m) {
    throw propError(constructLabel('SparkApp', app), `${source} clientJar`, jar, 'is not a Celeborn Spark client jar (celeborn-client-spark-<major>-shaded_<scala>-<version>.jar)',
      `use celeborn-client-spark-${v.major}-shaded_${v.defaultScalaVersion}-${clusterVersion}.jar`);
  }
  const [, major, scala, version] = m;
  if (Number(major) !== v.major) {
    throw propError(constructLabel('SparkApp', app), `${source} clientJar`, jar, `is the client for Spark ${major}, but the app runs Spark ${v.version}`,
      `use celeborn-client-spark-${v.major}-shaded_${v.defaultScalaVersion}-${clusterVersion}.jar`);
  }
  if (scala !== v.defaultScalaVersion) {
    if (v.major >= 4) {
      throw propError(constructLabel('SparkApp', app), `${source} clientJar`, jar, `is built for Scala ${scala}, but Spark ${v.version} is built for Scala 2.13 only`,
        `use celeborn-client-spark-4-shaded_2.13-${clusterVersion}.jar`);
    }
    addWarning(app, `${source}: clientJar ${file} is built for Scala ${scala}; the default Spark ${v.version} build uses Scala ${v.defaultScalaVersion}, so this only works with a Scala ${scala} image`, 'celeborn-client-scala');
  }
  if (version !== clusterVersion) {
    addWarning(app, `${source}: clientJar ${file} is Celeborn ${version} but the cluster runs ${clusterVersion}; use the client of the cluster's version`, 'celeborn-client-version');
  }
}

/**
 * A boolean Spark configuration value as Spark's typed entries read it (trimmed, any case), or
 * undefined when unset or not a boolean.
 */
export function sparkBoolean(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/**
 * A value as `SparkConf.getBoolean` reads it (plugins such as spark-s3-shuffle): any case, but
 * not trimmed; 'invalid' when it would throw.
 */
export function confGetBoolean(value: string): boolean | 'invalid' {
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : 'invalid';
}

/** A value as `SparkConf.getInt` reads it (Java's Integer.parseInt: optional sign, digits, int32), or undefined when it would throw. */
export function confGetInt(value: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}
