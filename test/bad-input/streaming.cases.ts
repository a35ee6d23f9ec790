import { Chart, Duration, Size } from 'cdk8s';
import { BadInputCase, sparkApp, STREAMING, streamingPipeline } from './harness';
import {
  KafkaSaslMechanism, SparkEnvValue, SparkVersion, StreamingCheckpoint, StructuredStreaming, StructuredStreamingProps,
} from '../../src';

// StreamingPipeline, StructuredStreaming and StreamingCheckpoint: wrong types, enum typos, bad
// numbers, bad names and references, conflicts, values that would be injected into the job's
// JAAS configuration, and the egress a restricted namespace needs.

const KAFKA = STREAMING.kafka;
const SASL = {
  mechanism: KafkaSaslMechanism.SCRAM_SHA_512,
  username: SparkEnvValue.fromSecret('kafka-user', 'username'),
  password: SparkEnvValue.fromSecret('kafka-user', 'password'),
};
const CASSANDRA = { contactPoints: ['cass-0.cass'], keyspace: 'routes', localDatacenter: 'dc1' };

/** A pipeline whose Kafka options are the base ones with `kafka` over them. */
function kafka(c: Chart, k: Record<string, unknown>) {
  streamingPipeline(c, { kafka: { ...KAFKA, ...k } });
}

/** A StructuredStreaming on a SparkApp `Etl`. */
function feature(c: Chart, props: Record<string, unknown> = {}, host?: unknown) {
  const base: StructuredStreamingProps = { kafka: KAFKA, checkpoint: STREAMING.checkpoint };
  sparkApp(c, { features: [new StructuredStreaming({ ...base, ...props } as any, host as any)] });
}

const pipeline = (name: string, props: Record<string, unknown>, error: string): BadInputCase =>
  ({ construct: 'StreamingPipeline', name, build: c => { streamingPipeline(c, props); }, error });
const kafkaCase = (name: string, k: Record<string, unknown>, error: string): BadInputCase =>
  ({ construct: 'StreamingPipeline', name, build: c => kafka(c, k), error });
const featureCase = (name: string, props: Record<string, unknown>, error: string): BadInputCase =>
  ({ construct: 'StructuredStreaming', name, build: c => feature(c, props), error });

export const CASES: BadInputCase[] = [
  // --- wrong types and missing props
  pipeline('kafka as a string', { kafka: 'kafka-0.kafka:9092' }, 'StreamingPipeline Routes: kafka "kafka-0.kafka:9092" must be a KafkaSourceOptions (a plain object); got a string'),
  pipeline('kafka null', { kafka: null }, 'StreamingPipeline Routes: kafka null is required; give a KafkaSourceOptions with bootstrapServers and topics or subscribePattern'),
  kafkaCase('bootstrapServers as a string', { bootstrapServers: 'kafka-0.kafka:9092' }, 'StreamingPipeline Routes: kafka.bootstrapServers "kafka-0.kafka:9092" must be a list of string values; got a string; wrap it in [ ]'),
  kafkaCase('bootstrapServers empty', { bootstrapServers: [] }, 'StreamingPipeline Routes: kafka.bootstrapServers [] must list at least one broker; give host:port entries such as kafka-0.kafka:9092'),
  kafkaCase('bootstrapServers entry a number', { bootstrapServers: [9092] }, 'StreamingPipeline Routes: kafka.bootstrapServers[0] 9092 must be a string; got a number'),
  kafkaCase('failOnDataLoss as a string', { failOnDataLoss: 'false' }, 'StreamingPipeline Routes: kafka.failOnDataLoss "false" must be true or false; got a string; give a boolean, not a string'),
  kafkaCase('maxTriggerDelay in milliseconds as a number', { minOffsetsPerTrigger: 100, maxTriggerDelay: 60000 }, 'StreamingPipeline Routes: kafka.maxTriggerDelay 60000 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)'),
  pipeline('checkpoint as a URI string', { checkpoint: 's3a://checkpoints/routes' }, 'StreamingPipeline Routes: checkpoint "s3a://checkpoints/routes" must be a StreamingCheckpoint; got a string; use StreamingCheckpoint.uri("s3a://...") or StreamingCheckpoint.persistentVolumeClaim(claimName)'),
  pipeline('queryNames as a string', { queryNames: 'routes' }, 'StreamingPipeline Routes: queryNames "routes" must be a list of string values; got a string; wrap it in [ ]'),
  pipeline('triggerInterval in seconds as a number', { triggerInterval: 30 }, 'StreamingPipeline Routes: triggerInterval 30 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)'),
  pipeline('rocksdbMaxMemory as a JVM size string', { rocksdbMaxMemory: '1g' }, 'StreamingPipeline Routes: rocksdbMaxMemory "1g" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)'),
  pipeline('redis as a URL', { redis: 'redis://cache:6379' }, 'StreamingPipeline Routes: redis "redis://cache:6379" must be a RedisSinkOptions (a plain object); got a string'),
  pipeline('redis.port as a string', { redis: { host: 'redis', port: '6379' } }, 'StreamingPipeline Routes: redis.port "6379" must be a number; got a string'),
  pipeline('cassandra without keyspace', { cassandra: { contactPoints: ['cass-0'], localDatacenter: 'dc1' } }, 'StreamingPipeline Routes: cassandra.keyspace (unset) is required; give a string'),

  // --- enum typos
  kafkaCase('startingOffsets capitalized', { startingOffsets: 'Earliest' }, 'StreamingPipeline Routes: kafka.startingOffsets "Earliest" is not a KafkaStartingOffsets; use one of KafkaStartingOffsets.EARLIEST, KafkaStartingOffsets.LATEST (values "earliest", "latest")'),
  kafkaCase('securityProtocol with a dash', { securityProtocol: 'SASL-SSL', sasl: SASL }, 'StreamingPipeline Routes: kafka.securityProtocol "SASL-SSL" is not a KafkaSecurityProtocol; use one of KafkaSecurityProtocol.PLAINTEXT, KafkaSecurityProtocol.SSL, KafkaSecurityProtocol.SASL_PLAINTEXT, KafkaSecurityProtocol.SASL_SSL (values "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")'),
  kafkaCase('SASL mechanism given as the member name', { sasl: { ...SASL, mechanism: 'SCRAM_SHA_512' } }, 'StreamingPipeline Routes: kafka.sasl.mechanism "SCRAM_SHA_512" is not a KafkaSaslMechanism; use one of KafkaSaslMechanism.PLAIN, KafkaSaslMechanism.SCRAM_SHA_256, KafkaSaslMechanism.SCRAM_SHA_512 (values "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")'),
  kafkaCase('truststore type P12', { truststore: { secretName: 'kafka-ca', type: 'P12' } }, 'StreamingPipeline Routes: kafka.truststore.type "P12" is not a KafkaTruststoreType; use one of KafkaTruststoreType.PEM, KafkaTruststoreType.JKS, KafkaTruststoreType.PKCS12 (values "PEM", "JKS", "PKCS12")'),
  pipeline('stateStoreProvider RocksDB', { stateStoreProvider: 'RocksDB' }, 'StreamingPipeline Routes: stateStoreProvider "RocksDB" is not a StateStoreProvider; use one of StateStoreProvider.ROCKSDB, StateStoreProvider.HDFS_BACKED (values "rocksdb", "hdfs-backed")'),

  // --- numbers
  kafkaCase('maxOffsetsPerTrigger a fraction', { maxOffsetsPerTrigger: 1.5 }, 'StreamingPipeline Routes: kafka.maxOffsetsPerTrigger 1.5 must be a whole number; use 1 or 2'),
  kafkaCase('maxOffsetsPerTrigger NaN', { maxOffsetsPerTrigger: NaN }, 'StreamingPipeline Routes: kafka.maxOffsetsPerTrigger NaN must be a finite number; give a number such as 1 or 0.5'),
  kafkaCase('maxOffsetsPerTrigger beyond exact integers', { maxOffsetsPerTrigger: 1e20 }, 'StreamingPipeline Routes: kafka.maxOffsetsPerTrigger 100000000000000000000 must be at most 9007199254740991; use 9007199254740991 or less'),
  kafkaCase('minOffsetsPerTrigger above the maximum', { minOffsetsPerTrigger: 500, maxOffsetsPerTrigger: 100 }, 'StreamingPipeline Routes: kafka.minOffsetsPerTrigger 500 must not exceed kafka.maxOffsetsPerTrigger 100; lower minOffsetsPerTrigger or raise maxOffsetsPerTrigger'),
  pipeline('shufflePartitions negative', { shufflePartitions: -1 }, 'StreamingPipeline Routes: shufflePartitions -1 must be at least 1; use 1 or more'),
  pipeline('shufflePartitions int32 overflow', { shufflePartitions: 2 ** 31 }, 'StreamingPipeline Routes: shufflePartitions 2147483648 must be at most 2147483647; use 2147483647 or less'),
  {
    construct: 'StreamingPipeline',
    name: 'shufflePartitions absurd',
    build: c => { streamingPipeline(c, { shufflePartitions: 200_000 }); },
    warning: 'test/Routes: shufflePartitions 200000 is more than 100000; check the figure [absurd-value]',
  },
  pipeline('rocksdbMaxMemory over a PiB', { rocksdbMaxMemory: Size.pebibyte(2) }, 'StreamingPipeline Routes: rocksdbMaxMemory 2Pi is more than 1Pi; give at most 1Pi'),
  pipeline('triggerInterval a fraction of a millisecond', { triggerInterval: Duration.millis(0.5) }, 'StreamingPipeline Routes: triggerInterval 0.5 millis must be a whole number of milliseconds of at least 1; e.g. Duration.seconds(30), or leave it unset for back-to-back micro-batches'),
  pipeline('stopTimeout under a second', { stopTimeout: Duration.millis(500) }, 'StreamingPipeline Routes: stopTimeout 500 millis must be whole milliseconds and at least 1 second (Spark\'s 0 would let query.stop() wait forever while Kubernetes kills the driver after its grace period); e.g. Duration.seconds(60), the default'),
  pipeline('redis.port 0', { redis: { host: 'redis', port: 0 } }, 'StreamingPipeline Routes: redis.port 0 is not a port number; use a whole number from 1 to 65535'),
  pipeline('redis.database negative', { redis: { host: 'redis', database: -1 } }, 'StreamingPipeline Routes: redis.database -1 must be at least 0; use 0 or more'),
  pipeline('cassandra.port Infinity', { cassandra: { ...CASSANDRA, port: Infinity } }, 'StreamingPipeline Routes: cassandra.port Infinity must be a finite number; give a number such as 1 or 0.5'),

  // --- names and references
  kafkaCase('broker without a port', { bootstrapServers: ['kafka-0.kafka'] }, 'StreamingPipeline Routes: kafka.bootstrapServers[0] "kafka-0.kafka" must be host:port with a port from 1 to 65535; give each broker as host:port, e.g. kafka-0.kafka:9092'),
  kafkaCase('broker port out of range', { bootstrapServers: ['kafka-0.kafka:70000'] }, 'StreamingPipeline Routes: kafka.bootstrapServers[0] "kafka-0.kafka:70000" must be host:port with a port from 1 to 65535; give each broker as host:port, e.g. kafka-0.kafka:9092'),
  kafkaCase('topic with a space', { topics: ['sensor readings'] }, 'StreamingPipeline Routes: kafka.topics[0] "sensor readings" must be 1-249 letters, digits, ".", "_" or "-", and not "." or ".." (Kafka\'s rule for topic names); use the topic\'s name as Kafka spells it, e.g. "air-quality"'),
  kafkaCase('sinkTopic ..', { sinkTopic: '..' }, 'StreamingPipeline Routes: kafka.sinkTopic ".." must be 1-249 letters, digits, ".", "_" or "-", and not "." or ".." (Kafka\'s rule for topic names); use the topic\'s name as Kafka spells it, e.g. "air-quality"'),
  kafkaCase('subscribePattern not a regex', { topics: undefined, subscribePattern: 'sensors-(' }, 'StreamingPipeline Routes: kafka.subscribePattern "sensors-(" is not a regular expression; give a Java regex of the topic names, e.g. "sensors-.*"'),
  kafkaCase('truststore secret name with capitals', { truststore: { secretName: 'Kafka_CA' } }, 'StreamingPipeline Routes: kafka.truststore.secretName "Kafka_CA" is not a valid Secret name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit'),
  kafkaCase('truststore key with a slash', { truststore: { secretName: 'kafka-ca', key: '../ca.crt' } }, 'StreamingPipeline Routes: kafka.truststore.key "../ca.crt" must be a Secret key (letters, digits, "-", "_", "."); use the key that holds the truststore file, e.g. "ca.crt" (the default)'),
  pipeline('query name with a space', { queryNames: ['air quality'] }, 'StreamingPipeline Routes: queryNames[0] "air quality" must be 1-100 letters, digits, "-" or "_" starting with a letter or digit (it names a checkpoint directory and a metrics source); rename the query here and in the job\'s .queryName(...), e.g. "air-quality"'),
  pipeline('query name repeated', { queryNames: ['routes', 'routes'] }, 'StreamingPipeline Routes: queryNames[1] "routes" repeats queryNames[0] (Spark refuses two active queries of one name); give each query its own name'),
  pipeline('checkpoint on a local path', { checkpoint: StreamingCheckpoint.uri('/tmp/checkpoints') }, 'StreamingPipeline Routes: checkpoint "/tmp/checkpoints" must be durable storage the driver and executors share, not a local path; use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim'),
  pipeline('checkpoint s3 scheme', { checkpoint: StreamingCheckpoint.uri('s3://checkpoints/routes') }, 'StreamingPipeline Routes: checkpoint "s3://checkpoints/routes" must use one of the schemes s3a, gs, abfs, abfss, hdfs (s3a:// is Hadoop\'s S3 connector); use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim'),
  pipeline('checkpoint claim path escaping the claim', { checkpoint: StreamingCheckpoint.persistentVolumeClaim('checkpoints', { path: '../other' }) }, 'StreamingPipeline Routes: checkpoint.path "../other" must be a relative directory inside the claim without "..", spaces or ":"; use e.g. "air-quality", or leave it unset for the app\'s name'),
  pipeline('checkpoint claim name with capitals', { checkpoint: StreamingCheckpoint.persistentVolumeClaim('Checkpoints') }, 'StreamingPipeline Routes: checkpoint.claimName "Checkpoints" must be a DNS-1123 subdomain (it names the PersistentVolumeClaim); give StreamingCheckpoint.persistentVolumeClaim() the claim\'s name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit'),
  pipeline('redis host with a scheme', { redis: { host: 'redis://cache' } }, 'StreamingPipeline Routes: redis.host "redis://cache" must be a host name or IP address without scheme or port; give the bare host (the port goes in redis.port)'),
  pipeline('cassandra contact point with a port', { cassandra: { ...CASSANDRA, contactPoints: ['cass-0:9042'] } }, 'StreamingPipeline Routes: cassandra.contactPoints[0] "cass-0:9042" must be a host name or IP address without scheme or port; give the bare host (the port goes in cassandra.port)'),
  pipeline('cassandra keyspace with a dash', { cassandra: { ...CASSANDRA, keyspace: 'air-quality' } }, 'StreamingPipeline Routes: cassandra.keyspace "air-quality" must be 1-48 letters, digits or "_" starting with a letter; use the keyspace\'s name as Cassandra has it, e.g. "air_quality"'),
  pipeline('cassandra connectorVersion latest', { cassandra: { ...CASSANDRA, connectorVersion: 'latest' } }, 'StreamingPipeline Routes: cassandra.connectorVersion "latest" must be a release version major.minor.patch; give a release of the DataStax connector, e.g. "3.5.1" for Spark 3.5'),

  // --- credentials and injection into the job's JAAS configuration
  kafkaCase('SASL password as a literal', { sasl: { ...SASL, password: SparkEnvValue.value('hunter2') } }, 'StreamingPipeline Routes: kafka.sasl.password a SparkEnvValue must come from a Secret, not a literal value; use SparkEnvValue.fromSecret(secretName, key)'),
  kafkaCase('SASL user name with a quote', { sasl: { ...SASL, username: SparkEnvValue.value('app" password="x') } }, 'StreamingPipeline Routes: kafka.sasl.username "app\\" password=\\"x" cannot be written into kafka.sasl.jaas.config (the job quotes it as username="..."; quotes, backslashes and control characters would end or escape the quoted value); use the user name as Kafka knows it, without quotes, backslashes or line breaks, or SparkEnvValue.fromSecret(...)'),
  kafkaCase('SASL user name with a line break', { sasl: { ...SASL, username: SparkEnvValue.value('app\nuser') } }, 'StreamingPipeline Routes: kafka.sasl.username "app\\nuser" cannot be written into kafka.sasl.jaas.config (the job quotes it as username="..."; quotes, backslashes and control characters would end or escape the quoted value); use the user name as Kafka knows it, without quotes, backslashes or line breaks, or SparkEnvValue.fromSecret(...)'),
  pipeline('cassandra username without password', { cassandra: { ...CASSANDRA, username: SparkEnvValue.fromSecret('cassandra', 'username') } }, 'StreamingPipeline Routes: cassandra.username a SparkEnvValue needs cassandra.password too (they go together); set cassandra.password as well, or drop cassandra.username'),

  // --- conflicts
  kafkaCase('topics and subscribePattern', { subscribePattern: 'sensors-.*' }, 'StreamingPipeline Routes: kafka.subscribePattern "sensors-.*" conflicts with kafka.topics ["readings"] (they exclude each other); subscribe to a topic list or to a pattern'),
  kafkaCase('SASL with the SSL protocol', { sasl: SASL, securityProtocol: 'SSL' }, 'StreamingPipeline Routes: kafka.securityProtocol "SSL" conflicts with kafka.sasl, which only applies to SASL_SSL and SASL_PLAINTEXT; use SASL_SSL, or drop kafka.sasl'),
  pipeline('state settings on a stateless pipeline', { stateful: false, stateStoreProvider: 'rocksdb' }, 'StreamingPipeline Routes: stateStoreProvider "rocksdb" only applies to stateful pipelines (stateful is false); drop it or set stateful to true'),
  pipeline('schedule on a pipeline', { schedule: { cron: '0 * * * *' } }, 'StreamingPipeline Routes: schedule {"cron":"0 * * * *"} does not apply to a long-running pipeline; run incremental batches as a scheduled SparkApp with Trigger.AvailableNow instead'),
  pipeline('sparkConf sets the shuffle partitions', { sparkConf: { 'spark.sql.shuffle.partitions': '400' } }, 'StreamingPipeline Routes: sparkConf["spark.sql.shuffle.partitions"] "400" conflicts with "200" that the pipeline sets from its shufflePartitions prop; set it through the shufflePartitions prop'),
  {
    construct: 'StreamingPipeline',
    name: 'unknown prop close to a known one',
    build: c => { streamingPipeline(c, { queryName: ['routes'] }); },
    warning: 'test/Routes: queryName is not a prop of StreamingPipelineProps and is ignored; did you mean queryNames? [unknown-prop]',
  },

  // --- StructuredStreaming on a SparkApp
  { construct: 'StructuredStreaming', name: 'no props', build: c => { sparkApp(c, { features: [new StructuredStreaming(undefined as any)] }); }, error: 'StructuredStreaming: props (unset) are required (kafka, checkpoint); pass a StructuredStreamingProps object' },
  featureCase('kafka.topics null', { kafka: { ...KAFKA, topics: null } }, 'StructuredStreaming: kafka.topics null must be a list of strings or left out; remove the null'),
  featureCase('connectorPackage as a string', { kafka: { ...KAFKA, connectorPackage: 'no' } }, 'StructuredStreaming: kafka.connectorPackage "no" must be true or false; got a string; give a boolean, not a string'),
  featureCase('stopTimeout as a number', { stopTimeout: 60 }, 'StructuredStreaming: stopTimeout 60 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)'),
  featureCase('redis password as a literal', { redis: { host: 'redis', password: SparkEnvValue.value('secret') } }, 'StructuredStreaming: redis.password a SparkEnvValue must come from a Secret, not a literal value; use SparkEnvValue.fromSecret(secretName, key)'),
  { construct: 'StructuredStreaming', name: 'host without ownerLabel', build: c => feature(c, {}, { warningScope: c, description: 'the pipeline' }), error: 'StructuredStreaming: host.ownerLabel (unset) is required; give a string' },
  { construct: 'StructuredStreaming', name: 'host warningScope not a construct', build: c => feature(c, {}, { ownerLabel: 'X', warningScope: 'x', description: 'x' }), error: 'StructuredStreaming: host.warningScope "x" must be an IConstruct; got a string; pass the construct that offers the feature (e.g. the StreamingPipeline itself)' },
  {
    construct: 'StructuredStreaming',
    name: 'changelog checkpointing on Spark 3.4',
    build: c => {
      sparkApp(c, {
        sparkVersion: SparkVersion.of('3.4.4'),
        image: 'apache/spark:3.4.4',
        mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.4.4.jar',
        features: [new StructuredStreaming({ kafka: KAFKA, checkpoint: STREAMING.checkpoint, rocksdbChangelogCheckpointing: true })],
      });
    },
    error: 'StructuredStreaming etl: rocksdbChangelogCheckpointing true needs Spark 3.5.0 or later (the app runs Spark 3.4.4); leave it unset or upgrade to Spark 3.5',
  },
  {
    construct: 'StructuredStreaming',
    name: 'one feature on two apps',
    build: c => {
      const f = new StructuredStreaming({ kafka: KAFKA, checkpoint: STREAMING.checkpoint });
      sparkApp(c, { features: [f] });
      sparkApp(c, { features: [f] }, 'Other');
    },
    error: 'StructuredStreaming etl: is bound to app etl already and cannot bind to app other too; create one StructuredStreaming per app',
  },
  {
    construct: 'StructuredStreaming',
    name: 'unknown prop warns on the app',
    build: c => feature(c, { checkpointLocation: 's3a://checkpoints/routes' }),
    warning: 'test/Etl: checkpointLocation is not a prop of StructuredStreamingProps and is ignored [unknown-prop]',
  },
  {
    construct: 'StructuredStreaming',
    name: 'packages list another Cassandra connector build',
    build: c => {
      const cassandra = { ...CASSANDRA, connectorVersion: '3.5.1' };
      sparkApp(c, { packages: ['com.datastax.spark:spark-cassandra-connector_2.12:3.4.0'], features: [new StructuredStreaming({ kafka: KAFKA, checkpoint: STREAMING.checkpoint, cassandra })] });
    },
    error: 'StructuredStreaming etl: packages "com.datastax.spark:spark-cassandra-connector_2.12:3.4.0" is a build other than the one StructuredStreaming adds (com.datastax.spark:spark-cassandra-connector_2.12:3.5.1); remove it from packages, or set cassandra.connectorVersion to the version you need',
  },

  // --- StreamingCheckpoint factories
  { construct: 'StreamingCheckpoint', name: 'uri not a string', build: () => { StreamingCheckpoint.uri(5 as any); }, error: 'StreamingCheckpoint.uri: uri 5 must be a string; got a number' },
  { construct: 'StreamingCheckpoint', name: 'claim mountPath a number', build: () => { StreamingCheckpoint.persistentVolumeClaim('checkpoints', { mountPath: 5 as any }); }, error: 'StreamingCheckpoint.persistentVolumeClaim: options.mountPath 5 must be a string; got a number' },
  { construct: 'StreamingCheckpoint', name: 'claim name missing', build: () => { StreamingCheckpoint.persistentVolumeClaim(undefined as any); }, error: 'StreamingCheckpoint.persistentVolumeClaim: claimName (unset) is required; give a string' },
];
