import { Size } from 'cdk8s';
import { ISparkHistoryServer } from './history-server-contract';
import { ISparkFeature } from '../core/contracts';
import { CpuCores, PodResources, ResourceTotals } from '../core/resources';

/** Pod Security Admission level. */
export enum PodSecurityLevel {
  /** Hardened: non-root, no privilege escalation, capabilities dropped, seccomp, no host access. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations; allows e.g. running as root. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

/** The namespace's ResourceQuota. Every figure is optional; unset figures are not constrained. */
export interface SparkQuota {
  /**
   * Sum of CPU requests (`requests.cpu`).
   * @default - not constrained
   */
  readonly cpuRequests?: CpuCores;
  /**
   * Sum of CPU limits (`limits.cpu`). Every pod must then carry a CPU limit.
   * @default - not constrained
   */
  readonly cpuLimits?: CpuCores;
  /**
   * Sum of memory requests (`requests.memory`).
   * @default - not constrained
   */
  readonly memoryRequests?: Size;
  /**
   * Sum of memory limits (`limits.memory`).
   * @default - not constrained
   */
  readonly memoryLimits?: Size;
  /**
   * Extended resources by name, e.g. `{ 'nvidia.com/gpu': 8 }` (quota key `requests.<name>`).
   * @default - not constrained
   */
  readonly extendedResources?: { [name: string]: number };
  /**
   * Number of pods.
   * @default - not constrained
   */
  readonly pods?: number;
  /**
   * Number of PersistentVolumeClaims.
   * @default - not constrained
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Storage requested by claims (`requests.storage`).
   * @default - not constrained
   */
  readonly storage?: Size;
  /**
   * Storage requested by claims per storage class.
   * @default - not constrained
   */
  readonly storageByClass?: { [storageClass: string]: Size };
  /**
   * Sum of ephemeral-storage requests (`requests.ephemeral-storage`).
   * @default - not constrained
   */
  readonly ephemeralStorageRequests?: Size;
}

/** The namespace's LimitRange for containers and pods. */
export interface SparkLimitRange {
  /**
   * CPU request of containers that set none (sidecars, init containers; Spark sets its own).
   * @default CpuCores.millis(100)
   */
  readonly defaultCpuRequest?: CpuCores;
  /**
   * Memory request of containers that set none.
   * @default Size.mebibytes(128)
   */
  readonly defaultMemoryRequest?: Size;
  /**
   * Memory limit of containers that set none; at least `defaultMemoryRequest` (the API server
   * rejects a LimitRange whose default request exceeds its default limit).
   * @default Size.mebibytes(256)
   */
  readonly defaultMemoryLimit?: Size;
  /**
   * Largest CPU limit of one pod.
   * @default - no maximum
   */
  readonly maxPodCpu?: CpuCores;
  /**
   * Largest memory limit of one pod.
   * @default - no maximum
   */
  readonly maxPodMemory?: Size;
}

/** A priority tier of Spark apps (a cluster-scoped PriorityClass). */
export interface PriorityTier {
  /** Tier name apps refer to, e.g. "batch". */
  readonly name: string;
  /**
   * PriorityClass value; higher runs first and may preempt lower. A whole number up to
   * 1000000000 (higher values are reserved for system classes); negative values are allowed.
   */
  readonly value: number;
  /**
   * Name of the PriorityClass.
   * @default - "spark-<name>"
   */
  readonly priorityClassName?: string;
  /**
   * Whether pods of this tier preempt lower-priority pods.
   * @default true
   */
  readonly preempting?: boolean;
}

/** An egress destination the Spark pods may reach (object store, Kafka, a database). */
export interface EgressDestination {
  /** Short name, used in the NetworkPolicy name `allow-egress-<name>` (a DNS-1123 subdomain). */
  readonly name: string;
  /** Destination CIDRs, e.g. `10.20.0.0/16` or `fd00:20::/64`. */
  readonly cidrs: string[];
  /** TCP ports. */
  readonly ports: number[];
}

/** Props of a SparkNamespace. */
export interface SparkNamespaceProps {
  /**
   * Namespace name.
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * Pod Security Admission level enforced (also set as warn and audit level).
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Labels the spark-operator's `spark.jobNamespaceSelector` selects, so the operator watches the
   * namespace without being reconfigured.
   * @default { "spark-operator.cdk8s-spark.io/job-namespace": "true" }
   */
  readonly operatorSelectorLabels?: { [key: string]: string };
  /**
   * Extra labels on the Namespace. Labels the construct sets (Pod Security levels,
   * `app.kubernetes.io/part-of`, `app.kubernetes.io/managed-by`) cannot be given another value.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * ResourceQuota.
   * @default - no quota
   */
  readonly quota?: SparkQuota;
  /**
   * LimitRange.
   * @default - defaults for containers that set no resources, no maximums
   */
  readonly limitRange?: SparkLimitRange;
  /**
   * When the quota constrains `limits.cpu` (or a pod maximum is set), give every Spark pod without
   * a CPU limit a limit equal to its request. When false, such an app is an error instead.
   * @default true
   */
  readonly setCpuLimits?: boolean;
  /**
   * Make "the apps' peaks together exceed the quota" an error instead of a warning.
   * @default false
   */
  readonly strictCapacity?: boolean;
  /**
   * Priority tiers (cluster-scoped PriorityClasses, emitted once per app however many namespaces use them).
   * @default - streaming 100000, batch 10000, ad-hoc 1000 (not preempting)
   */
  readonly tiers?: PriorityTier[];
  /**
   * Tier of apps that name none.
   * @default "batch"
   */
  readonly defaultTier?: string;
  /**
   * Name of the shared driver ServiceAccount (and its Role and RoleBinding), a DNS-1123 subdomain.
   * @default "spark-driver"
   */
  readonly driverServiceAccountName?: string;
  /**
   * Restrict egress: only DNS, the Kubernetes API (drivers), the app's own pods and `egressDestinations`.
   * @default true
   */
  readonly restrictEgress?: boolean;
  /**
   * CIDRs of the Kubernetes API server endpoints the drivers call (NetworkPolicy sees the
   * endpoint addresses, not the service IP); IPv4 or IPv6, at least one.
   * @default ["0.0.0.0/0"] on ports 443 and 6443
   */
  readonly apiServerCidrs?: string[];
  /**
   * Other destinations the Spark pods may reach.
   * @default - none
   */
  readonly egressDestinations?: EgressDestination[];
  /**
   * Namespace whose pods may scrape the Spark pods' metrics on the driver UI port 4040 (a
   * PrometheusMonitoring adds the ports it scrapes).
   * @default - none until a PrometheusMonitoring allows it
   */
  readonly monitoringNamespace?: string;
  /**
   * The history server of every app placed in the namespace: each app binds it (its event-log
   * dir, rolling event logs, compression) unless the app binds a history server of its own,
   * which wins. A server that runs in this namespace itself (its `sparkNamespace` needs this
   * namespace first) is added with `addAppFeature(server)` instead.
   * @default - none: each app binds its own, or none
   */
  readonly historyServer?: ISparkHistoryServer;
  /**
   * Features every app placed in the namespace binds after its own, e.g. `[new SparkLogging()]`
   * as the namespace's logging default; an app that binds a feature of the same kind (class)
   * keeps its own. Each feature is bound to many apps, so use features that can be (SparkLogging,
   * a history server, your own).
   * @default - none
   */
  readonly appFeatures?: ISparkFeature[];
}


/** Resource figures of one app in a capacity report. */
export interface AppCapacity {
  /** App name. */
  readonly name: string;
  /** The driver pod. */
  readonly driver: PodResources;
  /** One executor pod. */
  readonly executor: PodResources;
  /** Most executors at once. */
  readonly maxExecutors: number;
  /** Driver + most executors. */
  readonly peak: ResourceTotals;
}

/** A namespace's quota against its apps' peaks. */
export interface NamespaceCapacity {
  /** Namespace name. */
  readonly namespace: string;
  /** Quota keys and their hard values as Kubernetes quantities. */
  readonly quota: { [key: string]: string };
  /** Each app. */
  readonly apps: AppCapacity[];
  /** Other workloads counted (e.g. a Celeborn cluster, a DependencyVolume's claim and fill Job). */
  readonly workloads: { [name: string]: ResourceTotals };
  /** Sum of all peaks and workloads. */
  readonly total: ResourceTotals;
  /** Quota minus total per quota key, in millicores (cpu), MiB (memory, storage) or counts. */
  readonly headroom: { [key: string]: number };
}
