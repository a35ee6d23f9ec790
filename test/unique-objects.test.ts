import { ApiObject, Chart, Testing } from 'cdk8s';
import { SparkApp, SparkVersion } from '../src';

const props = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

describe('one object per kind, name and namespace in an App', () => {
  test('two apps of one name in two charts of one namespace are an error naming both paths', () => {
    const app = Testing.app();
    new SparkApp(new Chart(app, 'one', { namespace: 'etl' }), 'Etl', props);
    new SparkApp(new Chart(app, 'two', { namespace: 'etl' }), 'Etl', props);
    expect(() => app.synth()).toThrow('[] two/Etl/Resource: SparkApplication "etl/etl" is also defined by one/Etl/Resource, and one would replace the other when applied; give one of them another name or namespace');
  });

  test('user objects count too; other namespaces and kinds do not clash', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'etl' });
    new SparkApp(a, 'Etl', props);
    new SparkApp(new Chart(app, 'b', { namespace: 'other' }), 'Etl', props);
    new ApiObject(a, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'etl' } });
    expect(() => app.synth()).not.toThrow();
    new ApiObject(a, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'etl-driver' } });
    expect(() => app.synth()).toThrow('[] a/Sa: ServiceAccount "etl/etl-driver" is also defined by a/Etl/DriverIdentity/ServiceAccount, and one would replace the other when applied; give one of them another name or namespace');
  });
});
