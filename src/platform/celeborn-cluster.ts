import { Chart, Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CelebornClusterProps } from './celeborn-cluster-props';
import { celebornDefaultsConf, LOG4J2 } from './celeborn-files';
import { onPool, registerPlacedPods } from './node-pool-checks';
import { appsOf } from './platform-facts';
import { CELEBORN_CLUSTER_PROPS_SHAPE } from './platform-shapes';
import { backendNameOf } from '../backends/backend-name';
import { checkProps } from '../core/check';
import { propError } from '../core/errors';
import { MANAGED_BY, recommendedLabels, sparkPodsSelector } from '../core/labels';
import { mebibytesToQuantity } from '../core/model';
import { dnsEgressRule, tcpPort } from '../core/network';
import { renderPlacement, RenderedPlacement, validateToleration } from '../core/placement';
import { PodPlacement } from '../core/pod';
import { CpuCores, PodResources, SparkRole } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { dns1035Problem, dns1123LabelProblem, dnsSubdomainProblem, keyProp, nameFromId, sizeToMebibytes } from '../core/util';
import { addWarning, printWarningsOnSynth } from '../core/warn';

export * from './celeborn-cluster-props';

const MASTER_RPC = 9097;
const MASTER_HTTP = 9098;
const RATIS = 9872;
const WORKER_RPC = 9091;
const WORKER_PUSH = 9092;
const WORKER_FETCH = 9093;
const WORKER_REPLICATE = 9094;
const WORKER_HTTP = 9096;
const UID = 10006;
const GRACEFUL_SHUTDOWN_SECONDS = 600;
const DISK_RESERVE_MIB = 5 * 1024;
const EPHEMERAL_REQUEST_MIB = 1024;
const EPHEMERAL_LIMIT_MIB = 2048;

/**
 * An Apache Celeborn remote shuffle service, deployed with plain Kubernetes objects; Spark apps
 * use it through `ShuffleStorage.celeborn(cluster)`.
 *
 * Defines:
 * - a master StatefulSet (Raft HA, 3 replicas by default) with a PersistentVolumeClaim per master
 *   for the Raft log, and its headless Service `<name>-master-svc`;
 * - a worker StatefulSet with `workerDisks` PersistentVolumeClaims per worker as storage dirs,
 *   and its headless Service `<name>-worker-svc`;
 * - a ConfigMap with `celeborn-defaults.conf` (master endpoints and Raft peers by DNS name,
 *   `celeborn.network.bind.preferIpAddress=false` so workers register stable DNS names, storage
 *   dirs with capacities, fixed worker ports, graceful worker shutdown) and a console-only log4j2
 *   configuration;
 * - a PodDisruptionBudget per role (at most one master and one worker down at a time);
 * - with a `sparkNamespace`, NetworkPolicies letting Celeborn pods talk to each other and to DNS,
 *   and Spark pods of any namespace reach the masters and workers.
 *
 * Pods run as uid 10006 (the image's user) with the restricted Pod Security profile (non-root,
 * no privilege escalation, all capabilities dropped, RuntimeDefault seccomp), required
 * anti-affinity across nodes per role, and Guaranteed QoS: memory = JVM heap (+ off-heap for
 * workers) + max(512 MiB, 10%) for the JVM's native memory, CPU request = limit.
 *
 * Both StatefulSets use `Parallel` pod management: the masters must start together to elect a
 * leader. Workers shut down gracefully (up to 600 seconds, `terminationGracePeriodSeconds` 630),
 * keeping their committed shuffle data across a restart.
 *
 * @see https://celeborn.apache.org/docs/latest/deploy_on_k8s/
 */
export class CelebornCluster extends Construct {
  /** Name prefix of the cluster's objects. */
  public readonly name: string;
  /** Namespace of the cluster. */
  public readonly namespace: string;
  /** Celeborn release. */
  public readonly version: string;
  /** Container image. */
  public readonly image: string;
  /** Number of masters. */
  public readonly masterReplicas: number;
  /** Number of workers. */
  public readonly workerReplicas: number;
  /** Headless Service of the masters. */
  public readonly masterServiceName: string;
  /** Headless Service of the workers. */
  public readonly workerServiceName: string;
  /** `host:port` of each master, by its DNS name, as Spark's `spark.celeborn.master.endpoints` lists them. */
  public readonly masterEndpoints: string[];
  /** Labels of the Celeborn pods. */
  public get podLabels(): { [key: string]: string } {
    return { 'app.kubernetes.io/name': 'celeborn', 'app.kubernetes.io/instance': this.name };
  }
  /** TCP ports Spark clients connect to (master RPC, worker RPC, push, fetch). */
  public get clientPorts(): number[] {
    return [MASTER_RPC, WORKER_RPC, WORKER_PUSH, WORKER_FETCH];
  }

  private readonly pods: PodResources[];

  constructor(scope: Construct, id: string, props: CelebornClusterProps) {
    super(scope, id);
    const owner = `CelebornCluster ${id}`;
    checkProps({ owner, scope: this }, props, 'CelebornClusterProps', CELEBORN_CLUSTER_PROPS_SHAPE);
    this.name = props.name ?? nameFromId(id);
    const problem = dns1035Problem(this.name, 63);
    if (problem) {
      throw propError(owner, 'name', this.name, `${problem} (StatefulSet and pod names are derived from it)`, 'use a DNS-1035 label of at most 45 characters, e.g. "celeborn"');
    }
    if (this.name.length > 45) {
      // The controller-revision-hash label of a StatefulSet's pods is `<statefulset>-<hash of up to 10>`, a label value of at most 63.
      throw propError(owner, 'name', this.name, `gives the StatefulSet name "${this.name}-worker" of ${this.name.length + 7} characters, and a StatefulSet name is at most 52 (its pods' controller-revision-hash label adds 11)`,
        'use a name of at most 45 characters, e.g. "celeborn"');
    }
    this.namespace = props.sparkNamespace?.namespaceName ?? props.namespace ?? Chart.of(this).namespace ?? 'default';
    const nsProblem = dns1123LabelProblem(this.namespace);
    if (nsProblem) {
      const note = props.sparkNamespace ? '(the sparkNamespace\'s namespaceName) ' : props.namespace === undefined ? '(the chart\'s namespace) ' : '';
      throw propError(owner, props.sparkNamespace ? 'sparkNamespace' : 'namespace', this.namespace, `${note}${nsProblem}`, 'run the cluster in a valid namespace, e.g. "shuffle"');
    }
    this.version = props.version ?? '0.6.1';
    if (!/^\d+\.\d+\.\d+$/.test(this.version)) {
      throw propError(owner, 'version', this.version, 'is not a Celeborn release (major.minor.patch)', 'use a release such as 0.6.1');
    }
    this.image = props.image ?? `apache/celeborn:${this.version}`;
    const tag = /:([^:/@]+)$/.exec(this.image.split('@')[0])?.[1];
    if (/\s/.test(this.image) || (!this.image.includes('@') && (tag === undefined || tag === 'latest'))) {
      throw propError(owner, 'image', this.image, 'must be pinned to a tag or digest (not latest)', `use e.g. apache/celeborn:${this.version}`);
    }
    this.masterReplicas = props.masterReplicas ?? 3;
    if (!Number.isInteger(this.masterReplicas) || this.masterReplicas < 1 || this.masterReplicas % 2 === 0) {
      throw propError(owner, 'masterReplicas', this.masterReplicas, 'must be an odd whole number (a Raft group needs a majority)', 'use 1, 3 or 5');
    }
    if (this.masterReplicas === 1) {
      addWarning(this, 'masterReplicas is 1: the Celeborn cluster stops serving shuffles while its only master restarts; use 3 for high availability', 'single-celeborn-master');
    }
    this.workerReplicas = props.workerReplicas ?? 3;
    requireWhole(owner, 'workerReplicas', this.workerReplicas, 1, 'use e.g. 3 (each worker runs on its own node)');
    const disks = props.workerDisks ?? 1;
    requireWhole(owner, 'workerDisks', disks, 1, 'use e.g. 1 (one storage dir per disk)');
    if (!props.storageClassName || dnsSubdomainProblem(props.storageClassName)) {
      throw propError(owner, 'storageClassName', props.storageClassName, 'must be a storage class name (lower-case letters, digits, "-" and ".")',
        'use the name of an SSD StorageClass of the cluster, e.g. gp3');
    }
    const diskSize = props.workerStorageSize ?? Size.gibibytes(100);
    const diskMib = sizeToMebibytes(owner, 'workerStorageSize', diskSize);
    if (diskMib <= DISK_RESERVE_MIB) {
      throw propError(owner, 'workerStorageSize', diskSize, 'must be larger than the 5120 MiB Celeborn keeps free on each disk (celeborn.worker.storage.disk.reserve.size)',
        'use e.g. Size.gibibytes(100)');
    }
    const ratisSize = props.masterStorageSize ?? Size.gibibytes(10);
    const ratisMib = sizeToMebibytes(owner, 'masterStorageSize', ratisSize);
    if (ratisMib < 1024) {
      throw propError(owner, 'masterStorageSize', ratisSize, 'must be at least 1024 MiB', 'use e.g. Size.gibibytes(10)');
    }
    const masterHeap = jvmMib(owner, 'masterMemory', props.masterMemory ?? Size.gibibytes(2));
    const workerHeap = jvmMib(owner, 'workerMemory', props.workerMemory ?? Size.gibibytes(2));
    const workerOffHeap = jvmMib(owner, 'workerOffHeapMemory', props.workerOffHeapMemory ?? Size.gibibytes(4));
    const masterCpu = props.masterCpu ?? CpuCores.of(1);
    const workerCpu = props.workerCpu ?? CpuCores.of(2);
    const domain = props.clusterDomain ?? 'cluster.local';
    if (dnsSubdomainProblem(domain)) {
      throw propError(owner, 'clusterDomain', domain, 'must be a DNS domain', 'use the cluster\'s DNS domain, e.g. cluster.local');
    }
    (props.tolerations ?? []).forEach((t, i) => validateToleration(owner, `tolerations[${i}]`, t));
    const placements: Record<string, PodPlacement> = {
      master: onPool(owner, 'placement.masters', props.placement?.masters, props),
      worker: onPool(owner, 'placement.workers', props.placement?.workers, props),
    };
    const rendered = { master: renderPlacement(placements.master), worker: renderPlacement(placements.worker) } as Record<string, RenderedPlacement>;

    const masterSts = `${this.name}-master`;
    const workerSts = `${this.name}-worker`;
    this.masterServiceName = `${this.name}-master-svc`;
    this.workerServiceName = `${this.name}-worker-svc`;
    const masterHost = (i: number) => `${masterSts}-${i}.${this.masterServiceName}.${this.namespace}.svc.${domain}`;
    const masterIds = [...Array(this.masterReplicas).keys()];
    this.masterEndpoints = masterIds.map(i => `${masterHost(i)}:${MASTER_RPC}`);
    const longestHost = masterHost(this.masterReplicas - 1);
    if (longestHost.length > 253) {
      throw propError(owner, 'clusterDomain', domain, `makes the master host name "${longestHost.slice(0, 40)}..." ${longestHost.length} characters long (a DNS name is at most 253)`,
        'use a shorter name, namespace or clusterDomain');
    }

    // --- configuration
    const diskPath = (i: number) => `/mnt/celeborn/disk-${i}`;
    const capacity = diskMib % 1024 === 0 ? `${diskMib / 1024}g` : `${diskMib}m`;
    const conf: Record<string, string> = {
      'celeborn.master.endpoints': this.masterEndpoints.join(','),
      'celeborn.master.ha.enabled': 'true',
      'celeborn.master.ha.ratis.raft.server.storage.dir': '/mnt/celeborn-ratis/ratis',
      'celeborn.master.http.port': `${MASTER_HTTP}`,
      'celeborn.metrics.enabled': 'true',
      // Workers register by DNS name, which survives a pod restart (an IP does not).
      'celeborn.network.bind.preferIpAddress': 'false',
      // Fixed ports (required for graceful shutdown; visible in Services and NetworkPolicies).
      'celeborn.worker.rpc.port': `${WORKER_RPC}`,
      'celeborn.worker.push.port': `${WORKER_PUSH}`,
      'celeborn.worker.fetch.port': `${WORKER_FETCH}`,
      'celeborn.worker.replicate.port': `${WORKER_REPLICATE}`,
      'celeborn.worker.http.port': `${WORKER_HTTP}`,
      'celeborn.worker.graceful.shutdown.enabled': 'true',
      'celeborn.worker.graceful.shutdown.timeout': `${GRACEFUL_SHUTDOWN_SECONDS}s`,
      'celeborn.worker.graceful.shutdown.recoverPath': `${diskPath(0)}/recover`,
      // The device monitor maps dirs to block devices, which a container does not see (as in the Helm chart).
      'celeborn.worker.monitor.disk.enabled': 'false',
      'celeborn.worker.storage.dirs': [...Array(disks).keys()].map(i => `${diskPath(i)}:disktype=SSD:capacity=${capacity}`).join(','),
    };
    for (const i of masterIds) {
      conf[`celeborn.master.ha.node.${i}.host`] = masterHost(i);
      conf[`celeborn.master.ha.node.${i}.port`] = `${MASTER_RPC}`;
      conf[`celeborn.master.ha.node.${i}.ratis.port`] = `${RATIS}`;
    }
    for (const [k, given] of Object.entries(props.configuration ?? {})) {
      const v = String(given);
      if (!k.startsWith('celeborn.')) {
        throw propError(owner, 'configuration key', k, 'must start with "celeborn."', 'give Celeborn settings only (Spark-side settings go in the app\'s sparkConf)');
      }
      if (conf[k] !== undefined) {
        throw propError(owner, keyProp('configuration', k), given, `conflicts with "${conf[k]}" set by the construct`, 'remove the key and use the props instead');
      }
      conf[k] = v;
    }
    // Java properties, as Celeborn loads them (java.util.Properties): escaped, so a value is one entry whatever it holds.
    const defaultsConf = celebornDefaultsConf(conf);

    const labels = (component: string) => recommendedLabels('celeborn', this.name, component, { 'app.kubernetes.io/version': this.version });
    const selector = (component: string) => ({
      'app.kubernetes.io/name': 'celeborn',
      'app.kubernetes.io/instance': this.name,
      'app.kubernetes.io/component': component,
    });
    const meta = (name: string, component: string) => ({ name, namespace: this.namespace, labels: labels(component) });
    const confMap = `${this.name}-conf`;

    new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(confMap, 'config'),
      data: {
        'celeborn-defaults.conf': defaultsConf,
        'log4j2.xml': LOG4J2,
        'metrics.properties': '*.sink.prometheusServlet.class=org.apache.celeborn.common.metrics.sink.PrometheusServlet\n',
      },
    });

    const q = (s: string) => k8s.Quantity.fromString(s);
    const headroom = (jvm: number) => Math.max(512, Math.ceil(jvm * 0.1));
    const masterMem = masterHeap + headroom(masterHeap);
    const workerMem = workerHeap + workerOffHeap + headroom(workerHeap + workerOffHeap);
    const resources = (cpu: CpuCores, mem: number) => ({
      requests: { 'cpu': q(cpu.toQuantity()), 'memory': q(`${mem}Mi`), 'ephemeral-storage': q(`${EPHEMERAL_REQUEST_MIB}Mi`) },
      limits: { 'cpu': q(cpu.toQuantity()), 'memory': q(`${mem}Mi`), 'ephemeral-storage': q(`${EPHEMERAL_LIMIT_MIB}Mi`) },
    });
    const containerSecurity = restrictedContainerSecurityContext({ uid: UID, gid: UID, readOnlyRootFilesystem: false });
    const podSpec = (component: string, container: k8s.Container, grace: number): k8s.PodSpec => ({
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurityContext({ uid: UID, gid: UID, fsGroup: UID, fsGroupChangePolicy: 'OnRootMismatch' }),
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            labelSelector: { matchLabels: selector(component) },
            topologyKey: 'kubernetes.io/hostname',
          }],
        },
        ...rendered[component].affinity,
      },
      nodeSelector: rendered[component].nodeSelector,
      tolerations: rendered[component].tolerations,
      terminationGracePeriodSeconds: grace,
      containers: [container],
      volumes: [{ name: 'conf', configMap: { name: confMap } }],
    });
    // Claim templates are immutable in a StatefulSet: no version label, and their size cannot change later.
    const claim = (name: string, mib: number, component: string): k8s.KubePersistentVolumeClaimProps => ({
      metadata: { name, labels: { ...selector(component), ...MANAGED_BY } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: props.storageClassName,
        resources: { requests: { storage: q(mebibytesToQuantity(mib)) } },
      },
    });
    const port = (name: string, containerPort: number) => ({ name, containerPort, protocol: 'TCP' });

    // --- masters
    const selfName = `$(hostname).${this.masterServiceName}.${this.namespace}.svc.${domain}`;
    const masterScript = [
      // The Raft peer address of this master must resolve before it starts.
      `until getent hosts "${selfName}" >/dev/null; do echo "waiting for ${selfName} in DNS"; sleep 2; done`,
      // The node id is the pod ordinal, as in celeborn.master.ha.node.<id>.host.
      'export CELEBORN_MASTER_JAVA_OPTS="-Dceleborn.master.ha.node.id=${HOSTNAME##*-} ${CELEBORN_MASTER_JAVA_OPTS:-}"',
      'exec /opt/celeborn/sbin/start-master.sh',
    ].join('\n');
    new k8s.KubeService(this, 'MasterService', {
      metadata: meta(this.masterServiceName, 'master'),
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: selector('master'),
        ports: [
          { name: 'rpc', port: MASTER_RPC, targetPort: k8s.IntOrString.fromString('rpc'), protocol: 'TCP' },
          { name: 'ratis', port: RATIS, targetPort: k8s.IntOrString.fromString('ratis'), protocol: 'TCP' },
          { name: 'http', port: MASTER_HTTP, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
        ],
      },
    });
    new k8s.KubeStatefulSet(this, 'Master', {
      metadata: meta(masterSts, 'master'),
      spec: {
        serviceName: this.masterServiceName,
        replicas: this.masterReplicas,
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector('master') },
        template: {
          metadata: { labels: labels('master') },
          spec: podSpec('master', {
            name: 'master',
            image: this.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['/usr/bin/tini', '--', '/bin/sh', '-c', masterScript],
            env: [
              { name: 'CELEBORN_MASTER_MEMORY', value: `${masterHeap}m` },
              { name: 'CELEBORN_NO_DAEMONIZE', value: '1' },
            ],
            ports: [port('rpc', MASTER_RPC), port('ratis', RATIS), port('http', MASTER_HTTP)],
            readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('rpc') }, initialDelaySeconds: 10, periodSeconds: 10 },
            resources: resources(masterCpu, masterMem),
            securityContext: containerSecurity,
            volumeMounts: [
              { name: 'conf', mountPath: '/opt/celeborn/conf', readOnly: true },
              { name: 'ratis', mountPath: '/mnt/celeborn-ratis' },
            ],
          }, 30),
        },
        volumeClaimTemplates: [claim('ratis', ratisMib, 'master')],
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'MasterDisruptionBudget', {
      metadata: meta(masterSts, 'master'),
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector('master') } },
    });

    // --- workers
    const workerPorts: Array<[string, number]> = [
      ['rpc', WORKER_RPC], ['push', WORKER_PUSH], ['fetch', WORKER_FETCH], ['replicate', WORKER_REPLICATE], ['http', WORKER_HTTP],
    ];
    new k8s.KubeService(this, 'WorkerService', {
      metadata: meta(this.workerServiceName, 'worker'),
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: selector('worker'),
        ports: workerPorts.map(([name, p]) => ({ name, port: p, targetPort: k8s.IntOrString.fromString(name), protocol: 'TCP' })),
      },
    });
    const diskNames = [...Array(disks).keys()].map(i => `disk-${i}`);
    new k8s.KubeStatefulSet(this, 'Worker', {
      metadata: meta(workerSts, 'worker'),
      spec: {
        serviceName: this.workerServiceName,
        replicas: this.workerReplicas,
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector('worker') },
        template: {
          metadata: { labels: labels('worker') },
          spec: podSpec('worker', {
            name: 'worker',
            image: this.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['/usr/bin/tini', '--', '/opt/celeborn/sbin/start-worker.sh'],
            env: [
              { name: 'CELEBORN_NO_DAEMONIZE', value: '1' },
              { name: 'CELEBORN_WORKER_MEMORY', value: `${workerHeap}m` },
              { name: 'CELEBORN_WORKER_OFFHEAP_MEMORY', value: `${workerOffHeap}m` },
            ],
            ports: workerPorts.map(([name, p]) => port(name, p)),
            readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('rpc') }, initialDelaySeconds: 10, periodSeconds: 10 },
            resources: resources(workerCpu, workerMem),
            securityContext: containerSecurity,
            volumeMounts: [
              { name: 'conf', mountPath: '/opt/celeborn/conf', readOnly: true },
              ...diskNames.map((d, i) => ({ name: d, mountPath: diskPath(i) })),
            ],
          }, GRACEFUL_SHUTDOWN_SECONDS + 30),
        },
        volumeClaimTemplates: diskNames.map(d => claim(d, diskMib, 'worker')),
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'WorkerDisruptionBudget', {
      metadata: meta(workerSts, 'worker'),
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector('worker') } },
    });

    // --- capacity figures: one entry per pod
    const pod = (cpu: CpuCores, heap: number, offHeap: number, mem: number, claims: Array<[string, number]>): PodResources => ({
      role: SparkRole.EXECUTOR,
      cpuRequestMillis: cpu.millicores,
      cpuLimitMillis: cpu.millicores,
      heapMebibytes: heap,
      overheadMebibytes: mem - heap - offHeap,
      offHeapMebibytes: offHeap,
      pysparkMebibytes: 0,
      memoryRequestMebibytes: mem,
      memoryLimitMebibytes: mem,
      extendedResources: {},
      ephemeralStorageRequestMebibytes: EPHEMERAL_REQUEST_MIB,
      ephemeralStorageLimitMebibytes: EPHEMERAL_LIMIT_MIB,
      onDemandClaims: claims.map(([volumeName, sizeMebibytes]) => ({ volumeName, storageClass: props.storageClassName, sizeMebibytes })),
    });
    this.pods = [
      ...masterIds.map(() => pod(masterCpu, masterHeap, 0, masterMem, [['ratis', ratisMib]])),
      ...[...Array(this.workerReplicas).keys()].map(() =>
        pod(workerCpu, workerHeap, workerOffHeap, workerMem, diskNames.map(d => [d, diskMib] as [string, number]))),
    ];

    if (props.sparkNamespace) {
      props.sparkNamespace.registerWorkload(`celeborn-${this.name}`, this.podResources());
      this.addNetworkPolicies(labels);
    }
    const masterPod = this.pods[0];
    const workerPod = this.pods[this.masterReplicas];
    registerPlacedPods(this, () => [
      { owner, what: 'master', fix: 'placement: { masters: pool }', placement: placements.master, pod: masterPod },
      { owner, what: 'worker', fix: 'placement: { workers: pool }', placement: placements.worker, pod: workerPod },
    ]);
    printWarningsOnSynth(this);
  }

  /**
   * What each Celeborn pod requests, masters first, in the shape of the Spark pod figures (role
   * EXECUTOR: they are long-running pods with no driver role; heap, off-heap and the JVM headroom
   * as overhead; Raft log and data disk claims as per-pod claims). Counted in the SparkNamespace's
   * capacity report when one is given.
   */
  public podResources(): PodResources[] {
    return [...this.pods];
  }

  /**
   * Behind the SparkNamespace's default-deny policy: Celeborn pods reach each other and DNS, and
   * Spark pods of any namespace reach the masters' RPC port and the workers' push, fetch and RPC
   * ports. (Spark pods whose namespace restricts egress also need an egress rule to these pods.)
   */
  /** Whether an app on the Stackable back-end uses this cluster (its conf names these masters). */
  private servesStackableApps(): boolean {
    const endpoints = this.masterEndpoints.join(',');
    return appsOf(this.node.root).some(a => backendNameOf(a) === 'stackable' && a.sparkConfValue('spark.celeborn.master.endpoints') === endpoints);
  }

  private addNetworkPolicies(labels: (c: string) => Record<string, string>) {
    const celeborn = { matchLabels: { 'app.kubernetes.io/name': 'celeborn', 'app.kubernetes.io/instance': this.name } };
    // Drivers of Stackable apps carry the operator's managed-by label: with such clients, either value.
    const spark = Lazy.any({ produce: () => sparkPodsSelector(this.servesStackableApps(), { 'app.kubernetes.io/name': 'spark' }) });
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: `${this.name}-celeborn`, namespace: this.namespace, labels: labels('network-policy') },
      spec: {
        podSelector: celeborn,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: celeborn }] },
          {
            from: [{ namespaceSelector: {}, podSelector: spark as k8s.LabelSelector }],
            ports: [MASTER_RPC, WORKER_RPC, WORKER_PUSH, WORKER_FETCH].map(tcpPort),
          },
        ],
        egress: [
          { to: [{ podSelector: celeborn }] },
          dnsEgressRule(),
        ],
      },
    });
  }
}

function requireWhole(owner: string, prop: string, v: number, min: number, fix: string) {
  if (!Number.isInteger(v) || v < min) {
    throw propError(owner, prop, v, `must be a whole number of at least ${min}`, fix);
  }
}

function jvmMib(owner: string, prop: string, s: Size): number {
  const mib = sizeToMebibytes(owner, prop, s);
  if (mib < 256) throw propError(owner, prop, s, 'must be at least 256 MiB', 'use e.g. Size.gibibytes(2)');
  return mib;
}

