import { AppContext, checkConfEntry } from './spark-app-conf';
import { OutputCommitter, SparkAppProps } from './spark-app-props';
import { formatValue, propError } from '../core/errors';
import { dnsSubdomainProblem, sizeToMebibytes } from '../core/util';
import { addWarning } from '../core/warn';

// The typed props of SparkApp that are Spark conf entries (issue 17: what real apps set), and the
// checks that keep them and other sources consistent at synthesis.

/** Spark's rule for `spark.kubernetes.executor.podNamePrefix` (`Config.scala`, isValidExecutorPodNamePrefix). */
const POD_NAME_PREFIX_MAX = 47;
const DOTTED_DNS_LABELS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The typed props that are Spark conf entries (event-log rolling and compression, file upload
 * path, S3A access, pod names, JVM options, class path, driver Service labels and annotations), written with
 * the prop as source: a sparkConf value or a feature that sets the same key differently is an
 * error naming both; JVM options and class path entries join what features add.
 */
export function setTypedConf(ctx: AppContext, props: SparkAppProps, namespace: string): void {
  const set = (key: string, value: string, prop: string) => {
    checkConfEntry(ctx, key, value, `prop ${prop}`, namespace);
    ctx.conf.set(key, value, `prop ${prop}`);
  };
  const eventLog = props.eventLogDir !== undefined || props.historyServer !== undefined;
  if (props.eventLogRollingMaxFileSize) {
    if (!eventLog) {
      throw propError(ctx.owner, 'eventLogRollingMaxFileSize', props.eventLogRollingMaxFileSize, 'needs an event log',
        'set eventLogDir or historyServer, or drop eventLogRollingMaxFileSize');
    }
    const mib = sizeToMebibytes(ctx.owner, 'eventLogRollingMaxFileSize', props.eventLogRollingMaxFileSize);
    set('spark.eventLog.rolling.enabled', 'true', 'eventLogRollingMaxFileSize');
    set('spark.eventLog.rolling.maxFileSize', `${mib}m`, 'eventLogRollingMaxFileSize');
  }
  if (props.eventLogCompressionCodec) {
    if (!eventLog) {
      throw propError(ctx.owner, 'eventLogCompressionCodec', props.eventLogCompressionCodec, 'needs an event log',
        'set eventLogDir or historyServer, or drop eventLogCompressionCodec');
    }
    set('spark.eventLog.compress', 'true', 'eventLogCompressionCodec');
    set('spark.eventLog.compression.codec', props.eventLogCompressionCodec, 'eventLogCompressionCodec');
  }
  const upload = props.fileUploadPath;
  if (upload !== undefined) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(upload)?.[1]?.toLowerCase();
    if (scheme === undefined || scheme === 'local' || scheme === 'file') {
      throw propError(ctx.owner, 'fileUploadPath', upload,
        scheme ? `is a ${scheme}:// path, which the driver and executors cannot read from spark-submit's upload` : 'has no URI scheme (spark-submit uploads to a Hadoop-compatible file system the pods can read)',
        'use a shared store, e.g. "s3a://bucket/spark-uploads"');
    }
    set('spark.kubernetes.file.upload.path', upload, 'fileUploadPath');
  }
  const s3a = props.s3a;
  if (s3a?.credentialsProvider !== undefined) set('spark.hadoop.fs.s3a.aws.credentials.provider', s3a.credentialsProvider, 's3a.credentialsProvider');
  if (s3a?.s3Scheme) set('spark.hadoop.fs.s3.impl', 'org.apache.hadoop.fs.s3a.S3AFileSystem', 's3a.s3Scheme');
  if (s3a?.pathStyleAccess !== undefined) set('spark.hadoop.fs.s3a.path.style.access', `${s3a.pathStyleAccess}`, 's3a.pathStyleAccess');
  switch (props.outputCommitter) {
    case OutputCommitter.FILE_V1:
    case OutputCommitter.FILE_V2:
      set('spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version', props.outputCommitter === OutputCommitter.FILE_V1 ? '1' : '2', 'outputCommitter');
      if (props.outputCommitter === OutputCommitter.FILE_V2) {
        addWarning(ctx.scope, `outputCommitter ${formatValue(props.outputCommitter)} (FileOutputCommitter algorithm 2) is not atomic: a failed job, or a task that fails while committing, leaves partial output in the destination, and on object stores its renames are still copies; use OutputCommitter.S3A_MAGIC for s3a:// destinations, or OutputCommitter.FILE_V1`, 'file-committer-v2');
      }
      break;
    case OutputCommitter.S3A_MAGIC:
      set('spark.hadoop.fs.s3a.committer.name', 'magic', 'outputCommitter');
      set('spark.hadoop.fs.s3a.committer.magic.enabled', 'true', 'outputCommitter');
      set('spark.sql.sources.commitProtocolClass', 'org.apache.spark.internal.io.cloud.PathOutputCommitProtocol', 'outputCommitter');
      set('spark.sql.parquet.output.committer.class', 'org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter', 'outputCommitter');
      break;
    default:
  }
  if (props.driverPodName !== undefined) {
    const problem = dnsSubdomainProblem(props.driverPodName);
    if (problem) {
      throw propError(ctx.owner, 'driverPodName', props.driverPodName, `is not a valid pod name: ${problem}`,
        'use e.g. "etl-driver"');
    }
    set('spark.kubernetes.driver.pod.name', props.driverPodName, 'driverPodName');
  }
  const prefix = props.executorPodNamePrefix;
  if (prefix !== undefined) {
    if (prefix.length > POD_NAME_PREFIX_MAX || !DOTTED_DNS_LABELS.test(prefix)) {
      throw propError(ctx.owner, 'executorPodNamePrefix', prefix,
        prefix.length > POD_NAME_PREFIX_MAX
          ? `is ${prefix.length} characters long; Spark refuses more than ${POD_NAME_PREFIX_MAX} (pods are named <prefix>-exec-<id>, at most 63 characters)`
          : 'is refused by Spark: it must be lower-case DNS labels (letters, digits and "-", starting and ending with a letter or digit) joined by "."',
        prefix.length > POD_NAME_PREFIX_MAX ? `shorten it to ${POD_NAME_PREFIX_MAX} characters or fewer, e.g. ${JSON.stringify(prefix.slice(0, POD_NAME_PREFIX_MAX).replace(/[^a-z0-9]+$/, ''))}` : 'use e.g. "etl"');
    }
    set('spark.kubernetes.executor.podNamePrefix', prefix, 'executorPodNamePrefix');
  }
  const list = (key: string, entries: string[] | undefined, prop: string, separator: string) => {
    if (!entries || entries.length === 0) return;
    checkConfEntry(ctx, key, entries.join(separator), `prop ${prop}`, namespace);
    ctx.conf.appendList(key, entries, `prop ${prop}`, separator);
  };
  list('spark.driver.extraJavaOptions', props.driverJavaOptions, 'driverJavaOptions', ' ');
  list('spark.executor.extraJavaOptions', props.executorJavaOptions, 'executorJavaOptions', ' ');
  (props.extraClassPath ?? []).forEach((e, i) => {
    if (e.includes(':')) {
      throw propError(ctx.owner, `extraClassPath[${i}]`, e, 'contains ":", the class path separator', 'give each entry as its own element');
    }
  });
  list('spark.driver.extraClassPath', props.extraClassPath, 'extraClassPath', ':');
  list('spark.executor.extraClassPath', props.extraClassPath, 'extraClassPath', ':');
  for (const [k, v] of Object.entries(props.driverServiceLabels ?? {}).sort()) set(`spark.kubernetes.driver.service.label.${k}`, v, 'driverServiceLabels');
  for (const [k, v] of Object.entries(props.driverServiceAnnotations ?? {}).sort()) set(`spark.kubernetes.driver.service.annotation.${k}`, v, 'driverServiceAnnotations');
}

/** sparkConf pod labels the operator replaces with the SparkApplication's labels (it copies them to the pods after sparkConf). */
export function applicationLabelConflicts(ctx: AppContext, labels: { [key: string]: string } | undefined): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(labels ?? {}).sort()) {
    for (const role of ['driver', 'executor']) {
      const key = `spark.kubernetes.${role}.label.${k}`;
      const other = ctx.conf.get(key);
      if (other !== undefined && other !== v) {
        const { prop, by } = ctx.conf.propOf(key, ctx.conf.sourceOf(key) ?? 'sparkConf');
        errors.push(propError(ctx.owner, prop, other, `${by}conflicts with ${formatValue(v)} set by prop applicationLabels (the operator copies the SparkApplication's labels to the ${role} pods)`,
          'set the label in one place').message);
      }
    }
  }
  return errors;
}

/**
 * Spark's metrics configuration reads `spark.metrics.conf.<instance>.<property>` before
 * `spark.metrics.conf.*.<property>` (`MetricsConfig.scala`): a driver or executor entry that
 * differs from a `*` entry another source wrote (e.g. the servlet path PrometheusMonitoring
 * scrapes) silently overrides it for that instance. Such a pair is an error naming both.
 */
export function metricsOverrideConflicts(ctx: AppContext): string[] {
  const errors: string[] = [];
  for (const key of ctx.conf.keys().sort()) {
    const m = /^spark\.metrics\.conf\.\*\.(.+)$/.exec(key);
    if (!m) continue;
    const wildcardSource = ctx.conf.sourceOf(key) ?? 'sparkConf';
    for (const instance of ['driver', 'executor']) {
      const specific = `spark.metrics.conf.${instance}.${m[1]}`;
      const value = ctx.conf.get(specific);
      const source = ctx.conf.sourceOf(specific) ?? 'sparkConf';
      if (value === undefined || value === ctx.conf.get(key) || source === wildcardSource) continue;
      const { prop, by } = ctx.conf.propOf(specific, source);
      errors.push(propError(ctx.owner, prop, value,
        `${by}overrides ${formatValue(ctx.conf.get(key))} set by ${wildcardSource} (${key}) for the ${instance}, so what reads that setting (e.g. a PodMonitor's path) no longer matches`,
        `set it in one place: remove ${specific} and let ${wildcardSource} set it`).message);
    }
  }
  return errors;
}
