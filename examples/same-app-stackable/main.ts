// The same app as same-app-* (../same-app.ts), for the Stackable spark-k8s-operator back-end.
import { App } from 'cdk8s';
import { buildSameApp } from '../same-app';
import { SparkBackend } from 'cdk8s-spark';

export function build(outdir?: string): App {
  return buildSameApp(SparkBackend.stackable(), outdir);
}

if (require.main === module) {
  build().synth();
}
