/**
 * Extract the spark-operator pod templates from synthesized manifests so CI can validate them.
 *
 *   ts-node --transpile-only -P test/tsconfig.json scripts/extract-pod-templates.ts <in-dir> <out-dir>
 *
 * The SparkApplication CRD marks `driver.template` / `executor.template` with
 * `x-kubernetes-preserve-unknown-fields`, so a schema validator never looks inside them. This
 * script reads every *.yaml / *.yml under <in-dir> (recursively) and, for every
 *
 *   - SparkApplication          (apiVersion sparkoperator.k8s.io/v1beta2; spark spec = `spec`)
 *   - ScheduledSparkApplication (apiVersion sparkoperator.k8s.io/v1beta2; spark spec = `spec.template`)
 *
 * writes each present `driver.template` / `executor.template` (a PodTemplateSpec) as a standalone
 *
 *   apiVersion: v1
 *   kind: PodTemplate
 *   metadata: { name: <app>-driver | <app>-executor, namespace: <app's namespace, if set> }
 *   template: <the template, unchanged>
 *
 * into <out-dir> (emptied first), one file per template, named
 * `<namespace|_>.<Kind>.<app>-<role>.yaml`, with a comment naming the source file and document.
 * The operator-less back-end (SparkBackend.sparkSubmit) mounts its pod template files from a
 * ConfigMap `<app>-pod-templates` (keys `driver.yaml`, `executor.yaml`, each a Pod); those are
 * extracted the same way (Kind `ConfigMap` in the file name).
 * Nothing is added or fixed: the validator (Kubernetes 1.27 PodTemplate schema, strict) judges
 * what is there, e.g. a template without `spec.containers` fails, as the apiserver would reject it.
 * Prints how many templates were extracted. Exit 1 on unreadable YAML, 2 on a usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
// `yaml` is a devDependency; scripts/ is not part of the published package.
// eslint-disable-next-line import/no-extraneous-dependencies
import { parseAllDocuments, stringify } from 'yaml';
import { yamlFiles } from './_files';

const SPARK_API_VERSION = 'sparkoperator.k8s.io/v1beta2';
const ROLES = ['driver', 'executor'] as const;

type Json = { [key: string]: any };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


/**
 * The pod template files of the spark-submit back-end's ConfigMap as `{ driver: { template }, ... }`
 * (the Pod's metadata and spec are the PodTemplateSpec), if the object is one.
 */
function submitTemplates(obj: Json): Json | undefined {
  if (obj.apiVersion !== 'v1' || obj.kind !== 'ConfigMap' || !String(obj.metadata?.name ?? '').endsWith('-pod-templates')) return undefined;
  const out: Json = {};
  for (const role of ROLES) {
    const text = obj.data?.[`${role}.yaml`];
    if (typeof text !== 'string') continue;
    const pod = parseAllDocuments(text, { version: '1.1' })[0]?.toJS();
    if (!isObject(pod) || pod.kind !== 'Pod') throw new Error(`ConfigMap ${obj.metadata.name}: ${role}.yaml is not a Pod`);
    out[role] = { template: { metadata: pod.metadata ?? {}, spec: pod.spec } };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The spark spec (the part holding driver/executor) of a spark-operator object, if it is one. */
function sparkSpec(obj: Json): Json | undefined {
  if (obj.apiVersion !== SPARK_API_VERSION || !isObject(obj.spec)) return undefined;
  if (obj.kind === 'SparkApplication') return obj.spec;
  if (obj.kind === 'ScheduledSparkApplication') return isObject(obj.spec.template) ? obj.spec.template : undefined;
  return undefined;
}

function main(argv: string[]): number {
  if (argv.length !== 2 || argv.some(a => a.startsWith('-'))) {
    console.error('usage: extract-pod-templates <in-dir> <out-dir>');
    return 2;
  }
  const [inDir, outDir] = argv;
  if (!fs.existsSync(inDir) || !fs.statSync(inDir).isDirectory()) {
    console.error(`extract-pod-templates: ${inDir} is not a directory`);
    return 2;
  }
  const absOut = path.resolve(outDir);
  if (path.resolve(inDir) === absOut || absOut.startsWith(path.resolve(inDir) + path.sep)) {
    console.error('extract-pod-templates: <out-dir> must not be <in-dir> or inside it');
    return 2;
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  let apps = 0;
  let templates = 0;
  let withoutContainers = 0;
  const written = new Set<string>();
  for (const file of yamlFiles(inDir)) {
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' });
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) {
        throw new Error(`${file}: document ${index + 1}: invalid YAML: ${doc.errors[0].message}`);
      }
      const obj = doc.toJS();
      if (!isObject(obj)) return;
      const spec = sparkSpec(obj) ?? submitTemplates(obj);
      if (!spec) return;
      apps++;
      const appName = String(obj.metadata?.name ?? '<unnamed>');
      const namespace: string | undefined = obj.metadata?.namespace;
      for (const role of ROLES) {
        const template = spec[role]?.template;
        if (template === undefined || template === null) continue;
        const podTemplate: Json = {
          apiVersion: 'v1',
          kind: 'PodTemplate',
          metadata: { name: `${appName}-${role}`, ...(namespace !== undefined ? { namespace } : {}) },
          template,
        };
        if (!(isObject(template) && isObject(template.spec) && Array.isArray(template.spec.containers))) withoutContainers++;
        let base = `${namespace ?? '_'}.${obj.kind}.${appName}-${role}`.replace(/[^A-Za-z0-9._-]/g, '_');
        for (let n = 2; written.has(base); n++) base = `${base}.${n}`;
        written.add(base);
        const where = obj.kind === 'ScheduledSparkApplication' ? 'spec.template' : 'spec';
        const header = `# extracted from ${file} (document ${index + 1}): ${obj.kind} ${namespace ? namespace + '/' : ''}${appName} .${where}.${role}.template\n`;
        // YAML 1.1 like cdk8s and kubectl, so strings such as "yes" or "0755" stay quoted strings
        fs.writeFileSync(path.join(outDir, `${base}.yaml`), header + stringify(podTemplate, { version: '1.1', lineWidth: 0 }));
        templates++;
      }
    });
  }
  const note = withoutContainers > 0 ? `; ${withoutContainers} without spec.containers (the PodTemplate schema requires it)` : '';
  console.log(`extract-pod-templates: ${templates} pod template(s) from ${apps} spark application(s) in ${inDir} -> ${outDir}${note}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`extract-pod-templates: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
