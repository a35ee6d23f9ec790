import { ISparkFeature } from '../core/contracts';
import { SparkVersion } from '../core/versions';

/**
 * A history server apps can be bound to (`historyServer` prop of an app or of its SparkNamespace,
 * or `features`): binding sets the app's event-log dir, rolling and compression to the server's.
 */
export interface ISparkHistoryServer extends ISparkFeature {
  /** The event-log directory apps write to and the server reads. */
  readonly eventLogDir: string;
  /** Spark version of the history server. */
  readonly sparkVersion: SparkVersion;
}
