import { Chart, Size } from 'cdk8s';
import { BadInputCase, sparkApp } from './harness';
import { CpuCores, SparkVersion } from '../../src';

// Raw sparkConf / hadoopConf read as Spark reads them (booleans, whole numbers, sizes, durations,
// quantities, older key names), the checks they share with the typed props (CPU request and
// limit, task CPUs, dynamic allocation, GPUs, JVM options), keys the operator or Spark owns,
// credentials, and the Spark version an image names.

/** How cdk8s reports errors found when the app validates (synthesis). */
const SYNTH = 'Validation failed with the following errors:\n  [test/Etl] ';

const CREDENTIAL_FIX = 'put it in a Secret and pass it as an environment variable (SparkEnvValue.fromSecret, e.g. AWS_SECRET_ACCESS_KEY for S3A) or mount the Secret with SparkVolume.secret';
const OPERATOR = 'is set by the spark-operator when it submits the app:';

const conf = (sparkConf: Record<string, unknown>, props: Record<string, unknown> = {}) => (c: Chart) => sparkApp(c, { sparkConf, ...props });
const hadoop = (hadoopConf: Record<string, unknown>, props: Record<string, unknown> = {}) => (c: Chart) => sparkApp(c, { hadoopConf, ...props });

export const CASES: BadInputCase[] = [
  // --- values read as Spark reads them
  {
    construct: 'SparkApp',
    name: 'sparkConf boolean written as yes',
    build: conf({ 'spark.memory.offHeap.enabled': 'yes', 'spark.memory.offHeap.size': '2g' }),
    error: 'SparkApp Etl: sparkConf["spark.memory.offHeap.enabled"] "yes" is not a boolean as Spark reads it (true or false, in any case); use "true" or "false"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf spark.task.cpus not a number',
    build: conf({ 'spark.task.cpus': 'two' }),
    error: 'SparkApp Etl: sparkConf["spark.task.cpus"] "two" is not a whole number as Spark reads it; write digits only, e.g. "4"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf spark.task.cpus zero',
    build: conf({ 'spark.task.cpus': '0' }),
    error: 'SparkApp Etl: sparkConf["spark.task.cpus"] "0" must be at least 1; use 1 or more',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf spark.task.cpus above executorCores',
    build: conf({ 'spark.task.cpus': '4' }, { executorCores: 2 }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.task.cpus"] "4" is more than the cores of an executor (executorCores 2): Spark refuses to start when a task needs more CPUs than an executor has; lower spark.task.cpus to 2 or less, or give executors 4 or more cores`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf spark.task.cpus as a JavaScript number above the default cores',
    build: conf({ 'spark.task.cpus': 2 }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.task.cpus"] "2" is more than the cores of an executor (executorCores 1): Spark refuses to start when a task needs more CPUs than an executor has; lower spark.task.cpus to 1 or less, or give executors 2 or more cores`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf off-heap size with a fraction',
    build: conf({ 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '1.5g' }),
    error: 'SparkApp Etl: sparkConf["spark.memory.offHeap.size"] "1.5g" is not a Spark size; expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf PySpark memory with a unit Spark does not know',
    build: conf({ 'spark.executor.pyspark.memory': '2gg' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.pyspark.memory"] "2gg" has an unknown size unit "gg"; expected b, k, m, g, t or p (e.g. 512m, 4g)',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf PySpark memory with a unit Spark reads only from 4.2 on',
    build: conf({ 'spark.executor.pyspark.memory': '2gib' }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.executor.pyspark.memory"] "2gib" has the size unit "gib", which Spark reads only from 4.2.0 on (SPARK-55051); write 2g (the same size), or run Spark 4.2`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf off-heap enabled in upper case without a size',
    build: conf({ 'spark.memory.offHeap.enabled': ' TRUE ' }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.memory.offHeap.size"] (unset) must be positive when spark.memory.offHeap.enabled is true; give the off-heap size (e.g. 2g), or remove spark.memory.offHeap.enabled`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf off-heap enabled through its older name without a size',
    build: conf({ 'spark.unsafe.offHeap': 'true' }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.memory.offHeap.size"] (unset) must be positive when spark.unsafe.offHeap is true; give the off-heap size (e.g. 2g), or remove spark.unsafe.offHeap`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf older and current name of one setting disagree',
    build: conf({ 'spark.memory.offHeap.enabled': 'false', 'spark.unsafe.offHeap': 'true' }),
    error: 'SparkApp Etl: sparkConf["spark.unsafe.offHeap"] "true" is an older name of spark.memory.offHeap.enabled, which sparkConf set to "false" (Spark reads spark.memory.offHeap.enabled and ignores this key); set the value once, under spark.memory.offHeap.enabled',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf older overhead key against executorMemoryOverhead',
    build: conf({ 'spark.yarn.executor.memoryOverhead': '1g' }, { executorMemoryOverhead: Size.mebibytes(512) }),
    error: 'SparkApp Etl: sparkConf["spark.yarn.executor.memoryOverhead"] "1g" is an older name of spark.executor.memoryOverhead, which prop executorMemoryOverhead set to "512m" (Spark reads spark.executor.memoryOverhead and ignores this key); set the value once, under spark.executor.memoryOverhead',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf older overhead key with a fraction',
    build: conf({ 'spark.yarn.driver.memoryOverhead': '0.5g' }),
    error: 'SparkApp Etl: sparkConf["spark.yarn.driver.memoryOverhead"] "0.5g" is not a Spark size; expected a whole number with an optional unit b, k, m, g, t or p (e.g. 512m, 4g)',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor memory against the executorMemory default',
    build: conf({ 'spark.executor.memory': '4g' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.memory"] "4g" conflicts with "1024m" set by prop executorMemory; set it through executorMemory only and remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor instances as a JavaScript number',
    build: conf({ 'spark.executor.instances': 5 }),
    error: 'SparkApp Etl: sparkConf["spark.executor.instances"] 5 conflicts with "2" set by prop executorInstances; set it through executorInstances only and remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf value too large to be exact in JavaScript',
    build: conf({ 'spark.sql.autoBroadcastJoinThreshold': 1e21 }),
    error: 'SparkApp Etl: sparkConf["spark.sql.autoBroadcastJoinThreshold"] 1e+21 is too large to be exact in JavaScript (above 2^53); give the value as a string',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf key with an equals sign',
    build: conf({ 'spark.sql.shuffle.partitions=200': '200' }),
    error: 'SparkApp Etl: sparkConf["spark.sql.shuffle.partitions=200"] "200" has a key with "=", which spark-submit cannot pass (the operator writes --conf key=value, and Spark splits at the first "="); remove the "=" from the key',
  },

  // --- memory overhead factors and fractions (Spark's checkValue)
  {
    construct: 'SparkApp',
    name: 'sparkConf Kubernetes overhead factor below 0',
    build: conf({ 'spark.kubernetes.memoryOverheadFactor': '-0.1' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.memoryOverheadFactor"] "-0.1" must be at least 0 (Spark checks it); use e.g. "0.1" or "0.4"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf Kubernetes overhead factor not a number',
    build: conf({ 'spark.kubernetes.memoryOverheadFactor': '10%' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.memoryOverheadFactor"] "10%" is not a number as Spark reads it; write a decimal number, e.g. "0.1"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor overhead factor of 0',
    build: conf({ 'spark.executor.memoryOverheadFactor': '0' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.memoryOverheadFactor"] "0" must be a number above 0 (Spark checks it); use e.g. "0.1"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf memory fraction above 1',
    build: conf({ 'spark.memory.fraction': '1.5' }),
    error: 'SparkApp Etl: sparkConf["spark.memory.fraction"] "1.5" must be between 0 and 1 (Spark checks it); use e.g. "0.6"',
  },

  // --- CPU: request and limit across typed props and sparkConf
  {
    construct: 'SparkApp',
    name: 'sparkConf CPU limit below executorCores',
    build: conf({ 'spark.kubernetes.executor.limit.cores': '1500m' }, { executorCores: 2 }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.kubernetes.executor.limit.cores"] "1500m" is below the executor's CPU request (executorCores 2), and Kubernetes rejects a pod whose CPU limit is below its request; raise it to 2 or more, or lower the request`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf CPU request above driverCoreLimit',
    build: conf({ 'spark.kubernetes.driver.request.cores': '3' }, { driverCoreLimit: CpuCores.of(2) }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.kubernetes.driver.request.cores"] "3" is above the driver's CPU limit (driverCoreLimit 2), and Kubernetes rejects a pod whose CPU request is above its limit; lower it to 2 or less, or raise the limit`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf CPU limit not a quantity',
    build: conf({ 'spark.kubernetes.executor.limit.cores': '2 cores' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.executor.limit.cores"] "2 cores" is not a Kubernetes quantity; expected a number with an optional suffix such as m, k, Mi or Gi (e.g. 500m, 2, 1.5, 4Gi)',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf CPU request negative',
    build: conf({ 'spark.kubernetes.executor.request.cores': '-1' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.executor.request.cores"] "-1" must not be negative; give a CPU amount such as 500m or 2',
  },

  // --- dynamic allocation
  {
    construct: 'SparkApp',
    name: 'sparkConf enables dynamic allocation without the prop',
    build: conf({ 'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.maxExecutors': '10' }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.dynamicAllocation.enabled"] "true" enables dynamic allocation outside the dynamicAllocation prop, so the SparkApplication would have no dynamicAllocation field with its executor bounds (the operator and gang schedulers size the app from it); set dynamicAllocation (e.g. { maxExecutors: 10 }) instead and remove the key`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf enables dynamic allocation with a JavaScript boolean',
    build: conf({ 'spark.dynamicAllocation.enabled': true, 'spark.dynamicAllocation.maxExecutors': 4 }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.dynamicAllocation.enabled"] "true" enables dynamic allocation outside the dynamicAllocation prop, so the SparkApplication would have no dynamicAllocation field with its executor bounds (the operator and gang schedulers size the app from it); set dynamicAllocation (e.g. { maxExecutors: 10 }) instead and remove the key`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf dynamic allocation flag written as on',
    build: conf({ 'spark.dynamicAllocation.enabled': 'on' }),
    error: 'SparkApp Etl: sparkConf["spark.dynamicAllocation.enabled"] "on" is not a boolean as Spark reads it (true or false, in any case); use "true" or "false"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf shuffle tracking timeout in words',
    build: conf({ 'spark.dynamicAllocation.shuffleTracking.timeout': '30 minutes' }, { dynamicAllocation: { maxExecutors: 10 } }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.dynamicAllocation.shuffleTracking.timeout"] "30 minutes" is not a Spark duration; write a whole number with an optional unit us, ms, s, m or min, h or d (e.g. 30min, 2h, 100ms)`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf scheduler backlog timeout of zero',
    build: conf({ 'spark.dynamicAllocation.schedulerBacklogTimeout': '0s' }, { dynamicAllocation: { maxExecutors: 10 } }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.dynamicAllocation.schedulerBacklogTimeout"] "0s" must be longer than zero (Spark checks it); give a duration such as 60s`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor idle timeout with an unknown unit',
    build: conf({ 'spark.dynamicAllocation.executorIdleTimeout': '5mins' }, { dynamicAllocation: { maxExecutors: 10 } }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.dynamicAllocation.executorIdleTimeout"] "5mins" has an unknown time unit "mins"; expected us, ms, s, m or min, h or d (e.g. 30min, 2h, 100ms)`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor instances above maxExecutors',
    build: conf({ 'spark.executor.instances': '20' }, { dynamicAllocation: { maxExecutors: 10 } }),
    warning: 'test/Etl: sparkConf["spark.executor.instances"] "20" is above the dynamic allocation maximum (10): Spark starts max(minExecutors, initialExecutors, spark.executor.instances) executors, so the app starts with 20 [executor-instances-above-max]',
  },

  // --- GPUs and other custom resources
  {
    construct: 'SparkApp',
    name: 'sparkConf GPU vendor given as the resource name',
    build: conf({ 'spark.executor.resource.gpu.amount': '1', 'spark.executor.resource.gpu.vendor': 'nvidia.com/gpu' }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.executor.resource.gpu.vendor"] "nvidia.com/gpu" is a whole resource name, but Spark adds "/gpu" itself (the pod would ask for nvidia.com/gpu/gpu); use the vendor domain only, e.g. "nvidia.com"`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf GPU vendor in upper case',
    build: conf({ 'spark.driver.resource.gpu.amount': '1', 'spark.driver.resource.gpu.vendor': 'NVIDIA.com' }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.driver.resource.gpu.vendor"] "NVIDIA.com" is not a DNS subdomain, so NVIDIA.com/gpu is not a Kubernetes resource name; use the device plugin's domain in lower case, e.g. nvidia.com or amd.com`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf GPU amount a fraction',
    build: conf({ 'spark.executor.resource.gpu.amount': '1.5', 'spark.executor.resource.gpu.vendor': 'nvidia.com' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.resource.gpu.amount"] "1.5" is not a whole number (Spark reads the devices of a pod as an integer; a share of a device per task is spark.task.resource.<name>.amount); use the number of devices per pod, e.g. "1"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf GPU amount with a space Spark does not trim',
    build: conf({ 'spark.executor.resource.gpu.amount': ' 1', 'spark.executor.resource.gpu.vendor': 'nvidia.com' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.resource.gpu.amount"] " 1" is not a whole number (Spark reads the devices of a pod as an integer; a share of a device per task is spark.task.resource.<name>.amount); use the number of devices per pod, e.g. "1"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf GPU amount without a vendor',
    build: conf({ 'spark.executor.resource.gpu.amount': 2 }),
    error: `${SYNTH}SparkApp Etl: sparkConf["spark.executor.resource.gpu.amount"] "2" is set but spark.executor.resource.gpu.vendor is not (Spark on Kubernetes needs the vendor to name the resource); set sparkConf["spark.executor.resource.gpu.vendor"] too, e.g. to nvidia.com`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf task GPU amount between 0.5 and 1',
    build: conf({ 'spark.task.resource.gpu.amount': '0.75' }),
    error: 'SparkApp Etl: sparkConf["spark.task.resource.gpu.amount"] "0.75" must be at most 0.5 (several tasks share a device) or a whole number (Spark checks it); use e.g. "0.25" or "1"',
  },

  // --- JVM options Spark refuses
  {
    construct: 'SparkApp',
    name: 'sparkConf executor JVM options with -Xmx',
    build: conf({ 'spark.executor.extraJavaOptions': '-XX:+UseG1GC -Xmx6g' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.extraJavaOptions"] "-XX:+UseG1GC -Xmx6g" sets the heap size with -Xmx, which Spark refuses in executor JVM options (the heap is spark.executor.memory); use the executorMemory prop instead',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor JVM options with a Spark option',
    build: conf({ 'spark.executor.extraJavaOptions': '-Dspark.sql.shuffle.partitions=64' }),
    error: 'SparkApp Etl: sparkConf["spark.executor.extraJavaOptions"] "-Dspark.sql.shuffle.partitions=64" sets a Spark option with -Dspark, which Spark refuses in executor JVM options (SparkConf.validateSettings); set the option as its own sparkConf key instead',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf driver default JVM options with -Xmx',
    build: conf({ 'spark.driver.defaultJavaOptions': '-Xmx2g' }),
    error: 'SparkApp Etl: sparkConf["spark.driver.defaultJavaOptions"] "-Xmx2g" sets the heap size with -Xmx, which spark-submit refuses in driver JVM options (the heap is spark.driver.memory); use the driverMemory prop instead',
  },

  // --- keys the operator's webhook rejects, the operator sets, or Spark owns
  {
    construct: 'SparkApp',
    name: 'sparkConf driver master',
    build: conf({ 'spark.kubernetes.driver.master': 'https://kubernetes.default.svc' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.driver.master"] "https://kubernetes.default.svc" is rejected by the spark-operator\'s webhook (the operator sets the master); remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf namespace with a trailing space',
    build: conf({ 'spark.kubernetes.namespace': 'default ' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.namespace"] "default " differs from the app\'s namespace "default" (the operator rejects a different namespace); remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf image pull secrets',
    build: conf({ 'spark.kubernetes.container.image.pullSecrets': 'regcred' }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.container.image.pullSecrets"] "regcred" ${OPERATOR} it passes the imagePullSecrets field before sparkConf, so this key would silently replace the field; use the imagePullSecrets prop`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf driver bind address',
    build: conf({ 'spark.driver.bindAddress': '0.0.0.0' }),
    error: 'SparkApp Etl: sparkConf["spark.driver.bindAddress"] "0.0.0.0" is refused by Spark on Kubernetes (the driver binds to its pod\'s IP address); remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf deploy mode',
    build: conf({ 'spark.submit.deployMode': 'client' }),
    error: `SparkApp Etl: sparkConf["spark.submit.deployMode"] "client" ${OPERATOR} it passes --deploy-mode cluster, which wins over sparkConf; remove the key`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf app name',
    build: conf({ 'spark.app.name': 'nightly-etl' }),
    error: `SparkApp Etl: sparkConf["spark.app.name"] "nightly-etl" ${OPERATOR} it passes --name with the SparkApplication's name, which wins over sparkConf; use the name prop`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf image pull policy',
    build: conf({ 'spark.kubernetes.container.image.pullPolicy': 'Always' }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.container.image.pullPolicy"] "Always" ${OPERATOR} it passes the imagePullPolicy field before sparkConf, so this key would silently replace the field; use the imagePullPolicy prop`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf waitAppCompletion',
    build: conf({ 'spark.kubernetes.submission.waitAppCompletion': true }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.submission.waitAppCompletion"] true ${OPERATOR} it sets false so that spark-submit returns once the driver pod exists; true would hold the operator's submission until the app ends; remove the key`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor pod template file',
    build: conf({ 'spark.kubernetes.executor.podTemplateFile': '/opt/spark/conf/executor.yaml' }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.executor.podTemplateFile"] "/opt/spark/conf/executor.yaml" ${OPERATOR} it writes the executor pod template this library renders and passes its own file; describe the pods with the app's props (volumes, env, tolerations, ...) or addSidecar / addInitContainer`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor deleteOnTermination',
    build: conf({ 'spark.kubernetes.executor.deleteOnTermination': 'false' }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.executor.deleteOnTermination"] "false" ${OPERATOR} it passes executor.deleteOnTermination after sparkConf, and this library renders it as true; remove the key`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf driver label the operator sets',
    build: conf({ 'spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name': 'other' }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name"] "other" ${OPERATOR} it sets the sparkoperator.k8s.io/* labels of the driver pods itself, after sparkConf; remove the key`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf executor label the library sets',
    build: conf({ 'spark.kubernetes.executor.label.app.kubernetes.io/instance': 'etl-v2' }),
    error: `SparkApp Etl: sparkConf["spark.kubernetes.executor.label.app.kubernetes.io/instance"] "etl-v2" ${OPERATOR} it copies the SparkApplication's app.kubernetes.io/instance label, which this library sets, to the executor pods after sparkConf; remove the key (use executorLabels for a label of your own)`,
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf app id',
    build: conf({ 'spark.app.id': 'etl-1' }),
    error: 'SparkApp Etl: sparkConf["spark.app.id"] "etl-1" is set by Spark when the app starts (to the id the cluster manager gives it), replacing this value; remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf driver host',
    build: conf({ 'spark.driver.host': 'etl-driver-svc' }),
    error: 'SparkApp Etl: sparkConf["spark.driver.host"] "etl-driver-svc" is refused by Spark on Kubernetes (the driver is reached through its Service); remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf driver pod name not a pod name',
    build: conf({ 'spark.kubernetes.driver.pod.name': 'Etl_Driver' }),
    error: 'SparkApp Etl: sparkConf["spark.kubernetes.driver.pod.name"] "Etl_Driver" is not a valid pod name (the operator names the driver pod with it): must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use a name of lower-case letters, digits, "-" and ".", or remove the key (the driver pod is then <name>-driver)',
  },

  // --- keys Spark may not read: warnings with an id
  {
    construct: 'SparkApp',
    name: 'sparkConf unknown key',
    build: conf({ 'spark.mycompany.costCenter': 'routes' }),
    warning: 'test/Etl: sparkConf key spark.mycompany.costCenter is not a known Spark configuration key; Spark ignores it unless a plugin or connector reads it [unknown-spark-key]',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf misspelled key',
    build: conf({ 'spark.executor.memoryOverhaed': '512m' }),
    warning: 'test/Etl: sparkConf key spark.executor.memoryOverhaed is not a Spark configuration key; did you mean spark.executor.memoryOverhead? [unknown-spark-key]',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf deprecated key',
    build: conf({ 'spark.unsafe.offHeap': 'false' }),
    warning: 'test/Etl: sparkConf key spark.unsafe.offHeap is deprecated; use spark.memory.offHeap.enabled [deprecated-spark-key]',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf key of a later Spark',
    build: conf({ 'spark.api.mode': 'connect' }),
    warning: 'test/Etl: sparkConf key spark.api.mode was added in Spark 4.0.0; Spark 3.5.5 ignores it [spark-key-not-in-version]',
  },

  // --- hadoopConf
  {
    construct: 'SparkApp',
    name: 'hadoopConf key also set in sparkConf with another value',
    build: hadoop({ 'fs.s3a.endpoint': 'https://s3.eu-west-1.amazonaws.com' }, { sparkConf: { 'spark.hadoop.fs.s3a.endpoint': 'https://minio.data:9000' } }),
    error: 'SparkApp Etl: hadoopConf["fs.s3a.endpoint"] "https://s3.eu-west-1.amazonaws.com" conflicts with "https://minio.data:9000" set by sparkConf; set it in one place',
  },
  {
    construct: 'SparkApp',
    name: 'hadoopConf SSE-C key given literally',
    build: hadoop({ 'fs.s3a.encryption.algorithm': 'SSE-C', 'fs.s3a.encryption.key': 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=' }),
    error: `SparkApp Etl: hadoopConf["fs.s3a.encryption.key"] "***" holds a credential, and the manifest would carry it in plain text; ${CREDENTIAL_FIX}`,
  },
  {
    construct: 'SparkApp',
    name: 'hadoopConf value too large to be exact in JavaScript',
    build: hadoop({ 'fs.s3a.multipart.threshold': 2 ** 60 }),
    error: 'SparkApp Etl: hadoopConf["fs.s3a.multipart.threshold"] 1152921504606847000 is too large to be exact in JavaScript (above 2^53); give the value as a string',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf secret environment variable given literally',
    build: conf({ 'spark.executorEnv.DB_PASSWORD': 'hunter2' }),
    error: `SparkApp Etl: sparkConf["spark.executorEnv.DB_PASSWORD"] "***" holds a credential, and the manifest would carry it in plain text; ${CREDENTIAL_FIX}`,
  },

  // --- the Spark version an image names
  {
    construct: 'SparkApp',
    name: 'image spark-py of another Spark',
    build: c => sparkApp(c, { image: 'apache/spark-py:v3.4.0' }),
    error: 'SparkApp Etl: image "apache/spark-py:v3.4.0" is tagged for Spark 3.4.0 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'3.4.0\')',
  },
  {
    construct: 'SparkApp',
    name: 'image tag naming another Spark',
    build: c => sparkApp(c, { image: 'registry.example/etl:spark-3.5.1-hadoop3' }),
    error: 'SparkApp Etl: image "registry.example/etl:spark-3.5.1-hadoop3" is tagged for Spark 3.5.1 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'3.5.1\')',
  },
  {
    construct: 'SparkApp',
    name: 'image repository naming another Spark',
    build: c => sparkApp(c, { image: 'registry.example/spark3.3.1-base/etl:1.0' }),
    error: 'SparkApp Etl: image "registry.example/spark3.3.1-base/etl:1.0" is tagged for Spark 3.3.1 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'3.3.1\')',
  },
  {
    construct: 'SparkApp',
    name: 'image of another Spark pinned by digest too',
    build: c => sparkApp(c, { image: `apache/spark:3.4.1@sha256:${'a'.repeat(64)}` }),
    error: `SparkApp Etl: image "apache/spark:3.4.1@sha256:${'a'.repeat(64)}" is tagged for Spark 3.4.1 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of('3.4.1')`,
  },
  {
    construct: 'SparkApp',
    name: 'image for Spark 4 with sparkVersion 3.5',
    build: c => sparkApp(c, { image: 'apache/spark:4.0.1-scala2.13-java17-python3-ubuntu' }),
    error: 'SparkApp Etl: image "apache/spark:4.0.1-scala2.13-java17-python3-ubuntu" is tagged for Spark 4.0.1 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'4.0.1\')',
  },
  {
    construct: 'SparkApp',
    name: 'image with an upper-case repository',
    build: c => sparkApp(c, { image: 'Apache/Spark:3.5.5' }),
    error: 'SparkApp Etl: image "Apache/Spark:3.5.5" is not a container image reference (the kubelet could not pull it); write [registry/]repository[:tag][@digest] with the repository in lower case, e.g. apache/spark:3.5.5',
  },
  {
    construct: 'SparkApp',
    name: 'image with two tags',
    build: c => sparkApp(c, { image: 'apache/spark:3.5.5:java17' }),
    error: 'SparkApp Etl: image "apache/spark:3.5.5:java17" is not a container image reference (the kubelet could not pull it); write [registry/]repository[:tag][@digest] with the repository in lower case, e.g. apache/spark:3.5.5',
  },
  {
    construct: 'SparkApp',
    name: 'image of a Spark 4 app tagged for 3.5',
    build: c => sparkApp(c, { sparkVersion: SparkVersion.of('4.0.1'), image: 'apache/spark:3.5.5', mainApplicationFile: 'local:///opt/app/etl.jar' }),
    error: 'SparkApp Etl: image "apache/spark:3.5.5" is tagged for Spark 3.5.5 but sparkVersion is 4.0.1; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'3.5.5\')',
  },
];
