import { IConstruct } from 'constructs';
import { checkUniqueObjects } from './unique-objects';

/** Metadata type under which warnings are recorded. */
export const WARNING_KEY = 'cdk8s-spark/warning';

const PRODUCERS = Symbol.for('cdk8s-spark.warning-producers');
const PRINTED = Symbol.for('cdk8s-spark.warnings-printed');

/** Metadata type under which acknowledged warning ids are recorded. */
export const ACKNOWLEDGED_KEY = 'cdk8s-spark/acknowledged';

/**
 * Records a warning on a construct (at construction); it is printed when the app synthesizes.
 * With an `id` (kebab-case, e.g. `unknown-spark-key`), the message ends in `[id]` and the user can
 * acknowledge it on this construct or an ancestor with `SparkWarnings.acknowledge(scope, id)`.
 */
export function addWarning(scope: IConstruct, message: string, id?: string): void {
  scope.node.addMetadata(WARNING_KEY, id ? `${message} [${id}]` : message);
}

/** The warning id at the end of a message (`... [unknown-spark-key]`), if any. */
export function warningId(message: string): string | undefined {
  return /\[([a-z0-9-]+)\]$/.exec(message)?.[1];
}

/** Whether a warning id is acknowledged on a construct or one of its ancestors. */
function acknowledged(scope: IConstruct, id: string): boolean {
  for (const c of scope.node.scopes) {
    if (c.node.metadata.some(m => m.type === ACKNOWLEDGED_KEY && m.data === id)) return true;
  }
  return false;
}

/**
 * Registers warnings that can only be derived from the finished app (e.g. quota use of all apps):
 * computed when read, so validation never changes the construct tree.
 */
export function addWarningProducer(scope: IConstruct, produce: () => string[]): void {
  const s = scope as any;
  if (!s[PRODUCERS]) Object.defineProperty(s, PRODUCERS, { value: [], enumerable: false });
  s[PRODUCERS].push(produce);
}

/**
 * Every warning of one construct: recorded ones, then derived ones, without repeats, except those
 * whose id is acknowledged on the construct or an ancestor.
 */
export function warningsOf(scope: IConstruct): string[] {
  const out: string[] = [];
  const add = (w: string) => {
    if (out.includes(w)) return;
    const id = warningId(w);
    if (id && acknowledged(scope, id)) return;
    out.push(w);
  };
  for (const m of scope.node.metadata) if (m.type === WARNING_KEY) add(m.data);
  for (const produce of ((scope as any)[PRODUCERS] ?? []) as Array<() => string[]>) produce().forEach(add);
  return out;
}

/**
 * Prints a construct's warnings at synthesis (stderr), once each however often the app validates,
 * unless CDK8S_SPARK_QUIET is set. Every library construct calls it, so it also installs the
 * App-wide checks (no two objects of one kind, name and namespace).
 */
export function printWarningsOnSynth(scope: IConstruct): void {
  checkUniqueObjects(scope);
  scope.node.addValidation({
    validate: () => {
      if (!process.env.CDK8S_SPARK_QUIET) {
        const s = scope as any;
        if (!s[PRINTED]) Object.defineProperty(s, PRINTED, { value: new Set<string>(), enumerable: false });
        const done: Set<string> = s[PRINTED];
        for (const w of warningsOf(scope)) {
          if (done.has(w)) continue;
          done.add(w);
          process.stderr.write(`[cdk8s-spark] WARNING ${scope.node.path}: ${w}\n`);
        }
      }
      return [];
    },
  });
}
