import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  isShellSafe, renderStackableSpec, STACKABLE_API_VERSION, STACKABLE_SUBMIT_DEFAULTS, STACKABLE_SUBMIT_JOB_TTL_SECONDS,
  StackableRenderProblem,
} from './spark-application';
import { ISparkFeature } from '../../core/contracts';
import { propError } from '../../core/errors';
import { ConfValueError } from '../../core/model';
import { keyProp, sizeToMebibytes } from '../../core/util';
import { addWarning, addWarningProducer } from '../../core/warn';
import type { SparkBackend } from '../backend';
import type { BackendAppProps, BackendLate, SubmitAppValues } from '../backend-input';
import { backoffLimit, defineApiServerEgress, submitterLabels, submitterPod } from '../spark-submit/submit-job';

/** Features are recognised by name (back-ends sit below the features): SparkUiIngress, GangScheduler kueue. */
const UI_INGRESS = 'SparkUiIngress';
const KUEUE = 'GangScheduler kueue';

/** The Stackable operator stores `retryOnFailureCount` as a uint16 (CRD `format: uint16`). */
const MAX_RETRIES = 65535;

/** Props the Stackable back-end cannot express: the first is thrown. */
export function checkStackableProps(owner: string, props: BackendAppProps, backend: SparkBackend): void {
  const b = backend.description;
  if (props.schedule !== undefined) {
    throw propError(owner, 'schedule', props.schedule, `cannot be expressed by ${b}: the operator has no scheduled kind and submits each SparkApplication once`,
      'drop schedule (create the SparkApplication from your own CronJob), or use SparkBackend.kubeflow() or SparkBackend.sparkSubmit()');
  }
  if (props.sparkUi !== undefined) {
    throw propError(owner, 'sparkUi', props.sparkUi, `cannot be expressed by ${b}: the operator makes no UI Service for applications (stackabletech/spark-k8s-operator#454), and spark-submit creates only the driver's headless Service`,
      'drop sparkUi (reach the UI with kubectl port-forward to the driver pod), or use SparkBackend.kubeflow()');
  }
  if (props.restartPolicy?.type === 'Always') {
    throw propError(owner, 'restartPolicy', 'RestartPolicy.always()', `cannot be expressed by ${b}: the operator submits an app once and never restarts it; only a failed submit Job is retried (job.config.retryOnFailureCount)`,
      'use RestartPolicy.onFailure({ retries }), or SparkBackend.kubeflow()');
  }
  const retries = props.restartPolicy?.type === 'OnFailure' ? backoffLimit(props.restartPolicy) : 0;
  if (retries > MAX_RETRIES) {
    throw propError(owner, 'restartPolicy.retries', retries, `is more than ${b} can hold (job.config.retryOnFailureCount is a 16-bit count)`, `use at most ${MAX_RETRIES}`);
  }
  if (props.timeToLive !== undefined) {
    throw propError(owner, 'timeToLive', props.timeToLive, `cannot be expressed by ${b}: the SparkApplication has no time to live (the operator removes only its submit Job, ${STACKABLE_SUBMIT_JOB_TTL_SECONDS} s after it finished)`,
      'drop timeToLive and delete finished SparkApplications yourself, or use SparkBackend.kubeflow()');
  }
  const template = Object.keys(props.applicationAnnotations ?? {}).find(k => k.startsWith('spark-application.template.'));
  if (template !== undefined) {
    throw propError(owner, `applicationAnnotations["${template}"]`, props.applicationAnnotations![template], `cannot be expressed by ${b}: the operator would merge SparkApplicationTemplates into the app when it is created, which can change its conf, resources and containers behind the library's resource model`,
      'drop the template annotations and give the settings as the app\'s props (or share them in code)');
  }
  if (!isShellSafe(props.mainApplicationFile)) {
    throw propError(owner, 'mainApplicationFile', props.mainApplicationFile, `cannot be expressed by ${b}: the operator writes it unquoted into the bash command that runs spark-submit, where spaces and shell characters would change it`,
      'use a path or URI of letters, digits and . / : @ % + = , ~ - only (URL-encode other characters, e.g. %20 for a space)');
  }
  if (props.mainClass !== undefined && !isShellSafe(props.mainClass)) {
    throw propError(owner, 'mainClass', props.mainClass, `cannot be expressed by ${b}: the operator writes it unquoted into the bash command that runs spark-submit`,
      'give the fully qualified class name, e.g. org.example.App');
  }
}

/** Features the Stackable back-end cannot express (checked at synthesis: features may be added late). */
export function stackableFeatureProblems(owner: string, backend: SparkBackend, features: ISparkFeature[]): string[] {
  const errors: string[] = [];
  for (const f of features) {
    if (f.featureName === UI_INGRESS) {
      errors.push(propError(owner, 'features', f.featureName, `cannot be expressed by ${backend.description}: the Ingress points at the UI Service <app>-ui-svc, which only the kubeflow spark-operator creates (the Stackable operator makes none for applications, stackabletech/spark-k8s-operator#454)`,
        'drop the SparkUiIngress, or use SparkBackend.kubeflow()').message);
    }
    if (f.featureName === KUEUE) {
      errors.push(propError(owner, 'gangScheduler', f.featureName, `cannot be expressed by ${backend.description}: Kueue has no integration for the Stackable SparkApplication, and would admit the submit Job's one pod, not the driver and executors spark-submit starts`,
        'use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()').message);
    }
  }
  return errors;
}

/**
 * Defines the Stackable SparkApplication (and, when the app's namespace restricts egress, the
 * submit pod's NetworkPolicy to the API server), counts the submit pod in the namespace, and
 * returns the SparkApplication.
 *
 * Identity: the operator creates a ServiceAccount and RoleBinding named like the app itself
 * (bound to `spark-k8s-clusterrole`); only the submit pod uses them. The driver runs as the app's
 * own identity (its driver identity, the SparkNamespace's, or `serviceAccountName`), set through
 * `spark.kubernetes.authenticate.driver.serviceAccountName` (which wins over the operator's pod
 * template, and over the account the operator passed on the command line before 25.11.0:
 * stackabletech/spark-k8s-operator#616, fixed by #617) and `serviceAccountName` in the
 * podOverrides; the executors get the driver's account without a token, as under the other
 * back-ends.
 */
export function defineStackableApp(
  scope: Construct, owner: string, props: BackendAppProps, backend: SparkBackend, app: SubmitAppValues, late: BackendLate,
): ApiObject {
  checkStackableProps(owner, props, backend);
  const o = backend.stackableOptions;
  const opt = 'SparkBackend.stackable';
  const cpuMillis = o.submitterCpu !== undefined ? Math.max(1, Math.round(o.submitterCpu * 1000)) : STACKABLE_SUBMIT_DEFAULTS.cpuMillis;
  const cpuLimitMillis = o.submitterCpuLimit !== undefined
    ? Math.max(1, Math.round(o.submitterCpuLimit * 1000))
    : Math.max(cpuMillis, STACKABLE_SUBMIT_DEFAULTS.cpuLimitMillis);
  const memoryMebibytes = o.submitterMemory ? sizeToMebibytes(opt, 'submitterMemory', o.submitterMemory) : STACKABLE_SUBMIT_DEFAULTS.memoryMebibytes;
  const retries = props.restartPolicy?.type === 'OnFailure' ? backoffLimit(props.restartPolicy) : 0;
  if (props.restartPolicy?.type === 'OnFailure') {
    addWarningProducer(scope, () => {
      const wait = late.conf().get('spark.kubernetes.submission.waitAppCompletion')?.trim().toLowerCase() !== 'false';
      const what = wait
        ? 'spark-submit waits for the driver and fails with it, so a failed run is submitted again'
        : 'spark.kubernetes.submission.waitAppCompletion is false, so spark-submit ends once the driver pod exists and only a failed submission is retried, never a failed run';
      return [`restartPolicy: ${backend.description} retries through the submit Job's backoffLimit (job.config.retryOnFailureCount ${retries}): ${what}, with the Job's exponential back-off (10 s doubling, at most 6 min) instead of retryInterval and submissionRetryInterval [stackable-retries]`];
    });
  }
  if (!/spark-k8s/.test(app.image)) {
    addWarning(scope, `image ${app.image}: ${backend.description} runs /stackable/spark/bin/spark-submit from the app's image, so it must be a Stackable spark-k8s image or one built on it (SparkImage.stackable(...))`, 'stackable-image');
  }

  const ns = props.sparkNamespace;
  const labels = submitterLabels(app.objectLabels);
  const render = () => renderStackableSpec({
    name: app.name,
    namespace: app.namespace,
    type: app.type,
    sparkVersion: app.sparkVersion,
    productVersion: o.productVersion ?? app.sparkVersion.version,
    image: app.image,
    imagePullPolicy: props.imagePullPolicy,
    imagePullSecrets: props.imagePullSecrets,
    mainApplicationFile: props.mainApplicationFile,
    mainClass: props.mainClass,
    arguments: props.arguments,
    conf: late.conf(),
    serviceAccountName: app.serviceAccountName,
    driverTemplate: late.driverTemplate(),
    executorTemplate: late.executorTemplate(),
    submitter: { cpuMillis, cpuLimitMillis, memoryMebibytes },
    retries,
    submitterLabels: labels,
    uid: app.uid,
    gid: app.gid,
  });
  const api = new ApiObject(scope, 'Resource', {
    apiVersion: STACKABLE_API_VERSION,
    kind: 'SparkApplication',
    metadata: { name: app.name, namespace: app.namespace, labels: { ...app.objectLabels } },
    spec: Lazy.any({
      produce: () => {
        try {
          return render();
        } catch (e) {
          throw renderError(owner, backend, late, e);
        }
      },
    }),
  });
  // What only the final conf shows (features add conf and pod parts after construction) fails
  // validation with the app's other errors; the model's own errors are the app's to report.
  scope.node.addValidation({
    validate: () => {
      try {
        render();
        return [];
      } catch (e) {
        return e instanceof StackableRenderProblem ? [renderError(owner, backend, late, e).message] : [];
      }
    },
  });
  if (ns?.restrictsEgress) {
    defineApiServerEgress(scope, { name: `${app.name}-submit-api-server`, namespace: app.namespace, labels, podLabels: labels, cidrs: [...ns.apiServerCidrs] });
  }
  ns?.registerWorkload(`stackable-submit-${app.name}`, [submitterPod(cpuMillis, memoryMebibytes, cpuLimitMillis)]);
  return api;
}

/** A render problem as the app's error: the prop that holds the value (or the conf key), the back-end and why. */
function renderError(owner: string, backend: SparkBackend, late: BackendLate, e: unknown): Error {
  if (e instanceof StackableRenderProblem) {
    const by = late.confSource(e.key);
    const setBy = by && !by.startsWith('prop ') && by !== 'sparkConf' ? `(set by ${by}) ` : '';
    return propError(owner, e.prop ?? keyProp('sparkConf', e.key), e.value, `${setBy}${e.problem.replace('{backend}', backend.description)}`, e.fix);
  }
  if (e instanceof ConfValueError) return propError(owner, keyProp('sparkConf', e.key), e.value, e.problem, e.fix);
  return e as Error;
}

