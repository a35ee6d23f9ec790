// A PySpark job: word count over text in object storage, with S3 credentials from a Secret.
import { App, Chart, Size } from 'cdk8s';
import { SparkApp, SparkEnvValue, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'pyspark-wordcount', { namespace: 'analytics' });

  new SparkApp(chart, 'Wordcount', {
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5-python3',
    mainApplicationFile: 'local:///opt/spark/examples/src/main/python/wordcount.py',
    arguments: ['s3a://analytics-raw/books/'],
    executorInstances: 4,
    executorMemory: Size.gibibytes(2),
    sparkConf: {
      'spark.executor.pyspark.memory': '512m',
      'spark.hadoop.fs.s3a.endpoint': 'https://s3.eu-central-1.amazonaws.com',
    },
    // The S3A default credential chain reads these variables; the values stay in the Secret.
    env: {
      AWS_ACCESS_KEY_ID: SparkEnvValue.fromSecret('s3-analytics', 'access-key-id'),
      AWS_SECRET_ACCESS_KEY: SparkEnvValue.fromSecret('s3-analytics', 'secret-access-key'),
    },
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
