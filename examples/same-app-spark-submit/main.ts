// The same app as same-app-* (../same-app.ts), for the spark-submit back-end.
import { App } from 'cdk8s';
import { buildSameApp } from '../same-app';
import { SparkBackend } from 'cdk8s-spark';

export function build(outdir?: string): App {
  return buildSameApp(SparkBackend.sparkSubmit(), outdir);
}

if (require.main === module) {
  build().synth();
}
