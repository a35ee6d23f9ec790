import { DependencyAccessMode } from './dependency-volume-props';
import { NODE_POOL } from './node-pool-shapes';
import { PodSecurityLevel } from './spark-namespace-props';
import {
  arr, bool, defineShape, dnsLabel, enumOf, instance, int, map, num, objectName, refine, required, size, str, struct,
  Check, describeType, INT32_MAX, Shape,
} from '../core/check';
import { propError } from '../core/errors';
import { requirePort } from '../core/placement';
import { CPU_CORES, LABELS, NODE_SELECTOR, SPARK_TOLERATION } from '../core/shapes';

/**
 * Runtime shapes of the platform constructs' props (SparkNamespace, CelebornCluster,
 * DependencyVolume, SparkDriverIdentity) and of the arguments of their public methods. Each
 * constructor checks its props against these first, so no wrong type reaches internal code; the
 * semantic checks (derived names, cross-prop rules) follow in the constructs.
 */

/** An `ISparkNamespace` (any implementation: recognized by its contract's members). */
export const SPARK_NAMESPACE: Check = instance('ISparkNamespace',
  v => typeof v.namespaceName === 'string' && typeof v.registerApp === 'function' && typeof v.registerWorkload === 'function',
  'pass a SparkNamespace (or your own ISparkNamespace)');

/** An `ISparkApp` (any implementation). */
export const SPARK_APP: Check = instance('ISparkApp',
  v => typeof v.name === 'string' && typeof v.namespace === 'string' && typeof v.resources === 'function' && typeof v.addSparkConf === 'function',
  'pass a SparkApp (or another ISparkApp)');

/** An `ISparkFeature` (any implementation). */
export const SPARK_FEATURE: Check = instance('ISparkFeature',
  v => typeof v.featureName === 'string' && typeof v.bind === 'function',
  'pass a feature such as new SparkLogging() or your own ISparkFeature');

/** An `ISparkHistoryServer` (a SparkHistoryServer or your own). */
export const HISTORY_SERVER: Check = instance('ISparkHistoryServer',
  v => typeof v.eventLogDir === 'string' && typeof v.featureName === 'string' && typeof v.bind === 'function',
  'pass a SparkHistoryServer');

/** A TCP port, with the message every port of the library uses. */
export const PORT: Check = refine(num(), (ctx, path, v: number) => requirePort(ctx.owner, path, v));

/** A list of TCP ports (emptiness is checked where it has a meaning). */
export const PORTS: Check = arr(PORT);

/** A namespace name. */
export const NAMESPACE: Check = dnsLabel('namespace');

const MIB_PER_EIB = 1024 ** 4;

/** A storage class name as the key of a quota: `<class>.storageclass.storage.k8s.io/requests.storage` is a qualified name. */
const QUOTA_STORAGE_CLASS: Check = refine(objectName('StorageClass'), (ctx, path, v: string) => {
  const prefix = `${v}.storageclass.storage.k8s.io`;
  if (prefix.length > 253) {
    throw propError(ctx.owner, path, v, `gives the quota key prefix "${prefix.slice(0, 40)}..." of ${prefix.length} characters (at most 253)`,
      `use a storage class name of at most ${253 - '.storageclass.storage.k8s.io'.length} characters`);
  }
});

export const SPARK_QUOTA: Check = struct('SparkQuota', {
  cpuRequests: CPU_CORES,
  cpuLimits: CPU_CORES,
  memoryRequests: size({ allowZero: true }),
  memoryLimits: size({ allowZero: true }),
  extendedResources: map(int(0)),
  pods: int(0, INT32_MAX, 150_000, 'pods'),
  persistentVolumeClaims: int(0),
  storage: size({ allowZero: true, maxMebibytes: MIB_PER_EIB }),
  storageByClass: map(size({ allowZero: true, maxMebibytes: MIB_PER_EIB }), QUOTA_STORAGE_CLASS),
  ephemeralStorageRequests: size({ allowZero: true }),
});

export const SPARK_LIMIT_RANGE: Check = struct('SparkLimitRange', {
  defaultCpuRequest: CPU_CORES,
  defaultMemoryRequest: size({ allowZero: true }),
  defaultMemoryLimit: size(),
  maxPodCpu: CPU_CORES,
  maxPodMemory: size(),
});

export const PRIORITY_TIER: Check = struct('PriorityTier', {
  name: required(str()),
  // A PriorityClass value is an int32; above 1000000000 is reserved for system classes (checked by the construct).
  value: required(int(-INT32_MAX - 1, INT32_MAX)),
  priorityClassName: objectName('PriorityClass'),
  preempting: bool(),
});

export const EGRESS_DESTINATION: Check = struct('EgressDestination', {
  name: required(str()),
  cidrs: required(arr(str())),
  ports: required(PORTS),
});

/** Every prop of SparkNamespaceProps. */
export const SPARK_NAMESPACE_PROPS_SHAPE: Shape = defineShape('SparkNamespaceProps', {
  name: str(),
  podSecurity: enumOf('PodSecurityLevel', PodSecurityLevel),
  operatorSelectorLabels: LABELS,
  labels: LABELS,
  quota: SPARK_QUOTA,
  limitRange: SPARK_LIMIT_RANGE,
  setCpuLimits: bool(),
  strictCapacity: bool(),
  tiers: arr(PRIORITY_TIER),
  defaultTier: str(),
  driverServiceAccountName: str(),
  restrictEgress: bool(),
  apiServerCidrs: arr(str()),
  egressDestinations: arr(EGRESS_DESTINATION),
  monitoringNamespace: str(),
  historyServer: HISTORY_SERVER,
  appFeatures: arr(SPARK_FEATURE),
});

/** A `celeborn-defaults.conf` value: Celeborn reads strings; numbers and booleans from JavaScript are turned into strings. */
const CELEBORN_CONF_VALUE: Check = {
  expected: 'a string, number or boolean',
  required: false,
  verify: (ctx, path, v) => {
    if (typeof v === 'number') return num().verify(ctx, path, v);
    if (typeof v !== 'string' && typeof v !== 'boolean') {
      throw propError(ctx.owner, path, v, 'must be a string, number or boolean', `got ${describeType(v)}; give the value as Celeborn reads it, e.g. "8" or "64k"`);
    }
  },
};

/** Every prop of CelebornClusterProps. */
export const CELEBORN_CLUSTER_PROPS_SHAPE: Shape = defineShape('CelebornClusterProps', {
  name: str(),
  namespace: NAMESPACE,
  sparkNamespace: SPARK_NAMESPACE,
  version: str(),
  image: str(),
  // Whole numbers of at least 1: the construct says so with the fix that fits each.
  masterReplicas: num({ max: INT32_MAX, warnAbove: 15, unit: 'masters' }),
  workerReplicas: num({ max: INT32_MAX, warnAbove: 10_000, unit: 'workers' }),
  storageClassName: required(str({ allowEmpty: true })),
  workerStorageSize: size(),
  workerDisks: num({ max: INT32_MAX, warnAbove: 32, unit: 'disks' }),
  masterStorageSize: size(),
  masterMemory: size(),
  workerMemory: size(),
  workerOffHeapMemory: size(),
  masterCpu: CPU_CORES,
  workerCpu: CPU_CORES,
  nodeSelector: NODE_SELECTOR,
  tolerations: arr(SPARK_TOLERATION),
  placement: struct('CelebornPlacement', { masters: NODE_POOL, workers: NODE_POOL }),
  clusterDomain: str(),
  configuration: map(CELEBORN_CONF_VALUE),
});

export const DEPENDENCY_DOWNLOAD: Check = struct('DependencyDownload', {
  url: required(str()),
  path: required(str()),
});

/** Every prop of DependencyVolumeProps. */
export const DEPENDENCY_VOLUME_PROPS_SHAPE: Shape = defineShape('DependencyVolumeProps', {
  downloads: required(arr(DEPENDENCY_DOWNLOAD)),
  size: size(),
  storageClassName: objectName('StorageClass'),
  accessMode: enumOf('DependencyAccessMode', DependencyAccessMode),
  image: str(),
  namespace: NAMESPACE,
  name: str(),
  nodePool: NODE_POOL,
});

/** Every prop of SparkDriverIdentityProps. */
export const SPARK_DRIVER_IDENTITY_PROPS_SHAPE: Shape = defineShape('SparkDriverIdentityProps', {
  namespace: required(NAMESPACE),
  name: str(),
  labels: LABELS,
  onDemandClaims: bool(),
});
