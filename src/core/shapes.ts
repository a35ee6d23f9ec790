import { Lazy } from 'cdk8s';
import { ConcurrencyPolicy, UiServiceType } from './app-options';
import {
  annotations, arr, bool, duration, envName, enumOf, instance, int, isPlainObject, labelKeyProblem, labels, labelValueProblem, map, num,
  refine, required, size, str, struct, subPath, Check,
} from './check';
import { propError } from './errors';
import { NodeSelectorOperator, SparkEnvValue, SparkVolume, TaintEffect, TolerationOperator } from './pod';
import { CpuCores } from './resources';
import { RestartPolicy } from './restart-policy';
import { ImagePullPolicy, SparkApplicationType, SparkPods } from './types';
import { SparkVersion } from './versions';

/**
 * Runtime shapes of the core structs and the checks of core classes, shared by every construct
 * whose props contain them (see `check.ts`).
 */

/** A `SparkVersion`. */
export const SPARK_VERSION: Check = instance('SparkVersion', v => v instanceof SparkVersion, 'use SparkVersion.of("3.5.5") or SparkVersion.V3_5_5');
/** A `CpuCores`. */
export const CPU_CORES: Check = instance('CpuCores', v => v instanceof CpuCores, 'use CpuCores.of(2) or CpuCores.millis(500)');
/** A `RestartPolicy`. */
export const RESTART_POLICY: Check = instance('RestartPolicy', v => v instanceof RestartPolicy, 'use RestartPolicy.never(), RestartPolicy.onFailure() or RestartPolicy.always()');
/** A `SparkVolume`. */
export const SPARK_VOLUME: Check = instance('SparkVolume', v => v instanceof SparkVolume, 'use SparkVolume.emptyDir(...), .configMap(...), .secret(...) or .persistentVolumeClaim(...)');
/** A `SparkEnvValue`. */
export const ENV_VALUE: Check = instance('SparkEnvValue', v => v instanceof SparkEnvValue, 'use SparkEnvValue.value("..."), .fromSecret(...) or .fromConfigMap(...)');

/** A TCP or UDP port number. */
export const PORT: Check = refine(num(), (ctx, path, v: number) => {
  if (!Number.isInteger(v) || v < 1 || v > 65535) throw propError(ctx.owner, path, v, 'is not a port number', 'use a whole number from 1 to 65535');
});

/** Enum checks. */
export const APPLICATION_TYPE = enumOf('SparkApplicationType', SparkApplicationType);
export const PULL_POLICY = enumOf('ImagePullPolicy', ImagePullPolicy);
export const SPARK_PODS = enumOf('SparkPods', SparkPods);
export const TOLERATION_OPERATOR = enumOf('TolerationOperator', TolerationOperator);
export const TAINT_EFFECT = enumOf('TaintEffect', TaintEffect);
export const NODE_SELECTOR_OPERATOR = enumOf('NodeSelectorOperator', NodeSelectorOperator);

/** A map of environment variables by name. */
export const ENV_MAP: Check = map(ENV_VALUE, envName());

/** Kubernetes label and annotation maps. */
export const LABELS: Check = labels();
export const ANNOTATIONS: Check = annotations();
/**
 * The same map check, where values may also be cdk8s Lazy values (resolved at synthesis, e.g. an
 * annotation a feature computes from the final app): their keys are still checked.
 */
export function withLazyValues(c: Check): Check {
  return {
    expected: c.expected,
    required: c.required,
    verify: (ctx, path, v) => {
      if (!isPlainObject(v)) return c.verify(ctx, path, v);
      const eager: { [key: string]: unknown } = {};
      for (const [k, value] of Object.entries(v as object)) eager[k] = value instanceof Lazy ? '' : value;
      c.verify(ctx, path, eager);
    },
  };
}

/** A node selector: label keys and values. */
export const NODE_SELECTOR: Check = labels();

/** A label key (`[prefix/]name`) as the API server checks it; empty when `allowEmpty`. */
export function labelKey(allowEmpty = false): Check {
  return refine(str({ allowEmpty }), (ctx, path, v: string) => {
    const p = v === '' ? undefined : labelKeyProblem(v);
    if (p) {
      throw propError(ctx.owner, path, v, p, 'use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain');
    }
  });
}

/** A label value as the API server checks it (may be empty). */
export const LABEL_VALUE: Check = refine(str({ allowEmpty: true }), (ctx, path, v: string) => {
  const p = labelValueProblem(v);
  if (p) throw propError(ctx.owner, path, v, p, 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
});

/**
 * A container path to mount at: absolute (the kubelet refuses relative ones), without ":" (the
 * API's rule) or ".." elements.
 */
export const MOUNT_PATH: Check = refine(str(), (ctx, path, v: string) => {
  if (!v.startsWith('/')) {
    throw propError(ctx.owner, path, v, 'must be absolute', `start it with "/", e.g. ${JSON.stringify(`/${v.replace(/^\.?\/*/, '')}`)}`);
  }
  if (v.includes(':')) throw propError(ctx.owner, path, v, 'must not contain ":"', 'use a path such as /opt/spark/conf');
  if (v.split('/').includes('..')) throw propError(ctx.owner, path, v, 'must not contain ".." elements', 'give the path without "..", e.g. /opt/spark/conf');
});

export const SPARK_VOLUME_MOUNT = struct('SparkVolumeMount', {
  volume: required(SPARK_VOLUME),
  path: required(MOUNT_PATH),
  readOnly: bool(),
  subPath: subPath(),
});

export const SPARK_TOLERATION = struct('SparkToleration', {
  key: labelKey(true),
  operator: TOLERATION_OPERATOR,
  value: LABEL_VALUE,
  effect: TAINT_EFFECT,
  tolerationDuration: duration({ allowZero: true }),
});

export const NODE_LABEL_REQUIREMENT = struct('NodeLabelRequirement', {
  key: required(labelKey()),
  operator: required(NODE_SELECTOR_OPERATOR),
  values: arr(str({ allowEmpty: true })),
});

export const POD_AFFINITY_REQUIREMENT = struct('PodAffinityRequirement', {
  // An empty map is checked where the requirement is added (it would select every pod of the namespace).
  podLabels: required(LABELS),
  topologyKey: required(labelKey()),
});

export const PREFERRED_NODE_AFFINITY = struct('PreferredNodeAffinity', {
  // The range (1-100) is checked where the preference is added, with the API server's wording.
  weight: required(num()),
  // An empty list is valid (the API server accepts a preference without requirements).
  requirements: required(arr(NODE_LABEL_REQUIREMENT)),
});

export const SPARK_CONTAINER = struct('SparkContainer', {
  // The name (a DNS-1123 label, unique in the pod) is checked where the container is added.
  name: required(str()),
  image: required(str()),
  command: arr(str({ allowEmpty: true, allowPadding: true })),
  args: arr(str({ allowEmpty: true, allowPadding: true })),
  env: ENV_MAP,
  volumeMounts: arr(SPARK_VOLUME_MOUNT),
  cpu: required(CPU_CORES),
  memory: required(size()),
  readOnlyRootFilesystem: bool(),
  runAsRoot: bool(),
});

export const DYNAMIC_ALLOCATION = struct('DynamicAllocation', {
  minExecutors: int(0, undefined, 10_000),
  maxExecutors: required(int(1, undefined, 10_000)),
  initialExecutors: int(0, undefined, 10_000),
  shuffleTracking: bool(),
  shuffleTrackingTimeout: duration(),
  executorIdleTimeout: duration(),
});

export const SPARK_SCHEDULE = struct('SparkSchedule', {
  cron: required(str()),
  timeZone: str(),
  concurrencyPolicy: enumOf('ConcurrencyPolicy', ConcurrencyPolicy),
  successfulRunHistoryLimit: int(0),
  failedRunHistoryLimit: int(0),
  suspend: bool(),
});

export const SPARK_UI_OPTIONS = struct('SparkUiOptions', {
  servicePort: PORT,
  serviceType: enumOf('UiServiceType', UiServiceType),
  serviceLabels: LABELS,
  serviceAnnotations: ANNOTATIONS,
});

export const SPARK_SECURITY_OPTIONS = struct('SparkSecurityOptions', {
  runAsUser: int(0),
  runAsGroup: int(0),
  fsGroup: int(0),
  readOnlyRootFilesystem: bool(),
});
