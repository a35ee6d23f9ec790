import { Duration, Size } from 'cdk8s';
import { constructError } from './errors';

/**
 * The value of an environment variable of the Spark containers: a literal, or a reference to a
 * key of a Secret or ConfigMap (so credentials never appear in the manifest).
 */
export class SparkEnvValue {
  /** A literal value. */
  public static value(value: string): SparkEnvValue {
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
    return new SparkVolume(name, 'configMap', {
      configMap: { name: configMapName, defaultMode: options.defaultMode ?? 0o444, optional: options.optional },
    });
  }

  /**
   * A Secret mounted as files.
   *
   * @param name volume name, unique in the pod
   * @param secretName name of the Secret in the app's namespace
   */
  public static secret(name: string, secretName: string, options: KeyToPathVolumeOptions = {}): SparkVolume {
    return new SparkVolume(name, 'secret', {
      secret: { secretName, defaultMode: options.defaultMode ?? 0o400, optional: options.optional },
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
    const medium = options.medium ?? EmptyDirMedium.DEFAULT;
    return new SparkVolume(name, 'emptyDir', {
      emptyDir: {
        medium: medium === EmptyDirMedium.DEFAULT ? undefined : medium,
        sizeLimit: options.sizeLimit ? `${options.sizeLimit.toMebibytes()}Mi` : undefined,
      },
    }, options.sizeLimit?.toMebibytes(), medium === EmptyDirMedium.MEMORY);
  }

  /** Volume name. */
  public readonly name: string;
  /** Volume type: configMap, secret, persistentVolumeClaim or emptyDir. */
  public readonly type: string;
  /** @internal */
  public readonly _source: any;
  /** @internal size limit in MiB of an emptyDir */
  public readonly _sizeMebibytes?: number;
  /** @internal whether the volume is tmpfs */
  public readonly _memoryBacked: boolean;

  private constructor(name: string, type: string, source: any, sizeMebibytes?: number, memoryBacked = false) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      throw constructError('SparkVolume', `name "${name}" must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)`);
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
 * Where a pod goes: node labels it needs, taints it tolerates, node affinity. The one
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
}
