// What an app hands a back-end other than kubeflow: its back-end neutral values at construction
// and, read at synthesis, what features add later (final conf, pod templates, the resource model).
import { SparkSubmitLate } from './spark-submit/submit-job';
import { SparkAppResources } from '../core/resources';
import { SparkApplicationType } from '../core/types';
import { SparkVersion } from '../core/versions';

/** The app's values the spark-submit back-end needs at construction. */
export interface SubmitAppValues {
  readonly name: string;
  readonly namespace: string;
  readonly type: SparkApplicationType;
  readonly image: string;
  readonly serviceAccountName: string;
  readonly objectLabels: Record<string, string>;
  readonly uid: number;
  readonly gid: number;
  readonly sparkVersion: SparkVersion;
  /** Scala binary version of the Spark build. */
  readonly scalaVersion: string;
  /** The app's hadoopConf (each entry is in the conf as spark.hadoop.<key> too). */
  readonly hadoopConf: Record<string, string>;
}

/** What every non-kubeflow back-end reads from the app at synthesis (features add to it after construction). */
export interface BackendLate extends SparkSubmitLate {
  /** The pods Spark creates, as the resource model computes them. */
  resources(): SparkAppResources;
  /** Who set a conf key (for error messages). */
  confSource(key: string): string | undefined;
}

