// Seed 000: least-air-pollution cycling routes, computed in real time. Street sensors publish
// air-quality readings to Kafka; a stateful Structured Streaming job averages them per road
// segment over sliding windows and writes each segment's exposure score to Redis, where the
// route planner reads it. The pipeline runs in its own tenant namespace with a quota, in the
// namespace's highest priority tier, restarts whenever it stops, keeps its driver through node
// drains and is watched by Prometheus with the streaming alerts.
//
// The job (`exposure_by_segment.py`, baked into the image) follows StreamingPipeline's contract:
//
//   import json, os
//   opts = json.loads(os.environ["PIPELINE_KAFKA_SOURCE_OPTIONS"])
//   opts["kafka.sasl.jaas.config"] = '%s required username="%s" password="%s";' % (
//       os.environ["PIPELINE_KAFKA_SASL_LOGIN_MODULE"],
//       os.environ["PIPELINE_KAFKA_SASL_USERNAME"], os.environ["PIPELINE_KAFKA_SASL_PASSWORD"])
//   readings = spark.readStream.format("kafka").options(**opts).load()      # sensor readings
//   scores = (parse(readings)
//       .withWatermark("event_time", "2 minutes")
//       .groupBy(window("event_time", "5 minutes", "1 minute"), "segment_id")
//       .agg(avg("pm25").alias("pm25"), avg("no2").alias("no2")))          # RocksDB state
//   query = (scores.writeStream.outputMode("update")
//       .queryName(os.environ["PIPELINE_QUERY_NAMES"].split(",")[0])        # checkpoint + metrics
//       .trigger(processingTime=os.environ["PIPELINE_TRIGGER_INTERVAL"])
//       .foreachBatch(write_to_redis)   # redis-py with PIPELINE_REDIS_HOST/PORT/DATABASE/TLS/PASSWORD
//       .start())                       # checkpoint: <PIPELINE_CHECKPOINT_LOCATION>/<query name>
//   query.awaitTermination()
//
// write_to_redis SETs one key per segment and window, so a micro-batch that a stop cut short
// (it is not committed) is simply re-run from the checkpoint after the restart.
import { App, Chart, Duration, Size } from 'cdk8s';
import { helmResolvers } from '../helm';
import {
  CpuCores, KafkaSaslMechanism, KafkaStartingOffsets, PrometheusMonitoring, SparkEnvValue, SparkNamespace, SparkVersion,
  StreamingCheckpoint, StreamingPipeline,
} from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir, resolvers: helmResolvers(outdir) });
  const chart = new Chart(app, 'air-quality-routes');

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

  new StreamingPipeline(chart, 'ExposureBySegment', {
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
