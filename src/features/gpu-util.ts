import { Size } from 'cdk8s';
import type { GpuVendor, RapidsOptions } from './gpu-options';
import { ISparkApp } from '../core/contracts';
import { constructError } from '../core/errors';
import { sparkMebibytes } from '../core/model';
import { EmptyDirMedium, SparkToleration, SparkVolume, TaintEffect, TolerationOperator } from '../core/pod';
import { SparkRole } from '../core/resources';
import { SparkPods } from '../core/types';
import { requireInt, sizeToMebibytes } from '../core/util';
import { SparkVersion } from '../core/versions';

// ---------------------------------------------------------------------------------------------
// internal helpers of GpuAcceleration and GpuTrainingJob: Spark's GPU task math and the RAPIDS
// support matrix

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

// ---------------------------------------------------------------------------------------------
// internal: the GPU plan, shared by GpuAcceleration (errors named after the app) and
// GpuTrainingJob (errors named after the job and its props)

/** The GPU props under the names a message uses (the feature's or GpuTrainingJob's). */
export type GpuProp = 'gpusPerExecutor' | 'driverGpus' | 'vendor' | 'discoveryScript' | 'tasksPerGpu' | 'nodeSelector'
| 'tolerations' | 'sharedMemorySize' | 'rapids' | 'barrier';

/** How a plan names its owner and props in errors, and where its warnings go. */
export interface GpuReporter {
  /** Prefix of every error, e.g. `GpuTrainingJob Train` or `SparkApp Etl`. */
  readonly owner: string;
  /** The prop as the user wrote it. */
  name(prop: GpuProp): string;
  /** Records a warning. */
  warn(message: string): void;
}

/** The GPU settings as given (both GpuAccelerationProps and GpuTrainingJobProps map onto these). */
export interface GpuSettings {
  readonly gpusPerExecutor?: number;
  readonly driverGpus?: number;
  readonly vendor: GpuVendor;
  readonly discoveryScript?: string;
  readonly tasksPerGpu?: number;
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: SparkToleration[];
  readonly sharedMemorySize?: Size;
  readonly rapids?: RapidsOptions;
  /** Barrier-mode training: one whole GPU per task, every executor at once. */
  readonly barrier: boolean;
}

/** What the plan needs to know of the app. */
export interface GpuAppFacts {
  readonly sparkVersion: SparkVersion;
  /** The app's Scala binary version (a function: only RAPIDS needs it, and resolving it may throw). */
  readonly scalaVersion: () => string;
  /** `spark.executor.cores`. */
  readonly executorCores: number;
  /** `spark.task.cpus` as given, if given. */
  readonly taskCpus?: string;
  /** `spark.rapids.memory.pinnedPool.size` as given elsewhere (sparkConf), if given. */
  readonly pinnedPoolConf?: string;
}

/** Everything a GPU feature adds to an app, checked and resolved. */
export interface GpuPlan {
  readonly gpusPerExecutor: number;
  readonly driverGpus: number;
  readonly taskGpuAmount: string;
  readonly taskSlotsPerExecutor: number;
  readonly executorSharedMemoryMebibytes: number;
  readonly driverSharedMemoryMebibytes: number;
  readonly pinnedPoolMebibytes: number;
  readonly nodeSelector: { [key: string]: string };
  readonly tolerations: SparkToleration[];
  /** Plain conf entries, in the order they are set. */
  readonly conf: Array<[string, string]>;
  readonly packages: string[];
  readonly jars: string[];
  readonly plugins: string[];
}

const DEFAULT_DISCOVERY_SCRIPT = '/opt/spark/examples/src/main/scripts/getGpusResources.sh';
const SHM_VOLUME = 'dshm';

/**
 * The checks that need nothing but the settings (GpuAcceleration runs them when constructed, so
 * the error points at the line that wrote them).
 */
export function checkGpuSettings(r: GpuReporter, s: GpuSettings): void {
  const o = r.owner;
  const gpus = s.gpusPerExecutor ?? 1;
  if (!Number.isInteger(gpus) || gpus < 1) {
    throw constructError(o, `${r.name('gpusPerExecutor')} must be a whole number of at least 1, got ${gpus}; Kubernetes allocates whole GPUs to a container`);
  }
  const dGpus = s.driverGpus ?? 0;
  if (!Number.isInteger(dGpus) || dGpus < 0) {
    throw constructError(o, `${r.name('driverGpus')} must be a whole number of at least 0, got ${dGpus}; Kubernetes allocates whole GPUs to a container`);
  }
  const script = s.discoveryScript ?? DEFAULT_DISCOVERY_SCRIPT;
  if (!script.startsWith('/')) {
    throw constructError(o, `${r.name('discoveryScript')} must be an absolute path in the image, got "${script}"`);
  }
  if (s.rapids && s.barrier) {
    throw constructError(o, `${r.name('rapids')} and ${r.name('barrier')} cannot be combined, got both; RAPIDS shares each GPU between tasks (spark.task.resource.gpu.amount 1/n) while barrier training needs one whole GPU per task: run the ETL and the training as two jobs`);
  }
  checkTasksPerGpu(r, s, s.tasksPerGpu);
  if (s.sharedMemorySize !== undefined) wholeMib(r, r.name('sharedMemorySize'), s.sharedMemorySize);
  for (const [k, v] of Object.entries(s.nodeSelector ?? {})) {
    const p = labelValueProblem(v);
    if (p) throw constructError(o, `${r.name('nodeSelector')} ${k} "${v}" ${p}`);
  }
  const rapids = s.rapids;
  if (rapids) {
    if (rapids.version !== undefined && !/^\d+\.\d+\.\d+$/.test(rapids.version)) {
      throw constructError(o, `${r.name('rapids')}.version must be a release such as ${RAPIDS_VERSION}, got "${rapids.version}"`);
    }
    requireInt(o, `${r.name('rapids')}.concurrentGpuTasks`, rapids.concurrentGpuTasks, 1);
    if (rapids.pinnedPoolSize !== undefined) wholeMib(r, `${r.name('rapids')}.pinnedPoolSize`, rapids.pinnedPoolSize);
    if (rapids.maxPartitionBytes !== undefined) maxPartitionMib(r, rapids.maxPartitionBytes);
  }
}

function checkTasksPerGpu(r: GpuReporter, s: GpuSettings, perGpu: number | undefined) {
  if (perGpu === undefined) return;
  if (!Number.isInteger(perGpu) || perGpu < 1) {
    throw constructError(r.owner, `${r.name('tasksPerGpu')} must be a whole number of at least 1, got ${perGpu}; Spark shares a GPU between n tasks with a task amount of 1/n (fractions above 0.5 are not allowed)`);
  }
  if (s.barrier && perGpu !== 1) {
    throw constructError(r.owner, `${r.name('tasksPerGpu')} must be 1 with ${r.name('barrier')}, got ${perGpu}; TorchDistributor reads spark.task.resource.gpu.amount as a whole number and runs one process per task and GPU`);
  }
}

/** Checks the settings against the app and resolves everything the feature adds. */
export function planGpu(r: GpuReporter, s: GpuSettings, app: GpuAppFacts): GpuPlan {
  const o = r.owner;
  checkGpuSettings(r, s);
  const gpus = s.gpusPerExecutor ?? 1;
  const dGpus = s.driverGpus ?? 0;
  const vendor = s.vendor;
  const script = s.discoveryScript ?? DEFAULT_DISCOVERY_SCRIPT;
  if (vendor.domain !== 'nvidia.com' && s.discoveryScript === undefined) {
    r.warn(`${r.name('discoveryScript')} is Spark's example script, which runs nvidia-smi, but ${r.name('vendor')} is ${vendor.domain}; give a discovery script for these GPUs`);
  }

  // --- task slots
  const cores = app.executorCores;
  requireInt(o, 'executorCores', cores, 1);
  const taskCpus = Number(app.taskCpus ?? '1');
  if (!Number.isInteger(taskCpus) || taskCpus < 1 || taskCpus > cores) {
    throw constructError(o, `sparkConf spark.task.cpus must be a whole number from 1 to executorCores (${cores}), got ${app.taskCpus}`);
  }
  const perGpu = s.tasksPerGpu ?? (s.rapids ? Math.max(1, Math.floor(cores / taskCpus / gpus)) : 1);
  checkTasksPerGpu(r, s, perGpu);
  const amount = taskGpuAmount(perGpu);
  const slots = taskSlots(cores, taskCpus, gpus, perGpu);
  if (Math.floor(cores / taskCpus) < gpus * perGpu) {
    r.warn(`executorCores ${cores} give ${Math.floor(cores / taskCpus)} task slots per executor but the GPUs could take ${gpus * perGpu} (${gpus} GPU × ${perGpu} tasks): part of each executor's GPUs stays idle; raise executorCores or lower ${r.name('gpusPerExecutor')}`);
  }

  // --- conf
  const conf: Array<[string, string]> = [
    ['spark.executor.resource.gpu.amount', `${gpus}`],
    ['spark.executor.resource.gpu.vendor', vendor.domain],
    ['spark.executor.resource.gpu.discoveryScript', script],
    ['spark.task.resource.gpu.amount', amount],
  ];
  if (dGpus > 0) {
    conf.push(
      ['spark.driver.resource.gpu.amount', `${dGpus}`],
      ['spark.driver.resource.gpu.vendor', vendor.domain],
      ['spark.driver.resource.gpu.discoveryScript', script],
    );
  }
  const packages: string[] = [];
  const jars: string[] = [];
  const plugins: string[] = [];
  const pinned = s.rapids ? planRapids(r, s.rapids, app, { conf, packages, jars, plugins }) : 0;
  if (s.barrier) {
    // A barrier stage needs every slot: start scheduling once all executors registered.
    conf.push(['spark.scheduler.minRegisteredResourcesRatio', '1.0']);
  }

  // --- /dev/shm per GPU pod: the given size, 1 GiB per GPU for barrier training, else the runtime's
  const shmOf = (podGpus: number): number => {
    if (podGpus === 0) return 0;
    if (s.sharedMemorySize !== undefined) return wholeMib(r, r.name('sharedMemorySize'), s.sharedMemorySize);
    return s.barrier ? 1024 * podGpus : 0;
  };

  return {
    gpusPerExecutor: gpus,
    driverGpus: dGpus,
    taskGpuAmount: amount,
    taskSlotsPerExecutor: slots,
    executorSharedMemoryMebibytes: shmOf(gpus),
    driverSharedMemoryMebibytes: shmOf(dGpus),
    pinnedPoolMebibytes: pinned,
    nodeSelector: { ...(s.nodeSelector ?? {}) },
    tolerations: s.tolerations ?? [{ key: vendor.resourceName, operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }],
    conf,
    packages,
    jars,
    plugins,
  };
}

/** RAPIDS: the plugin, its settings and the pinned pool (returned, MiB). */
function planRapids(
  r: GpuReporter, opts: RapidsOptions, app: GpuAppFacts,
  out: { conf: Array<[string, string]>; packages: string[]; jars: string[]; plugins: string[] },
): number {
  const o = r.owner;
  const p = r.name('rapids');
  const spark = app.sparkVersion;
  // The app's Scala version (scalaVersion prop, image tag, Spark default): the plugin must match it.
  const scala = app.scalaVersion();
  const jarName = opts.jar !== undefined ? parseRapidsJar(opts.jar) : undefined;
  const version = opts.version ?? jarName?.version ?? RAPIDS_VERSION;
  if (opts.jar !== undefined) {
    if (!hasScheme(opts.jar)) {
      throw constructError(o, `${p}.jar must be a URI such as local:///opt/sparkRapidsPlugin/rapids-4-spark_${scala}-${version}.jar, got "${opts.jar}"`);
    }
    if (!jarName) {
      r.warn(`${p}.jar "${opts.jar}" is not named rapids-4-spark_<scala>-<version>.jar, so its Scala and plugin version cannot be checked`);
    } else {
      if (jarName.scala !== scala) {
        throw constructError(o, `${p}.jar ${jarName.file} is built for Scala ${jarName.scala}, got Spark ${spark.version} on Scala ${scala}; use rapids-4-spark_${scala}-${version}.jar`);
      }
      if (jarName.version !== version) {
        throw constructError(o, `${p}.jar ${jarName.file} is release ${jarName.version}, got ${p}.version ${version}; use rapids-4-spark_${scala}-${version}.jar or drop ${p}.version`);
      }
    }
    out.jars.push(opts.jar);
  } else {
    out.packages.push(`com.nvidia:rapids-4-spark_${scala}:${version}`);
  }
  if (version === RAPIDS_VERSION) {
    if (!rapidsSupports(spark, scala)) {
      throw constructError(o, `${p} needs a Spark release the RAPIDS Accelerator ${RAPIDS_VERSION} supports, got Spark ${spark.version} on Scala ${scala}; supported: ${RAPIDS_SUPPORT_TEXT}`);
    }
  } else {
    r.warn(`RAPIDS Accelerator ${version}: its supported Spark releases were not checked (the library knows the ${RAPIDS_VERSION} matrix); check Spark ${spark.version} on Scala ${scala} against its download page`);
  }

  // The pinned pool: the option, else a value already in the conf, else 2 GiB.
  let pinned: number;
  if (opts.pinnedPoolSize === undefined && app.pinnedPoolConf !== undefined) {
    try {
      pinned = sparkMebibytes(app.pinnedPoolConf, 'b');
    } catch (e) {
      throw constructError(o, `sparkConf spark.rapids.memory.pinnedPool.size ${(e as Error).message}`);
    }
  } else {
    pinned = wholeMib(r, `${p}.pinnedPoolSize`, opts.pinnedPoolSize ?? Size.gibibytes(2));
    if (pinned > 0) out.conf.push(['spark.rapids.memory.pinnedPool.size', `${pinned}m`]);
  }
  const split = maxPartitionMib(r, opts.maxPartitionBytes ?? Size.mebibytes(512));
  out.plugins.push('com.nvidia.spark.SQLPlugin');
  out.conf.push(
    ['spark.rapids.sql.enabled', 'true'],
    ['spark.rapids.sql.concurrentGpuTasks', `${opts.concurrentGpuTasks ?? 2}`],
    ['spark.rapids.sql.explain', opts.explain ?? 'NOT_ON_GPU'],
    ['spark.locality.wait', '0s'],
    ['spark.sql.files.maxPartitionBytes', `${split}m`],
  );
  return pinned;
}

function wholeMib(r: GpuReporter, prop: string, s: Size): number {
  const mib = sizeToMebibytes(r.owner, prop, s);
  if (mib < 0) throw constructError(r.owner, `${prop} must be at least 0 MiB, got ${mib} MiB`);
  return mib;
}

function maxPartitionMib(r: GpuReporter, s: Size): number {
  const prop = `${r.name('rapids')}.maxPartitionBytes`;
  const split = wholeMib(r, prop, s);
  if (split < 1) throw constructError(r.owner, `${prop} must be at least 1 MiB, got ${split} MiB`);
  return split;
}

/**
 * Adds a plan to an app through the public ISparkApp methods: GPU conf (the kubeflow renderer
 * derives the typed `gpu` fields from it), RAPIDS plugin and jars as list entries, the GPU
 * placement, /dev/shm and the memory headroom of /dev/shm and the pinned pool.
 */
export function applyGpuPlan(app: ISparkApp, plan: GpuPlan, source: string): void {
  for (const [k, v] of plan.conf) app.addSparkConf(k, v, source);
  if (plan.packages.length) app.addSparkConfListEntries('spark.jars.packages', plan.packages, source);
  if (plan.jars.length) app.addSparkConfListEntries('spark.jars', plan.jars, source);
  if (plan.plugins.length) app.addSparkConfListEntries('spark.plugins', plan.plugins, source);

  // GPU pods: the executors, and the driver when it has GPUs.
  const gpuPods = plan.driverGpus > 0 ? [SparkPods.EXECUTORS, SparkPods.DRIVER] : [SparkPods.EXECUTORS];
  for (const pods of gpuPods) {
    app.addNodeSelector(pods, plan.nodeSelector, source);
    app.addTolerations(pods, plan.tolerations, source);
  }

  // /dev/shm (tmpfs) and the pinned host pool live in the container outside the JVM: headroom on
  // top of the overhead Spark would use, so the pod's memory limit holds them.
  const shm = (mib: number) => SparkVolume.emptyDir(SHM_VOLUME, { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(mib) });
  const exec = plan.executorSharedMemoryMebibytes;
  const driver = plan.driverSharedMemoryMebibytes;
  if (exec > 0) app.addVolumeMount(SparkPods.EXECUTORS, { volume: shm(exec), path: '/dev/shm' }, source);
  if (driver > 0) app.addVolumeMount(SparkPods.DRIVER, { volume: shm(driver), path: '/dev/shm' }, source);
  if (exec + plan.pinnedPoolMebibytes > 0) app.addMemoryHeadroom(SparkRole.EXECUTOR, Size.mebibytes(exec + plan.pinnedPoolMebibytes), source);
  if (driver > 0) app.addMemoryHeadroom(SparkRole.DRIVER, Size.mebibytes(driver), source);
}
