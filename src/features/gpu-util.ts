import { SparkVersion } from '../core/versions';

// ---------------------------------------------------------------------------------------------
// internal helpers of GpuTrainingJob: Spark's GPU task math and the RAPIDS support matrix

/** The RAPIDS Accelerator release whose support matrix is known (NVIDIA/spark-rapids docs/download.md). */
export const RAPIDS_VERSION = '26.06.0';

/** Spark releases RAPIDS 26.06.0 supports, per Scala binary version: inclusive [from, to] ranges. */
const RAPIDS_SUPPORT: Array<[string, Array<[string, string]>]> = [
  ['2.12', [['3.3.0', '3.3.4'], ['3.4.0', '3.4.4'], ['3.5.0', '3.5.8']]],
  ['2.13', [['3.5.0', '3.5.8'], ['4.0.0', '4.0.2'], ['4.1.1', '4.1.1']]],
];

/** The support matrix in words, for error messages. */
export const RAPIDS_SUPPORT_TEXT = RAPIDS_SUPPORT
  .map(([scala, ranges]) => `${ranges.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(', ')} on Scala ${scala}`)
  .join(' and ');

/** Whether RAPIDS 26.06.0 supports a Spark release built for a Scala version. */
export function rapidsSupports(spark: SparkVersion, scala: string): boolean {
  const ranges = RAPIDS_SUPPORT.find(([s]) => s === scala)?.[1] ?? [];
  return ranges.some(([from, to]) => spark.isAtLeast(from) && !spark.isAtLeast(nextPatch(to)));
}

function nextPatch(v: string): string {
  const [a, b, c] = v.split('.').map(Number);
  return `${a}.${b}.${c + 1}`;
}

/** Parts of a RAPIDS jar file name `rapids-4-spark_<scala>-<version>[-<classifier>].jar`, or undefined. */
export function parseRapidsJar(path: string): { scala: string; version: string; file: string } | undefined {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const m = /^rapids-4-spark_(2\.\d+)-(\d+\.\d+\.\d+)(?:-[A-Za-z0-9-]+)?\.jar$/.exec(file);
  return m ? { scala: m[1], version: m[2], file } : undefined;
}

/**
 * `spark.task.resource.gpu.amount` for n tasks sharing a GPU: `1`, or 1/n written so that Spark's
 * `floor(1 / amount)` gives exactly n task slots per GPU (amounts ≤ 0.5 may be fractional,
 * `ResourceUtils.calculateAmountAndPartsForFraction`). For some n the shortest decimal of 1/n
 * parses to a double whose reciprocal is just below n (1/93 → 92 slots); the value is then
 * lowered by one unit in the last place until it yields n.
 */
export function taskGpuAmount(tasksPerGpu: number): string {
  if (tasksPerGpu === 1) return '1';
  let a = 1 / tasksPerGpu;
  while (Math.floor(1 / a) < tasksPerGpu) a = nextDown(a);
  return `${a}`;
}

/** The largest double below a positive double. */
function nextDown(x: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  buf.setBigUint64(0, buf.getBigUint64(0) - BigInt(1));
  return buf.getFloat64(0);
}

/**
 * Task slots of one executor (`ResourceProfile.calculateTasksAndLimitingResource`): the smaller of
 * floor(cores / task.cpus) and the GPU slots (GPUs × tasks per GPU).
 */
export function taskSlots(cores: number, taskCpus: number, gpus: number, tasksPerGpu: number): number {
  return Math.min(Math.floor(cores / taskCpus), gpus * tasksPerGpu);
}

/** A Kubernetes label value problem, or undefined. */
export function labelValueProblem(v: string): string | undefined {
  if (v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
    return 'must be a label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Whether a string is a URI with a scheme. */
export function hasScheme(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

/** Whether a URI carries user info (`scheme://user:secret@host`). */
export function hasUserInfo(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(uri);
}
