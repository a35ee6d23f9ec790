import { Duration, Size } from 'cdk8s';
import { BadInputCase, gpuTrainingJob, sparkApp } from './harness';
import { GangScheduler, GangSchedulingStyle, GpuAcceleration, GpuVendor, ModelOutput, SparkEnvValue } from '../../src';

// GPUs, gang scheduling and GpuTrainingJob: wrong types, missing and null values, enum typos,
// impossible and absurd GPU counts, GPU conf given through raw sparkConf, bad references and
// cross-prop conflicts. The job is `test/Train` (harness GPU_JOB); plain apps are `test/Etl`.

/** Props of a distributed training job that is valid with a gang scheduler. */
const TORCH = { executorCores: 8, gpusPerExecutor: 2, distributedTraining: { numProcesses: 8 } };

/** JavaScript callers: any value where TypeScript wants a type. */
const js = (v: unknown): any => v;

/** A plain app with one GpuAcceleration made from `props`. */
const withGpu = (props: unknown, app: Record<string, unknown> = {}) =>
  (c: any) => sparkApp(c, { executorInstances: 2, ...app, features: [new GpuAcceleration(js(props))] });

export const CASES: BadInputCase[] = [
  // --- GpuTrainingJob: GPU counts
  {
    construct: 'GpuTrainingJob',
    name: 'gpusPerExecutor as a string',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: '2' }),
    error: 'GpuTrainingJob Train: gpusPerExecutor "2" must be a number; got a string',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpusPerExecutor NaN',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: NaN }),
    error: 'GpuTrainingJob Train: gpusPerExecutor NaN must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpusPerExecutor a fraction',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: 0.5 }),
    error: 'GpuTrainingJob Train: gpusPerExecutor 0.5 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); give a whole number of GPUs, 0 for executors without GPUs (to share a GPU between tasks, set tasksPerGpu)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpusPerExecutor negative',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: -2 }),
    error: 'GpuTrainingJob Train: gpusPerExecutor -2 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); give a whole number of GPUs, 0 for executors without GPUs (to share a GPU between tasks, set tasksPerGpu)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpusPerExecutor above int32',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: 2 ** 31 }),
    error: 'GpuTrainingJob Train: gpusPerExecutor 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'more than 16 GPUs per executor',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: 32, executorCores: 32 }),
    warning: 'test/Train: gpusPerExecutor 32 GPUs is more than 16 GPUs; check the figure [absurd-value]',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpusPerExecutor 0 and no driver GPU',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: 0 }),
    warning: 'test/Train: gpusPerExecutor 0 and driverGpus 0 request no GPU (Spark ignores a GPU amount of 0), so the GPU settings apply to no pod; give GPUs to the executors or the driver, or drop the GPU settings [no-gpus]',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'driverGpus null',
    build: c => gpuTrainingJob(c, { driverGpus: null }),
    error: 'GpuTrainingJob Train: driverGpus null must be a number or left out; remove the null',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'driverGpus Infinity',
    build: c => gpuTrainingJob(c, { driverGpus: Infinity }),
    error: 'GpuTrainingJob Train: driverGpus Infinity must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'tasksPerGpu 0',
    build: c => gpuTrainingJob(c, { tasksPerGpu: 0 }),
    error: 'GpuTrainingJob Train: tasksPerGpu 0 must be a whole number of at least 1: Spark shares a GPU between n tasks with a task amount of 1/n (fractions above 0.5 are not allowed); use 1 for a whole GPU per task, or n for n tasks per GPU',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'tasksPerGpu without executor GPUs',
    build: c => gpuTrainingJob(c, { gpusPerExecutor: 0, driverGpus: 1, tasksPerGpu: 4 }),
    error: 'GpuTrainingJob Train: gpusPerExecutor 0 leaves the executors without GPUs, but tasksPerGpu shares the executors\' GPUs between tasks; give gpusPerExecutor of at least 1, or drop tasksPerGpu',
  },
  // --- GpuTrainingJob: other GPU props
  {
    construct: 'GpuTrainingJob',
    name: 'gpuVendor as a string',
    build: c => gpuTrainingJob(c, { gpuVendor: 'nvidia.com' }),
    error: 'GpuTrainingJob Train: gpuVendor "nvidia.com" must be a GpuVendor; got a string; use GpuVendor.NVIDIA, GpuVendor.AMD or GpuVendor.custom("gpu.example.com")',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpuDiscoveryScript relative',
    build: c => gpuTrainingJob(c, { gpuDiscoveryScript: 'getGpusResources.sh' }),
    error: 'GpuTrainingJob Train: gpuDiscoveryScript "getGpusResources.sh" must be an absolute path in the image; give the script\'s full path, e.g. /opt/sparkRapidsPlugin/getGpusResources.sh',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpuNodeSelector key with a space',
    build: c => gpuTrainingJob(c, { gpuNodeSelector: { 'nvidia.com/gpu product': 'NVIDIA-L4' } }),
    error: 'GpuTrainingJob Train: gpuNodeSelector key "nvidia.com/gpu product" is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpuTolerations as one object',
    build: c => gpuTrainingJob(c, { gpuTolerations: { key: 'nvidia.com/gpu', operator: 'Exists' } }),
    error: 'GpuTrainingJob Train: gpuTolerations {"key":"nvidia.com/gpu","operator":"Exists"} must be a list of SparkToleration values; got an object; wrap it in [ ]',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'gpuTolerations operator typo',
    build: c => gpuTrainingJob(c, { gpuTolerations: [{ key: 'nvidia.com/gpu', operator: 'exists' }] }),
    error: 'GpuTrainingJob Train: gpuTolerations[0].operator "exists" is not a TolerationOperator; use one of TolerationOperator.EQUAL, TolerationOperator.EXISTS (values "Equal", "Exists")',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sharedMemorySize as a string',
    build: c => gpuTrainingJob(c, { sharedMemorySize: '1Gi' }),
    error: 'GpuTrainingJob Train: sharedMemorySize "1Gi" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sharedMemorySize not whole MiB',
    build: c => gpuTrainingJob(c, { sharedMemorySize: Size.kibibytes(1536) }),
    error: 'GpuTrainingJob Train: sharedMemorySize 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)',
  },
  // --- GpuTrainingJob: RAPIDS
  {
    construct: 'GpuTrainingJob',
    name: 'rapids.explain typo',
    build: c => gpuTrainingJob(c, { rapids: { explain: 'NOT_ON_CPU' } }),
    error: 'GpuTrainingJob Train: rapids.explain "NOT_ON_CPU" is not a RapidsExplain; use one of RapidsExplain.NONE, RapidsExplain.NOT_ON_GPU, RapidsExplain.ALL (values "NONE", "NOT_ON_GPU", "ALL")',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'rapids.concurrentGpuTasks a fraction',
    build: c => gpuTrainingJob(c, { rapids: { concurrentGpuTasks: 1.5 } }),
    error: 'GpuTrainingJob Train: rapids.concurrentGpuTasks 1.5 must be a whole number; use 1 or 2',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'rapids.pinnedPoolSize NaN',
    build: c => gpuTrainingJob(c, { rapids: { pinnedPoolSize: Size.gibibytes(NaN) } }),
    error: 'GpuTrainingJob Train: rapids.pinnedPoolSize NaNGi must be a finite size; use Size.gibibytes(n) with a finite n',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'rapids.version not a release number',
    build: c => gpuTrainingJob(c, { rapids: { version: 'latest' } }),
    error: 'GpuTrainingJob Train: rapids.version "latest" is not a RAPIDS Accelerator release number (major.minor.patch); use a release such as 26.06.0, or leave it unset for 26.06.0',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'rapids.jar without a scheme',
    build: c => gpuTrainingJob(c, { rapids: { jar: '/opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar' } }),
    error: 'GpuTrainingJob Train: rapids.jar "/opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar" must be a URI with a scheme; use e.g. local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar for a jar in the image',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'rapids with distributedTraining',
    build: c => gpuTrainingJob(c, { ...TORCH, rapids: {}, gangScheduler: GangScheduler.volcano() }),
    error: 'GpuTrainingJob Train: rapids {} cannot be combined with distributedTraining: RAPIDS shares each GPU between tasks (spark.task.resource.gpu.amount 1/n) while barrier training needs one whole GPU per task; run the ETL and the training as two jobs',
  },
  // --- GpuTrainingJob: distributed training
  {
    construct: 'GpuTrainingJob',
    name: 'distributedTraining without numProcesses',
    build: c => gpuTrainingJob(c, { distributedTraining: {} }),
    error: 'GpuTrainingJob Train: distributedTraining.numProcesses (unset) is required; give a whole number',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'distributedTraining.numProcesses as a string',
    build: c => gpuTrainingJob(c, { distributedTraining: { numProcesses: '8' } }),
    error: 'GpuTrainingJob Train: distributedTraining.numProcesses "8" must be a whole number; got a string',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'distributedTraining.numProcesses absurd',
    build: c => gpuTrainingJob(c, { distributedTraining: { numProcesses: 20_000 }, gangScheduler: GangScheduler.volcano() }),
    warning: 'test/Train: distributedTraining.numProcesses 20000 processes is more than 10000 processes; check the figure [absurd-value]',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'distributedTraining with dynamicAllocation',
    build: c => gpuTrainingJob(c, { ...TORCH, dynamicAllocation: { maxExecutors: 8 }, gangScheduler: GangScheduler.volcano() }),
    error: 'GpuTrainingJob Train: dynamicAllocation {"maxExecutors":8} cannot be used with distributedTraining: Spark rejects barrier stages under dynamic allocation and every task must run at once; remove dynamicAllocation (the executor count follows from numProcesses)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'executorInstances against distributedTraining',
    build: c => gpuTrainingJob(c, { ...TORCH, executorInstances: 3, gangScheduler: GangScheduler.volcano() }),
    error: 'GpuTrainingJob Train: executorInstances 3 does not match distributedTraining: 8 processes at 2 task slots per executor need 4; leave executorInstances unset',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'distributedTraining without a gang scheduler',
    build: c => gpuTrainingJob(c, TORCH),
    warning: 'test/Train: distributedTraining runs barrier stages, which need every executor at once, but the app has no gangScheduler: the pods are placed one by one, so executors that fit hold their GPUs idle until the rest fit too, and Spark fails the job when not all of them registered within 40 checks 15s apart (spark.scheduler.barrier.maxConcurrentTasksCheck.*); set gangScheduler to GangScheduler.volcano(), GangScheduler.yunikorn({ queue }) or GangScheduler.kueue({ queueName }) [barrier-without-gang-scheduler]',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'distributedTraining with a soft YuniKorn gang',
    build: c => gpuTrainingJob(c, { ...TORCH, gangScheduler: GangScheduler.yunikorn({ queue: 'root.gpu', style: GangSchedulingStyle.SOFT }) }),
    warning: 'test/Train/App: gangScheduler.style "Soft" lets YuniKorn place the pods one by one when the whole gang does not fit within its placeholder timeout, but the barrier training of GpuTrainingJob Train needs every executor at once: executors that fit hold their GPUs idle, and Spark fails the job when not all of them registered within 40 checks 15s apart; use GangSchedulingStyle.HARD or leave style unset (barrier training defaults to HARD) [barrier-soft-gang]',
  },
  // --- GpuTrainingJob: outputs, tracking, unknown props
  {
    construct: 'GpuTrainingJob',
    name: 'modelOutput as a URI string',
    build: c => gpuTrainingJob(c, { modelOutput: 's3://models/route-scoring/' }),
    error: 'GpuTrainingJob Train: modelOutput "s3://models/route-scoring/" must be a ModelOutput; got a string; use ModelOutput.volume(claimName, mountPath) or ModelOutput.objectStore(uri)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'experimentTracking without mlflowTrackingUri',
    build: c => gpuTrainingJob(c, { experimentTracking: { experimentName: 'route-scoring' } }),
    error: 'GpuTrainingJob Train: experimentTracking.mlflowTrackingUri (unset) is required; give a string',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'experimentTracking credential with a bad env name',
    build: c => gpuTrainingJob(c, { experimentTracking: { mlflowTrackingUri: 'https://mlflow.example', credentials: { '1TOKEN': SparkEnvValue.fromSecret('mlflow', 'token') } } }),
    error: 'GpuTrainingJob Train: experimentTracking.credentials key "1TOKEN" is not a valid environment variable name; use letters, digits, "_", "-" and ".", not starting with a digit',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'experimentTracking credential as a literal',
    build: c => gpuTrainingJob(c, { experimentTracking: { mlflowTrackingUri: 'https://mlflow.example', credentials: { MLFLOW_TRACKING_TOKEN: SparkEnvValue.value('t0ken') } } }),
    error: 'GpuTrainingJob Train: experimentTracking.credentials["MLFLOW_TRACKING_TOKEN"] a SparkEnvValue must come from a Secret, not from a literal (SparkEnvValue.value); use SparkEnvValue.fromSecret(secretName, key)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'experimentTracking URI with credentials',
    build: c => gpuTrainingJob(c, { experimentTracking: { mlflowTrackingUri: 'https://bob:pw@mlflow.example' } }),
    error: 'GpuTrainingJob Train: experimentTracking.mlflowTrackingUri "https://***@mlflow.example" must not carry credentials (user:secret@); pass them in experimentTracking.credentials from a Secret',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'unknown prop close to a GPU prop',
    build: c => gpuTrainingJob(c, { gpuPerExecutor: 2 }),
    warning: 'test/Train: gpuPerExecutor is not a prop of GpuTrainingJobProps and is ignored; did you mean gpusPerExecutor? [unknown-prop]',
  },
  // --- GpuTrainingJob: GPU conf through raw sparkConf
  {
    construct: 'GpuTrainingJob',
    name: 'sparkConf GPU vendor given as the resource',
    build: c => gpuTrainingJob(c, { sparkConf: { 'spark.executor.resource.gpu.vendor': 'nvidia.com/gpu' } }),
    error: 'GpuTrainingJob Train: sparkConf["spark.executor.resource.gpu.vendor"] "nvidia.com/gpu" names the resource, not its vendor: Spark appends "/gpu" to the vendor and would request nvidia.com/gpu/gpu; remove the key; gpuVendor sets it (GpuVendor.NVIDIA gives "nvidia.com")',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sparkConf executor GPU amount a fraction',
    build: c => gpuTrainingJob(c, { sparkConf: { 'spark.executor.resource.gpu.amount': '0.5' } }),
    error: 'GpuTrainingJob Train: sparkConf["spark.executor.resource.gpu.amount"] "0.5" must be a whole number (Spark reads a pod\'s GPU amount with toInt); remove the key; gpusPerExecutor sets it (to share a GPU between tasks, set tasksPerGpu)',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sparkConf executor GPU amount as a JavaScript number',
    build: c => gpuTrainingJob(c, { sparkConf: { 'spark.executor.resource.gpu.amount': 2 } }),
    error: 'GpuTrainingJob Train: sparkConf["spark.executor.resource.gpu.amount"] "2" conflicts with gpusPerExecutor, which sets it to "1"; remove the key and set gpusPerExecutor instead',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sparkConf task GPU amount against tasksPerGpu',
    build: c => gpuTrainingJob(c, { executorCores: 4, tasksPerGpu: 4, sparkConf: { 'spark.task.resource.gpu.amount': '0.5' } }),
    error: 'GpuTrainingJob Train: sparkConf["spark.task.resource.gpu.amount"] "0.5" conflicts with tasksPerGpu, which sets it to "0.25"; remove the key and set tasksPerGpu instead',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sparkConf spark.task.cpus above executorCores',
    build: c => gpuTrainingJob(c, { executorCores: 4, sparkConf: { 'spark.task.cpus': '8' } }),
    error: 'GpuTrainingJob Train: sparkConf["spark.task.cpus"] "8" must be a whole number from 1 to executorCores (4); use at most 4, or raise executorCores',
  },
  {
    construct: 'GpuTrainingJob',
    name: 'sparkConf spark.task.cpus not an int',
    build: c => gpuTrainingJob(c, { executorCores: 4, sparkConf: { 'spark.task.cpus': '1.5' } }),
    error: 'GpuTrainingJob Train: sparkConf["spark.task.cpus"] "1.5" must be a whole number from 1 to executorCores (4); use at most 4, or raise executorCores',
  },

  // --- GpuAcceleration
  {
    construct: 'GpuAcceleration',
    name: 'props as a number',
    build: withGpu(2),
    error: 'GpuAcceleration: props 2 must be a GpuAccelerationProps (a plain object); got a number',
  },
  {
    construct: 'GpuAcceleration',
    name: 'barrierTraining as a string',
    build: withGpu({ barrierTraining: 'true' }),
    error: 'GpuAcceleration: barrierTraining "true" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: 'GpuAcceleration',
    name: 'driverGpus a fraction',
    build: withGpu({ driverGpus: 0.5 }),
    error: 'GpuAcceleration: driverGpus 0.5 must be a whole number of at least 0 (Kubernetes allocates whole GPUs to a container); use 0 for a driver without GPUs, or a whole number of GPUs',
  },
  {
    construct: 'GpuAcceleration',
    name: 'vendor as a plain object',
    build: withGpu({ vendor: { domain: 'nvidia.com' } }),
    error: 'GpuAcceleration: vendor {"domain":"nvidia.com"} must be a GpuVendor; got an object; use GpuVendor.NVIDIA, GpuVendor.AMD or GpuVendor.custom("gpu.example.com")',
  },
  {
    construct: 'GpuAcceleration',
    name: 'rapids as true',
    build: withGpu({ rapids: true }),
    error: 'GpuAcceleration: rapids true must be a RapidsOptions (a plain object); got a boolean',
  },
  {
    construct: 'GpuAcceleration',
    name: 'rapids.maxPartitionBytes zero',
    build: withGpu({ rapids: { maxPartitionBytes: Size.mebibytes(0) } }),
    error: 'GpuAcceleration: rapids.maxPartitionBytes 0Mi must be larger than zero; give a positive size',
  },
  {
    construct: 'GpuAcceleration',
    name: 'rapids without executor GPUs',
    build: withGpu({ gpusPerExecutor: 0, driverGpus: 1, rapids: {} }),
    error: 'GpuAcceleration: gpusPerExecutor 0 leaves the executors without GPUs, but rapids runs SQL on the executors\' GPUs; give gpusPerExecutor of at least 1, or drop rapids',
  },
  {
    construct: 'GpuAcceleration',
    name: 'more than 16 driver GPUs',
    build: withGpu({ driverGpus: 20 }),
    warning: 'test/Etl: GpuAcceleration.driverGpus 20 GPUs is more than 16 GPUs; check the figure [absurd-value]',
  },
  {
    construct: 'GpuAcceleration',
    name: 'unknown prop',
    build: withGpu({ gpus: 2 }),
    warning: 'test/Etl: GpuAcceleration.gpus is not a prop of GpuAccelerationProps and is ignored [unknown-prop]',
  },
  {
    construct: 'GpuAcceleration',
    name: 'barrierTraining without a gang scheduler',
    build: withGpu({ barrierTraining: true }),
    warning: 'test/Etl: GpuAcceleration barrierTraining runs barrier stages, which need every executor at once, but the app has no gangScheduler: the pods are placed one by one, so executors that fit hold their GPUs idle until the rest fit too, and Spark fails the job when not all of them registered within 40 checks 15s apart (spark.scheduler.barrier.maxConcurrentTasksCheck.*); set gangScheduler to GangScheduler.volcano(), GangScheduler.yunikorn({ queue }) or GangScheduler.kueue({ queueName }) [barrier-without-gang-scheduler]',
  },
  {
    construct: 'GpuAcceleration',
    name: 'barrierTraining with dynamic allocation in sparkConf',
    build: withGpu({ barrierTraining: true }, { executorInstances: undefined, sparkConf: { 'spark.dynamicAllocation.enabled': 'TRUE', 'spark.dynamicAllocation.shuffleTracking.enabled': 'true' } }),
    error: 'SparkApp Etl: sparkConf["spark.dynamicAllocation.enabled"] "true" cannot be used with GpuAcceleration barrierTraining: Spark rejects barrier stages under dynamic allocation and every task must run at once; use static executors (executorInstances) instead of dynamic allocation',
  },
  {
    construct: 'GpuAcceleration',
    name: 'sparkConf GPU vendor given as the resource',
    build: withGpu({}, { sparkConf: { 'spark.executor.resource.gpu.vendor': 'nvidia.com/gpu' } }),
    error: 'SparkApp Etl: sparkConf["spark.executor.resource.gpu.vendor"] "nvidia.com/gpu" names the resource, not its vendor: Spark appends "/gpu" to the vendor and would request nvidia.com/gpu/gpu; remove the key; GpuAcceleration vendor sets it (GpuVendor.NVIDIA gives "nvidia.com")',
  },
  {
    construct: 'GpuAcceleration',
    name: 'sparkConf spark.task.cpus above executor cores',
    build: withGpu({}, { executorCores: 2, sparkConf: { 'spark.task.cpus': '3' } }),
    error: 'SparkApp Etl: sparkConf["spark.task.cpus"] "3" must be a whole number from 1 to executorCores (2); use at most 2, or raise executorCores',
  },

  // --- GangScheduler factories
  {
    construct: 'GangScheduler.volcano',
    name: 'queue not a DNS subdomain',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.volcano({ queue: 'Batch_Queue' }) }),
    error: 'GangScheduler.volcano: queue "Batch_Queue" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of an existing Volcano Queue, or leave it unset for "default"',
  },
  {
    construct: 'GangScheduler.volcano',
    name: 'priorityClassName as a number',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.volcano(js({ priorityClassName: 1000 })) }),
    error: 'GangScheduler.volcano: priorityClassName 1000 must be a string; got a number',
  },
  {
    construct: 'GangScheduler.volcano',
    name: 'options as a string',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.volcano(js('default')) }),
    error: 'GangScheduler.volcano: options "default" must be a VolcanoGangOptions (a plain object); got a string; pass e.g. { queue: "default" }',
  },
  {
    construct: 'GangScheduler.volcano',
    name: 'with every run of a schedule at once',
    build: c => sparkApp(c, { schedule: { cron: '0 * * * *', concurrencyPolicy: 'Allow' }, gangScheduler: GangScheduler.volcano() }),
    error: 'SparkApp Etl: schedule.concurrencyPolicy "Allow" cannot be used with GangScheduler.volcano(): all runs join the app\'s one PodGroup, whose minResources cover a single run; use ConcurrencyPolicy.FORBID or ConcurrencyPolicy.REPLACE',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'options missing',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn(js(undefined)) }),
    error: 'GangScheduler.yunikorn: options (unset) are required (queue); pass YunikornGangOptions such as { queue: "root.batch" }',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'style typo',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn(js({ queue: 'root.batch', style: 'hard' })) }),
    error: 'GangScheduler.yunikorn: style "hard" is not a GangSchedulingStyle; use one of GangSchedulingStyle.HARD, GangSchedulingStyle.SOFT (values "Hard", "Soft")',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'placeholderTimeout as seconds',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn(js({ queue: 'root.batch', placeholderTimeout: 600 })) }),
    error: 'GangScheduler.yunikorn: placeholderTimeout 600 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'placeholderTimeout under a second',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch', placeholderTimeout: Duration.millis(500) }) }),
    error: 'GangScheduler.yunikorn: placeholderTimeout 500 millis must be a whole number of seconds of at least 1 (YuniKorn takes placeholderTimeoutInSeconds); use e.g. Duration.seconds(90) or Duration.minutes(15) (the default)',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'queue that is no label value',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn({ queue: 'root/batch' }) }),
    error: 'GangScheduler.yunikorn: queue "root/batch" must be a label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; use a YuniKorn queue path such as root.batch',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'unknown option',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn(js({ queue: 'root.batch', styl: 'Hard' })) }),
    warning: 'test/Etl: gangScheduler.styl is not a prop of YunikornGangOptions and is ignored; did you mean gangScheduler.style? [unknown-prop]',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'withStyle on Volcano',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.volcano().withStyle(GangSchedulingStyle.HARD) }),
    error: 'GangScheduler.withStyle: style "Hard" applies to GangScheduler.yunikorn() only, not to GangScheduler volcano; drop withStyle (a volcano gang has no style)',
  },
  {
    construct: 'GangScheduler.yunikorn',
    name: 'withStyle typo',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.yunikorn({ queue: 'root.batch' }).withStyle(js('soft')) }),
    error: 'GangScheduler.withStyle: style "soft" is not a GangSchedulingStyle; use one of GangSchedulingStyle.HARD, GangSchedulingStyle.SOFT (values "Hard", "Soft")',
  },
  {
    construct: 'GangScheduler.kueue',
    name: 'queueName missing',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.kueue(js({ clusterQueue: 'gpu' })) }),
    error: 'GangScheduler.kueue: queueName (unset) is required; give a string',
  },
  {
    construct: 'GangScheduler.kueue',
    name: 'queueName upper case',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.kueue({ queueName: 'TeamGPU' }) }),
    error: 'GangScheduler.kueue: queueName "TeamGPU" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of the LocalQueue in the app\'s namespace',
  },
  {
    construct: 'GangScheduler.kueue',
    name: 'clusterQueue null',
    build: c => sparkApp(c, { gangScheduler: GangScheduler.kueue(js({ queueName: 'gpu', clusterQueue: null })) }),
    error: 'GangScheduler.kueue: clusterQueue null must be a string or left out; remove the null',
  },
  {
    construct: 'GangScheduler.kueue',
    name: 'with dynamic allocation',
    build: c => sparkApp(c, { dynamicAllocation: { maxExecutors: 8 }, gangScheduler: GangScheduler.kueue({ queueName: 'gpu' }) }),
    error: 'SparkApp Etl: dynamicAllocation {"maxExecutors":8} cannot be used with GangScheduler.kueue: Kueue\'s SparkApplication integration rejects dynamic allocation; use static executors (executorInstances) instead of dynamic allocation',
  },

  // --- ModelOutput and GpuVendor factories
  {
    construct: 'ModelOutput',
    name: 'volume without a mount path',
    build: () => ModelOutput.volume('models', js(undefined)),
    error: 'ModelOutput.volume: mountPath (unset) is required; give a string',
  },
  {
    construct: 'ModelOutput',
    name: 'volume claim name upper case',
    build: () => ModelOutput.volume('Route_Models', '/models'),
    error: 'ModelOutput.volume: claimName "Route_Models" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the name of an existing PersistentVolumeClaim in the job\'s namespace',
  },
  {
    construct: 'ModelOutput',
    name: 'volume mounted at the root',
    build: () => ModelOutput.volume('models', '/'),
    error: 'ModelOutput.volume: mountPath "/" must be an absolute directory other than /; use e.g. /models',
  },
  {
    construct: 'ModelOutput',
    name: 'objectStore URI in a list',
    build: () => ModelOutput.objectStore(js(['s3://models/x'])),
    error: 'ModelOutput.objectStore: uri ["s3://models/x"] must be a string; got an array',
  },
  {
    construct: 'ModelOutput',
    name: 'objectStore URI with credentials',
    build: () => ModelOutput.objectStore('s3://AKIA:secret@models/x'),
    error: 'ModelOutput.objectStore: uri "s3://***@models/x" must not carry credentials (user:secret@); pass them from a Secret with SparkEnvValue.fromSecret',
  },
  {
    construct: 'GpuVendor.custom',
    name: 'domain given as the resource',
    build: () => GpuVendor.custom('gpu.example.com/gpu'),
    error: 'GpuVendor.custom: domain "gpu.example.com/gpu" names a resource, not the vendor\'s domain (Spark appends "/gpu" to the vendor); use "gpu.example.com"',
  },
  {
    construct: 'GpuVendor.custom',
    name: 'domain with spaces',
    build: () => GpuVendor.custom('GPU Corp'),
    error: 'GpuVendor.custom: domain "GPU Corp" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use the domain of the GPU resource the device plugin advertises (gpu.example.com for gpu.example.com/gpu)',
  },
  {
    construct: 'GpuVendor.custom',
    name: 'domain in kubernetes.io',
    build: () => GpuVendor.custom('gpu.kubernetes.io'),
    error: 'GpuVendor.custom: domain "gpu.kubernetes.io" is reserved for Kubernetes\' own resources, so the API server rejects a GPU resource in it; use the domain of the GPU resource the device plugin advertises (gpu.example.com for gpu.example.com/gpu)',
  },
  {
    construct: 'GpuVendor.custom',
    name: 'domain missing',
    build: () => GpuVendor.custom(js(undefined)),
    error: 'GpuVendor.custom: domain (unset) is required; give a string',
  },
];
