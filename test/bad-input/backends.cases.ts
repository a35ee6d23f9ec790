import { Size } from 'cdk8s';
import { BadInputCase, sparkApp } from './harness';
import { ConcurrencyPolicy, GangScheduler, RestartPolicy, SparkBackend, SparkUiIngress } from '../../src';

// Back-ends: SparkBackend.sparkSubmit's options, and props or features the spark-submit back-end
// cannot express (an error naming the back-end and the prop).

const submit = (props: Record<string, unknown> = {}) => ({ backend: SparkBackend.sparkSubmit(), ...props });
const B = 'cannot be expressed by the spark-submit back-end';

export const CASES: BadInputCase[] = [
  {
    construct: 'SparkApp',
    name: 'backend given as a string',
    build: c => sparkApp(c, { backend: 'kubeflow' }),
    error: 'SparkApp Etl: backend "kubeflow" must be a SparkBackend; got a string; use SparkBackend.kubeflow(), SparkBackend.apacheOperator(), SparkBackend.stackable() or SparkBackend.sparkSubmit()',
  },
  {
    construct: 'SparkBackend.sparkSubmit',
    name: 'options not an object',
    build: () => SparkBackend.sparkSubmit('apache/spark:3.5.5' as any),
    error: 'SparkBackend.sparkSubmit: options "apache/spark:3.5.5" must be a SparkSubmitOptions (a plain object); got a string; pass { ... } with the props of SparkSubmitOptions',
  },
  {
    construct: 'SparkBackend.sparkSubmit',
    name: 'submitterCpu zero',
    build: () => SparkBackend.sparkSubmit({ submitterCpu: 0 }),
    error: 'SparkBackend.sparkSubmit: submitterCpu 0 must be at least 0.001; use 0.001 or more',
  },
  {
    construct: 'SparkBackend.sparkSubmit',
    name: 'submitterMemory below 256 MiB',
    build: () => SparkBackend.sparkSubmit({ submitterMemory: Size.mebibytes(200) }),
    error: 'SparkBackend.sparkSubmit: submitterMemory 200Mi must be at least 256 MiB (spark-submit is a JVM); use Size.mebibytes(512)',
  },
  {
    construct: 'SparkBackend.sparkSubmit',
    name: 'submitterMemory a fraction of a MiB',
    build: () => SparkBackend.sparkSubmit({ submitterMemory: Size.kibibytes(600000) }),
    error: 'SparkBackend.sparkSubmit: submitterMemory 600000Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(586)',
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with sparkUi',
    build: c => sparkApp(c, submit({ sparkUi: { servicePort: 8080 } })),
    error: `SparkApp Etl: sparkUi {"servicePort":8080} ${B}: the UI Service with its own type, port and labels is made by the kubeflow spark-operator, and spark-submit creates only the driver's headless Service; drop sparkUi (reach the UI with kubectl port-forward to the driver pod), or use SparkBackend.kubeflow()`,
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with RestartPolicy.always',
    build: c => sparkApp(c, submit({ restartPolicy: RestartPolicy.always() })),
    error: `SparkApp Etl: restartPolicy "RestartPolicy.always()" ${B}: a Job restarts failed pods only, never a run that succeeded; use RestartPolicy.onFailure({ retries }) (the Job's backoffLimit), or a schedule`,
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with TZ= in the cron',
    build: c => sparkApp(c, submit({ schedule: { cron: 'TZ=UTC 0 2 * * *' } })),
    error: `SparkApp Etl: schedule.cron "TZ=UTC 0 2 * * *" ${B}: a Kubernetes CronJob rejects CRON_TZ= and TZ= in its schedule; move the zone into schedule.timeZone`,
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with concurrencyPolicy Replace',
    build: c => sparkApp(c, submit({ schedule: { cron: '@hourly', concurrencyPolicy: ConcurrencyPolicy.REPLACE } })),
    error: `SparkApp Etl: schedule.concurrencyPolicy "Replace" ${B}: the CronJob would delete the running submitter Job, but not the driver pod spark-submit created, so two runs would overlap; use ConcurrencyPolicy.FORBID (skip a run while one is active) or ALLOW`,
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with a Kueue gang scheduler',
    build: c => sparkApp(c, submit({ gangScheduler: GangScheduler.kueue({ queueName: 'batch' }) })),
    error: `Validation failed with the following errors:\n  [test/Etl] SparkApp Etl: gangScheduler "GangScheduler kueue" ${B}: Kueue would admit the submitter Job's one pod, not the driver and executors spark-submit starts; use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()`,
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with a SparkUiIngress',
    build: c => sparkApp(c, submit({ features: [new SparkUiIngress({ host: 'spark.example.com' })] })),
    error: `Validation failed with the following errors:\n  [test/Etl] SparkApp Etl: features "SparkUiIngress" ${B}: the Ingress points at the UI Service <app>-ui-svc, which only the kubeflow spark-operator creates; drop the SparkUiIngress, or use SparkBackend.kubeflow()`,
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit with OnFailure retries',
    build: c => sparkApp(c, submit({ restartPolicy: RestartPolicy.onFailure({ retries: 2 }) })),
    warning: 'test/Etl: restartPolicy: the spark-submit back-end retries through the Job\'s backoffLimit (2), with the Job\'s exponential back-off (10 s doubling, at most 6 min) instead of retryInterval and submissionRetryInterval; a failed submission and a failed app count against the same retries [spark-submit-retries]',
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit: a key the submitter sets (pull policy)',
    build: c => sparkApp(c, submit({ sparkConf: { 'spark.kubernetes.container.image.pullPolicy': 'Always' } })),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.container.image.pullPolicy"] "Always" is set by the spark-submit back-end: it passes the imagePullPolicy prop; use the imagePullPolicy prop',
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit: waitAppCompletion',
    build: c => sparkApp(c, submit({ sparkConf: { 'spark.kubernetes.submission.waitAppCompletion': 'false' } })),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.submission.waitAppCompletion"] "false" is set by the spark-submit back-end: it sets true, so that the Job succeeds or fails with the app; remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit: the image in sparkConf',
    build: c => sparkApp(c, submit({ sparkConf: { 'spark.kubernetes.container.image': 'other:1' } })),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.container.image"] "other:1" is set by the spark-submit back-end (it sets the image); use the image prop',
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit: another namespace',
    build: c => sparkApp(c, submit({ sparkConf: { 'spark.kubernetes.namespace': 'other' } })),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.namespace"] "other" differs from the app\'s namespace "default" (the spark-submit back-end submits into the app\'s namespace); remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'spark-submit: spark.app.id (Spark sets it under every back-end)',
    build: c => sparkApp(c, submit({ sparkConf: { 'spark.app.id': 'x' } })),
    error: 'SparkApp Etl: sparkConf["spark.app.id"] "x" is set by Spark when the app starts (to the id the cluster manager gives it), replacing this value; remove the key',
  },
];
