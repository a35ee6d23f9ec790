import { SizeRoundingBehavior } from 'cdk8s';
import { ClaimAccessMode } from './shuffle-storage-options';
import {
  arr, bool, duration, enumOf, instance, int, objectName, refine, required, size, str, struct, Check, CheckContext, Shape,
  defineShape,
} from '../core/check';
import { propError } from '../core/errors';
import { addWarning } from '../core/warn';
import { CelebornCluster } from '../platform/celeborn-cluster';

/**
 * Runtime shapes of the ShuffleStorage factories' options (see `core/check.ts`), and the checks of
 * the paths, URIs and names they hold. The factories run `checkProps` with these before anything
 * reads the options.
 */

/** Whitespace, control characters and quotes: never part of a path or URI the library writes. */
const UNSAFE = /[\s\u0000-\u001f\u007f"'`]/;
/** Characters `java.net.URI` does not accept unescaped (the S3 plugin parses rootDir with `URI.create`). */
const NOT_IN_URI = /[<>{}|\\^]/;

/** A TiB in MiB: sizes above 64 TiB (the largest block volumes of the big clouds) are flagged. */
const TIB_MIB = 1024 * 1024;
const WARN_SIZE_TIB = 64;

function warn(ctx: CheckContext, message: string, id: string): void {
  if (ctx.scope) addWarning(ctx.scope, message, id);
}

/** `check`, but an empty string gets a fix that fits a required prop. */
function nonEmpty(c: Check, fix: string): Check {
  return {
    expected: c.expected,
    required: c.required,
    verify: (ctx, path, v) => {
      if (v === '') throw propError(ctx.owner, path, v, 'must not be empty', fix);
      c.verify(ctx, path, v);
    },
  };
}

function hasBackstep(path: string): boolean {
  return path.split('/').includes('..');
}

/** Container paths a local dir must not be mounted at, with the reason. */
function reservedMountProblem(path: string): string | undefined {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (p === '/opt/spark/conf' || p.startsWith('/opt/spark/conf/')) {
    return 'is where Spark mounts its own configuration (a ConfigMap) in the driver and executor containers';
  }
  if (['/', '/opt', '/opt/spark', '/opt/spark/bin', '/opt/spark/jars', '/opt/spark/python', '/opt/spark/sbin'].includes(p)) {
    return 'would hide the Spark installation of the image (SPARK_HOME is /opt/spark in the Spark images), so the container could not start Spark';
  }
  if (['/bin', '/dev', '/etc', '/lib', '/lib64', '/proc', '/sbin', '/sys', '/usr'].includes(p)) {
    return 'would hide a system directory of the container';
  }
  return undefined;
}

/**
 * The mount path of a local dir in the Spark container: absolute, plain, not over Spark's own
 * files, and without "," (Spark joins the local dirs into SPARK_LOCAL_DIRS with ",").
 */
export function localDirMountPath(example: string): Check {
  return refine(str(), (ctx, path, v: string) => {
    const fix = `use e.g. ${example}`;
    if (!v.startsWith('/')) throw propError(ctx.owner, path, v, 'must be an absolute path', fix);
    if (UNSAFE.test(v)) throw propError(ctx.owner, path, v, 'must not contain whitespace, quotes or control characters', fix);
    if (hasBackstep(v)) throw propError(ctx.owner, path, v, 'must not contain ".." elements', fix);
    if (v.includes(',')) {
      throw propError(ctx.owner, path, v, 'must not contain "," (Spark joins the local dirs with "," into SPARK_LOCAL_DIRS, which would split this one)', fix);
    }
    const reserved = reservedMountProblem(v);
    if (reserved) throw propError(ctx.owner, path, v, reserved, fix);
  });
}

/** A directory on the node (hostPath `path`): absolute, plain, no ".." (the API server rejects it). */
function nodePath(example: string): Check {
  return nonEmpty(refine(str(), (ctx, path, v: string) => {
    const fix = `use e.g. ${example}`;
    if (!v.startsWith('/')) throw propError(ctx.owner, path, v, 'must be an absolute path on the node', fix);
    if (UNSAFE.test(v)) throw propError(ctx.owner, path, v, 'must not contain whitespace, quotes or control characters', fix);
    if (hasBackstep(v)) throw propError(ctx.owner, path, v, 'must not contain ".." elements (the API server rejects them in hostPath paths)', fix);
  }), `give the directory on the node, e.g. ${example}`);
}

/** Jars in /opt/spark/jars are loaded by Spark; others go on the class path, where ":" separates entries. */
const SPARK_JARS_DIR = /^\/opt\/spark\/jars\/[^/]+$/;

/** The path of a jar in the image. */
function jarPath(example: string, opts: { jarSuffix?: boolean } = {}): Check {
  return nonEmpty(refine(str(), (ctx, path, v: string) => {
    const fix = `use e.g. ${example}`;
    if (!v.startsWith('/')) throw propError(ctx.owner, path, v, 'must be the absolute path of a jar in the image', fix);
    if (opts.jarSuffix && !/\.jar$/.test(v)) throw propError(ctx.owner, path, v, 'must be the path of a .jar file in the image', fix);
    if (UNSAFE.test(v)) throw propError(ctx.owner, path, v, 'must not contain whitespace, quotes or control characters', fix);
    if (hasBackstep(v)) throw propError(ctx.owner, path, v, 'must not contain ".." elements', fix);
    if (v.includes(':') && !SPARK_JARS_DIR.test(v)) {
      throw propError(ctx.owner, path, v, 'must not contain ":" (it goes on the class path, where ":" separates entries)', fix);
    }
  }), `give the path of the jar in the image, e.g. ${example}`);
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\/./i;

/** Problem with the characters or path of a file system URI (`s3a://bucket/dir/`), or undefined. */
function uriProblem(v: string): string | undefined {
  if (UNSAFE.test(v)) return 'must not contain whitespace, quotes or control characters';
  if (NOT_IN_URI.test(v) || /%(?![0-9a-f]{2})/i.test(v)) return 'contains characters a URI cannot hold unescaped';
  if (hasBackstep(v.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))) {
    return 'must not contain ".." elements (Hadoop resolves them, so the files would land outside the directory named)';
  }
  return undefined;
}

/** The shuffle root of the S3 plugin: a Hadoop file system URI, not local:. */
const ROOT_DIR: Check = nonEmpty(refine(str(), (ctx, path, v: string) => {
  const fix = 'use e.g. s3a://bucket/shuffle/';
  if (!SCHEME.test(v) || /^local:/i.test(v)) {
    throw propError(ctx.owner, path, v, 'must be a file system URI the executors share, with a scheme (not local:, a path inside each image)', fix);
  }
  const problem = uriProblem(v);
  if (problem) throw propError(ctx.owner, path, v, problem, fix);
}), 'give the object-store directory of the shuffle files, e.g. s3a://bucket/shuffle/');

/** Decommissioning's fallback storage: a URI executors on other nodes can read, ending in "/". */
const FALLBACK_PATH: Check = refine(str(), (ctx, path, v: string) => {
  const fix = 'use e.g. s3a://bucket/spark-fallback/';
  if (!SCHEME.test(v) || /^(file|local):/i.test(v)) {
    throw propError(ctx.owner, path, v, 'must be an object-store or distributed file system URI (executors on other nodes read it)', fix);
  }
  const problem = uriProblem(v);
  if (problem) throw propError(ctx.owner, path, v, problem, fix);
  if (!v.endsWith('/')) throw propError(ctx.owner, path, v, 'must end with "/" (Spark rejects it otherwise)', `use "${v}/"`);
});

/** A key of a Secret's data, as the API server checks it. */
const SECRET_KEY: Check = refine(str(), (ctx, path, v: string) => {
  if (v.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(v) || v === '.' || v.startsWith('..')) {
    throw propError(ctx.owner, path, v, 'is not a valid Secret key', 'use at most 253 letters, digits, "-", "_" and ".", not "." and not starting with ".."');
  }
});

/** A Size (as `size()`), with a warning above 64 TiB. */
function volumeSize(opts: { allowZero?: boolean } = {}): Check {
  return refine(size({ allowZero: opts.allowZero }), (ctx, path, v) => {
    const mib = v.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (mib > WARN_SIZE_TIB * TIB_MIB) {
      warn(ctx, `${path} ${v.asString()} is more than ${WARN_SIZE_TIB}Ti (the largest block volumes of the big clouds) for one pod; check the figure`, 'absurd-value');
    }
  });
}

/** Longest grace period Kubernetes can hold (terminationGracePeriodSeconds is an int64; JavaScript stays exact to 2^53). */
const MAX_GRACE_SECONDS = Number.MAX_SAFE_INTEGER;
const WARN_GRACE_SECONDS = 24 * 3600;

const GRACE_PERIOD: Check = refine(duration(), (ctx, path, v) => {
  const ms = v.toMilliseconds({ integral: false });
  if (ms < 1000 || ms % 1000 !== 0) throw propError(ctx.owner, path, v, 'must be a whole number of seconds of at least 1', 'use e.g. Duration.minutes(5)');
  if (ms / 1000 > MAX_GRACE_SECONDS) {
    throw propError(ctx.owner, path, v, 'is too long for the pods\' terminationGracePeriodSeconds', 'use e.g. Duration.minutes(5)');
  }
  if (ms / 1000 > WARN_GRACE_SECONDS) {
    warn(ctx, `${path} ${v.toHumanString()} is more than a day: node drains and scale-downs wait up to this long for each executor; check the figure`, 'absurd-value');
  }
});

export const DECOMMISSION_SHAPE: Shape = defineShape('DecommissionOptions', {
  fallbackStoragePath: FALLBACK_PATH,
  cleanUpFallbackStorage: bool(),
  rddBlocks: bool(),
  gracePeriod: GRACE_PERIOD,
});

const DECOMMISSION: Check = struct('DecommissionOptions', DECOMMISSION_SHAPE);

export const LOCAL_DISK_SHAPE: Shape = defineShape('LocalDiskShuffleOptions', {
  size: required(volumeSize()),
  tmpfs: bool(),
  headroom: volumeSize({ allowZero: true }),
  path: localDirMountPath('/var/data/spark-local-dir-1'),
  driverSize: volumeSize(),
  decommissioning: DECOMMISSION,
});

export const HOST_PATH_SHAPE: Shape = defineShape('HostPathShuffleOptions', {
  path: required(nodePath('/mnt/nvme0/spark')),
  mountPath: localDirMountPath('/var/data/spark-local-dir-1'),
  decommissioning: DECOMMISSION,
});

export const ON_DEMAND_PVC_SHAPE: Shape = defineShape('OnDemandPvcShuffleOptions', {
  storageClass: required(nonEmpty(objectName('StorageClass'), 'give the storage class of the claims, e.g. gp3 (Spark creates no on-demand claim without one)')),
  size: required(volumeSize()),
  mountPath: localDirMountPath('/data/spark-x/executor-x'),
  accessMode: enumOf('ClaimAccessMode', ClaimAccessMode),
  driverSize: volumeSize(),
  decommissioning: DECOMMISSION,
});

export const S3_SHAPE: Shape = defineShape('S3ShuffleOptions', {
  rootDir: required(ROOT_DIR),
  pluginJar: required(jarPath('/opt/spark/jars/spark-s3-shuffle_2.12-3.5.5_0.9.6.jar', { jarSuffix: true })),
  extraJars: arr(jarPath('/opt/spark/jars/hadoop-aws-3.3.4.jar')),
  credentialsSecret: objectName('Secret'),
  accessKeyIdKey: SECRET_KEY,
  secretAccessKeyKey: SECRET_KEY,
  // The plugin reads it with SparkConf.getInt (an int32); 0 would divide by zero.
  folderPrefixes: int(1, undefined, 10_000),
});

export const CELEBORN_SHAPE: Shape = defineShape('CelebornShuffleOptions', {
  clientJar: jarPath('/opt/spark/jars/celeborn-client-spark-3-shaded_2.12-0.6.1.jar', { jarSuffix: true }),
  pushReplicate: bool(),
});

/** The cluster argument of `ShuffleStorage.celeborn`. */
export const CELEBORN_CLUSTER: Check = instance('CelebornCluster', v => v instanceof CelebornCluster,
  'pass the CelebornCluster construct the app shuffles through');
