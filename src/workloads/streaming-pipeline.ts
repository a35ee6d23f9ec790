import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SparkApp } from './spark-app';
import { SparkAppProps } from './spark-app-props';
import { SPARK_APP_PROPS_SHAPE } from './spark-app-shapes';
import { anything, checkProps, defineShape, Shape } from '../core/check';
import { constructLabel, propError } from '../core/errors';
import { RestartPolicy } from '../core/restart-policy';
import { resolveScalaVersion } from '../core/scala';
import { nameFromId } from '../core/util';
import { addWarning, printWarningsOnSynth } from '../core/warn';
import { StructuredStreaming, StructuredStreamingProps } from '../features/streaming';
import { STRUCTURED_STREAMING_PROPS_SHAPE } from '../features/streaming-shapes';
import { checkConnectorPackages, connectorPackages } from '../features/streaming-util';

/** Every prop of StreamingPipelineProps: the SparkApp's and StructuredStreaming's. */
const STREAMING_PIPELINE_PROPS_SHAPE: Shape = defineShape('StreamingPipelineProps', {
  ...SPARK_APP_PROPS_SHAPE,
  ...STRUCTURED_STREAMING_PROPS_SHAPE,
});

/** The same props, each accepted as it is: checking against it only reports unknown props. */
const KNOWN_PROPS: Shape = Object.fromEntries(Object.keys(STREAMING_PIPELINE_PROPS_SHAPE).map(k => [k, anything()]));

/**
 * Props of a StreamingPipeline: every SparkApp prop, with streaming defaults, plus the source,
 * checkpoint, state, lifecycle and sink settings of StructuredStreaming.
 *
 * Defaults that differ from SparkApp: `restartPolicy` is `RestartPolicy.always()`; `tier` is the
 * highest tier of the `sparkNamespace`; `name` is the pipeline's id in kebab-case; `packages`
 * gain the Kafka connector (and the Cassandra connector when asked for); `features` come after
 * the pipeline's StructuredStreaming. `schedule` is rejected.
 */
export interface StreamingPipelineProps extends SparkAppProps, StructuredStreamingProps {}

/**
 * A long-running Structured Streaming pipeline from Kafka, on a SparkApp with streaming defaults.
 *
 * Defines a SparkApp (child `App`, exposed as `app`, so resource figures, namespaces and
 * monitoring work as for any app) with a StructuredStreaming feature (exposed as `streaming`),
 * bound before the app's other `features`. The feature defines a `policy/v1` PodDisruptionBudget
 * for the driver pod (child `App/DriverDisruptionBudget`) and sets on the app:
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
 * The pipeline itself sets restart policy Always (or the given one) and the namespace's highest
 * priority tier.
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
 * them. Spark does not expand `${...}` in `kafka.sasl.jaas.config`, hence the separate variables;
 * when the job writes them into its quoted `username="..."` and `password="..."`, it escapes `\`
 * and `"` (a literal `kafka.sasl.username` with quotes, backslashes or control characters is an
 * error). Values reach the job as given: the manifest doubles every `$`, which Kubernetes' `$(VAR)`
 * expansion of container environment values turns back into one.
 *
 * In a SparkNamespace that restricts egress, the pipeline opens egress to its Kafka brokers and
 * sinks (see StructuredStreaming).
 */
export class StreamingPipeline extends Construct {
  /** The SparkApp running the pipeline. */
  public readonly app: SparkApp;
  /** The StructuredStreaming feature bound to the app. */
  public readonly streaming: StructuredStreaming;
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

  constructor(scope: Construct, id: string, props: StreamingPipelineProps) {
    super(scope, id);
    const owner = constructLabel('StreamingPipeline', this);
    // Errors here, in the pipeline's name; the warnings of the props (absurd figures) are recorded
    // by the feature (on the pipeline) and the app (on itself), which check them again, so each
    // is recorded once. Unknown props are reported here and go to neither.
    checkProps({ owner }, props, 'StreamingPipelineProps', STREAMING_PIPELINE_PROPS_SHAPE);
    checkProps({ owner, scope: this }, props, 'StreamingPipelineProps', KNOWN_PROPS);
    const own = (shape: Shape, k: string) => Object.prototype.hasOwnProperty.call(shape, k);
    const appProps: Record<string, unknown> = {};
    const streamingProps: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      if (own(STRUCTURED_STREAMING_PROPS_SHAPE, k)) streamingProps[k] = v;
      else if (own(SPARK_APP_PROPS_SHAPE, k)) appProps[k] = v;
    }

    if (props.schedule) {
      throw propError(owner, 'schedule', props.schedule, 'does not apply to a long-running pipeline', 'run incremental batches as a scheduled SparkApp with Trigger.AvailableNow instead');
    }

    // --- the streaming feature: it validates its props now (errors and warnings name the pipeline)
    this.streaming = new StructuredStreaming(streamingProps as unknown as StructuredStreamingProps, { ownerLabel: owner, warningScope: this, description: 'the pipeline' });

    // --- checks the app would otherwise make first, in its own words: the Scala version the
    // connectors follow, and another build of a connector in packages
    const scala = resolveScalaVersion(owner, props);
    checkConnectorPackages(owner, 'packages', undefined, 'the pipeline', props.packages ?? [], connectorPackages(props.sparkVersion, scala, props.kafka, props.cassandra));

    if (props.restartPolicy?.type === 'Never') {
      addWarning(this, 'restartPolicy is Never: when the driver fails or its pod is deleted (node drain, upgrade) the stream stays down; use RestartPolicy.always() or RestartPolicy.onFailure(...)', 'pipeline-never-restarts');
    }

    // --- the app, with the feature bound before any other
    this.app = new SparkApp(this, 'App', {
      ...appProps as unknown as SparkAppProps,
      name: props.name ?? nameFromId(id),
      restartPolicy: props.restartPolicy ?? RestartPolicy.always(),
      tier: props.tier ?? props.sparkNamespace?.tierNames[0],
      features: [this.streaming, ...(props.features ?? [])],
    });
    this.name = this.app.name;
    this.queryNames = this.streaming.queryNames;
    this.triggerInterval = this.streaming.triggerInterval;
    this.checkpointLocation = this.streaming.checkpointLocation;
    this.stateful = this.streaming.stateful;
    this.kafkaPackage = this.streaming.kafkaPackage;
    this.driverDisruptionBudget = this.streaming.driverDisruptionBudget;
    printWarningsOnSynth(this);
  }
}
