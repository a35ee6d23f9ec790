import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SparkAppProps } from './spark-app-props';
import { validateCronSchedule, validateTimeZone } from '../backends/kubeflow/cron';
import { SparkSchedule } from '../core/app-options';
import { SparkConfBuilder } from '../core/conf';
import { isCredentialKey } from '../core/credentials';
import { constructError } from '../core/errors';
import { PodSecurity } from '../core/pod-template';
import { CpuCores } from '../core/resources';
import { SparkApplicationType } from '../core/types';
import { requireInt, sizeToMebibytes } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning } from '../core/warn';

/** Shuffle IO plugins that tell Spark their shuffle data survives executors (dynamic allocation without tracking). */
const RELIABLE_SHUFFLE_PLUGINS = new Set([
  'org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO',
]);

// SparkApp's typed props turned into Spark conf, and the checks of props that need no other
// construct: main resource, image, schedule, credentials.

/** What the checks need of the app. */
export interface AppContext {
  readonly owner: string;
  readonly scope: IConstruct;
  readonly conf: SparkConfBuilder;
  readonly type: SparkApplicationType;
  readonly sparkVersion: SparkVersion;
}

export function setCpu(ctx: AppContext, role: string, request: CpuCores | undefined, limit: CpuCores | undefined, cores: number) {
  const prefix = role === 'driver' ? 'driver' : 'executor';
  if (request) {
    ctx.conf.set(`spark.kubernetes.${role}.request.cores`, request.toQuantity(), `prop ${prefix}CoreRequest`);
  }
  if (limit) {
    const req = request?.millicores ?? cores * 1000;
    if (limit.millicores < req) {
      throw constructError(ctx.owner, `${prefix}CoreLimit (${limit.toQuantity()}) must be at least the CPU request (${request ? `${prefix}CoreRequest ${request.toQuantity()}` : `${prefix}Cores ${cores}`})`);
    }
    ctx.conf.set(`spark.kubernetes.${role}.limit.cores`, limit.toQuantity(), `prop ${prefix}CoreLimit`);
  }
}

export function setMemory(ctx: AppContext, role: string, memory: Size | undefined, overhead: Size | undefined) {
  const heap = sizeToMebibytes(ctx.owner, `${role}Memory`, memory ?? Size.gibibytes(1));
  if (heap < 450) {
    throw constructError(ctx.owner, `${role}Memory must be at least 450 MiB (Spark reserves 300 MiB and refuses less than 1.5 times that), got ${heap} MiB`);
  }
  ctx.conf.set(`spark.${role}.memory`, `${heap}m`, `prop ${role}Memory`);
  if (overhead) {
    const mib = sizeToMebibytes(ctx.owner, `${role}MemoryOverhead`, overhead);
    if (mib < 1) {
      throw constructError(ctx.owner, `${role}MemoryOverhead must be at least 1 MiB, got ${mib} MiB`);
    }
    if (mib < 384) {
      addWarning(ctx.scope, `${role}MemoryOverhead is ${mib} MiB, below Spark's own floor of 384 MiB: native memory (netty, thread stacks, metaspace) may exceed it and the kernel OOM-kills the pod`);
    }
    ctx.conf.set(`spark.${role}.memoryOverhead`, `${mib}m`, `prop ${role}MemoryOverhead`);
  }
}

export function setExecutors(ctx: AppContext, props: SparkAppProps) {
  const da = props.dynamicAllocation;
  if (!da) {
    requireInt(ctx.owner, 'executorInstances', props.executorInstances, 1);
    ctx.conf.set('spark.executor.instances', `${props.executorInstances ?? 2}`, 'prop executorInstances');
    return;
  }
  if (props.executorInstances !== undefined) {
    throw constructError(ctx.owner, `executorInstances (${props.executorInstances}) cannot be combined with dynamicAllocation; use dynamicAllocation.initialExecutors`);
  }
  const min = da.minExecutors ?? 0;
  requireInt(ctx.owner, 'dynamicAllocation.minExecutors', min, 0);
  requireInt(ctx.owner, 'dynamicAllocation.maxExecutors', da.maxExecutors, 1);
  requireInt(ctx.owner, 'dynamicAllocation.initialExecutors', da.initialExecutors, 0);
  if (min > da.maxExecutors) {
    throw constructError(ctx.owner, `dynamicAllocation.minExecutors (${min}) must not exceed maxExecutors (${da.maxExecutors})`);
  }
  const initial = da.initialExecutors ?? min;
  if (initial < min || initial > da.maxExecutors) {
    throw constructError(ctx.owner, `dynamicAllocation.initialExecutors (${initial}) must be between minExecutors (${min}) and maxExecutors (${da.maxExecutors})`);
  }
  const s = 'prop dynamicAllocation';
  ctx.conf.set('spark.dynamicAllocation.enabled', 'true', s);
  ctx.conf.set('spark.dynamicAllocation.minExecutors', `${min}`, s);
  ctx.conf.set('spark.dynamicAllocation.initialExecutors', `${initial}`, s);
  ctx.conf.set('spark.dynamicAllocation.maxExecutors', `${da.maxExecutors}`, s);
  ctx.conf.set('spark.dynamicAllocation.shuffleTracking.enabled', `${da.shuffleTracking ?? true}`, s);
  if (da.shuffleTrackingTimeout) {
    ctx.conf.set('spark.dynamicAllocation.shuffleTracking.timeout', `${da.shuffleTrackingTimeout.toMilliseconds()}`, s);
  } else if (da.shuffleTracking ?? true) {
    addWarning(ctx.scope, 'dynamicAllocation has shuffle tracking without shuffleTrackingTimeout: an executor that holds shuffle data is never released until that data is cleaned up, so the app may stay near maxExecutors; set dynamicAllocation.shuffleTrackingTimeout (e.g. Duration.minutes(30))');
  }
  if (da.executorIdleTimeout) {
    ctx.conf.set('spark.dynamicAllocation.executorIdleTimeout', durationConf(da.executorIdleTimeout), s);
  }
}

export function podSecurity(ctx: AppContext, props: SparkAppProps): PodSecurity {
  const sec = props.security ?? {};
  for (const [prop, v] of [['security.runAsUser', sec.runAsUser], ['security.runAsGroup', sec.runAsGroup], ['security.fsGroup', sec.fsGroup]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
      throw constructError(ctx.owner, `${prop} must be a whole number of at least 0, got ${v}`);
    }
  }
  if (sec.runAsUser === 0) {
    throw constructError(ctx.owner, 'security.runAsUser 0 (root) breaks the restricted Pod Security profile; Spark images run as 185');
  }
  return {
    uid: sec.runAsUser ?? 185,
    gid: sec.runAsGroup ?? 185,
    fsGroup: sec.fsGroup ?? 185,
    readOnlyRootFilesystem: sec.readOnlyRootFilesystem ?? false,
  };
}

export function validateMain(ctx: AppContext, props: SparkAppProps) {
  const file = props.mainApplicationFile;
  if (!file) {
    throw constructError(ctx.owner, 'mainApplicationFile must be set (a jar, .py or .R file)');
  }
  const jvm = ctx.type === SparkApplicationType.SCALA || ctx.type === SparkApplicationType.JAVA;
  if (jvm) {
    if (!props.mainClass) {
      throw constructError(ctx.owner, `mainClass must be set for a ${ctx.type} app (the class with the main method in ${file})`);
    }
    if (!/\.jar$/i.test(file)) {
      throw constructError(ctx.owner, `mainApplicationFile of a ${ctx.type} app must be a .jar, got "${file}"`);
    }
  } else {
    if (props.mainClass) {
      throw constructError(ctx.owner, `mainClass applies to Scala and Java apps, not to a ${ctx.type} app`);
    }
    const ext = ctx.type === SparkApplicationType.PYTHON ? /\.py$/i : /\.r$/i;
    if (!ext.test(file)) {
      throw constructError(ctx.owner, `mainApplicationFile of a ${ctx.type} app must be a ${ctx.type === SparkApplicationType.PYTHON ? '.py' : '.R'} file, got "${file}"`);
    }
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw constructError(ctx.owner, `mainApplicationFile "${file}" must be a URI: local:///path for a file in the image, or s3a://, gs://, hdfs://, https:// for a remote one`);
  }
}

export function validateImage(ctx: AppContext, image: string) {
  if (!image || /\s/.test(image)) {
    throw constructError(ctx.owner, `image must be a container image reference, got "${image}"`);
  }
  const tagMatch = /:([^:/@]+)$/.exec(image.split('@')[0]);
  const tag = tagMatch?.[1];
  if (!image.includes('@') && (tag === undefined || tag === 'latest')) {
    throw constructError(ctx.owner, `image "${image}" must be pinned to a tag or digest (not latest), so what runs is what is in git`);
  }
  // An image tag that names a Spark version other than the app's.
  const v = /(?:^|[^0-9.])(\d+\.\d+\.\d+)(?![0-9.])/.exec(tag ?? '');
  if (v && /spark/i.test(image) && v[1] !== ctx.sparkVersion.version) {
    throw constructError(ctx.owner, `image "${image}" is tagged for Spark ${v[1]} but sparkVersion is ${ctx.sparkVersion.version}; use an image of the same Spark version`);
  }
}

export function checkCredential(ctx: AppContext, key: string, from: string, shown: string) {
  if (isCredentialKey(key)) {
    throw constructError(ctx.owner, `${from} key ${shown} holds a credential, and the manifest would carry it in plain text; put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret`);
  }
}

export function validateSchedule(ctx: AppContext, s: SparkSchedule) {
  const cronProblem = validateCronSchedule(s.cron);
  if (cronProblem) {
    throw constructError(ctx.owner, `schedule.cron "${s.cron}" is invalid: ${cronProblem}`);
  }
  const tz = s.timeZone ?? 'UTC';
  const tzProblem = validateTimeZone(tz);
  if (tzProblem) {
    throw constructError(ctx.owner, `schedule.timeZone ${tzProblem}`);
  }
  requireInt(ctx.owner, 'schedule.successfulRunHistoryLimit', s.successfulRunHistoryLimit, 0);
  requireInt(ctx.owner, 'schedule.failedRunHistoryLimit', s.failedRunHistoryLimit, 0);
  if (/^\s*(CRON_TZ|TZ)=/.test(s.cron) && s.timeZone !== undefined) {
    throw constructError(ctx.owner, 'schedule.cron has a CRON_TZ= prefix and schedule.timeZone is set too; give the zone once');
  }
}

/** Dynamic allocation without a way to keep shuffle data (checked on the final conf). */
export function dynamicAllocationProblems(ctx: AppContext): string[] {
  const problems: string[] = [];
  const c = ctx.conf;
  if (c.get('spark.dynamicAllocation.enabled') === 'true') {
    const tracking = c.get('spark.dynamicAllocation.shuffleTracking.enabled') === 'true';
    const ess = c.get('spark.shuffle.service.enabled') === 'true';
    const decom = c.get('spark.decommission.enabled') === 'true' && c.get('spark.storage.decommission.shuffleBlocks.enabled') !== 'false' && c.get('spark.storage.decommission.enabled') === 'true';
    const plugin = c.get('spark.shuffle.sort.io.plugin.class');
    // Plugins whose driver component reports reliable storage (SPARK-42689, Spark 3.5+).
    const reliablePlugin = plugin !== undefined && ctx.sparkVersion.isAtLeast('3.5') && RELIABLE_SHUFFLE_PLUGINS.has(plugin);
    if (!tracking && !ess && !decom && !reliablePlugin) {
      problems.push('dynamicAllocation needs shuffle tracking on Kubernetes (there is no external shuffle service): set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration');
    }
  }
  return problems;
}

/** A Duration as a Spark time conf value: whole seconds as `120s`, else milliseconds. */
export function durationConf(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
