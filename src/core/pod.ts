import { Duration, Size } from 'cdk8s';
import { bool, Check, defineShape, enumOf, int, objectName, refine, required, size, str } from './check';
import { propError } from './errors';
import { checkArg, checkOptions, dnsLabelSuggestion, sizeToMebibytes } from './util';

/** A key of a ConfigMap or Secret, as the API server checks it (IsConfigMapKey). */
function dataKey(kind: string): Check {
  return refine(str(), (ctx, path, v: string) => {
    if (v.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(v) || v === '.' || v.startsWith('..')) {
      throw propError(ctx.owner, path, v, `is not a valid ${kind} key`, 'use at most 253 letters, digits, "-", "_" and ".", not "." and not starting with ".."');
    }
  });
}

/** A required argument that names an object or key: empty is named as such (there is no "leaving it out"). */
function requiredRef(kind: string, what: string, check: Check): Check {
  return required(refine(str({ allowEmpty: true }), (ctx, path, v: string) => {
    if (v === '') throw propError(ctx.owner, path, v, 'must not be empty', `give the ${what} of the ${kind}`);
    check.verify(ctx, path, v);
  }));
}

/** Any string, checked for its type only (the factory checks the content with its own message). */
const ANY_STRING = required(str({ allowEmpty: true, allowPadding: true }));
const REQUIRED_SECRET_NAME = requiredRef('Secret', 'name', objectName('Secret'));
const REQUIRED_SECRET_KEY = requiredRef('Secret', 'key', dataKey('Secret'));
const REQUIRED_CONFIG_MAP_NAME = requiredRef('ConfigMap', 'name', objectName('ConfigMap'));
const REQUIRED_CONFIG_MAP_KEY = requiredRef('ConfigMap', 'key', dataKey('ConfigMap'));
const REQUIRED_CLAIM_NAME = requiredRef('PersistentVolumeClaim', 'name', objectName('PersistentVolumeClaim'));

/**
 * The value of an environment variable of the Spark containers: a literal, or a reference to a
 * key of a Secret or ConfigMap (so credentials never appear in the manifest).
 */
export class SparkEnvValue {
  /** A literal value. */
  public static value(value: string): SparkEnvValue {
    checkArg({ owner: 'SparkEnvValue.value' }, 'value', ANY_STRING, value);
    return new SparkEnvValue({ value });
  }

  /**
   * The value of one key of a Secret.
   *
   * @param secretName name of the Secret in the app's namespace
   * @param key key within the Secret
   * @param optional whether the pod may start without the Secret or key
   */
  public static fromSecret(secretName: string, key: string, optional?: boolean): SparkEnvValue {
    const ctx = { owner: 'SparkEnvValue.fromSecret' };
    checkArg(ctx, 'secretName', REQUIRED_SECRET_NAME, secretName);
    checkArg(ctx, 'key', REQUIRED_SECRET_KEY, key);
    checkArg(ctx, 'optional', bool(), optional);
    return new SparkEnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, optional } } });
  }

  /**
   * The value of one key of a ConfigMap.
   *
   * @param configMapName name of the ConfigMap in the app's namespace
   * @param key key within the ConfigMap
   * @param optional whether the pod may start without the ConfigMap or key
   */
  public static fromConfigMap(configMapName: string, key: string, optional?: boolean): SparkEnvValue {
    const ctx = { owner: 'SparkEnvValue.fromConfigMap' };
    checkArg(ctx, 'configMapName', REQUIRED_CONFIG_MAP_NAME, configMapName);
    checkArg(ctx, 'key', REQUIRED_CONFIG_MAP_KEY, key);
    checkArg(ctx, 'optional', bool(), optional);
    return new SparkEnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional } } });
  }

  /** @internal */
  public readonly _spec: { value?: string; valueFrom?: any };

  private constructor(spec: { value?: string; valueFrom?: any }) {
    this._spec = spec;
  }

  /** Whether the value comes from a Secret. */
  public get fromSecretRef(): boolean {
    return this._spec.valueFrom?.secretKeyRef !== undefined;
  }
}

/** Storage medium of an emptyDir volume. */
export enum EmptyDirMedium {
  /** The node's disk (ephemeral storage). */
  DEFAULT = '',
  /** tmpfs; counts against the container's memory limit. */
  MEMORY = 'Memory',
}

/** Options of an emptyDir volume. */
export interface EmptyDirOptions {
  /**
   * Most the volume may hold; the kubelet evicts the pod beyond it.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
  /**
   * Storage medium.
   * @default EmptyDirMedium.DEFAULT
   */
  readonly medium?: EmptyDirMedium;
}

/** Options of a ConfigMap or Secret volume. */
export interface KeyToPathVolumeOptions {
  /**
   * File mode bits of the files, e.g. `0o440`.
   * @default 0o444 for ConfigMaps, 0o400 for Secrets
   */
  readonly defaultMode?: number;
  /**
   * Whether the pod may start without the object.
   * @default false
   */
  readonly optional?: boolean;
}

/** File mode bits as the API server accepts them: 0 to 0o777. */
const FILE_MODE: Check = refine(int(0), (ctx, path, v: number) => {
  if (v > 0o777) {
    throw propError(ctx.owner, path, v, 'is not a file mode (at most 0o777, which is 511)', 'write the mode bits as an octal literal, e.g. 0o440 or 0o644');
  }
});

const KEY_TO_PATH_OPTIONS = defineShape('KeyToPathVolumeOptions', {
  defaultMode: FILE_MODE,
  optional: bool(),
});

const EMPTY_DIR_OPTIONS = defineShape('EmptyDirOptions', {
  sizeLimit: size(),
  medium: enumOf('EmptyDirMedium', EmptyDirMedium),
});

/** What a hostPath volume's path must be on the node (`hostPath.type`). */
export enum HostPathType {
  /** A directory that must exist. */
  DIRECTORY = 'Directory',
  /** A directory, created (mode 0755, owned by the kubelet) when missing. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** A file that must exist. */
  FILE = 'File',
  /** A file, created empty when missing. */
  FILE_OR_CREATE = 'FileOrCreate',
  /** A UNIX socket that must exist. */
  SOCKET = 'Socket',
  /** A block device that must exist. */
  BLOCK_DEVICE = 'BlockDevice',
  /** A character device that must exist. */
  CHAR_DEVICE = 'CharDevice',
}

/** Options of a hostPath volume. */
export interface HostPathVolumeOptions {
  /**
   * What the path must be on the node; the kubelet refuses to start the pod otherwise.
   * @default HostPathType.DIRECTORY
   */
  readonly type?: HostPathType;
}

/** When the kubelet changes the owner of a volume's files to the pod's fsGroup (`fsGroupChangePolicy`). */
export enum FsGroupChangePolicy {
  /** Only when the volume's root does not have the fsGroup already: fast for large, reused claims. */
  ON_ROOT_MISMATCH = 'OnRootMismatch',
  /** Every time the volume is mounted (Kubernetes' default). */
  ALWAYS = 'Always',
}

const HOST_PATH_OPTIONS = defineShape('HostPathVolumeOptions', {
  type: enumOf('HostPathType', HostPathType),
});

/** An absolute node path without ".." elements (the API server rejects them in hostPath paths). */
const HOST_PATH: Check = required(refine(str({ allowEmpty: true }), (ctx, path, v: string) => {
  if (!v.startsWith('/')) throw propError(ctx.owner, path, v, 'must be an absolute path on the node', 'start it with "/", e.g. "/mnt/data"');
  if (v.split('/').includes('..')) throw propError(ctx.owner, path, v, 'must not contain ".." elements (the API server rejects them in hostPath paths)', 'give the path without "..", e.g. "/mnt/data"');
}));

/**
 * A volume the Spark pods mount. Volumes are put into the driver and executor pod templates, so
 * they work whether or not the spark-operator's mutating webhook is installed.
 */
export class SparkVolume {
  /**
   * A ConfigMap mounted as files.
   *
   * @param name volume name, unique in the pod
   * @param configMapName name of the ConfigMap in the app's namespace
   */
  public static configMap(name: string, configMapName: string, options: KeyToPathVolumeOptions = {}): SparkVolume {
    const ctx = { owner: 'SparkVolume.configMap' };
    checkArg(ctx, 'name', ANY_STRING, name);
    checkArg(ctx, 'configMapName', REQUIRED_CONFIG_MAP_NAME, configMapName);
    checkOptions(ctx, options, 'KeyToPathVolumeOptions', KEY_TO_PATH_OPTIONS);
    const o = options ?? {};
    return new SparkVolume(name, 'configMap', {
      configMap: { name: configMapName, defaultMode: o.defaultMode ?? 0o444, optional: o.optional },
    });
  }

  /**
   * A Secret mounted as files.
   *
   * @param name volume name, unique in the pod
   * @param secretName name of the Secret in the app's namespace
   */
  public static secret(name: string, secretName: string, options: KeyToPathVolumeOptions = {}): SparkVolume {
    const ctx = { owner: 'SparkVolume.secret' };
    checkArg(ctx, 'name', ANY_STRING, name);
    checkArg(ctx, 'secretName', REQUIRED_SECRET_NAME, secretName);
    checkOptions(ctx, options, 'KeyToPathVolumeOptions', KEY_TO_PATH_OPTIONS);
    const o = options ?? {};
    return new SparkVolume(name, 'secret', {
      secret: { secretName, defaultMode: o.defaultMode ?? 0o400, optional: o.optional },
    });
  }

  /**
   * An existing PersistentVolumeClaim.
   *
   * @param name volume name, unique in the pod
   * @param claimName name of the claim in the app's namespace
   * @param readOnly mount the claim read-only
   */
  public static persistentVolumeClaim(name: string, claimName: string, readOnly?: boolean): SparkVolume {
    const ctx = { owner: 'SparkVolume.persistentVolumeClaim' };
    checkArg(ctx, 'name', ANY_STRING, name);
    checkArg(ctx, 'claimName', REQUIRED_CLAIM_NAME, claimName);
    checkArg(ctx, 'readOnly', bool(), readOnly);
    return new SparkVolume(name, 'persistentVolumeClaim', {
      persistentVolumeClaim: { claimName, readOnly: readOnly ?? false },
    });
  }

  /**
   * A scratch directory that lives as long as the pod.
   *
   * @param name volume name, unique in the pod
   */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): SparkVolume {
    const ctx = { owner: 'SparkVolume.emptyDir' };
    checkArg(ctx, 'name', ANY_STRING, name);
    checkOptions(ctx, options, 'EmptyDirOptions', EMPTY_DIR_OPTIONS);
    const o = options ?? {};
    const medium = o.medium ?? EmptyDirMedium.DEFAULT;
    const mib = o.sizeLimit ? sizeToMebibytes(ctx.owner, 'sizeLimit', o.sizeLimit) : undefined;
    return new SparkVolume(name, 'emptyDir', {
      emptyDir: {
        medium: medium === EmptyDirMedium.DEFAULT ? undefined : medium,
        sizeLimit: mib !== undefined ? `${mib}Mi` : undefined,
      },
    }, mib, medium === EmptyDirMedium.MEMORY);
  }

  /**
   * A file or directory of the node. The baseline and restricted Pod Security Standards forbid
   * hostPath volumes: an app in a SparkNamespace that enforces either cannot mount one (an error),
   * elsewhere it is a warning (`host-path-volume`). The directory must be accessible to the pods'
   * user: fsGroup does not apply to hostPath volumes.
   *
   * @param name volume name, unique in the pod
   * @param path absolute path on the node
   */
  public static hostPath(name: string, path: string, options: HostPathVolumeOptions = {}): SparkVolume {
    const ctx = { owner: 'SparkVolume.hostPath' };
    checkArg(ctx, 'name', ANY_STRING, name);
    checkArg(ctx, 'path', HOST_PATH, path);
    checkOptions(ctx, options, 'HostPathVolumeOptions', HOST_PATH_OPTIONS);
    return new SparkVolume(name, 'hostPath', { hostPath: { path, type: (options ?? {}).type ?? HostPathType.DIRECTORY } });
  }

  /**
   * A volume Spark adds to the pods itself from its volume configuration
   * (`spark.kubernetes.<driver|executor>.volumes.<type>.<name>.*`), such as the local dir
   * `spark-local-dir-1` a ShuffleStorage declares, for init containers and sidecars to mount by
   * name (e.g. to prepare the directory before Spark starts). Spark builds each pod from its
   * template and then adds the configured volumes to that same pod (`MountVolumesFeatureStep`), so
   * the template's containers can mount them; the volume is therefore not put into the template
   * (Spark would add it a second time). The app's final Spark configuration must declare the volume
   * for each pod role that mounts it (an error at synthesis otherwise). Spark mounts it into its
   * own container already: driverVolumeMounts and executorVolumeMounts cannot take it.
   *
   * @param name the volume's name in Spark's volume configuration, e.g. "spark-local-dir-1"
   */
  public static fromSparkConf(name: string): SparkVolume {
    checkArg({ owner: 'SparkVolume.fromSparkConf' }, 'name', ANY_STRING, name);
    return new SparkVolume(name, 'sparkConf', undefined);
  }

  /** Volume name. */
  public readonly name: string;
  /** Volume type: configMap, secret, persistentVolumeClaim, emptyDir, hostPath, or sparkConf (declared through Spark's volume configuration). */
  public readonly type: string;
  /** @internal */
  public readonly _source: any;
  /** @internal size limit in MiB of an emptyDir */
  public readonly _sizeMebibytes?: number;
  /** @internal whether the volume is tmpfs */
  public readonly _memoryBacked: boolean;

  private constructor(name: string, type: string, source: any, sizeMebibytes?: number, memoryBacked = false) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      const suggestion = dnsLabelSuggestion(name);
      throw propError(`SparkVolume.${type === 'sparkConf' ? 'fromSparkConf' : type}`, 'name', name, 'must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
        suggestion ? `use e.g. ${JSON.stringify(suggestion)}` : 'use lower-case letters, digits and "-", e.g. "data"');
    }
    this.name = name;
    this.type = type;
    this._source = source;
    this._sizeMebibytes = sizeMebibytes;
    this._memoryBacked = memoryBacked;
  }

  /** @internal */
  public _toKube(): any {
    return { name: this.name, ...this._source };
  }
}

/** Where a volume is mounted in the Spark container. */
export interface SparkVolumeMount {
  /** The volume. */
  readonly volume: SparkVolume;
  /** Absolute path in the container. */
  readonly path: string;
  /**
   * Mount read-only.
   * @default - true for ConfigMap and Secret volumes, false otherwise
   */
  readonly readOnly?: boolean;
  /**
   * Sub-path of the volume to mount.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** Operator of a toleration. */
export enum TolerationOperator {
  /** The taint's key and value must match. */
  EQUAL = 'Equal',
  /** Any taint with the key matches. */
  EXISTS = 'Exists',
}

/** Taint effect. */
export enum TaintEffect {
  /** New pods are not scheduled. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries to avoid the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** A toleration of the Spark pods. */
export interface SparkToleration {
  /**
   * Taint key; empty with EXISTS matches every taint.
   * @default - every key (only with TolerationOperator.EXISTS)
   */
  readonly key?: string;
  /**
   * Operator.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * Taint value for EQUAL.
   * @default - empty
   */
  readonly value?: string;
  /**
   * Effect to tolerate.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * How long a NO_EXECUTE taint is tolerated.
   * @default - forever
   */
  readonly tolerationDuration?: Duration;
}

/** Operator of a node selector requirement. */
export enum NodeSelectorOperator {
  /** The label value is one of the values. */
  IN = 'In',
  /** The label value is none of the values. */
  NOT_IN = 'NotIn',
  /** The label exists. */
  EXISTS = 'Exists',
  /** The label does not exist. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label value is an integer greater than the single value. */
  GT = 'Gt',
  /** The label value is an integer less than the single value. */
  LT = 'Lt',
}

/** A requirement on a node label. */
export interface NodeLabelRequirement {
  /** Label key, e.g. `node.kubernetes.io/instance-type`. */
  readonly key: string;
  /** Operator. */
  readonly operator: NodeSelectorOperator;
  /**
   * Values (none for EXISTS and DOES_NOT_EXIST, one for GT and LT).
   * @default []
   */
  readonly values?: string[];
}

/** A weighted node preference. */
export interface PreferredNodeAffinity {
  /** Weight 1–100. */
  readonly weight: number;
  /** All must hold for the preference to count. */
  readonly requirements: NodeLabelRequirement[];
}

/**
 * A required co-location with other pods (a required pod affinity term): the pod goes only to a
 * node whose value of `topologyKey` (e.g. its zone) is that of a node running a pod with these labels.
 */
export interface PodAffinityRequirement {
  /** Labels of the pods to be near (all must match), in the pod's own namespace. */
  readonly podLabels: { [key: string]: string };
  /** Node label whose value must be the same, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
}

/**
 * Where a pod goes: node labels it needs, taints it tolerates, node and pod affinity. The one
 * pod-placement model of the library, rendered by `renderPlacement` for every pod it defines
 * (Spark pod templates, YuniKorn placeholders, Kueue pod sets, Celeborn, fill Jobs).
 */
export interface PodPlacement {
  /**
   * Node labels the pod's node must have.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pod tolerates.
   * @default - none
   */
  readonly tolerations?: SparkToleration[];
  /**
   * Required node label requirements (all must hold).
   * @default - none
   */
  readonly requiredNodeAffinity?: NodeLabelRequirement[];
  /**
   * Weighted node preferences.
   * @default - none
   */
  readonly preferredNodeAffinity?: PreferredNodeAffinity[];
  /**
   * Required pod affinity: pods to be near (all must hold).
   * @default - none
   */
  readonly requiredPodAffinity?: PodAffinityRequirement[];
}
