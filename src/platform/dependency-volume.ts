import { Chart, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ISparkApp } from '../core/contracts';
import { constructError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { SparkVolume } from '../core/pod';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { SparkPods } from '../core/types';
import { dns1123LabelProblem, nameFromId, sizeToMebibytes } from '../core/util';

/** A file the dependency Job downloads into the volume. */
export interface DependencyDownload {
  /** `https://` URL of the file (e.g. a jar on Maven Central). */
  readonly url: string;
  /** Path relative to the volume root, e.g. `jars/hadoop-aws-3.3.4.jar`. */
  readonly path: string;
}

/** Access mode of the dependency claim. */
export enum DependencyAccessMode {
  /** Many nodes mount it (driver and executors spread over nodes); needs an RWX storage class. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** One node mounts it: only for single-node test clusters. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
}

/** Props of a DependencyVolume. */
export interface DependencyVolumeProps {
  /** Files to download into the volume. */
  readonly downloads: DependencyDownload[];
  /**
   * Size of the claim.
   * @default Size.gibibytes(1)
   */
  readonly size?: Size;
  /**
   * Storage class of the claim.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claim.
   * @default DependencyAccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: DependencyAccessMode;
  /**
   * Image of the download Job; it must have `curl` and `sh`.
   * @default "curlimages/curl:8.11.1"
   */
  readonly image?: string;
  /**
   * Namespace of the claim and Job (the apps that mount it must run there).
   * @default - the chart's namespace, else "default"
   */
  readonly namespace?: string;
  /**
   * Name of the claim and Job.
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
}

/**
 * A PersistentVolumeClaim filled with an application's dependencies by a Job, for jars that must
 * be on the classpath before Spark starts (e.g. the S3A connector that fetches everything else).
 *
 * Defines a PersistentVolumeClaim and a Job that downloads each file with curl (restricted security
 * context, retries, fails on HTTP errors). `mountInto(app)` mounts it read-only into the driver and
 * executors and puts its `jars/` folder on their class path.
 */
export class DependencyVolume extends Construct {
  /** Name of the claim. */
  public readonly claimName: string;
  /** Namespace of the claim. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: DependencyVolumeProps) {
    super(scope, id);
    const owner = `DependencyVolume ${id}`;
    this.claimName = props.name ?? nameFromId(id);
    const problem = dns1123LabelProblem(this.claimName);
    if (problem) throw constructError(owner, `name "${this.claimName}" ${problem}`);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    if (props.downloads.length === 0) {
      throw constructError(owner, 'downloads must list at least one file');
    }
    const paths = new Set<string>();
    for (const d of props.downloads) {
      if (!/^https:\/\/[^\s'"]+$/.test(d.url)) {
        throw constructError(owner, `download url "${d.url}" must be an https:// URL without spaces or quotes`);
      }
      if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(d.path) || d.path.split('/').includes('..')) {
        throw constructError(owner, `download path "${d.path}" must be a relative path of letters, digits, ".", "_" and "-" (e.g. jars/hadoop-aws-3.3.4.jar)`);
      }
      if (paths.has(d.path)) throw constructError(owner, `download path "${d.path}" is listed twice`);
      paths.add(d.path);
    }
    const size = sizeToMebibytes(owner, 'size', props.size ?? Size.gibibytes(1));
    const labels = { 'app.kubernetes.io/name': 'spark-dependencies', 'app.kubernetes.io/instance': this.claimName, ...MANAGED_BY };

    new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimName, namespace: this.namespace, labels },
      spec: {
        accessModes: [props.accessMode ?? DependencyAccessMode.READ_WRITE_MANY],
        storageClassName: props.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(`${size}Mi`) } },
      },
    });

    const script = ['set -eu', ...props.downloads.map(d => {
      const dir = d.path.includes('/') ? d.path.slice(0, d.path.lastIndexOf('/')) : '.';
      return `mkdir -p /deps/${dir} && curl -fsSL --retry 5 --retry-delay 5 -o /deps/${d.path}.part '${d.url}' && mv /deps/${d.path}.part /deps/${d.path}`;
    })].join('\n');

    new k8s.KubeJob(this, 'Job', {
      metadata: { name: `${this.claimName}-fill`, namespace: this.namespace, labels },
      spec: {
        backoffLimit: 4,
        activeDeadlineSeconds: Duration.minutes(30).toSeconds(),
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext({ uid: 185, gid: 185, fsGroup: 185 }),
            containers: [{
              name: 'download',
              image: props.image ?? 'curlimages/curl:8.11.1',
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', script],
              resources: {
                requests: { 'cpu': k8s.Quantity.fromString('100m'), 'memory': k8s.Quantity.fromString('64Mi'), 'ephemeral-storage': k8s.Quantity.fromString('64Mi') },
                limits: { 'cpu': k8s.Quantity.fromString('500m'), 'memory': k8s.Quantity.fromString('128Mi'), 'ephemeral-storage': k8s.Quantity.fromString('64Mi') },
              },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'deps', mountPath: '/deps' }],
            }],
            volumes: [{ name: 'deps', persistentVolumeClaim: { claimName: this.claimName } }],
          },
        },
      },
    });
  }

  /**
   * Mounts the volume read-only into the app's driver and executors at `path` and adds
   * `<path>/jars/*` to their class path.
   *
   * @param app the app (must run in the same namespace)
   * @param path mount path
   * @default path "/dependencies"
   */
  public mountInto(app: ISparkApp, path?: string): void {
    if (app.namespace !== this.namespace) {
      throw constructError(`DependencyVolume ${this.node.id}`, `app ${app.name} runs in namespace "${app.namespace}" but the claim is in "${this.namespace}"; a pod can only mount claims of its own namespace`);
    }
    const mountPath = path ?? '/dependencies';
    const volume = SparkVolume.persistentVolumeClaim(`${this.claimName}`.slice(0, 63), this.claimName, true);
    const source = `DependencyVolume ${this.node.id}`;
    app.addVolumeMount(SparkPods.ALL, { volume, path: mountPath, readOnly: true }, source);
    app.addSparkConfListEntries('spark.driver.extraClassPath', [`${mountPath}/jars/*`], source);
    app.addSparkConfListEntries('spark.executor.extraClassPath', [`${mountPath}/jars/*`], source);
  }
}
