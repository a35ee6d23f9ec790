// Helm charts from cdk8s apps: `cdk8s synth --format helm --chart-version 0.1.0` writes Chart.yaml
// and puts the manifests into templates/, which Helm renders as Go templates. Alert annotations
// (`{{ $labels.pod }}`) and Grafana legends (`{{app}}`) written by PrometheusMonitoring would then be
// evaluated by Helm and fail (`function "app" not defined`). An app that may be synthesized for Helm
// passes `resolvers: helmResolvers()` to its App: when the output folder is a chart's templates/
// folder, every `{{` and `}}` in a value becomes {{`{{`}} and {{`}}`}}, which Helm prints literally;
// the plain output is unchanged. Copy this file into your app to do the same.
import * as fs from 'fs';
import * as path from 'path';
import { IResolver, ResolutionContext } from 'cdk8s';

/** An already escaped brace pair, or a bare `{{` or `}}`. */
const BRACES = /\{\{`(?:\{\{|\}\})`\}\}|\{\{|\}\}/g;

/** Escapes Go-template braces in every string value, so that Helm renders the value as written. */
export class HelmLiteralBraces implements IResolver {
  public resolve(context: ResolutionContext): void {
    if (typeof context.value !== 'string' || !/\{\{|\}\}/.test(context.value)) return;
    // cdk8s resolves a replaced value again: leave escaped braces as they are.
    const escaped = context.value.replace(BRACES, m => (m.length > 2 ? m : `{{\`${m}\`}}`));
    if (escaped !== context.value) context.replaceValue(escaped);
  }
}

/**
 * The resolvers of an app that may be synthesized as a Helm chart: HelmLiteralBraces when the
 * output folder (`outdir`, else `CDK8S_OUTDIR` as set by `cdk8s synth`) is the templates/ folder of
 * a chart, none otherwise.
 */
export function helmResolvers(outdir: string | undefined = process.env.CDK8S_OUTDIR): IResolver[] {
  return helmChartDir(outdir) === undefined ? [] : [new HelmLiteralBraces()];
}

/**
 * The chart folder when `outdir` is a chart's templates/ folder. Helm renders every file in
 * templates/ as a manifest, so other files an app writes (e.g. SparkOperatorInstall's values
 * file) go into the chart folder instead.
 */
export function helmChartDir(outdir: string | undefined = process.env.CDK8S_OUTDIR): string | undefined {
  if (outdir === undefined) return undefined;
  const dir = path.resolve(outdir);
  const chart = path.dirname(dir);
  return path.basename(dir) === 'templates' && fs.existsSync(path.join(chart, 'Chart.yaml')) ? chart : undefined;
}
