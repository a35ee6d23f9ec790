// The keys of the kubeflow spark-operator Helm chart's values (chart 2.5.2): every key a generated
// values file may set, as paths from the root. `name{}` is an open map (any keys below it),
// `name[]` a list; other paths are single values. Hand-kept knowledge of the chart (the library
// never reads files at run time); test/operator-install.test.ts compares it with the chart's own
// values.yaml when ../shared is checked out.

/** Chart version these keys are from (and the one SparkOperatorInstall pins). */
export const CHART_KEYS_VERSION = '2.5.2';

const KEY_LINES = [
  'nameOverride',
  'fullnameOverride',
  'commonLabels{}',
  'image.registry image.repository image.tag image.pullPolicy image.pullSecrets[]',
  'hook.upgradeCrd hook.image.registry hook.image.repository hook.image.tag hook.nodeSelector{} hook.affinity{}',
  'hook.tolerations[]',
  'controller.replicas controller.featureGates[] controller.revisionHistoryLimit controller.leaderElection.enable',
  'controller.leaderElection.leaseDuration controller.leaderElection.renewDeadline controller.leaderElection.retryPeriod',
  'controller.workers controller.logLevel controller.logEncoder controller.driverPodCreationGracePeriod controller.maxTrackedExecutorPerApp',
  'controller.kubeAPIQPS controller.kubeAPIBurst controller.scheduledSparkApplicationTimestampPrecision controller.uiService.enable',
  'controller.uiIngress.enable controller.uiIngress.urlFormat controller.uiIngress.ingressClassName controller.uiIngress.tls[]',
  'controller.uiIngress.annotations{} controller.batchScheduler.enable controller.batchScheduler.kubeSchedulerNames[]',
  'controller.batchScheduler.default controller.serviceAccount.create controller.serviceAccount.name controller.serviceAccount.annotations{}',
  'controller.serviceAccount.automountServiceAccountToken controller.rbac.create controller.rbac.annotations{}',
  'controller.labels{} controller.annotations{} controller.volumes[] controller.nodeSelector{} controller.affinity{}',
  'controller.tolerations[] controller.priorityClassName controller.podSecurityContext.fsGroup controller.topologySpreadConstraints[]',
  'controller.hostUsers controller.env[] controller.envFrom[] controller.volumeMounts[] controller.resources{}',
  'controller.securityContext.readOnlyRootFilesystem controller.securityContext.privileged controller.securityContext.allowPrivilegeEscalation',
  'controller.securityContext.runAsNonRoot controller.securityContext.capabilities.drop[] controller.securityContext.seccompProfile.type',
  'controller.sidecars[] controller.podDisruptionBudget.enable controller.podDisruptionBudget.minAvailable',
  'controller.pprof.enable controller.pprof.port controller.pprof.portName controller.workqueueRateLimiter.bucketQPS',
  'controller.workqueueRateLimiter.bucketSize controller.workqueueRateLimiter.maxDelay.enable controller.workqueueRateLimiter.maxDelay.duration',
  'webhook.enable webhook.replicas webhook.revisionHistoryLimit webhook.leaderElection.enable webhook.logLevel',
  'webhook.logEncoder webhook.port webhook.portName webhook.failurePolicy webhook.timeoutSeconds webhook.kubeAPIQPS',
  'webhook.kubeAPIBurst webhook.resourceQuotaEnforcement.enable webhook.serviceAccount.create webhook.serviceAccount.name',
  'webhook.serviceAccount.annotations{} webhook.serviceAccount.automountServiceAccountToken webhook.rbac.create',
  'webhook.rbac.annotations{} webhook.labels{} webhook.annotations{} webhook.sidecars[] webhook.volumes[]',
  'webhook.nodeSelector{} webhook.affinity{} webhook.tolerations[] webhook.priorityClassName webhook.podSecurityContext.fsGroup',
  'webhook.topologySpreadConstraints[] webhook.hostUsers webhook.env[] webhook.envFrom[] webhook.volumeMounts[]',
  'webhook.resources{} webhook.securityContext.readOnlyRootFilesystem webhook.securityContext.privileged',
  'webhook.securityContext.allowPrivilegeEscalation webhook.securityContext.runAsNonRoot webhook.securityContext.capabilities.drop[]',
  'webhook.securityContext.seccompProfile.type webhook.podDisruptionBudget.enable webhook.podDisruptionBudget.minAvailable',
  'spark.jobNamespaces[] spark.jobNamespaceSelector spark.serviceAccount.create spark.serviceAccount.name',
  'spark.serviceAccount.annotations{} spark.serviceAccount.automountServiceAccountToken spark.rbac.create',
  'spark.rbac.annotations{}',
  'prometheus.metrics.enable prometheus.metrics.port prometheus.metrics.portName prometheus.metrics.endpoint',
  'prometheus.metrics.prefix prometheus.metrics.jobSubmitLatencyBuckets prometheus.metrics.jobStartLatencyBuckets',
  'prometheus.metrics.labels prometheus.podMonitor.create prometheus.podMonitor.labels{} prometheus.podMonitor.jobLabel',
  'prometheus.podMonitor.podMetricsEndpoint.scheme prometheus.podMonitor.podMetricsEndpoint.interval',
  'certManager.enable certManager.issuerRef{} certManager.duration certManager.renewBefore',
];

/** How a chart key holds its value. */
export type ChartKeyKind = 'value' | 'map' | 'list';

/** Every chart key path and how it holds its value. */
export const CHART_KEYS: ReadonlyMap<string, ChartKeyKind> = new Map(
  KEY_LINES.join(' ').split(' ').map((k): [string, ChartKeyKind] =>
    k.endsWith('{}') ? [k.slice(0, -2), 'map'] : k.endsWith('[]') ? [k.slice(0, -2), 'list'] : [k, 'value']),
);

/** A problem with one key path of a values object. */
export interface ChartKeyProblem {
  /** The path as written, e.g. `batchScheduler.enable`. */
  readonly path: string;
  /** What is wrong. */
  readonly problem: string;
  /** What to write instead. */
  readonly fix: string;
}

/**
 * Every key of `values` checked against the chart: a path the chart does not have, a value where
 * the chart has a section, or a section where the chart has a value, is a problem (Helm silently
 * ignores such keys, e.g. a top-level `batchScheduler`).
 */
export function chartKeyProblems(values: { [key: string]: unknown }): ChartKeyProblem[] {
  const problems: ChartKeyProblem[] = [];
  const walk = (prefix: string, v: { [key: string]: unknown }) => {
    for (const [k, x] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${k}` : k;
      const kind = CHART_KEYS.get(p);
      if (kind === 'map') {
        if (!isObject(x)) problems.push({ path: p, problem: 'must be a map (the chart reads it as one)', fix: `give ${p} as an object` });
        continue;
      }
      if (kind === 'list') {
        if (!Array.isArray(x)) problems.push({ path: p, problem: 'must be a list (the chart reads it as one)', fix: `give ${p} as an array` });
        continue;
      }
      if (kind === 'value') {
        if (isObject(x) || Array.isArray(x)) problems.push({ path: p, problem: 'is a single value in the chart, not a section', fix: `give ${p} a string, number or boolean` });
        continue;
      }
      if (isObject(x) && [...CHART_KEYS.keys()].some(c => c.startsWith(`${p}.`))) {
        walk(p, x as { [key: string]: unknown });
        continue;
      }
      const leaf = isObject(x) ? firstLeaf(p, x as { [key: string]: unknown }) : p;
      problems.push({ path: leaf, problem: `is not a key of the spark-operator chart ${CHART_KEYS_VERSION} (Helm would silently ignore it)`, fix: suggestion(leaf) });
    }
  };
  walk('', values);
  return problems;
}

/** The first path to a value below `prefix` (the path itself for an empty section). */
function firstLeaf(prefix: string, v: { [key: string]: unknown }): string {
  const [k, x] = Object.entries(v)[0] ?? [];
  if (k === undefined) return prefix;
  return isObject(x) ? firstLeaf(`${prefix}.${k}`, x as { [key: string]: unknown }) : `${prefix}.${k}`;
}

function isObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The chart key the path most likely means: one ending in the same key path, else none. */
function suggestion(path: string): string {
  const keys = [...CHART_KEYS.keys()];
  const same = keys.filter(k => k.endsWith(`.${path}`) || k === path);
  if (same.length > 0) return `did you mean ${same.slice(0, 3).join(' or ')}?`;
  const last = path.split('.').pop()!;
  const byLast = keys.filter(k => k.split('.').pop() === last);
  if (byLast.length > 0) return `keys named ${last} in the chart: ${byLast.slice(0, 4).join(', ')}`;
  const top = [...new Set(keys.map(k => k.split('.')[0]))].sort();
  return `the chart's top-level keys are ${top.join(', ')}`;
}
