// The same app as same-app-* (../same-app.ts), for the Apache spark-kubernetes-operator back-end.
import { App } from 'cdk8s';
import { buildSameApp } from '../same-app';
import { SparkBackend } from 'cdk8s-spark';

export function build(outdir?: string): App {
  return buildSameApp(SparkBackend.apacheOperator(), outdir);
}

if (require.main === module) {
  build().synth();
}
