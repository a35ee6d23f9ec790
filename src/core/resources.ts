import { INT32_MAX, num, required } from './check';
import { propError } from './errors';
import { checkArg } from './util';

const NUMBER = required(num());

/** Most millicores accepted (an int32; over two million cores, more than any node has). */
const MAX_MILLICORES = INT32_MAX;

/**
 * A CPU amount for a Kubernetes request or limit, such as `500m` or `2`.
 */
export class CpuCores {
  /**
   * An amount in millicores, e.g. `CpuCores.millis(500)` for half a core.
   */
  public static millis(millicores: number): CpuCores {
    checkArg({ owner: 'CpuCores.millis' }, 'millicores', NUMBER, millicores);
    if (!Number.isInteger(millicores) || millicores < 1) {
      throw propError('CpuCores.millis', 'millicores', millicores, 'must be a whole number of at least 1', 'use e.g. CpuCores.millis(500) for half a core');
    }
    if (millicores > MAX_MILLICORES) {
      throw propError('CpuCores.millis', 'millicores', millicores, `is more than ${MAX_MILLICORES} (over two million cores, more than any node has)`, 'give the CPU of one pod, e.g. CpuCores.millis(4000) for 4 cores');
    }
    return new CpuCores(millicores);
  }

  /**
   * An amount in cores, e.g. `CpuCores.of(1.5)`; precision is one millicore.
   */
  public static of(cores: number): CpuCores {
    checkArg({ owner: 'CpuCores.of' }, 'cores', NUMBER, cores);
    const m = Math.round(cores * 1000);
    if (!(cores > 0) || Math.abs(m - cores * 1000) > 1e-6) {
      throw propError('CpuCores.of', 'cores', cores, 'must be positive with at most three decimals (the precision is one millicore)', 'use e.g. CpuCores.of(0.5) or CpuCores.of(2), or CpuCores.millis for millicores');
    }
    if (m > MAX_MILLICORES) {
      throw propError('CpuCores.of', 'cores', cores, `is more than ${MAX_MILLICORES / 1000} (over two million cores, more than any node has)`, 'give the CPU of one pod, e.g. CpuCores.of(4)');
    }
    return new CpuCores(m);
  }

  /** The amount in millicores. */
  public readonly millicores: number;

  private constructor(millicores: number) {
    this.millicores = millicores;
  }

  /** The Kubernetes quantity string: whole cores as `2`, others as `1500m`. */
  public toQuantity(): string {
    return this.millicores % 1000 === 0 ? `${this.millicores / 1000}` : `${this.millicores}m`;
  }
}

/** The two kinds of pod a Spark application runs. */
export enum SparkRole {
  /** The driver pod. */
  DRIVER = 'driver',
  /** An executor pod. */
  EXECUTOR = 'executor',
}

/** An on-demand PersistentVolumeClaim Spark creates for each pod of a role. */
export interface OnDemandClaim {
  /** Volume name in the Spark configuration. */
  readonly volumeName: string;
  /** Storage class of the claim. */
  readonly storageClass: string;
  /** Requested size in MiB. */
  readonly sizeMebibytes: number;
}

/**
 * What Spark puts on one pod of an application: requests, limits and the parts they are made of.
 *
 * Computed from the application's final Spark configuration the way Spark 3.3 to 4.2 computes it
 * (`BasicDriverFeatureStep`, `BasicExecutorFeatureStep`, `ResourceProfile`): the Spark container's
 * memory request = memory limit = heap + overhead (+ off-heap + PySpark memory on executors), in
 * whole MiB. Init containers and sidecars count as Kubernetes counts them: the pod requests the
 * larger of its largest init container and the sum of its other containers.
 */
export interface PodResources {
  /** Driver or executor. */
  readonly role: SparkRole;
  /** CPU request of the pod in millicores (the Spark container's plus otherContainersCpuMillis). */
  readonly cpuRequestMillis: number;
  /**
   * CPU limit of the pod in millicores (the Spark container's plus what the other containers add).
   * @default - no CPU limit on the pod
   */
  readonly cpuLimitMillis?: number;
  /** JVM heap (`spark.<role>.memory`) in MiB. */
  readonly heapMebibytes: number;
  /** Memory overhead in MiB (explicit, or factor × heap with the floor). */
  readonly overheadMebibytes: number;
  /** Off-heap memory in MiB (executors with `spark.memory.offHeap.enabled`). */
  readonly offHeapMebibytes: number;
  /** PySpark worker memory in MiB (Python executors with `spark.executor.pyspark.memory`). */
  readonly pysparkMebibytes: number;
  /**
   * Memory request of the pod in MiB: the Spark container's (heap + overhead + off-heap + PySpark
   * memory) plus otherContainersMemoryMebibytes.
   */
  readonly memoryRequestMebibytes: number;
  /** Memory limit of the pod in MiB (Spark sets its container's limit equal to the request). */
  readonly memoryLimitMebibytes: number;
  /**
   * CPU the init containers and sidecars add to the pod's request, in millicores.
   * @default 0
   */
  readonly otherContainersCpuMillis?: number;
  /**
   * Memory the init containers and sidecars add to the pod's request and limit, in MiB.
   * @default 0
   */
  readonly otherContainersMemoryMebibytes?: number;
  /** Extended resources (limits; Kubernetes sets requests equal), e.g. `{ 'nvidia.com/gpu': 1 }`. */
  readonly extendedResources: { [name: string]: number };
  /**
   * Ephemeral-storage request in MiB, from the pod template.
   * @default - none requested
   */
  readonly ephemeralStorageRequestMebibytes?: number;
  /**
   * Ephemeral-storage limit in MiB, from the pod template.
   * @default - no limit
   */
  readonly ephemeralStorageLimitMebibytes?: number;
  /** On-demand PersistentVolumeClaims created per pod. */
  readonly onDemandClaims: OnDemandClaim[];
}

/**
 * Sums over a set of pods (an application's peak, a namespace's apps).
 */
export interface ResourceTotals {
  /** Number of pods. */
  readonly pods: number;
  /** Sum of CPU requests in millicores. */
  readonly cpuRequestMillis: number;
  /** Sum of CPU limits in millicores, over the pods that have one. */
  readonly cpuLimitMillis: number;
  /** Pods without a CPU limit. */
  readonly podsWithoutCpuLimit: number;
  /** Sum of memory requests in MiB. */
  readonly memoryRequestMebibytes: number;
  /** Sum of memory limits in MiB. */
  readonly memoryLimitMebibytes: number;
  /** Sums of extended resources. */
  readonly extendedResources: { [name: string]: number };
  /** Sum of ephemeral-storage requests in MiB. */
  readonly ephemeralStorageRequestMebibytes: number;
  /** Number of PersistentVolumeClaims. */
  readonly persistentVolumeClaims: number;
  /** Storage requested by PersistentVolumeClaims in MiB, in total. */
  readonly storageRequestMebibytes: number;
  /** Storage requested by PersistentVolumeClaims in MiB, per storage class. */
  readonly storageByClassMebibytes: { [storageClass: string]: number };
}

/**
 * The resource figures of one Spark application.
 */
export interface SparkAppResources {
  /** The driver pod. */
  readonly driver: PodResources;
  /** One executor pod. */
  readonly executor: PodResources;
  /** Executors at start (static count, or the initial count under dynamic allocation). */
  readonly initialExecutors: number;
  /** Most executors the app can run at once (static count, or `maxExecutors`). */
  readonly maxExecutors: number;
  /** Driver plus `maxExecutors` executors, plus extra pods (e.g. PVCs). */
  readonly peak: ResourceTotals;
}
