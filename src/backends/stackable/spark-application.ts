import { k8s } from 'cdk8s-plus-27';
import { computePodResources, millisToQuantity, ModelContext, parseSparkInt } from '../../core/model';
import { PodResources, SparkRole } from '../../core/resources';
import { ImagePullPolicy, SparkApplicationType } from '../../core/types';
import { SparkVersion } from '../../core/versions';

/**
 * The Stackable spark-k8s-operator back-end (`spark.stackable.tech/v1alpha1` `SparkApplication`):
 * what the operator does with the custom resource, encoded from
 * stackabletech/spark-k8s-operator@405d55143e7d95e3d32ec5bb4ab03a5ee068668a (main, 2026-06-12;
 * latest tag 26.3.0). Paths below are relative to `rust/operator-binary/src/`.
 *
 * Per app the operator creates (`spark_k8s_controller.rs`, `reconcile`): a ServiceAccount and a
 * RoleBinding, both named like the app, binding the ClusterRole `spark-k8s-clusterrole` (core
 * configmaps, persistentvolumeclaims, pods, secrets, services: every verb; `#L946-L993`,
 * `deploy/helm/spark-k8s-operator/templates/spark-clusterrole.yaml`); ConfigMaps
 * `<app>-driver-pod-template`, `<app>-executor-pod-template` (a pod template each: container
 * `spark`, the role's `config.resources`, volumes `log`, `log-config`, `config`, pod security
 * context `fsGroup: 1000`, the app's ServiceAccount, then `podOverrides` merged on top,
 * `#L512-L632`) and `<app>-submit-job`; and a `batch/v1` Job `<app>` whose one pod (container
 * `spark-submit`, `job.config.resources`, `restartPolicy: Never`) runs a bash script ending in
 * `/stackable/spark/bin/spark-submit` (`#L813-L940`), with `ttlSecondsAfterFinished: 600`
 * (hard-coded) and `backoffLimit` = `job.config.retryOnFailureCount` (default 0). It then sets the
 * status phase, so the Job is never created again, even when the spec changes (`#L337-L352`,
 * issue #457). A second controller watches pods labelled
 * `app.kubernetes.io/managed-by=spark.stackable.tech_sparkapplication,spark-role=driver`, copies
 * the driver's phase into the app's status and deletes the driver pod once it Succeeded or Failed
 * (`pod_driver_controller.rs`, `main.rs#L199-L207`).
 *
 * The spark-submit command (`crd/mod.rs`, `build_command`, `#L631-L830`): `--master`,
 * `--deploy-mode`, `--name <app>`, then fixed `--conf` entries (pod template files and container
 * name `spark`, namespace, driver and executor image, `defaultJavaOptions` with the operator's
 * log4j2 file, `extraClassPath=/stackable/spark/extra-jars/*`, `extraJavaOptions` with the
 * operator's `security.properties`, `--repositories` from `deps.repositories`,
 * `spark.jars.packages` from `deps.packages`, the PrometheusServlet sink and
 * `spark.ui.prometheus.enabled`, `spark.sql.streaming.metricsEnabled`, `spark.jars.ivy=/ivy2`
 * with packages), then a map of `spark.kubernetes.memoryOverheadFactor=0.0`, the props derived
 * from `config.resources` and `spark.executor.instances` from `executor.replicas`, extended by
 * `spec.sparkConf` (`#L809-L815`: "these should follow - and thus override - values set from
 * resource limits above") and written last as `--conf "key=value"`. spark-submit keeps the last
 * `--conf` of a key (`SparkSubmitArguments`: `sparkProperties(k) = v`), so **every sparkConf entry
 * wins** over what the operator sets with `--conf`; only the command-line options `--name` and
 * `--repositories` win over sparkConf. This back-end therefore writes the app's final conf into
 * sparkConf and renders `config.resources` so that the operator's own derivations give the same
 * pods (see `renderStackableSpec`); `stackableSparkConf` reconstructs the conf Spark receives.
 */
export const STACKABLE_API_VERSION = 'spark.stackable.tech/v1alpha1';

/** The Spark container of the operator's pod templates (`SparkContainer::Spark`, `crd/roles.rs`). */
export const STACKABLE_SPARK_CONTAINER = 'spark';
/** The container of the submit Job's pod (`SparkContainer::SparkSubmit`). */
export const STACKABLE_SUBMIT_CONTAINER = 'spark-submit';
/** The managed-by label value the operator's driver pod controller selects drivers by (`main.rs#L203`). */
export { STACKABLE_MANAGED_BY } from '../../core/labels';
/** What the operator puts on both roles' class path (`crd/mod.rs#L694`, `#L698`). */
export const STACKABLE_EXTRA_CLASS_PATH = '/stackable/spark/extra-jars/*';
/** The operator's `spark.{driver,executor}.defaultJavaOptions` (`crd/mod.rs#L691-L697`). */
export const STACKABLE_DEFAULT_JAVA_OPTIONS = '-Dlog4j.configurationFile=/stackable/log_config/log4j2.properties';
/** The operator's `spark.{driver,executor}.extraJavaOptions` without S3 TLS (`config/jvm.rs`, `construct_extra_java_options`). */
export const STACKABLE_EXTRA_JAVA_OPTIONS = '-Djava.security.properties=/stackable/log_config/security.properties';
/** The submit Job's `ttlSecondsAfterFinished` (hard-coded, `spark_k8s_controller.rs#L932`). */
export const STACKABLE_SUBMIT_JOB_TTL_SECONDS = 600;
/** The submit pod's defaults (`crd/roles.rs`, `SubmitConfig::default_config`). */
export const STACKABLE_SUBMIT_DEFAULTS = { cpuMillis: 100, cpuLimitMillis: 400, memoryMebibytes: 512 } as const;
/** Driver and executor defaults of `config.resources` (`crd/roles.rs`, `RoleConfig::default_config`). */
const ROLE_DEFAULTS = { cpuMin: '250m', cpuMax: '1', memoryLimit: '1Gi' } as const;
/** `crd/constants.rs`: MIN_MEMORY_OVERHEAD, JVM_OVERHEAD_FACTOR, NON_JVM_OVERHEAD_FACTOR (f32). */
const MIN_MEMORY_OVERHEAD = 384;
const JVM_OVERHEAD_FACTOR = Math.fround(0.1);
const NON_JVM_OVERHEAD_FACTOR = Math.fround(0.4);

/**
 * Characters that stay one literal word in the operator's bash command, which writes
 * `mainApplicationFile`, `mainClass`, `args`, `deps.packages` and `deps.repositories` unquoted.
 */
const SHELL_SAFE = /^[A-Za-z0-9_./:@%+=,~-]+$/;

const BY_OPERATOR = 'is set by the Stackable operator when it submits the app:';
const TEMPLATE_FIX = 'describe the pods with the app\'s props (volumes, env, tolerations, ...) or addSidecar / addInitContainer';

/**
 * Conf keys the operator (or this back-end) sets itself, so a value of the app's would be replaced
 * or would replace what the operator relies on: sparkConf wins over the operator's `--conf`
 * entries, so a pod template file of the app's would bypass the operator's template and the
 * library's podOverrides. The image, the service account, the master and tokens are `DENIED_KEYS`
 * under every back-end.
 */
export const STACKABLE_KEYS: Readonly<Record<string, { readonly problem: string; readonly fix: string }>> = {
  'spark.submit.deployMode': { problem: `${BY_OPERATOR} it passes --deploy-mode cluster, which wins over sparkConf`, fix: 'remove the key' },
  'spark.app.name': { problem: `${BY_OPERATOR} it passes --name with the SparkApplication's name, which wins over sparkConf`, fix: 'use the name prop' },
  'spark.kubernetes.container.image.pullPolicy': { problem: `${BY_OPERATOR} the back-end passes the imagePullPolicy prop (sparkImage.pullPolicy)`, fix: 'use the imagePullPolicy prop' },
  'spark.kubernetes.container.image.pullSecrets': { problem: `${BY_OPERATOR} it puts the imagePullSecrets prop (sparkImage.pullSecrets) into every pod template`, fix: 'use the imagePullSecrets prop' },
  'spark.kubernetes.driver.podTemplateFile': { problem: `${BY_OPERATOR} it passes the driver pod template it builds, with this library's merged in (podOverrides); this value would replace both`, fix: TEMPLATE_FIX },
  'spark.kubernetes.executor.podTemplateFile': { problem: `${BY_OPERATOR} it passes the executor pod template it builds, with this library's merged in (podOverrides); this value would replace both`, fix: TEMPLATE_FIX },
  'spark.kubernetes.driver.podTemplateContainerName': { problem: `${BY_OPERATOR} it names the Spark container of its pod template spark`, fix: 'remove the key' },
  'spark.kubernetes.executor.podTemplateContainerName': { problem: `${BY_OPERATOR} it names the Spark container of its pod template spark`, fix: 'remove the key' },
};

/** `config.resources` of a role (`stackable_operator::commons::resources::Resources`). */
export interface StackableResources {
  readonly cpu?: { readonly min?: string; readonly max?: string };
  readonly memory?: { readonly limit?: string };
}

/** `spec.driver` / `spec.executor` as this back-end writes them. */
export interface StackableRole {
  readonly config?: { readonly resources?: StackableResources };
  /** Merged over the operator's pod template (Kubernetes merge semantics, lists keyed by name). */
  readonly podOverrides?: k8s.PodTemplateSpec;
  /** Executors only: `spark.executor.instances`. */
  readonly replicas?: number;
}

/** `spec.job`: the submit Job's pod. */
export interface StackableJob {
  readonly config?: { readonly resources?: StackableResources; readonly retryOnFailureCount?: number };
  readonly podOverrides?: k8s.PodTemplateSpec;
}

/** The fields of a `spark.stackable.tech/v1alpha1` SparkApplication spec this back-end writes. */
export interface StackableSparkApplicationSpec {
  readonly mode: string;
  readonly sparkImage: {
    readonly custom: string;
    readonly productVersion: string;
    readonly pullPolicy: string;
    readonly pullSecrets?: Array<{ readonly name: string }>;
  };
  readonly mainApplicationFile: string;
  readonly mainClass?: string;
  readonly args?: string[];
  readonly sparkConf?: { [key: string]: string };
  readonly deps?: { readonly packages?: string[]; readonly repositories?: string[] };
  readonly driver?: StackableRole;
  readonly executor?: StackableRole;
  readonly job?: StackableJob;
}

/** Everything the renderer needs of an app (back-end neutral values, read at synthesis). */
export interface StackableAppInput {
  readonly name: string;
  readonly namespace: string;
  readonly type: SparkApplicationType;
  readonly sparkVersion: SparkVersion;
  readonly productVersion: string;
  readonly image: string;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: string[];
  readonly mainApplicationFile: string;
  readonly mainClass?: string;
  readonly arguments?: string[];
  /** The app's final Spark conf. */
  readonly conf: ReadonlyMap<string, string>;
  /** The driver's ServiceAccount (the library's identity, not the operator's). */
  readonly serviceAccountName: string;
  readonly driverTemplate: k8s.PodTemplateSpec;
  readonly executorTemplate: k8s.PodTemplateSpec;
  /** The submit Job's pod. */
  readonly submitter: { readonly cpuMillis: number; readonly cpuLimitMillis: number; readonly memoryMebibytes: number };
  /** The submit Job's retries (`backoffLimit`). */
  readonly retries: number;
  /** Labels of the submit Job's pod. */
  readonly submitterLabels: Record<string, string>;
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * A problem the renderer finds: the conf key, the typed prop that set it (if any), the problem
 * (reading after the value; `{backend}` stands for the back-end's description) and the fix. The
 * caller names the owner.
 */
export class StackableRenderProblem extends Error {
  constructor(
    public readonly key: string, public readonly value: string | undefined, public readonly problem: string, public readonly fix: string,
    public readonly prop?: string,
  ) {
    super(`${key}: ${problem}; ${fix}`);
  }
}

/**
 * A string inside the operator's `--conf "key=value"` (bash double quotes): `\`, `"`, `$` and a
 * backquote are escaped, so bash hands spark-submit the exact text.
 */
export function escapeForDoubleQuotes(s: string): string {
  return s.replace(/[\\"$`]/g, c => `\\${c}`);
}

/** The inverse of `escapeForDoubleQuotes` (what bash makes of the quoted text). */
export function unescapeDoubleQuoted(s: string): string {
  return s.replace(/\\([\\"$`])/g, '$1');
}

/**
 * One argument as one literal bash word: as is when it only has safe characters, else in single
 * quotes (a `'` inside becomes `'\''`). The operator appends `spec.args` to its command unquoted.
 */
export function shellWord(s: string): string {
  return SHELL_SAFE.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** Whether a value stays one literal word when the operator writes it unquoted. */
export function isShellSafe(s: string): boolean {
  return SHELL_SAFE.test(s);
}

/** The model's context of a role, from its (library) pod template. */
export function modelContext(type: SparkApplicationType, version: SparkVersion, template: k8s.PodTemplateSpec | undefined): ModelContext {
  const res = sparkContainer(template)?.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  return {
    nonJvm: type === SparkApplicationType.PYTHON || type === SparkApplicationType.R,
    python: type === SparkApplicationType.PYTHON,
    version,
    templateResources: res ? { requests: stringMap(res.requests), limits: stringMap(res.limits) } : undefined,
  };
}

/** The Spark container of a pod template: the operator's `spark`, or the library's. */
function sparkContainer(t: k8s.PodTemplateSpec | undefined): k8s.Container | undefined {
  const cs = t?.spec?.containers ?? [];
  return cs.find(c => c.name === STACKABLE_SPARK_CONTAINER) ?? cs.find(c => c.name === 'spark-kubernetes-driver' || c.name === 'spark-kubernetes-executor');
}

function stringMap(m: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = v instanceof k8s.Quantity ? v.value as string : String(v);
  return out;
}

/**
 * A library pod template as `podOverrides`: the Spark container renamed to the operator's `spark`
 * (so the two merge by name and Spark, told `podTemplateContainerName=spark`, fills it in); the
 * library's labels, security contexts, volumes, env, placement and extra containers stay; the
 * ServiceAccount is the app's (replacing the operator's; overridable since 25.11.0, #617).
 */
export function podOverrides(template: k8s.PodTemplateSpec, serviceAccountName: string): k8s.PodTemplateSpec {
  const spec = template.spec;
  if (!spec) return template;
  const containers = spec.containers.map(c => (c.name === 'spark-kubernetes-driver' || c.name === 'spark-kubernetes-executor'
    ? { ...c, name: STACKABLE_SPARK_CONTAINER } : c));
  return { metadata: template.metadata, spec: { ...spec, serviceAccountName, containers } };
}

/**
 * Volumes and Spark-container mount paths of the operator's driver and executor templates
 * (`crd/constants.rs`; `crd/mod.rs`, `volumes` and `add_common_volume_mounts`): the log and
 * log-config volumes, the role's config ConfigMap, the Ivy cache with packages, the job image and
 * pip requirements volumes, the S3 trust store.
 */
const OPERATOR_VOLUMES = ['config', 'ivy2', 'job-files', 'log', 'log-config', 'req-files', 'stackable-truststore'];
const OPERATOR_MOUNT_PATHS = ['/ivy2', '/stackable/log', '/stackable/log_config', '/stackable/spark/jobs', '/stackable/spark/requirements', '/stackable/truststore'];

/** Conf keys the rendering lifts into typed fields (the operator turns them back into the same conf). */
const TYPED_KEYS = ['spark.jars.packages', 'spark.jars.repositories', 'spark.executor.instances'];

/**
 * The spec of the SparkApplication. The app's final conf goes into sparkConf (which wins over the
 * operator's `--conf` entries), except:
 * - `spark.jars.packages` and `spark.jars.repositories` become `deps.packages` / `deps.repositories`
 *   (so the operator mounts the `/ivy2` emptyDir and points `spark.jars.ivy` at it), and a static
 *   `spark.executor.instances` becomes `executor.replicas`;
 * - keys the operator sets that the app leaves at Spark's default get that default explicitly:
 *   `spark.kubernetes.memoryOverheadFactor` (the operator's `0.0` would drop the overhead to the
 *   384 MiB floor) becomes 0.1, or 0.4 for Python and R apps, and `spark.{driver,executor}.memory`
 *   the heap; `spark.kubernetes.*.request.cores` is left to `config.resources.cpu.min`, which is
 *   written as the request the model computes, and the CPU limit to `cpu.max`;
 * - the operator's class path and Java options are kept in front of the app's when the app sets
 *   the same key (`spark.{driver,executor}.extraClassPath`, `.defaultJavaOptions`,
 *   `.extraJavaOptions`), so the operator's log4j2 and security.properties files still apply;
 * - the driver runs as the library's identity (`spark.kubernetes.authenticate.driver.serviceAccountName`,
 *   and `serviceAccountName` in both podOverrides; Spark gives the executors the driver's account);
 * - `spark.kubernetes.container.image.pullPolicy` is the imagePullPolicy prop: Spark writes the key's
 *   value (default IfNotPresent) over the pull policy of the operator's template.
 *
 * `config.resources` of each role is written as the Spark container the model computes (CPU
 * request and limit, total memory), so the operator's pod template and its derived props agree
 * with the pods; sparkConf decides what Spark does.
 */
export function renderStackableSpec(input: StackableAppInput): StackableSparkApplicationSpec {
  const conf = new Map(input.conf);
  const sparkConf = new Map<string, string>();
  for (const [k, v] of conf) if (!TYPED_KEYS.includes(k)) sparkConf.set(k, v);

  const list = (key: string) => (conf.get(key) ?? '').split(',').map(e => e.trim()).filter(e => e !== '');
  const packages = list('spark.jars.packages');
  const repositories = list('spark.jars.repositories');
  for (const [key, entries] of [['spark.jars.packages', packages], ['spark.jars.repositories', repositories]] as const) {
    const bad = entries.find(e => !isShellSafe(e));
    if (bad !== undefined) {
      const field = key.endsWith('packages') ? 'packages' : 'repositories';
      throw new StackableRenderProblem(key, conf.get(key), `cannot be expressed by {backend}: the entry ${JSON.stringify(bad)} goes into deps.${field}, which the operator writes unquoted into the bash command that runs spark-submit`,
        'use entries of letters, digits and . / : @ % + = , ~ - only (URL-encode other characters)');
    }
  }
  let replicas: number | undefined;
  const instances = conf.get('spark.executor.instances');
  if (instances !== undefined) {
    const n = /^\s*[0-9]+\s*$/.test(instances) ? parseSparkInt(instances) : undefined;
    if (n !== undefined && n <= 65535) replicas = n;
    else sparkConf.set('spark.executor.instances', instances);
  }

  for (const [r, t] of [['driver', input.driverTemplate], ['executor', input.executorTemplate]] as const) {
    const volume = (t.spec?.volumes ?? []).find(v => OPERATOR_VOLUMES.includes(v.name));
    if (volume) {
      throw new StackableRenderProblem('volume', volume.name, `cannot be expressed by {backend}: the operator's ${r} pod template has a volume of that name (it reserves ${OPERATOR_VOLUMES.join(', ')}), and podOverrides would merge the two into one`,
        'give the volume another name', 'volume');
    }
    const mount = (sparkContainer(t)?.volumeMounts ?? []).find(m => OPERATOR_MOUNT_PATHS.includes(m.mountPath.replace(/\/+$/, '')));
    if (mount) {
      throw new StackableRenderProblem('volumeMount', mount.mountPath, `cannot be expressed by {backend}: the operator mounts its own volume there in the ${r}'s Spark container (it reserves ${OPERATOR_MOUNT_PATHS.join(', ')}), and podOverrides would replace it`,
        'mount the volume at another path', 'volumeMount');
    }
  }
  const ctx = (t: k8s.PodTemplateSpec) => modelContext(input.type, input.sparkVersion, t);
  const driver = computePodResources(SparkRole.DRIVER, conf, ctx(input.driverTemplate));
  const executor = computePodResources(SparkRole.EXECUTOR, conf, ctx(input.executorTemplate));
  for (const [r, pod] of [['driver', driver], ['executor', executor]] as const) {
    if (!conf.has(`spark.${r}.memory`)) sparkConf.set(`spark.${r}.memory`, `${pod.heapMebibytes}m`);
  }
  if (!conf.has('spark.kubernetes.memoryOverheadFactor')) {
    const nonJvm = input.type === SparkApplicationType.PYTHON || input.type === SparkApplicationType.R;
    sparkConf.set('spark.kubernetes.memoryOverheadFactor', nonJvm ? '0.4' : '0.1');
  }
  const prepend = (key: string, operator: string, sep: string, appFirst = false) => {
    const v = conf.get(key);
    if (v === undefined || v.trim() === '') return;
    sparkConf.set(key, appFirst ? `${v}${sep}${operator}` : `${operator}${sep}${v}`);
  };
  for (const r of ['driver', 'executor']) {
    prepend(`spark.${r}.extraClassPath`, STACKABLE_EXTRA_CLASS_PATH, ':', true);
    prepend(`spark.${r}.defaultJavaOptions`, STACKABLE_DEFAULT_JAVA_OPTIONS, ' ');
    prepend(`spark.${r}.extraJavaOptions`, STACKABLE_EXTRA_JAVA_OPTIONS, ' ');
  }
  sparkConf.set('spark.kubernetes.authenticate.driver.serviceAccountName', input.serviceAccountName);
  // Spark sets every Spark container's pull policy from this key (default IfNotPresent), over the template's.
  sparkConf.set('spark.kubernetes.container.image.pullPolicy', input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT);

  const escaped: Record<string, string> = {};
  for (const k of [...sparkConf.keys()].sort()) escaped[escapeForDoubleQuotes(k)] = escapeForDoubleQuotes(sparkConf.get(k)!);

  const resources = (pod: PodResources): StackableResources => ({
    cpu: { min: millisToQuantity(pod.cpuRequestMillis), max: millisToQuantity(pod.cpuLimitMillis!) },
    memory: { limit: `${pod.heapMebibytes + pod.overheadMebibytes + pod.offHeapMebibytes + pod.pysparkMebibytes}Mi` },
  });
  const s = input.submitter;
  const ids = { uid: input.uid, gid: input.gid };
  return {
    mode: 'cluster',
    sparkImage: {
      custom: input.image,
      productVersion: input.productVersion,
      // The operator's default is Always (ProductImage); the library's is IfNotPresent.
      pullPolicy: input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      pullSecrets: input.imagePullSecrets?.length ? input.imagePullSecrets.map(name => ({ name })) : undefined,
    },
    mainApplicationFile: input.mainApplicationFile,
    mainClass: input.mainClass,
    args: input.arguments?.length ? input.arguments.map(shellWord) : undefined,
    sparkConf: Object.keys(escaped).length ? escaped : undefined,
    deps: packages.length || repositories.length ? {
      packages: packages.length ? packages : undefined,
      repositories: repositories.length ? repositories : undefined,
    } : undefined,
    driver: { config: { resources: resources(driver) }, podOverrides: podOverrides(input.driverTemplate, input.serviceAccountName) },
    executor: { replicas, config: { resources: resources(executor) }, podOverrides: podOverrides(input.executorTemplate, input.serviceAccountName) },
    job: {
      config: {
        resources: {
          cpu: { min: millisToQuantity(s.cpuMillis), max: millisToQuantity(s.cpuLimitMillis) },
          memory: { limit: `${s.memoryMebibytes}Mi` },
        },
        retryOnFailureCount: input.retries,
      },
      // The operator's submit pod has only fsGroup 1000: the library's labels (its own component,
      // so the drivers' policies do not select it) and the restricted security contexts.
      podOverrides: {
        metadata: { labels: input.submitterLabels },
        spec: {
          securityContext: { ...restrictedPod(ids) },
          containers: [{ name: STACKABLE_SUBMIT_CONTAINER, securityContext: restrictedContainer(ids) }],
        },
      },
    },
  };
}

function restrictedPod(ids: { uid?: number; gid?: number }): k8s.PodSecurityContext {
  return dropUndef({ runAsNonRoot: true, runAsUser: ids.uid, runAsGroup: ids.gid, seccompProfile: { type: 'RuntimeDefault' } });
}

function restrictedContainer(ids: { uid?: number; gid?: number }): k8s.SecurityContext {
  return dropUndef({
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    runAsUser: ids.uid,
    runAsGroup: ids.gid,
    seccompProfile: { type: 'RuntimeDefault' },
  });
}

function dropUndef<T extends Record<string, any>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

// ---------------------------------------------------------------------------------------------
// What the operator hands Spark (for the tests: the conf is rebuilt from the rendered object)

/**
 * `cores_from_quantity` (`crd/mod.rs#L1076`): a quantity in cores or `m`, rounded up to whole
 * cores (f32 arithmetic).
 */
export function stackableCores(q: string): string {
  const i = q.indexOf('m');
  const cores = i >= 0 ? Math.ceil(Math.fround(Math.fround(Number(q.slice(0, i))) / 1000)) : Math.ceil(Math.fround(Number(q)));
  return `${cores}`;
}

/**
 * `subtract_spark_memory_overhead` (`crd/mod.rs#L1098`): the heap the operator derives from a
 * memory limit: limit × 1/(1+0.1) (JVM, the app has a main class) or × 1/(1+0.4), with at least
 * 384 MiB taken off; limits below 384 MiB are passed as they are.
 */
export function stackableHeap(forJava: boolean, limit: string): string {
  const mib = Math.floor(quantityMebibytesExact(limit));
  if (MIN_MEMORY_OVERHEAD > mib) return `${mib}m`;
  const factor = Math.fround(1 / Math.fround(1 + (forJava ? JVM_OVERHEAD_FACTOR : NON_JVM_OVERHEAD_FACTOR)));
  const reduced = Math.floor(Math.fround(Math.fround(quantityMebibytesExact(limit)) * factor));
  return `${mib - Math.max(MIN_MEMORY_OVERHEAD, mib - reduced)}m`;
}

function quantityMebibytesExact(q: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) throw new Error(`not a memory quantity: ${q}`);
  const unit: Record<string, number> = { '': 1, 'Ki': 1024, 'Mi': 1024 ** 2, 'Gi': 1024 ** 3, 'Ti': 1024 ** 4, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12 };
  return (Number(m[1]) * unit[m[2] ?? '']) / 1024 ** 2;
}

/**
 * The Spark conf spark-submit receives from the operator for a rendered SparkApplication, built
 * as `build_command` builds it (`crd/mod.rs#L631-L830`; no s3connection, logFileDirectory or
 * jvmArgumentOverrides, which this back-end never writes): the fixed entries, the props derived
 * from `config.resources` (with the operator's defaults merged in), `executor.replicas`,
 * `deps`, then `sparkConf` on top, then the command-line options that win over any conf.
 */
export function stackableSparkConf(
  object: { metadata: { name: string; namespace: string }; spec: StackableSparkApplicationSpec },
): Map<string, string> {
  const spec = object.spec;
  const conf = new Map<string, string>();
  const set = (k: string, v: string) => conf.set(k, v);
  set('spark.kubernetes.driver.podTemplateFile', '/stackable/spark/driver-pod-templates/template.yaml');
  set('spark.kubernetes.executor.podTemplateFile', '/stackable/spark/executor-pod-templates/template.yaml');
  set('spark.kubernetes.driver.podTemplateContainerName', STACKABLE_SPARK_CONTAINER);
  set('spark.kubernetes.executor.podTemplateContainerName', STACKABLE_SPARK_CONTAINER);
  set('spark.kubernetes.namespace', object.metadata.namespace);
  set('spark.kubernetes.driver.container.image', spec.sparkImage.custom);
  set('spark.kubernetes.executor.container.image', spec.sparkImage.custom);
  set('spark.driver.defaultJavaOptions', STACKABLE_DEFAULT_JAVA_OPTIONS);
  set('spark.driver.extraClassPath', STACKABLE_EXTRA_CLASS_PATH);
  set('spark.executor.defaultJavaOptions', STACKABLE_DEFAULT_JAVA_OPTIONS);
  set('spark.executor.extraClassPath', STACKABLE_EXTRA_CLASS_PATH);
  set('spark.driver.extraJavaOptions', STACKABLE_EXTRA_JAVA_OPTIONS);
  set('spark.executor.extraJavaOptions', STACKABLE_EXTRA_JAVA_OPTIONS);
  const packages = spec.deps?.packages ?? [];
  if (packages.length) set('spark.jars.packages', packages.join(','));
  set('spark.metrics.conf.*.sink.prometheusServlet.class', 'org.apache.spark.metrics.sink.PrometheusServlet');
  set('spark.metrics.conf.*.sink.prometheusServlet.path', '/metrics/prometheus');
  set('spark.ui.prometheus.enabled', 'true');
  set('spark.sql.streaming.metricsEnabled', 'true');
  if (packages.length) set('spark.jars.ivy', '/ivy2');
  // The map written after the fixed entries.
  set('spark.kubernetes.memoryOverheadFactor', '0.0');
  const forJava = spec.mainClass !== undefined;
  for (const [r, role] of [['driver', spec.driver], ['executor', spec.executor]] as const) {
    const res = role?.config?.resources;
    const min = res?.cpu?.min ?? ROLE_DEFAULTS.cpuMin;
    const max = res?.cpu?.max ?? ROLE_DEFAULTS.cpuMax;
    set(`spark.${r}.cores`, stackableCores(max));
    set(`spark.kubernetes.${r}.request.cores`, min);
    set(`spark.kubernetes.${r}.limit.cores`, max);
    set(`spark.${r}.memory`, stackableHeap(forJava, res?.memory?.limit ?? ROLE_DEFAULTS.memoryLimit));
  }
  if (spec.executor?.replicas !== undefined) set('spark.executor.instances', `${spec.executor.replicas}`);
  for (const [k, v] of Object.entries(spec.sparkConf ?? {})) set(unescapeDoubleQuoted(k), unescapeDoubleQuoted(v));
  // Command-line options win over --conf (SparkSubmitArguments.loadEnvironmentArguments).
  set('spark.app.name', object.metadata.name);
  set('spark.submit.deployMode', spec.mode);
  const repositories = spec.deps?.repositories ?? [];
  if (repositories.length) set('spark.jars.repositories', repositories.join(','));
  return conf;
}

/**
 * The resources of the operator's pod template container for a role (`Resources` into
 * `ResourceRequirements`: requests cpu=min, memory=limit; limits cpu=max, memory=limit) with the
 * podOverrides' Spark container merged on top: what Spark starts from (it keeps keys it does not set).
 */
export function stackableTemplateResources(role: StackableRole | undefined): { requests: Record<string, string>; limits: Record<string, string> } {
  const res = role?.config?.resources;
  const min = res?.cpu?.min ?? ROLE_DEFAULTS.cpuMin;
  const max = res?.cpu?.max ?? ROLE_DEFAULTS.cpuMax;
  const mem = res?.memory?.limit ?? ROLE_DEFAULTS.memoryLimit;
  const over = sparkContainer(role?.podOverrides)?.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  return {
    requests: { cpu: min, memory: mem, ...stringMap(over?.requests) },
    limits: { cpu: max, memory: mem, ...stringMap(over?.limits) },
  };
}
