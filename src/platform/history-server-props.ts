import { Duration, Size } from 'cdk8s';
import { EventLogCompressionCodec, S3EventLogStoreOptions, SharedClaimEventLogStoreOptions } from './history-server-options';
import { CLAIM_MOUNT_PATH, EVENT_LOG_STORE_MARKER, S3_EVENT_LOG_STORE_SHAPE, SHARED_CLAIM_EVENT_LOG_STORE_SHAPE } from './history-server-shapes';
import { INodePool } from './node-pool-props';
import { SparkUiIngressOptions } from './ui-ingress-options';
export * from './history-server-options';
export * from './history-server-contract';
import { ISparkNamespace } from '../core/contracts';
import { propError } from '../core/errors';
import { SparkToleration } from '../core/pod';
import { CpuCores } from '../core/resources';
import { ImagePullPolicy } from '../core/types';
import { checkOptions } from '../core/util';
import { SparkVersion } from '../core/versions';

/**
 * Where event logs are kept: written by the apps' drivers, read (and cleaned) by the history server.
 */
export class EventLogStore {
  /**
   * Event logs on S3-compatible object storage. The history server's image needs the S3A
   * connector (hadoop-aws and the AWS SDK bundle) on its class path.
   *
   * @param options bucket, endpoint and credentials
   */
  public static objectStore(options: S3EventLogStoreOptions): EventLogStore {
    const owner = 'EventLogStore.objectStore';
    checkOptions({ owner }, options, 'S3EventLogStoreOptions', S3_EVENT_LOG_STORE_SHAPE);
    const m = /^s3a:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/[^\s]*)?$/.exec(options.uri);
    if (!m) {
      throw propError(owner, 'uri', options.uri, 'is not an S3A directory URI', 'use s3a://<bucket>/<prefix>, e.g. s3a://spark-logs/events (S3A is the connector Hadoop maintains)');
    }
    if (options.credentialsSecret !== undefined && options.serviceAccountAnnotations !== undefined) {
      throw propError(owner, 'credentialsSecret', options.credentialsSecret, 'and serviceAccountAnnotations both give credentials',
        'give one: a Secret with keys, or a cloud identity through the ServiceAccount annotations');
    }
    if (options.endpoint !== undefined && !/^https?:\/\/[^\s/]+\/?$/.test(options.endpoint)) {
      throw propError(owner, 'endpoint', options.endpoint, 'is not an endpoint URL', 'use http(s)://host[:port], e.g. https://minio.storage:9000');
    }
    return new EventLogStore('s3', options.uri.replace(/\/+$/, ''), m[1], options, undefined);
  }

  /**
   * Event logs on a shared ReadWriteMany claim, mounted at `/spark-events` into the history
   * server and the bound apps' drivers (`file:/spark-events`).
   *
   * @param options the claim
   */
  public static sharedClaim(options: SharedClaimEventLogStoreOptions): EventLogStore {
    const owner = 'EventLogStore.sharedClaim';
    checkOptions({ owner }, options, 'SharedClaimEventLogStoreOptions', SHARED_CLAIM_EVENT_LOG_STORE_SHAPE);
    return new EventLogStore('claim', `file:${CLAIM_MOUNT_PATH}`, undefined, undefined, options);
  }

  /** `s3` or `claim`. */
  public readonly kind: string;
  /** The event-log directory as Spark reads and writes it (`spark.eventLog.dir`, `spark.history.fs.logDirectory`). */
  public readonly uri: string;
  /** The bucket, for an S3 store. */
  public readonly bucket?: string;
  /** The S3 options, for an S3 store. */
  public readonly s3Options?: S3EventLogStoreOptions;
  /** The claim options, for a claim store. */
  public readonly claimOptions?: SharedClaimEventLogStoreOptions;

  private constructor(kind: string, uri: string, bucket: string | undefined, s3: S3EventLogStoreOptions | undefined,
    claim: SharedClaimEventLogStoreOptions | undefined) {
    this.kind = kind;
    this.uri = uri;
    this.bucket = bucket;
    this.s3Options = s3;
    this.claimOptions = claim;
    Object.defineProperty(this, EVENT_LOG_STORE_MARKER, { value: true });
  }
}


/** Props of a SparkHistoryServer. */
export interface SparkHistoryServerProps {
  /**
   * Name of the Deployment, Service and ConfigMap (DNS-1035 label of at most 50 characters).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * Namespace. Ignored when `sparkNamespace` is given.
   * @default - the chart's namespace, else "default"
   */
  readonly namespace?: string;
  /**
   * The tenant namespace to run in: the server counts in its capacity check, and with `ingress` a
   * NetworkPolicy lets the ingress controller through its default-deny policy.
   * @default - none
   */
  readonly sparkNamespace?: ISparkNamespace;
  /** Spark version of the history server; apps of a newer Spark line get a warning. */
  readonly sparkVersion: SparkVersion;
  /**
   * Container image with Spark under `/opt/spark` (uid 185), of the same Spark version; never `latest`.
   * @default - `apache/spark:<sparkVersion>`
   */
  readonly image?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Where the event logs are. */
  readonly store: EventLogStore;
  /**
   * Delete old event logs (`spark.history.fs.cleaner.enabled`).
   * @default true
   */
  readonly cleaner?: boolean;
  /**
   * Event logs older than this are deleted (`spark.history.fs.cleaner.maxAge`).
   * @default Duration.days(7)
   */
  readonly cleanerMaxAge?: Duration;
  /**
   * At most this many event logs are kept (`spark.history.fs.cleaner.maxNum`, Spark 3.0+).
   * @default 1000
   */
  readonly cleanerMaxFiles?: number;
  /**
   * How often the cleaner runs (`spark.history.fs.cleaner.interval`).
   * @default Duration.days(1)
   */
  readonly cleanerInterval?: Duration;
  /**
   * Bound apps roll their event log at this size (`spark.eventLog.rolling.maxFileSize`, at least 10 MiB).
   * @default Size.mebibytes(128)
   */
  readonly rollingMaxFileSize?: Size;
  /**
   * Codec of bound apps' compressed event logs.
   * @default EventLogCompressionCodec.ZSTD
   */
  readonly compressionCodec?: EventLogCompressionCodec;
  /**
   * JVM heap of the server (`SPARK_DAEMON_MEMORY`); the container gets heap + max(512 MiB, 25%).
   * @default Size.gibibytes(2)
   */
  readonly memory?: Size;
  /**
   * CPU request and limit.
   * @default CpuCores.of(1)
   */
  readonly cpu?: CpuCores;
  /**
   * Local disk cache of parsed applications (`spark.history.store.path` on a sized emptyDir,
   * `spark.history.store.maxDiskUsage`), counted as ephemeral storage.
   * @default Size.gibibytes(10)
   */
  readonly localStoreSize?: Size;
  /**
   * An Ingress in front of the UI.
   * @default - no Ingress (reach the Service `<name>` on port 18080)
   */
  readonly ingress?: SparkUiIngressOptions;
  /**
   * Node labels the server's node must have (e.g. a node pool's).
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the server's pod.
   * @default - none
   */
  readonly tolerations?: SparkToleration[];
  /**
   * The node pool the server runs on: the pool's labels join `nodeSelector`, tolerations for its
   * taints join `tolerations`, and the pod is checked against the App's pools at synthesis
   * (selects a pool, tolerates its taints, fits one node).
   * @default - no pool: the pod goes where `nodeSelector` and `tolerations` say
   */
  readonly nodePool?: INodePool;
}
