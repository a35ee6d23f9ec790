import { constructError } from './errors';
/**
 * The one Spark configuration builder of the library.
 *
 * Every construct that changes an application's Spark configuration (the app's own props, raw
 * `sparkConf`, shuffle storage, monitoring, streaming, GPU settings) writes through `set()` and names
 * itself as the source. Two different values for one key are an error naming both sources; the
 * same value from two sources is accepted. The resource model reads the resulting map, so what it
 * computes is what Spark receives.
 */
export class SparkConfBuilder {
  private readonly entries = new Map<string, { value: string; source: string }>();
  /** Increases with every change (lets readers cache what they derive). */
  public version = 0;

  /**
   * @param owner how errors name the application, e.g. `SparkApp etl`
   */
  constructor(private readonly owner: string) {}

  /** Sets a key; throws when another source already set it to a different value. */
  public set(key: string, value: string, source: string): void {
    const existing = this.entries.get(key);
    if (existing && existing.value !== value) {
      throw constructError(this.owner, `spark conf key ${key} is set twice with different values: "${existing.value}" by ${existing.source} and "${value}" by ${source}; set it in one place`);
    }
    if (!existing) {
      this.entries.set(key, { value, source });
      this.version++;
    }
  }

  /**
   * Adds entries to a list-valued key, joined with `separator`; entries already present are kept
   * once. The key's source lists every contributor.
   */
  public appendList(key: string, entries: string[], source: string, separator: string): void {
    const existing = this.entries.get(key);
    const current = existing ? splitList(existing.value, separator) : [];
    const added = entries.filter((e, i) => e !== '' && !current.includes(e) && entries.indexOf(e) === i);
    if (added.length === 0 && existing) return;
    const sources = existing ? (existing.source.split(', ').includes(source) ? existing.source : `${existing.source}, ${source}`) : source;
    this.entries.set(key, { value: [...current, ...added].join(separator), source: sources });
    this.version++;
  }

  /** Sets a key only when no source has set it yet (a library default). */
  public setDefault(key: string, value: string, source: string): void {
    if (!this.entries.has(key)) {
      this.entries.set(key, { value, source });
      this.version++;
    }
  }

  public get(key: string): string | undefined {
    return this.entries.get(key)?.value;
  }

  public has(key: string): boolean {
    return this.entries.has(key);
  }

  public sourceOf(key: string): string | undefined {
    return this.entries.get(key)?.source;
  }

  /** All keys with their values, sorted by key (deterministic output). */
  public toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of [...this.entries.keys()].sort()) {
      out[key] = this.entries.get(key)!.value;
    }
    return out;
  }

  /** A copy of the entries (key → value) for the resource model. */
  public view(): Map<string, string> {
    const m = new Map<string, string>();
    for (const [k, v] of this.entries) m.set(k, v.value);
    return m;
  }

  public keys(): string[] {
    return [...this.entries.keys()];
  }
}

/**
 * Spark configuration keys whose value is a list that several sources may add to, with the
 * separator Spark splits it by.
 */
export const LIST_KEYS: ReadonlyMap<string, string> = new Map([
  ['spark.jars', ','],
  ['spark.files', ','],
  ['spark.archives', ','],
  ['spark.submit.pyFiles', ','],
  ['spark.jars.packages', ','],
  ['spark.jars.repositories', ','],
  ['spark.jars.excludes', ','],
  ['spark.plugins', ','],
  ['spark.driver.extraClassPath', ':'],
  ['spark.executor.extraClassPath', ':'],
  ['spark.driver.extraJavaOptions', ' '],
  ['spark.executor.extraJavaOptions', ' '],
]);

function splitList(value: string, separator: string): string[] {
  return separator === ' ' ? value.split(/\s+/).filter(Boolean) : value.split(separator).filter(Boolean);
}
