import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SparkSchedule } from './app-options';
import { NodeLabelRequirement, PodAffinityRequirement, PodPlacement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, SparkVolumeMount } from './pod';
import { CpuCores, PodResources, SparkAppResources, SparkRole } from './resources';
import { SparkApplicationType, SparkPods } from './types';
import { SparkVersion } from './versions';

/**
 * A container that runs next to the Spark container: an init container (runs to completion before
 * Spark starts) or a sidecar. It gets an explicit security context of its own: the restricted one
 * with the pod's non-root user, or, with `runAsRoot`, a root one.
 */
export interface SparkContainer {
  /** Container name, unique in the pod (DNS-1123 label). */
  readonly name: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /**
   * Entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's arguments
   */
  readonly args?: string[];
  /**
   * Environment.
   * @default - none
   */
  readonly env?: { [name: string]: SparkEnvValue };
  /**
   * Volume mounts (the volumes are added to the pod).
   * @default - none
   */
  readonly volumeMounts?: SparkVolumeMount[];
  /** CPU request and limit. */
  readonly cpu: CpuCores;
  /** Memory request and limit. */
  readonly memory: Size;
  /**
   * Read-only root file system.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * The container needs root (user and group 0), e.g. an init container that changes the owner
   * of a volume. It then gets its own explicit security context: user 0, no privilege
   * escalation, RuntimeDefault seccomp and the container runtime's default capabilities (CHOWN,
   * DAC_OVERRIDE, FOWNER, ...), which the baseline Pod Security Standard allows. The restricted
   * standard forbids root: in a SparkNamespace that enforces it, adding such a container is an
   * error; elsewhere it is a warning (`root-container`).
   * @default false - the container runs as the pods' non-root user under the restricted security context
   */
  readonly runAsRoot?: boolean;
}

/**
 * The shared driver identity of a namespace: the ServiceAccount drivers use, and the Role that
 * grows with what the apps need.
 */
export interface ISparkDriverIdentity {
  /** Name of the ServiceAccount. */
  readonly serviceAccountName: string;
  /**
   * Registers an app that uses this identity, so its Role grants what the app needs (e.g. the
   * PersistentVolumeClaim rule for on-demand claims), read when the Role is rendered.
   */
  addUser(app: ISparkApp): void;
}

/**
 * A namespace a Spark app can be placed in (see SparkNamespace): it supplies the namespace name,
 * the driver identity, priority tiers and network policies, and gets to know its apps.
 * Implementable outside the library.
 */
export interface ISparkNamespace {
  /** Namespace name. */
  readonly namespaceName: string;
  /** The shared driver identity of the namespace. */
  readonly driverIdentity: ISparkDriverIdentity;
  /** Pod Security Admission level the namespace enforces: "restricted", "baseline" or "privileged". */
  readonly podSecurityEnforce: string;
  /** Names of the namespace's priority tiers, highest priority first. */
  readonly tierNames: string[];
  /**
   * Whether pods must carry a CPU limit (a quota on limits.cpu or a LimitRange maximum): apps give
   * pods without a CPU limit one equal to their request (spark-operator #810).
   */
  readonly requiresCpuLimits: boolean;
  /**
   * Whether the namespace denies egress by default, so pods reach only what a NetworkPolicy allows.
   */
  readonly restrictsEgress: boolean;
  /**
   * CIDRs of the Kubernetes API server the namespace's pods may reach when egress is restricted
   * (drivers create executors; an operator-less submitter creates the driver).
   */
  readonly apiServerCidrs: string[];
  /**
   * Features every app placed in the namespace binds (e.g. the team's history server, a logging
   * default), after its own features; an app skips a feature when it already has one of the same
   * kind (class), so an app's own history server or logging wins. Empty when there are none.
   */
  readonly appFeatures: ISparkFeature[];
  /**
   * Registers an app placed in the namespace; returns the priority class name of its tier, if the
   * namespace defines tiers.
   *
   * @param app the app
   * @param tier the app's tier, or the namespace's default
   */
  registerApp(app: ISparkApp, tier?: string): string | undefined;
  /**
   * Counts pods that are not Spark apps (e.g. a Celeborn cluster) in the capacity check and report.
   *
   * @param name unique name of the workload in the namespace
   * @param pods one entry per pod
   */
  registerWorkload(name: string, pods: PodResources[]): void;
  /**
   * Lets pods of another namespace (e.g. Prometheus) reach the Spark pods on these ports.
   *
   * @param fromNamespace namespace of the scraper
   * @param ports TCP ports of the Spark pods
   */
  allowMetricsScraping(fromNamespace: string, ports: number[]): void;
  /**
   * Lets the Spark pods reach other pods (e.g. a Celeborn cluster) when the namespace restricts egress.
   *
   * @param name unique name of the destination
   * @param podLabels labels of the destination pods
   * @param ports TCP ports
   * @param namespace namespace of the destination pods, if not this one
   */
  allowSparkEgressTo(name: string, podLabels: { [key: string]: string }, ports: number[], namespace?: string): void;
  /**
   * Lets the Spark pods reach servers known by host name (Kafka brokers, Redis, Cassandra) on these
   * TCP ports, at any address: a NetworkPolicy matches pods and IP blocks, never host names, so
   * the port is what can be restricted. Does nothing when the namespace does not restrict egress.
   *
   * @param name unique name of the destination (part of the NetworkPolicy's name)
   * @param ports TCP ports
   */
  allowSparkEgressToPorts(name: string, ports: number[]): void;
}

/**
 * Something that adds to a Spark application: Spark configuration, pod settings, memory, objects
 * next to it (shuffle storage, monitoring, GPUs, gang scheduling, streaming, or your own).
 *
 * Bind it with the app's `features` prop or `app.addFeature(feature)`; the app calls `bind` once.
 * A feature uses only the public `ISparkApp` methods, and names itself in every value it sets, so
 * conflicts between features name both.
 */
export interface ISparkFeature {
  /** What the feature is, for conflict messages (e.g. "ShuffleStorage local-ssd"). */
  readonly featureName: string;
  /**
   * Applies the feature to the app. Called by the app, once.
   *
   * @param app the application
   */
  bind(app: ISparkApp): void;
}

/**
 * A Spark application as features see it: its identity and versions, its final Spark
 * configuration and resource model, and the public ways to add configuration and pod settings.
 * Every method names its source for conflict messages.
 */
export interface ISparkApp extends IConstruct {
  /** Name of the application. */
  readonly name: string;
  /** Namespace the app runs in. */
  readonly namespace: string;
  /** Spark version. */
  readonly sparkVersion: SparkVersion;
  /** Scala binary version of the Spark build (2.12 or 2.13). */
  readonly scalaVersion: string;
  /** Application type. */
  readonly type: SparkApplicationType;
  /** Container image of the Spark pods. */
  readonly image: string;
  /** Whether the app runs on a schedule. */
  readonly scheduled: boolean;
  /** The app's schedule (cron, concurrency policy), when it runs on one. */
  readonly schedule?: SparkSchedule;
  /** Service account of the driver. */
  readonly serviceAccountName: string;
  /** The namespace construct the app was placed in, if any. */
  readonly sparkNamespace?: ISparkNamespace;
  /** Labels selecting this app's driver and executor pods. */
  readonly podSelectorLabels: { [key: string]: string };
  /** The features bound to this app, in binding order. */
  readonly features: ISparkFeature[];

  /**
   * Binds a feature to the app (once; binding it again does nothing).
   * @param feature the feature
   */
  addFeature(feature: ISparkFeature): void;

  /**
   * Adds a Spark configuration entry. Two different values for one key are an error naming both
   * sources. For list-valued keys (jars, packages, class paths, Java options) use
   * `addSparkConfListEntries`.
   *
   * @param key Spark configuration key
   * @param value its value
   * @param source who sets it, for conflict messages
   */
  addSparkConf(key: string, value: string, source?: string): void;
  /**
   * Adds entries to a list-valued Spark configuration key (`spark.jars`, `spark.jars.packages`,
   * `spark.plugins`, `spark.{driver,executor}.extraClassPath`, `spark.{driver,executor}.extraJavaOptions`, ...):
   * entries from several sources are joined with the key's separator; an entry already there is
   * not added twice.
   *
   * @param key Spark configuration key
   * @param entries entries to add
   * @param source who adds them
   */
  addSparkConfListEntries(key: string, entries: string[], source: string): void;
  /**
   * The value of a Spark configuration key as Spark will receive it, or undefined.
   * @param key Spark configuration key
   */
  sparkConfValue(key: string): string | undefined;
  /**
   * Who set a Spark configuration key (e.g. "prop executorMemory", "sparkConf", a feature name).
   * @param key Spark configuration key
   */
  sparkConfSource(key: string): string | undefined;
  /** Every Spark configuration key set so far, sorted. */
  sparkConfKeys(): string[];
  /**
   * The pods this app creates, computed from its final Spark configuration as Spark computes them.
   */
  resources(): SparkAppResources;

  /**
   * Sets an environment variable of the Spark containers.
   * @param pods which pods
   * @param name variable name
   * @param value literal or reference
   * @param source who sets it
   */
  addEnv(pods: SparkPods, name: string, value: SparkEnvValue, source: string): void;
  /**
   * Adds a volume to the pods without mounting it into the Spark container (for an init container,
   * a sidecar, or a volume Spark mounts through its own volume conf).
   * @param pods which pods
   * @param volume the volume
   * @param source who adds it
   */
  addVolume(pods: SparkPods, volume: SparkVolume, source: string): void;
  /**
   * Mounts a volume into the Spark container (and adds the volume to the pod).
   * @param pods which pods
   * @param mount the mount
   * @param source who adds it
   */
  addVolumeMount(pods: SparkPods, mount: SparkVolumeMount, source: string): void;
  /**
   * Adds an init container to the pods (it runs to completion before Spark starts; the resource
   * model counts it as Kubernetes does: the pod requests at least the largest init container).
   * @param pods which pods
   * @param container the container
   * @param source who adds it
   */
  addInitContainer(pods: SparkPods, container: SparkContainer, source: string): void;
  /**
   * Adds a sidecar container to the pods (its CPU and memory are set on the container, and the
   * resource model adds them to the pod's request and limit).
   * @param pods which pods
   * @param container the container
   * @param source who adds it
   */
  addSidecar(pods: SparkPods, container: SparkContainer, source: string): void;
  /**
   * Adds tolerations to the pods.
   * @param pods which pods
   * @param tolerations tolerations
   * @param source who adds them
   */
  addTolerations(pods: SparkPods, tolerations: SparkToleration[], source: string): void;
  /**
   * Adds node selector labels; one label with two different values is an error naming both sources.
   * @param pods which pods
   * @param labels node labels
   * @param source who adds them
   */
  addNodeSelector(pods: SparkPods, labels: { [key: string]: string }, source: string): void;
  /**
   * Adds required node label requirements.
   * @param pods which pods
   * @param requirements requirements (all must hold)
   * @param source who adds them
   */
  addRequiredNodeAffinity(pods: SparkPods, requirements: NodeLabelRequirement[], source: string): void;
  /**
   * Adds weighted node preferences.
   * @param pods which pods
   * @param preferences preferences
   * @param source who adds them
   */
  addPreferredNodeAffinity(pods: SparkPods, preferences: PreferredNodeAffinity[], source: string): void;
  /**
   * Adds required pod affinity: the pods go only where their topology key (e.g. the zone) has
   * the value of a node running a pod with the given labels (e.g. the app's driver).
   * @param pods which pods
   * @param requirements requirements (all must hold)
   * @param source who adds them
   */
  addRequiredPodAffinity(pods: SparkPods, requirements: PodAffinityRequirement[], source: string): void;
  /**
   * Where a role's pods go, as rendered (everything every source added).
   * @param role driver or executor
   */
  placementOf(role: SparkRole): PodPlacement;
  /**
   * Adds labels to the pods.
   * @param pods which pods
   * @param labels labels
   * @param source who adds them
   */
  addPodLabels(pods: SparkPods, labels: { [key: string]: string }, source: string): void;
  /**
   * Adds annotations to the pods.
   * @param pods which pods
   * @param annotations annotations
   * @param source who adds them
   */
  addPodAnnotations(pods: SparkPods, annotations: { [key: string]: string }, source: string): void;
  /**
   * Adds labels to the application object itself (e.g. a Kueue queue label).
   * @param labels labels
   * @param source who adds them
   */
  addApplicationLabels(labels: { [key: string]: string }, source: string): void;
  /**
   * Adds memory that the Spark container uses outside the JVM heap and outside Spark's own
   * overhead (a memory-backed emptyDir, RocksDB's native memory, a pinned host pool). The app
   * renders an explicit memory overhead of what Spark would use plus all headroom, and the
   * resource model reports the result.
   * @param role driver or executor
   * @param memory whole MiB
   * @param source who adds it
   */
  addMemoryHeadroom(role: SparkRole, memory: Size, source: string): void;
  /**
   * Adds ephemeral storage to the Spark container's request and limit (Spark does not set it).
   * @param role driver or executor
   * @param storage whole MiB, request and limit
   * @param source who adds it
   */
  addEphemeralStorage(role: SparkRole, storage: Size, source: string): void;
  /**
   * Adds a named TCP port to the Spark container.
   * @param pods which pods
   * @param name port name (at most 15 characters)
   * @param port port number
   * @param source who adds it
   */
  addContainerPort(pods: SparkPods, name: string, port: number, source: string): void;
  /**
   * Sets the scheduler of the pods (e.g. volcano, yunikorn); two different schedulers are an error.
   * @param pods which pods
   * @param schedulerName scheduler
   * @param source who sets it
   */
  setSchedulerName(pods: SparkPods, schedulerName: string, source: string): void;
  /**
   * Raises the pods' termination grace period to at least this long.
   * @param pods which pods
   * @param period grace period, whole seconds
   * @param source who sets it
   */
  addTerminationGracePeriod(pods: SparkPods, period: Duration, source: string): void;
  /**
   * Makes the application object come after these constructs in the synthesized manifests (queues
   * and groups it references).
   * @param dependencies constructs to come first
   */
  addObjectDependency(...dependencies: IConstruct[]): void;
}
