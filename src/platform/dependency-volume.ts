import { Chart, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DependencyAccessMode, DependencyVolumeProps } from './dependency-volume-props';
import { onPool, registerPlacedPods } from './node-pool-checks';
import { DEPENDENCY_VOLUME_PROPS_SHAPE, SPARK_APP } from './platform-shapes';
import { absolutePath, checkProps } from '../core/check';
import { ISparkApp, ISparkNamespace } from '../core/contracts';
import { propError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { dnsEgressRule, tcpPort } from '../core/network';
import { renderPlacement } from '../core/placement';
import { SparkVolume } from '../core/pod';
import { PodResources, SparkRole } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { SparkPods } from '../core/types';
import { dns1123LabelProblem, nameFromId, sizeToMebibytes } from '../core/util';
import { addWarning, printWarningsOnSynth } from '../core/warn';

export * from './dependency-volume-props';

/** The fill Job's container resources (request, limit) in millicores and MiB. */
const FILL_CPU = { request: 100, limit: 500 };
const FILL_MEMORY = { request: 64, limit: 128 };
const FILL_EPHEMERAL_MIB = 64;
/** Kubernetes puts a Job's name into a label of its pods: at most 63 characters. */
const JOB_SUFFIX = '-fill';

/** A string as one single-quoted shell word (a `'` inside becomes `'\''`). */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * A PersistentVolumeClaim filled with an application's dependencies by a Job, for jars that must
 * be on the classpath before Spark starts (e.g. the S3A connector that fetches everything else).
 *
 * Defines a PersistentVolumeClaim and a Job that downloads each file with curl (restricted security
 * context, retries, fails on HTTP errors). `mountInto(app)` mounts it read-only into the driver and
 * executors and puts its `jars/` folder on their class path.
 *
 * When the app runs in a SparkNamespace, `mountInto` also makes the namespace count the claim and
 * the fill Job's pod in its capacity check (claim quota, storage, LimitRange maximums), and, since
 * the namespace denies egress by default, lets the fill Job reach the download URLs' ports (a
 * NetworkPolicy matches addresses, not host names, so any address on those ports) and DNS.
 */
export class DependencyVolume extends Construct {
  /** Name of the claim. */
  public readonly claimName: string;
  /** Namespace of the claim. */
  public readonly namespace: string;
  private readonly owner: string;
  private readonly storageClassName?: string;
  private readonly sizeMebibytes: number;
  private readonly ports: number[];
  private readonly podLabels: { [key: string]: string };
  private readonly registeredWith = new Set<ISparkNamespace>();

  constructor(scope: Construct, id: string, props: DependencyVolumeProps) {
    super(scope, id);
    const owner = `DependencyVolume ${id}`;
    this.owner = owner;
    checkProps({ owner, scope: this }, props, 'DependencyVolumeProps', DEPENDENCY_VOLUME_PROPS_SHAPE);
    this.claimName = props.name ?? nameFromId(id);
    const problem = dns1123LabelProblem(this.claimName);
    if (problem) throw propError(owner, 'name', this.claimName, `${problem} (it names the claim and the Job)`, 'use a name such as "spark-deps"');
    const jobName = `${this.claimName}${JOB_SUFFIX}`;
    if (jobName.length > 63) {
      throw propError(owner, 'name', this.claimName, `gives the fill Job the name "${jobName}" of ${jobName.length} characters, and a Job name is at most 63 (Kubernetes puts it in a label of the Job's pods)`,
        `use a name of at most ${63 - JOB_SUFFIX.length} characters`);
    }
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    const nsProblem = props.namespace === undefined ? dns1123LabelProblem(this.namespace) : undefined;
    if (nsProblem) throw propError(owner, 'namespace', this.namespace, `(the chart's namespace) ${nsProblem}`, 'give the chart a valid namespace, or set namespace');
    if (props.downloads.length === 0) {
      throw propError(owner, 'downloads', props.downloads, 'must list at least one file', 'list the files to download as { url, path } entries');
    }
    const paths = new Map<string, number>();
    const ports = new Set<number>();
    props.downloads.forEach((d, i) => {
      ports.add(this.checkUrl(`downloads[${i}].url`, d.url));
      if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(d.path) || d.path.split('/').some(x => x === '.' || x === '..')) {
        throw propError(owner, `downloads[${i}].path`, d.path, 'must be a relative path of letters, digits, ".", "_" and "-" (no "." or ".." elements)', 'use e.g. jars/hadoop-aws-3.3.4.jar');
      }
      const first = paths.get(d.path);
      if (first !== undefined) {
        throw propError(owner, `downloads[${i}].path`, d.path, `is listed twice (also downloads[${first}].path)`, 'download each file once, or give it another path');
      }
      paths.set(d.path, i);
    });
    this.ports = [...ports].sort((x, y) => x - y);
    this.sizeMebibytes = sizeToMebibytes(owner, 'size', props.size ?? Size.gibibytes(1));
    this.storageClassName = props.storageClassName;
    const labels = { 'app.kubernetes.io/name': 'spark-dependencies', 'app.kubernetes.io/instance': this.claimName, ...MANAGED_BY };
    this.podLabels = labels;

    new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimName, namespace: this.namespace, labels },
      spec: {
        accessModes: [props.accessMode ?? DependencyAccessMode.READ_WRITE_MANY],
        storageClassName: props.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(`${this.sizeMebibytes}Mi`) } },
      },
    });

    // Paths are plain words (checked above); URLs are single-quoted shell words.
    const script = ['set -eu', ...props.downloads.map(d => {
      const dir = d.path.includes('/') ? d.path.slice(0, d.path.lastIndexOf('/')) : '.';
      return `mkdir -p /deps/${dir} && curl -fsSL --retry 5 --retry-delay 5 -o /deps/${d.path}.part ${shellQuote(d.url)} && mv /deps/${d.path}.part /deps/${d.path}`;
    })].join('\n');

    const q = (x: string) => k8s.Quantity.fromString(x);
    const placement = onPool(owner, 'nodePool', props.nodePool, {});
    new k8s.KubeJob(this, 'Job', {
      metadata: { name: jobName, namespace: this.namespace, labels },
      spec: {
        backoffLimit: 4,
        activeDeadlineSeconds: Duration.minutes(30).toSeconds(),
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext({ uid: 185, gid: 185, fsGroup: 185 }),
            ...renderPlacement(placement),
            containers: [{
              name: 'download',
              image: props.image ?? 'curlimages/curl:8.11.1',
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', script],
              resources: {
                requests: { 'cpu': q(`${FILL_CPU.request}m`), 'memory': q(`${FILL_MEMORY.request}Mi`), 'ephemeral-storage': q(`${FILL_EPHEMERAL_MIB}Mi`) },
                limits: { 'cpu': q(`${FILL_CPU.limit}m`), 'memory': q(`${FILL_MEMORY.limit}Mi`), 'ephemeral-storage': q(`${FILL_EPHEMERAL_MIB}Mi`) },
              },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'deps', mountPath: '/deps' }],
            }],
            volumes: [{ name: 'deps', persistentVolumeClaim: { claimName: this.claimName } }],
          },
        },
      },
    });
    registerPlacedPods(this, () => [{ owner, what: 'fill Job', fix: 'nodePool: pool', placement, pod: this.podResources()[0] }]);
    printWarningsOnSynth(this);
  }

  /**
   * What the fill Job's pod requests, with the claim it mounts, in the shape of the Spark pod
   * figures (heap and off-heap 0, the memory limit as overhead). A SparkNamespace the volume is
   * used in counts it (see `mountInto`).
   */
  public podResources(): PodResources[] {
    return [{
      role: SparkRole.EXECUTOR,
      cpuRequestMillis: FILL_CPU.request,
      cpuLimitMillis: FILL_CPU.limit,
      heapMebibytes: 0,
      overheadMebibytes: FILL_MEMORY.limit,
      offHeapMebibytes: 0,
      pysparkMebibytes: 0,
      memoryRequestMebibytes: FILL_MEMORY.request,
      memoryLimitMebibytes: FILL_MEMORY.limit,
      extendedResources: {},
      ephemeralStorageRequestMebibytes: FILL_EPHEMERAL_MIB,
      ephemeralStorageLimitMebibytes: FILL_EPHEMERAL_MIB,
      // Without a storage class the cluster's default class takes the claim; its name is not known here.
      onDemandClaims: [{ volumeName: 'deps', storageClass: this.storageClassName ?? '(default)', sizeMebibytes: this.sizeMebibytes }],
    }];
  }

  /**
   * Mounts the volume read-only into the app's driver and executors at `path` and adds
   * `<path>/jars/*` to their class path. When the app runs in a SparkNamespace, the namespace
   * counts the claim and the fill Job (once), and the fill Job may reach the download URLs.
   *
   * @param app the app (must run in the same namespace)
   * @param path mount path
   * @default path "/dependencies"
   */
  public mountInto(app: ISparkApp, path?: string): void {
    SPARK_APP.verify({ owner: this.owner }, 'mountInto app', app);
    if (path !== undefined) absolutePath().verify({ owner: this.owner }, 'mountInto path', path);
    if (app.namespace !== this.namespace) {
      throw propError(this.owner, 'namespace', this.namespace,
        `differs from namespace "${app.namespace}" of app ${app.name}, and a pod can only mount claims of its own namespace`,
        `create the DependencyVolume in namespace "${app.namespace}", or run the app in "${this.namespace}"`);
    }
    const mountPath = path ?? '/dependencies';
    const volume = SparkVolume.persistentVolumeClaim(this.claimName, this.claimName, true);
    const source = `DependencyVolume ${this.node.id}`;
    app.addVolumeMount(SparkPods.ALL, { volume, path: mountPath, readOnly: true }, source);
    app.addSparkConfListEntries('spark.driver.extraClassPath', [`${mountPath}/jars/*`], source);
    app.addSparkConfListEntries('spark.executor.extraClassPath', [`${mountPath}/jars/*`], source);
    if (app.sparkNamespace) this.joinNamespace(app.sparkNamespace);
  }

  /** Counts the claim and the fill Job in the namespace, and opens the fill Job's egress when the namespace denies it. */
  private joinNamespace(ns: ISparkNamespace): void {
    if (this.registeredWith.has(ns)) return;
    this.registeredWith.add(ns);
    ns.registerWorkload(`dependencies-${this.claimName}`, this.podResources());
    if (!ns.restrictsEgress) return;
    new k8s.KubeNetworkPolicy(this, 'FillEgress', {
      metadata: { name: `${this.claimName}${JOB_SUFFIX}-egress`, namespace: this.namespace, labels: this.podLabels },
      spec: {
        podSelector: { matchLabels: this.podLabels },
        policyTypes: ['Egress'],
        // NetworkPolicy matches addresses, not host names: any address, on the URLs' ports only.
        egress: [dnsEgressRule(), { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: this.ports.map(tcpPort) }],
      },
    });
  }

  /** Checks a download URL as curl will fetch it and returns its port. */
  private checkUrl(prop: string, url: string): number {
    if (/[\s\u0000-\u001f\u007f]/.test(url)) {
      throw propError(this.owner, prop, url, 'contains whitespace or a control character', 'percent-encode it (a space is %20)');
    }
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      u = undefined as any;
    }
    if (!u || u.protocol !== 'https:' || !u.hostname) {
      throw propError(this.owner, prop, url, 'must be an https:// URL', 'use e.g. https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar');
    }
    if (u.username || u.password) {
      addWarning(this, `${prop} has a user name or password in the URL, which ends up in plain text in the Job; download from a location that needs no credentials`, 'credential-in-url');
    }
    const port = u.port ? Number(u.port) : 443;
    if (port < 1) throw propError(this.owner, prop, url, `has port ${port}`, 'use a port from 1 to 65535, or none for 443');
    return port;
  }
}
