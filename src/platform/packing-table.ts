import { NodeResources } from './node-pool-props';
import { PackingReport } from './packing';
import { millisToQuantity } from '../core/model';
import { PodResources } from '../core/resources';

// The packing computation and table behind NodePool.packingReports() and NodePool.packingTable().

/** Most executors counted for nodes (dynamic allocation without maxExecutors reads as unbounded). */
const UNBOUNDED = 100000;

/** Packs `executor` pods (and a driver on the same pool) onto nodes of `usable` figures. */
export function packExecutors(app: string, pool: string, usable: NodeResources, executor: PodResources, maxExecutors: number,
  driver: PodResources | undefined, pricePerNodeHour: number | undefined): PackingReport {
  const counts: Array<[string, number]> = [
    ['cpu', Math.floor(usable.cpuMillis / Math.max(1, executor.cpuRequestMillis))],
    ['memory', Math.floor(usable.memoryMebibytes / Math.max(1, executor.memoryRequestMebibytes))],
    ['pods', usable.pods],
  ];
  const eph = executor.ephemeralStorageRequestMebibytes ?? 0;
  if (eph > 0) counts.push(['ephemeral-storage', Math.floor(usable.ephemeralStorageMebibytes / eph)]);
  const gpus = gpuCount(executor);
  if (gpus > 0) counts.push(['gpus', Math.floor(usable.gpus / gpus)]);
  let [limitedBy, n] = counts[0];
  for (const [k, v] of counts) if (v < n) [limitedBy, n] = [k, v];
  const usedCpu = n * executor.cpuRequestMillis;
  const usedMem = n * executor.memoryRequestMebibytes;
  let nodesAtPeak: number | undefined;
  if (n > 0 && maxExecutors < UNBOUNDED) {
    nodesAtPeak = Math.ceil(maxExecutors / n);
    if (driver) {
      const onLast = maxExecutors - (nodesAtPeak - 1) * n;
      const fits = driver.cpuRequestMillis + onLast * executor.cpuRequestMillis <= usable.cpuMillis
        && driver.memoryRequestMebibytes + onLast * executor.memoryRequestMebibytes <= usable.memoryMebibytes
        && onLast + 1 <= usable.pods && maxExecutors > 0;
      if (!fits) nodesAtPeak++;
    }
  }
  return {
    app,
    pool,
    executorCpuMillis: executor.cpuRequestMillis,
    executorMemoryMebibytes: executor.memoryRequestMebibytes,
    executorsPerNode: n,
    limitedBy,
    cpuShare: usable.cpuMillis > 0 ? usedCpu / usable.cpuMillis : 0,
    memoryShare: usable.memoryMebibytes > 0 ? usedMem / usable.memoryMebibytes : 0,
    idleCpuMillis: usable.cpuMillis - usedCpu,
    idleMemoryMebibytes: usable.memoryMebibytes - usedMem,
    maxExecutors,
    nodesAtPeak,
    costPerHourAtPeak: nodesAtPeak !== undefined && pricePerNodeHour !== undefined ? round2(nodesAtPeak * pricePerNodeHour) : undefined,
  };
}

/** GPUs a pod asks for (any `<vendor>/gpu` resource). */
export function gpuCount(pod: PodResources): number {
  return Object.entries(pod.extendedResources).filter(([k]) => /\/gpu$/.test(k)).reduce((s, [, v]) => s + v, 0);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Packing reports as a text table (one line per app and pool). */
export function renderPackingTable(reports: PackingReport[]): string {
  if (reports.length === 0) return '';
  const head = ['app', 'pool', 'executor', 'per node', 'cpu used', 'memory used', 'idle per node', 'nodes at peak', 'cost/h at peak'];
  const rows = reports.map(r => [
    r.app.replace(/^SparkApp /, ''), r.pool,
    `${millisToQuantity(r.executorCpuMillis)} CPU, ${r.executorMemoryMebibytes}Mi`,
    `${r.executorsPerNode} (${r.limitedBy})`,
    pct(r.cpuShare), pct(r.memoryShare),
    `${millisToQuantity(Math.max(0, r.idleCpuMillis))} CPU, ${Math.max(0, r.idleMemoryMebibytes)}Mi`,
    r.nodesAtPeak === undefined ? (r.executorsPerNode === 0 ? 'does not fit' : 'unbounded') : `${r.nodesAtPeak}`,
    r.costPerHourAtPeak === undefined ? '-' : r.costPerHourAtPeak.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return ['Packing of executors on node pools', line(head), ...rows.map(line)].join('\n');
}
