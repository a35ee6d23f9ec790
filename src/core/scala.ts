import { propError } from './errors';
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
    const only = v.major >= 4 ? ' (Spark 4 is built for Scala 2.13 only)' : '';
    if (props.scalaVersion !== undefined) {
      throw propError(owner, 'scalaVersion', scala, `is not a Scala build of Spark ${v.version}${only}`, `use ${allowed.map(a => `"${a}"`).join(' or ')}`);
    }
    throw propError(owner, 'image', props.image, `is a Scala ${scala} build, which Spark ${v.version} is not built for${only}`, `use a Scala ${allowed.join(' or ')} image`);
  }
  if (props.scalaVersion !== undefined && fromImage !== undefined && fromImage !== scala) {
    throw propError(owner, 'scalaVersion', scala, `does not match image "${props.image}", a Scala ${fromImage} build (packages and jars must match the image's Scala version)`,
      `use "${fromImage}" (or leave scalaVersion unset: the image tag gives it), or an image built for Scala ${scala}`);
  }
  return scala;
}

/** The Scala version an image tag names (`apache/spark:3.5.5-scala2.12-java17-ubuntu`), if any. */
export function scalaOfImage(image: string | undefined): string | undefined {
  return /scala(2\.1[23])(?![0-9])/i.exec(image ?? '')?.[1];
}

/** A dependency as the user gave it: the prop that holds it (`packages[0]`, `jars[1]`) and its value. */
export interface Dependency {
  readonly prop: string;
  readonly value: string;
}

/** What is wrong with a dependency, in `propError` parts. */
export interface DependencyProblem {
  readonly prop: string;
  readonly value: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Problems with dependencies built for another Spark or Scala version than the app's: a Maven
 * artifact or jar file named `<artifact>_<scala>` for another Scala binary version, and Spark's own
 * artifacts (`org.apache.spark:*`, `spark-*.jar`) of another Spark release.
 */
export function dependencyVersionProblems(spark: SparkVersion, scala: string, packages: Dependency[], jars: Dependency[]): DependencyProblem[] {
  const problems: DependencyProblem[] = [];
  for (const { prop, value: p } of packages) {
    const [group, artifact, version] = p.split(':');
    const s = /_(2\.1[0-9])$/.exec(artifact ?? '')?.[1];
    const sparkArtifact = group === 'org.apache.spark';
    const fixedVersion = sparkArtifact && version ? spark.version : (version ?? '…');
    if (s && s !== scala) {
      problems.push({
        prop,
        value: p,
        problem: `is built for Scala ${s} but the app runs Scala ${scala}`,
        fix: `use ${group}:${artifact.replace(/_2\.1[0-9]$/, `_${scala}`)}:${fixedVersion}`,
      });
    }
    if (sparkArtifact && version && version !== spark.version) {
      problems.push({
        prop,
        value: p,
        problem: `is Spark ${version} but the app runs Spark ${spark.version}`,
        fix: `use ${group}:${artifact}:${spark.version}`,
      });
    }
  }
  for (const { prop, value: j } of jars) {
    const file = j.split('/').pop() ?? j;
    const m = /^(.*?)_(2\.1[0-9])-([0-9][^/]*?)\.jar$/.exec(file);
    if (!m) continue;
    const [, name, jarScala, jarVersion] = m;
    if (jarScala !== scala) {
      problems.push({
        prop,
        value: j,
        problem: `is built for Scala ${jarScala} but the app runs Scala ${scala}`,
        fix: `use ${name}_${scala}-${file.startsWith('spark-') ? spark.version : jarVersion}.jar`,
      });
    }
    if (file.startsWith('spark-') && /^\d+\.\d+\.\d+$/.test(jarVersion) && jarVersion !== spark.version) {
      problems.push({
        prop,
        value: j,
        problem: `is Spark ${jarVersion} but the app runs Spark ${spark.version}`,
        fix: `use ${name}_${scala}-${spark.version}.jar`,
      });
    }
  }
  return problems;
}
