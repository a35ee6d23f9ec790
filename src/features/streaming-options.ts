import { Duration } from 'cdk8s';
import { checkProps, required, str, struct, Shape } from '../core/check';
import { SparkEnvValue } from '../core/pod';

/** Where a query starts reading when it has no checkpoint yet. */
export enum KafkaStartingOffsets {
  /** The oldest offsets Kafka still holds. */
  EARLIEST = 'earliest',
  /** Only records that arrive after the query started (Spark's default for streaming queries). */
  LATEST = 'latest',
}

/** Kafka's `security.protocol`. */
export enum KafkaSecurityProtocol {
  /** No authentication, no encryption. */
  PLAINTEXT = 'PLAINTEXT',
  /** TLS; the brokers authenticate with their certificates. */
  SSL = 'SSL',
  /** SASL authentication without encryption (credentials of PLAIN travel in clear text). */
  SASL_PLAINTEXT = 'SASL_PLAINTEXT',
  /** SASL authentication over TLS. */
  SASL_SSL = 'SASL_SSL',
}

/** Kafka's `sasl.mechanism` (username/password mechanisms). */
export enum KafkaSaslMechanism {
  /** PLAIN: the password is sent as is (use it with SASL_SSL only). */
  PLAIN = 'PLAIN',
  /** SCRAM with SHA-256. */
  SCRAM_SHA_256 = 'SCRAM-SHA-256',
  /** SCRAM with SHA-512. */
  SCRAM_SHA_512 = 'SCRAM-SHA-512',
}

/** Format of a Kafka truststore file (`ssl.truststore.type`). */
export enum KafkaTruststoreType {
  /** PEM CA certificates (Kafka clients 2.7+; no password). */
  PEM = 'PEM',
  /** Java KeyStore. */
  JKS = 'JKS',
  /** PKCS#12. */
  PKCS12 = 'PKCS12',
}

/** Where Structured Streaming keeps the state of stateful operators between micro-batches. */
export enum StateStoreProvider {
  /**
   * RocksDB (Spark 3.2+): state in native memory and local files, not the JVM heap, so large state
   * does not cause long GC pauses.
   */
  ROCKSDB = 'rocksdb',
  /**
   * Spark's default HDFS-backed provider: all state in the executors' JVM heap. Keep it only for
   * queries whose existing checkpoint was written with it (the provider is pinned in the checkpoint).
   */
  HDFS_BACKED = 'hdfs-backed',
}

/** Options of a checkpoint on a PersistentVolumeClaim. */
export interface CheckpointClaimOptions {
  /**
   * Directory inside the claim that is the checkpoint root (relative, no `..`).
   * @default - the app's name
   */
  readonly path?: string;
  /**
   * Where the claim is mounted in the driver and executor containers.
   * @default "/checkpoint"
   */
  readonly mountPath?: string;
}

// The factories' arguments (here, not in streaming-shapes.ts, which checks StreamingCheckpoint
// objects with instanceof and so imports this file). Their values are checked when the
// checkpoint is given to a StructuredStreaming or StreamingPipeline, whose messages name it.
const URI_ARGS: Shape = { uri: required(str()) };
const CLAIM_ARGS: Shape = {
  claimName: required(str()),
  options: struct('CheckpointClaimOptions', { path: str(), mountPath: str() }),
};

/**
 * Where streaming queries keep their offsets, commits and state: durable storage that the
 * driver and every executor reach, and that outlives the pods.
 */
export class StreamingCheckpoint {
  /**
   * A directory in an object store or HDFS: `s3a://`, `gs://`, `abfs://`, `abfss://` or
   * `hdfs://`. The image needs the store's Hadoop connector and the pods its credentials (e.g.
   * hadoop-aws through `packages` and `AWS_*` variables from a Secret for S3A).
   *
   * @param uri the checkpoint root, e.g. `s3a://checkpoints/air-quality`
   */
  public static uri(uri: string): StreamingCheckpoint {
    checkProps({ owner: 'StreamingCheckpoint.uri' }, { uri }, 'StreamingCheckpoint.uri arguments', URI_ARGS);
    return new StreamingCheckpoint(uri, undefined, {});
  }

  /**
   * A directory on an existing ReadWriteMany PersistentVolumeClaim (NFS, CephFS, EFS, Azure
   * Files…), mounted into the driver and every executor. A ReadWriteOnce claim cannot be mounted
   * by executors on other nodes.
   *
   * @param claimName name of the claim in the app's namespace
   */
  public static persistentVolumeClaim(claimName: string, options: CheckpointClaimOptions = {}): StreamingCheckpoint {
    checkProps({ owner: 'StreamingCheckpoint.persistentVolumeClaim' }, { claimName, options }, 'StreamingCheckpoint.persistentVolumeClaim arguments', CLAIM_ARGS);
    return new StreamingCheckpoint(undefined, claimName, { ...options });
  }

  /** @internal the URI, for an object-store or HDFS checkpoint */
  public readonly _uri?: string;
  /** @internal the claim name, for a checkpoint on a PersistentVolumeClaim */
  public readonly _claimName?: string;
  /** @internal */
  public readonly _claimOptions: CheckpointClaimOptions;

  private constructor(uri: string | undefined, claimName: string | undefined, claimOptions: CheckpointClaimOptions) {
    this._uri = uri;
    this._claimName = claimName;
    this._claimOptions = claimOptions;
  }
}

/** SASL credentials of the Kafka client. */
export interface KafkaSaslOptions {
  /** SASL mechanism. */
  readonly mechanism: KafkaSaslMechanism;
  /** User name: a literal or `SparkEnvValue.fromSecret(...)`. */
  readonly username: SparkEnvValue;
  /** Password: must be `SparkEnvValue.fromSecret(secretName, key)`. */
  readonly password: SparkEnvValue;
}

/** The CA certificates the Kafka client trusts, from a Secret. */
export interface KafkaTruststore {
  /** Name of the Secret in the app's namespace. */
  readonly secretName: string;
  /**
   * Key of the Secret holding the truststore file.
   * @default "ca.crt"
   */
  readonly key?: string;
  /**
   * Format of the file.
   * @default KafkaTruststoreType.PEM
   */
  readonly type?: KafkaTruststoreType;
  /**
   * Password of a JKS or PKCS12 truststore: must be `SparkEnvValue.fromSecret(...)`.
   * @default - none (PEM files have no password)
   */
  readonly password?: SparkEnvValue;
}

/**
 * The Kafka source (and optional Kafka sink) of the streaming queries.
 *
 * @see https://spark.apache.org/docs/latest/structured-streaming-kafka-integration.html
 */
export interface KafkaSourceOptions {
  /** Bootstrap brokers as `host:port`. */
  readonly bootstrapServers: string[];
  /**
   * Topics to subscribe to (Spark's `subscribe`). Give topics or subscribePattern, not both.
   * @default - none: subscribePattern
   */
  readonly topics?: string[];
  /**
   * Java regex of the topics to subscribe to (Spark's `subscribePattern`).
   * @default - none: topics
   */
  readonly subscribePattern?: string;
  /**
   * Where a query without a checkpoint starts. A query with a checkpoint always resumes from it.
   * @default KafkaStartingOffsets.LATEST
   */
  readonly startingOffsets?: KafkaStartingOffsets;
  /**
   * Most offsets (records) one micro-batch reads over all partitions. Structured Streaming has no
   * backpressure: without a limit the first batch after an outage reads the whole backlog.
   * @default - no limit
   */
  readonly maxOffsetsPerTrigger?: number;
  /**
   * Fewest offsets a micro-batch waits for (Spark 3.3+); a batch starts anyway after
   * maxTriggerDelay.
   * @default - no minimum
   */
  readonly minOffsetsPerTrigger?: number;
  /**
   * Longest a micro-batch waits for minOffsetsPerTrigger (only with minOffsetsPerTrigger).
   * @default - Spark's default, 15 minutes
   */
  readonly maxTriggerDelay?: Duration;
  /**
   * Fail the query when offsets are gone (topic deleted, retention passed) instead of skipping them.
   * @default true
   */
  readonly failOnDataLoss?: boolean;
  /**
   * Security protocol of the brokers.
   * @default - SASL_SSL with `sasl`, SSL with only a `truststore`, else PLAINTEXT
   */
  readonly securityProtocol?: KafkaSecurityProtocol;
  /**
   * SASL credentials (SASL_SSL and SASL_PLAINTEXT only).
   * @default - none
   */
  readonly sasl?: KafkaSaslOptions;
  /**
   * CA certificates to trust (SSL and SASL_SSL only), mounted into driver and executors.
   * @default - the JVM's default truststore
   */
  readonly truststore?: KafkaTruststore;
  /**
   * Topic the queries write their results to, on the same cluster.
   * @default - no Kafka sink
   */
  readonly sinkTopic?: string;
  /**
   * Add the `spark-sql-kafka-0-10` package matching the Spark and Scala versions to the app's
   * packages. Set false when the image already contains the connector.
   * @default true
   */
  readonly connectorPackage?: boolean;
}

/** A Redis sink: connection settings handed to the job. */
export interface RedisSinkOptions {
  /** Host name of the Redis server (or its TLS endpoint). */
  readonly host: string;
  /**
   * Port.
   * @default 6379
   */
  readonly port?: number;
  /**
   * Connect over TLS.
   * @default false
   */
  readonly tls?: boolean;
  /**
   * Database number.
   * @default 0
   */
  readonly database?: number;
  /**
   * ACL user name (Redis 6+): a literal or `SparkEnvValue.fromSecret(...)`.
   * @default - the default user
   */
  readonly username?: SparkEnvValue;
  /**
   * Password: must be `SparkEnvValue.fromSecret(secretName, key)`.
   * @default - no password
   */
  readonly password?: SparkEnvValue;
}

/** A Cassandra sink: connection settings handed to the job, optionally the connector package. */
export interface CassandraSinkOptions {
  /** Contact points (host names or IPs, no port). */
  readonly contactPoints: string[];
  /**
   * Native transport port.
   * @default 9042
   */
  readonly port?: number;
  /** Keyspace the queries write to. */
  readonly keyspace: string;
  /** Local datacenter of the driver's load-balancing policy. */
  readonly localDatacenter: string;
  /**
   * Connect over TLS.
   * @default false
   */
  readonly tls?: boolean;
  /**
   * User name: a literal or `SparkEnvValue.fromSecret(...)`.
   * @default - no authentication
   */
  readonly username?: SparkEnvValue;
  /**
   * Password: must be `SparkEnvValue.fromSecret(secretName, key)`.
   * @default - no authentication
   */
  readonly password?: SparkEnvValue;
  /**
   * Version of the DataStax Spark Cassandra Connector (e.g. `3.5.1`): adds
   * `com.datastax.spark:spark-cassandra-connector_<scala>:<version>` to the packages and the
   * non-secret `spark.cassandra.connection.*` confs. Pick the connector release built for the
   * app's Spark line.
   * @default - no connector: the job writes with a driver of its own
   */
  readonly connectorVersion?: string;
}
