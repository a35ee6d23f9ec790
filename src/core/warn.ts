import { Construct, IConstruct } from 'constructs';

/** Metadata type under which warnings are recorded. */
export const WARNING_KEY = 'cdk8s-spark/warning';

/** Records a warning on a construct; it is printed when the app synthesizes. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_KEY, message);
}

const printed = new WeakMap<IConstruct, Set<string>>();

/**
 * Prints a construct's warnings at synthesis (stderr), once each however often the app validates,
 * unless CDK8S_SPARK_QUIET is set.
 */
export function printWarningsOnSynth(scope: Construct): void {
  scope.node.addValidation({
    validate: () => {
      if (!process.env.CDK8S_SPARK_QUIET) {
        const done = printed.get(scope) ?? new Set<string>();
        printed.set(scope, done);
        for (const m of scope.node.metadata) {
          if (m.type !== WARNING_KEY || done.has(m.data)) continue;
          done.add(m.data);
          process.stderr.write(`[cdk8s-spark] WARNING ${scope.node.path}: ${m.data}\n`);
        }
      }
      return [];
    },
  });
}
