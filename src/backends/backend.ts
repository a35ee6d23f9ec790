import { Size } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { SPARK_SUBMIT_OPTIONS } from './backend-shapes';
import { propError } from '../core/errors';
import { checkOptions, sizeToMebibytes } from '../core/util';

/**
 * Options of the operator-less back-end (`SparkBackend.sparkSubmit`).
 */
export interface SparkSubmitOptions {
  /**
   * Image of the submitter pod, which runs `/opt/spark/bin/spark-submit`; it must hold the same
   * Spark version as the app's image.
   * @default - the app's image
   */
  readonly image?: string;
  /**
   * CPU request of the submitter pod, in cores (spark-submit only creates the driver pod and
   * watches it).
   * @default 0.25
   */
  readonly submitterCpu?: number;
  /**
   * Memory request and limit of the submitter pod.
   * @default Size.mebibytes(512)
   */
  readonly submitterMemory?: Size;
}

/**
 * How an app is handed to Kubernetes: the kubeflow spark-operator's `SparkApplication` (the
 * default), or no operator at all: a Kubernetes `Job` (a `CronJob` when scheduled) whose pod runs
 * `spark-submit --deploy-mode cluster` against the API server.
 *
 * The resource model, the checks, the features and the tenants are the same under every
 * back-end; a prop or feature a back-end cannot express is an error naming the back-end and the
 * prop.
 */
export class SparkBackend {
  /**
   * The kubeflow spark-operator (v2.5, `sparkoperator.k8s.io/v1beta2`): a `SparkApplication`, or
   * a `ScheduledSparkApplication` when the app has a schedule.
   */
  public static kubeflow(): SparkBackend {
    return new SparkBackend('kubeflow', 'the kubeflow spark-operator back-end', {});
  }

  // BACKEND-FACTORIES: one static factory per back-end (checking its options), in this order:
  // kubeflow, apacheOperator, stackable, sparkSubmit.

  /**
   * No operator: a `Job` (a `CronJob` when scheduled) whose pod runs `spark-submit --deploy-mode
   * cluster` with every entry of the app's final Spark conf as a `--conf` argument and the pod
   * templates mounted from a ConfigMap; `spark.kubernetes.submission.waitAppCompletion=true`, so
   * the Job succeeds or fails with the app. The submitter gets its own ServiceAccount and a Role
   * that may only create, read, watch and delete what spark-submit creates.
   *
   * @param options the submitter's image and resources
   */
  public static sparkSubmit(options: SparkSubmitOptions = {}): SparkBackend {
    const owner = 'SparkBackend.sparkSubmit';
    checkOptions({ owner }, options, 'SparkSubmitOptions', SPARK_SUBMIT_OPTIONS);
    const o = options ?? {};
    if (o.submitterMemory !== undefined && sizeToMebibytes(owner, 'submitterMemory', o.submitterMemory) < 256) {
      throw propError(owner, 'submitterMemory', o.submitterMemory, 'must be at least 256 MiB (spark-submit is a JVM)', 'use Size.mebibytes(512)');
    }
    return new SparkBackend('spark-submit', 'the spark-submit back-end', { sparkSubmit: o });
  }

  /**
   * Makes `backend` the back-end of every SparkApp defined below `scope` (an App, a Chart or any
   * construct) that has no `backend` prop; the closest scope's default wins. Call it before
   * defining the apps.
   *
   * @param scope the App, Chart or construct whose apps use the back-end
   * @param backend the back-end
   */
  public static useByDefault(scope: IConstruct, backend: SparkBackend): void {
    const owner = 'SparkBackend.useByDefault';
    if (typeof scope !== 'object' || scope === null || typeof (scope as any).node !== 'object') {
      throw propError(owner, 'scope', scope, 'is not a construct', 'pass the App, a Chart or another construct');
    }
    if (!SparkBackend.isSparkBackend(backend)) {
      throw propError(owner, 'backend', backend, 'is not a SparkBackend', 'use SparkBackend.kubeflow(), SparkBackend.sparkSubmit(), ...');
    }
    DEFAULTS.set(scope.node, backend);
  }

  /**
   * The back-end `useByDefault` set on `scope` or its closest enclosing construct, if any.
   *
   * @param scope the construct to look up from
   */
  public static defaultFor(scope: IConstruct): SparkBackend | undefined {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const b = DEFAULTS.get(scopes[i].node);
      if (b) return b;
    }
    return undefined;
  }

  /** Whether a value is a SparkBackend (also across copies of the library). */
  public static isSparkBackend(x: unknown): x is SparkBackend {
    return typeof x === 'object' && x !== null && (x as any)[BACKEND_SYMBOL] === true;
  }

  /** `kubeflow` or `spark-submit`. */
  public readonly name: string;
  /** How error messages name the back-end (e.g. "the spark-submit back-end"). */
  public readonly description: string;
  /** The spark-submit options (empty for other back-ends). */
  public readonly sparkSubmitOptions: SparkSubmitOptions;
  // BACKEND-OPTIONS: one public readonly options property per back-end, set from `options` below.

  private constructor(name: string, description: string, options: BackendOptions) {
    this.name = name;
    this.description = description;
    this.sparkSubmitOptions = options.sparkSubmit ?? {};
    Object.defineProperty(this, BACKEND_SYMBOL, { value: true });
  }
}

/** Each back-end's options (one entry per back-end; only the chosen back-end's is set). */
interface BackendOptions {
  readonly sparkSubmit?: SparkSubmitOptions;
}

const BACKEND_SYMBOL = Symbol.for('cdk8s-spark.SparkBackend');
/** Defaults per construct node (weak: constructs of a finished App are collected). */
const DEFAULTS = new WeakMap<Node, SparkBackend>();
