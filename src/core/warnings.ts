import { IConstruct } from 'constructs';
import { propError } from './errors';
import { ACKNOWLEDGED_KEY, warningsOf } from './warn';

/**
 * Warnings the library recorded for legal but risky settings.
 *
 * Each is also printed to stderr when the app synthesizes (set `CDK8S_SPARK_QUIET=1` to silence).
 */
export class SparkWarnings {
  /**
   * Every warning recorded on the construct and its children, as `path: message`.
   */
  public static of(scope: IConstruct): string[] {
    const out: string[] = [];
    for (const c of scope.node.findAll()) {
      for (const w of warningsOf(c)) out.push(`${c.node.path}: ${w}`);
    }
    return out;
  }

  /**
   * Acknowledges one warning by its id (the `[id]` at the end of its message) on one construct
   * and its children: it is no longer recorded or printed there. Other warnings, and the same
   * warning on other constructs, stay.
   *
   * @param scope the construct (e.g. one SparkApp) whose warning is acknowledged
   * @param id the warning's id, e.g. `unknown-spark-key`
   */
  public static acknowledge(scope: IConstruct, id: string): void {
    if (typeof id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      throw propError('SparkWarnings.acknowledge', 'id', id, 'is not a warning id', 'give the kebab-case id shown in [brackets] at the end of the warning');
    }
    scope.node.addMetadata(ACKNOWLEDGED_KEY, id);
  }

  private constructor() {}
}
