import { Duration } from 'cdk8s';

/** Dynamic allocation of executors. */
export interface DynamicAllocation {
  /**
   * Fewest executors.
   * @default 0
   */
  readonly minExecutors?: number;
  /**
   * Most executors. Required: without it Spark may ask for Int.MaxValue executors, and no quota or
   * capacity figure can be computed.
   */
  readonly maxExecutors: number;
  /**
   * Executors at start.
   * @default - minExecutors
   */
  readonly initialExecutors?: number;
  /**
   * Track shuffle files so executors holding them are not removed (needed on Kubernetes, which has
   * no external shuffle service, unless a remote shuffle service or a reliable-storage shuffle
   * plugin is used).
   * @default true
   */
  readonly shuffleTracking?: boolean;
  /**
   * Release executors that still hold shuffle data after this long.
   * @default - never (Spark's default): executors with shuffle data are kept until the data is cleaned up
   */
  readonly shuffleTrackingTimeout?: Duration;
  /**
   * Remove executors idle for this long.
   * @default Duration.seconds(60)
   */
  readonly executorIdleTimeout?: Duration;
}

/** What a scheduled run does when the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Start the new run anyway. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the running one and start the new one. */
  REPLACE = 'Replace',
}

/** A cron schedule: the app becomes a ScheduledSparkApplication. */
export interface SparkSchedule {
  /**
   * Standard 5-field cron expression (minute hour day-of-month month day-of-week) or a descriptor
   * (`@daily`, `@every 1h`), as the operator's robfig/cron parser accepts it.
   */
  readonly cron: string;
  /**
   * IANA time zone the schedule is read in.
   * @default "UTC"
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous still runs. The operator starts no further
   * run when this is unset, so it is always emitted.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Successful runs to keep.
   * @default 1
   */
  readonly successfulRunHistoryLimit?: number;
  /**
   * Failed runs to keep.
   * @default 3
   */
  readonly failedRunHistoryLimit?: number;
  /**
   * Suspend the schedule.
   * @default false
   */
  readonly suspend?: boolean;
}

/** Type of the Spark UI Service. */
export enum UiServiceType {
  /** Cluster-internal IP. */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
  /** A cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** The Spark UI Service the operator creates for the driver. */
export interface SparkUiOptions {
  /**
   * Service port.
   * @default 4040
   */
  readonly servicePort?: number;
  /**
   * Service type.
   * @default UiServiceType.CLUSTER_IP
   */
  readonly serviceType?: UiServiceType;
  /**
   * Service labels.
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
  /**
   * Service annotations.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
}

/** Pod security settings of the Spark pods. */
export interface SparkSecurityOptions {
  /**
   * User id of the Spark containers (the official Spark images run as 185).
   * @default 185
   */
  readonly runAsUser?: number;
  /**
   * Group id of the Spark containers.
   * @default 185
   */
  readonly runAsGroup?: number;
  /**
   * Group owning mounted volumes.
   * @default 185
   */
  readonly fsGroup?: number;
  /**
   * Read-only root filesystem (Spark needs writable work and local dirs: mount them as volumes).
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
}

