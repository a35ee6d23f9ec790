// Seed 000's air-quality platform with its platform services: the streaming job of
// air-quality-routes (see that example for the job itself), plus a Spark History Server reading
// the event logs from the object store (the same bucket credentials the checkpoints use), JSON
// console logs through SparkLogging, and a Fluent Bit DaemonSet shipping the namespace's logs to
// Loki (the seed's platform ships logs with Fluent Bit and watches dashboards).
import { App, Chart, Duration, Size } from 'cdk8s';
import { helmResolvers } from '../helm';
import {
  CpuCores, EventLogStore, KafkaSaslMechanism, KafkaStartingOffsets, LogLevel, LogOutput, PrometheusMonitoring, SparkEnvValue,
  SparkHistoryServer, SparkLogging, SparkLogShipping, SparkNamespace, SparkVersion,
  StreamingCheckpoint, StreamingPipeline,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir, resolvers: helmResolvers(outdir) });
  const chart = new Chart(app, 'air-quality-platform');

  const routes = new SparkNamespace(chart, 'AirQuality', {
    quota: {
      cpuRequests: CpuCores.of(12),
      memoryRequests: Size.gibibytes(32),
      memoryLimits: Size.gibibytes(32),
      pods: 10,
    },
    egressDestinations: [
      { name: 'kafka', cidrs: ['10.30.0.0/16'], ports: [9093] },
      { name: 'redis', cidrs: ['10.31.0.0/16'], ports: [6380] },
      { name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] },
    ],
  });

  const monitoring = new PrometheusMonitoring(chart, 'Monitoring', {
    monitorLabels: { release: 'kube-prometheus-stack' },
    alertLabels: { team: 'mobility' },
  });

  // The history server reads the event logs from the object store; its image adds the S3A connector.
  const history = new SparkHistoryServer(chart, 'History', {
    sparkNamespace: routes,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.cycling.example/platform/spark-history-s3a:3.5.5-r2',
    store: EventLogStore.objectStore({
      uri: 's3a://air-quality-spark-logs/events',
      endpoint: 'https://s3.cycling.example',
      pathStyleAccess: true,
      credentialsSecret: 'spark-logs-reader',
    }),
    memory: Size.gibibytes(1),
    localStoreSize: Size.gibibytes(5),
  });

  new SparkLogShipping(chart, 'LogShipping', {
    sparkNamespaces: [routes],
    outputs: [LogOutput.loki({ host: 'loki-gateway.observability.svc', port: 80, tenantId: 'mobility', credentialsSecret: 'loki-push' })],
  });

  new StreamingPipeline(chart, 'ExposureBySegment', {
    historyServer: history,
    features: [new SparkLogging({ loggerLevels: { 'org.apache.kafka': LogLevel.WARN } })],
    sparkNamespace: routes,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'registry.cycling.example/air-quality/exposure-stream:3.5.5-scala2.12-r7',
    mainApplicationFile: 'local:///opt/air-quality/jobs/exposure_by_segment.py',
    // S3A for the checkpoints: the connector matching the image's Hadoop 3.3.4, keys from a Secret.
    packages: ['org.apache.hadoop:hadoop-aws:3.3.4'],
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('checkpoint-store', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('checkpoint-store', 'secret-access-key'),
    },
    hadoopConf: { 'fs.s3a.endpoint': 'https://s3.cycling.example', 'fs.s3a.path.style.access': 'true' },
    driverMemory: Size.gibibytes(2),
    executorCores: 2,
    executorMemory: Size.gibibytes(4),
    executorInstances: 3,
    monitoring,

    kafka: {
      bootstrapServers: ['kafka-0.sensors.cycling.example:9093', 'kafka-1.sensors.cycling.example:9093', 'kafka-2.sensors.cycling.example:9093'],
      topics: ['air-quality-readings'],
      startingOffsets: KafkaStartingOffsets.LATEST,
      maxOffsetsPerTrigger: 200000,
      sasl: {
        mechanism: KafkaSaslMechanism.SCRAM_SHA_512,
        username: SparkEnvValue.fromSecret('sensor-kafka', 'username'),
        password: SparkEnvValue.fromSecret('sensor-kafka', 'password'),
      },
      truststore: { secretName: 'sensor-kafka-ca' },
    },
    checkpoint: StreamingCheckpoint.uri('s3a://air-quality-checkpoints/exposure-by-segment'),
    queryNames: ['exposure-by-segment'],
    triggerInterval: Duration.seconds(30),
    rocksdbMaxMemory: Size.mebibytes(512),
    shufflePartitions: 48,
    redis: {
      host: 'routes-cache.redis.cycling.example',
      port: 6380,
      tls: true,
      password: SparkEnvValue.fromSecret('routes-redis', 'password'),
    },
  });
  return app;
}

/** Printed by `npm run synth`: the namespace's quota against the pipeline's peak. */
export function report(app: App): string {
  return SparkNamespace.capacityTable(app);
}

if (require.main === module) {
  const app = build();
  app.synth();
  process.stdout.write(report(app));
}
