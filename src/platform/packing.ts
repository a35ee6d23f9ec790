import { Size } from 'cdk8s';
import { INodePool, NodeResources } from './node-pool-props';
import { bool, defineShape, instance, int, num, required, size } from '../core/check';
import { propError } from '../core/errors';
import { computePodResources, millisToQuantity } from '../core/model';
import { CpuCores, SparkRole } from '../core/resources';
import { SPARK_VERSION } from '../core/shapes';
import { checkArg, checkOptions, sizeToMebibytes } from '../core/util';
import { SparkVersion } from '../core/versions';

/** How an app's executors pack onto the nodes of one pool. */
export interface PackingReport {
  /** The app, as messages name it (`SparkApp Etl`). */
  readonly app: string;
  /** The pool's name. */
  readonly pool: string;
  /** CPU request of one executor in millicores. */
  readonly executorCpuMillis: number;
  /** Memory request of one executor in MiB. */
  readonly executorMemoryMebibytes: number;
  /** Executors that fit on one node (0: none fits). */
  readonly executorsPerNode: number;
  /** What limits executorsPerNode: cpu, memory, ephemeral-storage, gpus or pods. */
  readonly limitedBy: string;
  /** Share of a node's usable CPU (allocatable minus DaemonSets) the executors of a full node request (0-1). */
  readonly cpuShare: number;
  /** Share of a node's usable memory the executors of a full node request (0-1). */
  readonly memoryShare: number;
  /** CPU left idle on a full node in millicores. */
  readonly idleCpuMillis: number;
  /** Memory left idle on a full node in MiB. */
  readonly idleMemoryMebibytes: number;
  /** Most executors the app runs at once. */
  readonly maxExecutors: number;
  /**
   * Nodes the app needs at its peak (executors, plus the driver when it is on the same pool and
   * does not fit beside them).
   * @default - unbounded (dynamic allocation without maxExecutors) or none fits
   */
  readonly nodesAtPeak?: number;
  /**
   * Cost per hour at the peak, when the pool has a price.
   * @default - no price
   */
  readonly costPerHourAtPeak?: number;
}

/** What the executors of a sized app carry besides the heap. */
export interface ExecutorSizingOptions {
  /** Executors per node to size for. */
  readonly executorsPerNode: number;
  /**
   * Spark version (4.0 reads `spark.executor.minMemoryOverhead`; the floor is 384 MiB either way by default).
   * @default SparkVersion.of('3.5.5')
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Python app (Spark's default overhead factor is then 0.4 instead of 0.1).
   * @default false
   */
  readonly python?: boolean;
  /**
   * The app's `memoryOverheadFactor`.
   * @default - Spark's default (0.1, or 0.4 for Python)
   */
  readonly memoryOverheadFactor?: number;
  /**
   * Off-heap memory of each executor (`spark.memory.offHeap.size`).
   * @default - none
   */
  readonly offHeap?: Size;
  /**
   * PySpark worker memory of each executor (`spark.executor.pyspark.memory`).
   * @default - none
   */
  readonly pysparkMemory?: Size;
  /**
   * Memory the app's features add to each executor (tmpfs shuffle, RocksDB, pinned pools: what
   * they pass to `addMemoryHeadroom`).
   * @default - none
   */
  readonly memoryHeadroom?: Size;
}

/** Smallest executor heap Spark accepts (UnifiedMemoryManager: 1.5 × 300 MiB reserved). */
const MIN_HEAP = 450;

const SIZING_OPTIONS = defineShape('ExecutorSizingOptions', {
  executorsPerNode: required(int(1, 1000)),
  sparkVersion: SPARK_VERSION,
  python: bool(),
  memoryOverheadFactor: num(),
  offHeap: size(),
  pysparkMemory: size(),
  memoryHeadroom: size(),
});

const POOL = instance('INodePool', v => typeof v.poolName === 'string' && typeof v.usablePerNode === 'object', 'pass a NodePool');

/**
 * Executor cores and heap for a pool and a number of executors per node, such that the rendered
 * executor pod — heap + overhead + off-heap + PySpark memory + the features' headroom, computed by
 * the library's resource model — fills the node's usable CPU and memory (allocatable minus
 * DaemonSets). Set `executorCores`, `executorCoreRequest` and `executorMemory` of the app from it.
 */
export class ExecutorSizing {
  /**
   * Sizes executors for a pool.
   *
   * @param pool the pool the executors run on
   */
  public static forPool(pool: INodePool, options: ExecutorSizingOptions): ExecutorSizing {
    const ctx = { owner: 'ExecutorSizing.forPool' };
    checkArg(ctx, 'pool', required(POOL), pool);
    checkOptions(ctx, options, 'ExecutorSizingOptions', SIZING_OPTIONS);
    return ExecutorSizing.compute(ctx.owner, pool.poolName, pool.usablePerNode, options);
  }

  private static compute(owner: string, poolName: string, usable: NodeResources, o: ExecutorSizingOptions): ExecutorSizing {
    const n = o.executorsPerNode;
    const requestMillis = Math.floor(usable.cpuMillis / n);
    const budget = Math.floor(usable.memoryMebibytes / n);
    if (requestMillis < 1 || n > usable.pods) {
      throw propError(owner, 'executorsPerNode', n, `is more than a node of pool ${poolName} holds (${millisToQuantity(usable.cpuMillis)} CPU, ${usable.pods} pods usable)`,
        'size for fewer executors per node');
    }
    if (o.memoryOverheadFactor !== undefined && !(o.memoryOverheadFactor > 0 && o.memoryOverheadFactor <= 100)) {
      throw propError(owner, 'memoryOverheadFactor', o.memoryOverheadFactor, 'must be a number above 0 (Spark checks it)', 'use a factor of the heap such as 0.1 or 0.4');
    }
    const headroom = o.memoryHeadroom ? sizeToMebibytes(owner, 'memoryHeadroom', o.memoryHeadroom) : 0;
    const conf = new Map<string, string>();
    if (o.memoryOverheadFactor !== undefined) conf.set('spark.executor.memoryOverheadFactor', String(o.memoryOverheadFactor));
    if (o.offHeap) {
      conf.set('spark.memory.offHeap.enabled', 'true');
      conf.set('spark.memory.offHeap.size', `${sizeToMebibytes(owner, 'offHeap', o.offHeap)}m`);
    }
    if (o.pysparkMemory) conf.set('spark.executor.pyspark.memory', `${sizeToMebibytes(owner, 'pysparkMemory', o.pysparkMemory)}m`);
    const version = o.sparkVersion ?? SparkVersion.of('3.5.5');
    const podOf = (heap: number) => {
      conf.set('spark.executor.memory', `${heap}m`);
      return computePodResources(SparkRole.EXECUTOR, conf, { nonJvm: !!o.python, python: !!o.python, version }).memoryRequestMebibytes + headroom;
    };
    // The largest heap whose pod fits the node's share (the pod's memory grows with the heap).
    let lo = 0;
    let hi = budget;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (podOf(mid) <= budget) lo = mid;
      else hi = mid - 1;
    }
    // Spark refuses an executor heap below 450 MiB (1.5 × its 300 MiB reserved memory).
    if (lo < MIN_HEAP) {
      throw propError(owner, 'executorsPerNode', n, `leaves ${budget}Mi per executor on a node of pool ${poolName}, less than the smallest executor pod (${podOf(MIN_HEAP)}Mi: Spark refuses a heap below ${MIN_HEAP}Mi)`,
        'size for fewer executors per node');
    }
    const pod = podOf(lo);
    return new ExecutorSizing(Math.max(1, Math.floor(requestMillis / 1000)), requestMillis, lo, pod,
      (n * requestMillis) / usable.cpuMillis, (n * pod) / usable.memoryMebibytes);
  }

  /** `spark.executor.cores`: task slots per executor (whole cores, at least 1). */
  public readonly executorCores: number;
  /** CPU request of each executor (`spark.kubernetes.executor.request.cores`): the node's share. */
  public readonly executorCoreRequest: CpuCores;
  /** JVM heap of each executor (`executorMemory`). */
  public readonly executorMemory: Size;
  /** Memory request of the rendered executor pod in MiB. */
  public readonly podMemoryMebibytes: number;
  /** Share of the node's usable CPU the executors of one node request. */
  public readonly cpuShare: number;
  /** Share of the node's usable memory the executors of one node request. */
  public readonly memoryShare: number;

  private constructor(cores: number, requestMillis: number, heap: number, pod: number, cpuShare: number, memoryShare: number) {
    this.executorCores = cores;
    this.executorCoreRequest = CpuCores.millis(requestMillis);
    this.executorMemory = Size.mebibytes(heap);
    this.podMemoryMebibytes = pod;
    this.cpuShare = cpuShare;
    this.memoryShare = memoryShare;
  }
}
