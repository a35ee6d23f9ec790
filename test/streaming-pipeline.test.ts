import { Duration, Size, Testing } from 'cdk8s';
import {
  CpuCores, GpuAcceleration, ISparkApp, ISparkFeature, RestartPolicy, SparkApp, SparkAppProps, SparkEnvValue, SparkNamespace, SparkPods,
  SparkRole, SparkVersion, SparkWarnings, TaintEffect, TolerationOperator,
} from '../src';
import { findAll, findOne, kinds, synth } from './util';
import {
  KafkaSaslMechanism, KafkaSecurityProtocol, KafkaStartingOffsets, KafkaTruststoreType, StateStoreProvider,
  StreamingCheckpoint, StructuredStreaming, StructuredStreamingProps,
} from '../src/features/streaming';
import { PrometheusMonitoring } from '../src/monitoring/prometheus-monitoring';
import { StreamingPipeline, StreamingPipelineProps } from '../src/workloads/streaming-pipeline';

const BASE: StreamingPipelineProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/streams/routes:3.5.5-r1',
  mainApplicationFile: 'local:///opt/jobs/routes-assembly-1.0.jar',
  mainClass: 'com.example.Routes',
  kafka: { bootstrapServers: ['kafka-0.kafka:9092'], topics: ['readings'] },
  checkpoint: StreamingCheckpoint.uri('s3a://checkpoints/routes'),
};

function make(props: Partial<StreamingPipelineProps> = {}, id = 'Routes') {
  const chart = Testing.chart();
  const pipeline = new StreamingPipeline(chart, id, { ...BASE, ...props } as StreamingPipelineProps);
  return { chart, pipeline };
}

function spec(props: Partial<StreamingPipelineProps> = {}) {
  const { chart } = make(props);
  return findOne(synth(chart), 'SparkApplication').spec;
}

/** Environment of a role's Spark container as name → value or valueFrom. */
function env(s: any, role: 'driver' | 'executor' = 'driver'): Record<string, any> {
  const out: Record<string, any> = {};
  for (const e of s[role].template.spec.containers[0].env ?? []) out[e.name] = e.value ?? e.valueFrom;
  return out;
}

function expectError(props: Partial<StreamingPipelineProps>, message: string) {
  expect(() => {
    const { chart } = make(props);
    synth(chart);
  }).toThrow(message);
}

function warnings(props: Partial<StreamingPipelineProps> = {}): string[] {
  const { chart } = make(props);
  synth(chart);
  return SparkWarnings.of(chart);
}

const SASL = {
  mechanism: KafkaSaslMechanism.SCRAM_SHA_512,
  username: SparkEnvValue.fromSecret('kafka-user', 'username'),
  password: SparkEnvValue.fromSecret('kafka-user', 'password'),
};

const PINNED = 'test/Routes: the state store provider (rocksdb) and spark.sql.shuffle.partitions (200) are written into the checkpoint on the first run and override the configuration on every restart; changing either later needs a new checkpoint location (the queries then start from kafka.startingOffsets with empty state) [streaming-state-pinned]';

describe('snapshots', () => {
  test('defaults: a stateful Kafka pipeline with its driver budget and RBAC', () => {
    const { chart } = make();
    const out = synth(chart);
    expect(kinds(out)).toEqual(['PodDisruptionBudget', 'Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    expect(out).toMatchSnapshot();
  });

  test('fully configured pipeline in a namespace with monitoring and sinks', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Mobility', {
      quota: { cpuRequests: CpuCores.of(16), memoryRequests: Size.gibibytes(64), pods: 12 },
    });
    const monitoring = new PrometheusMonitoring(chart, 'Monitoring', { monitorLabels: { release: 'prom' } });
    new StreamingPipeline(chart, 'Routes', {
      ...BASE,
      name: 'exposure',
      sparkNamespace: ns,
      monitoring,
      sparkVersion: SparkVersion.of('3.5.5'),
      image: 'registry.example/streams/routes:3.5.5-scala2.13-r1',
      packages: ['org.apache.hadoop:hadoop-aws:3.3.4'],
      executorCores: 2,
      executorMemory: Size.gibibytes(4),
      executorInstances: 4,
      restartPolicy: RestartPolicy.onFailure({ retries: 10, retryInterval: Duration.seconds(30) }),
      kafka: {
        bootstrapServers: ['kafka-0.kafka:9093', 'kafka-1.kafka:9093'],
        subscribePattern: 'sensors-.*',
        startingOffsets: KafkaStartingOffsets.EARLIEST,
        maxOffsetsPerTrigger: 100000,
        minOffsetsPerTrigger: 1000,
        maxTriggerDelay: Duration.minutes(2),
        failOnDataLoss: false,
        securityProtocol: KafkaSecurityProtocol.SASL_SSL,
        sasl: SASL,
        truststore: {
          secretName: 'kafka-ca',
          key: 'truststore.p12',
          type: KafkaTruststoreType.PKCS12,
          password: SparkEnvValue.fromSecret('kafka-ca', 'password'),
        },
        sinkTopic: 'segment-exposure',
      },
      checkpoint: StreamingCheckpoint.persistentVolumeClaim('stream-checkpoints', { path: 'routes/v2', mountPath: '/mnt/checkpoints' }),
      queryNames: ['exposure', 'alerts'],
      triggerInterval: Duration.seconds(15),
      rocksdbMaxMemory: Size.gibibytes(1),
      shufflePartitions: 64,
      stopTimeout: Duration.minutes(2),
      redis: { host: 'redis.cache', port: 6380, tls: true, database: 2, password: SparkEnvValue.fromSecret('redis', 'password') },
      cassandra: {
        contactPoints: ['cass-0.cass', 'cass-1.cass'],
        keyspace: 'routes',
        localDatacenter: 'dc1',
        tls: true,
        username: SparkEnvValue.fromSecret('cassandra', 'username'),
        password: SparkEnvValue.fromSecret('cassandra', 'password'),
        connectorVersion: '3.5.1',
      },
    });
    const out = synth(chart);
    expect(out.filter(m => ['SparkApplication', 'PodDisruptionBudget'].includes(m.kind))).toMatchSnapshot();
  });
});

describe('Kafka connector package', () => {
  test('matches the Spark version with Scala 2.12 for Spark 3.x', () => {
    expect(spec().deps.packages).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5']);
  });

  test('uses Scala 2.13 for Spark 4.x', () => {
    const s = spec({ sparkVersion: SparkVersion.of('4.0.1'), image: 'registry.example/streams/routes:4.0.1-r1' });
    expect(s.deps.packages).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.13:4.0.1']);
  });

  test('follows scalaVersion, or the Scala version in the image tag', () => {
    expect(spec({ scalaVersion: '2.13' }).deps.packages).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5']);
    expect(spec({ image: 'apache/spark:3.5.5-scala2.13-java17-ubuntu' }).deps.packages)
      .toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5']);
  });

  test('is appended to the app packages once', () => {
    const s = spec({ packages: ['org.apache.hadoop:hadoop-aws:3.3.4', 'org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5'] });
    expect(s.deps.packages).toEqual(['org.apache.hadoop:hadoop-aws:3.3.4', 'org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5']);
  });

  test('is left out when the image has the connector', () => {
    const { chart, pipeline } = make({ kafka: { ...BASE.kafka, connectorPackage: false } });
    expect(findOne(synth(chart), 'SparkApplication').spec.deps).toBeUndefined();
    expect(pipeline.kafkaPackage).toBeUndefined();
  });

  test('throws when Scala 2.12 is asked for with Spark 4', () => {
    expectError({ sparkVersion: SparkVersion.of('4.0.1'), image: 'registry.example/streams/routes:4.0.1-r1', scalaVersion: '2.12' },
      'StreamingPipeline Routes: scalaVersion "2.12" is not a Scala build of Spark 4.0.1 (Spark 4 is built for Scala 2.13 only); use "2.13"');
  });

  test('throws when the image tag says Scala 2.12 with Spark 4', () => {
    expectError({ sparkVersion: SparkVersion.of('4.0.1'), image: 'registry.example/streams/routes:4.0.1-scala2.12' },
      'StreamingPipeline Routes: image "registry.example/streams/routes:4.0.1-scala2.12" is a Scala 2.12 build, which Spark 4.0.1 is not built for (Spark 4 is built for Scala 2.13 only); use a Scala 2.13 image');
  });

  test('throws for a Scala version Spark 3 is not built for', () => {
    expectError({ scalaVersion: '2.11' },
      'StreamingPipeline Routes: scalaVersion "2.11" is not a Scala build of Spark 3.5.5; use "2.12" or "2.13"');
  });

  test('throws when scalaVersion contradicts the image tag', () => {
    expectError({ scalaVersion: '2.12', image: 'apache/spark:3.5.5-scala2.13-java17-ubuntu' },
      'StreamingPipeline Routes: scalaVersion "2.12" does not match image "apache/spark:3.5.5-scala2.13-java17-ubuntu", a Scala 2.13 build (packages and jars must match the image\'s Scala version); use "2.13" (or leave scalaVersion unset: the image tag gives it), or an image built for Scala 2.12');
  });

  test('throws when packages lists another build of the connector', () => {
    expectError({ packages: ['org.apache.spark:spark-sql-kafka-0-10_2.12:3.4.1'] },
      'StreamingPipeline Routes: packages "org.apache.spark:spark-sql-kafka-0-10_2.12:3.4.1" is a build other than the one the pipeline adds (org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5); remove it from packages, or set kafka.connectorPackage to false to keep your build');
  });
});

describe('Kafka source', () => {
  test('hands the source options to the job as JSON, without credentials', () => {
    const s = spec({ kafka: { ...BASE.kafka, maxOffsetsPerTrigger: 5000, sasl: SASL, truststore: { secretName: 'kafka-ca' } } });
    for (const role of ['driver', 'executor'] as const) {
      const e = env(s, role);
      expect(JSON.parse(e.PIPELINE_KAFKA_SOURCE_OPTIONS)).toEqual({
        'failOnDataLoss': 'true',
        'kafka.bootstrap.servers': 'kafka-0.kafka:9092',
        'kafka.sasl.mechanism': 'SCRAM-SHA-512',
        'kafka.security.protocol': 'SASL_SSL',
        'kafka.ssl.truststore.location': '/etc/pipeline/kafka-truststore/ca.crt',
        'kafka.ssl.truststore.type': 'PEM',
        'maxOffsetsPerTrigger': '5000',
        'startingOffsets': 'latest',
        'subscribe': 'readings',
      });
      expect(e.PIPELINE_KAFKA_SASL_LOGIN_MODULE).toBe('org.apache.kafka.common.security.scram.ScramLoginModule');
      expect(e.PIPELINE_KAFKA_SASL_PASSWORD).toEqual({ secretKeyRef: { name: 'kafka-user', key: 'password' } });
      expect(e.PIPELINE_KAFKA_SASL_USERNAME).toEqual({ secretKeyRef: { name: 'kafka-user', key: 'username' } });
      expect(s[role].template.spec.containers[0].volumeMounts).toEqual([
        { name: 'pipeline-kafka-truststore', mountPath: '/etc/pipeline/kafka-truststore', readOnly: true },
      ]);
    }
    expect(JSON.stringify(s)).not.toContain('jaas');
  });

  test('a plaintext cluster needs no security settings', () => {
    const e = env(spec());
    expect(JSON.parse(e.PIPELINE_KAFKA_SOURCE_OPTIONS)['kafka.security.protocol']).toBe('PLAINTEXT');
    expect(e.PIPELINE_KAFKA_SASL_PASSWORD).toBeUndefined();
    expect(e.PIPELINE_KAFKA_SINK_OPTIONS).toBeUndefined();
  });

  test('a truststore alone means SSL', () => {
    const e = env(spec({ kafka: { ...BASE.kafka, truststore: { secretName: 'kafka-ca' } } }));
    expect(JSON.parse(e.PIPELINE_KAFKA_SOURCE_OPTIONS)['kafka.security.protocol']).toBe('SSL');
  });

  test('a sink topic gets sink options on the same cluster', () => {
    const e = env(spec({ kafka: { ...BASE.kafka, sinkTopic: 'scores', sasl: SASL } }));
    expect(JSON.parse(e.PIPELINE_KAFKA_SINK_OPTIONS)).toEqual({
      'kafka.bootstrap.servers': 'kafka-0.kafka:9092',
      'kafka.sasl.mechanism': 'SCRAM-SHA-512',
      'kafka.security.protocol': 'SASL_SSL',
      'topic': 'scores',
    });
  });

  test('a subscribe pattern and a rate window', () => {
    const e = env(spec({ kafka: { bootstrapServers: ['k:9092'], subscribePattern: 'sensors-.*', minOffsetsPerTrigger: 10, maxTriggerDelay: Duration.seconds(90) } }));
    const o = JSON.parse(e.PIPELINE_KAFKA_SOURCE_OPTIONS);
    expect(o.subscribePattern).toBe('sensors-.*');
    expect(o.subscribe).toBeUndefined();
    expect(o.minOffsetsPerTrigger).toBe('10');
    expect(o.maxTriggerDelay).toBe('90s');
  });

  test('throws when both topics and a pattern are given', () => {
    expectError({ kafka: { ...BASE.kafka, subscribePattern: 'x.*' } },
      'StreamingPipeline Routes: kafka.subscribePattern "x.*" conflicts with kafka.topics ["readings"] (they exclude each other); subscribe to a topic list or to a pattern');
  });

  test('throws when neither topics nor a pattern are given', () => {
    expectError({ kafka: { bootstrapServers: ['k:9092'], topics: [] } },
      'StreamingPipeline Routes: kafka.topics [] must list a topic when kafka.subscribePattern is unset; give kafka.topics (e.g. ["sensor-readings"]) or kafka.subscribePattern (e.g. "sensors-.*")');
  });

  test('throws without kafka', () => {
    expectError({ kafka: undefined as any },
      'StreamingPipeline Routes: kafka (unset) is required; give a KafkaSourceOptions with bootstrapServers and topics or subscribePattern');
  });

  test('throws on a broker without a port', () => {
    expectError({ kafka: { ...BASE.kafka, bootstrapServers: ['kafka-0.kafka'] } },
      'StreamingPipeline Routes: kafka.bootstrapServers[0] "kafka-0.kafka" must be host:port with a port from 1 to 65535; give each broker as host:port, e.g. kafka-0.kafka:9092');
  });

  test('throws without brokers', () => {
    expectError({ kafka: { ...BASE.kafka, bootstrapServers: [] } },
      'StreamingPipeline Routes: kafka.bootstrapServers [] must list at least one broker; give host:port entries such as kafka-0.kafka:9092');
  });

  test('throws on an invalid topic name', () => {
    expectError({ kafka: { ...BASE.kafka, topics: ['air quality'] } },
      'StreamingPipeline Routes: kafka.topics[0] "air quality" must be 1-249 letters, digits, ".", "_" or "-", and not "." or ".." (Kafka\'s rule for topic names); use the topic\'s name as Kafka spells it, e.g. "air-quality"');
  });

  test('throws on maxTriggerDelay without minOffsetsPerTrigger', () => {
    expectError({ kafka: { ...BASE.kafka, maxTriggerDelay: Duration.minutes(1) } },
      'StreamingPipeline Routes: kafka.maxTriggerDelay 1 minute only applies with kafka.minOffsetsPerTrigger, which is unset; set minOffsetsPerTrigger or drop maxTriggerDelay');
  });

  test('throws when the minimum exceeds the maximum per trigger', () => {
    expectError({ kafka: { ...BASE.kafka, minOffsetsPerTrigger: 500, maxOffsetsPerTrigger: 100 } },
      'StreamingPipeline Routes: kafka.minOffsetsPerTrigger 500 must not exceed kafka.maxOffsetsPerTrigger 100; lower minOffsetsPerTrigger or raise maxOffsetsPerTrigger');
  });

  test('throws on a non-positive maxOffsetsPerTrigger', () => {
    expectError({ kafka: { ...BASE.kafka, maxOffsetsPerTrigger: 0 } },
      'StreamingPipeline Routes: kafka.maxOffsetsPerTrigger 0 must be at least 1; use 1 or more');
  });

  test('throws when a SASL password is a literal', () => {
    expectError({ kafka: { ...BASE.kafka, sasl: { ...SASL, password: SparkEnvValue.value('hunter2') } } },
      'StreamingPipeline Routes: kafka.sasl.password a SparkEnvValue must come from a Secret, not a literal value; use SparkEnvValue.fromSecret(secretName, key)');
  });

  test('throws when SASL is given for a non-SASL protocol', () => {
    expectError({ kafka: { ...BASE.kafka, sasl: SASL, securityProtocol: KafkaSecurityProtocol.SSL } },
      'StreamingPipeline Routes: kafka.securityProtocol "SSL" conflicts with kafka.sasl, which only applies to SASL_SSL and SASL_PLAINTEXT; use SASL_SSL, or drop kafka.sasl');
  });

  test('throws when a SASL protocol has no credentials', () => {
    expectError({ kafka: { ...BASE.kafka, securityProtocol: KafkaSecurityProtocol.SASL_SSL } },
      'StreamingPipeline Routes: kafka.securityProtocol "SASL_SSL" needs kafka.sasl, which is unset; give kafka.sasl with the mechanism and the credentials from a Secret');
  });

  test('throws when a truststore is given without TLS', () => {
    expectError({ kafka: { ...BASE.kafka, securityProtocol: KafkaSecurityProtocol.PLAINTEXT, truststore: { secretName: 'ca' } } },
      'StreamingPipeline Routes: kafka.securityProtocol "PLAINTEXT" conflicts with kafka.truststore, which only applies to SSL and SASL_SSL; use SSL or SASL_SSL, or drop kafka.truststore');
  });

  test('throws on a password for a PEM truststore', () => {
    expectError({ kafka: { ...BASE.kafka, truststore: { secretName: 'ca', password: SparkEnvValue.fromSecret('ca', 'pw') } } },
      'StreamingPipeline Routes: kafka.truststore.password a SparkEnvValue does not apply to a PEM truststore (PEM files have no password); drop it or set kafka.truststore.type to JKS or PKCS12');
  });

  test('warns about PLAIN credentials without TLS', () => {
    const plain = { ...SASL, mechanism: KafkaSaslMechanism.PLAIN };
    expect(warnings({ kafka: { ...BASE.kafka, securityProtocol: KafkaSecurityProtocol.SASL_PLAINTEXT, sasl: plain } }))
      .toContain('test/Routes: kafka uses SASL PLAIN over SASL_PLAINTEXT: the password crosses the network in clear text; use SASL_SSL or a SCRAM mechanism [kafka-cleartext-password]');
  });
});

describe('checkpoint', () => {
  test('an object-store URI is the session default and handed to the job', () => {
    const s = spec({ checkpoint: StreamingCheckpoint.uri('gs://bucket/checkpoints/routes/') });
    expect(s.sparkConf['spark.sql.streaming.checkpointLocation']).toBe('gs://bucket/checkpoints/routes');
    expect(env(s).PIPELINE_CHECKPOINT_LOCATION).toBe('gs://bucket/checkpoints/routes');
  });

  test('a claim is mounted into driver and executors', () => {
    const { chart, pipeline } = make({ checkpoint: StreamingCheckpoint.persistentVolumeClaim('checkpoints') });
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(pipeline.checkpointLocation).toBe('file:///checkpoint/routes');
    expect(s.sparkConf['spark.sql.streaming.checkpointLocation']).toBe('file:///checkpoint/routes');
    for (const role of ['driver', 'executor']) {
      expect(s[role].template.spec.volumes).toEqual([{ name: 'pipeline-checkpoint', persistentVolumeClaim: { claimName: 'checkpoints', readOnly: false } }]);
      expect(s[role].template.spec.containers[0].volumeMounts).toEqual([{ name: 'pipeline-checkpoint', mountPath: '/checkpoint', readOnly: false }]);
    }
  });

  test('throws without a checkpoint', () => {
    expectError({ checkpoint: undefined as any },
      'StreamingPipeline Routes: checkpoint (unset) is required; give durable storage the driver and executors share (queries without it restart from kafka.startingOffsets with empty state): StreamingCheckpoint.uri("s3a://...") or StreamingCheckpoint.persistentVolumeClaim(claimName) with a ReadWriteMany claim');
  });

  test('throws on a local path', () => {
    expectError({ checkpoint: StreamingCheckpoint.uri('/tmp/checkpoints') },
      'StreamingPipeline Routes: checkpoint "/tmp/checkpoints" must be durable storage the driver and executors share, not a local path; use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim');
  });

  test('throws on a file:// URI', () => {
    expectError({ checkpoint: StreamingCheckpoint.uri('file:///tmp/checkpoints') },
      'StreamingPipeline Routes: checkpoint "file:///tmp/checkpoints" must be durable storage the driver and executors share, not a local path; use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim');
  });

  test('throws on s3:// with a hint to s3a://', () => {
    expectError({ checkpoint: StreamingCheckpoint.uri('s3://bucket/cp') },
      'StreamingPipeline Routes: checkpoint "s3://bucket/cp" must use one of the schemes s3a, gs, abfs, abfss, hdfs (s3a:// is Hadoop\'s S3 connector); use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim');
  });

  test('throws on a path escaping the claim', () => {
    expectError({ checkpoint: StreamingCheckpoint.persistentVolumeClaim('checkpoints', { path: '../other' }) },
      'StreamingPipeline Routes: checkpoint.path "../other" must be a relative directory inside the claim without "..", spaces or ":"; use e.g. "air-quality", or leave it unset for the app\'s name');
  });
});

describe('state', () => {
  test('stateful pipelines use RocksDB with changelog checkpointing and bounded memory on Spark 3.5', () => {
    const c = spec().sparkConf;
    expect(c['spark.sql.streaming.stateStore.providerClass']).toBe('org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider');
    expect(c['spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled']).toBe('true');
    expect(c['spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage']).toBe('true');
    expect(c['spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB']).toBe('500');
    expect(c['spark.sql.shuffle.partitions']).toBe('200');
  });

  test('Spark 3.4 gets RocksDB without the 3.5 features, and a warning', () => {
    const props = { sparkVersion: SparkVersion.of('3.4.4'), image: 'registry.example/streams/routes:3.4.4-r1' };
    const c = spec(props).sparkConf;
    expect(c['spark.sql.streaming.stateStore.providerClass']).toContain('RocksDBStateStoreProvider');
    expect(c['spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled']).toBeUndefined();
    expect(c['spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage']).toBeUndefined();
    expect(warnings(props)).toContain('test/Routes: RocksDB memory cannot be bounded before Spark 3.5 (this app runs 3.4.4): every state partition an executor hosts keeps its own block cache and write buffers outside the JVM heap; raise executorMemoryOverhead for them or use Spark 3.5+ [rocksdb-unbounded-memory]');
  });

  test('throws on changelog checkpointing before Spark 3.5', () => {
    expectError({ sparkVersion: SparkVersion.of('3.4.4'), image: 'registry.example/streams/routes:3.4.4-r1', rocksdbChangelogCheckpointing: true },
      'StreamingPipeline Routes: rocksdbChangelogCheckpointing true needs Spark 3.5.0 or later (the app runs Spark 3.4.4); leave it unset or upgrade to Spark 3.5');
  });

  test('throws on bounded RocksDB memory before Spark 3.5', () => {
    expectError({ sparkVersion: SparkVersion.of('3.3.4'), image: 'registry.example/streams/routes:3.3.4-r1', rocksdbMaxMemory: Size.gibibytes(1) },
      'StreamingPipeline Routes: rocksdbMaxMemory 1Gi needs Spark 3.5.0 or later for RocksDB bounded memory (the app runs Spark 3.3.4); raise executorMemoryOverhead instead or upgrade to Spark 3.5');
  });

  test('the HDFS-backed provider can be kept for existing checkpoints', () => {
    const c = spec({ stateStoreProvider: StateStoreProvider.HDFS_BACKED }).sparkConf;
    expect(c['spark.sql.streaming.stateStore.providerClass']).toBe('org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider');
    expect(c['spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage']).toBeUndefined();
  });

  test('throws on RocksDB settings with the HDFS-backed provider', () => {
    expectError({ stateStoreProvider: StateStoreProvider.HDFS_BACKED, rocksdbMaxMemory: Size.gibibytes(1) },
      'StreamingPipeline Routes: rocksdbMaxMemory 1Gi only applies to the RocksDB state store (stateStoreProvider is "hdfs-backed"); drop it or set stateStoreProvider to StateStoreProvider.ROCKSDB');
  });

  test('stateless pipelines set no state store and get no pinning warning', () => {
    const s = spec({ stateful: false });
    expect(s.sparkConf['spark.sql.streaming.stateStore.providerClass']).toBeUndefined();
    expect(s.sparkConf['spark.sql.shuffle.partitions']).toBe('200');
    expect(env(s).PIPELINE_STATEFUL).toBe('false');
    expect(warnings({ stateful: false })).toEqual([]);
  });

  test('throws on state settings for a stateless pipeline', () => {
    expectError({ stateful: false, stateStoreProvider: StateStoreProvider.ROCKSDB },
      'StreamingPipeline Routes: stateStoreProvider "rocksdb" only applies to stateful pipelines (stateful is false); drop it or set stateful to true');
  });

  test('warns that the provider and shuffle partitions are pinned in the checkpoint', () => {
    expect(warnings()).toEqual([PINNED]);
  });

  test('shufflePartitions sets spark.sql.shuffle.partitions', () => {
    expect(spec({ shufflePartitions: 48 }).sparkConf['spark.sql.shuffle.partitions']).toBe('48');
  });

  test('throws when sparkConf sets a key the pipeline owns to another value', () => {
    expectError({ sparkConf: { 'spark.sql.shuffle.partitions': '400' } },
      'StreamingPipeline Routes: sparkConf["spark.sql.shuffle.partitions"] "400" conflicts with "200" that the pipeline sets from its shufflePartitions prop; set it through the shufflePartitions prop');
  });

  test('throws on zero shuffle partitions', () => {
    expectError({ shufflePartitions: 0 }, 'StreamingPipeline Routes: shufflePartitions 0 must be at least 1; use 1 or more');
  });
});

describe('resource model', () => {
  test('bounded RocksDB memory is added to the executor overhead and pod memory', () => {
    const { pipeline } = make();
    const r = pipeline.app.resources();
    expect(r.executor.heapMebibytes).toBe(1024);
    expect(r.executor.overheadMebibytes).toBe(384 + 500);
    expect(r.executor.memoryRequestMebibytes).toBe(1024 + 884);
    expect(r.executor.memoryLimitMebibytes).toBe(1908);
    expect(r.driver.overheadMebibytes).toBe(384);
  });

  test('the rendered executor memoryOverhead is what the model computes', () => {
    expect(spec().executor.memoryOverhead).toBe('884m');
    expect(spec().driver.memoryOverhead).toBeUndefined();
  });

  test('the headroom adds to an explicit overhead and follows rocksdbMaxMemory', () => {
    const { pipeline } = make({ executorMemory: Size.gibibytes(8), executorMemoryOverhead: Size.gibibytes(1), rocksdbMaxMemory: Size.gibibytes(2) });
    const r = pipeline.app.resources();
    expect(r.executor.overheadMebibytes).toBe(1024 + 2048);
    expect(r.executor.memoryRequestMebibytes).toBe(8192 + 3072);
  });

  test('the computed overhead of a large heap gets the headroom on top', () => {
    const { pipeline } = make({ executorMemory: Size.gibibytes(16) });
    expect(pipeline.app.resources().executor.overheadMebibytes).toBe(1638 + 500);
  });

  test('stateless pipelines add no headroom', () => {
    const { pipeline } = make({ stateful: false });
    expect(pipeline.app.resources().executor.overheadMebibytes).toBe(384);
  });

  test('the namespace capacity report counts the RocksDB memory', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Streams', { quota: { memoryRequests: Size.gibibytes(64) } });
    new StreamingPipeline(chart, 'Routes', { ...BASE, sparkNamespace: ns, executorInstances: 3 });
    const report = ns.capacityReport();
    expect(report.apps[0].executor.memoryRequestMebibytes).toBe(1908);
    expect(report.total.memoryRequestMebibytes).toBe(1408 + 3 * 1908);
  });
});

describe('lifecycle', () => {
  test('restarts always by default', () => {
    expect(spec().restartPolicy).toEqual({
      type: 'Always', onFailureRetryInterval: 10, onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 20,
    });
  });

  test('OnFailure with retries and backoff is kept', () => {
    expect(spec({ restartPolicy: RestartPolicy.onFailure({ retries: 5, retryInterval: Duration.minutes(1) }) }).restartPolicy).toEqual({
      type: 'OnFailure', onFailureRetries: 5, onFailureRetryInterval: 60, onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 20,
    });
  });

  test('warns when the pipeline never restarts', () => {
    expect(warnings({ restartPolicy: RestartPolicy.never() })).toContain(
      'test/Routes: restartPolicy is Never: when the driver fails or its pod is deleted (node drain, upgrade) the stream stays down; use RestartPolicy.always() or RestartPolicy.onFailure(...) [pipeline-never-restarts]');
  });

  test('runs in the highest tier of its namespace', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Streams');
    new StreamingPipeline(chart, 'Routes', { ...BASE, sparkNamespace: ns });
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(s.driver.template.spec.priorityClassName).toBe('spark-streaming');
    expect(s.executor.template.spec.priorityClassName).toBe('spark-streaming');
  });

  test('an explicit tier wins', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Streams');
    new StreamingPipeline(chart, 'Routes', { ...BASE, sparkNamespace: ns, tier: 'batch' });
    expect(findOne(synth(chart), 'SparkApplication').spec.driver.template.spec.priorityClassName).toBe('spark-batch');
  });

  test('a PodDisruptionBudget protects the driver pod', () => {
    const { chart } = make();
    const out = synth(chart);
    const pdb = findOne(out, 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.name).toBe('routes-driver');
    expect(pdb.spec).toEqual({
      maxUnavailable: 0,
      selector: {
        matchLabels: {
          'app.kubernetes.io/component': 'spark-driver',
          'app.kubernetes.io/instance': 'routes',
          'app.kubernetes.io/managed-by': 'cdk8s-spark',
        },
      },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    // the selector matches the driver pod's labels, not the executors'
    const labels = findOne(out, 'SparkApplication').spec.driver.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
    const execLabels = findOne(out, 'SparkApplication').spec.executor.template.metadata.labels;
    expect(execLabels['app.kubernetes.io/component']).toBe('spark-executor');
  });

  test('the driver budget can be left out', () => {
    const { chart, pipeline } = make({ driverDisruptionBudget: false });
    expect(findAll(synth(chart), 'PodDisruptionBudget')).toEqual([]);
    expect(pipeline.driverDisruptionBudget).toBeUndefined();
  });

  test('the driver gets a grace period for query.stop() beyond the stop timeout', () => {
    const s = spec();
    expect(s.sparkConf['spark.sql.streaming.stopTimeout']).toBe('60s');
    expect(s.driver.template.spec.terminationGracePeriodSeconds).toBe(90);
    expect(s.executor.template.spec.terminationGracePeriodSeconds).toBeUndefined();
    const t = spec({ stopTimeout: Duration.minutes(2) });
    expect(t.sparkConf['spark.sql.streaming.stopTimeout']).toBe('120s');
    expect(t.driver.template.spec.terminationGracePeriodSeconds).toBe(150);
  });

  test('throws on a stop timeout under a second', () => {
    expectError({ stopTimeout: Duration.millis(500) },
      'StreamingPipeline Routes: stopTimeout 500 millis must be whole milliseconds and at least 1 second (Spark\'s 0 would let query.stop() wait forever while Kubernetes kills the driver after its grace period); e.g. Duration.seconds(60), the default');
  });

  test('executors are static by default', () => {
    const s = spec({ executorInstances: 4 });
    expect(s.executor.instances).toBe(4);
    expect(s.dynamicAllocation).toBeUndefined();
  });

  test('warns when dynamic allocation is turned on', () => {
    expect(warnings({ dynamicAllocation: { minExecutors: 1, maxExecutors: 6 } })).toContain(
      'test/Routes: dynamicAllocation is on, which works poorly for Structured Streaming: executors idle between triggers are removed, state partitions reload from the checkpoint when they move to another executor, and scale-up follows the task backlog, not the Kafka lag; prefer static executorInstances [streaming-dynamic-allocation]');
  });

  test('the app still requires shuffle tracking under dynamic allocation', () => {
    expectError({ dynamicAllocation: { maxExecutors: 6, shuffleTracking: false } },
      'Validation failed with the following errors:\n  [test/Routes/App] SparkApp Routes/App: dynamicAllocation.shuffleTracking false leaves dynamic allocation without shuffle tracking, which it needs on Kubernetes (there is no external shuffle service); set dynamicAllocation.shuffleTracking to true, or use a remote shuffle service / reliable-storage shuffle plugin (Spark 3.5+), or decommissioning with shuffle block migration');
  });

  test('throws on a schedule', () => {
    expectError({ schedule: { cron: '0 * * * *' } },
      'StreamingPipeline Routes: schedule {"cron":"0 * * * *"} does not apply to a long-running pipeline; run incremental batches as a scheduled SparkApp with Trigger.AvailableNow instead');
  });
});

describe('queries and trigger', () => {
  test('one query named after the pipeline by default; no trigger interval', () => {
    const { chart, pipeline } = make();
    const e = env(findOne(synth(chart), 'SparkApplication').spec);
    expect(pipeline.queryNames).toEqual(['routes']);
    expect(e.PIPELINE_QUERY_NAMES).toBe('routes');
    expect(e.PIPELINE_NAME).toBe('routes');
    expect(e.PIPELINE_TRIGGER_INTERVAL).toBe('0 seconds');
  });

  test('query names and trigger interval are handed to the job', () => {
    const e = env(spec({ queryNames: ['exposure', 'alerts'], triggerInterval: Duration.seconds(30) }), 'executor');
    expect(e.PIPELINE_QUERY_NAMES).toBe('exposure,alerts');
    expect(e.PIPELINE_TRIGGER_INTERVAL).toBe('30 seconds');
    expect(env(spec({ triggerInterval: Duration.millis(1500) })).PIPELINE_TRIGGER_INTERVAL).toBe('1500 milliseconds');
  });

  test('throws on an invalid query name', () => {
    expectError({ queryNames: ['air quality'] },
      'StreamingPipeline Routes: queryNames[0] "air quality" must be 1-100 letters, digits, "-" or "_" starting with a letter or digit (it names a checkpoint directory and a metrics source); rename the query here and in the job\'s .queryName(...), e.g. "air-quality"');
  });

  test('throws on duplicate query names', () => {
    expectError({ queryNames: ['a', 'a'] },
      'StreamingPipeline Routes: queryNames[1] "a" repeats queryNames[0] (Spark refuses two active queries of one name); give each query its own name');
  });

  test('throws on an empty query list', () => {
    expectError({ queryNames: [] },
      'StreamingPipeline Routes: queryNames [] must list at least one query; give the names the job passes to .queryName(...)');
  });

  test('throws on a zero trigger interval', () => {
    expectError({ triggerInterval: Duration.seconds(0) },
      'StreamingPipeline Routes: triggerInterval 0 seconds must be a whole number of milliseconds of at least 1; e.g. Duration.seconds(30), or leave it unset for back-to-back micro-batches');
  });
});

describe('sinks', () => {
  test('Redis settings and password reach the job', () => {
    const e = env(spec({ redis: { host: 'redis.cache', tls: true, password: SparkEnvValue.fromSecret('redis', 'password') } }), 'executor');
    expect(e.PIPELINE_REDIS_HOST).toBe('redis.cache');
    expect(e.PIPELINE_REDIS_PORT).toBe('6379');
    expect(e.PIPELINE_REDIS_DATABASE).toBe('0');
    expect(e.PIPELINE_REDIS_TLS).toBe('true');
    expect(e.PIPELINE_REDIS_PASSWORD).toEqual({ secretKeyRef: { name: 'redis', key: 'password' } });
  });

  test('throws on a literal Redis password', () => {
    expectError({ redis: { host: 'redis', password: SparkEnvValue.value('secret') } },
      'StreamingPipeline Routes: redis.password a SparkEnvValue must come from a Secret, not a literal value; use SparkEnvValue.fromSecret(secretName, key)');
  });

  test('throws on a Redis host with a scheme', () => {
    expectError({ redis: { host: 'redis://cache' } },
      'StreamingPipeline Routes: redis.host "redis://cache" must be a host name or IP address without scheme or port; give the bare host (the port goes in redis.port)');
  });

  test('warns about a Redis password without TLS', () => {
    expect(warnings({ redis: { host: 'redis', password: SparkEnvValue.fromSecret('redis', 'password') } })).toContain(
      'test/Routes: redis has a password but tls is off: the password crosses the network in clear text; set redis.tls to true [redis-cleartext-password]');
  });

  test('Cassandra settings reach the job; the connector gets its package and non-secret confs', () => {
    const s = spec({
      cassandra: {
        contactPoints: ['cass-0', 'cass-1'],
        keyspace: 'routes',
        localDatacenter: 'dc1',
        connectorVersion: '3.5.1',
        username: SparkEnvValue.fromSecret('cass', 'user'),
        password: SparkEnvValue.fromSecret('cass', 'pass'),
      },
    });
    expect(s.deps.packages).toContain('com.datastax.spark:spark-cassandra-connector_2.12:3.5.1');
    expect(s.sparkConf['spark.cassandra.connection.host']).toBe('cass-0,cass-1');
    expect(s.sparkConf['spark.cassandra.connection.port']).toBe('9042');
    expect(s.sparkConf['spark.cassandra.connection.localDC']).toBe('dc1');
    expect(s.sparkConf['spark.cassandra.connection.ssl.enabled']).toBe('false');
    expect(Object.keys(s.sparkConf).filter(k => k.startsWith('spark.cassandra.auth'))).toEqual([]);
    const e = env(s, 'executor');
    expect(e.PIPELINE_CASSANDRA_CONTACT_POINTS).toBe('cass-0,cass-1');
    expect(e.PIPELINE_CASSANDRA_KEYSPACE).toBe('routes');
    expect(e.PIPELINE_CASSANDRA_LOCAL_DC).toBe('dc1');
    expect(e.PIPELINE_CASSANDRA_PASSWORD).toEqual({ secretKeyRef: { name: 'cass', key: 'pass' } });
  });

  test('Cassandra without a connector version adds no package or confs', () => {
    const s = spec({ cassandra: { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc1' } });
    expect(s.deps.packages).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5']);
    expect(s.sparkConf['spark.cassandra.connection.host']).toBeUndefined();
  });

  test('throws on a Cassandra user without a password', () => {
    expectError({ cassandra: { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc1', username: SparkEnvValue.value('app') } },
      'StreamingPipeline Routes: cassandra.username a SparkEnvValue needs cassandra.password too (they go together); set cassandra.password as well, or drop cassandra.username');
  });

  test('throws on an invalid keyspace', () => {
    expectError({ cassandra: { contactPoints: ['cass-0'], keyspace: 'air-quality', localDatacenter: 'dc1' } },
      'StreamingPipeline Routes: cassandra.keyspace "air-quality" must be 1-48 letters, digits or "_" starting with a letter; use the keyspace\'s name as Cassandra has it, e.g. "air_quality"');
  });

  test('throws on a connector version that is not a release', () => {
    expectError({ cassandra: { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc1', connectorVersion: 'latest' } },
      'StreamingPipeline Routes: cassandra.connectorVersion "latest" must be a release version major.minor.patch; give a release of the DataStax connector, e.g. "3.5.1" for Spark 3.5');
  });
});

describe('monitoring', () => {
  test('streaming metrics are on without monitoring', () => {
    expect(spec().sparkConf['spark.sql.streaming.metricsEnabled']).toBe('true');
  });

  test('a PrometheusMonitoring watches the app as a streaming app with its queries', () => {
    const chart = Testing.chart();
    const monitoring = new PrometheusMonitoring(chart, 'Monitoring');
    const { app } = new StreamingPipeline(chart, 'Routes', {
      ...BASE, monitoring, queryNames: ['exposure'], triggerInterval: Duration.seconds(30),
    });
    const out = synth(chart);
    expect(monitoring.watchedApps).toEqual([app]);
    const rules = findOne(out, 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(rules).toEqual(expect.arrayContaining(['SparkStreamingDriverDown', 'SparkStreamingFallingBehind', 'SparkStreamingBatchSlow']));
    expect(SparkWarnings.of(chart)).toEqual([PINNED]);
  });

  test('without a trigger interval there is no batch-duration alert', () => {
    const chart = Testing.chart();
    const monitoring = new PrometheusMonitoring(chart, 'Monitoring');
    new StreamingPipeline(chart, 'Routes', { ...BASE, monitoring });
    const rules = findOne(synth(chart), 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(rules).toContain('SparkStreamingFallingBehind');
    expect(rules).not.toContain('SparkStreamingBatchSlow');
  });
});

describe('StructuredStreaming on a SparkApp', () => {
  const APP = {
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.example/streams/routes:3.5.5-r1',
    mainApplicationFile: 'local:///opt/jobs/routes-assembly-1.0.jar',
    mainClass: 'com.example.Routes',
  };
  const STREAMING: StructuredStreamingProps = { kafka: BASE.kafka, checkpoint: BASE.checkpoint };

  /** A GPU feature as a user or the library writes one: plugin, package, resources, placement, pinned memory. */
  class FakeGpu implements ISparkFeature {
    public readonly featureName = 'Gpu test';
    public bind(app: ISparkApp): void {
      app.addSparkConfListEntries('spark.plugins', ['com.nvidia.spark.SQLPlugin'], this.featureName);
      app.addSparkConfListEntries('spark.jars.packages', ['com.nvidia:rapids-4-spark_2.12:25.02.1'], this.featureName);
      app.addSparkConf('spark.executor.resource.gpu.amount', '1', this.featureName);
      app.addSparkConf('spark.executor.resource.gpu.vendor', 'nvidia.com', this.featureName);
      app.addSparkConf('spark.rapids.memory.pinnedPool.size', '2048m', this.featureName);
      app.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(2048), this.featureName);
      app.addTolerations(SparkPods.EXECUTORS, [{ key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }], this.featureName);
      app.addNodeSelector(SparkPods.EXECUTORS, { 'nvidia.com/gpu.present': 'true' }, this.featureName);
    }
  }

  function makeApp(streaming: Partial<StructuredStreamingProps> = {}, app: Partial<SparkAppProps> = {}, more: ISparkFeature[] = []) {
    const chart = Testing.chart();
    const feature = new StructuredStreaming({ ...STREAMING, ...streaming });
    const sparkApp = new SparkApp(chart, 'Etl', { ...APP, ...app, features: [feature, ...more] });
    return { chart, feature, app: sparkApp };
  }

  test('sets the streaming conf, connector package, grace period and RocksDB headroom on a plain app', () => {
    const { chart, feature, app } = makeApp({ queryNames: ['scores'], triggerInterval: Duration.seconds(20), shufflePartitions: 32 });
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(s.deps.packages).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5']);
    expect(s.sparkConf).toMatchObject({
      'spark.sql.streaming.checkpointLocation': 's3a://checkpoints/routes',
      'spark.sql.shuffle.partitions': '32',
      'spark.sql.streaming.stopTimeout': '60s',
      'spark.sql.streaming.metricsEnabled': 'true',
      'spark.sql.streaming.stateStore.providerClass': 'org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider',
      'spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled': 'true',
      'spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage': 'true',
      'spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB': '500',
    });
    expect(s.executor.memoryOverhead).toBe('884m');
    expect(app.resources().executor.memoryRequestMebibytes).toBe(1024 + 884);
    expect(s.driver.template.spec.terminationGracePeriodSeconds).toBe(90);
    expect(s.executor.template.spec.terminationGracePeriodSeconds).toBeUndefined();
    // the app's own defaults stay: the feature does not pick a restart policy
    expect(s.restartPolicy.type).toBe('Never');
    expect(app.sparkConfSource('spark.sql.shuffle.partitions')).toBe('StructuredStreaming etl');

    expect(feature.featureName).toBe('StructuredStreaming etl');
    expect(feature.app).toBe(app);
    expect(app.features).toEqual([feature]);
    expect(feature.queryNames).toEqual(['scores']);
    expect(feature.checkpointLocation).toBe('s3a://checkpoints/routes');
    expect(feature.kafkaPackage).toBe('org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5');
    expect(feature.stateful).toBe(true);
    expect(feature.stopTimeout.toSeconds()).toBe(60);
    expect(feature.shufflePartitions).toBe(32);
  });

  test('hands the job contract to driver and executors, named after the app', () => {
    const { chart } = makeApp({ triggerInterval: Duration.seconds(20), kafka: { ...BASE.kafka, sasl: SASL } });
    const s = findOne(synth(chart), 'SparkApplication').spec;
    for (const role of ['driver', 'executor'] as const) {
      const e = env(s, role);
      expect(e.PIPELINE_NAME).toBe('etl');
      expect(e.PIPELINE_QUERY_NAMES).toBe('etl');
      expect(e.PIPELINE_TRIGGER_INTERVAL).toBe('20 seconds');
      expect(e.PIPELINE_CHECKPOINT_LOCATION).toBe('s3a://checkpoints/routes');
      expect(e.PIPELINE_STATEFUL).toBe('true');
      expect(JSON.parse(e.PIPELINE_KAFKA_SOURCE_OPTIONS)).toEqual({
        'failOnDataLoss': 'true',
        'kafka.bootstrap.servers': 'kafka-0.kafka:9092',
        'kafka.sasl.mechanism': 'SCRAM-SHA-512',
        'kafka.security.protocol': 'SASL_SSL',
        'startingOffsets': 'latest',
        'subscribe': 'readings',
      });
      expect(e.PIPELINE_KAFKA_SASL_PASSWORD).toEqual({ secretKeyRef: { name: 'kafka-user', key: 'password' } });
    }
  });

  test('defines the driver PodDisruptionBudget as a child of the app', () => {
    const { chart, feature, app } = makeApp();
    const out = synth(chart);
    expect(kinds(out)).toEqual(['PodDisruptionBudget', 'Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    const pdb = findOne(out, 'PodDisruptionBudget');
    expect(feature.driverDisruptionBudget).toBe(app.node.findChild('DriverDisruptionBudget'));
    expect(pdb.metadata).toEqual({
      name: 'etl-driver',
      namespace: 'default',
      labels: {
        'app.kubernetes.io/name': 'spark',
        'app.kubernetes.io/instance': 'etl',
        'app.kubernetes.io/component': 'driver-disruption-budget',
        'app.kubernetes.io/part-of': 'etl',
        'app.kubernetes.io/managed-by': 'cdk8s-spark',
      },
    });
    expect(pdb.spec).toEqual({
      maxUnavailable: 0,
      selector: {
        matchLabels: {
          'app.kubernetes.io/component': 'spark-driver',
          'app.kubernetes.io/instance': 'etl',
          'app.kubernetes.io/managed-by': 'cdk8s-spark',
        },
      },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    const { chart: without, feature: f2 } = makeApp({ driverDisruptionBudget: false });
    expect(findAll(synth(without), 'PodDisruptionBudget')).toEqual([]);
    expect(f2.driverDisruptionBudget).toBeUndefined();
  });

  test('a claim checkpoint defaults to a directory named after the app and is mounted everywhere', () => {
    const { chart, feature } = makeApp({ checkpoint: StreamingCheckpoint.persistentVolumeClaim('checkpoints') });
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(feature.checkpointLocation).toBe('file:///checkpoint/etl');
    expect(s.sparkConf['spark.sql.streaming.checkpointLocation']).toBe('file:///checkpoint/etl');
    for (const role of ['driver', 'executor']) {
      expect(s[role].template.spec.containers[0].volumeMounts).toEqual([{ name: 'pipeline-checkpoint', mountPath: '/checkpoint', readOnly: false }]);
    }
  });

  test('composes with a GPU feature: packages joined, headrooms added, placement kept', () => {
    const { chart, app } = makeApp({}, { executorMemory: Size.gibibytes(8) }, [new FakeGpu()]);
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(s.deps.packages).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5', 'com.nvidia:rapids-4-spark_2.12:25.02.1']);
    expect(app.sparkConfSource('spark.jars.packages')).toBe('StructuredStreaming etl, Gpu test');
    expect(s.sparkConf['spark.plugins']).toBe('com.nvidia.spark.SQLPlugin');
    expect(s.sparkConf['spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB']).toBe('500');
    // Spark's overhead of an 8 GiB heap (819 MiB), RocksDB's 500 MiB and the pinned pool's 2048 MiB
    expect(s.executor.memoryOverhead).toBe(`${819 + 500 + 2048}m`);
    expect(app.resources().executor.memoryLimitMebibytes).toBe(8192 + 819 + 500 + 2048);
    expect(s.executor.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(s.driver.template.spec.terminationGracePeriodSeconds).toBe(90);
    expect(env(s, 'executor').PIPELINE_NAME).toBe('etl');
  });

  test('composes with GpuAcceleration on a SparkApp and on a StreamingPipeline', () => {
    const { chart, app } = makeApp({}, { executorMemory: Size.gibibytes(8), executorCores: 4 }, [new GpuAcceleration({ rapids: {} })]);
    const s = findOne(synth(chart), 'SparkApplication').spec;
    expect(s.deps.packages[0]).toBe('org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5');
    expect(s.deps.packages[1]).toMatch(/^com\.nvidia:rapids-4-spark_2\.12:/);
    expect(s.sparkConf['spark.plugins']).toBe('com.nvidia.spark.SQLPlugin');
    expect(s.sparkConf['spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB']).toBe('500');
    expect(s.sparkConf['spark.rapids.memory.pinnedPool.size']).toBe('2048m');
    // Spark's overhead of an 8 GiB heap (819 MiB), RocksDB's 500 MiB and the pinned pool's 2048 MiB
    expect(s.executor.memoryOverhead).toBe('3367m');
    expect(app.resources().executor.extendedResources).toEqual({ 'nvidia.com/gpu': 1 });
    expect(s.driver.template.spec.terminationGracePeriodSeconds).toBe(90);

    const { chart: pc, pipeline } = make({ executorMemory: Size.gibibytes(8), executorCores: 4, features: [new GpuAcceleration({ rapids: {} })] });
    const ps = findOne(synth(pc), 'SparkApplication').spec;
    expect(ps.executor.memoryOverhead).toBe('3367m');
    expect(ps.sparkConf['spark.plugins']).toBe('com.nvidia.spark.SQLPlugin');
    expect(pipeline.app.features.map(f => f.featureName)).toEqual(['StructuredStreaming routes', 'GpuAcceleration']);
  });

  test('binds after the app packages and accepts the connector already listed', () => {
    const { chart } = makeApp({}, { packages: ['org.apache.hadoop:hadoop-aws:3.3.4', 'org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5'] });
    expect(findOne(synth(chart), 'SparkApplication').spec.deps.packages)
      .toEqual(['org.apache.hadoop:hadoop-aws:3.3.4', 'org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.5']);
  });

  test('follows the app\'s Scala version for the connectors', () => {
    const cassandra = { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc1', connectorVersion: '3.5.1' };
    const { chart, feature } = makeApp({ cassandra }, { image: 'apache/spark:3.5.5-scala2.13-java17-ubuntu' });
    expect(feature.kafkaPackage).toBe('org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5');
    expect(findOne(synth(chart), 'SparkApplication').spec.deps.packages).toEqual([
      'org.apache.spark:spark-sql-kafka-0-10_2.13:3.5.5', 'com.datastax.spark:spark-cassandra-connector_2.13:3.5.1',
    ]);
  });

  test('throws when the app lists another build of a connector', () => {
    const cassandra = { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc1', connectorVersion: '3.5.1' };
    expect(() => makeApp({ cassandra }, { packages: ['com.datastax.spark:spark-cassandra-connector_2.12:3.4.0'] })).toThrow(
      'StructuredStreaming etl: packages "com.datastax.spark:spark-cassandra-connector_2.12:3.4.0" is a build other than the one StructuredStreaming adds (com.datastax.spark:spark-cassandra-connector_2.12:3.5.1); remove it from packages, or set cassandra.connectorVersion to the version you need');
  });

  test('throws when the app\'s sparkConf sets a key the feature owns to another value', () => {
    expect(() => makeApp({}, { sparkConf: { 'spark.sql.shuffle.partitions': '400' } })).toThrow(
      'StructuredStreaming etl: sparkConf["spark.sql.shuffle.partitions"] "400" conflicts with "200" that StructuredStreaming sets from its shufflePartitions prop; set it through the shufflePartitions prop');
    expect(() => makeApp({}, { sparkConf: { 'spark.sql.streaming.metricsEnabled': 'false' } })).toThrow(
      'StructuredStreaming etl: sparkConf["spark.sql.streaming.metricsEnabled"] "false" conflicts with "true", which StructuredStreaming sets and needs; remove the key from sparkConf');
    // the same value is fine
    const { chart } = makeApp({}, { sparkConf: { 'spark.sql.shuffle.partitions': '200' } });
    expect(findOne(synth(chart), 'SparkApplication').spec.sparkConf['spark.sql.shuffle.partitions']).toBe('200');
  });

  test('checks its props when constructed', () => {
    expect(() => new StructuredStreaming({ ...STREAMING, kafka: { ...BASE.kafka, subscribePattern: 'x.*' } })).toThrow(
      'StructuredStreaming: kafka.subscribePattern "x.*" conflicts with kafka.topics ["readings"] (they exclude each other); subscribe to a topic list or to a pattern');
    expect(() => new StructuredStreaming({ ...STREAMING, checkpoint: StreamingCheckpoint.uri('/tmp/cp') })).toThrow(
      'StructuredStreaming: checkpoint "/tmp/cp" must be durable storage the driver and executors share, not a local path; use StreamingCheckpoint.uri() with an object-store or HDFS URI (s3a://, gs://, abfs://, abfss://, hdfs://) or StreamingCheckpoint.persistentVolumeClaim() with a ReadWriteMany claim');
    expect(() => new StructuredStreaming({ ...STREAMING, redis: { host: 'redis', port: 70000 } })).toThrow(
      'StructuredStreaming: redis.port 70000 is not a port number; use a whole number from 1 to 65535');
    expect(() => new StructuredStreaming({ ...STREAMING, stateful: false, rocksdbMaxMemory: Size.gibibytes(1) })).toThrow(
      'StructuredStreaming: rocksdbMaxMemory 1Gi only applies to stateful pipelines (stateful is false); drop it or set stateful to true');
  });

  test('checks the app\'s Spark version when bound', () => {
    expect(() => makeApp({ rocksdbChangelogCheckpointing: true }, { sparkVersion: SparkVersion.of('3.4.4'), image: 'registry.example/streams/routes:3.4.4-r1' })).toThrow(
      'StructuredStreaming etl: rocksdbChangelogCheckpointing true needs Spark 3.5.0 or later (the app runs Spark 3.4.4); leave it unset or upgrade to Spark 3.5');
  });

  test('what depends on the app is known once bound', () => {
    const feature = new StructuredStreaming(STREAMING);
    expect(feature.featureName).toBe('StructuredStreaming');
    expect(feature.app).toBeUndefined();
    expect(feature.kafkaPackage).toBeUndefined();
    expect(() => feature.checkpointLocation).toThrow(
      'StructuredStreaming: checkpointLocation is known once the feature is bound to an app; bind it with the app\'s features prop or app.addFeature(...)');
    expect(() => feature.queryNames).toThrow(
      'StructuredStreaming: queryNames is known once the feature is bound to an app; bind it with the app\'s features prop or app.addFeature(...)');
    expect(new StructuredStreaming({ ...STREAMING, queryNames: ['a'] }).queryNames).toEqual(['a']);
    const chart = Testing.chart();
    const app = new SparkApp(chart, 'Later', APP);
    app.addFeature(feature);
    expect(feature.queryNames).toEqual(['later']);
    expect(StructuredStreaming.isStructuredStreaming(feature)).toBe(true);
    expect(StructuredStreaming.isStructuredStreaming(app)).toBe(false);
  });

  test('binds to one app, and an app takes one StructuredStreaming', () => {
    const { chart, feature } = makeApp();
    const other = new SparkApp(chart, 'Other', APP);
    expect(() => other.addFeature(feature)).toThrow(
      'StructuredStreaming etl: is bound to app etl already and cannot bind to app other too; create one StructuredStreaming per app');
    expect(() => makeApp({}, {}, [new StructuredStreaming(STREAMING)])).toThrow(
      'StructuredStreaming etl: app etl already has StructuredStreaming etl; give one StructuredStreaming per app (list every query in queryNames)');
  });

  test('records its warnings on the app', () => {
    const { chart } = makeApp({ redis: { host: 'redis', password: SparkEnvValue.fromSecret('redis', 'password') } }, { dynamicAllocation: { maxExecutors: 4, shuffleTrackingTimeout: Duration.minutes(30) } });
    const w = SparkWarnings.of(chart);
    expect(w).toContain('test/Etl: dynamicAllocation is on, which works poorly for Structured Streaming: executors idle between triggers are removed, state partitions reload from the checkpoint when they move to another executor, and scale-up follows the task backlog, not the Kafka lag; prefer static executorInstances [streaming-dynamic-allocation]');
    expect(w).toContain('test/Etl: redis has a password but tls is off: the password crosses the network in clear text; set redis.tls to true [redis-cleartext-password]');
    expect(w).toContain(PINNED.replace('test/Routes', 'test/Etl'));
  });

  test('a PrometheusMonitoring bound before it watches the app as a streaming app', () => {
    const chart = Testing.chart();
    const monitoring = new PrometheusMonitoring(chart, 'Monitoring');
    const app = new SparkApp(chart, 'Etl', {
      ...APP, monitoring, features: [new StructuredStreaming({ ...STREAMING, queryNames: ['scores'], triggerInterval: Duration.seconds(30) })],
    });
    const out = synth(chart);
    expect(monitoring.watchedApps).toEqual([app]);
    const rules = findOne(out, 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(rules).toEqual(expect.arrayContaining(['SparkStreamingDriverDown', 'SparkStreamingFallingBehind', 'SparkStreamingBatchSlow']));
  });

  test('a plain app without monitoring gets streaming metrics and no monitoring objects', () => {
    const { chart } = makeApp();
    const out = synth(chart);
    expect(findOne(out, 'SparkApplication').spec.sparkConf['spark.sql.streaming.metricsEnabled']).toBe('true');
    expect(findAll(out, 'PrometheusRule')).toEqual([]);
  });

  test('a StreamingPipeline exposes its feature, bound before the other features', () => {
    const gpu = new FakeGpu();
    const { pipeline } = make({ features: [gpu] });
    expect(pipeline.app.features).toEqual([pipeline.streaming, gpu]);
    expect(pipeline.streaming.featureName).toBe('StructuredStreaming routes');
    expect(pipeline.app.sparkConfSource('spark.sql.shuffle.partitions')).toBe('StreamingPipeline Routes');
    expect(pipeline.driverDisruptionBudget).toBe(pipeline.app.node.findChild('DriverDisruptionBudget'));
  });
});

describe('values written for Kubernetes and the job', () => {
  /** Kubernetes' expansion of `$(VAR)` and `$$` in a container's env value (k8s.io/kubernetes third_party/forked/golang/expansion). */
  function kubeletExpand(input: string, vars: Record<string, string>): string {
    let out = '';
    for (let i = 0; i < input.length; i++) {
      if (input[i] !== '$' || i + 1 >= input.length) {
        out += input[i];
        continue;
      }
      const next = input[i + 1];
      if (next === '$') {
        out += '$';
        i++;
      } else if (next === '(') {
        const close = input.indexOf(')', i + 2);
        if (close === -1) {
          out += '$(';
          i++;
        } else {
          const name = input.slice(i + 2, close);
          out += name in vars ? vars[name] : `$(${name})`;
          i = close;
        }
      } else {
        out += `$${next}`;
        i++;
      }
    }
    return out;
  }

  test('literal job settings reach the container as given, whatever Kubernetes expands', () => {
    const pattern = '^sensors-(eu|us)$$(HOME)$';
    const uri = 's3a://checkpoints/$(HOSTNAME)/routes';
    const s = spec({
      kafka: { bootstrapServers: ['kafka-0.kafka:9092'], subscribePattern: pattern },
      checkpoint: StreamingCheckpoint.uri(uri),
      cassandra: { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc"1\'$(X)' },
    });
    const e = env(s);
    const vars = { HOME: '/root', HOSTNAME: 'driver-0', X: 'x' };
    expect(e.PIPELINE_CHECKPOINT_LOCATION).toBe('s3a://checkpoints/$$(HOSTNAME)/routes');
    expect(kubeletExpand(e.PIPELINE_CHECKPOINT_LOCATION, vars)).toBe(uri);
    expect(JSON.parse(kubeletExpand(e.PIPELINE_KAFKA_SOURCE_OPTIONS, vars)).subscribePattern).toBe(pattern);
    expect(kubeletExpand(e.PIPELINE_CASSANDRA_LOCAL_DC, vars)).toBe('dc"1\'$(X)');
    // Spark's own conf is not expanded by Kubernetes: written as given
    expect(s.sparkConf['spark.sql.streaming.checkpointLocation']).toBe(uri);
  });

  test('a literal SASL user name that would break the job\'s JAAS configuration is an error; one from a Secret is not checked', () => {
    for (const username of ['app"', 'a\\b', 'a\nb', 'a\u0000b']) {
      expect(() => make({ kafka: { ...BASE.kafka, sasl: { ...SASL, username: SparkEnvValue.value(username) } } })).toThrow(
        `StreamingPipeline Routes: kafka.sasl.username ${JSON.stringify(username)} cannot be written into kafka.sasl.jaas.config`);
    }
    expect(() => make({ kafka: { ...BASE.kafka, sasl: { ...SASL, username: SparkEnvValue.value('app-user$1') } } })).not.toThrow();
  });
});

describe('prop checks', () => {
  test('a figure of an app prop warns once, on the app; of a streaming prop once, on the pipeline; an unknown prop once, on the pipeline', () => {
    const w = warnings({ executorInstances: 20_000, shufflePartitions: 200_000, queryName: ['routes'] } as any);
    expect(w.filter(x => /\[(absurd-value|unknown-prop)\]$/.test(x))).toEqual([
      'test/Routes: queryName is not a prop of StreamingPipelineProps and is ignored; did you mean queryNames? [unknown-prop]',
      'test/Routes: shufflePartitions 200000 is more than 100000; check the figure [absurd-value]',
      'test/Routes/App: executorInstances 20000 is more than 10000; check the figure [absurd-value]',
    ]);
  });

  test('StructuredStreaming without a host records its prop warnings on the app it is bound to', () => {
    const chart = Testing.chart();
    new SparkApp(chart, 'Etl', {
      sparkVersion: SparkVersion.of('3.5.5'),
      image: 'apache/spark:3.5.5',
      mainApplicationFile: 'local:///opt/app.jar',
      mainClass: 'A',
      features: [new StructuredStreaming({ kafka: BASE.kafka, checkpoint: BASE.checkpoint, shufflePartitions: 200_000 })],
    });
    synth(chart);
    expect(SparkWarnings.of(chart).filter(x => x.endsWith('[absurd-value]'))).toEqual([
      'test/Etl: shufflePartitions 200000 is more than 100000; check the figure [absurd-value]',
    ]);
  });
});

describe('egress in a namespace that restricts it', () => {
  function policies(out: any[]): Record<string, any> {
    const byName: Record<string, any> = {};
    for (const p of findAll(out, 'NetworkPolicy')) if (p.metadata.name.startsWith('allow-egress-to-')) byName[p.metadata.name] = p.spec;
    return byName;
  }

  test('Service names open egress to the pods of their namespace on their ports', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Mobility');
    new StreamingPipeline(chart, 'Routes', {
      ...BASE,
      sparkNamespace: ns,
      kafka: { bootstrapServers: ['kafka-0.brokers.kafka.svc.cluster.local:9093', 'bootstrap.kafka.svc:9092'], topics: ['readings'] },
      redis: { host: 'redis' },
      cassandra: { contactPoints: ['cass.db.svc'], keyspace: 'routes', localDatacenter: 'dc1' },
    });
    const out = synth(chart);
    const p = policies(out);
    expect(Object.keys(p).sort()).toEqual([
      'allow-egress-to-namespace-db-ports-9042',
      'allow-egress-to-namespace-kafka-ports-9092-9093',
      'allow-egress-to-namespace-mobility-ports-6379',
    ]);
    expect(p['allow-egress-to-namespace-kafka-ports-9092-9093'].egress).toEqual([{
      to: [{ podSelector: { matchLabels: {} }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } } }],
      ports: [{ port: 9092, protocol: 'TCP' }, { port: 9093, protocol: 'TCP' }],
    }]);
    // a Service in the app's own namespace: the pods of that namespace
    expect(p['allow-egress-to-namespace-mobility-ports-6379'].egress[0].to).toEqual([{ podSelector: { matchLabels: {} } }]);
    expect(SparkWarnings.of(chart).filter(w => w.includes('[streaming-egress]'))).toEqual([]);
  });

  test('a namespace that does not restrict egress gets no rules', () => {
    const chart = Testing.chart();
    const ns = new SparkNamespace(chart, 'Mobility', { restrictEgress: false });
    new StreamingPipeline(chart, 'Routes', { ...BASE, sparkNamespace: ns, kafka: { bootstrapServers: ['bootstrap.kafka.svc:9092'], topics: ['readings'] } });
    expect(policies(synth(chart))).toEqual({});
  });

  test('other host names and IP addresses open their ports to any destination', () => {
    const chart = Testing.chart();
    new StreamingPipeline(chart, 'Routes', {
      ...BASE,
      sparkNamespace: new SparkNamespace(chart, 'Mobility'),
      kafka: { bootstrapServers: ['b-1.msk.example.com:9096', '10.0.0.7:9096', '[fd00::7]:9094'], topics: ['readings'] },
      redis: { host: 'redis.cache', port: 6380 },
    });
    const p = policies(synth(chart));
    expect(p['allow-egress-to-ports-6380-9094-9096'].egress).toEqual([{
      ports: [{ port: 6380, protocol: 'TCP' }, { port: 9094, protocol: 'TCP' }, { port: 9096, protocol: 'TCP' }],
    }]);
    expect(p['allow-egress-to-ports-6380-9094-9096'].podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/managed-by': 'cdk8s-spark' } });
  });
});

describe('arbitrary values at every nested prop', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const weird = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom<unknown>(NaN, Infinity, -1, 0, 0.5, 2 ** 31, 1e20, '', ' x ', 'a\nb', '{{ x }}', '$(id)', [], {}, [null],
      Size.gibibytes(4), Duration.minutes(5), SparkEnvValue.value('x'), SparkEnvValue.fromSecret('s', 'k'), () => 1, new Date(0)),
  );
  const OWNER = /^(StreamingPipeline Routes|StructuredStreaming( [a-z0-9-]+)?|SparkApp [A-Za-z/]+|StreamingCheckpoint\.[a-zA-Z]+): \S/;
  const NESTED: Record<string, (v: unknown) => Partial<StreamingPipelineProps>> = {};
  for (const k of ['bootstrapServers', 'topics', 'subscribePattern', 'startingOffsets', 'maxOffsetsPerTrigger', 'minOffsetsPerTrigger', 'maxTriggerDelay',
    'failOnDataLoss', 'securityProtocol', 'sasl', 'truststore', 'sinkTopic', 'connectorPackage']) {
    NESTED[`kafka.${k}`] = v => ({ kafka: { ...BASE.kafka, [k]: v } as any });
  }
  for (const k of ['mechanism', 'username', 'password']) NESTED[`kafka.sasl.${k}`] = v => ({ kafka: { ...BASE.kafka, sasl: { ...SASL, [k]: v } } as any });
  for (const k of ['secretName', 'key', 'type', 'password']) NESTED[`kafka.truststore.${k}`] = v => ({ kafka: { ...BASE.kafka, truststore: { secretName: 'ca', [k]: v } } as any });
  for (const k of ['host', 'port', 'tls', 'database', 'username', 'password']) NESTED[`redis.${k}`] = v => ({ redis: { host: 'redis', [k]: v } as any });
  for (const k of ['contactPoints', 'port', 'keyspace', 'localDatacenter', 'tls', 'username', 'password', 'connectorVersion']) {
    NESTED[`cassandra.${k}`] = v => ({ cassandra: { contactPoints: ['cass-0'], keyspace: 'routes', localDatacenter: 'dc1', [k]: v } as any });
  }
  NESTED['checkpoint.uri'] = v => ({ checkpoint: StreamingCheckpoint.uri(v as any) });
  NESTED['checkpoint.claimName'] = v => ({ checkpoint: StreamingCheckpoint.persistentVolumeClaim(v as any) });
  NESTED['checkpoint.path'] = v => ({ checkpoint: StreamingCheckpoint.persistentVolumeClaim('cp', { path: v as any }) });
  NESTED['checkpoint.mountPath'] = v => ({ checkpoint: StreamingCheckpoint.persistentVolumeClaim('cp', { mountPath: v as any }) });

  function outcome(build: () => void): string | undefined {
    try {
      build();
      return undefined;
    } catch (e) {
      const err = e as Error;
      if (!(err instanceof Error) || err.constructor !== Error) return `${(err as any)?.constructor?.name}: ${err?.message}`;
      return OWNER.test(err.message) ? undefined : `not the library's format: ${err.message}`;
    }
  }

  test('StreamingPipeline and StructuredStreaming fail only with their own errors', () => {
    const STREAMING: StructuredStreamingProps = { kafka: BASE.kafka, checkpoint: BASE.checkpoint };
    let n = 0;
    fc.assert(fc.property(fc.constantFrom(...Object.keys(NESTED)), weird, (prop, value) => {
      n++;
      const pipeline = outcome(() => synth(make(NESTED[prop](value)).chart));
      if (pipeline) throw new Error(`pipeline ${prop} = ${String(JSON.stringify(value))}: ${pipeline}`);
      const feature = outcome(() => {
        const chart = Testing.chart();
        new SparkApp(chart, 'Etl', {
          sparkVersion: SparkVersion.of('3.5.5'),
          image: 'apache/spark:3.5.5',
          mainApplicationFile: 'local:///opt/app.jar',
          mainClass: 'A',
          features: [new StructuredStreaming({ ...STREAMING, ...NESTED[prop](value) } as StructuredStreamingProps)],
        });
        synth(chart);
      });
      if (feature) throw new Error(`feature ${prop} = ${String(JSON.stringify(value))}: ${feature}`);
    }), { numRuns: 300, seed: 20261201 });
    expect(n).toBe(300);
  });

  test('the host argument of StructuredStreaming', () => {
    fc.assert(fc.property(fc.constantFrom('ownerLabel', 'warningScope', 'description', '(whole)'), weird, (prop, value) => {
      const chart = Testing.chart();
      const host = prop === '(whole)' ? value : { ownerLabel: 'X', warningScope: chart, description: 'x', [prop]: value };
      const problem = outcome(() => new StructuredStreaming({ kafka: BASE.kafka, checkpoint: BASE.checkpoint }, host as any));
      if (problem) throw new Error(`host ${prop} = ${String(JSON.stringify(value))}: ${problem}`);
    }), { numRuns: 100, seed: 20261201 });
  });
});
