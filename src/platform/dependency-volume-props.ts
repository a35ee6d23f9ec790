import { Size } from 'cdk8s';
import { INodePool } from './node-pool-props';

/** A file the dependency Job downloads into the volume. */
export interface DependencyDownload {
  /**
   * `https://` URL of the file (e.g. a jar on Maven Central), without blanks or control characters
   * (percent-encode them). It reaches curl as one quoted argument.
   */
  readonly url: string;
  /**
   * Path relative to the volume root, e.g. `jars/hadoop-aws-3.3.4.jar`: letters, digits, ".",
   * "_" and "-" in "/"-separated parts, no "." or ".." part.
   */
  readonly path: string;
}

/** Access mode of the dependency claim. */
export enum DependencyAccessMode {
  /** Many nodes mount it (driver and executors spread over nodes); needs an RWX storage class. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** One node mounts it: only for single-node test clusters. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
}

/** Props of a DependencyVolume. */
export interface DependencyVolumeProps {
  /** Files to download into the volume. */
  readonly downloads: DependencyDownload[];
  /**
   * Size of the claim.
   * @default Size.gibibytes(1)
   */
  readonly size?: Size;
  /**
   * Storage class of the claim.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claim.
   * @default DependencyAccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: DependencyAccessMode;
  /**
   * Image of the download Job; it must have `curl` and `sh`.
   * @default "curlimages/curl:8.11.1"
   */
  readonly image?: string;
  /**
   * Namespace of the claim and Job (the apps that mount it must run there).
   * @default - the chart's namespace, else "default"
   */
  readonly namespace?: string;
  /**
   * Name of the claim; the fill Job is `<name>-fill`. A DNS-1123 label of at most 58 characters
   * (a Job name is at most 63).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * The node pool the fill Job's pod runs on: the pool's labels as node selector and tolerations
   * for its taints; the pod is checked against the App's pools at synthesis (selects a pool,
   * tolerates its taints, fits one node).
   * @default - no pool: the pod goes wherever the scheduler puts it
   */
  readonly nodePool?: INodePool;
}
