import { ApiObject, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { RestartPolicy, SparkApp, SparkAppProps } from './spark-app';
import { SparkEnvValue, SparkVolume } from '../core/pod';
import { SparkRole } from '../core/resources';
import { resolveScalaVersion } from '../core/scala';
import { dnsSubdomainProblem, MANAGED_BY, nameFromId, requireInt, sizeToMebibytes } from '../core/util';
import { addWarning, printWarningsOnSynth } from '../core/warn';
import { PrometheusMonitoring } from '../monitoring/prometheus-monitoring';

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

const PROVIDER_CLASS: Record<StateStoreProvider, string> = {
  [StateStoreProvider.ROCKSDB]: 'org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider',
  [StateStoreProvider.HDFS_BACKED]: 'org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider',
};

const LOGIN_MODULE: Record<KafkaSaslMechanism, string> = {
  [KafkaSaslMechanism.PLAIN]: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  [KafkaSaslMechanism.SCRAM_SHA_256]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
  [KafkaSaslMechanism.SCRAM_SHA_512]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/** Options of a checkpoint on a PersistentVolumeClaim. */
export interface CheckpointClaimOptions {
  /**
   * Directory inside the claim that is the checkpoint root (relative, no `..`).
   * @default - the pipeline's name
   */
  readonly path?: string;
  /**
   * Where the claim is mounted in the driver and executor containers.
   * @default "/checkpoint"
   */
  readonly mountPath?: string;
}

/**
 * Where a pipeline's queries keep their offsets, commits and state: durable storage that the
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
    return new StreamingCheckpoint(uri, undefined, {});
  }

  /**
   * A directory on an existing ReadWriteMany PersistentVolumeClaim (NFS, CephFS, EFS, Azure
   * Files…), mounted into the driver and every executor. A ReadWriteOnce claim cannot be mounted
   * by executors on other nodes.
   *
   * @param claimName name of the claim in the pipeline's namespace
   */
  public static persistentVolumeClaim(claimName: string, options: CheckpointClaimOptions = {}): StreamingCheckpoint {
    return new StreamingCheckpoint(undefined, claimName, options);
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
  /** Name of the Secret in the pipeline's namespace. */
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
 * The Kafka source (and optional Kafka sink) of a pipeline.
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
   * Topic the pipeline writes its results to, on the same cluster.
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
  /** Keyspace the pipeline writes to. */
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

/**
 * Props of a StreamingPipeline: every SparkApp prop, with streaming defaults, plus the source,
 * checkpoint, state, lifecycle and sink settings.
 *
 * Defaults that differ from SparkApp: `restartPolicy` is `RestartPolicy.always()`; `tier` is the
 * highest tier of the `sparkNamespace`; `name` is the pipeline's id in kebab-case; `packages`
 * gain the Kafka connector (and the Cassandra connector when asked for). `schedule` is rejected.
 */
export interface StreamingPipelineProps extends SparkAppProps {
  /** The Kafka source (and optional sink). */
  readonly kafka: KafkaSourceOptions;
  /**
   * Where the queries checkpoint: an object-store/HDFS URI or a ReadWriteMany claim. Each query
   * checkpoints under `<root>/<queryName>` (the session default
   * `spark.sql.streaming.checkpointLocation`).
   */
  readonly checkpoint: StreamingCheckpoint;
  /**
   * Names of the queries, as the job sets them with `.queryName(...)`. They name each query's
   * checkpoint directory and its metrics: an unnamed query gets a random checkpoint directory on
   * every start (so it never resumes) and metric names that change every run.
   * @default - one query named after the pipeline
   */
  readonly queryNames?: string[];
  /**
   * Processing-time trigger interval of the queries, handed to the job.
   * @default - a micro-batch starts as soon as the previous one ended (Spark's default)
   */
  readonly triggerInterval?: Duration;

  /**
   * Whether the queries keep state (aggregations, windows, deduplication, joins): turns on the
   * state store settings below.
   * @default true
   */
  readonly stateful?: boolean;
  /**
   * State store provider (stateful pipelines). Pinned in the checkpoint.
   * @default StateStoreProvider.ROCKSDB
   */
  readonly stateStoreProvider?: StateStoreProvider;
  /**
   * RocksDB changelog checkpointing (Spark 3.5+): each batch uploads only the changes instead of
   * a snapshot, so batch time no longer grows with state size.
   * @default - true on Spark 3.5+
   */
  readonly rocksdbChangelogCheckpointing?: boolean;
  /**
   * Native memory all RocksDB instances of one executor may use together (Spark 3.5+,
   * `boundedMemoryUsage` with `maxMemoryUsageMB`). It lives outside the JVM heap, so it is added
   * to the executor memory overhead (on top of `executorMemoryOverhead` or Spark's computed
   * overhead) and shows in `app.resources()`. RocksDB's working files live in the executor local
   * dirs: size the ShuffleStorage for the state an executor hosts.
   * @default - Size.mebibytes(500) on Spark 3.5+ (Spark's default limit); unbounded before 3.5
   */
  readonly rocksdbMaxMemory?: Size;
  /**
   * `spark.sql.shuffle.partitions`, which for stateful queries is the number of state partitions.
   * Pinned in the checkpoint, so it must fit the largest cluster the pipeline will ever run on.
   * @default 200
   */
  readonly shufflePartitions?: number;

  /**
   * How long `query.stop()` may take when the driver is asked to stop
   * (`spark.sql.streaming.stopTimeout`). The driver pod's `terminationGracePeriodSeconds` is this
   * plus 30 seconds for stopping the SparkContext. Spark has no graceful-stop switch for
   * Structured Streaming: on SIGTERM its shutdown hook stops the SparkContext, and a micro-batch
   * cut short is not committed and re-runs after the restart (so sinks must be idempotent). For a
   * clean stop the job calls `query.stop()` itself, e.g. from a JVM shutdown hook.
   * @default Duration.seconds(60)
   */
  readonly stopTimeout?: Duration;
  /**
   * Define a PodDisruptionBudget that forbids voluntary evictions of the driver pod (node drains,
   * cluster upgrades, autoscaler scale-down). Drains then wait until the driver is deleted by
   * hand (the operator restarts it).
   * @default true
   */
  readonly driverDisruptionBudget?: boolean;

  /**
   * A Redis sink.
   * @default - none
   */
  readonly redis?: RedisSinkOptions;
  /**
   * A Cassandra sink.
   * @default - none
   */
  readonly cassandra?: CassandraSinkOptions;
}

/** The state store settings after defaults and version checks. */
interface ResolvedState {
  readonly provider: StateStoreProvider;
  readonly changelog?: boolean;
  readonly maxMemoryMebibytes?: number;
}

const CHECKPOINT_SCHEMES = ['s3a', 'gs', 'abfs', 'abfss', 'hdfs'];
const TRUSTSTORE_DIR = '/etc/pipeline/kafka-truststore';
const GRACE_MARGIN_SECONDS = 30;

/**
 * A long-running Structured Streaming pipeline from Kafka, on a SparkApp with streaming defaults.
 *
 * Defines a SparkApp (child `App`, exposed as `app`, so resource figures, namespaces and
 * monitoring work as for any app) and a `policy/v1` PodDisruptionBudget for the driver pod. On
 * the app it sets:
 * - restart policy Always (or the given one), the namespace's highest priority tier;
 * - the `spark-sql-kafka-0-10_<scala>:<sparkVersion>` package;
 * - the checkpoint root as `spark.sql.streaming.checkpointLocation`, with the claim mounted into
 *   driver and executors for a PVC checkpoint;
 * - for stateful pipelines the RocksDB state store with changelog checkpointing and bounded
 *   memory (Spark 3.5+), that memory counted in the executor memory overhead;
 * - `spark.sql.shuffle.partitions`, `spark.sql.streaming.stopTimeout` and a matching driver
 *   termination grace period, `spark.sql.streaming.metricsEnabled`;
 * - with a PrometheusMonitoring as `monitoring`: the app is watched as a streaming app with its
 *   query names and trigger interval (streaming alerts). To attach one later, call
 *   `monitoring.watch(pipeline.app, { streaming: true, streamingQueryNames: pipeline.queryNames,
 *   triggerInterval: pipeline.triggerInterval })`.
 *
 * Props extend SparkAppProps rather than nesting them, so a pipeline is declared like an app with
 * a few more fields; the SparkApp defaults that are wrong for a stream are replaced (see
 * StreamingPipelineProps).
 *
 * **The job contract.** Source options, sinks and credentials are settings of the user's job,
 * not Spark confs. The job receives them as environment variables of the driver and executor
 * containers (all values are strings):
 *
 * | Variable | Value |
 * |---|---|
 * | `PIPELINE_NAME` | the pipeline's name |
 * | `PIPELINE_QUERY_NAMES` | query names, comma-separated: pass each to `.queryName(...)` |
 * | `PIPELINE_TRIGGER_INTERVAL` | e.g. `30 seconds`: `.trigger(processingTime=...)` |
 * | `PIPELINE_CHECKPOINT_LOCATION` | checkpoint root; as the session default it puts each named query under `<root>/<queryName>` |
 * | `PIPELINE_STATEFUL` | `true` or `false` |
 * | `PIPELINE_KAFKA_SOURCE_OPTIONS` | JSON object of Kafka source options for `.options(...)` |
 * | `PIPELINE_KAFKA_SINK_OPTIONS` | JSON object of Kafka sink options, incl. `topic` (with a sink topic) |
 * | `PIPELINE_KAFKA_SASL_LOGIN_MODULE`, `PIPELINE_KAFKA_SASL_USERNAME`, `PIPELINE_KAFKA_SASL_PASSWORD` | with SASL: the job adds `kafka.sasl.jaas.config` = `<module> required username="<u>" password="<p>";` to both option sets |
 * | `PIPELINE_KAFKA_SSL_TRUSTSTORE_PASSWORD` | with a JKS/PKCS12 truststore: add as `kafka.ssl.truststore.password` |
 * | `PIPELINE_REDIS_HOST`, `_PORT`, `_DATABASE`, `_TLS`, `_USERNAME`, `_PASSWORD` | with a Redis sink |
 * | `PIPELINE_CASSANDRA_CONTACT_POINTS`, `_PORT`, `_KEYSPACE`, `_LOCAL_DC`, `_TLS`, `_USERNAME`, `_PASSWORD` | with a Cassandra sink (the connector takes the credentials as `spark.cassandra.auth.*` writer options) |
 *
 * Credentials come from Secrets only (`SparkEnvValue.fromSecret`); the JSON options never hold
 * them. Spark does not expand `${...}` in `kafka.sasl.jaas.config`, hence the separate variables.
 */
export class StreamingPipeline extends Construct {
  /** The SparkApp running the pipeline. */
  public readonly app: SparkApp;
  /** Name of the SparkApplication. */
  public readonly name: string;
  /** Query names handed to the job. */
  public readonly queryNames: string[];
  /** Trigger interval, if one was given. */
  public readonly triggerInterval?: Duration;
  /** The checkpoint root as Spark sees it (`s3a://…`, or `file:///…` on the claim). */
  public readonly checkpointLocation: string;
  /** Whether the queries keep state. */
  public readonly stateful: boolean;
  /** Kafka connector coordinates added to the packages, if any. */
  public readonly kafkaPackage?: string;
  /** The driver's PodDisruptionBudget, if defined. */
  public readonly driverDisruptionBudget?: ApiObject;

  private readonly owner: string;

  constructor(scope: Construct, id: string, props: StreamingPipelineProps) {
    super(scope, id);
    this.owner = `StreamingPipeline ${id}`;
    const o = this.owner;
    const version = props.sparkVersion;
    const name = props.name ?? nameFromId(id);

    if (props.schedule) {
      throw new Error(`${o}: schedule does not apply to a long-running pipeline, got cron "${props.schedule.cron}"; run incremental batches as a scheduled SparkApp with Trigger.AvailableNow instead`);
    }

    // --- queries and trigger
    this.queryNames = props.queryNames ?? [name];
    if (this.queryNames.length === 0) {
      throw new Error(`${o}: queryNames must list at least one query, got []; give the names the job passes to .queryName(...)`);
    }
    for (const q of this.queryNames) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(q)) {
        throw new Error(`${o}: queryNames entries must be 1-100 letters, digits, "-" or "_" starting with a letter or digit (each names a checkpoint directory and a metrics source), got "${q}"`);
      }
    }
    const dupe = this.queryNames.find((q, i) => this.queryNames.indexOf(q) !== i);
    if (dupe !== undefined) {
      throw new Error(`${o}: queryNames must be unique, got "${dupe}" twice; Spark refuses two active queries of one name`);
    }
    if (props.triggerInterval !== undefined) {
      const ms = props.triggerInterval.toMilliseconds();
      if (!Number.isInteger(ms) || ms < 1) {
        throw new Error(`${o}: triggerInterval must be a whole number of milliseconds of at least 1, got ${ms}ms; leave it unset for back-to-back micro-batches`);
      }
      this.triggerInterval = props.triggerInterval;
    }
    const stopTimeout = props.stopTimeout ?? Duration.seconds(60);
    const stopMs = stopTimeout.toMilliseconds();
    if (!Number.isInteger(stopMs) || stopMs < 1000) {
      throw new Error(`${o}: stopTimeout must be at least 1 second, got ${stopMs}ms; Spark's 0 would let query.stop() wait forever while Kubernetes kills the driver after its grace period`);
    }

    // --- checkpoint
    const checkpoint = this.resolveCheckpoint(props.checkpoint, name);
    this.checkpointLocation = checkpoint.location;

    // --- Kafka
    const kafka = props.kafka;
    if (!kafka) {
      throw new Error(`${o}: kafka must be set, got none; give kafka.bootstrapServers and kafka.topics or kafka.subscribePattern`);
    }
    const security = this.validateKafka(kafka);

    // --- versions and packages
    // The same Scala version SparkApp resolves (prop, image tag, Spark default): the connectors must match it.
    const scala = resolveScalaVersion(this.owner, props);
    const packages = [...(props.packages ?? [])];
    if (kafka.connectorPackage ?? true) {
      this.kafkaPackage = `org.apache.spark:spark-sql-kafka-0-10_${scala}:${version.version}`;
      this.addPackage(packages, this.kafkaPackage, 'org.apache.spark:spark-sql-kafka-0-10_', 'kafka.connectorPackage');
    }
    if (props.cassandra?.connectorVersion !== undefined) {
      const v = props.cassandra.connectorVersion;
      if (!/^\d+\.\d+\.\d+$/.test(v)) {
        throw new Error(`${o}: cassandra.connectorVersion must be a release version major.minor.patch, got "${v}"; e.g. 3.5.1 for Spark 3.5`);
      }
      this.addPackage(packages, `com.datastax.spark:spark-cassandra-connector_${scala}:${v}`, 'com.datastax.spark:spark-cassandra-connector_', 'cassandra.connectorVersion');
    }

    // --- state
    this.stateful = props.stateful ?? true;
    const state = this.resolveState(props);

    requireInt(o, 'shufflePartitions', props.shufflePartitions, 1);
    const shufflePartitions = props.shufflePartitions ?? 200;

    this.validateSinks(props);

    // --- the app
    this.app = new SparkApp(this, 'App', {
      ...props,
      name,
      restartPolicy: props.restartPolicy ?? RestartPolicy.always(),
      tier: props.tier ?? props.sparkNamespace?.tierNames[0],
      packages,
    });
    this.name = this.app.name;
    const app = this.app;

    // --- Spark configuration
    this.conf(props, 'spark.sql.streaming.checkpointLocation', checkpoint.location, 'checkpoint');
    this.conf(props, 'spark.sql.shuffle.partitions', `${shufflePartitions}`, 'shufflePartitions');
    this.conf(props, 'spark.sql.streaming.stopTimeout', durationConf(stopTimeout), 'stopTimeout');
    this.conf(props, 'spark.sql.streaming.metricsEnabled', 'true');
    if (state) {
      this.conf(props, 'spark.sql.streaming.stateStore.providerClass', PROVIDER_CLASS[state.provider], 'stateStoreProvider');
      if (state.changelog !== undefined) {
        this.conf(props, 'spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled', `${state.changelog}`, 'rocksdbChangelogCheckpointing');
      }
      if (state.maxMemoryMebibytes !== undefined) {
        this.conf(props, 'spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage', 'true', 'rocksdbMaxMemory');
        this.conf(props, 'spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB', `${state.maxMemoryMebibytes}`, 'rocksdbMaxMemory');
        app._addMemoryOverheadHeadroom(SparkRole.EXECUTOR, state.maxMemoryMebibytes, `${o} (RocksDB bounded memory)`);
      }
    }
    const c = props.cassandra;
    if (c?.connectorVersion !== undefined) {
      this.conf(props, 'spark.cassandra.connection.host', c.contactPoints.join(','), 'cassandra.contactPoints');
      this.conf(props, 'spark.cassandra.connection.port', `${c.port ?? 9042}`, 'cassandra.port');
      this.conf(props, 'spark.cassandra.connection.localDC', c.localDatacenter, 'cassandra.localDatacenter');
      this.conf(props, 'spark.cassandra.connection.ssl.enabled', `${c.tls ?? false}`, 'cassandra.tls');
    }

    // --- lifecycle
    app._addPlacement(SparkRole.DRIVER, { terminationGracePeriodSeconds: Math.ceil(stopMs / 1000) + GRACE_MARGIN_SECONDS });
    if (props.driverDisruptionBudget ?? true) {
      this.driverDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DriverDisruptionBudget', {
        metadata: {
          name: `${app.name}-driver`,
          namespace: app.namespace,
          labels: {
            'app.kubernetes.io/name': 'spark',
            'app.kubernetes.io/instance': app.name,
            'app.kubernetes.io/component': 'driver-disruption-budget',
            'app.kubernetes.io/part-of': app.name,
            ...MANAGED_BY,
          },
        },
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(0),
          selector: { matchLabels: { ...app.podSelectorLabels, 'app.kubernetes.io/component': 'spark-driver' } },
          // A driver that is not ready (crash-looping) does not block drains.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    // --- volumes and the job contract
    if (checkpoint.volume) {
      app.addDriverVolumeMount({ volume: checkpoint.volume, path: checkpoint.mountPath! });
      app.addExecutorVolumeMount({ volume: checkpoint.volume, path: checkpoint.mountPath! });
    }
    this.addJobContract(props, security, state !== undefined);

    // --- monitoring
    if (props.monitoring && PrometheusMonitoring.isPrometheusMonitoring(props.monitoring)) {
      props.monitoring.watch(app, {
        streaming: true,
        streamingQueryNames: this.queryNames,
        triggerInterval: this.triggerInterval,
      });
    }

    // --- warnings
    if (props.dynamicAllocation) {
      addWarning(this, 'dynamicAllocation is on, which works poorly for Structured Streaming: executors idle between triggers are removed, state partitions reload from the checkpoint when they move to another executor, and scale-up follows the task backlog, not the Kafka lag; prefer static executorInstances');
    }
    if (props.restartPolicy?.type === 'Never') {
      addWarning(this, 'restartPolicy is Never: when the driver fails or its pod is deleted (node drain, upgrade) the stream stays down; use RestartPolicy.always() or RestartPolicy.onFailure(...)');
    }
    if (state) {
      addWarning(this, `the state store provider (${state.provider}) and spark.sql.shuffle.partitions (${shufflePartitions}) are written into the checkpoint on the first run and override the configuration on every restart; changing either later needs a new checkpoint location (the queries then start from kafka.startingOffsets with empty state)`);
      if (state.provider === StateStoreProvider.ROCKSDB && state.maxMemoryMebibytes === undefined) {
        addWarning(this, `RocksDB memory cannot be bounded before Spark 3.5 (this app runs ${version.version}): every state partition an executor hosts keeps its own block cache and write buffers outside the JVM heap; raise executorMemoryOverhead for them or use Spark 3.5+`);
      }
    }
    if (security === KafkaSecurityProtocol.SASL_PLAINTEXT && kafka.sasl?.mechanism === KafkaSaslMechanism.PLAIN) {
      addWarning(this, 'kafka uses SASL PLAIN over SASL_PLAINTEXT: the password crosses the network in clear text; use SASL_SSL or a SCRAM mechanism');
    }
    if (props.redis?.password && !props.redis.tls) {
      addWarning(this, 'redis has a password but tls is off: the password crosses the network in clear text; set redis.tls to true');
    }
    printWarningsOnSynth(this);
  }

  // ------------------------------------------------------------------------------------------

  /**
   * Sets a conf the pipeline owns. A different value in the user's sparkConf is an error naming
   * the prop that sets it (or saying the pipeline needs the value, when no prop does).
   */
  private conf(props: StreamingPipelineProps, key: string, value: string, prop?: string) {
    const user = props.sparkConf?.[key];
    if (user !== undefined && user !== value) {
      const fix = prop ? `set it through the ${prop} prop` : 'the pipeline needs this value, remove the key from sparkConf';
      throw new Error(`${this.owner}: sparkConf key ${key} is set by the pipeline${prop ? ` from its ${prop} prop` : ''}, got "${user}" in sparkConf and "${value}" from the pipeline; ${fix}`);
    }
    this.app.addSparkConf(key, value, this.owner);
  }

  private addPackage(packages: string[], coordinates: string, prefix: string, prop: string) {
    for (const p of packages) {
      if (p.startsWith(prefix) && p !== coordinates) {
        throw new Error(`${this.owner}: packages lists ${p}, got a build other than the one the pipeline adds (${coordinates}); remove it from packages, or set ${prop} for the version you need`);
      }
    }
    if (!packages.includes(coordinates)) packages.push(coordinates);
  }

  private resolveCheckpoint(cp: StreamingCheckpoint | undefined, name: string):
  { location: string; volume?: SparkVolume; mountPath?: string } {
    const o = this.owner;
    const accepted = 'use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim';
    if (!cp) {
      throw new Error(`${o}: checkpoint must be set, got none; queries without a durable checkpoint restart from kafka.startingOffsets with empty state; ${accepted}`);
    }
    if (cp._claimName !== undefined) {
      if (!isDnsSubdomain(cp._claimName)) {
        throw new Error(`${o}: checkpoint claim name must be a DNS-1123 name, got "${cp._claimName}"`);
      }
      const mountPath = cp._claimOptions.mountPath ?? '/checkpoint';
      if (!mountPath.startsWith('/') || mountPath === '/' || /(^|\/)\.\.(\/|$)/.test(mountPath)) {
        throw new Error(`${o}: checkpoint mountPath must be an absolute directory other than /, got "${mountPath}"`);
      }
      const path = cp._claimOptions.path ?? name;
      if (!path || path.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(path) || /[\s:]/.test(path)) {
        throw new Error(`${o}: checkpoint path must be a relative directory inside the claim without "..", spaces or ":", got "${path}"`);
      }
      const dir = `${mountPath.replace(/\/+$/, '')}/${path.replace(/\/+$/, '')}`;
      return {
        location: `file://${dir}`,
        volume: SparkVolume.persistentVolumeClaim('pipeline-checkpoint', cp._claimName),
        mountPath,
      };
    }
    const uri = cp._uri ?? '';
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
    if (scheme === undefined || scheme === 'file' || scheme === 'local') {
      throw new Error(`${o}: checkpoint must be durable storage the driver and executors share, got the local path "${uri}"; ${accepted}`);
    }
    if (!CHECKPOINT_SCHEMES.includes(scheme)) {
      const hint = scheme === 's3' || scheme === 's3n' ? ' (s3a:// is Hadoop\'s S3 connector)' : '';
      throw new Error(`${o}: checkpoint URI scheme must be one of s3a, gs, abfs, abfss, hdfs, got "${uri}"${hint}; ${accepted}`);
    }
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/\s]+(\/\S*)?$/.test(uri)) {
      throw new Error(`${o}: checkpoint URI must name a bucket, container or host and contain no spaces, got "${uri}"`);
    }
    return { location: uri.replace(/\/+$/, '') };
  }

  private validateKafka(k: KafkaSourceOptions): KafkaSecurityProtocol {
    const o = this.owner;
    if (!k.bootstrapServers || k.bootstrapServers.length === 0) {
      throw new Error(`${o}: kafka.bootstrapServers must list at least one broker, got none; give host:port entries such as kafka-0.kafka:9092`);
    }
    for (const s of k.bootstrapServers) {
      if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:,/[\]]+):\d{1,5}$/.test(s) || Number(s.split(':').pop()) > 65535 || Number(s.split(':').pop()) < 1) {
        throw new Error(`${o}: kafka.bootstrapServers entries must be host:port, got "${s}"; e.g. kafka-0.kafka:9092`);
      }
    }
    const hasTopics = k.topics !== undefined && k.topics.length > 0;
    const hasPattern = k.subscribePattern !== undefined;
    if (hasTopics && hasPattern) {
      throw new Error(`${o}: kafka.topics and kafka.subscribePattern exclude each other, got both; subscribe to a topic list or to a pattern`);
    }
    if (!hasTopics && !hasPattern) {
      throw new Error(`${o}: kafka needs topics or subscribePattern, got neither; give kafka.topics (e.g. ["sensor-readings"]) or kafka.subscribePattern (e.g. "sensors-.*")`);
    }
    for (const t of [...(k.topics ?? []), ...(k.sinkTopic !== undefined ? [k.sinkTopic] : [])]) {
      if (!/^[a-zA-Z0-9._-]{1,249}$/.test(t) || t === '.' || t === '..') {
        throw new Error(`${o}: kafka topic names must be 1-249 letters, digits, ".", "_" or "-", got "${t}"`);
      }
    }
    if (hasPattern) {
      try {
        new RegExp(k.subscribePattern!);
      } catch {
        throw new Error(`${o}: kafka.subscribePattern must be a regular expression, got "${k.subscribePattern}"`);
      }
      if (k.subscribePattern!.trim() === '') {
        throw new Error(`${o}: kafka.subscribePattern must not be empty, got "${k.subscribePattern}"`);
      }
    }
    requireInt(o, 'kafka.maxOffsetsPerTrigger', k.maxOffsetsPerTrigger, 1);
    requireInt(o, 'kafka.minOffsetsPerTrigger', k.minOffsetsPerTrigger, 1);
    if (k.minOffsetsPerTrigger !== undefined && k.maxOffsetsPerTrigger !== undefined && k.minOffsetsPerTrigger > k.maxOffsetsPerTrigger) {
      throw new Error(`${o}: kafka.minOffsetsPerTrigger must not exceed kafka.maxOffsetsPerTrigger, got ${k.minOffsetsPerTrigger} > ${k.maxOffsetsPerTrigger}`);
    }
    if (k.maxTriggerDelay !== undefined) {
      if (k.minOffsetsPerTrigger === undefined) {
        throw new Error(`${this.owner}: kafka.maxTriggerDelay only applies with kafka.minOffsetsPerTrigger, got a delay without a minimum; set minOffsetsPerTrigger or drop maxTriggerDelay`);
      }
      const ms = k.maxTriggerDelay.toMilliseconds();
      if (!Number.isInteger(ms) || ms < 1) {
        throw new Error(`${o}: kafka.maxTriggerDelay must be a whole number of milliseconds of at least 1, got ${ms}ms`);
      }
    }

    const tls = (p: KafkaSecurityProtocol) => p === KafkaSecurityProtocol.SSL || p === KafkaSecurityProtocol.SASL_SSL;
    const sasl = (p: KafkaSecurityProtocol) => p === KafkaSecurityProtocol.SASL_PLAINTEXT || p === KafkaSecurityProtocol.SASL_SSL;
    const protocol = k.securityProtocol
      ?? (k.sasl ? KafkaSecurityProtocol.SASL_SSL : k.truststore ? KafkaSecurityProtocol.SSL : KafkaSecurityProtocol.PLAINTEXT);
    if (sasl(protocol) && !k.sasl) {
      throw new Error(`${o}: kafka.securityProtocol ${protocol} needs kafka.sasl, got none; give the mechanism and the credentials from a Secret`);
    }
    if (!sasl(protocol) && k.sasl) {
      throw new Error(`${o}: kafka.sasl only applies to SASL_SSL and SASL_PLAINTEXT, got securityProtocol ${protocol}; use SASL_SSL`);
    }
    if (!tls(protocol) && k.truststore) {
      throw new Error(`${o}: kafka.truststore only applies to SSL and SASL_SSL, got securityProtocol ${protocol}`);
    }
    if (k.sasl) {
      this.requireSecret('kafka.sasl.password', k.sasl.password);
    }
    if (k.truststore) {
      const ts = k.truststore;
      if (!isDnsSubdomain(ts.secretName)) {
        throw new Error(`${o}: kafka.truststore.secretName must be a DNS-1123 name, got "${ts.secretName}"`);
      }
      const key = ts.key ?? 'ca.crt';
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
        throw new Error(`${o}: kafka.truststore.key must be a Secret key (letters, digits, "-", "_", "."), got "${key}"`);
      }
      const type = ts.type ?? KafkaTruststoreType.PEM;
      if (type === KafkaTruststoreType.PEM && ts.password) {
        throw new Error(`${o}: kafka.truststore.password does not apply to a PEM truststore, got one; drop it or set type to JKS or PKCS12`);
      }
      if (ts.password) this.requireSecret('kafka.truststore.password', ts.password);
    }
    return protocol;
  }

  private resolveState(props: StreamingPipelineProps): ResolvedState | undefined {
    const o = this.owner;
    const v = props.sparkVersion;
    if (!this.stateful) {
      for (const [prop, value] of [['stateStoreProvider', props.stateStoreProvider], ['rocksdbChangelogCheckpointing', props.rocksdbChangelogCheckpointing], ['rocksdbMaxMemory', props.rocksdbMaxMemory]] as const) {
        if (value !== undefined) {
          throw new Error(`${o}: ${prop} only applies to stateful pipelines, got it with stateful false; drop it or set stateful to true`);
        }
      }
      return undefined;
    }
    const provider = props.stateStoreProvider ?? StateStoreProvider.ROCKSDB;
    if (provider !== StateStoreProvider.ROCKSDB) {
      for (const [prop, value] of [['rocksdbChangelogCheckpointing', props.rocksdbChangelogCheckpointing], ['rocksdbMaxMemory', props.rocksdbMaxMemory]] as const) {
        if (value !== undefined) {
          throw new Error(`${o}: ${prop} only applies to the RocksDB state store, got it with stateStoreProvider ${provider}`);
        }
      }
      return { provider };
    }
    const rocks35 = v.isAtLeast('3.5');
    if (!rocks35) {
      if (props.rocksdbChangelogCheckpointing) {
        throw new Error(`${o}: rocksdbChangelogCheckpointing needs Spark 3.5.0 or later, got Spark ${v.version}; leave it unset or upgrade`);
      }
      if (props.rocksdbMaxMemory !== undefined) {
        throw new Error(`${o}: rocksdbMaxMemory (RocksDB bounded memory) needs Spark 3.5.0 or later, got Spark ${v.version}; raise executorMemoryOverhead instead or upgrade`);
      }
      return { provider };
    }
    const mib = sizeToMebibytes(o, 'rocksdbMaxMemory', props.rocksdbMaxMemory ?? Size.mebibytes(500));
    if (mib < 1) {
      throw new Error(`${o}: rocksdbMaxMemory must be at least 1 MiB, got ${mib} MiB`);
    }
    return { provider, changelog: props.rocksdbChangelogCheckpointing ?? true, maxMemoryMebibytes: mib };
  }

  private validateSinks(props: StreamingPipelineProps) {
    const o = this.owner;
    const port = (prop: string, p: number | undefined) => {
      if (p !== undefined && (!Number.isInteger(p) || p < 1 || p > 65535)) {
        throw new Error(`${o}: ${prop} must be a port number 1-65535, got ${p}`);
      }
    };
    const host = (prop: string, h: string) => {
      if (!h || !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$/.test(h)) {
        throw new Error(`${o}: ${prop} must be a host name or IP address without scheme or port, got "${h}"`);
      }
    };
    const r = props.redis;
    if (r) {
      host('redis.host', r.host);
      port('redis.port', r.port);
      requireInt(o, 'redis.database', r.database, 0);
      if (r.password) this.requireSecret('redis.password', r.password);
    }
    const c = props.cassandra;
    if (c) {
      if (!c.contactPoints || c.contactPoints.length === 0) {
        throw new Error(`${o}: cassandra.contactPoints must list at least one host, got none`);
      }
      c.contactPoints.forEach(h => host('cassandra.contactPoints entries', h));
      port('cassandra.port', c.port);
      if (!/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(c.keyspace ?? '')) {
        throw new Error(`${o}: cassandra.keyspace must be 1-48 letters, digits or "_" starting with a letter, got "${c.keyspace}"`);
      }
      if (!c.localDatacenter || /\s/.test(c.localDatacenter)) {
        throw new Error(`${o}: cassandra.localDatacenter must name the local datacenter (e.g. dc1), got "${c.localDatacenter}"`);
      }
      if ((c.username === undefined) !== (c.password === undefined)) {
        throw new Error(`${o}: cassandra.username and cassandra.password go together, got only ${c.username ? 'username' : 'password'}`);
      }
      if (c.password) this.requireSecret('cassandra.password', c.password);
    }
  }

  private requireSecret(prop: string, v: SparkEnvValue) {
    if (!v.fromSecretRef) {
      throw new Error(`${this.owner}: ${prop} must come from a Secret, got ${v._spec.value !== undefined ? 'a literal value' : 'a ConfigMap reference'}; use SparkEnvValue.fromSecret(secretName, key)`);
    }
  }

  private addJobContract(props: StreamingPipelineProps, protocol: KafkaSecurityProtocol, stateful: boolean) {
    const app = this.app;
    const env = (name: string, value: SparkEnvValue) => app._addEnv(undefined, name, value, this.owner);
    const lit = (name: string, value: string) => env(name, SparkEnvValue.value(value));
    const k = props.kafka;

    lit('PIPELINE_NAME', app.name);
    lit('PIPELINE_QUERY_NAMES', this.queryNames.join(','));
    lit('PIPELINE_TRIGGER_INTERVAL', this.triggerInterval ? intervalString(this.triggerInterval) : '0 seconds');
    lit('PIPELINE_CHECKPOINT_LOCATION', this.checkpointLocation);
    lit('PIPELINE_STATEFUL', `${stateful}`);

    // Options common to source and sink: the cluster and its security.
    const common: Record<string, string> = {
      'kafka.bootstrap.servers': k.bootstrapServers.join(','),
      'kafka.security.protocol': protocol,
    };
    if (k.sasl) common['kafka.sasl.mechanism'] = k.sasl.mechanism;
    if (k.truststore) {
      const ts = k.truststore;
      const key = ts.key ?? 'ca.crt';
      common['kafka.ssl.truststore.location'] = `${TRUSTSTORE_DIR}/${key}`;
      common['kafka.ssl.truststore.type'] = ts.type ?? KafkaTruststoreType.PEM;
      const volume = SparkVolume.secret('pipeline-kafka-truststore', ts.secretName);
      app.addDriverVolumeMount({ volume, path: TRUSTSTORE_DIR });
      app.addExecutorVolumeMount({ volume, path: TRUSTSTORE_DIR });
      if (ts.password) env('PIPELINE_KAFKA_SSL_TRUSTSTORE_PASSWORD', ts.password);
    }
    const source: Record<string, string> = {
      ...common,
      startingOffsets: k.startingOffsets ?? KafkaStartingOffsets.LATEST,
      failOnDataLoss: `${k.failOnDataLoss ?? true}`,
    };
    if (k.topics?.length) source.subscribe = k.topics.join(',');
    if (k.subscribePattern !== undefined) source.subscribePattern = k.subscribePattern;
    if (k.maxOffsetsPerTrigger !== undefined) source.maxOffsetsPerTrigger = `${k.maxOffsetsPerTrigger}`;
    if (k.minOffsetsPerTrigger !== undefined) source.minOffsetsPerTrigger = `${k.minOffsetsPerTrigger}`;
    if (k.maxTriggerDelay !== undefined) source.maxTriggerDelay = durationConf(k.maxTriggerDelay);
    lit('PIPELINE_KAFKA_SOURCE_OPTIONS', sortedJson(source));
    if (k.sinkTopic !== undefined) {
      lit('PIPELINE_KAFKA_SINK_OPTIONS', sortedJson({ ...common, topic: k.sinkTopic }));
    }
    if (k.sasl) {
      lit('PIPELINE_KAFKA_SASL_LOGIN_MODULE', LOGIN_MODULE[k.sasl.mechanism]);
      env('PIPELINE_KAFKA_SASL_USERNAME', k.sasl.username);
      env('PIPELINE_KAFKA_SASL_PASSWORD', k.sasl.password);
    }

    const r = props.redis;
    if (r) {
      lit('PIPELINE_REDIS_HOST', r.host);
      lit('PIPELINE_REDIS_PORT', `${r.port ?? 6379}`);
      lit('PIPELINE_REDIS_DATABASE', `${r.database ?? 0}`);
      lit('PIPELINE_REDIS_TLS', `${r.tls ?? false}`);
      if (r.username) env('PIPELINE_REDIS_USERNAME', r.username);
      if (r.password) env('PIPELINE_REDIS_PASSWORD', r.password);
    }
    const c = props.cassandra;
    if (c) {
      lit('PIPELINE_CASSANDRA_CONTACT_POINTS', c.contactPoints.join(','));
      lit('PIPELINE_CASSANDRA_PORT', `${c.port ?? 9042}`);
      lit('PIPELINE_CASSANDRA_KEYSPACE', c.keyspace);
      lit('PIPELINE_CASSANDRA_LOCAL_DC', c.localDatacenter);
      lit('PIPELINE_CASSANDRA_TLS', `${c.tls ?? false}`);
      if (c.username) env('PIPELINE_CASSANDRA_USERNAME', c.username);
      if (c.password) env('PIPELINE_CASSANDRA_PASSWORD', c.password);
    }
  }
}

/** A Duration as a Spark time value: whole seconds as `60s`, else milliseconds. */
function durationConf(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A Duration as a processing-time trigger string Spark parses, e.g. `30 seconds`. */
function intervalString(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${ms} milliseconds`;
}

/** A DNS-1123 subdomain (names of Secrets, claims). */
function isDnsSubdomain(name: string): boolean {
  return typeof name === 'string' && dnsSubdomainProblem(name) === undefined;
}

function sortedJson(o: Record<string, string>): string {
  const out: Record<string, string> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return JSON.stringify(out);
}
