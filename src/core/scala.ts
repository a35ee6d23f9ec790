import { constructError } from './errors';
import { SparkVersion } from './versions';

/**
 * The Scala binary version an app runs: the explicit prop, else a `scala2.1x` in the image tag,
 * else the default build of its Spark version (2.12 for 3.x, 2.13 for 4.x). Throws (prefixed with
 * `owner`) when the prop names a Scala that Spark is not built for, or contradicts the image tag.
 */
export function resolveScalaVersion(owner: string, props: { sparkVersion: SparkVersion; image?: string; scalaVersion?: string }): string {
  const v = props.sparkVersion;
  const fromImage = scalaOfImage(props.image);
  const scala = props.scalaVersion ?? fromImage ?? v.defaultScalaVersion;
  const allowed = v.major >= 4 ? ['2.13'] : ['2.12', '2.13'];
  if (!allowed.includes(scala)) {
    throw constructError(owner, `scalaVersion must be a Scala build of Spark ${v.version} (${allowed.join(' or ')}), got "${scala}"${v.major >= 4 ? ' (Spark 4 is built for Scala 2.13 only)' : ''}`);
  }
  if (props.scalaVersion !== undefined && fromImage !== undefined && fromImage !== scala) {
    throw constructError(owner, `scalaVersion is ${scala} but image "${props.image}" is a Scala ${fromImage} build; packages and jars must match the image's Scala version`);
  }
  return scala;
}

/** The Scala version an image tag names (`apache/spark:3.5.5-scala2.12-java17-ubuntu`), if any. */
export function scalaOfImage(image: string | undefined): string | undefined {
  return /scala(2\.1[23])(?![0-9])/i.exec(image ?? '')?.[1];
}

/**
 * Problems with dependencies built for another Spark or Scala version than the app's: a Maven
 * artifact or jar file named `<artifact>_<scala>` for another Scala binary version, and Spark's own
 * artifacts (`org.apache.spark:*`, `spark-*.jar`) of another Spark release.
 */
export function dependencyVersionProblems(spark: SparkVersion, scala: string, packages: string[], jars: string[]): string[] {
  const problems: string[] = [];
  for (const p of packages) {
    const [group, artifact, version] = p.split(':');
    const s = /_(2\.1[0-9])$/.exec(artifact ?? '')?.[1];
    if (s && s !== scala) {
      problems.push(`packages entry ${p} is built for Scala ${s} but the app runs Scala ${scala}; use ${group}:${artifact.replace(/_2\.1[0-9]$/, `_${scala}`)}:…`);
    }
    if (group === 'org.apache.spark' && version && version !== spark.version) {
      problems.push(`packages entry ${p} is Spark ${version} but the app runs Spark ${spark.version}; use version ${spark.version}`);
    }
  }
  for (const j of jars) {
    const file = j.split('/').pop() ?? j;
    const m = /_(2\.1[0-9])-([0-9][^/]*?)\.jar$/.exec(file);
    if (!m) continue;
    if (m[1] !== scala) {
      problems.push(`jar ${file} is built for Scala ${m[1]} but the app runs Scala ${scala}`);
    }
    if (file.startsWith('spark-') && /^\d+\.\d+\.\d+$/.test(m[2]) && m[2] !== spark.version) {
      problems.push(`jar ${file} is Spark ${m[2]} but the app runs Spark ${spark.version}`);
    }
  }
  return problems;
}
