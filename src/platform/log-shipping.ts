import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { section } from './fluent-bit-conf';
import { PATTERN_PARSER_NAME, PATTERN_PARSER_REGEX } from './log-format-constants';
import { LogOutput, LogOutputSecretEnv } from './log-output';
import { SPARK_LOG_SHIPPING_PROPS_SHAPE } from './log-shipping-shapes';
import { registerPlacedPods, tolerationsFor } from './node-pool-checks';
import { INodePool } from './node-pool-props';
import { checkProps } from '../core/check';
import { ISparkNamespace } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { recommendedLabels } from '../core/labels';
import { renderPlacement, validateToleration } from '../core/placement';
import { PodPlacement, SparkToleration, TolerationOperator } from '../core/pod';
import { CpuCores, PodResources, SparkRole } from '../core/resources';
import { dns1035Problem, sizeToMebibytes } from '../core/util';
import { printWarningsOnSynth } from '../core/warn';

export * from './log-output';
export * from './log-format';

/** Props of SparkLogShipping. */
export interface SparkLogShippingProps {
  /** The Spark namespaces whose containers' logs are shipped. */
  readonly sparkNamespaces: ISparkNamespace[];
  /** Where the records go (each gets every record). */
  readonly outputs: LogOutput[];
  /**
   * The agent's own namespace (defined here, with Pod Security "privileged": see the class docs).
   * @default "spark-logging"
   */
  readonly namespace?: string;
  /**
   * Name of the DaemonSet, ServiceAccount and ConfigMap.
   * @default "fluent-bit"
   */
  readonly name?: string;
  /**
   * Fluent Bit image, pinned.
   * @default "cr.fluentbit.io/fluent/fluent-bit:3.2.10"
   */
  readonly image?: string;
  /**
   * CPU request and limit of each agent.
   * @default CpuCores.millis(200)
   */
  readonly cpu?: CpuCores;
  /**
   * Memory request and limit of each agent (the tail input buffers at most 16 MB before pausing).
   * @default Size.mebibytes(256)
   */
  readonly memory?: Size;
  /**
   * Nodes the agent runs on.
   * @default - every node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the agent.
   * @default - every taint (an `Exists` toleration), so Spark node pools with taints are covered
   */
  readonly tolerations?: SparkToleration[];
  /**
   * The node pools the agent must run on: it tolerates their taints (a DaemonSet goes to every
   * node it tolerates, so the pools are not selected), instead of tolerating every taint. At
   * synthesis, a pool where apps of the `sparkNamespaces` land and the agent does not run (a taint
   * it does not tolerate, a node selector that leaves the pool out) is a warning
   * (`log-agent-not-on-pool`), as their logs would not be shipped.
   * @default - no pools: the agent tolerates `tolerations`, by default every taint
   */
  readonly nodePools?: INodePool[];
}

const HTTP_PORT = 2020;
const CONF_DIR = '/fluent-bit/config';
const STATE_DIR = '/var/fluent-bit/state';

/**
 * Ships the Spark pods' console logs with a Fluent Bit DaemonSet.
 *
 * Defines, in its own namespace: the Namespace, a ServiceAccount, a ConfigMap with
 * `fluent-bit.conf` and `parsers.conf` (classic format), and the DaemonSet; in each Spark
 * namespace a Role and RoleBinding that let the agent `get` pods there (the kubernetes filter
 * looks up each pod's labels; nothing else, and no cluster-wide rights).
 *
 * The pipeline: `tail` of `/var/log/containers/*_<namespace>_*.log` of the Spark namespaces (CRI
 * and Docker line formats), the `kubernetes` filter adding pod metadata and parsing JSON lines
 * (`Merge_Log`, SparkLogging's JSON layout) or, through the pod annotation
 * `fluentbit.io/parser`, SparkLogging's default pattern; then the outputs.
 *
 * Pod Security: reading the nodes' log files needs a hostPath volume, which the baseline and
 * restricted levels forbid, and root (the files are root's, mode 0640), so the namespace enforces
 * "privileged" and says why in its `cdk8s-spark.io/pod-security-reason` annotation. The agent
 * keeps what it can: `/var/log` mounted read-only, read-only root file system, no privilege
 * escalation, every capability dropped (root owns the files, no DAC override is needed),
 * RuntimeDefault seccomp, no host network. The read positions are kept in an emptyDir (a new pod
 * starts at the end of the files).
 *
 * @see https://docs.fluentbit.io/manual/pipeline/filters/kubernetes
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class SparkLogShipping extends Construct {
  /** The agent's namespace. */
  public readonly namespace: string;
  /** Name of the DaemonSet. */
  public readonly name: string;
  /** The generated `fluent-bit.conf`. */
  public readonly config: string;

  constructor(scope: Construct, id: string, props: SparkLogShippingProps) {
    super(scope, id);
    const owner = constructLabel('SparkLogShipping', this);
    checkProps({ owner, scope: this }, props, 'SparkLogShippingProps', SPARK_LOG_SHIPPING_PROPS_SHAPE);
    this.namespace = props.namespace ?? 'spark-logging';
    this.name = props.name ?? 'fluent-bit';
    const nameProblem = dns1035Problem(this.name, 50);
    if (nameProblem) throw propError(owner, 'name', this.name, nameProblem, 'use a DNS-1035 label of at most 50 characters, e.g. "fluent-bit"');
    const image = props.image ?? 'cr.fluentbit.io/fluent/fluent-bit:3.2.10';
    const tag = /:([^:/@]+)$/.exec(image.split('@')[0])?.[1];
    if (/\s/.test(image) || image === '' || (!image.includes('@') && (tag === undefined || tag === 'latest'))) {
      throw propError(owner, 'image', image, 'must be pinned to a tag or digest (not latest)', 'use e.g. cr.fluentbit.io/fluent/fluent-bit:3.2.10');
    }
    const namespaces = props.sparkNamespaces.map(n => n.namespaceName);
    const dup = namespaces.find((n, i) => namespaces.indexOf(n) !== i);
    if (dup) throw propError(owner, 'sparkNamespaces', namespaces, `names namespace ${dup} twice`, 'list each namespace once');
    if (namespaces.includes(this.namespace)) {
      throw propError(owner, 'namespace', this.namespace, 'is one of the sparkNamespaces, but the agent needs a namespace of its own (Pod Security "privileged")', 'use e.g. "spark-logging"');
    }
    (props.tolerations ?? []).forEach((t, i) => validateToleration(owner, `tolerations[${i}]`, t));
    const tolerations = [
      ...props.tolerations ?? (props.nodePools ? [] : [{ operator: TolerationOperator.EXISTS }]),
      ...(props.nodePools ?? []).flatMap(p => tolerationsFor(p.taints)),
    ];
    const placement: PodPlacement = { nodeSelector: props.nodeSelector, tolerations };
    const cpu = props.cpu ?? CpuCores.millis(200);
    const memory = sizeToMebibytes(owner, 'memory', props.memory ?? Size.mebibytes(256));
    if (memory < 64) throw propError(owner, 'memory', props.memory, 'must be at least 64 MiB', 'use e.g. Size.mebibytes(256)');

    // --- configuration
    const env: LogOutputSecretEnv[] = [];
    const outputs = props.outputs.map((o, i) => {
      const r = o.render(i, 'kube.*');
      for (const e of r.env) {
        const other = env.find(x => x.name === e.name);
        if (other && (other.secretName !== e.secretName || other.key !== e.key)) {
          throw propError(owner, `outputs[${i}]`, o.plugin, `reads ${e.name} from Secret ${e.secretName} while another output reads it from ${other.secretName}`, 'give both outputs the same credentials Secret');
        }
        if (!other) env.push(e);
      }
      return r.section;
    });
    this.config = [
      section('SERVICE', [
        ['Flush', '5'],
        ['Daemon', 'Off'],
        ['Log_Level', 'info'],
        ['Parsers_File', `${CONF_DIR}/parsers.conf`],
        ['HTTP_Server', 'On'],
        ['HTTP_Listen', '0.0.0.0'],
        ['HTTP_Port', `${HTTP_PORT}`],
        ['Health_Check', 'On'],
      ]),
      section('INPUT', [
        ['Name', 'tail'],
        ['Tag', 'kube.*'],
        ['Path', namespaces.map(n => `/var/log/containers/*_${n}_*.log`).join(',')],
        ['multiline.parser', 'cri, docker'],
        ['DB', `${STATE_DIR}/tail.db`],
        ['Mem_Buf_Limit', '16MB'],
        ['Skip_Long_Lines', 'On'],
        ['Refresh_Interval', '10'],
      ]),
      section('FILTER', [
        ['Name', 'kubernetes'],
        ['Match', 'kube.*'],
        ['Kube_Tag_Prefix', 'kube.var.log.containers.'],
        ['Merge_Log', 'On'],
        ['Keep_Log', 'Off'],
        ['K8S-Logging.Parser', 'On'],
        ['K8S-Logging.Exclude', 'Off'],
        ['Labels', 'On'],
        ['Annotations', 'Off'],
      ]),
      ...outputs,
    ].join('\n');
    const parsers = section('PARSER', [
      ['Name', PATTERN_PARSER_NAME],
      ['Format', 'regex'],
      ['Regex', PATTERN_PARSER_REGEX],
      ['Time_Key', 'time'],
      ['Time_Format', '%Y-%m-%dT%H:%M:%S.%L%z'],
    ]);

    // --- objects
    const labels = (component: string) => recommendedLabels('fluent-bit', this.name, component, { 'app.kubernetes.io/part-of': 'spark-log-shipping' });
    const selector = { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': this.name };
    const meta = (name: string, component: string) => ({ name, namespace: this.namespace, labels: labels(component) });
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/warn': 'privileged',
          'pod-security.kubernetes.io/audit': 'privileged',
          ...labels('namespace'),
        },
        annotations: {
          'cdk8s-spark.io/pod-security-reason': 'Fluent Bit reads the nodes\' container log files: a read-only hostPath volume of /var/log (forbidden by the baseline and restricted levels) as root (the files are root\'s, mode 0640); it drops every capability, escalates no privilege and has a read-only root file system.',
        },
      },
    });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(this.name, 'agent') });
    props.sparkNamespaces.forEach((ns, i) => {
      const roleMeta = { name: `${this.name}-pod-metadata`, namespace: ns.namespaceName, labels: labels('rbac') };
      new k8s.KubeRole(this, `Role${i}`, {
        metadata: roleMeta,
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      });
      new k8s.KubeRoleBinding(this, `RoleBinding${i}`, {
        metadata: roleMeta,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleMeta.name },
        subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
      });
    });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(`${this.name}-conf`, 'config'),
      data: { 'fluent-bit.conf': this.config, 'parsers.conf': parsers },
    });
    const q = (s: string) => k8s.Quantity.fromString(s);
    const probe = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 10, periodSeconds: 30 });
    new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: meta(this.name, 'agent'),
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: labels('agent') },
          spec: {
            serviceAccountName: this.name,
            enableServiceLinks: false,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            ...renderPlacement(placement),
            containers: [{
              name: 'fluent-bit',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/fluent-bit/bin/fluent-bit', '-c', `${CONF_DIR}/fluent-bit.conf`],
              env: env.length ? env.map(e => ({ name: e.name, valueFrom: { secretKeyRef: { name: e.secretName, key: e.key } } })) : undefined,
              ports: [{ name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' }],
              livenessProbe: probe('/'),
              readinessProbe: probe('/api/v1/health'),
              resources: {
                requests: { cpu: q(cpu.toQuantity()), memory: q(`${memory}Mi`) },
                limits: { cpu: q(cpu.toQuantity()), memory: q(`${memory}Mi`) },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: false,
                runAsUser: 0,
                runAsGroup: 0,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [
                { name: 'config', mountPath: CONF_DIR, readOnly: true },
                { name: 'varlog', mountPath: '/var/log', readOnly: true },
                { name: 'state', mountPath: STATE_DIR },
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: `${this.name}-conf` } },
              { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
              { name: 'state', emptyDir: { sizeLimit: q('64Mi') } },
            ],
          },
        },
      },
    });
    const pod: PodResources = {
      role: SparkRole.EXECUTOR,
      cpuRequestMillis: cpu.millicores,
      cpuLimitMillis: cpu.millicores,
      heapMebibytes: 0,
      overheadMebibytes: memory,
      offHeapMebibytes: 0,
      pysparkMebibytes: 0,
      memoryRequestMebibytes: memory,
      memoryLimitMebibytes: memory,
      extendedResources: {},
      onDemandClaims: [],
    };
    registerPlacedPods(this, () => [{ owner, what: 'log agent', fix: 'nodePools: [pool]', placement, pod, daemonSet: true, servesNamespaces: namespaces }]);
    printWarningsOnSynth(this);
  }
}
