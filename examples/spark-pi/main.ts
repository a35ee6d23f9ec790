// The smallest useful SparkApp: SparkPi from the examples jar of the official image.
import { App, Chart } from 'cdk8s';
import { SparkApp, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'spark-pi', { namespace: 'spark-jobs' });

  new SparkApp(chart, 'SparkPi', {
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['1000'],
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
