import { createRequire } from 'module';
import { Yaml } from 'cdk8s';

// Not exported from the package: the YAML writer of AppSynthesizer (src/core/synthesize.ts).

/** What is used of the `yaml` package. */
interface YamlPackage {
  stringify(value: unknown, options: object): string;
}

/** How documents are written. */
export interface DocumentWriter {
  /** One document as cdk8s' `Yaml.stringify(doc)` writes it. */
  readonly stringify: (doc: unknown) => string;
  /** Whether it calls `yaml` directly (false: through `Yaml.stringify`). */
  readonly direct: boolean;
}

/** cdk8s 2.70's options for `yaml` (`Yaml.stringify`), plus `directives: false`. */
const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1', directives: false };

/** A document with what the options change: quoting under schema 1.1, long and multi-line strings, nulls. */
const PROBE = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'probe', labels: { 'a/b': 'on', 'n': '0775' } },
  data: { long: 'x '.repeat(60), text: 'two\nlines\n', yes: 'no', empty: '', list: [1, 2.5, true, null, { k: '~' }] },
};

/**
 * cdk8s' `Yaml.stringify` of one document, less the one step that cannot change its output. For
 * every document, `yaml` visits every node to collect the tags it might declare in `%TAG`
 * directives, about 8% of writing the document; a document made from plain values has only the
 * default tags, which it never declares, and `directives: false` skips the visit. The `yaml`
 * package is cdk8s' own (a bundled dependency of cdk8s, so the same version), called with
 * cdk8s' options. If that package cannot be loaded, or writes a probe document differently from
 * `Yaml.stringify` (a cdk8s with other options), documents go through `Yaml.stringify`.
 */
export function documentWriter(): DocumentWriter {
  const viaCdk8s: DocumentWriter = { stringify: doc => Yaml.stringify(doc), direct: false };
  let yaml: YamlPackage;
  try {
    yaml = createRequire(require.resolve('cdk8s'))('yaml');
  } catch {
    return viaCdk8s;
  }
  const stringify = (doc: unknown) => (doc === undefined ? '\n' : yaml.stringify(doc, OPTIONS));
  const same = [PROBE, undefined, null, 'text', []].every(doc => stringify(doc) === Yaml.stringify(doc));
  return same ? { stringify, direct: true } : viaCdk8s;
}
