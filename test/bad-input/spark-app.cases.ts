import { Chart, Duration, Size } from 'cdk8s';
import { BadInputCase, sparkApp, sparkNamespace } from './harness';
import {
  CpuCores, NodeSelectorOperator, RestartPolicy, SparkApp, SparkEnvValue, SparkPods, SparkRole, SparkVersion, SparkVolume, TaintEffect,
} from '../../src';

// SparkApp and the core factories (CpuCores, SparkVersion, SparkVolume.*, SparkEnvValue.*,
// RestartPolicy.*): wrong types, missing and null values, enum typos, NaN, infinities, negatives,
// fractions, int32 overflow and absurd figures, bad references (names, label keys and values, env
// names, ".." sub-paths), cross-prop conflicts, and what features (third-party ones written in
// JavaScript) pass to the app's public methods. The app is `test/Etl` (harness SPARK_APP).

/** JavaScript callers: any value where TypeScript wants a type. */
const js = (v: unknown): any => v;

/** A valid sidecar, with `props` over it. */
const container = (props: Record<string, unknown> = {}): any => ({
  name: 'log-shipper', image: 'fluent/fluent-bit:3.0', cpu: CpuCores.millis(100), memory: Size.mebibytes(64), ...props,
});

/** An app `Etl` on which a feature (`F`) calls `act`. */
const withApp = (act: (app: any) => void) => (c: Chart) => act(sparkApp(c));

const emptyDir = SparkVolume.emptyDir('data');

export const CASES: BadInputCase[] = [
  // --- SparkApp: resources (types, NaN, infinities, negatives, fractions, int32, absurd figures)
  {
    construct: 'SparkApp',
    name: 'executorMemory as a string',
    build: c => sparkApp(c, { executorMemory: '4g' }),
    error: 'SparkApp Etl: executorMemory "4g" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'SparkApp',
    name: 'executorMemory above 1 PiB',
    build: c => sparkApp(c, { executorMemory: Size.pebibyte(2) }),
    error: 'SparkApp Etl: executorMemory 2Pi is more than 1Pi; give at most 1Pi',
  },
  {
    construct: 'SparkApp',
    name: 'driverMemory of NaN GiB',
    build: c => sparkApp(c, { driverMemory: Size.gibibytes(NaN) }),
    error: 'SparkApp Etl: driverMemory NaNGi must be a finite size; use Size.gibibytes(n) with a finite n',
  },
  {
    construct: 'SparkApp',
    name: 'driverMemory a fraction of a MiB',
    build: c => sparkApp(c, { driverMemory: Size.kibibytes(1000000) }),
    error: 'SparkApp Etl: driverMemory 1000000Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(977)',
  },
  {
    construct: 'SparkApp',
    name: 'driverCores NaN',
    build: c => sparkApp(c, { driverCores: NaN }),
    error: 'SparkApp Etl: driverCores NaN must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'SparkApp',
    name: 'driverCores Infinity',
    build: c => sparkApp(c, { driverCores: Infinity }),
    error: 'SparkApp Etl: driverCores Infinity must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'SparkApp',
    name: 'executorCores negative',
    build: c => sparkApp(c, { executorCores: -1 }),
    error: 'SparkApp Etl: executorCores -1 must be at least 1; use 1 or more',
  },
  {
    construct: 'SparkApp',
    name: 'executorCores a fraction',
    build: c => sparkApp(c, { executorCores: 1.5 }),
    error: 'SparkApp Etl: executorCores 1.5 must be a whole number; use 1 or 2',
  },
  {
    construct: 'SparkApp',
    name: 'executorCores as a string',
    build: c => sparkApp(c, { executorCores: '4' }),
    error: 'SparkApp Etl: executorCores "4" must be a whole number; got a string',
  },
  {
    construct: 'SparkApp',
    name: 'executorCores absurd',
    build: c => sparkApp(c, { executorCores: 1000 }),
    warning: 'test/Etl: executorCores 1000 is more than 256; check the figure [absurd-value]',
  },
  {
    construct: 'SparkApp',
    name: 'executorInstances past int32',
    build: c => sparkApp(c, { executorInstances: 2 ** 31 }),
    error: 'SparkApp Etl: executorInstances 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: 'SparkApp',
    name: 'executorInstances absurd',
    build: c => sparkApp(c, { executorInstances: 20000 }),
    warning: 'test/Etl: executorInstances 20000 is more than 10000; check the figure [absurd-value]',
  },
  {
    construct: 'SparkApp',
    name: 'executorInstances 0 (the CRD minimum is 1)',
    build: c => sparkApp(c, { executorInstances: 0 }),
    error: 'SparkApp Etl: executorInstances 0 must be at least 1; use 1 or more',
  },
  {
    construct: 'SparkApp',
    name: 'executorCoreRequest as a number',
    build: c => sparkApp(c, { executorCoreRequest: 0.5 }),
    error: 'SparkApp Etl: executorCoreRequest 0.5 must be a CpuCores; got a number; use CpuCores.of(2) or CpuCores.millis(500)',
  },
  {
    construct: 'SparkApp',
    name: 'memoryOverheadFactor negative',
    build: c => sparkApp(c, { memoryOverheadFactor: -0.1 }),
    error: 'SparkApp Etl: memoryOverheadFactor -0.1 must be at least 0; use 0 or more',
  },
  {
    construct: 'SparkApp',
    name: 'memoryOverheadFactor NaN',
    build: c => sparkApp(c, { memoryOverheadFactor: NaN }),
    error: 'SparkApp Etl: memoryOverheadFactor NaN must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'SparkApp',
    name: 'dynamicAllocation without maxExecutors',
    build: c => sparkApp(c, { dynamicAllocation: {} }),
    error: 'SparkApp Etl: dynamicAllocation.maxExecutors (unset) is required; give a whole number',
  },
  {
    construct: 'SparkApp',
    name: 'dynamicAllocation.minExecutors as a string',
    build: c => sparkApp(c, { dynamicAllocation: { maxExecutors: 10, minExecutors: '2' } }),
    error: 'SparkApp Etl: dynamicAllocation.minExecutors "2" must be a whole number; got a string',
  },
  {
    construct: 'SparkApp',
    name: 'dynamicAllocation.maxExecutors absurd',
    build: c => sparkApp(c, { dynamicAllocation: { maxExecutors: 50000, shuffleTrackingTimeout: Duration.minutes(30) } }),
    warning: 'test/Etl: dynamicAllocation.maxExecutors 50000 is more than 10000; check the figure [absurd-value]',
  },
  {
    construct: 'SparkApp',
    name: 'dynamicAllocation with executorInstances',
    build: c => sparkApp(c, { dynamicAllocation: { maxExecutors: 4 }, executorInstances: 3 }),
    error: 'SparkApp Etl: executorInstances 3 cannot be combined with dynamicAllocation; use dynamicAllocation.initialExecutors',
  },

  // --- SparkApp: required props, null, wrong types, enum typos
  {
    construct: 'SparkApp',
    name: 'props null',
    build: c => new SparkApp(c, 'Etl', js(null)),
    error: 'SparkApp Etl: props null are required (sparkVersion, mainApplicationFile); pass a SparkAppProps object',
  },
  {
    construct: 'SparkApp',
    name: 'props a string',
    build: c => new SparkApp(c, 'Etl', js('etl')),
    error: 'SparkApp Etl: props "etl" must be a SparkAppProps (a plain object); got a string',
  },
  {
    construct: 'SparkApp',
    name: 'sparkVersion missing',
    build: c => sparkApp(c, { sparkVersion: undefined }),
    error: 'SparkApp Etl: sparkVersion (unset) is required; give a SparkVersion',
  },
  {
    construct: 'SparkApp',
    name: 'sparkVersion as a string',
    build: c => sparkApp(c, { sparkVersion: '3.5.5' }),
    error: 'SparkApp Etl: sparkVersion "3.5.5" must be a SparkVersion; got a string; use SparkVersion.of("3.5.5") or SparkVersion.V3_5_5',
  },
  {
    construct: 'SparkApp',
    name: 'image null',
    build: c => sparkApp(c, { image: null }),
    error: 'SparkApp Etl: image null must be a string or left out; remove the null',
  },
  {
    construct: 'SparkApp',
    name: 'mainApplicationFile as a number',
    build: c => sparkApp(c, { mainApplicationFile: 42 }),
    error: 'SparkApp Etl: mainApplicationFile 42 must be a string; got a number',
  },
  {
    construct: 'SparkApp',
    name: 'type typo',
    build: c => sparkApp(c, { type: 'scala' }),
    error: 'SparkApp Etl: type "scala" is not a SparkApplicationType; use one of SparkApplicationType.SCALA, SparkApplicationType.JAVA, SparkApplicationType.PYTHON, SparkApplicationType.R (values "Scala", "Java", "Python", "R")',
  },
  {
    construct: 'SparkApp',
    name: 'imagePullPolicy typo',
    build: c => sparkApp(c, { imagePullPolicy: 'always' }),
    error: 'SparkApp Etl: imagePullPolicy "always" is not an ImagePullPolicy; use one of ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.ALWAYS, ImagePullPolicy.NEVER (values "IfNotPresent", "Always", "Never")',
  },
  {
    construct: 'SparkApp',
    name: 'scalaVersion not a Spark build',
    build: c => sparkApp(c, { scalaVersion: '2.11' }),
    error: 'SparkApp Etl: scalaVersion "2.11" is not a Scala build of Spark 3.5.5; use "2.12" or "2.13"',
  },
  {
    construct: 'SparkApp',
    name: 'executorServiceAccountToken as a string',
    build: c => sparkApp(c, { executorServiceAccountToken: 'true' }),
    error: 'SparkApp Etl: executorServiceAccountToken "true" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: 'SparkApp',
    name: 'arguments with numbers',
    build: c => sparkApp(c, { arguments: ['--days', 7] }),
    error: 'SparkApp Etl: arguments[1] 7 must be a string; got a number',
  },
  {
    construct: 'SparkApp',
    name: 'jars as a string',
    build: c => sparkApp(c, { jars: 'local:///opt/jars/a.jar' }),
    error: 'SparkApp Etl: jars "local:///opt/jars/a.jar" must be a list of string values; got a string; wrap it in [ ]',
  },
  {
    construct: 'SparkApp',
    name: 'eventLogDir with a leading space',
    build: c => sparkApp(c, { eventLogDir: ' s3a://logs/events' }),
    error: 'SparkApp Etl: eventLogDir " s3a://logs/events" has leading or trailing whitespace; remove it (it would be kept verbatim)',
  },
  {
    construct: 'SparkApp',
    name: 'timeToLive as seconds',
    build: c => sparkApp(c, { timeToLive: 3600 }),
    error: 'SparkApp Etl: timeToLive 3600 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)',
  },
  {
    construct: 'SparkApp',
    name: 'restartPolicy as an object',
    build: c => sparkApp(c, { restartPolicy: { type: 'Never' } }),
    error: 'SparkApp Etl: restartPolicy {"type":"Never"} must be a RestartPolicy; got an object; use RestartPolicy.never(), RestartPolicy.onFailure() or RestartPolicy.always()',
  },
  {
    construct: 'SparkApp',
    name: 'features not a list',
    build: c => sparkApp(c, { features: RestartPolicy.never() }),
    error: 'SparkApp Etl: features a RestartPolicy must be a list of ISparkFeature values; wrap it in [ ]',
  },
  {
    construct: 'SparkApp',
    name: 'features with an object that is no feature',
    build: c => sparkApp(c, { features: [{ name: 'x' }] }),
    error: 'SparkApp Etl: features[0] {"name":"x"} must be an ISparkFeature; got an object; pass a feature such as ShuffleStorage.localDisk(...), new GpuAcceleration(...) or your own ISparkFeature',
  },
  {
    construct: 'SparkApp',
    name: 'gangScheduler as a string',
    build: c => sparkApp(c, { gangScheduler: 'volcano' }),
    error: 'SparkApp Etl: gangScheduler "volcano" must be a GangScheduler; got a string; use GangScheduler.volcano(), .yunikorn(...) or .kueue(...)',
  },
  {
    construct: 'SparkApp',
    name: 'sparkUi.servicePort as a string',
    build: c => sparkApp(c, { sparkUi: { servicePort: '4040' } }),
    error: 'SparkApp Etl: sparkUi.servicePort "4040" must be a number; got a string',
  },
  {
    construct: 'SparkApp',
    name: 'sparkUi.serviceType typo',
    build: c => sparkApp(c, { sparkUi: { serviceType: 'nodeport' } }),
    error: 'SparkApp Etl: sparkUi.serviceType "nodeport" is not a UiServiceType; use one of UiServiceType.CLUSTER_IP, UiServiceType.NODE_PORT, UiServiceType.LOAD_BALANCER (values "ClusterIP", "NodePort", "LoadBalancer")',
  },
  {
    construct: 'SparkApp',
    name: 'schedule without cron',
    build: c => sparkApp(c, { schedule: { timeZone: 'UTC' } }),
    error: 'SparkApp Etl: schedule.cron (unset) is required; give a string',
  },
  {
    construct: 'SparkApp',
    name: 'schedule.concurrencyPolicy typo',
    build: c => sparkApp(c, { schedule: { cron: '@daily', concurrencyPolicy: 'forbid' } }),
    error: 'SparkApp Etl: schedule.concurrencyPolicy "forbid" is not a ConcurrencyPolicy; use one of ConcurrencyPolicy.ALLOW, ConcurrencyPolicy.FORBID, ConcurrencyPolicy.REPLACE (values "Allow", "Forbid", "Replace")',
  },
  {
    construct: 'SparkApp',
    name: 'security.runAsUser past int32',
    build: c => sparkApp(c, { security: { runAsUser: 2 ** 31 } }),
    error: 'SparkApp Etl: security.runAsUser 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: 'SparkApp',
    name: 'security.runAsUser root',
    build: c => sparkApp(c, { security: { runAsUser: 0 } }),
    error: 'SparkApp Etl: security.runAsUser 0 (root) breaks the restricted Pod Security profile; use a non-root user: Spark images run as 185, the default',
  },
  {
    construct: 'SparkApp',
    name: 'a misspelled prop',
    build: c => sparkApp(c, { executorMemroy: Size.gibibytes(4) }),
    warning: 'test/Etl: executorMemroy is not a prop of SparkAppProps and is ignored; did you mean executorMemory? [unknown-prop]',
  },

  // --- SparkApp: raw conf values from JavaScript
  {
    construct: 'SparkApp',
    name: 'sparkConf value an object',
    build: c => sparkApp(c, { sparkConf: { 'spark.sql.shuffle.partitions': { n: 200 } } }),
    error: 'SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] {"n":200} must be a string, number or boolean (got an object); give the value as Spark reads it, e.g. "4g" or "200"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf value NaN',
    build: c => sparkApp(c, { sparkConf: { 'spark.sql.shuffle.partitions': NaN } }),
    error: 'SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] NaN is not a finite number; give the value as Spark reads it, e.g. "200"',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf value null',
    build: c => sparkApp(c, { sparkConf: { 'spark.sql.shuffle.partitions': null } }),
    error: 'SparkApp Etl: sparkConf["spark.sql.shuffle.partitions"] null has no value; give a string, number or boolean or remove the key',
  },
  {
    construct: 'SparkApp',
    name: 'sparkConf key with a leading space',
    build: c => sparkApp(c, { sparkConf: { ' spark.sql.shuffle.partitions': '200' } }),
    error: 'SparkApp Etl: sparkConf key " spark.sql.shuffle.partitions" has leading or trailing whitespace; remove it (it would be kept verbatim)',
  },
  {
    construct: 'SparkApp',
    name: 'hadoopConf value a list',
    build: c => sparkApp(c, { hadoopConf: { 'fs.s3a.endpoint': ['a', 'b'] } }),
    error: 'SparkApp Etl: hadoopConf["fs.s3a.endpoint"] ["a", "b"] must be a string, number or boolean (got an array); give the value as Spark reads it, e.g. "4g" or "200"',
  },

  // --- SparkApp: references (names, label keys and values, env names, sub-paths, priority classes)
  {
    construct: 'SparkApp',
    name: 'namespace with upper case and "_"',
    build: c => sparkApp(c, { namespace: 'Team_A' }),
    error: 'SparkApp Etl: namespace "Team_A" is not a valid namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'serviceAccountName not a DNS subdomain',
    build: c => sparkApp(c, { serviceAccountName: 'Spark_SA' }),
    error: 'SparkApp Etl: serviceAccountName "Spark_SA" is not a valid ServiceAccount name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'imagePullSecrets as a string',
    build: c => sparkApp(c, { imagePullSecrets: 'regcred' }),
    error: 'SparkApp Etl: imagePullSecrets "regcred" must be a list of string values; got a string; wrap it in [ ]',
  },
  {
    construct: 'SparkApp',
    name: 'imagePullSecrets entry with a space',
    build: c => sparkApp(c, { imagePullSecrets: ['registry cred'] }),
    error: 'SparkApp Etl: imagePullSecrets[0] "registry cred" is not a valid Secret name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'envFromSecrets entry with "_"',
    build: c => sparkApp(c, { envFromSecrets: ['db_credentials'] }),
    error: 'SparkApp Etl: envFromSecrets[0] "db_credentials" is not a valid Secret name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'driverLabels key with a space',
    build: c => sparkApp(c, { driverLabels: { 'team name': 'orders' } }),
    error: 'SparkApp Etl: driverLabels key "team name" is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain',
  },
  {
    construct: 'SparkApp',
    name: 'executorLabels value of 64 characters',
    build: c => sparkApp(c, { executorLabels: { team: 'o'.repeat(64) } }),
    error: 'SparkApp Etl: executorLabels["team"] "oooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'driverAnnotations key with an upper-case prefix',
    build: c => sparkApp(c, { driverAnnotations: { 'Example.com/owner': 'orders' } }),
    error: 'SparkApp Etl: driverAnnotations key "Example.com/owner" has a prefix that is not a DNS subdomain; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain',
  },
  {
    construct: 'SparkApp',
    name: 'nodeSelector value with a space',
    build: c => sparkApp(c, { nodeSelector: { pool: 'spark pool' } }),
    error: 'SparkApp Etl: nodeSelector["pool"] "spark pool" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'env name starting with a digit',
    build: c => sparkApp(c, { env: { '1LEVEL': SparkEnvValue.value('info') } }),
    error: 'SparkApp Etl: env key "1LEVEL" is not a valid environment variable name; use letters, digits, "_", "-" and ".", not starting with a digit',
  },
  {
    construct: 'SparkApp',
    name: 'env value a plain string',
    build: c => sparkApp(c, { env: { LEVEL: 'info' } }),
    error: 'SparkApp Etl: env["LEVEL"] "info" must be a SparkEnvValue; got a string; use SparkEnvValue.value("..."), .fromSecret(...) or .fromConfigMap(...)',
  },
  {
    construct: 'SparkApp',
    name: 'driverVolumeMounts subPath with ".."',
    build: c => sparkApp(c, { driverVolumeMounts: [{ volume: emptyDir, path: '/data', subPath: '../etc' }] }),
    error: 'SparkApp Etl: driverVolumeMounts[0].subPath "../etc" must be a relative path without ".." elements; name a path inside the volume, e.g. conf/app.properties',
  },
  {
    construct: 'SparkApp',
    name: 'executorVolumeMounts path with ":"',
    build: c => sparkApp(c, { executorVolumeMounts: [{ volume: emptyDir, path: '/data:rw' }] }),
    error: 'SparkApp Etl: executorVolumeMounts[0].path "/data:rw" must not contain ":"; use a path such as /opt/spark/conf',
  },
  {
    construct: 'SparkApp',
    name: 'executorVolumeMounts volume as a name',
    build: c => sparkApp(c, { executorVolumeMounts: [{ volume: 'data', path: '/data' }] }),
    error: 'SparkApp Etl: executorVolumeMounts[0].volume "data" must be a SparkVolume; got a string; use SparkVolume.emptyDir(...), .configMap(...), .secret(...) or .persistentVolumeClaim(...)',
  },
  {
    construct: 'SparkApp',
    name: 'driverPriorityClassName with "_"',
    build: c => sparkApp(c, { driverPriorityClassName: 'batch_high' }),
    error: 'SparkApp Etl: driverPriorityClassName "batch_high" is not a valid PriorityClass name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'scheduled name too long for its runs',
    build: c => sparkApp(c, { name: 'n'.repeat(44), schedule: { cron: '@daily' } }),
    error: 'SparkApp Etl: name "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn" is 44 characters long, more than 43 (scheduled runs are named <name>-<19-digit timestamp>, which must stay within 63); use a name of at most 43 characters',
  },

  {
    construct: 'SparkApp',
    name: 'the chart\'s namespace not a DNS label',
    build: c => {
      (c as any).namespace = 'Team_A';
      sparkApp(c);
    },
    error: 'SparkApp Etl: namespace "Team_A" (the chart\'s namespace) must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit; give the chart a valid namespace, or set the namespace prop',
  },

  // --- SparkApp: placement
  {
    construct: 'SparkApp',
    name: 'toleration operator typo',
    build: c => sparkApp(c, { tolerations: [{ key: 'spot', operator: 'exists' }] }),
    error: 'SparkApp Etl: tolerations[0].operator "exists" is not a TolerationOperator; use one of TolerationOperator.EQUAL, TolerationOperator.EXISTS (values "Equal", "Exists")',
  },
  {
    construct: 'SparkApp',
    name: 'toleration key with a space',
    build: c => sparkApp(c, { tolerations: [{ key: 'spot node', operator: 'Exists' }] }),
    error: 'SparkApp Etl: tolerations[0].key "spot node" is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain',
  },
  {
    construct: 'SparkApp',
    name: 'tolerationDuration without NO_EXECUTE',
    build: c => sparkApp(c, { executorTolerations: [{ key: 'spot', operator: 'Exists', effect: TaintEffect.NO_SCHEDULE, tolerationDuration: Duration.minutes(5) }] }),
    error: 'SparkApp Etl: executorTolerations[0].tolerationDuration 5 minutes only applies to effect NO_EXECUTE (the API server rejects tolerationSeconds with effect NoSchedule); set effect to TaintEffect.NO_EXECUTE, or drop tolerationDuration',
  },
  {
    construct: 'SparkApp',
    name: 'tolerationDuration a fraction of a second',
    build: c => sparkApp(c, { executorTolerations: [{ key: 'spot', operator: 'Exists', effect: TaintEffect.NO_EXECUTE, tolerationDuration: Duration.millis(1500) }] }),
    error: 'SparkApp Etl: executorTolerations[0].tolerationDuration 1 second 500 millis must be a whole number of seconds (tolerationSeconds); use e.g. Duration.seconds(2)',
  },
  {
    construct: 'SparkApp',
    name: 'node affinity operator typo',
    build: c => sparkApp(c, { requiredNodeAffinity: [{ key: 'zone', operator: 'in', values: ['a'] }] }),
    error: 'SparkApp Etl: requiredNodeAffinity[0].operator "in" is not a NodeSelectorOperator; use one of NodeSelectorOperator.IN, NodeSelectorOperator.NOT_IN, NodeSelectorOperator.EXISTS, NodeSelectorOperator.DOES_NOT_EXIST, NodeSelectorOperator.GT, NodeSelectorOperator.LT (values "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")',
  },
  {
    construct: 'SparkApp',
    name: 'node affinity key not a label key',
    build: c => sparkApp(c, { requiredNodeAffinity: [{ key: '-zone', operator: NodeSelectorOperator.EXISTS }] }),
    error: 'SparkApp Etl: requiredNodeAffinity[0].key "-zone" is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain',
  },
  {
    construct: 'SparkApp',
    name: 'preferred node affinity weight above 100',
    build: c => sparkApp(c, { preferredNodeAffinity: [{ weight: 101, requirements: [{ key: 'disk', operator: NodeSelectorOperator.EXISTS }] }] }),
    error: 'SparkApp Etl: preferredNodeAffinity[0].weight 101 must be a whole number 1-100; use 1 (weakest) to 100 (strongest)',
  },

  // --- SparkApp: what features pass to the public methods
  {
    construct: 'SparkApp',
    name: 'sidecar cpu as a number',
    build: withApp(app => app.addSidecar(SparkPods.ALL, container({ cpu: 0.1 }), 'LogShipper')),
    error: 'SparkApp Etl: sidecar.cpu 0.1 (added by LogShipper) must be a CpuCores; got a number; use CpuCores.of(2) or CpuCores.millis(500)',
  },
  {
    construct: 'SparkApp',
    name: 'sidecar missing',
    build: withApp(app => app.addSidecar(SparkPods.EXECUTORS, undefined, 'LogShipper')),
    error: 'SparkApp Etl: sidecar (unset) (added by LogShipper) is required; give a SparkContainer',
  },
  {
    construct: 'SparkApp',
    name: 'sidecar for pods "both"',
    build: withApp(app => app.addSidecar('both', container(), 'LogShipper')),
    error: 'SparkApp Etl: pods "both" (added by LogShipper) is not a SparkPods; use one of SparkPods.DRIVER, SparkPods.EXECUTORS, SparkPods.ALL (values "driver", "executor", "all")',
  },
  {
    construct: 'SparkApp',
    name: 'sidecar env value a plain string',
    build: withApp(app => app.addSidecar(SparkPods.ALL, container({ env: { LEVEL: 'info' } }), 'LogShipper')),
    error: 'SparkApp Etl: sidecar.env["LEVEL"] "info" (added by LogShipper) must be a SparkEnvValue; got a string; use SparkEnvValue.value("..."), .fromSecret(...) or .fromConfigMap(...)',
  },
  {
    construct: 'SparkApp',
    name: 'init container mount sub-path with ".."',
    build: withApp(app => app.addInitContainer(SparkPods.ALL, container({ volumeMounts: [{ volume: emptyDir, path: '/data', subPath: '../..' }] }), 'Prepare')),
    error: 'SparkApp Etl: initContainer.volumeMounts[0].subPath "../.." (added by Prepare) must be a relative path without ".." elements; name a path inside the volume, e.g. conf/app.properties',
  },
  {
    construct: 'SparkApp',
    name: 'root init container in a namespace enforcing restricted',
    build: c => sparkApp(c, { sparkNamespace: sparkNamespace(c, { name: 'team' }) }).addInitContainer(SparkPods.EXECUTORS, container({ name: 'fix-perms', runAsRoot: true }), 'FixPerms'),
    error: 'SparkApp Etl: initContainer.runAsRoot true (container "fix-perms", added by FixPerms) runs as root, which the restricted Pod Security Standard forbids, and namespace team enforces restricted (the executor pods would be rejected); let the container run as the pods\' non-root user (drop runAsRoot), or place the app in a namespace with podSecurity baseline',
  },
  {
    construct: 'SparkApp',
    name: 'root init container elsewhere',
    build: withApp(app => app.addInitContainer(SparkPods.EXECUTORS, container({ name: 'fix-perms', runAsRoot: true }), 'FixPerms')),
    warning: 'test/Etl: initContainer "fix-perms" (added by FixPerms) runs as root in the executor pods: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]',
  },
  {
    construct: 'SparkApp',
    name: 'runAsRoot as a string',
    build: withApp(app => app.addInitContainer(SparkPods.ALL, container({ runAsRoot: 'yes' }), 'FixPerms')),
    error: 'SparkApp Etl: initContainer.runAsRoot "yes" (added by FixPerms) must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: 'SparkApp',
    name: 'env from a feature with a bad name',
    build: withApp(app => app.addEnv(SparkPods.DRIVER, 'LOG LEVEL', SparkEnvValue.value('info'), 'Tuning')),
    error: 'SparkApp Etl: env key "LOG LEVEL" (added by Tuning) is not a valid environment variable name; use letters, digits, "_", "-" and ".", not starting with a digit',
  },
  {
    construct: 'SparkApp',
    name: 'tolerations from a feature not a list',
    build: withApp(app => app.addTolerations(SparkPods.EXECUTORS, { key: 'gpu', operator: 'Exists' }, 'Gpu')),
    error: 'SparkApp Etl: tolerations {"key":"gpu","operator":"Exists"} (added by Gpu) must be a list of SparkToleration values; got an object; wrap it in [ ]',
  },
  {
    construct: 'SparkApp',
    name: 'container port above 65535',
    build: withApp(app => app.addContainerPort(SparkPods.ALL, 'jmx', 70000, 'Jmx')),
    error: 'SparkApp Etl: containerPorts["jmx"] 70000 (added by Jmx) is not a port number; use a whole number from 1 to 65535',
  },
  {
    construct: 'SparkApp',
    name: 'scheduler name with upper case',
    build: withApp(app => app.setSchedulerName(SparkPods.ALL, 'Volcano', 'Gang')),
    error: 'SparkApp Etl: schedulerName "Volcano" (added by Gang) is not a valid scheduler name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkApp',
    name: 'memory headroom as MiB',
    build: withApp(app => app.addMemoryHeadroom(SparkRole.EXECUTOR, 512, 'Cache')),
    error: 'SparkApp Etl: memoryHeadroom["Cache"] 512 must be a Size; got a number; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'SparkApp',
    name: 'memory headroom for role "executors"',
    build: withApp(app => app.addMemoryHeadroom('executors', Size.mebibytes(512), 'Cache')),
    error: 'SparkApp Etl: role "executors" (added by Cache) is not a SparkRole; use one of SparkRole.DRIVER, SparkRole.EXECUTOR (values "driver", "executor")',
  },
  {
    construct: 'SparkApp',
    name: 'conf key from a feature with a trailing space',
    build: withApp(app => app.addSparkConf('spark.sql.shuffle.partitions ', '200', 'Tuning')),
    error: 'SparkApp Etl: sparkConf key "spark.sql.shuffle.partitions " (added by Tuning) has leading or trailing whitespace; remove it (it would be kept verbatim)',
  },
  {
    construct: 'SparkApp',
    name: 'feature without bind',
    build: withApp(app => app.addFeature({ featureName: 'x' })),
    error: 'SparkApp Etl: feature {"featureName":"x"} must be an ISparkFeature; got an object; pass a feature such as ShuffleStorage.localDisk(...), new GpuAcceleration(...) or your own ISparkFeature',
  },
  {
    construct: 'SparkApp',
    name: 'pod label from a feature with a bad key',
    build: withApp(app => app.addPodLabels(SparkPods.ALL, { 'example.com/': 'x' }, 'Labels')),
    error: 'SparkApp Etl: podLabels key "example.com/" (added by Labels) is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain',
  },

  // --- CpuCores
  {
    construct: 'CpuCores',
    name: 'of NaN',
    build: () => CpuCores.of(NaN),
    error: 'CpuCores.of: cores NaN must be a finite number; give a number such as 1 or 0.5',
  },
  { construct: 'CpuCores', name: 'of a string', build: () => CpuCores.of(js('2')), error: 'CpuCores.of: cores "2" must be a number; got a string' },
  {
    construct: 'CpuCores',
    name: 'of negative',
    build: () => CpuCores.of(-1),
    error: 'CpuCores.of: cores -1 must be positive with at most three decimals (the precision is one millicore); use e.g. CpuCores.of(0.5) or CpuCores.of(2), or CpuCores.millis for millicores',
  },
  {
    construct: 'CpuCores',
    name: 'of finer than a millicore',
    build: () => CpuCores.of(0.0005),
    error: 'CpuCores.of: cores 0.0005 must be positive with at most three decimals (the precision is one millicore); use e.g. CpuCores.of(0.5) or CpuCores.of(2), or CpuCores.millis for millicores',
  },
  {
    construct: 'CpuCores',
    name: 'of three million cores',
    build: () => CpuCores.of(3e6),
    error: 'CpuCores.of: cores 3000000 is more than 2147483.647 (over two million cores, more than any node has); give the CPU of one pod, e.g. CpuCores.of(4)',
  },
  {
    construct: 'CpuCores',
    name: 'millis Infinity',
    build: () => CpuCores.millis(Infinity),
    error: 'CpuCores.millis: millicores Infinity must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'CpuCores',
    name: 'millis a fraction',
    build: () => CpuCores.millis(1.5),
    error: 'CpuCores.millis: millicores 1.5 must be a whole number of at least 1; use e.g. CpuCores.millis(500) for half a core',
  },
  {
    construct: 'CpuCores',
    name: 'millis past int32',
    build: () => CpuCores.millis(2 ** 31),
    error: 'CpuCores.millis: millicores 2147483648 is more than 2147483647 (over two million cores, more than any node has); give the CPU of one pod, e.g. CpuCores.millis(4000) for 4 cores',
  },

  // --- SparkVersion
  {
    construct: 'SparkVersion',
    name: 'of a number',
    build: () => SparkVersion.of(js(3.5)),
    error: 'SparkVersion.of: version 3.5 must be a string; got a number',
  },
  {
    construct: 'SparkVersion',
    name: 'of undefined',
    build: () => SparkVersion.of(js(undefined)),
    error: 'SparkVersion.of: version (unset) is required; give a string',
  },
  {
    construct: 'SparkVersion',
    name: 'of an empty string',
    build: () => SparkVersion.of(''),
    error: 'SparkVersion.of: version "" is not a Spark release version; expected major.minor.patch such as 3.5.5 or 4.0.1',
  },
  {
    construct: 'SparkVersion',
    name: 'of with a leading space',
    build: () => SparkVersion.of(' 3.5.5'),
    error: 'SparkVersion.of: version " 3.5.5" has leading or trailing whitespace; remove it (it would be kept verbatim)',
  },
  {
    construct: 'SparkVersion',
    name: 'of major.minor only',
    build: () => SparkVersion.of('3.5'),
    error: 'SparkVersion.of: version "3.5" is not a Spark release version; expected major.minor.patch such as 3.5.5 or 4.0.1',
  },
  {
    construct: 'SparkVersion',
    name: 'of an unsupported release',
    build: () => SparkVersion.of('2.4.8'),
    error: 'SparkVersion.of: version "2.4.8" is not supported: cdk8s-spark supports Spark 3.3.0 to 4.2.x (the resource model follows Spark\'s own code for these releases); use a release in that range, e.g. SparkVersion.V3_5_5 or SparkVersion.V4_2_0',
  },

  // --- SparkVolume
  {
    construct: 'SparkVolume',
    name: 'emptyDir name with upper case',
    build: () => SparkVolume.emptyDir('Scratch'),
    error: 'SparkVolume.emptyDir: name "Scratch" must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters); use e.g. "scratch"',
  },
  {
    construct: 'SparkVolume',
    name: 'emptyDir name as a number',
    build: () => SparkVolume.emptyDir(js(1)),
    error: 'SparkVolume.emptyDir: name 1 must be a string; got a number',
  },
  {
    construct: 'SparkVolume',
    name: 'emptyDir sizeLimit as a string',
    build: () => SparkVolume.emptyDir('scratch', js({ sizeLimit: '10Gi' })),
    error: 'SparkVolume.emptyDir: sizeLimit "10Gi" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'SparkVolume',
    name: 'emptyDir sizeLimit above 1 PiB',
    build: () => SparkVolume.emptyDir('scratch', { sizeLimit: Size.pebibyte(2) }),
    error: 'SparkVolume.emptyDir: sizeLimit 2Pi is more than 1Pi; give at most 1Pi',
  },
  {
    construct: 'SparkVolume',
    name: 'emptyDir sizeLimit a fraction of a MiB',
    build: () => SparkVolume.emptyDir('scratch', { sizeLimit: Size.kibibytes(1536) }),
    error: 'SparkVolume.emptyDir: sizeLimit 1536Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(2)',
  },
  {
    construct: 'SparkVolume',
    name: 'emptyDir medium typo',
    build: () => SparkVolume.emptyDir('scratch', js({ medium: 'memory' })),
    error: 'SparkVolume.emptyDir: medium "memory" is not an EmptyDirMedium; use one of EmptyDirMedium.DEFAULT, EmptyDirMedium.MEMORY (values "", "Memory")',
  },
  {
    construct: 'SparkVolume',
    name: 'emptyDir options as a string',
    build: () => SparkVolume.emptyDir('scratch', js('Memory')),
    error: 'SparkVolume.emptyDir: options "Memory" must be an EmptyDirOptions (a plain object); got a string; pass { ... } with the props of EmptyDirOptions',
  },
  {
    construct: 'SparkVolume',
    name: 'configMap defaultMode in decimal',
    build: () => SparkVolume.configMap('conf', 'etl-conf', { defaultMode: 644 }),
    error: 'SparkVolume.configMap: defaultMode 644 is not a file mode (at most 0o777, which is 511); write the mode bits as an octal literal, e.g. 0o440 or 0o644',
  },
  {
    construct: 'SparkVolume',
    name: 'configMap name with "_"',
    build: () => SparkVolume.configMap('conf', 'etl_conf'),
    error: 'SparkVolume.configMap: configMapName "etl_conf" is not a valid ConfigMap name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkVolume',
    name: 'secret without secretName',
    build: () => SparkVolume.secret('creds', js(undefined)),
    error: 'SparkVolume.secret: secretName (unset) is required; give a string',
  },
  {
    construct: 'SparkVolume',
    name: 'secret optional as a string',
    build: () => SparkVolume.secret('creds', 'db', js({ optional: 'true' })),
    error: 'SparkVolume.secret: optional "true" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: 'SparkVolume',
    name: 'persistentVolumeClaim claimName with upper case',
    build: () => SparkVolume.persistentVolumeClaim('data', 'Data-Claim'),
    error: 'SparkVolume.persistentVolumeClaim: claimName "Data-Claim" is not a valid PersistentVolumeClaim name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkVolume',
    name: 'persistentVolumeClaim readOnly as a string',
    build: () => SparkVolume.persistentVolumeClaim('data', 'data', js('yes')),
    error: 'SparkVolume.persistentVolumeClaim: readOnly "yes" must be true or false; got a string; give a boolean, not a string',
  },

  // --- SparkEnvValue
  {
    construct: 'SparkEnvValue',
    name: 'value a number',
    build: () => SparkEnvValue.value(js(5)),
    error: 'SparkEnvValue.value: value 5 must be a string; got a number',
  },
  {
    construct: 'SparkEnvValue',
    name: 'fromSecret key with "/"',
    build: () => SparkEnvValue.fromSecret('db', 'auth/password'),
    error: 'SparkEnvValue.fromSecret: key "auth/password" is not a valid Secret key; use at most 253 letters, digits, "-", "_" and ".", not "." and not starting with ".."',
  },
  {
    construct: 'SparkEnvValue',
    name: 'fromSecret empty secret name',
    build: () => SparkEnvValue.fromSecret('', 'password'),
    error: 'SparkEnvValue.fromSecret: secretName "" must not be empty; give the name of the Secret',
  },
  {
    construct: 'SparkEnvValue',
    name: 'fromConfigMap key ".."',
    build: () => SparkEnvValue.fromConfigMap('flags', '..'),
    error: 'SparkEnvValue.fromConfigMap: key ".." is not a valid ConfigMap key; use at most 253 letters, digits, "-", "_" and ".", not "." and not starting with ".."',
  },
  {
    construct: 'SparkEnvValue',
    name: 'fromConfigMap optional as a string',
    build: () => SparkEnvValue.fromConfigMap('flags', 'mode', js('false')),
    error: 'SparkEnvValue.fromConfigMap: optional "false" must be true or false; got a string; give a boolean, not a string',
  },

  // --- RestartPolicy
  {
    construct: 'RestartPolicy',
    name: 'onFailure retries negative',
    build: () => RestartPolicy.onFailure({ retries: -1 }),
    error: 'RestartPolicy.onFailure: retries -1 must be at least 0; use 0 or more',
  },
  {
    construct: 'RestartPolicy',
    name: 'onFailure retries past int32',
    build: () => RestartPolicy.onFailure({ retries: 2 ** 31 }),
    error: 'RestartPolicy.onFailure: retries 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: 'RestartPolicy',
    name: 'onFailure retryInterval as seconds',
    build: () => RestartPolicy.onFailure(js({ retryInterval: 30 })),
    error: 'RestartPolicy.onFailure: retryInterval 30 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)',
  },
  {
    construct: 'RestartPolicy',
    name: 'onFailure retryInterval below a second',
    build: () => RestartPolicy.onFailure({ retryInterval: Duration.millis(500) }),
    error: 'RestartPolicy.onFailure: retryInterval 500 millis must be a whole number of seconds of at least 1; use e.g. Duration.seconds(1)',
  },
  {
    construct: 'RestartPolicy',
    name: 'onFailure options as a number',
    build: () => RestartPolicy.onFailure(js(3)),
    error: 'RestartPolicy.onFailure: options 3 must be a RestartOptions (a plain object); got a number; pass { ... } with the props of RestartOptions',
  },
  {
    construct: 'RestartPolicy',
    name: 'always with retries',
    build: () => RestartPolicy.always({ retries: 3 }),
    error: 'RestartPolicy.always: retries 3 does not apply (Always restarts without limit); use RestartPolicy.onFailure for a bounded number of retries',
  },
  {
    construct: 'RestartPolicy',
    name: 'always submissionRetries a fraction',
    build: () => RestartPolicy.always({ submissionRetries: 2.5 }),
    error: 'RestartPolicy.always: submissionRetries 2.5 must be a whole number; use 2 or 3',
  },
];
