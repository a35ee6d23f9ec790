import { Size } from 'cdk8s';
import type { GpuVendor, RapidsOptions } from './gpu-options';
import { sameValue } from '../core/conf';
import { ISparkApp } from '../core/contracts';
import { formatValue, propError } from '../core/errors';
import { sparkMebibytes } from '../core/model';
import { EmptyDirMedium, SparkToleration, SparkVolume, TaintEffect, TolerationOperator } from '../core/pod';
import { SparkRole } from '../core/resources';
import { SparkPods } from '../core/types';
import { keyProp, requireInt, sizeToMebibytes } from '../core/util';
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

/**
 * How an error names an app's dynamic allocation, for features that reject it when bound: the
 * `dynamicAllocation` prop (its maxExecutors), or the conf key and who set it.
 */
export function dynamicAllocationOf(app: ISparkApp): { prop: string; value: unknown; setBy: string } {
  const source = app.sparkConfSource('spark.dynamicAllocation.enabled');
  if (source === 'prop dynamicAllocation') {
    return { prop: 'dynamicAllocation', value: { maxExecutors: Number(app.sparkConfValue('spark.dynamicAllocation.maxExecutors')) }, setBy: '' };
  }
  return {
    prop: keyProp('sparkConf', 'spark.dynamicAllocation.enabled'),
    value: app.sparkConfValue('spark.dynamicAllocation.enabled'),
    setBy: source === undefined || source === 'sparkConf' ? '' : `(set by ${source}) `,
  };
}

/**
 * Whether a gang scheduler is bound to the app: a GangScheduler, recognized by its feature name
 * (gang-scheduling.ts imports the GPU feature, so this side cannot import it).
 */
export function hasGangScheduler(app: ISparkApp): boolean {
  return app.features.some(f => f.featureName.startsWith('GangScheduler '));
}

/**
 * The warning for barrier training without a gang scheduler (none when the app has one). Spark
 * copes without one: a barrier job waits for enough task slots, re-checking every
 * `spark.scheduler.barrier.maxConcurrentTasksCheck.interval` (15s) up to `.maxFailures` (40)
 * times, then fails (DAGScheduler); so this is a warning, not an error. Read when the warnings
 * are read: the gang scheduler binds after the GPU feature, or later through addFeature.
 *
 * @param prop the prop that asks for barrier training, as the user wrote it
 */
export function barrierWithoutGangWarnings(app: ISparkApp, prop: string): string[] {
  if (hasGangScheduler(app)) return [];
  return [`${prop} runs barrier stages, which need every executor at once, but the app has no gangScheduler: `
    + 'the pods are placed one by one, so executors that fit hold their GPUs idle until the rest fit too, and Spark fails the job '
    + 'when not all of them registered within 40 checks 15s apart (spark.scheduler.barrier.maxConcurrentTasksCheck.*); '
    + 'set gangScheduler to GangScheduler.volcano(), GangScheduler.yunikorn({ queue }) or GangScheduler.kueue({ queueName }) [barrier-without-gang-scheduler]'];
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
  /** Records a warning with its id (kebab-case, for `SparkWarnings.acknowledge`). */
  warn(message: string, id: string): void;
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
  /** A key's value as the user gave it in sparkConf (not as another source set it), if given. */
  readonly userConf?: (key: string) => string | undefined;
  /** The RAPIDS plugin in the app's image preset, if it has one. */
  readonly imageRapids?: { readonly preset: string; readonly jar?: string };
  /** Entries of `spark.jars` and `spark.jars.packages` set before the plan is applied. */
  readonly otherJars?: string[];
  readonly otherPackages?: string[];
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
  // Spark reads the executor and driver amounts as whole numbers and requests nothing for 0.
  if (!Number.isInteger(gpus) || gpus < 0) {
    throw propError(o, r.name('gpusPerExecutor'), gpus, 'must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container)',
      `give a whole number of GPUs, 0 for executors without GPUs (to share a GPU between tasks, set ${r.name('tasksPerGpu')})`);
  }
  const dGpus = s.driverGpus ?? 0;
  if (!Number.isInteger(dGpus) || dGpus < 0) {
    throw propError(o, r.name('driverGpus'), dGpus, 'must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container)',
      'use 0 for a driver without GPUs, or a whole number of GPUs');
  }
  const script = s.discoveryScript ?? DEFAULT_DISCOVERY_SCRIPT;
  if (!script.startsWith('/')) {
    throw propError(o, r.name('discoveryScript'), script, 'must be an absolute path in the image',
      'give the script\'s full path, e.g. /opt/sparkRapidsPlugin/getGpusResources.sh');
  }
  if (s.rapids && s.barrier) {
    throw propError(o, r.name('rapids'), s.rapids, `cannot be combined with ${r.name('barrier')}: RAPIDS shares each GPU between tasks (spark.task.resource.gpu.amount 1/n) while barrier training needs one whole GPU per task`,
      'run the ETL and the training as two jobs');
  }
  if (gpus === 0) {
    // Executors without GPUs: what only applies to executor GPUs has nothing to apply to.
    const needsExecutorGpus: Array<[GpuProp, unknown, string]> = [
      ['barrier', s.barrier || undefined, 'runs one barrier task per executor GPU'],
      ['rapids', s.rapids, 'runs SQL on the executors\' GPUs'],
      ['tasksPerGpu', s.tasksPerGpu, 'shares the executors\' GPUs between tasks'],
    ];
    for (const [prop, value, what] of needsExecutorGpus) {
      if (value === undefined) continue;
      throw propError(o, r.name('gpusPerExecutor'), gpus, `leaves the executors without GPUs, but ${r.name(prop)} ${what}`,
        `give ${r.name('gpusPerExecutor')} of at least 1, or drop ${r.name(prop)}`);
    }
  }
  checkTasksPerGpu(r, s, s.tasksPerGpu);
  if (s.sharedMemorySize !== undefined) wholeMib(r, r.name('sharedMemorySize'), s.sharedMemorySize);
  const rapids = s.rapids;
  if (rapids) {
    if (rapids.version !== undefined && !/^\d+\.\d+\.\d+$/.test(rapids.version)) {
      throw propError(o, `${r.name('rapids')}.version`, rapids.version, 'is not a RAPIDS Accelerator release number (major.minor.patch)',
        `use a release such as ${RAPIDS_VERSION}, or leave it unset for ${RAPIDS_VERSION}`);
    }
    requireInt(o, `${r.name('rapids')}.concurrentGpuTasks`, rapids.concurrentGpuTasks, 1);
    if (rapids.pinnedPoolSize !== undefined) wholeMib(r, `${r.name('rapids')}.pinnedPoolSize`, rapids.pinnedPoolSize);
    if (rapids.maxPartitionBytes !== undefined) maxPartitionMib(r, rapids.maxPartitionBytes);
  }
}

function checkTasksPerGpu(r: GpuReporter, s: GpuSettings, perGpu: number | undefined) {
  if (perGpu === undefined) return;
  if (!Number.isInteger(perGpu) || perGpu < 1) {
    throw propError(r.owner, r.name('tasksPerGpu'), perGpu, 'must be a whole number of at least 1: Spark shares a GPU between n tasks with a task amount of 1/n (fractions above 0.5 are not allowed)',
      'use 1 for a whole GPU per task, or n for n tasks per GPU');
  }
  if (s.barrier && perGpu !== 1) {
    throw propError(r.owner, r.name('tasksPerGpu'), perGpu, `must be 1 with ${r.name('barrier')}: TorchDistributor reads spark.task.resource.gpu.amount as a whole number and runs one process per task and GPU`,
      `leave ${r.name('tasksPerGpu')} unset or set it to 1`);
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
  if (gpus + dGpus === 0) {
    r.warn(`${r.name('gpusPerExecutor')} 0 and ${r.name('driverGpus')} 0 request no GPU (Spark ignores a GPU amount of 0), so the GPU settings apply to no pod; give GPUs to the executors or the driver, or drop the GPU settings`, 'no-gpus');
  } else if (vendor.domain !== 'nvidia.com' && s.discoveryScript === undefined) {
    r.warn(`${r.name('discoveryScript')} is Spark's example script, which runs nvidia-smi, but ${r.name('vendor')} is ${vendor.domain}; give a discovery script for these GPUs`, 'gpu-discovery-script');
  }

  // --- task slots
  const cores = app.executorCores;
  requireInt(o, 'executorCores', cores, 1);
  // spark.task.cpus is an int conf: Spark trims it and reads it with toInt (no fraction, no exponent).
  const taskCpusText = app.taskCpus?.trim() ?? '1';
  const taskCpus = /^[+-]?[0-9]{1,10}$/.test(taskCpusText) ? Number(taskCpusText) : NaN;
  if (!Number.isInteger(taskCpus) || taskCpus < 1 || taskCpus > cores) {
    throw propError(o, keyProp('sparkConf', 'spark.task.cpus'), app.taskCpus, `must be a whole number from 1 to executorCores (${cores})`,
      `use at most ${cores}, or raise executorCores`);
  }
  const cpuSlots = Math.floor(cores / taskCpus);
  const perGpu = s.tasksPerGpu ?? (s.rapids && gpus > 0 ? Math.max(1, Math.floor(cpuSlots / gpus)) : 1);
  checkTasksPerGpu(r, s, perGpu);
  // Without executor GPUs no task amount is set (Spark rejects a task amount without an executor amount).
  const amount = gpus > 0 ? taskGpuAmount(perGpu) : '0';
  const slots = gpus > 0 ? taskSlots(cores, taskCpus, gpus, perGpu) : cpuSlots;
  if (gpus > 0 && cpuSlots < gpus * perGpu) {
    r.warn(`executorCores ${cores} give ${cpuSlots} task slots per executor but the GPUs could take ${gpus * perGpu} (${gpus} GPU × ${perGpu} tasks): part of each executor's GPUs stays idle; raise executorCores or lower ${r.name('gpusPerExecutor')}`, 'idle-gpus');
  }

  // --- conf
  const conf: Array<[string, string]> = [];
  if (gpus > 0) {
    conf.push(
      ['spark.executor.resource.gpu.amount', `${gpus}`],
      ['spark.executor.resource.gpu.vendor', vendor.domain],
      ['spark.executor.resource.gpu.discoveryScript', script],
      ['spark.task.resource.gpu.amount', amount],
    );
  }
  if (dGpus > 0) {
    conf.push(
      ['spark.driver.resource.gpu.amount', `${dGpus}`],
      ['spark.driver.resource.gpu.vendor', vendor.domain],
      ['spark.driver.resource.gpu.discoveryScript', script],
    );
  }
  checkUserGpuConf(r, conf, app.userConf);
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

/** The GPU conf keys a plan owns and the props that set them. */
const GPU_CONF_PROPS: Array<[string, GpuProp]> = [
  ['spark.executor.resource.gpu.amount', 'gpusPerExecutor'],
  ['spark.executor.resource.gpu.vendor', 'vendor'],
  ['spark.executor.resource.gpu.discoveryScript', 'discoveryScript'],
  ['spark.task.resource.gpu.amount', 'tasksPerGpu'],
  ['spark.driver.resource.gpu.amount', 'driverGpus'],
  ['spark.driver.resource.gpu.vendor', 'vendor'],
  ['spark.driver.resource.gpu.discoveryScript', 'discoveryScript'],
];

/**
 * GPU keys the user also wrote into sparkConf: the same value (as Spark reads it) passes; another one is an error
 * naming the prop that sets the key (and, for the mistakes Spark would trip over, why).
 */
function checkUserGpuConf(r: GpuReporter, conf: Array<[string, string]>, userConf: ((key: string) => string | undefined) | undefined): void {
  if (!userConf) return;
  const planned = new Map(conf);
  for (const [key, prop] of GPU_CONF_PROPS) {
    const given = userConf(key);
    const mine = planned.get(key);
    // The same setting as Spark reads it passes (e.g. a task amount of "1.0" for "1").
    if (given === undefined || (mine !== undefined && sameValue(key, given, mine))) continue;
    // Spark requests nothing for an amount of 0 or less (ResourceUtils.parseAllResourceRequests).
    const amountKey = prop === 'gpusPerExecutor' || prop === 'driverGpus';
    if (amountKey && mine === undefined && /^[+-]?[0-9]+$/.test(given) && Number(given) <= 0) continue;
    const p = keyProp('sparkConf', key);
    const fix = `remove the key; ${r.name(prop)} sets it`;
    if (prop === 'vendor' && given.includes('/')) {
      throw propError(r.owner, p, given, `names the resource, not its vendor: Spark appends "/gpu" to the vendor and would request ${given}/gpu`,
        `${fix} (GpuVendor.NVIDIA gives "nvidia.com")`);
    }
    if (amountKey && !/^[+-]?[0-9]+$/.test(given)) {
      throw propError(r.owner, p, given, 'must be a whole number (Spark reads a pod\'s GPU amount with toInt)',
        `${fix} (to share a GPU between tasks, set ${r.name('tasksPerGpu')})`);
    }
    const theirs = mine === undefined ? 'leaves it unset' : `sets it to ${formatValue(mine)}`;
    throw propError(r.owner, p, given, `conflicts with ${r.name(prop)}, which ${theirs}`, `remove the key and set ${r.name(prop)} instead`);
  }
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
  if (opts.jarInImage && opts.jar !== undefined) {
    throw propError(o, `${p}.jarInImage`, true, `contradicts ${p}.jar ${formatValue(opts.jar)}: a jar on the image's class path needs no jar entry`,
      `drop ${p}.jar for a jar in /opt/spark/jars, or drop ${p}.jarInImage for a jar elsewhere in the image`);
  }
  if (app.imageRapids && opts.jar !== undefined && opts.jar !== app.imageRapids.jar) {
    throw propError(o, `${p}.jar`, opts.jar, `is a second RAPIDS build: imagePreset ${app.imageRapids.preset} has the plugin ${app.imageRapids.jar ?? 'on its class path'}`,
      `drop ${p}.jar (the image's plugin is used)`);
  }
  const imageJar = opts.jar ?? (opts.jarInImage ? undefined : app.imageRapids?.jar);
  const inImage = opts.jarInImage === true || (opts.jar === undefined && app.imageRapids !== undefined && app.imageRapids.jar === undefined);
  const jarName = imageJar !== undefined ? parseRapidsJar(imageJar) : undefined;
  const version = opts.version ?? jarName?.version ?? RAPIDS_VERSION;
  const jarProp = opts.jar !== undefined ? `${p}.jar` : 'imagePreset rapidsJar';
  if (inImage) {
    // the plugin is on the image's class path: nothing to add
  } else if (imageJar !== undefined) {
    if (!hasScheme(imageJar)) {
      throw propError(o, jarProp, imageJar, 'must be a URI with a scheme',
        `use e.g. local:///opt/sparkRapidsPlugin/rapids-4-spark_${scala}-${version}.jar for a jar in the image`);
    }
    if (!jarName) {
      r.warn(`${jarProp} "${imageJar}" is not named rapids-4-spark_<scala>-<version>.jar, so its Scala and plugin version cannot be checked`, 'rapids-jar-name');
    } else {
      if (jarName.scala !== scala) {
        throw propError(o, jarProp, imageJar, `is built for Scala ${jarName.scala}, but the app runs Spark ${spark.version} on Scala ${scala}`,
          `use rapids-4-spark_${scala}-${version}.jar`);
      }
      if (jarName.version !== version) {
        throw propError(o, jarProp, imageJar, `is release ${jarName.version}, but ${p}.version is ${version}`,
          `use rapids-4-spark_${scala}-${version}.jar or drop ${p}.version`);
      }
    }
    out.jars.push(imageJar);
  } else {
    out.packages.push(`com.nvidia:rapids-4-spark_${scala}:${version}`);
  }
  warnTwoRapidsBuilds(r, p, app, inImage ? 'the plugin on the image\'s class path' : imageJar ?? `com.nvidia:rapids-4-spark_${scala}:${version}`);
  if (version === RAPIDS_VERSION) {
    if (!rapidsSupports(spark, scala)) {
      throw propError(o, 'sparkVersion', spark.version, `is not supported on Scala ${scala} by the RAPIDS Accelerator ${RAPIDS_VERSION} that ${p} adds`,
        `use a release it supports (${RAPIDS_SUPPORT_TEXT}) or drop ${p}`);
    }
  } else {
    r.warn(`RAPIDS Accelerator ${version}: its supported Spark releases were not checked (the library knows the ${RAPIDS_VERSION} matrix); check Spark ${spark.version} on Scala ${scala} against its download page`, 'rapids-version-unchecked');
  }

  // The pinned pool: the option, else a value already in the conf, else 2 GiB.
  let pinned: number;
  if (opts.pinnedPoolSize === undefined && app.pinnedPoolConf !== undefined) {
    try {
      pinned = sparkMebibytes(app.pinnedPoolConf, 'b');
    } catch {
      throw propError(o, keyProp('sparkConf', 'spark.rapids.memory.pinnedPool.size'), app.pinnedPoolConf, sparkSizeProblem(app.pinnedPoolConf),
        'expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)');
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
  if (mib < 0) throw propError(r.owner, prop, s, 'must be at least 0 MiB', 'give a size of 0 MiB or more');
  return mib;
}

/** Why a Spark size string (which sparkMebibytes rejected) is not one. */
function sparkSizeProblem(value: string): string {
  const unit = /^\s*[0-9]+([a-z]+)\s*$/i.exec(value)?.[1];
  return unit ? `has an unknown size unit "${unit.toLowerCase()}"` : 'is not a Spark size';
}

function maxPartitionMib(r: GpuReporter, s: Size): number {
  const prop = `${r.name('rapids')}.maxPartitionBytes`;
  const split = wholeMib(r, prop, s);
  if (split < 1) throw propError(r.owner, prop, s, 'must be at least 1 MiB', 'give a size of 1 MiB or more, e.g. Size.mebibytes(512) (the default)');
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

  // GPU pods: the executors and the driver, each when it has GPUs.
  const gpuPods = [
    ...(plan.gpusPerExecutor > 0 ? [SparkPods.EXECUTORS] : []),
    ...(plan.driverGpus > 0 ? [SparkPods.DRIVER] : []),
  ];
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

/** A RAPIDS jar or package already listed (spark.jars, jars, spark.jars.packages, packages) besides the one the plan uses. */
function warnTwoRapidsBuilds(r: GpuReporter, p: string, app: GpuAppFacts, used: string) {
  const others = [
    ...(app.otherJars ?? []).filter(j => /(^|\/)rapids-4-spark_[^/]*\.jar$/.test(j) && j !== used).map(j => `spark.jars entry ${j}`),
    ...(app.otherPackages ?? []).filter(x => /^com\.nvidia:rapids-4-spark_/.test(x) && x !== used).map(x => `spark.jars.packages entry ${x}`),
  ];
  for (const other of others) {
    r.warn(`${p} uses ${used} while the app also has the ${other}: two RAPIDS Accelerator builds on one class path load classes from either and fail at run time; ` +
      `remove the entry, or use that jar as ${p}.jar (or ${p}.jarInImage when it is on the image's class path)`, 'rapids-two-builds');
  }
}

/** The entries of a comma-separated list conf value. */
export function listEntries(value: string | undefined): string[] {
  return (value ?? '').split(',').map(x => x.trim()).filter(x => x !== '');
}
