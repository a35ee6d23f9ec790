import { IConstruct } from 'constructs';

/** Metadata type under which warnings are recorded. */
export const WARNING_KEY = 'cdk8s-spark/warning';

const PRODUCERS = Symbol.for('cdk8s-spark.warning-producers');
const PRINTED = Symbol.for('cdk8s-spark.warnings-printed');

/** Records a warning on a construct (at construction); it is printed when the app synthesizes. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_KEY, message);
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

/** Every warning of one construct: recorded ones, then derived ones, without repeats. */
export function warningsOf(scope: IConstruct): string[] {
  const out: string[] = [];
  for (const m of scope.node.metadata) {
    if (m.type === WARNING_KEY && !out.includes(m.data)) out.push(m.data);
  }
  for (const produce of ((scope as any)[PRODUCERS] ?? []) as Array<() => string[]>) {
    for (const w of produce()) if (!out.includes(w)) out.push(w);
  }
  return out;
}

/**
 * Prints a construct's warnings at synthesis (stderr), once each however often the app validates,
 * unless CDK8S_SPARK_QUIET is set.
 */
export function printWarningsOnSynth(scope: IConstruct): void {
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
