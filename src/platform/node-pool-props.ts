import { Duration, Size } from 'cdk8s';
import { AllocatableProfile } from './node-allocatable';
import { NodeShape } from './node-shape';
import { TaintEffect } from '../core/pod';
import { CpuCores } from '../core/resources';

/** Whether a pool's nodes are on-demand or spot (preemptible) capacity. */
export enum CapacityType {
  /** On-demand (regular) instances: drivers and streaming apps. */
  ON_DEMAND = 'on-demand',
  /** Spot / preemptible instances: cheaper, reclaimed at short notice; executors of batch apps. */
  SPOT = 'spot',
}

/** The kubelet's CPU manager policy on a pool's nodes. */
export enum CpuManagerPolicy {
  /** Shared CPU pool for every container (the kubelet's default). */
  NONE = 'none',
  /** Exclusive cores for Guaranteed pods with whole CPUs; the others share what is left. */
  STATIC = 'static',
}

/** Why Karpenter may disrupt nodes, for a disruption budget. */
export enum KarpenterDisruptionReason {
  /** Consolidation of under-used nodes. */
  UNDERUTILIZED = 'Underutilized',
  /** Removal of empty nodes. */
  EMPTY = 'Empty',
  /** Replacement of nodes that drifted from the pool's spec. */
  DRIFTED = 'Drifted',
}

/** When Karpenter consolidates a pool's nodes. */
export enum KarpenterConsolidationPolicy {
  /** Only nodes without workload pods. */
  WHEN_EMPTY = 'WhenEmpty',
  /** Empty and under-used nodes (their pods are moved). */
  WHEN_EMPTY_OR_UNDERUTILIZED = 'WhenEmptyOrUnderutilized',
}

/** A taint on every node of a pool. */
export interface NodeTaint {
  /** Taint key, e.g. `nvidia.com/gpu`. */
  readonly key: string;
  /**
   * Taint value.
   * @default - none
   */
  readonly value?: string;
  /** Effect on pods that do not tolerate it. */
  readonly effect: TaintEffect;
}

/** What runs on every node besides the workload pods (DaemonSets: CNI, log and metrics agents, CSI). */
export interface DaemonSetOverhead {
  /** CPU requested by all DaemonSet pods of one node together. */
  readonly cpu: CpuCores;
  /** Memory requested by all DaemonSet pods of one node together. */
  readonly memory: Size;
  /**
   * Ephemeral storage requested by them together.
   * @default - none
   */
  readonly ephemeralStorage?: Size;
  /**
   * Number of DaemonSet pods per node (they count against the node's pod limit).
   * @default 0
   */
  readonly pods?: number;
}

/** A Karpenter node disruption budget (`spec.disruption.budgets[]`). */
export interface KarpenterDisruptionBudget {
  /** Nodes that may be disrupted at once: a count (`"2"`) or a percentage (`"10%"`). */
  readonly nodes: string;
  /**
   * Disruption reasons the budget applies to.
   * @default - every reason
   */
  readonly reasons?: KarpenterDisruptionReason[];
  /**
   * Cron schedule when the budget is active (with `duration`).
   * @default - always active
   */
  readonly schedule?: string;
  /**
   * How long the budget is active after each `schedule` time (whole minutes).
   * @default - always active
   */
  readonly duration?: Duration;
}

/** The provider-specific node class a Karpenter NodePool launches nodes with. */
export interface KarpenterNodeClassRef {
  /** API group of the node class, e.g. `karpenter.k8s.aws`. */
  readonly group: string;
  /** Kind, e.g. `EC2NodeClass` or `AKSNodeClass`. */
  readonly kind: string;
  /** Name of the node class object. */
  readonly name: string;
}

/** Karpenter output of a NodePool: a `karpenter.sh/v1` NodePool object. */
export interface KarpenterOptions {
  /** The node class (AMI, subnets, security groups, disks) the nodes are launched with. */
  readonly nodeClassRef: KarpenterNodeClassRef;
  /**
   * How long a node lives before Karpenter replaces it (`expireAfter`); `Duration` in whole
   * seconds. Nodes that never expire miss security patches.
   * @default Duration.days(30)
   */
  readonly expireAfter?: Duration;
  /**
   * When Karpenter consolidates nodes.
   * @default KarpenterConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED
   */
  readonly consolidationPolicy?: KarpenterConsolidationPolicy;
  /**
   * How long a node must be empty or under-used before consolidation (whole seconds).
   * @default Duration.minutes(5)
   */
  readonly consolidateAfter?: Duration;
  /**
   * Disruption budgets; an empty list lets Karpenter disrupt every node at once (a warning).
   * @default - one budget of 10% of the nodes
   */
  readonly budgets?: KarpenterDisruptionBudget[];
  /**
   * Priority among NodePools that fit a pod (1-100, higher first).
   * @default - no weight
   */
  readonly weight?: number;
}

/** A pool of identical nodes (see NodePool). */
export interface NodePoolProps {
  /**
   * Pool name: the Karpenter NodePool's name and the value of the pool label.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /** The node shape: `NodeShape.instanceType('r6i.4xlarge')` from the catalog, or `NodeShape.custom({...})`. */
  readonly shape: NodeShape;
  /**
   * What the node keeps for itself (kube-reserved, system-reserved, eviction threshold, pod limit):
   * a provider's published formula, or explicit allocatable figures.
   * @default - the formula of the shape's cloud (EKS for AWS, GKE for GCP, AKS for Azure); required for custom shapes without a cloud
   */
  readonly allocatable?: AllocatableProfile;
  /**
   * What the DaemonSets (CNI, log shipper, metrics agent, CSI node plugin) request on every node.
   * @default - nothing (every message that uses the figures says so)
   */
  readonly daemonSetOverhead?: DaemonSetOverhead;
  /**
   * Node labels of the pool: apps placed on it select them. Nodes must carry them (Karpenter
   * puts them on the nodes it launches; for other pools set them in the node group).
   * @default - { "node-pool.cdk8s-spark.io/name": <name> }
   */
  readonly labels?: { [key: string]: string };
  /**
   * Taints of every node; apps placed on the pool tolerate them.
   * @default - none
   */
  readonly taints?: NodeTaint[];
  /**
   * On-demand or spot capacity.
   * @default CapacityType.ON_DEMAND
   */
  readonly capacityType?: CapacityType;
  /**
   * Availability zones of the nodes, e.g. `["eu-west-1a", "eu-west-1b"]`.
   * @default - every zone of the cluster
   */
  readonly zones?: string[];
  /**
   * Fewest nodes (for the packing report: what is paid for when idle).
   * @default 0
   */
  readonly minNodes?: number;
  /**
   * Most nodes of the pool.
   * @default - no node limit
   */
  readonly maxNodes?: number;
  /**
   * Most CPU of all nodes together (Karpenter `limits.cpu`).
   * @default - no CPU limit
   */
  readonly cpuLimit?: CpuCores;
  /**
   * Most memory of all nodes together (Karpenter `limits.memory`).
   * @default - no memory limit
   */
  readonly memoryLimit?: Size;
  /**
   * The kubelet's CPU manager policy on the nodes.
   * @default CpuManagerPolicy.NONE
   */
  readonly cpuManagerPolicy?: CpuManagerPolicy;
  /**
   * Price of one node per hour (any currency), for the cost column of the packing report.
   * @default - no cost figures
   */
  readonly pricePerNodeHour?: number;
  /**
   * Share of a node's CPU and memory that executors must use before the packing check warns (0-1).
   * @default 0.8
   */
  readonly packingThreshold?: number;
  /**
   * Use the shape's local NVMe disks as the nodes' ephemeral storage (Karpenter's
   * `instanceStorePolicy: RAID0`, GKE's `--ephemeral-storage-local-ssd`).
   * @default false - the boot disk is the ephemeral storage
   */
  readonly nvmeEphemeralStorage?: boolean;
  /**
   * Emit a `karpenter.sh/v1` NodePool.
   * @default - no Karpenter object: the pool is a declaration of nodes made elsewhere (Terraform, GKE, AKS)
   */
  readonly karpenter?: KarpenterOptions;
}

/** Per-node figures of a pool in the library's units. */
export interface NodeResources {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in MiB. */
  readonly memoryMebibytes: number;
  /** Ephemeral storage in MiB. */
  readonly ephemeralStorageMebibytes: number;
  /** Pods. */
  readonly pods: number;
  /** GPUs (0 for none). */
  readonly gpus: number;
}

/**
 * Where an app's pods go: the pool of the driver and the pool of the executors (often an
 * on-demand pool for the driver and a spot pool for the executors).
 */
export interface NodePoolPlacement {
  /**
   * Pool of the driver.
   * @default - no pool: the driver goes wherever its other placement props say
   */
  readonly driver?: INodePool;
  /**
   * Pool of the executors.
   * @default - no pool: the executors go wherever their other placement props say
   */
  readonly executors?: INodePool;
  /**
   * Keep the driver and all executors in this one zone (cross-zone shuffle traffic costs money
   * and latency; seed 001's rack locality). Must be one of the pools' zones, when they list zones.
   * @default - any zone of the pools
   */
  readonly zone?: string;
  /**
   * Keep all executors in the zone the driver was scheduled to, whichever it is: a required pod
   * affinity of the executors to the app's driver pod (labels of the app and `spark-role=driver`)
   * with topology key `topology.kubernetes.io/zone`. Unlike `zone`, no zone is named, so the
   * driver may go to any zone with room. Cannot be combined with `zone` (which already keeps all
   * pods in one zone). Runs of a scheduled app that overlap (concurrencyPolicy ALLOW) share the
   * labels, so their executors may follow either driver.
   * @default false
   */
  readonly executorsInDriverZone?: boolean;
}

/** A node pool as apps and checks see it (see NodePool). */
export interface INodePool {
  /** Pool name. */
  readonly poolName: string;
  /** Node labels that select the pool. */
  readonly selectorLabels: { [key: string]: string };
  /** Taints of the nodes. */
  readonly taints: NodeTaint[];
  /** Zones of the nodes (empty: any). */
  readonly zones: string[];
  /** Capacity type. */
  readonly capacityType: CapacityType;
  /** Whether Karpenter may consolidate (move pods off) the pool's nodes. */
  readonly consolidates: boolean;
  /** What one node offers to workload pods: allocatable minus the DaemonSets. */
  readonly usablePerNode: NodeResources;
}
