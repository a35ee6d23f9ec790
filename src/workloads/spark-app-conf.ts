import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SparkAppProps } from './spark-app-props';
import { apacheOwnedKey } from '../backends/apache/spark-application';
import { SparkBackend } from '../backends/backend';
import { scheduleIssue, timeZoneIssue } from '../backends/kubeflow/cron';
import { DENIED_KEYS, OwnedKey, ownedKey, SPARK_OWNED_KEYS } from '../backends/kubeflow/spark-application';
import { SPARK_SUBMIT_KEYS } from '../backends/spark-submit/submit-job';
import { STACKABLE_KEYS } from '../backends/stackable/spark-application';
import { SparkSchedule } from '../core/app-options';
import { confTypeOf, dynamicAllocationKeys, SparkConfBuilder } from '../core/conf';
import { checkSparkConfKey, keyVersionProblem } from '../core/conf-keys';
import { isCredentialKey } from '../core/credentials';
import { formatValue, propError } from '../core/errors';
import { confFlag, cpuMillis, executorCounts, millisToQuantity, parseSparkInt, readConf, ValueProblem } from '../core/model';
import { PodSecurity } from '../core/pod-template';
import { CpuCores } from '../core/resources';
import { SparkApplicationType } from '../core/types';
import { dnsSubdomainProblem, keyProp, requireInt, sizeToMebibytes } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning, addWarningProducer } from '../core/warn';

/** Shuffle IO plugins that tell Spark their shuffle data survives executors (dynamic allocation without tracking). */
const RELIABLE_SHUFFLE_PLUGINS = new Set([
  'org.apache.spark.shuffle.celeborn.CelebornShuffleDataIO',
]);

// SparkApp's typed props turned into Spark conf, and the checks of props that need no other
// construct: main resource, image, schedule, credentials, raw conf entries and the final conf.

/** What the checks need of the app. */
export interface AppContext {
  readonly owner: string;
  readonly scope: IConstruct;
  readonly conf: SparkConfBuilder;
  readonly type: SparkApplicationType;
  readonly sparkVersion: SparkVersion;
  /** The app's back-end (which conf keys it sets itself). */
  readonly backend: SparkBackend;
}

export function setCpu(ctx: AppContext, role: string, request: CpuCores | undefined, limit: CpuCores | undefined, cores: number) {
  const prefix = role === 'driver' ? 'driver' : 'executor';
  if (request) {
    ctx.conf.set(`spark.kubernetes.${role}.request.cores`, request.toQuantity(), `prop ${prefix}CoreRequest`);
  }
  if (limit) {
    const req = request?.millicores ?? cores * 1000;
    if (limit.millicores < req) {
      const requestProp = request ? `${prefix}CoreRequest` : `${prefix}Cores`;
      throw propError(ctx.owner, `${prefix}CoreLimit`, limit,
        `must be at least the CPU request (${request ? `${requestProp} ${request.toQuantity()}` : `${requestProp} ${cores}`})`,
        `raise ${prefix}CoreLimit to ${request ? request.toQuantity() : cores} or more, or lower ${requestProp}`);
    }
    ctx.conf.set(`spark.kubernetes.${role}.limit.cores`, limit.toQuantity(), `prop ${prefix}CoreLimit`);
  }
}

export function setMemory(ctx: AppContext, role: string, memory: Size | undefined, overhead: Size | undefined) {
  const heap = sizeToMebibytes(ctx.owner, `${role}Memory`, memory ?? Size.gibibytes(1));
  if (heap < 450) {
    throw propError(ctx.owner, `${role}Memory`, memory, 'must be at least 450 MiB (Spark reserves 300 MiB and refuses less than 1.5 times that)',
      'use Size.mebibytes(450) or more, e.g. Size.gibibytes(1)');
  }
  ctx.conf.set(`spark.${role}.memory`, `${heap}m`, `prop ${role}Memory`);
  if (overhead) {
    const mib = sizeToMebibytes(ctx.owner, `${role}MemoryOverhead`, overhead);
    if (mib < 1) {
      throw propError(ctx.owner, `${role}MemoryOverhead`, overhead, 'must be at least 1 MiB',
        "use e.g. Size.mebibytes(384) (Spark's own floor), or leave it unset for Spark's default");
    }
    if (mib < 384) {
      addWarning(ctx.scope, `${role}MemoryOverhead is ${mib} MiB, below Spark's own floor of 384 MiB: native memory (netty, thread stacks, metaspace) may exceed it and the kernel OOM-kills the pod`, 'memory-overhead-below-floor');
    }
    ctx.conf.set(`spark.${role}.memoryOverhead`, `${mib}m`, `prop ${role}MemoryOverhead`);
  }
}

export function setExecutors(ctx: AppContext, props: SparkAppProps) {
  // What can only be judged on the final conf (every source has written) is reported when read.
  addWarningProducer(ctx.scope, () => finalConfWarnings(ctx));
  const da = props.dynamicAllocation;
  if (!da) {
    requireInt(ctx.owner, 'executorInstances', props.executorInstances, 1);
    ctx.conf.set('spark.executor.instances', `${props.executorInstances ?? 2}`, 'prop executorInstances');
    return;
  }
  if (props.executorInstances !== undefined) {
    throw propError(ctx.owner, 'executorInstances', props.executorInstances, 'cannot be combined with dynamicAllocation', 'use dynamicAllocation.initialExecutors');
  }
  const min = da.minExecutors ?? 0;
  requireInt(ctx.owner, 'dynamicAllocation.minExecutors', min, 0);
  requireInt(ctx.owner, 'dynamicAllocation.maxExecutors', da.maxExecutors, 1);
  requireInt(ctx.owner, 'dynamicAllocation.initialExecutors', da.initialExecutors, 0);
  if (min > da.maxExecutors) {
    throw propError(ctx.owner, 'dynamicAllocation.minExecutors', min, `must not exceed maxExecutors (${da.maxExecutors})`,
      `lower minExecutors to ${da.maxExecutors} or less, or raise maxExecutors`);
  }
  const initial = da.initialExecutors ?? min;
  if (initial < min || initial > da.maxExecutors) {
    throw propError(ctx.owner, 'dynamicAllocation.initialExecutors', initial, `must be between minExecutors (${min}) and maxExecutors (${da.maxExecutors})`,
      `use a number from ${min} to ${da.maxExecutors}`);
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
    addWarning(ctx.scope, 'dynamicAllocation has shuffle tracking without shuffleTrackingTimeout: an executor that holds shuffle data is never released until that data is cleaned up, so the app may stay near maxExecutors; set dynamicAllocation.shuffleTrackingTimeout (e.g. Duration.minutes(30))', 'shuffle-tracking-without-timeout');
  }
  if (da.executorIdleTimeout) {
    ctx.conf.set('spark.dynamicAllocation.executorIdleTimeout', durationConf(da.executorIdleTimeout), s);
  }
}

export function podSecurity(ctx: AppContext, props: SparkAppProps): PodSecurity {
  const sec = props.security ?? {};
  for (const [prop, v] of [['security.runAsUser', sec.runAsUser], ['security.runAsGroup', sec.runAsGroup], ['security.fsGroup', sec.fsGroup]] as const) {
    requireInt(ctx.owner, prop, v, 0);
  }
  if (sec.runAsUser === 0) {
    throw propError(ctx.owner, 'security.runAsUser', 0, '(root) breaks the restricted Pod Security profile', 'use a non-root user: Spark images run as 185, the default');
  }
  return {
    uid: sec.runAsUser ?? 185,
    gid: sec.runAsGroup ?? 185,
    fsGroup: sec.fsGroup ?? 185,
    readOnlyRootFilesystem: sec.readOnlyRootFilesystem ?? false,
    fsGroupChangePolicy: props.fsGroupChangePolicy,
  };
}

export function validateMain(ctx: AppContext, props: SparkAppProps) {
  const file = props.mainApplicationFile;
  if (!file) {
    throw propError(ctx.owner, 'mainApplicationFile', file, 'must be set', 'give the jar, .py or .R file to run, e.g. local:///opt/app/etl.jar');
  }
  const jvm = ctx.type === SparkApplicationType.SCALA || ctx.type === SparkApplicationType.JAVA;
  if (jvm) {
    if (!props.mainClass) {
      throw propError(ctx.owner, 'mainClass', props.mainClass, `must be set for a ${ctx.type} app`, `give the class with the main method in ${file}`);
    }
    if (!/\.jar$/i.test(file)) {
      throw propError(ctx.owner, 'mainApplicationFile', file, `must be a .jar for a ${ctx.type} app`,
        'give the application jar, or set type to SparkApplicationType.PYTHON or SparkApplicationType.R for a script');
    }
  } else {
    if (props.mainClass) {
      throw propError(ctx.owner, 'mainClass', props.mainClass, `applies to Scala and Java apps, not to a ${ctx.type} app`, 'drop mainClass');
    }
    const suffix = ctx.type === SparkApplicationType.PYTHON ? '.py' : '.R';
    const ext = ctx.type === SparkApplicationType.PYTHON ? /\.py$/i : /\.r$/i;
    if (!ext.test(file)) {
      throw propError(ctx.owner, 'mainApplicationFile', file, `must be a ${suffix} file for a ${ctx.type} app`,
        `give the ${suffix} file to run, or set type to match the file (a jar runs as SparkApplicationType.SCALA or JAVA)`);
    }
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw propError(ctx.owner, 'mainApplicationFile', file, 'must be a URI',
      `use local:///path for a file in the image${file.startsWith('/') ? ` (here local://${file})` : ''}, or s3a://, gs://, hdfs://, https:// for a remote one`);
  }
}

/** A container image reference as Kubernetes' image pulling reads it (the distribution reference grammar). */
const IMAGE_REFERENCE = (() => {
  const label = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
  const domain = `(?:${label}(?:\\.${label})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const tag = '[\\w][\\w.-]{0,127}';
  const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
  return new RegExp(`^(?:${domain}/)?${component}(?:/${component})*(?::${tag})?(?:@${digest})?$`);
})();

/**
 * The Spark version an image reference clearly names, if any: the tag of an image named `spark`,
 * `spark-py` or `spark-r` (`apache/spark:3.5.5-scala2.12-java17-ubuntu`, `spark-py:v3.4.0`), or a
 * `spark-3.5.1` / `spark3.3.1` in the repository or the tag (`etl:spark-3.5.1-hadoop3`,
 * `registry/spark3.3.1-base:1.0`). Other x.y.z tags are the image's own version
 * (`registry/team/spark-etl:1.4.2`), not Spark's.
 */
export function sparkVersionOfImage(image: string): string | undefined {
  const ref = image.split('@')[0];
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > ref.lastIndexOf('/');
  const repository = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : '';
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  if (/^spark(?:-py|-r|-python)?$/i.test(name)) {
    const v = /^v?(\d+\.\d+\.\d+)(?![.\d])/.exec(tag);
    if (v) return v[1];
  }
  const named = /(?:^|[^a-z0-9])(?:py)?spark[-_]?v?(\d+\.\d+\.\d+)(?![.\d])/i;
  const path = repository.split('/').slice(repository.includes('/') && /[.:]|^localhost$/.test(repository.split('/')[0]) ? 1 : 0).join('/');
  return named.exec(path)?.[1] ?? named.exec(tag)?.[1];
}

export function validateImage(ctx: AppContext, image: string) {
  const example = `apache/spark:${ctx.sparkVersion.version}`;
  if (!image || /\s/.test(image)) {
    throw propError(ctx.owner, 'image', image, 'is not a container image reference', `use e.g. ${example}`);
  }
  if (!IMAGE_REFERENCE.test(image)) {
    throw propError(ctx.owner, 'image', image, 'is not a container image reference (the kubelet could not pull it)',
      `write [registry/]repository[:tag][@digest] with the repository in lower case, e.g. ${example}`);
  }
  const tagMatch = /:([^:/@]+)$/.exec(image.split('@')[0]);
  const tag = tagMatch?.[1];
  if (!image.includes('@') && (tag === undefined || tag === 'latest')) {
    throw propError(ctx.owner, 'image', image, 'must be pinned to a tag or digest (not latest), so what runs is what is in git', `add a version tag (e.g. ${example}) or a digest`);
  }
  // An image that names a Spark version other than the app's.
  const v = sparkVersionOfImage(image);
  if (v !== undefined && v !== ctx.sparkVersion.version) {
    throw propError(ctx.owner, 'image', image, `is tagged for Spark ${v} but sparkVersion is ${ctx.sparkVersion.version}`,
      `use an image of the same Spark version, or set sparkVersion to SparkVersion.of('${v}')`);
  }
}

/**
 * Rejects a conf key that holds a credential. `prop` is where the user wrote it
 * (`sparkConf["..."]`, `hadoopConf["..."]`), `by` who set it when not the user's prop, `value` the
 * value when known (a KMS key ARN or a `${env:...}` placeholder is a reference, not a credential).
 * The value is not shown.
 */
export function checkCredential(ctx: AppContext, key: string, prop: string, by?: string, value?: string) {
  if (isCredentialKey(key, value)) {
    throw propError(ctx.owner, prop, '***', `${by ? `(set by ${by}) ` : ''}holds a credential, and the manifest would carry it in plain text`,
      'put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret');
  }
}

/** Why a key cannot be set under the app's back-end: the kubeflow operator's keys, spark-submit's, or Spark's own. */
function ownedKeyOf(backend: SparkBackend, key: string): OwnedKey | undefined {
  if (backend.name === 'kubeflow') return ownedKey(key);
  if (backend.name === 'spark-submit') return SPARK_SUBMIT_KEYS[key] ?? SPARK_OWNED_KEYS[key];
  if (backend.name === 'apache') return apacheOwnedKey(key) ?? SPARK_OWNED_KEYS[key];
  if (backend.name === 'stackable') return STACKABLE_KEYS[key] ?? SPARK_OWNED_KEYS[key];
  return SPARK_OWNED_KEYS[key];
}

/**
 * Checks one Spark conf entry before the app writes it (raw sparkConf, features, `addSparkConf`):
 * keys the operator's webhook rejects, keys the operator or Spark sets itself, a namespace other
 * than the app's, an invalid driver pod name, credentials; then warns (with an id the user can
 * acknowledge) about unknown, deprecated and version-specific keys. `from` is the source
 * (`sparkConf` for the user's prop), `namespace` the app's namespace.
 */
export function checkConfEntry(ctx: AppContext, key: string, value: unknown, from: string, namespace: string): void {
  const { prop, by } = ctx.conf.propOf(key, from);
  const text = typeof value === 'string' ? value : undefined;
  const kubeflow = ctx.backend.name === 'kubeflow';
  const denied = DENIED_KEYS[key];
  if (denied) {
    // The keys the kubeflow webhook rejects are set from the app's props by every back-end.
    const problem = kubeflow ? `is rejected by the spark-operator's webhook (${denied.reason})` : `is set by ${ctx.backend.description} (${denied.reason.replace(/^the operator/, 'it')})`;
    throw propError(ctx.owner, prop, isCredentialKey(key, text) ? '***' : value, `${by}${problem}`, denied.fix);
  }
  if (key === 'spark.kubernetes.namespace' && `${value}` !== namespace) {
    const who = kubeflow ? 'the operator rejects a different namespace' : `${ctx.backend.description} submits into the app's namespace`;
    throw propError(ctx.owner, prop, value, `${by}differs from the app's namespace "${namespace}" (${who})`, 'remove the key');
  }
  const owned = ownedKeyOf(ctx.backend, key);
  if (owned) {
    throw propError(ctx.owner, prop, value, `${by}${owned.problem}`, owned.fix);
  }
  if (key === 'spark.kubernetes.driver.pod.name' && text !== undefined) {
    const problem = dnsSubdomainProblem(text);
    if (problem) {
      throw propError(ctx.owner, prop, value, `${by}is not a valid pod name (the operator names the driver pod with it): ${problem}`,
        'use a name of lower-case letters, digits, "-" and ".", or remove the key (the driver pod is then <name>-driver)');
    }
  }
  checkCredential(ctx, key, prop, by ? from : undefined, text);
  warnAboutKey(ctx, key, from);
}

/**
 * Keys that public examples copy but that have no effect on Kubernetes or in current Hadoop, with
 * why (a warning, `no-effect-spark-key`: Spark accepts them).
 */
const NO_EFFECT_KEYS: Readonly<Record<string, string>> = {
  'spark.hadoop.fs.s3a.fast.upload': 'has had no effect since Hadoop 3.0, where S3A always uploads through its block output stream (HADOOP-14738)',
  'spark.metrics.conf.executor.sink.prometheusServlet.path': 'has no effect: executors run no UI, so no executor serves a PrometheusServlet (the driver serves the executor summaries at /metrics/executors/prometheus)',
  'spark.metrics.conf.master.sink.prometheusServlet.path': 'applies to the standalone master only and has no effect on Kubernetes',
  'spark.metrics.conf.applications.sink.prometheusServlet.path': 'applies to the standalone master only and has no effect on Kubernetes',
};

/** Warnings about a key that Spark may not read: unknown, deprecated, or not in the app's Spark version. */
function warnAboutKey(ctx: AppContext, key: string, from: string): void {
  const noEffect = NO_EFFECT_KEYS[key];
  if (noEffect) {
    addWarning(ctx.scope, `${from} key ${key} ${noEffect}; remove it`, 'no-effect-spark-key');
    return;
  }
  const check = checkSparkConfKey(key);
  if (check.kind === 'unknown') {
    addWarning(ctx.scope, check.suggestion
      ? `${from} key ${key} is not a Spark configuration key; did you mean ${check.suggestion}?`
      : `${from} key ${key} is not a known Spark configuration key; Spark ignores it unless a plugin or connector reads it`, 'unknown-spark-key');
  } else if (check.kind === 'deprecated') {
    addWarning(ctx.scope, `${from} key ${key} is deprecated${check.replacement ? `; use ${check.replacement}` : ''}`, 'deprecated-spark-key');
  } else {
    const problem = keyVersionProblem(key, ctx.sparkVersion);
    if (problem) addWarning(ctx.scope, `${from} key ${key} ${problem}; Spark ${ctx.sparkVersion.version} ignores it`, 'spark-key-not-in-version');
  }
}

/**
 * Adds the app's `hadoopConf` to its Spark conf as `spark.hadoop.<key>` (the operator passes them
 * so), so a key set both here and in sparkConf (or by a feature) to different values is an error,
 * and returns the entries as the SparkApplication's hadoopConf field shows them (strings).
 */
export function addHadoopConf(ctx: AppContext, hadoopConf: { [key: string]: unknown } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(hadoopConf ?? {}).sort()) {
    const value = hadoopConf![key];
    if (key.startsWith(HADOOP_PREFIX)) {
      throw propError(ctx.owner, keyProp('hadoopConf', key), value, 'has a key that starts with spark.hadoop. (the operator adds the prefix)',
        `use the key ${key.slice(HADOOP_PREFIX.length)}`);
    }
    const full = `${HADOOP_PREFIX}${key}`;
    checkCredential(ctx, full, keyProp('hadoopConf', key), undefined, typeof value === 'string' ? value : undefined);
    if (NO_EFFECT_KEYS[full]) addWarning(ctx.scope, `hadoopConf key ${key} ${NO_EFFECT_KEYS[full]}; remove it`, 'no-effect-spark-key');
    ctx.conf.set(full, value as string, 'hadoopConf');
    out[key] = ctx.conf.get(full)!;
  }
  return out;
}

const HADOOP_PREFIX = 'spark.hadoop.';

export function validateSchedule(ctx: AppContext, s: SparkSchedule) {
  const cronIssue = scheduleIssue(s.cron);
  if (cronIssue) {
    throw propError(ctx.owner, 'schedule.cron', s.cron, cronIssue.problem, cronIssue.fix);
  }
  const tzIssue = timeZoneIssue(s.timeZone ?? 'UTC');
  if (tzIssue) {
    throw propError(ctx.owner, 'schedule.timeZone', s.timeZone, tzIssue.problem, tzIssue.fix);
  }
  requireInt(ctx.owner, 'schedule.successfulRunHistoryLimit', s.successfulRunHistoryLimit, 0);
  requireInt(ctx.owner, 'schedule.failedRunHistoryLimit', s.failedRunHistoryLimit, 0);
  const prefix = /^\s*(CRON_TZ|TZ)=/.exec(s.cron);
  if (prefix && s.timeZone !== undefined) {
    throw propError(ctx.owner, 'schedule.timeZone', s.timeZone, `is set although schedule.cron has a ${prefix[1]}= prefix`,
      `give the zone once: drop schedule.timeZone or the ${prefix[1]}= prefix`);
  }
}

/**
 * Problems of the final conf (every source has written), as full messages: dynamic allocation
 * enabled outside its prop, DA-only keys Spark could not read, dynamic allocation without a way to
 * keep shuffle data, a CPU limit below the request (typed props and sparkConf together), and
 * `spark.task.cpus` above the executor's cores.
 */
export function finalConfProblems(ctx: AppContext): string[] {
  const problems: string[] = [];
  const c = ctx.conf;
  const view = c.view();
  const report = (key: string, problem: string, fix: string, value: unknown = c.get(key)) => {
    const { prop, by } = c.propOf(key, c.sourceOf(key) ?? 'sparkConf');
    problems.push(propError(ctx.owner, prop, value, `${by}${problem}`, fix).message);
  };
  const flag = (key: string, fallback = false) => {
    try {
      return confFlag(view, key, fallback);
    } catch {
      return fallback; // reported where it was written
    }
  };

  if (flag('spark.dynamicAllocation.enabled')) {
    const enabledBy = c.sourceOf('spark.dynamicAllocation.enabled');
    if (enabledBy !== 'prop dynamicAllocation') {
      report('spark.dynamicAllocation.enabled',
        'enables dynamic allocation outside the dynamicAllocation prop, so the SparkApplication would have no dynamicAllocation field with its executor bounds (the operator and gang schedulers size the app from it)',
        'set dynamicAllocation (e.g. { maxExecutors: 10 }) instead and remove the key');
      return problems;
    }
    for (const key of dynamicAllocationKeys()) {
      const value = c.get(key);
      if (value === undefined) continue;
      try {
        readTyped(key, value);
      } catch (e) {
        if (!(e instanceof ValueProblem)) throw e;
        report(key, e.problem, e.fix);
      }
    }
    // Spark 3.4+ tracks shuffle data by default (SPARK-39846); 3.3 does not.
    const tracking = flag('spark.dynamicAllocation.shuffleTracking.enabled', ctx.sparkVersion.isAtLeast('3.4'));
    const ess = flag('spark.shuffle.service.enabled');
    const decom = flag('spark.decommission.enabled') && flag('spark.storage.decommission.enabled') && flag('spark.storage.decommission.shuffleBlocks.enabled', true);
    const plugin = c.get('spark.shuffle.sort.io.plugin.class');
    // Plugins whose driver component reports reliable storage (SPARK-42689, Spark 3.5+).
    const reliablePlugin = plugin !== undefined && ctx.sparkVersion.isAtLeast('3.5') && RELIABLE_SHUFFLE_PLUGINS.has(plugin);
    if (!tracking && !ess && !decom && !reliablePlugin) {
      const key = 'spark.dynamicAllocation.shuffleTracking.enabled';
      const typed = c.sourceOf(key) === 'prop dynamicAllocation';
      const fix = 'set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration';
      const problem = 'leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service)';
      if (typed) problems.push(propError(ctx.owner, 'dynamicAllocation.shuffleTracking', false, problem, fix).message);
      else report(key, problem, fix);
    }
  }

  for (const role of ['driver', 'executor'] as const) {
    const cpu = cpuProblem(ctx, view, role);
    if (cpu) report(cpu.key, cpu.problem, cpu.fix);
  }

  const task = readConf(view, 'spark.task.cpus');
  const cores = readConf(view, 'spark.executor.cores');
  if (task && cores) {
    const t = safeInt(task.value);
    const n = safeInt(cores.value);
    if (t !== undefined && n !== undefined && t > n) {
      const coresText = describeSetting(c, cores.key, 'executorCores', n);
      report(task.key, `is more than the cores of an executor (${coresText}): Spark refuses to start when a task needs more CPUs than an executor has`,
        `lower spark.task.cpus to ${n} or less, or give executors ${t} or more cores`);
    }
  }
  return problems;
}

/**
 * Warnings of the final conf, as full messages with their id: with dynamic allocation,
 * spark.executor.instances above maxExecutors (Spark starts max(minExecutors, initialExecutors,
 * instances) executors, so more than its maximum).
 */
export function finalConfWarnings(ctx: AppContext): string[] {
  const c = ctx.conf;
  const view = c.view();
  let counts: { dynamic: boolean; initial: number; max: number };
  try {
    counts = executorCounts(view);
  } catch {
    return []; // reported as an error
  }
  const instances = readConf(view, 'spark.executor.instances');
  const out: string[] = [];
  if (counts.dynamic && instances && counts.initial > counts.max) {
    const { prop, by } = c.propOf(instances.key, c.sourceOf(instances.key) ?? 'sparkConf');
    out.push(`${prop} ${formatValue(instances.value)} ${by}is above the dynamic allocation maximum (${counts.max}): Spark starts max(minExecutors, initialExecutors, spark.executor.instances) executors, so the app starts with ${counts.initial} [executor-instances-above-max]`);
  }
  return out;
}

/** A whole number as Spark reads it, or undefined (a bad value is reported where it was written). */
function safeInt(value: string): number | undefined {
  try {
    return parseSparkInt(value);
  } catch {
    return undefined;
  }
}

/** Reads a value of a typed key (throws a ValueProblem when Spark could not read it). */
function readTyped(key: string, value: string): void {
  const type = confTypeOf(key);
  if (type) type.canonical(value);
}

/** How a message names the setting behind a key: the typed prop (`executorCores 2`) or the key. */
function describeSetting(c: SparkConfBuilder, key: string, typedProp: string, value: unknown): string {
  const source = c.sourceOf(key);
  return source === `prop ${typedProp}` ? `${typedProp} ${value}` : `${key} ${formatValue(c.get(key))}`;
}

/**
 * A CPU limit below the request of one role, across typed props and sparkConf (Kubernetes rejects
 * such a pod): the key to blame (the one not set by a prop, when there is one) and the message parts.
 */
function cpuProblem(ctx: AppContext, view: Map<string, string>, role: 'driver' | 'executor'): { key: string; problem: string; fix: string } | undefined {
  const c = ctx.conf;
  const limitKey = `spark.kubernetes.${role}.limit.cores`;
  const requestKey = `spark.kubernetes.${role}.request.cores`;
  const coresKey = `spark.${role}.cores`;
  const limit = view.get(limitKey);
  if (limit === undefined) return undefined;
  const reqKey = view.has(requestKey) ? requestKey : coresKey;
  const reqValue = view.get(reqKey) ?? '1';
  let limitMillis: number;
  let reqMillis: number;
  try {
    limitMillis = cpuMillis(limit);
    reqMillis = reqKey === coresKey ? 1000 * parseSparkInt(reqValue) : cpuMillis(reqValue);
  } catch {
    return undefined; // reported where it was written
  }
  if (limitMillis >= reqMillis) return undefined;
  const prefix = role === 'driver' ? 'driver' : 'executor';
  const reqProp = reqKey === coresKey ? `${prefix}Cores` : `${prefix}CoreRequest`;
  const reqText = describeSetting(c, reqKey, reqProp, reqKey === coresKey ? reqValue : millisToQuantity(reqMillis));
  const limitByProp = c.sourceOf(limitKey)?.startsWith('prop ') ?? false;
  if (!limitByProp) {
    return {
      key: limitKey,
      problem: `is below the ${role}'s CPU request (${reqText}), and Kubernetes rejects a pod whose CPU limit is below its request`,
      fix: `raise it to ${millisToQuantity(reqMillis)} or more, or lower the request`,
    };
  }
  const limitText = describeSetting(c, limitKey, `${prefix}CoreLimit`, millisToQuantity(limitMillis));
  return {
    key: reqKey,
    problem: `is above the ${role}'s CPU limit (${limitText}), and Kubernetes rejects a pod whose CPU request is above its limit`,
    fix: `lower it to ${millisToQuantity(limitMillis)} or less, or raise the limit`,
  };
}

/** A Duration as a Spark time conf value: whole seconds as `120s`, else milliseconds. */
export function durationConf(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
