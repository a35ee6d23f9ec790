import {
  KafkaSaslMechanism, KafkaSecurityProtocol, KafkaStartingOffsets, KafkaTruststoreType, StateStoreProvider, StreamingCheckpoint,
} from './streaming-options';
import {
  arr, bool, defineShape, duration, enumOf, instance, INT32_MAX, int, num, objectName, refine, required, size, str, struct, Check, Shape,
} from '../core/check';
import { propError } from '../core/errors';
import { requirePort } from '../core/placement';
import { ENV_VALUE } from '../core/shapes';

/**
 * Runtime shapes of StructuredStreaming's props and of the structs in them (see `core/check.ts`).
 * Internal. The checks of values that need more than their own prop (a pattern or topics, the
 * protocol a credential needs, state settings of a stateless pipeline) stay with the feature.
 */

/** A TCP port: a number, then 1 to 65535 in the message every port check of the library gives. */
const PORT: Check = refine(num(), (ctx, path, v: number) => requirePort(ctx.owner, path, v));

/** Kafka's offsets are Longs: counts beyond int32 are fine, up to what JavaScript counts exactly. */
const OFFSET_COUNT: Check = num({ integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });

/** Element types are checked here; empty lists and names with the semantic checks (which say what to list). */
const STRINGS: Check = arr(str());

export const KAFKA_SASL_OPTIONS = struct('KafkaSaslOptions', {
  mechanism: required(enumOf('KafkaSaslMechanism', KafkaSaslMechanism)),
  username: required(ENV_VALUE),
  password: required(ENV_VALUE),
});

export const KAFKA_TRUSTSTORE = struct('KafkaTruststore', {
  secretName: required(objectName('Secret')),
  key: str(),
  type: enumOf('KafkaTruststoreType', KafkaTruststoreType),
  password: ENV_VALUE,
});

export const KAFKA_SOURCE_OPTIONS = struct('KafkaSourceOptions', {
  bootstrapServers: required(STRINGS),
  topics: STRINGS,
  subscribePattern: str(),
  startingOffsets: enumOf('KafkaStartingOffsets', KafkaStartingOffsets),
  maxOffsetsPerTrigger: OFFSET_COUNT,
  minOffsetsPerTrigger: OFFSET_COUNT,
  // zero and fractions get the feature's message, which says what Spark does instead
  maxTriggerDelay: duration({ allowZero: true }),
  failOnDataLoss: bool(),
  securityProtocol: enumOf('KafkaSecurityProtocol', KafkaSecurityProtocol),
  sasl: KAFKA_SASL_OPTIONS,
  truststore: KAFKA_TRUSTSTORE,
  sinkTopic: str(),
  connectorPackage: bool(),
});

export const REDIS_SINK_OPTIONS = struct('RedisSinkOptions', {
  host: required(str()),
  port: PORT,
  tls: bool(),
  // Redis's `databases` setting is an int; the default server has 16
  database: int(0, INT32_MAX),
  username: ENV_VALUE,
  password: ENV_VALUE,
});

export const CASSANDRA_SINK_OPTIONS = struct('CassandraSinkOptions', {
  contactPoints: required(STRINGS),
  port: PORT,
  keyspace: required(str()),
  localDatacenter: required(str()),
  tls: bool(),
  username: ENV_VALUE,
  password: ENV_VALUE,
  connectorVersion: str(),
});

/** A `StreamingCheckpoint`. */
export const STREAMING_CHECKPOINT: Check = instance('StreamingCheckpoint', v => v instanceof StreamingCheckpoint,
  'use StreamingCheckpoint.uri("s3a://...") or StreamingCheckpoint.persistentVolumeClaim(claimName)');

/** Every prop of StructuredStreamingProps (also the streaming part of StreamingPipelineProps). */
export const STRUCTURED_STREAMING_PROPS_SHAPE: Shape = defineShape('StructuredStreamingProps', {
  kafka: { ...required(KAFKA_SOURCE_OPTIONS), expected: 'a KafkaSourceOptions with bootstrapServers and topics or subscribePattern' },
  checkpoint: {
    ...required(STREAMING_CHECKPOINT),
    expected: 'durable storage the driver and executors share (queries without it restart from kafka.startingOffsets with empty state): StreamingCheckpoint.uri("s3a://...") or StreamingCheckpoint.persistentVolumeClaim(claimName) with a ReadWriteMany claim',
  },
  queryNames: STRINGS,
  triggerInterval: duration({ allowZero: true }),
  stateful: bool(),
  stateStoreProvider: enumOf('StateStoreProvider', StateStoreProvider),
  rocksdbChangelogCheckpointing: bool(),
  rocksdbMaxMemory: size(),
  // spark.sql.shuffle.partitions is an Int; each partition of a stateful query is a state store instance
  shufflePartitions: int(1, INT32_MAX, 100_000),
  stopTimeout: duration({ allowZero: true }),
  driverDisruptionBudget: bool(),
  redis: REDIS_SINK_OPTIONS,
  cassandra: CASSANDRA_SINK_OPTIONS,
});

/** The second constructor argument of StructuredStreaming. */
export const STRUCTURED_STREAMING_HOST_SHAPE: Shape = defineShape('StructuredStreamingHost', {
  ownerLabel: required(str()),
  warningScope: required(instance('IConstruct', v => typeof v.node === 'object' && v.node !== null && typeof v.node.addMetadata === 'function',
    'pass the construct that offers the feature (e.g. the StreamingPipeline itself)')),
  description: required(str()),
});

/** A literal SASL user name goes into `username="..."` of the JAAS configuration the job builds. */
export function checkJaasLiteral(owner: string, prop: string, value: string | undefined): void {
  if (value !== undefined && /["\\\u0000-\u001f\u007f]/.test(value)) {
    throw propError(owner, prop, value,
      'cannot be written into kafka.sasl.jaas.config (the job quotes it as username="..."; quotes, backslashes and control characters would end or escape the quoted value)',
      'use the user name as Kafka knows it, without quotes, backslashes or line breaks, or SparkEnvValue.fromSecret(...)');
  }
}
