// What an app hands a back-end other than kubeflow: its back-end neutral values at construction
// and, read at synthesis, what features add later (final conf, pod templates, the resource model).
import { Duration } from 'cdk8s';
import { SparkSubmitLate } from './spark-submit/submit-job';
import { SparkSchedule, SparkUiOptions } from '../core/app-options';
import { ISparkFeature, ISparkNamespace } from '../core/contracts';
import { SparkAppResources } from '../core/resources';
import { RestartPolicy } from '../core/restart-policy';
import { ImagePullPolicy, SparkApplicationType } from '../core/types';
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


/**
 * The app's props the operator back-ends read: a structural subset of SparkAppProps (which fits
 * it), since the back-end layer does not import the workloads layer.
 */
export interface BackendAppProps {
  readonly mainApplicationFile: string;
  readonly mainClass?: string;
  readonly arguments?: string[];
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: string[];
  readonly restartPolicy?: RestartPolicy;
  readonly timeToLive?: Duration;
  readonly schedule?: SparkSchedule;
  readonly sparkUi?: SparkUiOptions;
  readonly features?: ISparkFeature[];
  readonly sparkNamespace?: ISparkNamespace;
  readonly applicationAnnotations?: { [key: string]: string };
}
