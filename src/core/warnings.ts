import { IConstruct } from 'constructs';
import { warningsOf } from './warn';

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

  private constructor() {}
}
