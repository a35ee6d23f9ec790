import { Size } from 'cdk8s';
import { INodePool } from './node-pool-props';
import { ISparkNamespace } from '../core/contracts';
import { SparkToleration } from '../core/pod';
import { CpuCores } from '../core/resources';

/** Props of a CelebornCluster. */
export interface CelebornClusterProps {
  /**
   * Name prefix of the cluster's objects (StatefulSets `<name>-master` and `<name>-worker`,
   * Services `<name>-master-svc` and `<name>-worker-svc`, ConfigMap `<name>-conf`); a DNS-1035
   * label of at most 45 characters (a StatefulSet name is at most 52: its pods' revision label
   * adds 11).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * Namespace of the cluster. Ignored when `sparkNamespace` is given.
   * @default - the chart's namespace, else "default"
   */
  readonly namespace?: string;
  /**
   * The tenant namespace to run in: the Celeborn pods count in its capacity check and report, and
   * NetworkPolicies let Spark pods reach them through its default-deny policy.
   * @default - none
   */
  readonly sparkNamespace?: ISparkNamespace;
  /**
   * Celeborn release; picks the image and is checked against the apps' Spark versions (Spark 4.0
   * needs Celeborn 0.6+, Spark 4.1 needs 0.7+).
   * @default "0.6.1"
   */
  readonly version?: string;
  /**
   * Container image with the Celeborn distribution under `/opt/celeborn` (built from Celeborn's
   * `docker/Dockerfile`: user 10006, tini entrypoint). Never `latest`.
   * @default - `apache/celeborn:<version>`
   */
  readonly image?: string;
  /**
   * Masters, forming a Raft group: an odd number, so that a majority survives the loss of
   * (masterReplicas - 1) / 2 masters.
   * @default 3
   */
  readonly masterReplicas?: number;
  /**
   * Workers (they hold the shuffle data); each runs on its own node.
   * @default 3
   */
  readonly workerReplicas?: number;
  /** Storage class of the workers' data disks and the masters' Raft log claims (use an SSD class). */
  readonly storageClassName: string;
  /**
   * Size of each worker data disk (a PersistentVolumeClaim per disk and worker). Celeborn keeps
   * 5 GiB of each disk free (`celeborn.worker.storage.disk.reserve.size`). A StatefulSet's claim
   * templates cannot change: changing the size later means deleting the StatefulSet (with
   * `--cascade=orphan`) and resizing the claims.
   * @default Size.gibibytes(100)
   */
  readonly workerStorageSize?: Size;
  /**
   * Data disks per worker (one storage dir each).
   * @default 1
   */
  readonly workerDisks?: number;
  /**
   * Size of each master's Raft log claim.
   * @default Size.gibibytes(10)
   */
  readonly masterStorageSize?: Size;
  /**
   * Master JVM heap (`CELEBORN_MASTER_MEMORY`).
   * @default Size.gibibytes(2)
   */
  readonly masterMemory?: Size;
  /**
   * Worker JVM heap (`CELEBORN_WORKER_MEMORY`).
   * @default Size.gibibytes(2)
   */
  readonly workerMemory?: Size;
  /**
   * Worker off-heap memory for push and fetch buffers (`CELEBORN_WORKER_OFFHEAP_MEMORY`, the
   * JVM's `MaxDirectMemorySize`). Celeborn's Helm chart uses 12 GiB for production.
   * @default Size.gibibytes(4)
   */
  readonly workerOffHeapMemory?: Size;
  /**
   * CPU of each master (request and limit).
   * @default CpuCores.of(1)
   */
  readonly masterCpu?: CpuCores;
  /**
   * CPU of each worker (request and limit).
   * @default CpuCores.of(2)
   */
  readonly workerCpu?: CpuCores;
  /**
   * Node labels the Celeborn pods' nodes must have.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the Celeborn pods (e.g. dedicated shuffle nodes).
   * @default - none
   */
  readonly tolerations?: SparkToleration[];
  /**
   * The node pools of the masters and the workers: a pool's labels join `nodeSelector`,
   * tolerations for its taints join `tolerations`, and the pods are checked against the App's
   * pools at synthesis (select a pool, tolerate its taints, fit one node).
   * @default - no pool: the pods go where `nodeSelector` and `tolerations` say
   */
  readonly placement?: CelebornPlacement;
  /**
   * DNS domain of the cluster, for the masters' fully qualified names.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Further `celeborn-defaults.conf` entries (keys starting with `celeborn.`); keys the construct
   * sets are rejected. Keys and values are written escaped as Java properties, so Celeborn reads
   * exactly what is given (a newline in a value cannot start another entry); numbers and booleans
   * are written as text.
   * @default - none
   */
  readonly configuration?: { [key: string]: string };
}

/** The node pools of a Celeborn cluster's pods. */
export interface CelebornPlacement {
  /**
   * Pool of the masters (small, long-lived: on-demand nodes).
   * @default - no pool
   */
  readonly masters?: INodePool;
  /**
   * Pool of the workers (their disks hold the shuffle data: on-demand nodes, often with NVMe).
   * @default - no pool
   */
  readonly workers?: INodePool;
}
