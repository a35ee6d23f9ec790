// Seed 003: the NYC taxi report on the Stackable spark-k8s-operator. The report is a JVM job in a
// public S3 bucket; the S3A connector jars must be on the class path before Spark can fetch
// anything from S3, so a Job downloads them into a PersistentVolumeClaim (the DependencyVolume)
// that the driver and executors mount read-only at /dependencies and put on their class path.
//
// The Stackable operator turns the SparkApplication into a Job that runs spark-submit from the
// app's image (a Stackable spark-k8s image), with the app's final Spark conf as sparkConf and the
// library's pod templates merged into the operator's through podOverrides. It gives every driver
// and executor pod a CPU limit (the request, unless driverCoreLimit / executorCoreLimit say
// otherwise; here the seed's 1200m); the argument with a space is quoted for the operator's bash
// command.
import { App, Chart, Size } from 'cdk8s';
import { CpuCores, DependencyVolume, SparkApp, SparkBackend, SparkImage, SparkVersion } from 'cdk8s-spark';

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
    name: 'example-sparkapp-pvc',
    backend: SparkBackend.stackable(),
    sparkVersion: SparkVersion.of('3.5.5'),
    imagePreset: SparkImage.stackable('3.5.5-stackable25.3.0'),
    mainApplicationFile: 's3a://stackable-spark-k8s-jars/jobs/ny-tlc-report-1.0-SNAPSHOT.jar',
    mainClass: 'org.example.App',
    arguments: ['s3a://nyc-tlc/trip data/yellow_tripdata_2021-07.csv'],
    driverCores: 1,
    driverCoreLimit: CpuCores.millis(1200),
    driverMemory: Size.mebibytes(512),
    executorCores: 1,
    executorCoreLimit: CpuCores.millis(1200),
    executorMemory: Size.mebibytes(512),
    executorInstances: 3,
    sparkConf: {
      'spark.hadoop.fs.s3a.aws.credentials.provider': 'org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider',
    },
  });
  // Mounts the claim at /dependencies and adds /dependencies/jars/* to both class paths.
  deps.mountInto(report);
  return app;
}

if (require.main === module) {
  build().synth();
}
