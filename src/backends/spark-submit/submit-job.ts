import { ApiObject, Duration, Lazy, resolve } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ConcurrencyPolicy, SparkSchedule } from '../../core/app-options';
import { tcpPort } from '../../core/network';
import { PodResources, SparkRole } from '../../core/resources';
import { RestartPolicy } from '../../core/restart-policy';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../core/security';
import { ImagePullPolicy, SparkApplicationType } from '../../core/types';
import { sortedMap } from '../../core/util';

/**
 * The operator-less back-end: a Kubernetes `Job` (a `CronJob` when scheduled) whose pod runs
 * `spark-submit --deploy-mode cluster` against the API server.
 *
 * What spark-submit does in cluster mode (apache/spark `KubernetesClientApplication.scala`,
 * `Client.run`, 3.4 to 4.x): it builds the driver pod from the pod template and the conf
 * (`KubernetesDriverBuilder`), server-side-applies the "pre" resources (a Volcano PodGroup only
 * with the Volcano feature step), creates the driver pod, then server-side-applies, owned by the
 * driver pod, the driver's headless Service (`DriverServiceFeatureStep`), the ConfigMap with the
 * Spark conf (`spark-drv-...-conf-map`), the executor pod template ConfigMap
 * (`PodTemplateConfigMapStep`) and on-demand claims of the driver (`MountVolumesFeatureStep`);
 * on failure it deletes what it created. With `waitAppCompletion` it `get`s and `watch`es the
 * driver pod until it ends and exits non-zero when the driver failed. The executors are created
 * by the driver (with the driver's ServiceAccount), never by spark-submit.
 */

/** Where the submitter mounts the pod templates. */
export const POD_TEMPLATE_DIR = '/opt/spark/pod-templates';
/** The in-cluster API server (Spark's k8s:// master). */
export const IN_CLUSTER_MASTER = 'k8s://https://kubernetes.default.svc';
/** The spark-submit binary of the Apache Spark images. */
export const SPARK_SUBMIT = '/opt/spark/bin/spark-submit';

/**
 * The Role rules of the submitter (core API group): exactly what spark-submit calls. Server-side
 * apply needs `patch` (and `create` when the object is new); Spark 3.3 and older use
 * create-or-replace, which `create` covers for new objects.
 */
export function submitterRules(onDemandDriverClaims: boolean): k8s.PolicyRule[] {
  const rules: k8s.PolicyRule[] = [
    { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'watch'] },
    { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['create', 'delete', 'patch'] },
  ];
  if (onDemandDriverClaims) rules.push({ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'delete', 'patch'] });
  return rules;
}

/** Everything the spark-submit renderer needs of an app (back-end neutral values). */
export interface SparkSubmitAppInput {
  readonly name: string;
  readonly namespace: string;
  readonly type: SparkApplicationType;
  /** The image of the driver and executors. */
  readonly image: string;
  /** The submitter's image. */
  readonly submitImage: string;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: string[];
  readonly mainApplicationFile: string;
  readonly mainClass?: string;
  readonly arguments?: string[];
  /** The driver's ServiceAccount. */
  readonly serviceAccountName: string;
  readonly restartPolicy?: RestartPolicy;
  readonly timeToLive?: Duration;
  readonly schedule?: SparkSchedule;
  /** Labels of the Job or CronJob. */
  readonly objectLabels: Record<string, string>;
  /** The pods' user and group. */
  readonly uid?: number;
  readonly gid?: number;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  /** Whether the pod needs a CPU limit (the namespace's quota or LimitRange requires one): equal to the request. */
  readonly cpuLimit?: boolean;
  /** API server CIDRs the submitter needs egress to; undefined when the namespace does not restrict egress. */
  readonly apiServerCidrs?: string[];
}

/** What the app's values are read from at synthesis (features add to them after construction). */
export interface SparkSubmitLate {
  /** The final Spark conf, as Spark receives it. */
  conf(): ReadonlyMap<string, string>;
  driverTemplate(): k8s.PodTemplateSpec;
  executorTemplate(): k8s.PodTemplateSpec;
  /** Whether the driver has on-demand claims (spark-submit creates them). */
  driverClaims(): boolean;
}

const BY_SUBMIT = 'is set by the spark-submit back-end:';
const TEMPLATE_FIX = 'describe the pods with the app\'s props (volumes, env, tolerations, ...) or addSidecar / addInitContainer';

/**
 * Keys the submitter sets itself (`submissionConf`, `--name`, `--deploy-mode`): a value of the
 * app's would be replaced, so setting one is an error. The image, the service account, the master
 * and tokens are `DENIED_KEYS` under every back-end.
 */
export const SPARK_SUBMIT_KEYS: Readonly<Record<string, { readonly problem: string; readonly fix: string }>> = {
  'spark.submit.deployMode': { problem: `${BY_SUBMIT} it passes --deploy-mode cluster`, fix: 'remove the key' },
  'spark.app.name': { problem: `${BY_SUBMIT} it passes --name with the app's name`, fix: 'use the name prop' },
  'spark.kubernetes.container.image.pullPolicy': { problem: `${BY_SUBMIT} it passes the imagePullPolicy prop`, fix: 'use the imagePullPolicy prop' },
  'spark.kubernetes.container.image.pullSecrets': { problem: `${BY_SUBMIT} it passes the imagePullSecrets prop`, fix: 'use the imagePullSecrets prop' },
  'spark.kubernetes.driver.podTemplateFile': { problem: `${BY_SUBMIT} it mounts the driver pod template this library renders and passes its file`, fix: TEMPLATE_FIX },
  'spark.kubernetes.executor.podTemplateFile': { problem: `${BY_SUBMIT} it mounts the executor pod template this library renders and passes its file`, fix: TEMPLATE_FIX },
  'spark.kubernetes.driver.podTemplateContainerName': { problem: `${BY_SUBMIT} it names the Spark container of the pod template it mounts`, fix: 'remove the key' },
  'spark.kubernetes.executor.podTemplateContainerName': { problem: `${BY_SUBMIT} it names the Spark container of the pod template it mounts`, fix: 'remove the key' },
  'spark.kubernetes.executor.deleteOnTermination': { problem: `${BY_SUBMIT} it sets true, so that no executor outlives the app`, fix: 'remove the key' },
  'spark.kubernetes.submission.waitAppCompletion': { problem: `${BY_SUBMIT} it sets true, so that the Job succeeds or fails with the app`, fix: 'remove the key' },
};

/** The conf spark-submit passes for the app (the app's final conf plus what an operator would set). */
export function submissionConf(input: SparkSubmitAppInput, conf: ReadonlyMap<string, string>): Map<string, string> {
  const all = new Map(conf);
  const set = (k: string, v: string | undefined) => { if (v !== undefined) all.set(k, v); };
  set('spark.kubernetes.namespace', input.namespace);
  set('spark.kubernetes.container.image', input.image);
  set('spark.kubernetes.container.image.pullPolicy', input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT);
  set('spark.kubernetes.container.image.pullSecrets', input.imagePullSecrets?.length ? input.imagePullSecrets.join(',') : undefined);
  set('spark.kubernetes.authenticate.driver.serviceAccountName', input.serviceAccountName);
  set('spark.kubernetes.driver.podTemplateFile', `${POD_TEMPLATE_DIR}/driver.yaml`);
  set('spark.kubernetes.executor.podTemplateFile', `${POD_TEMPLATE_DIR}/executor.yaml`);
  set('spark.kubernetes.driver.podTemplateContainerName', 'spark-kubernetes-driver');
  set('spark.kubernetes.executor.podTemplateContainerName', 'spark-kubernetes-executor');
  set('spark.kubernetes.executor.deleteOnTermination', 'true');
  set('spark.kubernetes.submission.waitAppCompletion', 'true');
  return all;
}

/**
 * The submitter's argv after the binary: every conf entry as its own `--conf key=value` pair (no
 * shell: nothing in a value is interpreted), then the main file and the app's arguments.
 */
export function sparkSubmitArgs(input: SparkSubmitAppInput, conf: ReadonlyMap<string, string>): string[] {
  const all = submissionConf(input, conf);
  const args = ['--master', IN_CLUSTER_MASTER, '--deploy-mode', 'cluster', '--name', input.name];
  if (input.mainClass !== undefined) args.push('--class', input.mainClass);
  for (const k of [...all.keys()].sort()) args.push('--conf', `${k}=${all.get(k)}`);
  args.push(input.mainApplicationFile, ...(input.arguments ?? []));
  return args;
}

/**
 * The NetworkPolicy that lets a submitter pod (spark-submit's, or the Stackable operator's submit
 * Job's) reach the API server, when its namespace restricts egress.
 */
export function defineApiServerEgress(scope: Construct, p: {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly cidrs: readonly string[];
}): void {
  new k8s.KubeNetworkPolicy(scope, 'SubmitApiServer', {
    metadata: { name: p.name, namespace: p.namespace, labels: p.labels },
    spec: {
      podSelector: { matchLabels: p.podLabels },
      policyTypes: ['Egress'],
      egress: [{ to: p.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [tcpPort(443), tcpPort(6443)] }],
    },
  });
}

/** A submitter pod as the namespace's capacity check counts it (a JVM, no Spark memory split). */
export function submitterPod(cpuMillis: number, memoryMebibytes: number, cpuLimitMillis: number | undefined): PodResources {
  return {
    role: SparkRole.DRIVER,
    cpuRequestMillis: cpuMillis,
    cpuLimitMillis,
    heapMebibytes: 0,
    overheadMebibytes: 0,
    offHeapMebibytes: 0,
    pysparkMebibytes: 0,
    memoryRequestMebibytes: memoryMebibytes,
    memoryLimitMebibytes: memoryMebibytes,
    extendedResources: {},
    onDemandClaims: [],
  };
}

/** The Job's backoffLimit: Never → 0, OnFailure → its retries (a failed submission and a failed app both fail the submitter pod). */
export function backoffLimit(p: RestartPolicy | undefined): number {
  if (!p || p.type === 'Never') return 0;
  return p.retries ?? 0;
}

/** Labels of the submitter pod (its own component, so the driver's policies do not select it). */
export function submitterLabels(objectLabels: Record<string, string>): Record<string, string> {
  return sortedMap({ ...objectLabels, 'app.kubernetes.io/component': 'spark-submit' })!;
}

/**
 * Defines the submitter's ServiceAccount, Role and RoleBinding, the pod template ConfigMap, the
 * NetworkPolicy to the API server (when the namespace restricts egress) and the Job or CronJob,
 * which it returns.
 */
export function defineSparkSubmit(scope: Construct, input: SparkSubmitAppInput, late: SparkSubmitLate): ApiObject {
  const submitName = `${input.name}-submit`;
  const meta = (name: string) => ({ name, namespace: input.namespace, labels: submitterLabels(input.objectLabels) });
  new k8s.KubeServiceAccount(scope, 'SubmitServiceAccount', { metadata: meta(submitName), automountServiceAccountToken: false });
  const role = new ApiObject(scope, 'SubmitRole', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta(submitName),
    rules: Lazy.any({ produce: () => submitterRules(late.driverClaims()) }),
  });
  new k8s.KubeRoleBinding(scope, 'SubmitRoleBinding', {
    metadata: meta(submitName),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
    subjects: [{ kind: 'ServiceAccount', name: submitName, namespace: input.namespace }],
  });
  // Resolved (Lazy labels of features) in the ConfigMap's context, written as JSON (which is YAML).
  const file = (t: () => k8s.PodTemplateSpec) => Lazy.any({
    produce: () => {
      const tpl = t();
      const pod = resolve([], { apiVersion: 'v1', kind: 'Pod', metadata: tpl.metadata, spec: tpl.spec }, templates);
      return `${JSON.stringify(pod, (_k, v) => (v instanceof k8s.Quantity ? v.value : v), 2)}\n`;
    },
  });
  const templates: ApiObject = new ApiObject(scope, 'PodTemplates', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(`${input.name}-pod-templates`),
    data: { 'driver.yaml': file(late.driverTemplate), 'executor.yaml': file(late.executorTemplate) },
  });
  const podLabels = submitterLabels(input.objectLabels);
  if (input.apiServerCidrs) {
    defineApiServerEgress(scope, { name: `${submitName}-api-server`, namespace: input.namespace, labels: submitterLabels(input.objectLabels), podLabels, cidrs: input.apiServerCidrs });
  }
  const ids = { uid: input.uid, gid: input.gid };
  const podSpec = () => ({
    serviceAccountName: submitName,
    automountServiceAccountToken: true,
    restartPolicy: 'Never',
    securityContext: restrictedPodSecurityContext(ids),
    imagePullSecrets: input.imagePullSecrets?.length ? input.imagePullSecrets.map(name => ({ name })) : undefined,
    containers: [{
      name: 'spark-submit',
      image: input.submitImage,
      imagePullPolicy: input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      command: [SPARK_SUBMIT],
      args: sparkSubmitArgs(input, late.conf()),
      // spark-submit writes temporary files and the Ivy cache (packages) under $HOME.
      env: [{ name: 'HOME', value: '/tmp' }],
      resources: {
        requests: { cpu: `${input.cpuMillis}m`, memory: `${input.memoryMebibytes}Mi` },
        limits: { cpu: input.cpuLimit ? `${input.cpuMillis}m` : undefined, memory: `${input.memoryMebibytes}Mi` },
      },
      securityContext: restrictedContainerSecurityContext({ ...ids, readOnlyRootFilesystem: true }),
      volumeMounts: [
        { name: 'pod-templates', mountPath: POD_TEMPLATE_DIR, readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    }],
    volumes: [
      { name: 'pod-templates', configMap: { name: templates.name } },
      { name: 'tmp', emptyDir: {} },
    ],
  });
  const jobSpec = () => ({
    backoffLimit: backoffLimit(input.restartPolicy),
    ttlSecondsAfterFinished: input.timeToLive ? Math.floor(input.timeToLive.toMilliseconds() / 1000) : undefined,
    template: { metadata: { labels: podLabels }, spec: podSpec() },
  });
  const s = input.schedule;
  if (!s) {
    return new ApiObject(scope, 'Resource', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: input.name, namespace: input.namespace, labels: { ...input.objectLabels } },
      spec: Lazy.any({ produce: jobSpec }),
    });
  }
  return new ApiObject(scope, 'Resource', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: input.name, namespace: input.namespace, labels: { ...input.objectLabels } },
    spec: Lazy.any({
      produce: () => ({
        schedule: s.cron,
        timeZone: s.timeZone ?? 'UTC',
        concurrencyPolicy: s.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
        successfulJobsHistoryLimit: s.successfulRunHistoryLimit ?? 1,
        failedJobsHistoryLimit: s.failedRunHistoryLimit ?? 3,
        suspend: s.suspend ?? false,
        jobTemplate: { metadata: { labels: podLabels }, spec: jobSpec() },
      }),
    }),
  });
}
