import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { checkProps, defineShape, str } from './check';
import { documentWriter } from './yaml-writer';

const OPTIONS_SHAPE = defineShape('AppSynthesizerOptions', { outdir: str() });

/**
 * Options for `AppSynthesizer.synthesize`.
 */
export interface AppSynthesizerOptions {
  /**
   * Directory to write the manifests to (created if missing).
   *
   * @default - the App's `outdir`, as `app.synth()` uses it
   */
  readonly outdir?: string;
}

/**
 * What `AppSynthesizer.synthesize` wrote.
 */
export interface AppSynthesisResult {
  /**
   * The manifest files written (each path once, in the order they were first written), as
   * `path.join(outdir, ...)`; `construct-metadata.json` is not included.
   */
  readonly files: string[];

  /**
   * The number of YAML documents (API objects) written.
   */
  readonly documents: number;
}

/**
 * Synthesis for large cdk8s Apps (thousands of Spark apps, hundreds of thousands of objects).
 *
 * `AppSynthesizer.synthesize(app)` writes the same files as `app.synth()`, byte for byte, for
 * every `YamlOutputType`, and honours `recordConstructMetadata`; but:
 *
 * - it validates the App once and resolves its dependencies once (`app.synth()` does both again
 *   for every chart, through `chart.toJson()`, so its cost grows with charts × App size);
 * - it renders, stringifies and writes one document at a time, so only one manifest is in memory
 *   at once (`app.synth()` holds every manifest of a chart, or of the App for `FILE_PER_APP`);
 * - it has no limit on objects per chart (`app.synth()` passes all documents of a file as
 *   arguments of one call, which overflows the stack beyond about 100,000 objects);
 * - it puts charts and objects in cdk8s' dependency order without building cdk8s' graph, which
 *   keys every construct by its path, and writes each document with cdk8s' own `yaml` package and
 *   options but without `yaml`'s search for `%TAG` directives, which a document made from plain
 *   values never has. Together about 9% of the time of 1,000 Spark apps (bench/README.md).
 *
 * Use `app.synth()` for ordinary Apps: it is the cdk8s default and what every cdk8s tool calls.
 * Use this for Apps with more than about 1,000 Spark apps or 20,000 objects. A chart class that
 * overrides `toJson()` is still rendered through its `toJson()` (which validates the App again).
 * A manifest file appears complete or not at all: documents are written to a temporary file
 * beside it, which replaces it when the file is complete. A `yamlOutputType` other than the four
 * cdk8s defines is an error (`app.synth()` writes nothing for it).
 */
export class AppSynthesizer {
  /**
   * Writes the App's manifests, byte-identical to `app.synth()`.
   *
   * @param app the cdk8s App to synthesize
   * @param options where to write
   * @returns the files and the number of documents written
   */
  public static synthesize(app: App, options: AppSynthesizerOptions = {}): AppSynthesisResult {
    checkProps({ owner: 'AppSynthesizer.synthesize' }, options, 'AppSynthesizerOptions', OPTIONS_SHAPE);
    const mode = app.yamlOutputType;
    if (!SUPPORTED_OUTPUT_TYPES.includes(mode)) {
      throw new Error(`AppSynthesizer: yamlOutputType ${String(mode)} is not supported; use one of ` +
        `${SUPPORTED_OUTPUT_TYPES.map(t => `YamlOutputType.${YamlOutputType[t]}`).join(', ')}, or app.synth()`);
    }
    const outdir = options.outdir ?? app.outdir;
    fs.mkdirSync(outdir, { recursive: true });

    // The same steps as App.synth() (cdk8s 2.70), each once.
    const cache = new FindAllCache();
    validate(app, cache);
    const hasDependantCharts = resolveDependencies(app, cache);
    const charts = appCharts(app);

    const out = new Output();
    const ext = app.outputFileExtension;
    switch (mode) {
      case YamlOutputType.FILE_PER_APP:
        if (charts.length > 0) {
          out.stream(path.join(outdir, `app${ext}`), write => charts.forEach(chart => renderChart(chart, write)));
        }
        break;
      case YamlOutputType.FILE_PER_CHART: {
        const name = chartNamer(hasDependantCharts);
        for (const chart of charts) {
          out.stream(path.join(outdir, name(chart) + ext), write => renderChart(chart, write));
        }
        break;
      }
      case YamlOutputType.FILE_PER_RESOURCE:
        for (const chart of charts) {
          renderChart(chart, doc => {
            if (doc !== undefined) out.single(path.join(outdir, resourceFileName(doc.kind, doc.metadata.name) + ext), doc);
          });
        }
        break;
      case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: {
        const name = chartNamer(hasDependantCharts);
        for (const chart of charts) {
          const dir = path.join(outdir, name(chart));
          fs.mkdirSync(dir, { recursive: true });
          for (const obj of chartObjects(chart)) {
            out.single(path.join(dir, resourceFileName(obj.kind, obj.metadata.name) + ext), obj.toJson());
          }
        }
        break;
      }
    }

    if ((app as any).recordConstructMetadata === true) {
      writeConstructMetadata(outdir, charts.flatMap(chartObjects));
    }
    return { files: out.files(), documents: out.documents };
  }

  private constructor() {}
}

const SUPPORTED_OUTPUT_TYPES: YamlOutputType[] = [
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
];

/**
 * Write buffered output in pieces of about this many characters. Small enough that the buffered
 * text dies young: with 1 MB pieces, every document's text outlived two scavenges and was promoted
 * to the old generation (N = 2,000 copies: 1.6 s of GC and 482 MB peak RSS, against 1.0 s and 389 MB
 * with 64 KB).
 */
const FLUSH_CHARS = 64 * 1024;

/** `node.findAll()` per node, computed once (cdk8s' SynthRequestCache). */
class FindAllCache {
  private readonly found = new Map<Node, IConstruct[]>();
  public findAll(node: Node): IConstruct[] {
    let all = this.found.get(node);
    if (!all) {
      all = node.findAll();
      this.found.set(node, all);
    }
    return all;
  }
}

/** Every validation of every construct, once; the same error as `app.synth()`. */
function validate(app: App, cache: FindAllCache): void {
  const errors: string[] = [];
  for (const child of cache.findAll(app.node)) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

function constructDependencies(app: App, cache: FindAllCache): Array<{ source: IConstruct; target: IConstruct }> {
  const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
  for (const child of cache.findAll(app.node)) {
    for (const dep of child.node.dependencies) deps.push({ source: child, target: dep });
  }
  return deps;
}

/** cdk8s' dependency inference (App.synth, `resolveDependencies`): whether charts depend on charts. */
function resolveDependencies(app: App, cache: FindAllCache): boolean {
  let hasDependantCharts = false;
  // an explicit chart dependency from nested chart relationships
  for (const parent of cache.findAll(app.node).filter(x => x instanceof Chart)) {
    for (const child of parent.node.children.filter(x => x instanceof Chart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  // an explicit chart dependency from implicit construct dependencies
  for (const dep of constructDependencies(app, cache)) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  // explicit API object dependencies from implicit construct dependencies
  for (const dep of constructDependencies(app, cache)) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const targets = cache.findAll(dep.target.node).filter(c => c instanceof ApiObject).filter(x => Chart.of(x) === targetChart);
    const sources = cache.findAll(dep.source.node).filter(c => c instanceof ApiObject).filter(x => Chart.of(x) === sourceChart);
    for (const target of targets) {
      for (const source of sources) {
        if (target !== source) source.node.addDependency(target);
      }
    }
  }
  return hasDependantCharts;
}

/** The App's charts in dependency order (cdk8s' `app.charts`). */
function appCharts(app: App): Chart[] {
  return topology(app.node.findAll()).filter((x): x is Chart => x instanceof Chart);
}

/** A chart's own API objects in dependency order (cdk8s' `chartToKube`). */
function chartObjects(chart: Chart): ApiObject[] {
  const objects: ApiObject[] = [];
  // the chart's constructs as they are now, as cdk8s reads them just before rendering the chart
  for (const x of topology(chart.node.findAll())) {
    if (x instanceof ApiObject && ownerChart(x) === chart) objects.push(x);
  }
  return objects;
}

/** `Chart.of(c)`: the closest chart at or above c. */
function ownerChart(c: IConstruct): Chart {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    if (Chart.isChart(s)) return s as Chart;
  }
  return Chart.of(c); // cdk8s' error
}

/** A vertex of the dependency graph: its construct and the vertices it depends on, in the order added. */
interface Vertex {
  readonly value: IConstruct;
  /** Without repeats (cdk8s keeps a Set); created with the first edge. */
  outbound?: Vertex[];
  inbound: boolean;
  placed: boolean;
}

/**
 * `new DependencyGraph(root.node).topology()` of cdk8s 2.70 (`dependency.ts`), the same algorithm
 * with its vertices keyed by construct rather than by path: cdk8s computes every construct's
 * path (a walk to the root and a join) twice per graph, and builds the graph of the whole App for
 * `app.charts` and again of each chart; that was about 4% of synthesizing 1,000 Spark apps.
 *
 * The order is cdk8s' exactly: vertices in `findAll()` order; an edge per dependency within the
 * subtree, in order; a dependency cycle is cdk8s' error; the roots (vertices nothing depends on)
 * adopted in the order of cdk8s' path-keyed object, which puts paths that are array indices
 * ("0", "12"; possible only for the root and its children) first, in numeric order; a depth-first
 * post-order from the adoptive root. cdk8s re-visits vertices already placed, which adds nothing,
 * so this visits each once. `test/synthesize.test.ts` compares both on random graphs.
 */
function topology(all: IConstruct[]): IConstruct[] {
  const vertices = new Map<IConstruct, Vertex>();
  for (const c of all) vertices.set(c, { value: c, outbound: undefined, inbound: false, placed: false });
  for (const source of all) {
    // read when the graph is built, as cdk8s does (a chart rendered earlier may have added some)
    for (const target of source.node.dependencies) {
      const t = vertices.get(target);
      if (!t) continue; // outside the subtree: cdk8s leaves it out
      const s = vertices.get(source)!;
      const cycle = findRoute(t, s);
      if (cycle.length !== 0) {
        cycle.push(t);
        throw new Error(`Dependency cycle detected: ${cycle.map(d => d.value.node.path).join(' => ')}`);
      }
      if (!s.outbound) s.outbound = [t];
      else if (!s.outbound.includes(t)) s.outbound.push(t);
      t.inbound = true;
    }
  }
  const indexed: Array<[number, Vertex]> = [];
  const roots: Vertex[] = [];
  for (const v of vertices.values()) {
    if (v.inbound) continue;
    // only the root and its children have paths without '/'
    const index = v.value.node.scope?.node.scope === undefined ? arrayIndex(v.value.node.path) : undefined;
    if (index !== undefined) indexed.push([index, v]);
    else roots.push(v);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  const order: IConstruct[] = [];
  const visit = (v: Vertex) => {
    if (v.placed) return;
    if (v.outbound) for (const c of v.outbound) visit(c);
    v.placed = true;
    order.push(v.value);
  };
  for (const [, v] of indexed) visit(v);
  for (const v of roots) visit(v);
  return order;
}

/** The number a property key is as an array index (what JavaScript orders first in an object), if it is one. */
function arrayIndex(key: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(key)) return undefined;
  const n = Number(key);
  return n < 4294967295 ? n : undefined;
}

/**
 * cdk8s' `DependencyVertex.findRoute` (cycle detection), as written there, so that a cycle is
 * reported with the same path: a route from `from` to `to`, or empty.
 */
function findRoute(from: Vertex, to: Vertex): Vertex[] {
  const route: Vertex[] = [];
  const visit = (n: Vertex): boolean => {
    route.push(n);
    let found = false;
    for (const c of n.outbound ?? []) {
      if (c === to) {
        route.push(c);
        return true;
      }
      found = visit(c);
    }
    if (!found) route.pop();
    return found;
  };
  visit(from);
  return route;
}

/**
 * Renders a chart's manifests one at a time. A chart class that overrides `toJson()` is rendered
 * by it, as `app.synth()` does.
 */
function renderChart(chart: Chart, write: (doc: any) => void): void {
  if (chart.toJson !== Chart.prototype.toJson) {
    for (const doc of chart.toJson()) write(doc);
    return;
  }
  for (const obj of chartObjects(chart)) write(obj.toJson());
}

/** File (FILE_PER_CHART) or folder (FOLDER_PER_CHART_FILE_PER_RESOURCE) name per chart, as cdk8s names them. */
function chartNamer(indexed: boolean): (chart: Chart) => string {
  let index = 0;
  return chart => (indexed ? `${(index++).toString().padStart(4, '0')}-` : '') + Names.toDnsLabel(chart);
}

function resourceFileName(kind: unknown, name: unknown): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

function writeConstructMetadata(outdir: string, objects: ApiObject[]): void {
  const resources: { [name: string]: any } = {};
  for (const obj of objects) resources[obj.name] = { path: obj.node.path };
  fs.writeFileSync(path.join(outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
}

/**
 * Writes YAML the way cdk8s' `Yaml.save` does (documents stringified one by one as cdk8s'
 * `Yaml.stringify` does, separated by `---`), without holding more than one document and a buffer.
 */
class Output {
  public documents = 0;
  private readonly written = new Set<string>();
  private readonly stringify = documentWriter().stringify;

  /** One file of any number of documents, streamed through a temporary file. */
  public stream(file: string, produce: (write: (doc: any) => void) => void): void {
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    let buffer: string[] = [];
    let buffered = 0;
    let first = true;
    const flush = () => {
      if (buffer.length > 0) fs.writeSync(fd, buffer.join(''), null, 'utf8');
      buffer = [];
      buffered = 0;
    };
    try {
      produce(doc => {
        const text = this.stringify(doc);
        if (!first) buffer.push('---\n');
        buffer.push(text);
        buffered += text.length;
        first = false;
        this.documents++;
        if (buffered >= FLUSH_CHARS) flush();
      });
      flush();
      fs.closeSync(fd);
    } catch (e) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    fs.renameSync(tmp, file);
    this.written.add(file);
  }

  /** One file of one document. */
  public single(file: string, doc: any): void {
    fs.writeFileSync(file, this.stringify(doc), { encoding: 'utf8' });
    this.documents++;
    this.written.add(file);
  }

  public files(): string[] {
    return [...this.written];
  }
}
