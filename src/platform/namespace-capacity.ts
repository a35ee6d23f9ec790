import { Size } from 'cdk8s';
import { NamespaceCapacity, SparkNamespaceProps, SparkQuota } from './spark-namespace-props';
import { ISparkApp } from '../core/contracts';
import { constructError, propError } from '../core/errors';
import { mebibytesToQuantity, millisToQuantity, podTotals } from '../core/model';
import { PodResources, ResourceTotals } from '../core/resources';
import { keyProp, requireInt, sizeToMebibytes } from '../core/util';

/**
 * The capacity model of a SparkNamespace: its quota as keys in the library's units (millicores,
 * MiB, counts), the check of every pod the library creates in the namespace (Spark drivers and
 * executors, and registered workloads such as Celeborn pods and DependencyVolume fill Jobs)
 * against the LimitRange and the quota, and the text table of the capacity report.
 */

/** Quota keys and their values in the library's units. */
export type Usage = Map<string, number>;

/** The quota of `quota` as keys in the library's units. */
export function quotaUsage(owner: string, quota: SparkQuota): Usage {
  const u: Usage = new Map();
  const mib = (prop: string, s: Size) => sizeToMebibytes(owner, `quota.${prop}`, s);
  if (quota.cpuRequests) u.set('requests.cpu', quota.cpuRequests.millicores);
  if (quota.cpuLimits) u.set('limits.cpu', quota.cpuLimits.millicores);
  if (quota.memoryRequests) u.set('requests.memory', mib('memoryRequests', quota.memoryRequests));
  if (quota.memoryLimits) u.set('limits.memory', mib('memoryLimits', quota.memoryLimits));
  if (quota.ephemeralStorageRequests) u.set('requests.ephemeral-storage', mib('ephemeralStorageRequests', quota.ephemeralStorageRequests));
  for (const [name, n] of Object.entries(quota.extendedResources ?? {})) {
    if (!/^[a-z0-9.-]+\/[a-z0-9._-]+$/i.test(name)) {
      throw propError(owner, 'quota.extendedResources key', name, 'must be a resource name with a domain prefix', 'use e.g. nvidia.com/gpu');
    }
    requireInt(owner, keyProp('quota.extendedResources', name), n, 0);
    u.set(`requests.${name}`, n);
  }
  requireInt(owner, 'quota.pods', quota.pods, 0);
  requireInt(owner, 'quota.persistentVolumeClaims', quota.persistentVolumeClaims, 0);
  if (quota.pods !== undefined) u.set('pods', quota.pods);
  if (quota.persistentVolumeClaims !== undefined) u.set('persistentvolumeclaims', quota.persistentVolumeClaims);
  if (quota.storage) u.set('requests.storage', mib('storage', quota.storage));
  for (const [sc, s] of Object.entries(quota.storageByClass ?? {})) {
    u.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, mib(keyProp('storageByClass', sc), s));
  }
  return u;
}

/** What the capacity check needs of a namespace. */
export interface CapacityInput {
  readonly owner: string;
  readonly props: SparkNamespaceProps;
  readonly hard: Usage;
  readonly apps: ISparkApp[];
  readonly workloads: ReadonlyMap<string, PodResources[]>;
  readonly report: () => NamespaceCapacity;
}

/** Errors as full messages (with the owner); warnings without it (the warning adds the path). */
export function capacityFindings(input: CapacityInput): { errors: string[]; warnings: string[] } {
  const { owner, props, hard } = input;
  const errors: string[] = [];
  const warnings: string[] = [];
  const lr = props.limitRange ?? {};
  const podMaxCpu = lr.maxPodCpu?.millicores;
  const podMaxMem = lr.maxPodMemory ? sizeToMebibytes(owner, 'limitRange.maxPodMemory', lr.maxPodMemory) : undefined;
  const fail = (...a: [prop: string, value: unknown, problem: string, fix: string]) => { errors.push(propError(owner, ...a).message); };

  /** One pod against the LimitRange maximums and the quota; `who` names it, `fixes` say what to lower. */
  const checkPod = (pod: PodResources, who: string, fixes: { cpu: string; memoryParts?: string; memory: string; pod: string }) => {
    // (a) a single pod beyond the LimitRange maximum
    if (podMaxCpu !== undefined && (pod.cpuLimitMillis ?? 0) > podMaxCpu) {
      const limit = millisToQuantity(pod.cpuLimitMillis!);
      fail('limitRange.maxPodCpu', lr.maxPodCpu, `is below the CPU limit ${limit} of ${who}`, `raise limitRange.maxPodCpu to at least ${limit}, or ${fixes.cpu}`);
    }
    if (podMaxMem !== undefined && pod.memoryLimitMebibytes > podMaxMem) {
      fail('limitRange.maxPodMemory', lr.maxPodMemory, `is below the memory limit ${pod.memoryLimitMebibytes}Mi${fixes.memoryParts ? ` (${fixes.memoryParts})` : ''} of ${who}`,
        `raise limitRange.maxPodMemory to at least ${pod.memoryLimitMebibytes}Mi, or ${fixes.memory}`);
    }
    // ... or beyond the quota alone
    for (const [k, v] of usageOf(podTotals(pod, 1))) {
      const h = hard.get(k);
      if (h !== undefined && v > h) {
        const q = quotaProp(props.quota ?? {}, k);
        fail(q.prop, q.value, `is below the ${formatQuota(k, v)} of ${k} that ${who} alone needs`, `raise ${q.prop} to at least ${formatQuota(k, v)}, or ${fixes.pod}`);
      }
    }
  };

  for (const app of input.apps) {
    let r;
    try {
      r = app.resources();
    } catch {
      continue; // the app reports its own error
    }
    const who = `app ${app.name}`;
    for (const pod of [r.driver, r.executor]) {
      const role = `${who}'s ${pod.role} pod`;
      // (b) limits required by the quota or a pod maximum
      if ((hard.has('limits.cpu') || podMaxCpu !== undefined) && pod.cpuLimitMillis === undefined) {
        fail('setCpuLimits', props.setCpuLimits, `leaves ${role} without a CPU limit, which the namespace requires (quota limits.cpu or limitRange.maxPodCpu)`,
          `set ${pod.role}CoreLimit on the app, or leave setCpuLimits on`);
      }
      checkPod(pod, role, {
        cpu: `lower the app's ${pod.role} CPU`,
        memoryParts: `heap ${pod.heapMebibytes} + overhead ${pod.overheadMebibytes} + off-heap ${pod.offHeapMebibytes} + pyspark ${pod.pysparkMebibytes}`,
        memory: `lower ${pod.role}Memory or ${pod.role}MemoryOverhead on the app`,
        pod: `make the app's ${pod.role} pod smaller`,
      });
    }
    // (c) the app's peak (several quota keys at once: no single prop to name)
    const peak = usageOf(r.peak);
    const over = [...hard.entries()].filter(([k, h]) => (peak.get(k) ?? 0) > h);
    if (over.length) {
      errors.push(constructError(owner, `${who} peak (driver + ${r.maxExecutors} executors) does not fit the quota: ${over.map(([k, h]) => `${k} ${formatQuota(k, peak.get(k)!)} > ${formatQuota(k, h)}`).join(', ')} (the executors beyond the quota would stay pending); raise the quota, or lower the app's executor count or executor resources`).message);
    }
  }

  // Every other pod the library creates here (Celeborn masters and workers, fill Jobs): the same per-pod rules.
  for (const [name, pods] of input.workloads) {
    const seen = new Set<string>();
    for (const pod of pods) {
      const key = JSON.stringify(pod);
      if (seen.has(key)) continue; // identical replicas: one message
      seen.add(key);
      const who = `a pod of workload ${name}`;
      if ((hard.has('limits.cpu') || podMaxCpu !== undefined) && pod.cpuLimitMillis === undefined) {
        const byQuota = hard.has('limits.cpu');
        fail(byQuota ? 'quota.cpuLimits' : 'limitRange.maxPodCpu', byQuota ? props.quota?.cpuLimits : lr.maxPodCpu,
          `requires a CPU limit on every pod, and ${who} has none`, `give the workload's pods a CPU limit, or drop ${byQuota ? 'quota.cpuLimits' : 'limitRange.maxPodCpu'}`);
      }
      checkPod(pod, who, {
        cpu: 'lower the workload\'s CPU',
        memory: 'lower the workload\'s memory',
        pod: 'make the workload\'s pods smaller',
      });
    }
  }

  // (d) all apps and workloads together (several apps and quota keys: no single prop to name)
  const total = usageOf(input.report().total);
  const over = [...hard.entries()].filter(([k, h]) => (total.get(k) ?? 0) > h);
  if (over.length && errors.length === 0) {
    const msg = `the peaks of all apps${input.workloads.size ? ' and workloads' : ''} together exceed the quota (they cannot all run at once): ${over.map(([k, h]) => `${k} ${formatQuota(k, total.get(k)!)} > ${formatQuota(k, h)}`).join(', ')}`;
    if (props.strictCapacity) {
      errors.push(constructError(owner, `${msg}; raise the quota, make the apps' peaks smaller, or turn strictCapacity off to only warn`).message);
    } else {
      warnings.push(msg);
    }
  }
  return { errors, warnings };
}

/** The quota prop behind a quota key, as the user wrote it (path and value). */
function quotaProp(q: SparkQuota, key: string): { prop: string; value: unknown } {
  const name = new Map<string, keyof SparkQuota>([
    ['requests.cpu', 'cpuRequests'], ['limits.cpu', 'cpuLimits'], ['requests.memory', 'memoryRequests'], ['limits.memory', 'memoryLimits'],
    ['requests.ephemeral-storage', 'ephemeralStorageRequests'], ['pods', 'pods'], ['persistentvolumeclaims', 'persistentVolumeClaims'], ['requests.storage', 'storage'],
  ]).get(key);
  if (name) return { prop: `quota.${name}`, value: q[name] };
  const byClass = /^(.*)\.storageclass\.storage\.k8s\.io\/requests\.storage$/.exec(key);
  if (byClass) return { prop: keyProp('quota.storageByClass', byClass[1]), value: q.storageByClass?.[byClass[1]] };
  const ext = key.replace(/^requests\./, '');
  return { prop: keyProp('quota.extendedResources', ext), value: q.extendedResources?.[ext] };
}

/** Totals as quota keys. */
export function usageOf(t: ResourceTotals): Usage {
  const u: Usage = new Map();
  u.set('requests.cpu', t.cpuRequestMillis);
  u.set('limits.cpu', t.cpuLimitMillis);
  u.set('requests.memory', t.memoryRequestMebibytes);
  u.set('limits.memory', t.memoryLimitMebibytes);
  u.set('pods', t.pods);
  u.set('persistentvolumeclaims', t.persistentVolumeClaims);
  u.set('requests.storage', t.storageRequestMebibytes);
  u.set('requests.ephemeral-storage', t.ephemeralStorageRequestMebibytes);
  for (const [k, v] of Object.entries(t.extendedResources)) u.set(`requests.${k}`, v);
  for (const [sc, v] of Object.entries(t.storageByClassMebibytes)) u.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, v);
  return u;
}

/** A quota figure as a Kubernetes quantity. */
export function formatQuota(key: string, v: number): string {
  if (key.endsWith('.cpu')) return millisToQuantity(v);
  if (key.endsWith('memory') || key.endsWith('storage')) return mebibytesToQuantity(v);
  return `${v}`;
}

/** A capacity report as a text table. */
export function renderTable(r: NamespaceCapacity): string {
  const order = ['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'pods', 'persistentvolumeclaims', 'requests.storage'];
  const keys = [...new Set([...order, ...Object.keys(r.quota).sort()])]
    .filter(k => k in r.quota || k === 'requests.cpu' || k === 'requests.memory' || k === 'pods');
  const rows: string[][] = [['', ...keys]];
  // Every pod requests CPU and memory and is a pod; any other column a row does not use is `-`
  // (a driver without claims, an app without GPUs), not a zero quantity such as `0Mi`.
  const always = new Set(['requests.cpu', 'requests.memory', 'pods']);
  const line = (name: string, t: ResourceTotals) => {
    const u = usageOf(t);
    rows.push([name, ...keys.map(k => {
      const v = u.get(k) ?? 0;
      return v === 0 && !always.has(k) ? '-' : formatQuota(k, v);
    })]);
  };
  for (const a of r.apps) {
    line(`${a.name} driver`, podTotals(a.driver, 1));
    line(`${a.name} executor ×${a.maxExecutors}`, podTotals(a.executor, a.maxExecutors));
    line(`${a.name} peak`, a.peak);
  }
  for (const [name, t] of Object.entries(r.workloads)) line(name, t);
  line('total', r.total);
  rows.push(['quota', ...keys.map(k => r.quota[k] ?? '-')]);
  rows.push(['headroom', ...keys.map(k => (k in r.headroom ? formatQuota(k, r.headroom[k]) : '-'))]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`namespace ${r.namespace}`, ...rows.map(fmt)].join('\n') + '\n';
}
