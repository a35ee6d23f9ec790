import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SparkAppProps } from './spark-app-props';
import { apacheFeatureProblems, defineApacheApp } from '../backends/apache/spark-application';
import { SparkBackend } from '../backends/backend';
import { BackendLate, SubmitAppValues } from '../backends/backend-input';
import { defineSparkSubmit, SparkSubmitLate, submitterPod } from '../backends/spark-submit/submit-job';
import { defineStackableApp, stackableFeatureProblems } from '../backends/stackable/stackable-app';
import { ConcurrencyPolicy } from '../core/app-options';
import { ISparkFeature, ISparkNamespace } from '../core/contracts';
import { propError } from '../core/errors';
import { sizeToMebibytes } from '../core/util';
import { addWarning } from '../core/warn';
import { GangScheduler } from '../features/gang-scheduling';
import { SparkUiIngress } from '../features/ui-ingress';

// The back-end choice of a SparkApp: what each back-end cannot express (an error naming the
// back-end and the prop), and the objects of the operator-less back-end.

// The values every back-end reads from the app live in the back-end layer (backends/backend-input.ts).
export type { BackendLate, SubmitAppValues } from '../backends/backend-input';

/**
 * Defines the object(s) of a back-end other than kubeflow (whose SparkApplication SparkApp renders
 * itself) and returns the main one (the app's `apiObject`).
 */
export function defineBackendApp(
  scope: Construct, owner: string, props: SparkAppProps, backend: SparkBackend, app: SubmitAppValues, late: BackendLate,
): ApiObject {
  switch (backend.name) {
    case 'spark-submit':
      return defineSparkSubmitApp(scope, owner, props, backend, app, late);
    // BACKEND-DISPATCH (one case per back-end)
    case 'apache':
      return defineApacheApp(scope, owner, props, backend, app, late);
    case 'stackable':
      return defineStackableApp(scope, owner, props, backend, app, late);
    default:
      throw propError(owner, 'backend', backend.name, 'is not a back-end this version knows', 'use SparkBackend.kubeflow(), SparkBackend.apacheOperator(), SparkBackend.stackable() or SparkBackend.sparkSubmit()');
  }
}

/** Props the spark-submit back-end cannot express: the first is thrown. */
export function checkSparkSubmitProps(owner: string, props: SparkAppProps, backend: SparkBackend): void {
  const b = backend.description;
  if (props.sparkUi !== undefined) {
    throw propError(owner, 'sparkUi', props.sparkUi, `cannot be expressed by ${b}: the UI Service with its own type, port and labels is made by the kubeflow spark-operator, and spark-submit creates only the driver's headless Service`,
      'drop sparkUi (reach the UI with kubectl port-forward to the driver pod), or use SparkBackend.kubeflow()');
  }
  if (props.restartPolicy?.type === 'Always') {
    throw propError(owner, 'restartPolicy', 'RestartPolicy.always()', `cannot be expressed by ${b}: a Job restarts failed pods only, never a run that succeeded`,
      'use RestartPolicy.onFailure({ retries }) (the Job\'s backoffLimit), or a schedule');
  }
  const s = props.schedule;
  if (s && /^\s*(CRON_TZ|TZ)=/.test(s.cron)) {
    throw propError(owner, 'schedule.cron', s.cron, `cannot be expressed by ${b}: a Kubernetes CronJob rejects CRON_TZ= and TZ= in its schedule`,
      'move the zone into schedule.timeZone');
  }
  if (s?.concurrencyPolicy === ConcurrencyPolicy.REPLACE) {
    throw propError(owner, 'schedule.concurrencyPolicy', s.concurrencyPolicy, `cannot be expressed by ${b}: the CronJob would delete the running submitter Job, but not the driver pod spark-submit created, so two runs would overlap`,
      'use ConcurrencyPolicy.FORBID (skip a run while one is active) or ALLOW');
  }
}

/** Features the back-end cannot express (checked at synthesis: features may be added late). */
export function backendFeatureProblems(owner: string, backend: SparkBackend, features: ISparkFeature[]): string[] {
  // BACKEND-FEATURES (one line per back-end that cannot express some features)
  if (backend.name === 'apache') return apacheFeatureProblems(owner, backend, features);
  if (backend.name === 'stackable') return stackableFeatureProblems(owner, backend, features);
  if (backend.name !== 'spark-submit') return [];
  const errors: string[] = [];
  for (const f of features) {
    if (f instanceof SparkUiIngress) {
      errors.push(propError(owner, 'features', f.featureName, `cannot be expressed by ${backend.description}: the Ingress points at the UI Service <app>-ui-svc, which only the kubeflow spark-operator creates`,
        'drop the SparkUiIngress, or use SparkBackend.kubeflow()').message);
    }
    if (f instanceof GangScheduler && f.name === 'kueue') {
      errors.push(propError(owner, 'gangScheduler', f.featureName, `cannot be expressed by ${backend.description}: Kueue would admit the submitter Job's one pod, not the driver and executors spark-submit starts`,
        'use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()').message);
    }
  }
  return errors;
}

/**
 * Defines the Job or CronJob of the spark-submit back-end (with the submitter's RBAC, pod
 * templates and API server egress), counts the submitter pod in the namespace, and returns the
 * Job or CronJob.
 */
export function defineSparkSubmitApp(
  scope: Construct, owner: string, props: SparkAppProps, backend: SparkBackend, app: SubmitAppValues, late: SparkSubmitLate,
): ApiObject {
  checkSparkSubmitProps(owner, props, backend);
  const o = backend.sparkSubmitOptions;
  const cpuMillis = Math.max(1, Math.round((o.submitterCpu ?? 0.25) * 1000));
  const memoryMebibytes = o.submitterMemory ? sizeToMebibytes('SparkBackend.sparkSubmit', 'submitterMemory', o.submitterMemory) : 512;
  if (props.restartPolicy?.type === 'OnFailure') {
    addWarning(scope, `restartPolicy: ${backend.description} retries through the Job's backoffLimit (${props.restartPolicy.retries ?? 0}), with the Job's exponential back-off (10 s doubling, at most 6 min) instead of retryInterval and submissionRetryInterval; a failed submission and a failed app count against the same retries`, 'spark-submit-retries');
  }
  const ns = props.sparkNamespace;
  const api = defineSparkSubmit(scope, {
    ...app,
    submitImage: o.image ?? app.image,
    imagePullPolicy: props.imagePullPolicy,
    imagePullSecrets: props.imagePullSecrets,
    mainApplicationFile: props.mainApplicationFile,
    mainClass: props.mainClass,
    arguments: props.arguments,
    restartPolicy: props.restartPolicy,
    timeToLive: props.timeToLive,
    schedule: props.schedule,
    cpuMillis,
    memoryMebibytes,
    cpuLimit: ns?.requiresCpuLimits ?? false,
    apiServerCidrs: ns?.restrictsEgress ? apiServerCidrs(ns) : undefined,
  }, late);
  ns?.registerWorkload(`spark-submit-${app.name}`, [submitterPod(cpuMillis, memoryMebibytes, ns.requiresCpuLimits ? cpuMillis : undefined)]);
  return api;
}

/** The namespace's API server CIDRs (SparkNamespace's apiServerCidrs; its default otherwise). */
function apiServerCidrs(ns: ISparkNamespace): string[] {
  return [...ns.apiServerCidrs];
}
