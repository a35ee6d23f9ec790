import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { GpuAcceleration } from './gpu';
import { dynamicAllocationOf, labelValueProblem } from './gpu-util';
import { ConcurrencyPolicy } from '../core/app-options';
import { an, checkProps, defineShape, describeType, duration, enumOf, isPlainObject, required, Shape, str } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructLabel, formatValue, propError } from '../core/errors';
import { MANAGED_BY, sparkAppLabels } from '../core/labels';
import { addTotals, mebibytesToQuantity, millisToQuantity, podTotals } from '../core/model';
import { renderPlacement } from '../core/placement';
import { PodResources, ResourceTotals } from '../core/resources';
import { SparkPods } from '../core/types';
import { dnsSubdomainProblem, dropUndefined, sortedMap } from '../core/util';
import { addWarning } from '../core/warn';
import { kueueLocalQueues } from '../platform/kueue-queues';

/** What YuniKorn does when a gang cannot be placed before the placeholder timeout. */
export enum GangSchedulingStyle {
  /** Fail the application. */
  HARD = 'Hard',
  /** Fall back to normal scheduling (pods start as they fit). */
  SOFT = 'Soft',
}

/** Options of Volcano gang scheduling. */
export interface VolcanoGangOptions {
  /**
   * Volcano Queue (cluster-scoped, must exist).
   * @default "default"
   */
  readonly queue?: string;
  /**
   * PriorityClass that orders this PodGroup against others in the queue.
   * @default - none (Volcano's default priority)
   */
  readonly priorityClassName?: string;
}

/** Options of YuniKorn gang scheduling. */
export interface YunikornGangOptions {
  /** YuniKorn queue, e.g. `root.batch` (label `yunikorn.apache.org/queue`). */
  readonly queue: string;
  /**
   * How long YuniKorn keeps placeholders while it waits for the whole gang.
   * @default Duration.minutes(15)
   */
  readonly placeholderTimeout?: Duration;
  /**
   * What happens when the gang does not fit in time.
   * @default GangSchedulingStyle.HARD when the app trains in barrier mode (GpuAcceleration
   * barrierTraining, GpuTrainingJob distributedTraining), else GangSchedulingStyle.SOFT
   */
  readonly style?: GangSchedulingStyle;
}

/** Options of Kueue admission. */
export interface KueueGangOptions {
  /** LocalQueue in the app's namespace (label `kueue.x-k8s.io/queue-name`). */
  readonly queueName: string;
  /**
   * ClusterQueue to back the LocalQueue: when given, the app also defines the LocalQueue
   * (`kueue.x-k8s.io/v1beta2`), once per namespace and queue name in the cdk8s app.
   * @default - the LocalQueue exists already
   */
  readonly clusterQueue?: string;
}

// Runtime shapes of the options (see core/check.ts). Here rather than in gpu-shapes.ts: they need
// GangSchedulingStyle, and gpu-shapes.ts must not import this file, which uses them.
const STYLE = enumOf('GangSchedulingStyle', GangSchedulingStyle);
// Names: any string here; the factories check them as a queue or object name with a specific fix.
const NAME = str({ allowEmpty: true });
const VOLCANO_OPTIONS: Shape = defineShape('VolcanoGangOptions', {
  queue: NAME,
  priorityClassName: NAME,
});
const YUNIKORN_OPTIONS: Shape = defineShape('YunikornGangOptions', {
  queue: required(NAME),
  placeholderTimeout: duration(),
  style: STYLE,
});
const KUEUE_OPTIONS: Shape = defineShape('KueueGangOptions', {
  queueName: required(NAME),
  clusterQueue: NAME,
});

/** The options a factory was given, kept to record their warnings on the app when bound. */
interface GivenOptions {
  readonly typeName: string;
  readonly shape: Shape;
  readonly options: object;
}

/** Checks a factory's options; a missing options object is named like the factory's parameter. */
function checkOptions(owner: string, options: unknown, typeName: string, shape: Shape, example: string): GivenOptions {
  if (options === undefined || options === null) {
    const req = Object.keys(shape).filter(k => shape[k].required);
    throw propError(owner, 'options', options, `are required (${req.join(', ')})`, `pass ${typeName} such as ${example}`);
  }
  if (!isPlainObject(options)) {
    throw propError(owner, 'options', options, `must be ${an(typeName)} (a plain object)`, `got ${describeType(options)}; pass e.g. ${example}`);
  }
  checkProps({ owner }, options, typeName, shape);
  return { typeName, shape, options: { ...options as object } };
}

const YUNIKORN_TASK_GROUP_NAME = 'yunikorn.apache.org/task-group-name';
const YUNIKORN_TASK_GROUPS = 'yunikorn.apache.org/task-groups';
const YUNIKORN_POLICY = 'yunikorn.apache.org/schedulingPolicyParameters';
const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/**
 * All-or-nothing admission of an app's driver and executors: Volcano, YuniKorn or Kueue. A
 * feature: give it to any app's `gangScheduler` prop (a CPU batch SparkApp as well as a
 * GpuTrainingJob). The gang is sized from the app's resource model (driver + initial executors,
 * each with its exact requests), read when the manifests are rendered.
 *
 * - Volcano: a PodGroup (`<name>-podgroup`, the app's child `PodGroup`) with `minMember: 1` and
 *   `minResources` = driver + initial executors; pods get `schedulerName: volcano` and the
 *   `scheduling.k8s.io/group-name` annotation. Not minMember = 1 + executors: the driver creates
 *   the executor pods only once it runs, and Volcano schedules no pod of a group until minMember
 *   pods exist, so the lone driver would stay pending forever. With minMember 1, Volcano moves the
 *   group to Inqueue only when its queue can hold the whole minResources (the spark-operator and
 *   Spark's Volcano docs do the same). The reservation is per queue, not per node. The PodGroup is
 *   static, so reruns of a scheduled app share it (concurrencyPolicy Allow is rejected).
 * - YuniKorn: task groups `spark-driver` (1) and `spark-executor` (the initial executors) with
 *   the pods' exact requests, node selector, tolerations and affinity, on the driver; YuniKorn
 *   holds placeholders for the whole gang before the driver starts. The application id is Spark's
 *   own `spark-app-selector` label (unique per run); no `yunikorn.apache.org/app-id` label is
 *   set: the app name repeats across runs, and `{{APP_ID}}` in a label is only substituted from
 *   Spark 4.0 on (SPARK-47730).
 * - Kueue: the `kueue.x-k8s.io/queue-name` label on the application object (the kubeflow
 *   back-end then mirrors the pods' placement into the typed driver/executor fields Kueue reads);
 *   Kueue admits the whole SparkApplication against its ClusterQueue's quota. With
 *   `clusterQueue`, the LocalQueue (child `LocalQueue` of the first app naming it) is defined once
 *   per namespace and queue. Dynamic allocation is rejected.
 */
export class GangScheduler implements ISparkFeature {
  /**
   * Volcano: the app defines a PodGroup whose minResources cover the driver and the initial
   * executors; pods use `schedulerName: volcano` and join the group by annotation.
   * @see https://volcano.sh/en/docs/podgroup/
   */
  public static volcano(options: VolcanoGangOptions = {}): GangScheduler {
    const given = checkOptions('GangScheduler.volcano', options ?? {}, 'VolcanoGangOptions', VOLCANO_OPTIONS, '{ queue: "default" }');
    options = options ?? {};
    const queue = options.queue ?? 'default';
    const problem = dnsSubdomainProblem(queue);
    if (problem) throw propError('GangScheduler.volcano', 'queue', queue, problem, 'use the name of an existing Volcano Queue, or leave it unset for "default"');
    if (options.priorityClassName !== undefined) {
      const p = dnsSubdomainProblem(options.priorityClassName);
      if (p) throw propError('GangScheduler.volcano', 'priorityClassName', options.priorityClassName, p, 'use the name of an existing PriorityClass');
    }
    return new GangScheduler('volcano', { queue, priorityClassName: options.priorityClassName, given });
  }

  /**
   * YuniKorn: task groups `spark-driver` and `spark-executor` with the computed sizes; YuniKorn
   * reserves the whole gang with placeholder pods before the driver starts.
   * @see https://yunikorn.apache.org/docs/user_guide/gang_scheduling
   */
  public static yunikorn(options: YunikornGangOptions): GangScheduler {
    const given = checkOptions('GangScheduler.yunikorn', options, 'YunikornGangOptions', YUNIKORN_OPTIONS, '{ queue: "root.batch" }');
    const problem = labelValueProblem(options.queue);
    if (problem || options.queue === '') {
      throw propError('GangScheduler.yunikorn', 'queue', options.queue, problem ?? 'must not be empty', 'use a YuniKorn queue path such as root.batch');
    }
    const ms = options.placeholderTimeout?.toMilliseconds();
    if (ms !== undefined && (ms < 1000 || ms % 1000 !== 0)) {
      throw propError('GangScheduler.yunikorn', 'placeholderTimeout', options.placeholderTimeout, 'must be a whole number of seconds of at least 1 (YuniKorn takes placeholderTimeoutInSeconds)',
        'use e.g. Duration.seconds(90) or Duration.minutes(15) (the default)');
    }
    return new GangScheduler('yunikorn', {
      queue: options.queue,
      placeholderTimeoutSeconds: ms === undefined ? 900 : ms / 1000,
      style: options.style,
      given,
    });
  }

  /**
   * Kueue: the application object carries the `kueue.x-k8s.io/queue-name` label; Kueue admits
   * driver and executors against the ClusterQueue's quota in one step (needs spark-operator 2.4+
   * and Kueue's SparkApplication integration; dynamic allocation is rejected).
   * @see https://kueue.sigs.k8s.io/docs/tasks/run/kubeflow/sparkapplications/
   */
  public static kueue(options: KueueGangOptions): GangScheduler {
    const given = checkOptions('GangScheduler.kueue', options, 'KueueGangOptions', KUEUE_OPTIONS, '{ queueName: "team-gpu" }');
    const problem = dnsSubdomainProblem(options.queueName) ?? labelValueProblem(options.queueName);
    if (problem) throw propError('GangScheduler.kueue', 'queueName', options.queueName, problem, 'use the name of the LocalQueue in the app\'s namespace');
    if (options.clusterQueue !== undefined) {
      const p = dnsSubdomainProblem(options.clusterQueue);
      if (p) throw propError('GangScheduler.kueue', 'clusterQueue', options.clusterQueue, p, 'use the name of an existing ClusterQueue');
    }
    return new GangScheduler('kueue', { queue: options.queueName, clusterQueue: options.clusterQueue, given });
  }

  /** `volcano`, `yunikorn` or `kueue`. */
  public readonly name: string;
  /** What the feature is, for conflict messages (e.g. "GangScheduler yunikorn"). */
  public readonly featureName: string;
  /** The Volcano queue, the YuniKorn queue or the Kueue LocalQueue. */
  public readonly queue: string;
  /** Volcano: the PodGroup's priority class, if given. */
  public readonly priorityClassName?: string;
  /** YuniKorn: how long placeholders wait for the whole gang, in seconds. */
  public readonly placeholderTimeoutSeconds?: number;
  /** YuniKorn: the style given (withStyle or the option); undefined means the default (see YunikornGangOptions). */
  public readonly style?: GangSchedulingStyle;
  /** Kueue: the ClusterQueue the defined LocalQueue points at, if the app defines it. */
  public readonly clusterQueue?: string;

  private readonly given: GivenOptions;

  private constructor(name: string, options: {
    queue: string;
    priorityClassName?: string;
    placeholderTimeoutSeconds?: number;
    style?: GangSchedulingStyle;
    clusterQueue?: string;
    given: GivenOptions;
  }) {
    this.name = name;
    this.featureName = `GangScheduler ${name}`;
    this.queue = options.queue;
    this.priorityClassName = options.priorityClassName;
    this.placeholderTimeoutSeconds = options.placeholderTimeoutSeconds;
    this.style = options.style;
    this.clusterQueue = options.clusterQueue;
    this.given = options.given;
  }

  /**
   * The same YuniKorn gang with another style (YuniKorn only).
   * @param style what happens when the gang does not fit in time
   */
  public withStyle(style: GangSchedulingStyle): GangScheduler {
    checkProps({ owner: 'GangScheduler.withStyle' }, { style }, 'GangScheduler.withStyle arguments', { style: required(STYLE) });
    if (this.name !== 'yunikorn') {
      throw propError('GangScheduler.withStyle', 'style', style, `applies to GangScheduler.yunikorn() only, not to ${this.featureName}`,
        `drop withStyle (a ${this.name} gang has no style)`);
    }
    return new GangScheduler(this.name, { queue: this.queue, placeholderTimeoutSeconds: this.placeholderTimeoutSeconds, style, given: this.given });
  }

  /** Applies the gang scheduler to the app. */
  public bind(app: ISparkApp): void {
    const owner = constructLabel('SparkApp', app);
    // The options' warnings (unknown options) go to the app, named after its gangScheduler prop.
    checkProps({ owner, scope: app }, this.given.options, this.given.typeName, this.given.shape, 'gangScheduler');
    if (this.name === 'volcano') this.bindVolcano(app, owner);
    if (this.name === 'yunikorn') this.bindYunikorn(app);
    if (this.name === 'kueue') this.bindKueue(app, owner);
  }

  private bindVolcano(app: ISparkApp, owner: string) {
    if (app.schedule?.concurrencyPolicy === ConcurrencyPolicy.ALLOW) {
      throw propError(owner, 'schedule.concurrencyPolicy', app.schedule.concurrencyPolicy, 'cannot be used with GangScheduler.volcano(): all runs join the app\'s one PodGroup, whose minResources cover a single run',
        'use ConcurrencyPolicy.FORBID or ConcurrencyPolicy.REPLACE');
    }
    const name = `${app.name}-podgroup`;
    app.setSchedulerName(SparkPods.ALL, 'volcano', this.featureName);
    app.addPodAnnotations(SparkPods.ALL, { 'scheduling.k8s.io/group-name': name }, this.featureName);
    const podGroup = new ApiObject(scopeOf(app), 'PodGroup', {
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'PodGroup',
      metadata: { name, namespace: app.namespace, labels: sparkAppLabels(app.name, 'pod-group') },
      spec: Lazy.any({
        produce: () => {
          const r = app.resources();
          return {
            // 1, not driver + executors: see the class doc (the executors exist only once the driver runs).
            minMember: 1,
            minResources: gangResources(addTotals(podTotals(r.driver, 1), podTotals(r.executor, r.initialExecutors))),
            queue: this.queue,
            priorityClassName: this.priorityClassName,
          };
        },
      }),
    });
    // The group first, so the pods never reference a group that does not exist yet.
    app.addObjectDependency(podGroup);
  }

  private bindYunikorn(app: ISparkApp) {
    const trainer = app.features.find(f => f instanceof GpuAcceleration && f.barrierTraining);
    const barrier = trainer !== undefined;
    if (trainer && this.style === GangSchedulingStyle.SOFT) {
      // Spark copes (a barrier job waits for its slots, then fails), so a warning, not an error.
      addWarning(app, `gangScheduler.style "Soft" lets YuniKorn place the pods one by one when the whole gang does not fit within its placeholder timeout, but the barrier training of ${trainer.featureName} needs every executor at once: executors that fit hold their GPUs idle, and Spark fails the job when not all of them registered within 40 checks 15s apart; use GangSchedulingStyle.HARD or leave style unset (barrier training defaults to HARD)`,
        'barrier-soft-gang');
    }
    const style = this.style ?? (barrier ? GangSchedulingStyle.HARD : GangSchedulingStyle.SOFT);
    app.setSchedulerName(SparkPods.ALL, 'yunikorn', this.featureName);
    app.addPodLabels(SparkPods.ALL, { 'yunikorn.apache.org/queue': this.queue }, this.featureName);
    const executors = app.resources().initialExecutors;
    const taskGroups = Lazy.any({
      produce: () => {
        const r = app.resources();
        // Placeholders must land where the real pods will: same node selector, tolerations, affinity.
        const group = (name: string, minMember: number, pod: PodResources) => dropUndefined({
          name,
          minMember,
          minResource: gangResources(podTotals(pod, 1)),
          ...renderPlacement(app.placementOf(pod.role)),
        });
        const groups = [group('spark-driver', 1, r.driver)];
        if (r.initialExecutors > 0) groups.push(group('spark-executor', r.initialExecutors, r.executor));
        return JSON.stringify(groups);
      },
    }) as unknown as string;
    app.addPodAnnotations(SparkPods.DRIVER, {
      [YUNIKORN_TASK_GROUP_NAME]: 'spark-driver',
      [YUNIKORN_TASK_GROUPS]: taskGroups,
      [YUNIKORN_POLICY]: `placeholderTimeoutInSeconds=${this.placeholderTimeoutSeconds} gangSchedulingStyle=${style}`,
    }, this.featureName);
    if (executors > 0) app.addPodAnnotations(SparkPods.EXECUTORS, { [YUNIKORN_TASK_GROUP_NAME]: 'spark-executor' }, this.featureName);
  }

  private bindKueue(app: ISparkApp, owner: string) {
    if (app.sparkConfValue('spark.dynamicAllocation.enabled')?.trim().toLowerCase() === 'true') {
      const da = dynamicAllocationOf(app);
      throw propError(owner, da.prop, da.value, `${da.setBy}cannot be used with GangScheduler.kueue: Kueue's SparkApplication integration rejects dynamic allocation`,
        'use static executors (executorInstances) instead of dynamic allocation');
    }
    // The back-end mirrors the pods' placement into the typed fields Kueue reads (see the class doc).
    app.addApplicationLabels({ [KUEUE_QUEUE_LABEL]: this.queue }, this.featureName);
    const cq = this.clusterQueue;
    if (cq === undefined) return;
    // LocalQueues defined in this cdk8s app, so several apps naming one queue define it once.
    const defined = kueueLocalQueues(app);
    const key = `${app.namespace}/${this.queue}`;
    const existing = defined.get(key);
    if (existing !== undefined) {
      if (existing !== cq) {
        throw propError(owner, 'gangScheduler.clusterQueue', cq, `conflicts with ${formatValue(existing)} given by another app for LocalQueue ${key}: a LocalQueue points at one ClusterQueue`,
          `give every app of LocalQueue ${key} the same clusterQueue, or give it on one app only`);
      }
      return;
    }
    defined.set(key, cq);
    const localQueue = new ApiObject(scopeOf(app), 'LocalQueue', {
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'LocalQueue',
      metadata: {
        name: this.queue,
        namespace: app.namespace,
        labels: { 'app.kubernetes.io/component': 'local-queue', 'app.kubernetes.io/part-of': app.namespace, ...MANAGED_BY },
      },
      spec: { clusterQueue: cq },
    });
    // The queue first, so the application never references a queue that does not exist yet.
    app.addObjectDependency(localQueue);
  }
}

/** Requests as a ResourceList, for PodGroup minResources and YuniKorn minResource. */
function gangResources(t: ResourceTotals): Record<string, string> {
  const out: Record<string, string> = {
    cpu: millisToQuantity(t.cpuRequestMillis),
    memory: mebibytesToQuantity(t.memoryRequestMebibytes),
  };
  for (const [k, v] of Object.entries(t.extendedResources)) out[k] = `${v}`;
  return sortedMap(out)!;
}

/** The app as the scope of the objects the feature defines next to it. */
function scopeOf(app: ISparkApp): Construct {
  return app as unknown as Construct;
}
