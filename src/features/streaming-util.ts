import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  CassandraSinkOptions, KafkaSaslMechanism, KafkaSecurityProtocol, KafkaSourceOptions, KafkaStartingOffsets,
  KafkaTruststoreType, RedisSinkOptions, StateStoreProvider, StreamingCheckpoint,
} from './streaming-options';
import { constructError } from '../core/errors';
import { requirePort } from '../core/placement';
import { SparkEnvValue, SparkVolume } from '../core/pod';
import { dnsSubdomainProblem, requireInt } from '../core/util';
import { SparkVersion } from '../core/versions';

// Internal helpers of the StructuredStreaming feature (not part of the public API).

export const PROVIDER_CLASS: Record<StateStoreProvider, string> = {
  [StateStoreProvider.ROCKSDB]: 'org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider',
  [StateStoreProvider.HDFS_BACKED]: 'org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider',
};

const LOGIN_MODULE: Record<KafkaSaslMechanism, string> = {
  [KafkaSaslMechanism.PLAIN]: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  [KafkaSaslMechanism.SCRAM_SHA_256]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
  [KafkaSaslMechanism.SCRAM_SHA_512]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

const CHECKPOINT_SCHEMES = ['s3a', 'gs', 'abfs', 'abfss', 'hdfs'];
const TRUSTSTORE_DIR = '/etc/pipeline/kafka-truststore';
const ACCEPTED_CHECKPOINTS = 'use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim';

/** Seconds the driver gets beyond the stop timeout, for stopping the SparkContext. */
export const GRACE_MARGIN_SECONDS = 30;

/** Marks StructuredStreaming objects (checked by symbol, robust to two copies of the library). */
export const STREAMING_MARKER = Symbol.for('cdk8s-spark.StructuredStreaming');

/** Marks PrometheusMonitoring objects (set by PrometheusMonitoring itself). */
const MONITORING_MARKER = Symbol.for('cdk8s-spark.PrometheusMonitoring');

/**
 * A construct that wraps the feature (StreamingPipeline): how errors name the owner, where its
 * warnings go, and how messages call it ("the pipeline").
 */
export interface StreamingHost {
  readonly owner: string;
  readonly scope: IConstruct;
  readonly who: string;
}

/** Whether an object is a StructuredStreaming feature. */
export function isStructuredStreaming(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as any)[STREAMING_MARKER] === true;
}

/**
 * How the streaming feature talks to a PrometheusMonitoring (a higher layer, so it is found by its
 * marker among the app's features, not imported).
 */
export interface StreamingWatcher {
  watch(app: unknown, options: { streaming?: boolean; streamingQueryNames?: string[]; triggerInterval?: Duration }): void;
}

/** The PrometheusMonitoring bound to an app, if any. */
export function monitoringOf(features: unknown[]): StreamingWatcher | undefined {
  return features.find(f => typeof f === 'object' && f !== null && MONITORING_MARKER in f && typeof (f as any).watch === 'function') as StreamingWatcher | undefined;
}

// ------------------------------------------------------------------------------------------
// validation

/** Checks the query names the job sets with `.queryName(...)`. */
export function validateQueryNames(owner: string, names: string[]): void {
  if (names.length === 0) {
    throw constructError(owner, 'queryNames must list at least one query, got []; give the names the job passes to .queryName(...)');
  }
  for (const q of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(q)) {
      throw constructError(owner, `queryNames entries must be 1-100 letters, digits, "-" or "_" starting with a letter or digit (each names a checkpoint directory and a metrics source), got "${q}"`);
    }
  }
  const dupe = names.find((q, i) => names.indexOf(q) !== i);
  if (dupe !== undefined) {
    throw constructError(owner, `queryNames must be unique, got "${dupe}" twice; Spark refuses two active queries of one name`);
  }
}

/** Checks a checkpoint except its default path (the app's name, known when bound). */
export function validateCheckpoint(owner: string, cp: StreamingCheckpoint | undefined): void {
  if (!cp) {
    throw constructError(owner, `checkpoint must be set, got none; queries without a durable checkpoint restart from kafka.startingOffsets with empty state; ${ACCEPTED_CHECKPOINTS}`);
  }
  if (cp._claimName !== undefined) {
    if (!isDnsSubdomain(cp._claimName)) {
      throw constructError(owner, `checkpoint claim name must be a DNS-1123 name, got "${cp._claimName}"`);
    }
    const mountPath = cp._claimOptions.mountPath ?? '/checkpoint';
    if (!mountPath.startsWith('/') || mountPath === '/' || /(^|\/)\.\.(\/|$)/.test(mountPath)) {
      throw constructError(owner, `checkpoint mountPath must be an absolute directory other than /, got "${mountPath}"`);
    }
    const path = cp._claimOptions.path;
    if (path !== undefined && (!path || path.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(path) || /[\s:]/.test(path))) {
      throw constructError(owner, `checkpoint path must be a relative directory inside the claim without "..", spaces or ":", got "${path}"`);
    }
    return;
  }
  const uri = cp._uri ?? '';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file' || scheme === 'local') {
    throw constructError(owner, `checkpoint must be durable storage the driver and executors share, got the local path "${uri}"; ${ACCEPTED_CHECKPOINTS}`);
  }
  if (!CHECKPOINT_SCHEMES.includes(scheme)) {
    const hint = scheme === 's3' || scheme === 's3n' ? ' (s3a:// is Hadoop\'s S3 connector)' : '';
    throw constructError(owner, `checkpoint URI scheme must be one of s3a, gs, abfs, abfss, hdfs, got "${uri}"${hint}; ${ACCEPTED_CHECKPOINTS}`);
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/\s]+(\/\S*)?$/.test(uri)) {
    throw constructError(owner, `checkpoint URI must name a bucket, container or host and contain no spaces, got "${uri}"`);
  }
}

/** A validated checkpoint as Spark sees it, with the claim to mount for a PVC checkpoint. */
export function resolveCheckpoint(cp: StreamingCheckpoint, appName: string): { location: string; volume?: SparkVolume; mountPath?: string } {
  if (cp._claimName !== undefined) {
    const mountPath = cp._claimOptions.mountPath ?? '/checkpoint';
    const path = cp._claimOptions.path ?? appName;
    return {
      location: `file://${mountPath.replace(/\/+$/, '')}/${path.replace(/\/+$/, '')}`,
      volume: SparkVolume.persistentVolumeClaim('pipeline-checkpoint', cp._claimName),
      mountPath,
    };
  }
  return { location: (cp._uri ?? '').replace(/\/+$/, '') };
}

/** Checks the Kafka options; returns the security protocol (given or derived). */
export function validateKafka(owner: string, k: KafkaSourceOptions | undefined): KafkaSecurityProtocol {
  const o = owner;
  if (!k) {
    throw constructError(o, 'kafka must be set, got none; give kafka.bootstrapServers and kafka.topics or kafka.subscribePattern');
  }
  if (!k.bootstrapServers || k.bootstrapServers.length === 0) {
    throw constructError(o, 'kafka.bootstrapServers must list at least one broker, got none; give host:port entries such as kafka-0.kafka:9092');
  }
  for (const s of k.bootstrapServers) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:,/[\]]+):\d{1,5}$/.test(s) || Number(s.split(':').pop()) > 65535 || Number(s.split(':').pop()) < 1) {
      throw constructError(o, `kafka.bootstrapServers entries must be host:port, got "${s}"; e.g. kafka-0.kafka:9092`);
    }
  }
  const hasTopics = k.topics !== undefined && k.topics.length > 0;
  const hasPattern = k.subscribePattern !== undefined;
  if (hasTopics && hasPattern) {
    throw constructError(o, 'kafka.topics and kafka.subscribePattern exclude each other, got both; subscribe to a topic list or to a pattern');
  }
  if (!hasTopics && !hasPattern) {
    throw constructError(o, 'kafka needs topics or subscribePattern, got neither; give kafka.topics (e.g. ["sensor-readings"]) or kafka.subscribePattern (e.g. "sensors-.*")');
  }
  for (const t of [...(k.topics ?? []), ...(k.sinkTopic !== undefined ? [k.sinkTopic] : [])]) {
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(t) || t === '.' || t === '..') {
      throw constructError(o, `kafka topic names must be 1-249 letters, digits, ".", "_" or "-", got "${t}"`);
    }
  }
  if (hasPattern) {
    try {
      new RegExp(k.subscribePattern!);
    } catch {
      throw constructError(o, `kafka.subscribePattern must be a regular expression, got "${k.subscribePattern}"`);
    }
    if (k.subscribePattern!.trim() === '') {
      throw constructError(o, `kafka.subscribePattern must not be empty, got "${k.subscribePattern}"`);
    }
  }
  requireInt(o, 'kafka.maxOffsetsPerTrigger', k.maxOffsetsPerTrigger, 1);
  requireInt(o, 'kafka.minOffsetsPerTrigger', k.minOffsetsPerTrigger, 1);
  if (k.minOffsetsPerTrigger !== undefined && k.maxOffsetsPerTrigger !== undefined && k.minOffsetsPerTrigger > k.maxOffsetsPerTrigger) {
    throw constructError(o, `kafka.minOffsetsPerTrigger must not exceed kafka.maxOffsetsPerTrigger, got ${k.minOffsetsPerTrigger} > ${k.maxOffsetsPerTrigger}`);
  }
  if (k.maxTriggerDelay !== undefined) {
    if (k.minOffsetsPerTrigger === undefined) {
      throw constructError(o, 'kafka.maxTriggerDelay only applies with kafka.minOffsetsPerTrigger, got a delay without a minimum; set minOffsetsPerTrigger or drop maxTriggerDelay');
    }
    const ms = k.maxTriggerDelay.toMilliseconds();
    if (!Number.isInteger(ms) || ms < 1) {
      throw constructError(o, `kafka.maxTriggerDelay must be a whole number of milliseconds of at least 1, got ${ms}ms`);
    }
  }

  const tls = (p: KafkaSecurityProtocol) => p === KafkaSecurityProtocol.SSL || p === KafkaSecurityProtocol.SASL_SSL;
  const sasl = (p: KafkaSecurityProtocol) => p === KafkaSecurityProtocol.SASL_PLAINTEXT || p === KafkaSecurityProtocol.SASL_SSL;
  const protocol = k.securityProtocol
    ?? (k.sasl ? KafkaSecurityProtocol.SASL_SSL : k.truststore ? KafkaSecurityProtocol.SSL : KafkaSecurityProtocol.PLAINTEXT);
  if (sasl(protocol) && !k.sasl) {
    throw constructError(o, `kafka.securityProtocol ${protocol} needs kafka.sasl, got none; give the mechanism and the credentials from a Secret`);
  }
  if (!sasl(protocol) && k.sasl) {
    throw constructError(o, `kafka.sasl only applies to SASL_SSL and SASL_PLAINTEXT, got securityProtocol ${protocol}; use SASL_SSL`);
  }
  if (!tls(protocol) && k.truststore) {
    throw constructError(o, `kafka.truststore only applies to SSL and SASL_SSL, got securityProtocol ${protocol}`);
  }
  if (k.sasl) {
    requireSecret(o, 'kafka.sasl.password', k.sasl.password);
  }
  if (k.truststore) {
    const ts = k.truststore;
    if (!isDnsSubdomain(ts.secretName)) {
      throw constructError(o, `kafka.truststore.secretName must be a DNS-1123 name, got "${ts.secretName}"`);
    }
    const key = ts.key ?? 'ca.crt';
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      throw constructError(o, `kafka.truststore.key must be a Secret key (letters, digits, "-", "_", "."), got "${key}"`);
    }
    const type = ts.type ?? KafkaTruststoreType.PEM;
    if (type === KafkaTruststoreType.PEM && ts.password) {
      throw constructError(o, 'kafka.truststore.password does not apply to a PEM truststore, got one; drop it or set type to JKS or PKCS12');
    }
    if (ts.password) requireSecret(o, 'kafka.truststore.password', ts.password);
  }
  return protocol;
}

/** Checks the Redis and Cassandra sinks. */
export function validateSinks(owner: string, r: RedisSinkOptions | undefined, c: CassandraSinkOptions | undefined): void {
  const host = (prop: string, h: string) => {
    if (!h || !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$/.test(h)) {
      throw constructError(owner, `${prop} must be a host name or IP address without scheme or port, got "${h}"`);
    }
  };
  if (r) {
    host('redis.host', r.host);
    requirePort(owner, 'redis.port', r.port);
    requireInt(owner, 'redis.database', r.database, 0);
    if (r.password) requireSecret(owner, 'redis.password', r.password);
  }
  if (c) {
    if (!c.contactPoints || c.contactPoints.length === 0) {
      throw constructError(owner, 'cassandra.contactPoints must list at least one host, got none');
    }
    c.contactPoints.forEach(h => host('cassandra.contactPoints entries', h));
    requirePort(owner, 'cassandra.port', c.port);
    if (!/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(c.keyspace ?? '')) {
      throw constructError(owner, `cassandra.keyspace must be 1-48 letters, digits or "_" starting with a letter, got "${c.keyspace}"`);
    }
    if (!c.localDatacenter || /\s/.test(c.localDatacenter)) {
      throw constructError(owner, `cassandra.localDatacenter must name the local datacenter (e.g. dc1), got "${c.localDatacenter}"`);
    }
    if ((c.username === undefined) !== (c.password === undefined)) {
      throw constructError(owner, `cassandra.username and cassandra.password go together, got only ${c.username ? 'username' : 'password'}`);
    }
    if (c.password) requireSecret(owner, 'cassandra.password', c.password);
  }
}

function requireSecret(owner: string, prop: string, v: SparkEnvValue) {
  if (!v.fromSecretRef) {
    throw constructError(owner, `${prop} must come from a Secret, got ${v._spec.value !== undefined ? 'a literal value' : 'a ConfigMap reference'}; use SparkEnvValue.fromSecret(secretName, key)`);
  }
}

// ------------------------------------------------------------------------------------------
// connector packages

/** A connector package the feature adds, and the prop that asks for it. */
export interface ConnectorPackage {
  readonly coordinates: string;
  /** Coordinates of any build of the connector start with this. */
  readonly prefix: string;
  readonly prop: string;
}

/** The connector packages of the Kafka source and the Cassandra sink for a Spark and Scala version. */
export function connectorPackages(
  spark: SparkVersion, scala: string, kafka: KafkaSourceOptions, cassandra?: CassandraSinkOptions): ConnectorPackage[] {
  const out: ConnectorPackage[] = [];
  if (kafka.connectorPackage ?? true) {
    out.push({
      coordinates: `org.apache.spark:spark-sql-kafka-0-10_${scala}:${spark.version}`,
      prefix: 'org.apache.spark:spark-sql-kafka-0-10_',
      prop: 'kafka.connectorPackage',
    });
  }
  if (cassandra?.connectorVersion !== undefined) {
    out.push({
      coordinates: `com.datastax.spark:spark-cassandra-connector_${scala}:${cassandra.connectorVersion}`,
      prefix: 'com.datastax.spark:spark-cassandra-connector_',
      prop: 'cassandra.connectorVersion',
    });
  }
  return out;
}

/**
 * Throws when the packages list another build of a connector the feature adds.
 *
 * @param listedAs how the message names the list, e.g. "packages"
 * @param who how the message names the feature, e.g. "the pipeline"
 */
export function checkConnectorPackages(owner: string, listedAs: string, who: string, packages: string[], connectors: ConnectorPackage[]): void {
  for (const c of connectors) {
    for (const p of packages) {
      if (p.startsWith(c.prefix) && p !== c.coordinates) {
        throw constructError(owner, `${listedAs} lists ${p}, got a build other than the one ${who} adds (${c.coordinates}); remove it from packages, or set ${c.prop} for the version you need`);
      }
    }
  }
}

// ------------------------------------------------------------------------------------------
// the job contract

/** What the job receives: environment variables in order, and the truststore Secret to mount. */
export interface JobContract {
  readonly env: Array<[string, SparkEnvValue]>;
  readonly truststoreVolume?: SparkVolume;
  readonly truststoreDir: string;
}

/** The environment variables of the job contract (see StreamingPipeline). */
export function jobContract(p: {
  appName: string;
  queryNames: string[];
  triggerInterval?: Duration;
  checkpointLocation: string;
  stateful: boolean;
  kafka: KafkaSourceOptions;
  protocol: KafkaSecurityProtocol;
  redis?: RedisSinkOptions;
  cassandra?: CassandraSinkOptions;
}): JobContract {
  const env: Array<[string, SparkEnvValue]> = [];
  const lit = (name: string, value: string) => env.push([name, SparkEnvValue.value(value)]);
  const k = p.kafka;

  lit('PIPELINE_NAME', p.appName);
  lit('PIPELINE_QUERY_NAMES', p.queryNames.join(','));
  lit('PIPELINE_TRIGGER_INTERVAL', p.triggerInterval ? intervalString(p.triggerInterval) : '0 seconds');
  lit('PIPELINE_CHECKPOINT_LOCATION', p.checkpointLocation);
  lit('PIPELINE_STATEFUL', `${p.stateful}`);

  // Options common to source and sink: the cluster and its security.
  const common: Record<string, string> = {
    'kafka.bootstrap.servers': k.bootstrapServers.join(','),
    'kafka.security.protocol': p.protocol,
  };
  if (k.sasl) common['kafka.sasl.mechanism'] = k.sasl.mechanism;
  let truststoreVolume: SparkVolume | undefined;
  if (k.truststore) {
    const ts = k.truststore;
    const key = ts.key ?? 'ca.crt';
    common['kafka.ssl.truststore.location'] = `${TRUSTSTORE_DIR}/${key}`;
    common['kafka.ssl.truststore.type'] = ts.type ?? KafkaTruststoreType.PEM;
    truststoreVolume = SparkVolume.secret('pipeline-kafka-truststore', ts.secretName);
    if (ts.password) env.push(['PIPELINE_KAFKA_SSL_TRUSTSTORE_PASSWORD', ts.password]);
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
    env.push(['PIPELINE_KAFKA_SASL_USERNAME', k.sasl.username]);
    env.push(['PIPELINE_KAFKA_SASL_PASSWORD', k.sasl.password]);
  }

  const r = p.redis;
  if (r) {
    lit('PIPELINE_REDIS_HOST', r.host);
    lit('PIPELINE_REDIS_PORT', `${r.port ?? 6379}`);
    lit('PIPELINE_REDIS_DATABASE', `${r.database ?? 0}`);
    lit('PIPELINE_REDIS_TLS', `${r.tls ?? false}`);
    if (r.username) env.push(['PIPELINE_REDIS_USERNAME', r.username]);
    if (r.password) env.push(['PIPELINE_REDIS_PASSWORD', r.password]);
  }
  const c = p.cassandra;
  if (c) {
    lit('PIPELINE_CASSANDRA_CONTACT_POINTS', c.contactPoints.join(','));
    lit('PIPELINE_CASSANDRA_PORT', `${c.port ?? 9042}`);
    lit('PIPELINE_CASSANDRA_KEYSPACE', c.keyspace);
    lit('PIPELINE_CASSANDRA_LOCAL_DC', c.localDatacenter);
    lit('PIPELINE_CASSANDRA_TLS', `${c.tls ?? false}`);
    if (c.username) env.push(['PIPELINE_CASSANDRA_USERNAME', c.username]);
    if (c.password) env.push(['PIPELINE_CASSANDRA_PASSWORD', c.password]);
  }
  return { env, truststoreVolume, truststoreDir: TRUSTSTORE_DIR };
}

// ------------------------------------------------------------------------------------------
// formatting

/** A Duration as a Spark time value: whole seconds as `60s`, else milliseconds. */
export function durationConf(d: Duration): string {
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
