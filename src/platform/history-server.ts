import { Chart, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EventLogCompressionCodec, EventLogStore, ISparkHistoryServer, SparkHistoryServerProps } from './history-server-props';
import { CLAIM_MOUNT_PATH, SPARK_HISTORY_SERVER_PROPS_SHAPE } from './history-server-shapes';
import { onPool, registerPlacedPods } from './node-pool-checks';
import { SPARK_APP } from './platform-shapes';
import { renderUiIngress, renderUiNetworkPolicy, resolveUiIngress, ResolvedUiIngress, uiProxySettings, uiUrl } from './ui-ingress-render';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkNamespace } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { recommendedLabels } from '../core/labels';
import { renderPlacement, validateToleration } from '../core/placement';
import { SparkVolume } from '../core/pod';
import { propertiesFile } from '../core/properties-file';
import { CpuCores, PodResources, SparkRole } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { ImagePullPolicy, SparkPods } from '../core/types';
import { dns1035Problem, dns1123LabelProblem, nameFromId, sizeToMebibytes, sortedMap } from '../core/util';
import { SparkVersion } from '../core/versions';
import { addWarning, printWarningsOnSynth } from '../core/warn';

export * from './history-server-props';
export * from './ui-ingress-options';

const UI_PORT = 18080;
const UID = 185;
const CONF_DIR = '/opt/spark/history-conf';
const STORE_DIR = '/var/cache/spark-history';

/**
 * A Spark History Server that serves the UIs of finished (and running) apps from their event logs.
 *
 * Defines a Deployment (one replica, Pod Security "restricted": uid 185, no privilege escalation,
 * capabilities dropped, RuntimeDefault seccomp, read-only root file system; CPU and memory
 * requests equal to limits; readiness and liveness probes on the REST API `/api/v1/version`), a
 * ServiceAccount without API token (annotated for a cloud identity when the store asks for one),
 * a ConfigMap with `spark-defaults.conf`, a Service on port 18080 and, with `ingress`, an Ingress
 * (and, in a SparkNamespace, a NetworkPolicy letting the ingress controller's namespace in).
 *
 * The cleaner is on by default (7 days, 1000 logs). Apps bound to the server (`historyServer`
 * prop, or `features: [server]`) get its event-log dir, rolling event logs
 * (`spark.eventLog.rolling.*`, Spark 3.0+) and compression; an app that sets another event-log dir
 * is an error.
 *
 * @see https://spark.apache.org/docs/latest/monitoring.html#viewing-after-the-fact
 */
export class SparkHistoryServer extends Construct implements ISparkHistoryServer {
  /** Name of the Deployment, Service and ConfigMap. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Spark version. */
  public readonly sparkVersion: SparkVersion;
  /** Container image. */
  public readonly image: string;
  /** The event-log directory apps write to and the server reads. */
  public readonly eventLogDir: string;
  /** The store. */
  public readonly store: EventLogStore;
  /** Name of the Service (port 18080). */
  public readonly serviceName: string;
  /** What the feature is, for conflict messages. */
  public readonly featureName: string;
  /** URL of the UI through the Ingress, if there is one. */
  public readonly url?: string;

  private readonly owner: string;
  private readonly pod: PodResources;
  private readonly rollingMib: number;
  private readonly codec: EventLogCompressionCodec;

  constructor(scope: Construct, id: string, props: SparkHistoryServerProps) {
    super(scope, id);
    this.owner = constructLabel('SparkHistoryServer', this);
    const owner = this.owner;
    checkProps({ owner, scope: this }, props, 'SparkHistoryServerProps', SPARK_HISTORY_SERVER_PROPS_SHAPE);
    this.featureName = `SparkHistoryServer ${id}`;
    this.name = props.name ?? nameFromId(id);
    const nameProblem = dns1035Problem(this.name, 50);
    if (nameProblem) {
      throw propError(owner, 'name', this.name, `${nameProblem} (the Deployment's pods are named <name>-<hash>-<suffix>)`, 'use a DNS-1035 label of at most 50 characters, e.g. "spark-history"');
    }
    this.namespace = props.sparkNamespace?.namespaceName ?? props.namespace ?? Chart.of(this).namespace ?? 'default';
    const nsProblem = dns1123LabelProblem(this.namespace);
    if (nsProblem) {
      throw propError(owner, props.sparkNamespace ? 'sparkNamespace' : 'namespace', this.namespace, nsProblem, 'run the server in a valid namespace, e.g. "spark-history"');
    }
    this.sparkVersion = props.sparkVersion;
    this.image = props.image ?? `apache/spark:${this.sparkVersion.version}`;
    validateHistoryImage(owner, this.image, this.sparkVersion);
    this.store = props.store;
    this.eventLogDir = this.store.uri;
    this.serviceName = this.name;
    this.codec = props.compressionCodec ?? EventLogCompressionCodec.ZSTD;
    this.rollingMib = sizeToMebibytes(owner, 'rollingMaxFileSize', props.rollingMaxFileSize ?? Size.mebibytes(128));
    (props.tolerations ?? []).forEach((t, i) => validateToleration(owner, `tolerations[${i}]`, t));
    const placement = onPool(owner, 'nodePool', props.nodePool, props);

    const heap = sizeToMebibytes(owner, 'memory', props.memory ?? Size.gibibytes(2));
    if (heap < 512) throw propError(owner, 'memory', props.memory, 'must be at least 512 MiB (the server keeps application listings in its heap)', 'use e.g. Size.gibibytes(2)');
    const memory = heap + Math.max(512, Math.ceil(heap * 0.25));
    const cpu = props.cpu ?? CpuCores.of(1);
    const storeMib = sizeToMebibytes(owner, 'localStoreSize', props.localStoreSize ?? Size.gibibytes(10));
    if (storeMib < 1024) throw propError(owner, 'localStoreSize', props.localStoreSize, 'must be at least 1024 MiB', 'use e.g. Size.gibibytes(10)');
    const tmpMib = 256;

    const ingress = props.ingress ? resolveUiIngress(owner, 'ingress', props.ingress, '/') : undefined;
    this.url = ingress ? uiUrl(ingress) : undefined;

    // --- spark-defaults.conf of the server
    const conf: Record<string, string> = {
      'spark.history.fs.logDirectory': this.eventLogDir,
      'spark.history.ui.port': `${UI_PORT}`,
      'spark.history.store.path': STORE_DIR,
      // Spark's own cap on the cache, below the emptyDir's size limit (the kubelet evicts above it).
      'spark.history.store.maxDiskUsage': `${Math.floor(storeMib * 0.9)}m`,
      'spark.history.fs.cleaner.enabled': `${props.cleaner ?? true}`,
    };
    if (props.cleaner ?? true) {
      conf['spark.history.fs.cleaner.maxAge'] = sparkDuration(owner, 'cleanerMaxAge', props.cleanerMaxAge ?? Duration.days(7));
      conf['spark.history.fs.cleaner.interval'] = sparkDuration(owner, 'cleanerInterval', props.cleanerInterval ?? Duration.days(1));
      conf['spark.history.fs.cleaner.maxNum'] = `${props.cleanerMaxFiles ?? 1000}`;
    } else {
      for (const p of ['cleanerMaxAge', 'cleanerInterval', 'cleanerMaxFiles'] as const) {
        if (props[p] !== undefined) throw propError(owner, p, props[p], 'has no effect with cleaner false', `drop ${p}, or turn the cleaner on`);
      }
    }
    const env: k8s.EnvVar[] = [
      { name: 'SPARK_DAEMON_MEMORY', value: `${heap}m` },
      // Logs to the console (the image's default log4j2 configuration), never to files in the pod.
      { name: 'SPARK_NO_DAEMONIZE', value: 'true' },
    ];
    const proxy = ingress ? uiProxySettings(ingress) : [];
    if (proxy.length) {
      // The server reads the proxy base as a JVM system property (UIUtils.uiRoot), not from its conf.
      env.push({ name: 'SPARK_HISTORY_OPTS', value: proxy.map(([k, v]) => `-D${k}=${v}`).join(' ') });
    }
    const mounts: k8s.VolumeMount[] = [
      { name: 'conf', mountPath: CONF_DIR, readOnly: true },
      { name: 'store', mountPath: STORE_DIR },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    const volumes: k8s.Volume[] = [
      { name: 'conf', configMap: { name: `${this.name}-conf` } },
      { name: 'store', emptyDir: { sizeLimit: k8s.Quantity.fromString(`${storeMib}Mi`) } },
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(`${tmpMib}Mi`) } },
    ];
    let serviceAccountAnnotations: Record<string, string> | undefined;
    const s3 = this.store.s3Options;
    if (s3) {
      if (s3.endpoint) conf[`spark.hadoop.fs.s3a.bucket.${this.store.bucket}.endpoint`] = s3.endpoint;
      if (s3.pathStyleAccess !== undefined) conf[`spark.hadoop.fs.s3a.bucket.${this.store.bucket}.path.style.access`] = `${s3.pathStyleAccess}`;
      if (s3.credentialsSecret) {
        env.push({ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: s3.credentialsSecret, key: s3.accessKeyIdKey ?? 'access-key-id' } } });
        env.push({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: s3.credentialsSecret, key: s3.secretAccessKeyKey ?? 'secret-access-key' } } });
      }
      serviceAccountAnnotations = s3.serviceAccountAnnotations;
      if (/^(docker\.io\/)?apache\/spark(-py|-r)?:/.test(this.image)) {
        addWarning(this, `image "${this.image}" is the stock Apache Spark image, which has no S3A connector: the server cannot read ${this.eventLogDir}; use an image with hadoop-aws and the AWS SDK bundle in /opt/spark/jars`, 'history-server-s3a-jars');
      }
    } else {
      const claim = this.store.claimOptions!;
      mounts.push({ name: 'events', mountPath: CLAIM_MOUNT_PATH, subPath: claim.subPath });
      volumes.push({ name: 'events', persistentVolumeClaim: { claimName: claim.claimName } });
    }

    const labels = (component: string) => recommendedLabels('spark-history-server', this.name, component, { 'app.kubernetes.io/version': this.sparkVersion.version });
    const selector = { 'app.kubernetes.io/name': 'spark-history-server', 'app.kubernetes.io/instance': this.name };
    const meta = (name: string, component: string) => ({ name, namespace: this.namespace, labels: labels(component) });

    new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(`${this.name}-conf`, 'config'),
      data: { 'spark-defaults.conf': propertiesFile(conf) },
    });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { ...meta(this.name, 'service-account'), annotations: sortedMap(serviceAccountAnnotations) },
      automountServiceAccountToken: false,
    });

    const q = (s: string) => k8s.Quantity.fromString(s);
    const probe = (initialDelaySeconds: number, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: '/api/v1/version', port: k8s.IntOrString.fromString('http') },
      initialDelaySeconds,
      periodSeconds,
      timeoutSeconds: 5,
      failureThreshold,
    });
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: meta(this.name, 'history-server'),
      spec: {
        replicas: 1,
        // One replica with its own cache: replace it rather than run two side by side.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: labels('history-server') },
          spec: {
            serviceAccountName: this.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext({ uid: UID, gid: UID, fsGroup: UID, fsGroupChangePolicy: 'OnRootMismatch' }),
            ...renderPlacement(placement),
            containers: [{
              name: 'history-server',
              image: this.image,
              imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
              // The image's entrypoint runs any other command as given (under tini).
              args: ['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.history.HistoryServer', '--properties-file', `${CONF_DIR}/spark-defaults.conf`],
              env,
              ports: [{ name: 'http', containerPort: UI_PORT, protocol: 'TCP' }],
              readinessProbe: probe(10, 10, 3),
              // Parsing a large log directory at start takes a while: liveness starts late and tolerates a slow API.
              livenessProbe: probe(60, 30, 5),
              resources: {
                requests: { 'cpu': q(cpu.toQuantity()), 'memory': q(`${memory}Mi`), 'ephemeral-storage': q(`${storeMib + tmpMib}Mi`) },
                limits: { 'cpu': q(cpu.toQuantity()), 'memory': q(`${memory}Mi`), 'ephemeral-storage': q(`${storeMib + tmpMib}Mi`) },
              },
              securityContext: restrictedContainerSecurityContext({ uid: UID, gid: UID, readOnlyRootFilesystem: true }),
              volumeMounts: mounts,
            }],
            volumes,
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: meta(this.serviceName, 'history-server'),
      spec: {
        selector,
        ports: [{ name: 'http', port: UI_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });
    if (ingress) this.addIngress(ingress, meta, selector, props.sparkNamespace);

    this.pod = {
      role: SparkRole.EXECUTOR,
      cpuRequestMillis: cpu.millicores,
      cpuLimitMillis: cpu.millicores,
      heapMebibytes: heap,
      overheadMebibytes: memory - heap,
      offHeapMebibytes: 0,
      pysparkMebibytes: 0,
      memoryRequestMebibytes: memory,
      memoryLimitMebibytes: memory,
      extendedResources: {},
      ephemeralStorageRequestMebibytes: storeMib + tmpMib,
      ephemeralStorageLimitMebibytes: storeMib + tmpMib,
      onDemandClaims: [],
    };
    props.sparkNamespace?.registerWorkload(`history-server-${this.name}`, [this.pod]);
    registerPlacedPods(this, () => [{ owner, what: 'history server', fix: 'nodePool: pool', placement, pod: this.pod }]);
    printWarningsOnSynth(this);
  }

  /**
   * What the server's pod requests, in the shape of the Spark pod figures (counted in the
   * SparkNamespace's capacity report when one is given).
   */
  public podResources(): PodResources[] {
    return [{ ...this.pod }];
  }

  /**
   * Binds an app: sets `spark.eventLog.enabled`, `spark.eventLog.dir` (the server's), rolling
   * event logs with the server's maximum file size, and compression; for a claim store, mounts the
   * claim into the driver. An app that already has another event-log dir is an error.
   *
   * @param app the application
   */
  public bind(app: ISparkApp): void {
    SPARK_APP.verify({ owner: this.owner }, 'bind app', app);
    const appOwner = constructLabel('SparkApp', app);
    const key = 'spark.eventLog.dir';
    const current = app.sparkConfValue(key);
    if (current !== undefined && current.replace(/\/+$/, '') !== this.eventLogDir) {
      const source = app.sparkConfSource(key) ?? 'sparkConf';
      const prop = source.startsWith('prop ') ? source.slice(5) : source === 'sparkConf' ? `sparkConf["${key}"]` : `${key} (set by ${source})`;
      throw propError(appOwner, prop, current, `is not the event-log dir ${JSON.stringify(this.eventLogDir)} of its history server ${this.featureName}, which would never show the app`,
        'drop it (binding the history server sets it), or bind the app to a history server that reads that dir');
    }
    if (app.sparkVersion.isAtLeast(`${this.sparkVersion.major}.${this.sparkVersion.minor + 1}`)) {
      addWarning(app, `Spark ${app.sparkVersion.version} is newer than its history server ${this.featureName} (Spark ${this.sparkVersion.version}), which may not read every event of its logs; run the server at the newest Spark line of its apps`, 'history-server-older-than-app');
    }
    if (this.store.claimOptions) {
      if (app.namespace !== this.namespace) {
        throw propError(appOwner, 'historyServer', this.featureName, `keeps event logs on claim "${this.store.claimOptions.claimName}" in namespace ${this.namespace}, which a driver in namespace ${app.namespace} cannot mount`,
          'run the app in the server\'s namespace, or use EventLogStore.objectStore(...)');
      }
      const volume = SparkVolume.persistentVolumeClaim('spark-events', this.store.claimOptions.claimName);
      app.addVolumeMount(SparkPods.DRIVER, { volume, path: CLAIM_MOUNT_PATH, subPath: this.store.claimOptions.subPath }, this.featureName);
    }
    const s3 = this.store.s3Options;
    if (s3?.endpoint) app.addSparkConf(`spark.hadoop.fs.s3a.bucket.${this.store.bucket}.endpoint`, s3.endpoint, this.featureName);
    if (s3?.pathStyleAccess !== undefined) app.addSparkConf(`spark.hadoop.fs.s3a.bucket.${this.store.bucket}.path.style.access`, `${s3.pathStyleAccess}`, this.featureName);
    app.addSparkConf('spark.eventLog.enabled', 'true', this.featureName);
    if (current === undefined) app.addSparkConf(key, this.eventLogDir, this.featureName);
    app.addSparkConf('spark.eventLog.rolling.enabled', 'true', this.featureName);
    app.addSparkConf('spark.eventLog.rolling.maxFileSize', `${this.rollingMib}m`, this.featureName);
    app.addSparkConf('spark.eventLog.compress', 'true', this.featureName);
    app.addSparkConf('spark.eventLog.compression.codec', this.codec, this.featureName);
  }

  private addIngress(ingress: ResolvedUiIngress, meta: (n: string, c: string) => { name: string; namespace: string; labels: Record<string, string> },
    selector: Record<string, string>, ns: ISparkNamespace | undefined) {
    renderUiIngress(this, 'Ingress', ingress, meta(this.name, 'ingress'), this.serviceName, UI_PORT);
    if (ns) renderUiNetworkPolicy(this, 'IngressNetworkPolicy', ingress, meta(`${this.name}-from-ingress`, 'network-policy'), selector, UI_PORT);
  }
}

/** A Duration as Spark reads a time conf: whole seconds, or whole minutes/hours/days when exact. */
function sparkDuration(owner: string, prop: string, d: Duration): string {
  const s = d.toMilliseconds() / 1000;
  if (!Number.isInteger(s) || s < 1) throw propError(owner, prop, d, 'must be whole seconds of at least 1', 'use e.g. Duration.days(7)');
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}min`;
  return `${s}s`;
}

/** The image must be pinned, and an image named for a Spark release must be this one. */
function validateHistoryImage(owner: string, image: string, version: SparkVersion) {
  const example = `apache/spark:${version.version}`;
  const ref = image.split('@')[0];
  const colon = ref.lastIndexOf(':');
  const tag = colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
  if (/\s/.test(image) || image === '' || (!image.includes('@') && (tag === undefined || tag === 'latest'))) {
    throw propError(owner, 'image', image, 'must be pinned to a tag or digest (not latest)', `use e.g. ${example}`);
  }
  const repo = colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const named = /^spark(?:-py|-r)?$/.test(name) ? /^v?(\d+\.\d+\.\d+)(?![.\d])/.exec(tag ?? '')?.[1] : /(?:^|[^a-z0-9])spark[-_]?v?(\d+\.\d+\.\d+)(?![.\d])/i.exec(`${name}:${tag ?? ''}`)?.[1];
  if (named !== undefined && named !== version.version) {
    throw propError(owner, 'image', image, `is tagged for Spark ${named} but sparkVersion is ${version.version}`,
      `use an image of the same Spark version, or set sparkVersion to SparkVersion.of('${named}')`);
  }
}
