import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { SparkApp, SparkAppProps, SparkBackend, SparkVersion } from '../src';

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

describe('SparkBackend.useByDefault', () => {
  test('a default on the App applies to every chart; a chart default wins over it; the prop wins over both', () => {
    const app = Testing.app();
    SparkBackend.useByDefault(app, SparkBackend.sparkSubmit());
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    SparkBackend.useByDefault(b, SparkBackend.kubeflow());
    const group = new Construct(b, 'Group');
    expect(new SparkApp(a, 'One', BASE).backend.name).toBe('spark-submit');
    expect(new SparkApp(b, 'Two', BASE).backend.name).toBe('kubeflow');
    expect(new SparkApp(group, 'Three', BASE).backend.name).toBe('kubeflow');
    expect(new SparkApp(b, 'Four', { ...BASE, backend: SparkBackend.sparkSubmit() }).backend.name).toBe('spark-submit');
    expect(SparkBackend.defaultFor(group)?.name).toBe('kubeflow');
  });

  test('without a default the app uses the kubeflow spark-operator', () => {
    const app = new App();
    const c = new Chart(app, 'c');
    expect(SparkBackend.defaultFor(c)).toBeUndefined();
    expect(new SparkApp(c, 'One', BASE).backend.name).toBe('kubeflow');
  });

  test('bad arguments are errors in the one format', () => {
    const app = Testing.app();
    expect(() => SparkBackend.useByDefault({} as any, SparkBackend.kubeflow()))
      .toThrow('SparkBackend.useByDefault: scope {} is not a construct; pass the App, a Chart or another construct');
    expect(() => SparkBackend.useByDefault(app, 'kubeflow' as any))
      .toThrow('SparkBackend.useByDefault: backend "kubeflow" is not a SparkBackend; use SparkBackend.kubeflow(), SparkBackend.sparkSubmit(), ...');
  });
});
