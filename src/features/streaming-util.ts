import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  CassandraSinkOptions, KafkaSaslMechanism, KafkaSecurityProtocol, KafkaSourceOptions, KafkaStartingOffsets,
  KafkaTruststoreType, RedisSinkOptions, StateStoreProvider, StreamingCheckpoint,
} from './streaming-options';
import { checkJaasLiteral } from './streaming-shapes';
import { ISparkNamespace } from '../core/contracts';
import { formatValue, propError } from '../core/errors';
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
    throw propError(owner, 'queryNames', names, 'must list at least one query', 'give the names the job passes to .queryName(...)');
  }
  [...names].forEach((q, i) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(q)) {
      throw propError(owner, `queryNames[${i}]`, q,
        'must be 1-100 letters, digits, "-" or "_" starting with a letter or digit (it names a checkpoint directory and a metrics source)',
        'rename the query here and in the job\'s .queryName(...), e.g. "air-quality"');
    }
  });
  const dupe = names.findIndex((q, i) => names.indexOf(q) !== i);
  if (dupe !== -1) {
    throw propError(owner, `queryNames[${dupe}]`, names[dupe], `repeats queryNames[${names.indexOf(names[dupe])}] (Spark refuses two active queries of one name)`, 'give each query its own name');
  }
}

/** Checks a checkpoint except its default path (the app's name, known when bound). */
export function validateCheckpoint(owner: string, cp: StreamingCheckpoint | undefined): void {
  if (!cp) {
    throw propError(owner, 'checkpoint', cp, 'must be set (queries without a durable checkpoint restart from kafka.startingOffsets with empty state)', ACCEPTED_CHECKPOINTS);
  }
  if (cp._claimName !== undefined) {
    if (!isDnsSubdomain(cp._claimName)) {
      throw propError(owner, 'checkpoint.claimName', cp._claimName, 'must be a DNS-1123 subdomain (it names the PersistentVolumeClaim)',
        'give StreamingCheckpoint.persistentVolumeClaim() the claim\'s name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit');
    }
    const mountPath = cp._claimOptions.mountPath ?? '/checkpoint';
    if (!mountPath.startsWith('/') || mountPath === '/' || /(^|\/)\.\.(\/|$)/.test(mountPath)) {
      throw propError(owner, 'checkpoint.mountPath', mountPath, 'must be an absolute directory other than / (without "..")', 'use e.g. "/checkpoint" (the default)');
    }
    const path = cp._claimOptions.path;
    if (path !== undefined && (!path || path.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(path) || /[\s:]/.test(path))) {
      throw propError(owner, 'checkpoint.path', path, 'must be a relative directory inside the claim without "..", spaces or ":"', 'use e.g. "air-quality", or leave it unset for the app\'s name');
    }
    return;
  }
  const uri = cp._uri ?? '';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file' || scheme === 'local') {
    throw propError(owner, 'checkpoint', uri, 'must be durable storage the driver and executors share, not a local path', ACCEPTED_CHECKPOINTS);
  }
  if (!CHECKPOINT_SCHEMES.includes(scheme)) {
    const hint = scheme === 's3' || scheme === 's3n' ? ' (s3a:// is Hadoop\'s S3 connector)' : '';
    throw propError(owner, 'checkpoint', uri, `must use one of the schemes s3a, gs, abfs, abfss, hdfs${hint}`, ACCEPTED_CHECKPOINTS);
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/\s]+(\/\S*)?$/.test(uri)) {
    throw propError(owner, 'checkpoint', uri, 'must name a bucket, container or host and contain no spaces', 'write <scheme>://<bucket>/<path>, e.g. "s3a://checkpoints/air-quality"');
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
    throw propError(o, 'kafka', k, 'must be set', 'give kafka.bootstrapServers and kafka.topics or kafka.subscribePattern');
  }
  if (!k.bootstrapServers || k.bootstrapServers.length === 0) {
    throw propError(o, 'kafka.bootstrapServers', k.bootstrapServers, 'must list at least one broker', 'give host:port entries such as kafka-0.kafka:9092');
  }
  [...k.bootstrapServers].forEach((s, i) => {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:,/[\]]+):\d{1,5}$/.test(s) || Number(s.split(':').pop()) > 65535 || Number(s.split(':').pop()) < 1) {
      throw propError(o, `kafka.bootstrapServers[${i}]`, s, 'must be host:port with a port from 1 to 65535', 'give each broker as host:port, e.g. kafka-0.kafka:9092');
    }
  });
  const hasTopics = k.topics !== undefined && k.topics.length > 0;
  const hasPattern = k.subscribePattern !== undefined;
  if (hasTopics && hasPattern) {
    throw propError(o, 'kafka.subscribePattern', k.subscribePattern, `conflicts with kafka.topics ${formatValue(k.topics)} (they exclude each other)`, 'subscribe to a topic list or to a pattern');
  }
  if (!hasTopics && !hasPattern) {
    throw propError(o, 'kafka.topics', k.topics, 'must list a topic when kafka.subscribePattern is unset',
      'give kafka.topics (e.g. ["sensor-readings"]) or kafka.subscribePattern (e.g. "sensors-.*")');
  }
  const topics: Array<[string, string]> = [...(k.topics ?? [])].map((t, i) => [`kafka.topics[${i}]`, t]);
  if (k.sinkTopic !== undefined) topics.push(['kafka.sinkTopic', k.sinkTopic]);
  for (const [prop, t] of topics) {
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(t) || t === '.' || t === '..') {
      throw propError(o, prop, t, 'must be 1-249 letters, digits, ".", "_" or "-", and not "." or ".." (Kafka\'s rule for topic names)', 'use the topic\'s name as Kafka spells it, e.g. "air-quality"');
    }
  }
  if (hasPattern) {
    try {
      new RegExp(k.subscribePattern!);
    } catch {
      throw propError(o, 'kafka.subscribePattern', k.subscribePattern, 'is not a regular expression', 'give a Java regex of the topic names, e.g. "sensors-.*"');
    }
    if (k.subscribePattern!.trim() === '') {
      throw propError(o, 'kafka.subscribePattern', k.subscribePattern, 'must not be empty or only spaces', 'give a Java regex of the topic names, e.g. "sensors-.*", or list them in kafka.topics');
    }
  }
  requireInt(o, 'kafka.maxOffsetsPerTrigger', k.maxOffsetsPerTrigger, 1);
  requireInt(o, 'kafka.minOffsetsPerTrigger', k.minOffsetsPerTrigger, 1);
  if (k.minOffsetsPerTrigger !== undefined && k.maxOffsetsPerTrigger !== undefined && k.minOffsetsPerTrigger > k.maxOffsetsPerTrigger) {
    throw propError(o, 'kafka.minOffsetsPerTrigger', k.minOffsetsPerTrigger, `must not exceed kafka.maxOffsetsPerTrigger ${k.maxOffsetsPerTrigger}`, 'lower minOffsetsPerTrigger or raise maxOffsetsPerTrigger');
  }
  if (k.maxTriggerDelay !== undefined) {
    if (k.minOffsetsPerTrigger === undefined) {
      throw propError(o, 'kafka.maxTriggerDelay', k.maxTriggerDelay, 'only applies with kafka.minOffsetsPerTrigger, which is unset', 'set minOffsetsPerTrigger or drop maxTriggerDelay');
    }
    const ms = k.maxTriggerDelay.toMilliseconds({ integral: false });
    if (!Number.isInteger(ms) || ms < 1) {
      throw propError(o, 'kafka.maxTriggerDelay', k.maxTriggerDelay, 'must be a whole number of milliseconds of at least 1', 'e.g. Duration.minutes(5), or leave it unset for Spark\'s 15 minutes');
    }
  }

  const tls = (p: KafkaSecurityProtocol) => p === KafkaSecurityProtocol.SSL || p === KafkaSecurityProtocol.SASL_SSL;
  const sasl = (p: KafkaSecurityProtocol) => p === KafkaSecurityProtocol.SASL_PLAINTEXT || p === KafkaSecurityProtocol.SASL_SSL;
  const protocol = k.securityProtocol
    ?? (k.sasl ? KafkaSecurityProtocol.SASL_SSL : k.truststore ? KafkaSecurityProtocol.SSL : KafkaSecurityProtocol.PLAINTEXT);
  if (sasl(protocol) && !k.sasl) {
    throw propError(o, 'kafka.securityProtocol', protocol, 'needs kafka.sasl, which is unset', 'give kafka.sasl with the mechanism and the credentials from a Secret');
  }
  if (!sasl(protocol) && k.sasl) {
    throw propError(o, 'kafka.securityProtocol', protocol, 'conflicts with kafka.sasl, which only applies to SASL_SSL and SASL_PLAINTEXT', 'use SASL_SSL, or drop kafka.sasl');
  }
  if (!tls(protocol) && k.truststore) {
    throw propError(o, 'kafka.securityProtocol', protocol, 'conflicts with kafka.truststore, which only applies to SSL and SASL_SSL', 'use SSL or SASL_SSL, or drop kafka.truststore');
  }
  if (k.sasl) {
    requireSecret(o, 'kafka.sasl.password', k.sasl.password);
    checkJaasLiteral(o, 'kafka.sasl.username', k.sasl.username._spec.value);
  }
  if (k.truststore) {
    const ts = k.truststore;
    if (!isDnsSubdomain(ts.secretName)) {
      throw propError(o, 'kafka.truststore.secretName', ts.secretName, 'must be a DNS-1123 subdomain (it names a Secret)', 'use the Secret\'s name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit');
    }
    const key = ts.key ?? 'ca.crt';
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      throw propError(o, 'kafka.truststore.key', key, 'must be a Secret key (letters, digits, "-", "_", ".")', 'use the key that holds the truststore file, e.g. "ca.crt" (the default)');
    }
    const type = ts.type ?? KafkaTruststoreType.PEM;
    if (type === KafkaTruststoreType.PEM && ts.password) {
      throw propError(o, 'kafka.truststore.password', ts.password, 'does not apply to a PEM truststore (PEM files have no password)', 'drop it or set kafka.truststore.type to JKS or PKCS12');
    }
    if (ts.password) requireSecret(o, 'kafka.truststore.password', ts.password);
  }
  return protocol;
}

/** Checks the Redis and Cassandra sinks. */
export function validateSinks(owner: string, r: RedisSinkOptions | undefined, c: CassandraSinkOptions | undefined): void {
  const host = (prop: string, h: string, portProp: string) => {
    if (!h || !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$/.test(h)) {
      throw propError(owner, prop, h, 'must be a host name or IP address without scheme or port', `give the bare host (the port goes in ${portProp})`);
    }
  };
  if (r) {
    host('redis.host', r.host, 'redis.port');
    requirePort(owner, 'redis.port', r.port);
    requireInt(owner, 'redis.database', r.database, 0);
    if (r.password) requireSecret(owner, 'redis.password', r.password);
  }
  if (c) {
    if (!c.contactPoints || c.contactPoints.length === 0) {
      throw propError(owner, 'cassandra.contactPoints', c.contactPoints, 'must list at least one host', 'give host names or IP addresses of Cassandra nodes, e.g. ["cassandra-0.cassandra"]');
    }
    c.contactPoints.forEach((h, i) => host(`cassandra.contactPoints[${i}]`, h, 'cassandra.port'));
    requirePort(owner, 'cassandra.port', c.port);
    if (!/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(c.keyspace ?? '')) {
      throw propError(owner, 'cassandra.keyspace', c.keyspace, 'must be 1-48 letters, digits or "_" starting with a letter', 'use the keyspace\'s name as Cassandra has it, e.g. "air_quality"');
    }
    if (!c.localDatacenter || /\s/.test(c.localDatacenter)) {
      throw propError(owner, 'cassandra.localDatacenter', c.localDatacenter, 'must name the local datacenter (without spaces)', 'give the datacenter name the nodes near the app report, e.g. "dc1"');
    }
    if ((c.username === undefined) !== (c.password === undefined)) {
      const [given, missing, value] = c.username !== undefined ? ['username', 'password', c.username] : ['password', 'username', c.password];
      throw propError(owner, `cassandra.${given}`, value, `needs cassandra.${missing} too (they go together)`, `set cassandra.${missing} as well, or drop cassandra.${given}`);
    }
    if (c.password) requireSecret(owner, 'cassandra.password', c.password);
  }
}

function requireSecret(owner: string, prop: string, v: SparkEnvValue) {
  if (!v.fromSecretRef) {
    // the message shows "a SparkEnvValue", never the literal (which would be the credential)
    throw propError(owner, prop, v, `must come from a Secret, not ${v._spec.value !== undefined ? 'a literal value' : 'a ConfigMap reference'}`, 'use SparkEnvValue.fromSecret(secretName, key)');
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
  /** What to do instead of listing another build, for error messages. */
  readonly instead: string;
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
      instead: 'set kafka.connectorPackage to false to keep your build',
    });
  }
  if (cassandra?.connectorVersion !== undefined) {
    out.push({
      coordinates: `com.datastax.spark:spark-cassandra-connector_${scala}:${cassandra.connectorVersion}`,
      prefix: 'com.datastax.spark:spark-cassandra-connector_',
      prop: 'cassandra.connectorVersion',
      instead: 'set cassandra.connectorVersion to the version you need',
    });
  }
  return out;
}

/**
 * Throws when the packages list another build of a connector the feature adds.
 *
 * @param listedAs the prop that lists the packages, e.g. `packages` or `sparkConf["spark.jars.packages"]`
 * @param setBy who set that list when it is not the user's prop (e.g. a feature), for the message
 * @param who how the message names the feature, e.g. "the pipeline"
 */
export function checkConnectorPackages(
  owner: string, listedAs: string, setBy: string | undefined, who: string, packages: string[], connectors: ConnectorPackage[]): void {
  const list = listedAs === 'packages' ? 'packages' : 'spark.jars.packages';
  for (const c of connectors) {
    for (const p of packages) {
      if (p.startsWith(c.prefix) && p !== c.coordinates) {
        throw propError(owner, listedAs, p, `${setBy ? `(set by ${setBy}) ` : ''}is a build other than the one ${who} adds (${c.coordinates})`, `remove it from ${list}, or ${c.instead}`);
      }
    }
  }
}

// ------------------------------------------------------------------------------------------
// egress

/** A server the streaming clients connect to, and the prop that names it. */
export interface ClientEndpoint {
  readonly prop: string;
  readonly host: string;
  readonly port: number;
}

/** The Kafka brokers, the Redis server and the Cassandra contact points, with their ports. */
export function clientEndpoints(k: KafkaSourceOptions, r?: RedisSinkOptions, c?: CassandraSinkOptions): ClientEndpoint[] {
  const out: ClientEndpoint[] = k.bootstrapServers.map((s, i) => {
    const colon = s.lastIndexOf(':');
    return { prop: `kafka.bootstrapServers[${i}]`, host: s.slice(0, colon), port: Number(s.slice(colon + 1)) };
  });
  if (r) out.push({ prop: 'redis.host', host: r.host, port: r.port ?? 6379 });
  c?.contactPoints.forEach((h, i) => out.push({ prop: `cassandra.contactPoints[${i}]`, host: h, port: c.port ?? 9042 }));
  return out;
}

/**
 * The namespace whose pods serve a host, when the host names a Service: `<service>.<namespace>.svc`
 * (with or without the cluster domain; a StatefulSet pod's `<pod>.<service>.<namespace>.svc` too),
 * or a single label, which the pod's DNS search path resolves in the app's own namespace.
 * Undefined for IP addresses and other host names: outside the cluster, or (`kafka-0.kafka`)
 * either a pod of a headless Service in the app's namespace or a Service in namespace `kafka`.
 */
export function serviceNamespace(host: string, appNamespace: string): string | undefined {
  if (host.includes(':') || /^[0-9.]+$/.test(host)) return undefined;
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length === 1) return appNamespace;
  const svc = labels.findIndex((l, i) => i >= 2 && l === 'svc');
  return svc === -1 ? undefined : labels[svc - 1];
}

/**
 * Lets the Spark pods of a namespace that restricts egress reach the streaming clients' servers.
 *
 * A NetworkPolicy selects pods and IP blocks, not host names. For a Service name the rule admits
 * the pods of the Service's namespace on the port (`allowSparkEgressTo`); for any other host the
 * rule admits every destination on the port (`allowSparkEgressToPorts`), which is what a user would write by hand for brokers known by name. Ports are the ports
 * the clients dial: a Service whose `targetPort` differs, or Kafka brokers that advertise other
 * ports or hosts than the bootstrap servers, need their own egressDestinations entry.
 */
export function allowClientEgress(ns: ISparkNamespace, appNamespace: string, endpoints: ClientEndpoint[]): void {
  const byNamespace = new Map<string, Set<number>>();
  const elsewhere: ClientEndpoint[] = [];
  for (const e of endpoints) {
    const peer = serviceNamespace(e.host, appNamespace);
    if (peer === undefined) elsewhere.push(e);
    else byNamespace.set(peer, (byNamespace.get(peer) ?? new Set<number>()).add(e.port));
  }
  const sorted = (ports: Iterable<number>) => [...new Set(ports)].sort((a, b) => a - b);
  for (const peer of [...byNamespace.keys()].sort()) {
    const ports = sorted(byNamespace.get(peer)!);
    ns.allowSparkEgressTo(`namespace-${peer}-ports-${ports.join('-')}`, {}, ports, peer === appNamespace ? undefined : peer);
  }
  if (elsewhere.length > 0) {
    const ports = sorted(elsewhere.map(e => e.port));
    ns.allowSparkEgressToPorts(`ports-${ports.join('-')}`, ports);
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
  const lit = (name: string, value: string) => env.push([name, SparkEnvValue.value(envLiteral(value))]);
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

/**
 * A literal environment variable value that reaches the container as written: Kubernetes expands
 * `$(VAR)` in `env[].value` and turns `$$` into `$`, so every `$` is doubled.
 */
export function envLiteral(value: string): string {
  return value.split('$').join('$$');
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
