// Seed 003: the NYC taxi report. The S3A connector jars must be on the class path before Spark
// can fetch anything from S3, so a Job downloads them into a PersistentVolumeClaim that the driver
// and executors mount; the job itself and its data come from a public bucket.
import { App, Chart, Size } from 'cdk8s';
import { DependencyVolume, SparkApp, SparkApplicationType, SparkVersion } from 'cdk8s-spark';

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'nyc-taxi-report', { namespace: 'reporting' });

  const deps = new DependencyVolume(chart, 'TaxiDeps', {
    size: Size.gibibytes(1),
    storageClassName: 'shared-rwx',
    downloads: [
      { url: 'https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar', path: 'jars/hadoop-aws-3.3.4.jar' },
      { url: 'https://repo1.maven.org/maven2/com/amazonaws/aws-java-sdk-bundle/1.12.262/aws-java-sdk-bundle-1.12.262.jar', path: 'jars/aws-java-sdk-bundle-1.12.262.jar' },
    ],
  });

  const report = new SparkApp(chart, 'NyTaxiReport', {
    type: SparkApplicationType.PYTHON,
    sparkVersion: SparkVersion.of('3.5.5'),
    image: 'apache/spark:3.5.5-python3',
    mainApplicationFile: 's3a://my-bucket/ny-tlc-report.py',
    arguments: ['--input', 's3a://nyc-tlc/trip data/yellow_tripdata_2021-07.csv'],
    driverMemory: Size.gibibytes(1),
    executorMemory: Size.gibibytes(2),
    executorInstances: 3,
    sparkConf: {
      'spark.hadoop.fs.s3a.aws.credentials.provider': 'org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider',
    },
  });
  deps.mountInto(report);
  return app;
}

if (require.main === module) {
  build().synth();
}
