import { Size } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { ApacheOperatorOptions } from './apache/options';
import { APACHE_OPERATOR_OPTIONS, SPARK_SUBMIT_OPTIONS, STACKABLE_OPTIONS } from './backend-shapes';
import { StackableOptions } from './stackable/stackable-options';
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
 * default), the Apache spark-kubernetes-operator's (`spark.apache.org/v1`), Stackable's
 * (`spark.stackable.tech/v1alpha1`), or no operator at all: a Kubernetes `Job` (a `CronJob` when
 * scheduled) whose pod runs `spark-submit --deploy-mode cluster` against the API server.
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
   * The Apache spark-kubernetes-operator (1.0, `spark.apache.org/v1`): a `SparkApplication` the
   * operator turns into a driver pod with Spark's own KubernetesDriverBuilder, from the app's
   * final conf and pod templates. Spark 4.0 and above; no schedule (the operator has no scheduled
   * kind). The app's namespace must be one the operator watches
   * (`spark.kubernetes.operator.watchedNamespaces`).
   *
   * @param options the operator's start timeouts and the retention of a failed run
   */
  public static apacheOperator(options: ApacheOperatorOptions = {}): SparkBackend {
    const owner = 'SparkBackend.apacheOperator';
    checkOptions({ owner }, options, 'ApacheOperatorOptions', APACHE_OPERATOR_OPTIONS);
    return new SparkBackend('apache', 'the Apache spark-kubernetes-operator back-end', { apacheOperator: options ?? {} });
  }

  /**
   * The Stackable spark-k8s-operator (`spark.stackable.tech/v1alpha1`): a `SparkApplication` the
   * operator submits once, from a Job it creates (`spark-submit` in cluster mode with the app's
   * final conf as `sparkConf`, which wins over the operator's own settings, and the app's pod
   * templates merged into the operator's through `podOverrides`). The image must be a Stackable
   * `spark-k8s` image (`SparkImage.stackable(...)`) or one built on it; the driver and executors
   * always get a CPU limit (the request unless `driverCoreLimit` / `executorCoreLimit` say otherwise); no schedule, restart
   * after success, time to live or UI Service. The operator creates the submit Job's
   * ServiceAccount and RoleBinding itself; the driver runs as the app's own identity.
   *
   * @param options the product version and the submit Job's resources
   */
  public static stackable(options: StackableOptions = {}): SparkBackend {
    const owner = 'SparkBackend.stackable';
    checkOptions({ owner }, options, 'StackableOptions', STACKABLE_OPTIONS);
    const o = options ?? {};
    if (o.submitterMemory !== undefined && sizeToMebibytes(owner, 'submitterMemory', o.submitterMemory) < 256) {
      throw propError(owner, 'submitterMemory', o.submitterMemory, 'must be at least 256 MiB (spark-submit is a JVM)', 'use Size.mebibytes(512)');
    }
    const request = o.submitterCpu ?? 0.1;
    if (o.submitterCpuLimit !== undefined && o.submitterCpuLimit < request) {
      throw propError(owner, 'submitterCpuLimit', o.submitterCpuLimit, `is below the CPU request ${request} (submitterCpu)`, `use at least ${request}`);
    }
    return new SparkBackend('stackable', 'the Stackable spark-k8s-operator back-end', { stackable: o });
  }

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

  /** `kubeflow`, `apache`, `stackable` or `spark-submit`. */
  public readonly name: string;
  /** How error messages name the back-end (e.g. "the spark-submit back-end"). */
  public readonly description: string;
  /** The spark-submit options (empty for other back-ends). */
  public readonly sparkSubmitOptions: SparkSubmitOptions;
  // BACKEND-OPTIONS: one public readonly options property per back-end, set from `options` below.
  /** The Apache spark-kubernetes-operator options (empty for other back-ends). */
  public readonly apacheOperatorOptions: ApacheOperatorOptions;
  /** The Stackable spark-k8s-operator options (empty for other back-ends). */
  public readonly stackableOptions: StackableOptions;

  private constructor(name: string, description: string, options: BackendOptions) {
    this.name = name;
    this.description = description;
    this.sparkSubmitOptions = options.sparkSubmit ?? {};
    this.apacheOperatorOptions = options.apacheOperator ?? {};
    this.stackableOptions = options.stackable ?? {};
    Object.defineProperty(this, BACKEND_SYMBOL, { value: true });
  }
}

/** Each back-end's options (one entry per back-end; only the chosen back-end's is set). */
interface BackendOptions {
  readonly sparkSubmit?: SparkSubmitOptions;
  readonly apacheOperator?: ApacheOperatorOptions;
  readonly stackable?: StackableOptions;
}

const BACKEND_SYMBOL = Symbol.for('cdk8s-spark.SparkBackend');
/** Defaults per construct node (weak: constructs of a finished App are collected). */
const DEFAULTS = new WeakMap<Node, SparkBackend>();
