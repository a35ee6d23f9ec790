import { Chart, Size, Testing } from 'cdk8s';
import {
  CelebornCluster, DependencyVolume, GpuTrainingJob, GpuTrainingJobProps, PrometheusMonitoring, SparkApp, SparkAppProps,
  SparkDriverIdentity, SparkNamespace, SparkVersion, SparkWarnings, StreamingCheckpoint, StreamingPipeline, StreamingPipelineProps,
} from '../../src';

/**
 * The bad-input catalog: each case builds constructs from one wrong input (in a fresh chart named
 * `test`) and asserts the library's exact error text, or a warning, and nothing else.
 */
export interface BadInputCase {
  /** The construct (or factory) whose input is wrong, for the per-construct counts. */
  readonly construct: string;
  /** What is wrong, in a few words. */
  readonly name: string;
  /** Builds the constructs; anything it throws is the case's error. */
  readonly build: (chart: Chart) => void;
  /** The exact error message expected (construction or synthesis). */
  readonly error?: string;
  /** A warning expected among `SparkWarnings.of(chart)` (`path: message`); the build must not throw. */
  readonly warning?: string;
}

/** Runs one case; returns a problem description or undefined when it behaves as the case says. */
export function runCase(c: BadInputCase): string | undefined {
  const chart = new Chart(Testing.app(), 'test');
  let thrown: unknown;
  try {
    c.build(chart);
    Testing.synth(chart);
  } catch (e) {
    thrown = e;
  }
  if (c.error !== undefined) {
    if (thrown === undefined) return `expected error\n  ${c.error}\nbut nothing was thrown`;
    const msg = (thrown as Error).message;
    if (msg !== c.error) return `expected error\n  ${c.error}\ngot\n  ${msg}`;
    return undefined;
  }
  if (thrown !== undefined) return `expected no error, got\n  ${(thrown as Error).message}`;
  const warnings = SparkWarnings.of(chart);
  if (c.warning !== undefined && !warnings.includes(c.warning)) {
    return `expected warning\n  ${c.warning}\ngot\n  ${warnings.join('\n  ') || '(none)'}`;
  }
  return undefined;
}

// Valid starting points: each case changes one thing of these.

export const SPARK_APP: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

export const STREAMING: StreamingPipelineProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/streams/routes:3.5.5-r1',
  mainApplicationFile: 'local:///opt/jobs/routes-assembly-1.0.jar',
  mainClass: 'com.example.Routes',
  kafka: { bootstrapServers: ['kafka-0.kafka:9092'], topics: ['readings'] },
  checkpoint: StreamingCheckpoint.uri('s3a://checkpoints/routes'),
};

export const GPU_JOB: GpuTrainingJobProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'registry.example/ml/route-scoring:3.5.5-torch2.4',
  mainApplicationFile: 'local:///opt/route-scoring/train.py',
};

/** A SparkApp `Etl` with the base props and `props` over them (`props` may hold wrong types). */
export function sparkApp(chart: Chart, props: Record<string, unknown> = {}, id = 'Etl'): SparkApp {
  return new SparkApp(chart, id, { ...SPARK_APP, ...props } as any);
}

/** A StreamingPipeline `Routes`. */
export function streamingPipeline(chart: Chart, props: Record<string, unknown> = {}, id = 'Routes'): StreamingPipeline {
  return new StreamingPipeline(chart, id, { ...STREAMING, ...props } as any);
}

/** A GpuTrainingJob `Train`. */
export function gpuTrainingJob(chart: Chart, props: Record<string, unknown> = {}, id = 'Train'): GpuTrainingJob {
  return new GpuTrainingJob(chart, id, { ...GPU_JOB, ...props } as any);
}

/** A SparkNamespace `Team`. */
export function sparkNamespace(chart: Chart, props: Record<string, unknown> = {}, id = 'Team'): SparkNamespace {
  return new SparkNamespace(chart, id, props as any);
}

/** A CelebornCluster `Celeborn`. */
export function celebornCluster(chart: Chart, props: Record<string, unknown> = {}, id = 'Celeborn'): CelebornCluster {
  return new CelebornCluster(chart, id, { storageClassName: 'fast-ssd', ...props } as any);
}

/** A DependencyVolume `Deps`. */
export function dependencyVolume(chart: Chart, props: Record<string, unknown> = {}, id = 'Deps'): DependencyVolume {
  return new DependencyVolume(chart, id, {
    size: Size.gibibytes(1),
    storageClassName: 'standard',
    downloads: [{ url: 'https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar', path: 'jars/hadoop-aws-3.3.4.jar' }],
    ...props,
  } as any);
}

/** A SparkDriverIdentity `Identity`. */
export function driverIdentity(chart: Chart, props: Record<string, unknown> = {}, id = 'Identity'): SparkDriverIdentity {
  return new SparkDriverIdentity(chart, id, { namespace: 'team', ...props } as any);
}

/** A PrometheusMonitoring `Mon`. */
export function prometheusMonitoring(chart: Chart, props: Record<string, unknown> = {}, id = 'Mon'): PrometheusMonitoring {
  return new PrometheusMonitoring(chart, id, props as any);
}
