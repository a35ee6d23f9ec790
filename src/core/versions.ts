import { required, str } from './check';
import { propError } from './errors';
import { checkArg } from './util';

/** Empty or malformed versions get the message below, with the accepted form. */
const VERSION_STRING = required(str({ allowEmpty: true }));

/** The oldest supported release and the newest supported line (every patch release of it). */
const OLDEST = [3, 3, 0];
const NEWEST_LINE = [4, 2, 0];
/** The supported range as error messages state it. */
const RANGE_TEXT = `${OLDEST.join('.')} to ${NEWEST_LINE[0]}.${NEWEST_LINE[1]}.x`;

/**
 * A Spark release, such as 3.5.5, 4.1.1 or 4.2.0.
 *
 * The version decides the resource model (the per-role overhead factors of 3.3, the configurable
 * overhead floor of 4.0, the IEC size units such as `4GiB` that Spark reads from 4.2 on), defaults
 * that changed between releases (shuffle tracking, PVC access mode), the Scala version of the
 * default build and which plugins fit. Supported: 3.3.0 up to 4.2.x; docs/spark-versions.md lists
 * what changes per release.
 */
export class SparkVersion {
  /** Spark 3.3.4, the last 3.3 release. */
  public static readonly V3_3_4 = SparkVersion.of('3.3.4');
  /** Spark 3.4.4, the last 3.4 release. */
  public static readonly V3_4_4 = SparkVersion.of('3.4.4');
  /** Spark 3.5.5. */
  public static readonly V3_5_5 = SparkVersion.of('3.5.5');
  /** Spark 4.0.1. */
  public static readonly V4_0_1 = SparkVersion.of('4.0.1');
  /** Spark 4.1.1. */
  public static readonly V4_1_1 = SparkVersion.of('4.1.1');
  /** Spark 4.2.0, the release the Apache Spark Kubernetes Operator's examples run. */
  public static readonly V4_2_0 = SparkVersion.of('4.2.0');

  /**
   * A Spark version given as `major.minor.patch`.
   *
   * @param version for example `3.5.5`
   */
  public static of(version: string): SparkVersion {
    checkArg({ owner: 'SparkVersion.of' }, 'version', VERSION_STRING, version);
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!m) {
      throw propError('SparkVersion.of', 'version', version, 'is not a Spark release version', 'expected major.minor.patch such as 3.5.5 or 4.0.1');
    }
    const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (compare([major, minor, patch], OLDEST) < 0 || compare([major, minor, 0], NEWEST_LINE) > 0) {
      throw propError('SparkVersion.of', 'version', version, `is not supported: cdk8s-spark supports Spark ${RANGE_TEXT} (the resource model follows Spark's own code for these releases)`,
        'use a release in that range, e.g. SparkVersion.V3_5_5 or SparkVersion.V4_2_0');
    }
    return new SparkVersion(version, major, minor, patch);
  }

  /** Major version, e.g. 3. */
  public readonly major: number;
  /** Minor version, e.g. 5. */
  public readonly minor: number;
  /** Patch version, e.g. 5. */
  public readonly patch: number;
  /** The version string, e.g. `3.5.5`. */
  public readonly version: string;

  private constructor(version: string, major: number, minor: number, patch: number) {
    this.version = version;
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  /** `major.minor`, e.g. `3.5`. */
  public get line(): string {
    return `${this.major}.${this.minor}`;
  }

  /**
   * Scala binary version of the default Spark build: 2.12 for 3.x, 2.13 for 4.x (Spark 4 is built
   * for Scala 2.13 only).
   */
  public get defaultScalaVersion(): string {
    return this.major >= 4 ? '2.13' : '2.12';
  }

  /** Whether this version is at least the given `major.minor[.patch]`. */
  public isAtLeast(version: string): boolean {
    const [a, b, c] = version.split('.').map(Number);
    return compare([this.major, this.minor, this.patch], [a, b ?? 0, c ?? 0]) >= 0;
  }

  /** Whether this version is below the given `major.minor[.patch]`. */
  public isBelow(version: string): boolean {
    return !this.isAtLeast(version);
  }

  public toString(): string {
    return this.version;
  }
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}
