import { ApiObject, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import {
  CassandraSinkOptions, KafkaSaslMechanism, KafkaSecurityProtocol, KafkaSourceOptions, RedisSinkOptions,
  StateStoreProvider, StreamingCheckpoint,
} from './streaming-options';
import { STRUCTURED_STREAMING_HOST_SHAPE, STRUCTURED_STREAMING_PROPS_SHAPE } from './streaming-shapes';
import {
  allowClientEgress, checkConnectorPackages, clientEndpoints, connectorPackages, durationConf, GRACE_MARGIN_SECONDS,
  isStructuredStreaming, jobContract, monitoringOf, PROVIDER_CLASS, resolveCheckpoint, STREAMING_MARKER, StreamingHost,
  validateCheckpoint, validateKafka, validateQueryNames, validateSinks,
} from './streaming-util';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructError, formatValue, propError } from '../core/errors';
import { sparkAppLabels } from '../core/labels';
import { SparkRole } from '../core/resources';
import { SparkPods } from '../core/types';
import { requireInt, sizeToMebibytes } from '../core/util';
import { addWarning } from '../core/warn';

export * from './streaming-options';

/**
 * Props of StructuredStreaming: the Kafka source, the checkpoint, the state store, the lifecycle
 * and the sinks of the app's Structured Streaming queries.
 */
export interface StructuredStreamingProps {
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
   * @default - one query named after the app
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
   * State store provider (stateful queries). Pinned in the checkpoint.
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
   * Pinned in the checkpoint, so it must fit the largest cluster the queries will ever run on.
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

/** What binding found out about the app. */
interface Bound {
  readonly app: ISparkApp;
  readonly queryNames: string[];
  readonly checkpointLocation: string;
  readonly kafkaPackage?: string;
  readonly driverDisruptionBudget?: ApiObject;
}

/**
 * A construct that offers StructuredStreaming as part of itself (as StreamingPipeline does): the
 * feature's errors name the host, its warnings are recorded on the host, and messages call it by
 * its description.
 */
export interface StructuredStreamingHost {
  /** How errors name the host, e.g. `StreamingPipeline Routes`. */
  readonly ownerLabel: string;
  /** Where the feature's warnings are recorded. */
  readonly warningScope: IConstruct;
  /** How messages call the host, e.g. "the pipeline". */
  readonly description: string;
}

/**
 * Structured Streaming from Kafka on any SparkApp: a feature that turns an app into a
 * long-running streaming app.
 *
 * Bind it with the app's `features` prop (`features: [new StructuredStreaming({ kafka, checkpoint })]`)
 * or `app.addFeature(...)`; give the app `restartPolicy: RestartPolicy.always()` so the stream
 * restarts whenever it stops.
 *
 * When bound it sets on the app:
 * - the `spark-sql-kafka-0-10_<scala>:<sparkVersion>` package (and the Cassandra connector when
 *   asked for), added to `spark.jars.packages`;
 * - the checkpoint root as `spark.sql.streaming.checkpointLocation`, with the claim mounted into
 *   driver and executors for a PVC checkpoint;
 * - for stateful queries the RocksDB state store with changelog checkpointing and bounded memory
 *   (Spark 3.5+), that memory added to the executor memory overhead;
 * - `spark.sql.shuffle.partitions`, `spark.sql.streaming.stopTimeout` and a driver termination
 *   grace period 30 seconds longer, `spark.sql.streaming.metricsEnabled`;
 * - a `policy/v1` PodDisruptionBudget for the driver pod (child `DriverDisruptionBudget` of the app);
 * - the job contract: environment variables `PIPELINE_*` of driver and executors (see
 *   StreamingPipeline);
 * - when the app's namespace restricts egress (a SparkNamespace by default), egress rules to the
 *   Kafka brokers, Redis and Cassandra on their ports, through the namespace: for a Service name
 *   (`<service>.<namespace>.svc[.<cluster domain>]`, or one label for a Service in the app's
 *   namespace) to the pods of that namespace; for any other host name or IP address, which a
 *   NetworkPolicy cannot name, to any destination on those ports (what one writes by hand for
 *   brokers known by name). The rules use the ports the clients dial: a Service whose `targetPort` differs, Kafka
 *   brokers that advertise other hosts or ports than the bootstrap servers, and the checkpoint's
 *   object store need their own `egressDestinations` entries;
 * - when a PrometheusMonitoring is bound to the app before this feature (its `monitoring` prop):
 *   the app is watched as a streaming app with the query names and trigger interval. A
 *   monitoring bound later watches it with `monitoring.watch(app, { streaming: true,
 *   streamingQueryNames: feature.queryNames, triggerInterval: feature.triggerInterval })`.
 *
 * A key the feature sets that the app's `sparkConf` sets to another value is an error naming the
 * prop to use instead. One StructuredStreaming per app; a feature object binds to one app.
 * StreamingPipeline is a SparkApp with this feature and streaming defaults.
 */
export class StructuredStreaming implements ISparkFeature {
  /** Whether an object is a StructuredStreaming feature (works across copies of the library). */
  public static isStructuredStreaming(x: any): x is StructuredStreaming {
    return isStructuredStreaming(x);
  }

  /** Whether the queries keep state. */
  public readonly stateful: boolean;
  /** Trigger interval of the queries, if one was given. */
  public readonly triggerInterval?: Duration;
  /** How long `query.stop()` may take (`spark.sql.streaming.stopTimeout`). */
  public readonly stopTimeout: Duration;
  /** `spark.sql.shuffle.partitions`: the number of state partitions of stateful queries. */
  public readonly shufflePartitions: number;

  private readonly props: StructuredStreamingProps;
  private readonly host?: StreamingHost;
  private readonly protocol: KafkaSecurityProtocol;
  private bound?: Bound;

  /**
   * @param props the streaming settings
   * @param host the construct that offers this feature as part of itself (e.g. StreamingPipeline), if any
   */
  constructor(props: StructuredStreamingProps, host?: StructuredStreamingHost) {
    if (host !== undefined && host !== null) {
      checkProps({ owner: 'StructuredStreaming' }, host, 'StructuredStreamingHost', STRUCTURED_STREAMING_HOST_SHAPE, 'host');
    }
    this.host = host ? { owner: host.ownerLabel, scope: host.warningScope, who: host.description } : undefined;
    const o = this.host?.owner ?? 'StructuredStreaming';
    // Without a host, warnings (unknown props, absurd figures) go to the app when bound.
    checkProps({ owner: o, scope: this.host?.scope }, props, 'StructuredStreamingProps', STRUCTURED_STREAMING_PROPS_SHAPE);
    Object.defineProperty(this, STREAMING_MARKER, { value: true });
    this.props = props;

    if (props.queryNames !== undefined) validateQueryNames(o, props.queryNames);
    if (props.triggerInterval !== undefined) {
      const ms = props.triggerInterval.toMilliseconds({ integral: false });
      if (!Number.isInteger(ms) || ms < 1) {
        throw propError(o, 'triggerInterval', props.triggerInterval, 'must be a whole number of milliseconds of at least 1', 'e.g. Duration.seconds(30), or leave it unset for back-to-back micro-batches');
      }
      this.triggerInterval = props.triggerInterval;
    }
    this.stopTimeout = props.stopTimeout ?? Duration.seconds(60);
    const stopMs = this.stopTimeout.toMilliseconds({ integral: false });
    if (!Number.isInteger(stopMs) || stopMs < 1000) {
      throw propError(o, 'stopTimeout', this.stopTimeout,
        'must be whole milliseconds and at least 1 second (Spark\'s 0 would let query.stop() wait forever while Kubernetes kills the driver after its grace period)',
        'e.g. Duration.seconds(60), the default');
    }
    validateCheckpoint(o, props.checkpoint);
    this.protocol = validateKafka(o, props.kafka);
    const cv = props.cassandra?.connectorVersion;
    if (cv !== undefined && !/^\d+\.\d+\.\d+$/.test(cv)) {
      throw propError(o, 'cassandra.connectorVersion', cv, 'must be a release version major.minor.patch', 'give a release of the DataStax connector, e.g. "3.5.1" for Spark 3.5');
    }

    this.stateful = props.stateful ?? true;
    const stateProps = [['stateStoreProvider', props.stateStoreProvider], ['rocksdbChangelogCheckpointing', props.rocksdbChangelogCheckpointing], ['rocksdbMaxMemory', props.rocksdbMaxMemory]] as const;
    for (const [prop, value] of stateProps) {
      if (!this.stateful && value !== undefined) {
        throw propError(o, prop, value, 'only applies to stateful pipelines (stateful is false)', 'drop it or set stateful to true');
      }
      const provider = props.stateStoreProvider ?? StateStoreProvider.ROCKSDB;
      if (this.stateful && prop !== 'stateStoreProvider' && provider !== StateStoreProvider.ROCKSDB && value !== undefined) {
        throw propError(o, prop, value, `only applies to the RocksDB state store (stateStoreProvider is ${formatValue(provider)})`, 'drop it or set stateStoreProvider to StateStoreProvider.ROCKSDB');
      }
    }
    requireInt(o, 'shufflePartitions', props.shufflePartitions, 1);
    this.shufflePartitions = props.shufflePartitions ?? 200;
    validateSinks(o, props.redis, props.cassandra);
  }

  /** What the feature is, for conflict messages: `StructuredStreaming <app name>` once bound. */
  public get featureName(): string {
    return this.bound ? `StructuredStreaming ${this.bound.app.name}` : 'StructuredStreaming';
  }

  /** The app the feature is bound to, once bound. */
  public get app(): ISparkApp | undefined {
    return this.bound?.app;
  }

  /** Query names handed to the job (the app's name by default, known once bound). */
  public get queryNames(): string[] {
    if (this.props.queryNames) return [...this.props.queryNames];
    return [...this.requireBound('queryNames').queryNames];
  }

  /** The checkpoint root as Spark sees it (`s3a://…`, or `file:///…` on the claim); known once bound. */
  public get checkpointLocation(): string {
    return this.requireBound('checkpointLocation').checkpointLocation;
  }

  /** Kafka connector coordinates added to the packages, if any (once bound: they follow the app's versions). */
  public get kafkaPackage(): string | undefined {
    return this.bound?.kafkaPackage;
  }

  /** The driver's PodDisruptionBudget, if defined (once bound). */
  public get driverDisruptionBudget(): ApiObject | undefined {
    return this.bound?.driverDisruptionBudget;
  }

  /**
   * Applies the streaming settings to the app. Called by the app (its `features` prop or
   * `addFeature`), once.
   *
   * @param app the application
   */
  public bind(app: ISparkApp): void {
    if (this.bound?.app === app) return;
    if (this.bound) {
      throw constructError(this.featureName, `is bound to app ${this.bound.app.name} already and cannot bind to app ${app.name} too; create one StructuredStreaming per app`);
    }
    const other = app.features.find(f => f !== this && isStructuredStreaming(f));
    if (other) {
      throw constructError(`StructuredStreaming ${app.name}`, `app ${app.name} already has ${other.featureName}; give one StructuredStreaming per app (list every query in queryNames)`);
    }
    const props = this.props;
    if (!this.host) {
      // the props passed their checks at construction; this records their warnings on the app
      checkProps({ owner: `StructuredStreaming ${app.name}`, scope: app }, props, 'StructuredStreamingProps', STRUCTURED_STREAMING_PROPS_SHAPE);
    }
    const queryNames = props.queryNames ?? [app.name];
    const checkpoint = resolveCheckpoint(props.checkpoint, app.name);
    const connectors = connectorPackages(app.sparkVersion, app.scalaVersion, props.kafka, props.cassandra);
    const kafkaPackage = connectors.find(c => c.prop === 'kafka.connectorPackage')?.coordinates;
    this.bound = { app, queryNames, checkpointLocation: checkpoint.location, kafkaPackage };
    const o = this.host?.owner ?? this.featureName;
    const who = this.host?.who ?? 'StructuredStreaming';
    const source = o;
    const version = app.sparkVersion;

    // --- packages
    const listed = (app.sparkConfValue('spark.jars.packages') ?? '').split(',').filter(p => p !== '');
    const listedBy = app.sparkConfSource('spark.jars.packages');
    const fromPackages = listedBy === undefined || listedBy === 'prop packages';
    checkConnectorPackages(o, fromPackages ? 'packages' : 'sparkConf["spark.jars.packages"]',
      fromPackages || listedBy === 'sparkConf' ? undefined : listedBy, who, listed, connectors);
    if (connectors.length > 0) {
      app.addSparkConfListEntries('spark.jars.packages', connectors.map(c => c.coordinates), source);
    }

    // --- state
    const state = this.resolveState(o, app);

    // --- Spark configuration
    const conf = (key: string, value: string, prop?: string) => {
      if (app.sparkConfSource(key) === 'sparkConf') {
        const user = app.sparkConfValue(key);
        if (user !== value) {
          throw prop
            ? propError(o, `sparkConf["${key}"]`, user, `conflicts with ${formatValue(value)} that ${who} sets from its ${prop} prop`, `set it through the ${prop} prop`)
            : propError(o, `sparkConf["${key}"]`, user, `conflicts with ${formatValue(value)}, which ${who} sets and needs`, 'remove the key from sparkConf');
        }
      }
      app.addSparkConf(key, value, source);
    };
    conf('spark.sql.streaming.checkpointLocation', checkpoint.location, 'checkpoint');
    conf('spark.sql.shuffle.partitions', `${this.shufflePartitions}`, 'shufflePartitions');
    conf('spark.sql.streaming.stopTimeout', durationConf(this.stopTimeout), 'stopTimeout');
    conf('spark.sql.streaming.metricsEnabled', 'true');
    if (state) {
      conf('spark.sql.streaming.stateStore.providerClass', PROVIDER_CLASS[state.provider], 'stateStoreProvider');
      if (state.changelog !== undefined) {
        conf('spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled', `${state.changelog}`, 'rocksdbChangelogCheckpointing');
      }
      if (state.maxMemoryMebibytes !== undefined) {
        conf('spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage', 'true', 'rocksdbMaxMemory');
        conf('spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB', `${state.maxMemoryMebibytes}`, 'rocksdbMaxMemory');
        app.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(state.maxMemoryMebibytes), `${o} (RocksDB bounded memory)`);
      }
    }
    const c = props.cassandra;
    if (c?.connectorVersion !== undefined) {
      conf('spark.cassandra.connection.host', c.contactPoints.join(','), 'cassandra.contactPoints');
      conf('spark.cassandra.connection.port', `${c.port ?? 9042}`, 'cassandra.port');
      conf('spark.cassandra.connection.localDC', c.localDatacenter, 'cassandra.localDatacenter');
      conf('spark.cassandra.connection.ssl.enabled', `${c.tls ?? false}`, 'cassandra.tls');
    }

    // --- lifecycle
    const graceSeconds = Math.ceil(this.stopTimeout.toMilliseconds() / 1000) + GRACE_MARGIN_SECONDS;
    app.addTerminationGracePeriod(SparkPods.DRIVER, Duration.seconds(graceSeconds), source);
    if (props.driverDisruptionBudget ?? true) {
      const pdb = new k8s.KubePodDisruptionBudget(app, 'DriverDisruptionBudget', {
        metadata: {
          name: `${app.name}-driver`,
          namespace: app.namespace,
          labels: sparkAppLabels(app.name, 'driver-disruption-budget', { 'app.kubernetes.io/part-of': app.name }),
        },
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(0),
          selector: { matchLabels: { ...app.podSelectorLabels, 'app.kubernetes.io/component': 'spark-driver' } },
          // A driver that is not ready (crash-looping) does not block drains.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
      this.bound = { ...this.bound, driverDisruptionBudget: pdb };
    }

    // --- volumes and the job contract
    if (checkpoint.volume) {
      app.addVolumeMount(SparkPods.ALL, { volume: checkpoint.volume, path: checkpoint.mountPath! }, source);
    }
    const contract = jobContract({
      appName: app.name,
      queryNames,
      triggerInterval: this.triggerInterval,
      checkpointLocation: checkpoint.location,
      stateful: state !== undefined,
      kafka: props.kafka,
      protocol: this.protocol,
      redis: props.redis,
      cassandra: props.cassandra,
    });
    if (contract.truststoreVolume) {
      app.addVolumeMount(SparkPods.ALL, { volume: contract.truststoreVolume, path: contract.truststoreDir }, source);
    }
    for (const [name, value] of contract.env) app.addEnv(SparkPods.ALL, name, value, source);

    // --- egress, when the app's namespace restricts it
    if (app.sparkNamespace) allowClientEgress(app.sparkNamespace, app.namespace, clientEndpoints(props.kafka, props.redis, props.cassandra));

    // --- monitoring
    monitoringOf(app.features)?.watch(app, {
      streaming: true,
      streamingQueryNames: queryNames,
      triggerInterval: this.triggerInterval,
    });

    // --- warnings
    const scope = this.host?.scope ?? app;
    if (app.sparkConfValue('spark.dynamicAllocation.enabled') === 'true') {
      addWarning(scope, 'dynamicAllocation is on, which works poorly for Structured Streaming: executors idle between triggers are removed, state partitions reload from the checkpoint when they move to another executor, and scale-up follows the task backlog, not the Kafka lag; prefer static executorInstances', 'streaming-dynamic-allocation');
    }
    if (state) {
      addWarning(scope, `the state store provider (${state.provider}) and spark.sql.shuffle.partitions (${this.shufflePartitions}) are written into the checkpoint on the first run and override the configuration on every restart; changing either later needs a new checkpoint location (the queries then start from kafka.startingOffsets with empty state)`, 'streaming-state-pinned');
      if (state.provider === StateStoreProvider.ROCKSDB && state.maxMemoryMebibytes === undefined) {
        addWarning(scope, `RocksDB memory cannot be bounded before Spark 3.5 (this app runs ${version.version}): every state partition an executor hosts keeps its own block cache and write buffers outside the JVM heap; raise executorMemoryOverhead for them or use Spark 3.5+`, 'rocksdb-unbounded-memory');
      }
    }
    if (this.protocol === KafkaSecurityProtocol.SASL_PLAINTEXT && props.kafka.sasl?.mechanism === KafkaSaslMechanism.PLAIN) {
      addWarning(scope, 'kafka uses SASL PLAIN over SASL_PLAINTEXT: the password crosses the network in clear text; use SASL_SSL or a SCRAM mechanism', 'kafka-cleartext-password');
    }
    if (props.redis?.password && !props.redis.tls) {
      addWarning(scope, 'redis has a password but tls is off: the password crosses the network in clear text; set redis.tls to true', 'redis-cleartext-password');
    }
  }

  // ------------------------------------------------------------------------------------------

  private requireBound(attribute: string): Bound {
    if (!this.bound) {
      throw constructError('StructuredStreaming', `${attribute} is known once the feature is bound to an app; bind it with the app's features prop or app.addFeature(...)`);
    }
    return this.bound;
  }

  /** The state store settings for the app's Spark version (undefined for stateless queries). */
  private resolveState(o: string, app: ISparkApp): ResolvedState | undefined {
    if (!this.stateful) return undefined;
    const props = this.props;
    const v = app.sparkVersion;
    const provider = props.stateStoreProvider ?? StateStoreProvider.ROCKSDB;
    if (provider !== StateStoreProvider.ROCKSDB) return { provider };
    if (!v.isAtLeast('3.5')) {
      if (props.rocksdbChangelogCheckpointing) {
        throw propError(o, 'rocksdbChangelogCheckpointing', props.rocksdbChangelogCheckpointing, `needs Spark 3.5.0 or later (the app runs Spark ${v.version})`, 'leave it unset or upgrade to Spark 3.5');
      }
      if (props.rocksdbMaxMemory !== undefined) {
        throw propError(o, 'rocksdbMaxMemory', props.rocksdbMaxMemory, `needs Spark 3.5.0 or later for RocksDB bounded memory (the app runs Spark ${v.version})`, 'raise executorMemoryOverhead instead or upgrade to Spark 3.5');
      }
      return { provider };
    }
    const mib = sizeToMebibytes(o, 'rocksdbMaxMemory', props.rocksdbMaxMemory ?? Size.mebibytes(500));
    if (mib < 1) {
      throw propError(o, 'rocksdbMaxMemory', props.rocksdbMaxMemory, 'must be at least 1 MiB', 'e.g. Size.mebibytes(500), Spark\'s default');
    }
    return { provider, changelog: props.rocksdbChangelogCheckpointing ?? true, maxMemoryMebibytes: mib };
  }
}
