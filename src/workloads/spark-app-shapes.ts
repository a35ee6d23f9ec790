import { SizeRoundingBehavior } from 'cdk8s';
import { OutputCommitter, S3aCredentialsProvider } from './spark-app-props';
import { SparkBackend } from '../backends/backend';
import { arr, bool, defineShape, describeType, dnsLabel, duration, enumOf, instance, int, map, num, objectName, refine, required, size, str, struct, Check, Shape } from '../core/check';
import { formatValue, propError } from '../core/errors';
import { SparkImage } from '../core/images';
import { FsGroupChangePolicy } from '../core/pod';
import {
  ANNOTATIONS, APPLICATION_TYPE, CPU_CORES, DYNAMIC_ALLOCATION, ENV_MAP, LABELS, NODE_LABEL_REQUIREMENT, NODE_SELECTOR,
  PREFERRED_NODE_AFFINITY, PULL_POLICY, RESTART_POLICY, SPARK_SCHEDULE, SPARK_SECURITY_OPTIONS, SPARK_TOLERATION,
  SPARK_CONTAINER, SPARK_UI_OPTIONS, SPARK_VERSION, SPARK_VOLUME_MOUNT,
} from '../core/shapes';
import { GangScheduler } from '../features/gang-scheduling';
import { EventLogCompressionCodec } from '../platform/history-server-options';
import { NODE_POOL_PLACEMENT } from '../platform/node-pool-shapes';

/** An `ISparkNamespace` (any implementation: recognized by its contract's members). */
export const SPARK_NAMESPACE: Check = instance('ISparkNamespace',
  v => typeof v.namespaceName === 'string' && typeof v.registerApp === 'function',
  'pass a SparkNamespace (or your own ISparkNamespace)');

/** An `ISparkFeature` (any implementation). */
export const SPARK_FEATURE: Check = instance('ISparkFeature',
  v => typeof v.featureName === 'string' && typeof v.bind === 'function',
  'pass a feature such as ShuffleStorage.localDisk(...), new GpuAcceleration(...) or your own ISparkFeature');

/**
 * A Spark or Hadoop conf value: Spark reads strings; finite numbers and booleans from JavaScript
 * are accepted (and turned into the strings Spark expects when the conf is written).
 */
export const CONF_VALUE: Check = {
  expected: 'a string, number or boolean',
  required: false,
  verify: (ctx, path, v) => {
    if (typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw propError(ctx.owner, path, v, 'is not a finite number', 'give the value as Spark reads it, e.g. "200"');
      return;
    }
    const got = formatValue(v) === describeType(v) ? '' : ` (got ${describeType(v)})`;
    throw propError(ctx.owner, path, v, `must be a string, number or boolean${got}`, 'give the value as Spark reads it, e.g. "4g" or "200"');
  },
};

const CONF_MAP: Check = map(CONF_VALUE);

const SECRET_NAMES = arr(objectName('Secret'));

/** `spark.eventLog.rolling.maxFileSize`: Spark refuses less than 10 MiB. */
const ROLLING_SIZE: Check = refine(size(), (ctx, path, v) => {
  if (v.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) < 10) {
    throw propError(ctx.owner, path, v, 'is below the 10 MiB Spark accepts for spark.eventLog.rolling.maxFileSize', 'use e.g. Size.mebibytes(128)');
  }
});

/** A JVM option or class path entry: one non-empty entry (spaces inside an option are the user's). */
const LIST_ENTRY = str();

/** How the app reaches S3 through S3A (the prop s3a). */
const S3A_OPTIONS: Check = struct('S3aOptions', {
  credentialsProvider: enumOf('S3aCredentialsProvider', S3aCredentialsProvider),
  s3Scheme: bool(),
  pathStyleAccess: bool(),
});

/** Every prop of SparkAppProps, checked at construction. */
export const SPARK_APP_PROPS_SHAPE: Shape = defineShape('SparkAppProps', {
  name: str(),
  namespace: dnsLabel('namespace'),
  sparkNamespace: SPARK_NAMESPACE,
  tier: str(),
  type: APPLICATION_TYPE,
  sparkVersion: required(SPARK_VERSION),
  // An empty image or main file is reported by the app's own checks, with what to give.
  image: str({ allowEmpty: true }),
  imagePreset: instance('SparkImage', v => SparkImage.isSparkImage(v), 'use SparkImage.apacheSpark("3.5.5") or SparkImage.of(ref, { user })'),
  imagePullPolicy: PULL_POLICY,
  imagePullSecrets: SECRET_NAMES,
  mainApplicationFile: required(str({ allowEmpty: true })),
  mainClass: str(),
  arguments: arr(str({ allowEmpty: true, allowPadding: true })),
  sparkConf: CONF_MAP,
  hadoopConf: CONF_MAP,
  jars: arr(str()),
  files: arr(str()),
  pyFiles: arr(str()),
  packages: arr(str()),
  repositories: arr(str()),
  excludePackages: arr(str()),
  archives: arr(str()),
  scalaVersion: str(),
  driverCores: int(1, undefined, 256),
  driverCoreRequest: CPU_CORES,
  driverCoreLimit: CPU_CORES,
  driverMemory: size(),
  driverMemoryOverhead: size({ allowZero: true }),
  executorCores: int(1, undefined, 256),
  executorCoreRequest: CPU_CORES,
  executorCoreLimit: CPU_CORES,
  executorMemory: size(),
  executorMemoryOverhead: size({ allowZero: true }),
  // Spark accepts any factor >= 0 (spark.kubernetes.memoryOverheadFactor); above 10 the overhead dwarfs the heap.
  memoryOverheadFactor: num({ min: 0, warnAbove: 10 }),
  // The CRD's executor.instances has minimum 1.
  executorInstances: int(1, undefined, 10_000),
  dynamicAllocation: DYNAMIC_ALLOCATION,
  env: ENV_MAP,
  driverEnv: ENV_MAP,
  executorEnv: ENV_MAP,
  envFromSecrets: SECRET_NAMES,
  envFromConfigMaps: arr(objectName('ConfigMap')),
  driverLabels: LABELS,
  driverAnnotations: ANNOTATIONS,
  executorLabels: LABELS,
  executorAnnotations: ANNOTATIONS,
  driverVolumeMounts: arr(SPARK_VOLUME_MOUNT),
  executorVolumeMounts: arr(SPARK_VOLUME_MOUNT),
  nodeSelector: NODE_SELECTOR,
  driverNodeSelector: NODE_SELECTOR,
  executorNodeSelector: NODE_SELECTOR,
  tolerations: arr(SPARK_TOLERATION),
  executorTolerations: arr(SPARK_TOLERATION),
  requiredNodeAffinity: arr(NODE_LABEL_REQUIREMENT),
  preferredNodeAffinity: arr(PREFERRED_NODE_AFFINITY),
  driverPriorityClassName: objectName('PriorityClass'),
  executorPriorityClassName: objectName('PriorityClass'),
  security: SPARK_SECURITY_OPTIONS,
  serviceAccountName: objectName('ServiceAccount'),
  executorServiceAccountToken: bool(),
  restartPolicy: RESTART_POLICY,
  timeToLive: duration(),
  sparkUi: SPARK_UI_OPTIONS,
  eventLogDir: str(),
  historyServer: SPARK_FEATURE,
  schedule: SPARK_SCHEDULE,
  eventLogRollingMaxFileSize: ROLLING_SIZE,
  eventLogCompressionCodec: enumOf('EventLogCompressionCodec', EventLogCompressionCodec),
  fileUploadPath: str(),
  s3a: S3A_OPTIONS,
  outputCommitter: enumOf('OutputCommitter', OutputCommitter),
  // Names are checked with Spark's rules where the app sets them.
  driverPodName: str(),
  executorPodNamePrefix: str(),
  driverJavaOptions: arr(LIST_ENTRY),
  executorJavaOptions: arr(LIST_ENTRY),
  extraClassPath: arr(LIST_ENTRY),
  applicationLabels: LABELS,
  applicationAnnotations: ANNOTATIONS,
  driverServiceLabels: LABELS,
  driverServiceAnnotations: ANNOTATIONS,
  initContainers: arr(SPARK_CONTAINER),
  sidecars: arr(SPARK_CONTAINER),
  driverInitContainers: arr(SPARK_CONTAINER),
  executorInitContainers: arr(SPARK_CONTAINER),
  driverSidecars: arr(SPARK_CONTAINER),
  executorSidecars: arr(SPARK_CONTAINER),
  fsGroupChangePolicy: enumOf('FsGroupChangePolicy', FsGroupChangePolicy),
  shuffleStorage: SPARK_FEATURE,
  monitoring: SPARK_FEATURE,
  features: arr(SPARK_FEATURE),
  gangScheduler: instance('GangScheduler', v => v instanceof GangScheduler, 'use GangScheduler.volcano(), .yunikorn(...) or .kueue(...)'),
  placement: NODE_POOL_PLACEMENT,
  backend: instance('SparkBackend', v => SparkBackend.isSparkBackend(v), 'use SparkBackend.kubeflow(), SparkBackend.apacheOperator(), SparkBackend.stackable() or SparkBackend.sparkSubmit()'),
});
