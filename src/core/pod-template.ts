import { SizeRoundingBehavior } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Check, CheckContext } from './check';
import { SparkContainer } from './contracts';
import { isCredentialEnvName } from './credentials';
import { formatValue, propError } from './errors';
import { OtherContainer, withOtherContainers } from './model';
import { renderPlacement, validatePodAffinity, validatePreference, validateRequirement, validateToleration } from './placement';
import { NodeLabelRequirement, PodAffinityRequirement, PodPlacement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, SparkVolumeMount } from './pod';
import { PodResources, SparkRole } from './resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, rootContainerSecurityContext } from './security';
import { checkArg, dns1123LabelProblem, dnsLabelSuggestion, dropUndefined, keyProp, sortedMap } from './util';

/** Pod security settings of a Spark pod. */
export interface PodSecurity {
  readonly uid: number;
  readonly gid: number;
  readonly fsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
  /** `fsGroupChangePolicy` of the pods (unset: Kubernetes' default, Always). */
  readonly fsGroupChangePolicy?: string;
}

/**
 * The prop a message names for what `source` added: the app's own prop when the source is one
 * (`prop driverEnv` → `driverEnv`), else `generic`, with `by` naming the feature (or caller).
 */
export function sourceProp(source: string, generic: string): { prop: string; by?: string } {
  return source.startsWith('prop ') ? { prop: source.slice('prop '.length) } : { prop: generic, by: source };
}

/**
 * Checks an argument of a public method like a prop (`path` is where messages name it); with `by`
 * (who passed it, when not one of the app's props), the message says so after the value, as the
 * library's other messages about what features add do.
 */
export function checkAdded(ctx: CheckContext, path: string, check: Check, value: unknown, by?: string): void {
  try {
    checkArg(ctx, path, check, value);
  } catch (e) {
    if (!by || !(e instanceof Error)) throw e;
    throw new Error(insertAddedBy(e.message, `${ctx.owner}: ${path}`, value, by));
  }
}

/**
 * Puts `(added by X) ` after the value of `<owner>: <path><sub-path> <value> <problem>`: follows the
 * sub-path (`.prop`, `[0]`, `["key"]`, ` key`) into `root` to find the value as it was printed.
 * Leaves a message it cannot follow as it is.
 */
function insertAddedBy(message: string, prefix: string, root: unknown, by: string): string {
  if (!message.startsWith(prefix)) return message;
  let i = prefix.length;
  let cur: any = root;
  for (;;) {
    const rest = message.slice(i);
    let m = /^\.([A-Za-z_$][\w$]*)/.exec(rest) ?? /^\[(\d+)\]/.exec(rest);
    if (m) {
      cur = cur?.[m[1]];
      i += m[0].length;
      continue;
    }
    m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (m) {
      cur = cur?.[JSON.parse(m[1])];
      i += m[0].length;
      continue;
    }
    m = /^ key ("(?:[^"\\]|\\.)*")/.exec(rest);
    if (m) {
      cur = JSON.parse(m[1]);
      i += ' key'.length;
    }
    break;
  }
  const shown = ` ${formatValue(cur)} `;
  if (!message.startsWith(shown, i)) return message;
  const at = i + shown.length;
  return `${message.slice(0, at)}(added by ${by}) ${message.slice(at)}`;
}

/** `(added by X) ` before a problem, when a feature added the value. */
function addedBy(by: string | undefined): string {
  return by ? `(added by ${by}) ` : '';
}

/** An environment value as messages show it: the literal (hidden for credentials), else the reference. */
function envShown(name: string, spec: any): unknown {
  if (spec?.value === undefined) return spec;
  return isCredentialEnvName(name) ? '***' : spec.value;
}

/**
 * What the app and its features contribute to one role's pod template (driver or executors):
 * the one builder of Spark pod templates. Every method names its source; the same setting with
 * two different values is an error naming both.
 */
export class SparkPodParts {
  /** Increases with every change that the resource model reads. */
  public version = 0;
  private readonly env = new Map<string, { spec: any; source: string }>();
  private readonly envFrom: any[] = [];
  private readonly mounts: Array<{ name: string; mountPath: string; readOnly: boolean; subPath?: string; source: string }> = [];
  private readonly volumes = new Map<string, SparkVolume>();
  private readonly volumeSources = new Map<string, string>();
  /** Volumes of Spark's volume configuration that the template's containers mount (SparkVolume.fromSparkConf). */
  private readonly confVolumes = new Map<string, { where: string; source: string }>();
  private readonly nodeSelector = new Map<string, { value: string; source: string }>();
  private readonly tolerations: SparkToleration[] = [];
  private readonly required: NodeLabelRequirement[] = [];
  private readonly preferred: PreferredNodeAffinity[] = [];
  private readonly podAffinity: PodAffinityRequirement[] = [];
  private readonly labels: Record<string, string> = {};
  private readonly annotations: Record<string, string> = {};
  private readonly requests: Record<string, string> = {};
  private readonly limits: Record<string, string> = {};
  private readonly resourceSources: Record<string, string> = {};
  private readonly ports: Array<{ name: string; containerPort: number; protocol: string }> = [];
  private readonly portSources = new Map<string, string>();
  private readonly initContainers: k8s.Container[] = [];
  private readonly sidecars: k8s.Container[] = [];
  private readonly containerResources: OtherContainer[] = [];
  private schedulerName?: { name: string; source: string };
  private grace?: number;
  /** Priority class of the pods. */
  public priorityClassName?: string;

  constructor(private readonly owner: string, public readonly role: SparkRole) {}

  public addEnv(name: string, value: SparkEnvValue, source: string): void {
    const existing = this.env.get(name);
    if (existing && JSON.stringify(existing.spec) !== JSON.stringify(value._spec)) {
      throw propError(this.owner, keyProp(sourceProp(source, 'env').prop, name), envShown(name, value._spec),
        `(set by ${source}) conflicts with ${formatValue(envShown(name, existing.spec))} set by ${existing.source}`, 'set it in one place');
    }
    this.env.set(name, { spec: value._spec, source });
  }

  public addEnvFrom(ref: { secretRef?: { name: string }; configMapRef?: { name: string } }): void {
    this.envFrom.push(ref);
  }

  /**
   * @param where the prop path of the volume for messages (e.g. `driverVolumeMounts[0].volume`);
   * by default the source's prop, or `volume` for a feature
   */
  public addVolume(volume: SparkVolume, source: string, where?: string): void {
    const { prop, by } = sourceProp(source, 'volume');
    const conf = this.confVolumes.get(volume.name);
    if ((volume.type === 'sparkConf' && this.volumes.has(volume.name)) || (volume.type !== 'sparkConf' && conf)) {
      const other = volume.type === 'sparkConf' ? `a volume of the ${this.role} pod template, added by ${this.volumeSources.get(volume.name)}` : `a volume of Spark's volume configuration mounted by ${conf!.source}`;
      throw propError(this.owner, `${where ?? prop}.name`, volume.name,
        `${addedBy(by)}is already the name of ${other} (volume names must be unique per pod)`,
        'give one of the two volumes another name');
    }
    if (volume.type === 'sparkConf') {
      // Spark adds it to the pod after the template: record it for the check at synthesis only.
      if (!conf) this.confVolumes.set(volume.name, { where: `${where ?? prop}.name`, source });
      return;
    }
    const existing = this.volumes.get(volume.name);
    if (existing && existing !== volume && JSON.stringify(existing._toKube()) !== JSON.stringify(volume._toKube())) {
      throw propError(this.owner, `${where ?? prop}.name`, volume.name,
        `${addedBy(by)}is already the name of a different volume, added by ${this.volumeSources.get(volume.name)} (volume names must be unique per pod)`,
        'give one of the two volumes another name');
    }
    if (!existing) this.volumeSources.set(volume.name, source);
    this.volumes.set(volume.name, volume);
  }

  public addMount(mount: SparkVolumeMount, source: string): void {
    const { prop, by } = sourceProp(source, 'volumeMount');
    if (!mount.path.startsWith('/')) {
      throw propError(this.owner, `${prop}.path`, mount.path, `${addedBy(by)}must be absolute`, `start it with "/", e.g. ${JSON.stringify(`/${mount.path.replace(/^\.?\/*/, '')}`)}`);
    }
    if (mount.volume.type === 'sparkConf') {
      throw propError(this.owner, `${prop}.volume.name`, mount.volume.name,
        `${addedBy(by)}is a volume of Spark's volume configuration (SparkVolume.fromSparkConf), which Spark mounts into its own container already`,
        'mount it in init containers or sidecars only, or give the Spark container its own SparkVolume');
    }
    this.addVolume(mount.volume, source, `${prop}.volume`);
    const taken = this.mounts.find(m => m.mountPath === mount.path);
    if (taken) {
      throw propError(this.owner, `${prop}.path`, mount.path, `${addedBy(by)}is already where volume ${JSON.stringify(taken.name)} is mounted (by ${taken.source})`,
        'mount each volume at its own path');
    }
    const ro = mount.readOnly ?? (mount.volume.type === 'configMap' || mount.volume.type === 'secret');
    this.mounts.push({ name: mount.volume.name, mountPath: mount.path, readOnly: ro, subPath: mount.subPath, source });
  }

  public addContainer(kind: 'init' | 'sidecar', c: SparkContainer, security: PodSecurity, source: string): void {
    const { prop, by } = sourceProp(source, kind === 'init' ? 'initContainer' : 'sidecar');
    const problem = dns1123LabelProblem(c.name);
    if (problem) {
      const suggestion = dnsLabelSuggestion(c.name);
      throw propError(this.owner, `${prop}.name`, c.name, `${addedBy(by)}${problem}`, suggestion ? `rename it, e.g. ${JSON.stringify(suggestion)}` : 'rename it, e.g. "log-shipper"');
    }
    if (['spark-kubernetes-driver', 'spark-kubernetes-executor'].includes(c.name)) {
      throw propError(this.owner, `${prop}.name`, c.name, `${addedBy(by)}is the name of Spark's own container in the ${this.role} pod`, 'give each container its own name');
    }
    if ([...this.initContainers, ...this.sidecars].some(x => x.name === c.name)) {
      throw propError(this.owner, `${prop}.name`, c.name, `${addedBy(by)}is used twice in the ${this.role} pod`, 'give each container its own name');
    }
    const named = `(container ${JSON.stringify(c.name)}${by ? `, added by ${by}` : ''}) `;
    if (!c.image || /\s/.test(c.image) || !/[:@]/.test(c.image.split('/').pop()!) || /:latest$/.test(c.image)) {
      throw propError(this.owner, `${prop}.image`, c.image, `${named}must be pinned to a tag or digest (not latest)`, 'add a version tag (e.g. busybox:1.36) or a digest');
    }
    let mem: number;
    try {
      mem = c.memory.toMebibytes({ rounding: SizeRoundingBehavior.FAIL });
    } catch {
      const rounded = Math.max(1, Math.round(c.memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024));
      throw propError(this.owner, `${prop}.memory`, c.memory, `${named}is not a whole number of MiB`, `round it to whole MiB, e.g. Size.mebibytes(${rounded})`);
    }
    const mounts = (c.volumeMounts ?? []).map((m, i) => {
      this.addVolume(m.volume, source, `${prop}.volumeMounts[${i}].volume`);
      const ro = m.readOnly ?? (m.volume.type === 'configMap' || m.volume.type === 'secret');
      return dropUndefined({ name: m.volume.name, mountPath: m.path, readOnly: ro, subPath: m.subPath });
    });
    const env = Object.keys(c.env ?? {}).sort().map(name => ({ name, ...c.env![name]._spec }));
    // Quantities stay strings: the template is plain JSON inside the custom resource.
    const q = (s: string) => s as unknown as k8s.Quantity;
    const container: k8s.Container = dropUndefined({
      name: c.name,
      image: c.image,
      command: c.command,
      args: c.args,
      env: env.length ? env : undefined,
      resources: {
        requests: { cpu: q(c.cpu.toQuantity()), memory: q(`${mem}Mi`) },
        limits: { cpu: q(c.cpu.toQuantity()), memory: q(`${mem}Mi`) },
      },
      // A container that says it needs root gets its own explicit root context; every other one
      // the restricted context with the pod's user, spelled out on the container.
      securityContext: c.runAsRoot
        ? rootContainerSecurityContext({ readOnlyRootFilesystem: c.readOnlyRootFilesystem ?? true })
        : dropUndefined(restrictedContainerSecurityContext({
          uid: security.uid, gid: security.gid, readOnlyRootFilesystem: c.readOnlyRootFilesystem ?? true,
        })),
      volumeMounts: mounts.length ? mounts : undefined,
    });
    (kind === 'init' ? this.initContainers : this.sidecars).push(container);
    this.containerResources.push({ kind, cpuMillis: c.cpu.millicores, memoryMebibytes: mem });
    this.version++;
  }

  /**
   * The volumes of Spark's volume configuration the template's containers mount, with where the
   * first mount named each and who added it.
   */
  public get sparkConfVolumes(): Array<{ name: string; where: string; source: string }> {
    return [...this.confVolumes.entries()].map(([name, v]) => ({ name, ...v }));
  }

  /**
   * The volumes of Spark's volume configuration the template's containers mount that the final
   * configuration (its keys) does not declare for this role: Kubernetes would reject the pods.
   */
  public undeclaredSparkConfVolumes(confKeys: string[]): string[] {
    const role = this.role;
    return this.sparkConfVolumes.filter(v => !confKeys.some(k => k.startsWith(`spark.kubernetes.${role}.volumes.`) && k.endsWith(`.${v.name}.mount.path`)
      && /^[A-Za-z]+$/.test(k.slice(`spark.kubernetes.${role}.volumes.`.length, -`.${v.name}.mount.path`.length))))
      .map(v => propError(this.owner, v.where, v.name,
        `${addedBy(sourceProp(v.source, 'volume').by)}is not declared by Spark's volume configuration of the ${role} pods (no spark.kubernetes.${role}.volumes.<type>.${v.name}.mount.path), so Kubernetes would reject the pods`,
        `declare it (e.g. through shuffleStorage, whose local dir is spark-local-dir-1${role === SparkRole.DRIVER ? ' and, with its driverSize, the driver\'s' : ''}) or mount a volume of the pod template`).message);
  }

  public addTolerations(tolerations: SparkToleration[], source: string): void {
    const { prop, by } = sourceProp(source, 'tolerations');
    tolerations.forEach((t, i) => validateToleration(this.owner, `${prop}[${i}]`, t, by));
    this.tolerations.push(...tolerations);
  }

  public addNodeSelector(labels: { [key: string]: string }, source: string): void {
    for (const [k, v] of Object.entries(labels)) {
      const existing = this.nodeSelector.get(k);
      if (existing && existing.value !== v) {
        throw propError(this.owner, keyProp(sourceProp(source, 'nodeSelector').prop, k), v,
          `(set by ${source}) conflicts with ${formatValue(existing.value)} set by ${existing.source}`, 'set the label in one place');
      }
      if (!existing) this.nodeSelector.set(k, { value: v, source });
    }
  }

  public addRequired(requirements: NodeLabelRequirement[], source: string): void {
    const { prop, by } = sourceProp(source, 'requiredNodeAffinity');
    requirements.forEach((r, i) => validateRequirement(this.owner, `${prop}[${i}]`, r, by));
    this.required.push(...requirements);
  }

  public addPreferred(preferences: PreferredNodeAffinity[], source: string): void {
    const { prop, by } = sourceProp(source, 'preferredNodeAffinity');
    preferences.forEach((p, i) => validatePreference(this.owner, `${prop}[${i}]`, p, by));
    this.preferred.push(...preferences);
  }

  public addPodAffinity(requirements: PodAffinityRequirement[], source: string): void {
    const { prop, by } = sourceProp(source, 'requiredPodAffinity');
    requirements.forEach((r, i) => validatePodAffinity(this.owner, `${prop}[${i}]`, r, by));
    this.podAffinity.push(...requirements.map(r => ({ podLabels: { ...r.podLabels }, topologyKey: r.topologyKey })));
  }

  public placement(): PodPlacement {
    const nodeSelector: Record<string, string> = {};
    for (const [k, v] of this.nodeSelector) nodeSelector[k] = v.value;
    return {
      nodeSelector,
      tolerations: [...this.tolerations],
      requiredNodeAffinity: [...this.required],
      preferredNodeAffinity: [...this.preferred],
      requiredPodAffinity: [...this.podAffinity],
    };
  }

  public addLabels(labels: { [key: string]: string }): void {
    Object.assign(this.labels, labels);
  }

  public addAnnotations(annotations: { [key: string]: string }): void {
    Object.assign(this.annotations, annotations);
  }

  public get podAnnotations(): { [key: string]: string } {
    return { ...this.annotations };
  }

  public get podLabels(): { [key: string]: string } {
    return { ...this.labels };
  }

  /** Container resources Spark does not set itself (e.g. ephemeral-storage). */
  public addResource(resource: string, request: string | undefined, limit: string | undefined, source: string): void {
    if (resource === 'cpu' || resource === 'memory') {
      throw propError(this.owner, keyProp('resources', resource), request ?? limit, `(added by ${source}) cannot go into the ${this.role} pod template: Spark overwrites it`,
        `use the app's ${this.role} ${resource === 'cpu' ? 'cores' : 'memory'} props`);
    }
    const put = (m: Record<string, string>, kind: string, v: string | undefined) => {
      if (v === undefined) return;
      if (m[resource] !== undefined && m[resource] !== v) {
        throw propError(this.owner, keyProp('resources', resource), v,
          `(${kind} set by ${source} on the ${this.role} pod) conflicts with ${formatValue(m[resource])} set by ${this.resourceSources[resource]}`, 'set it in one place');
      }
      m[resource] = v;
    };
    put(this.requests, 'request', request);
    put(this.limits, 'limit', limit);
    this.resourceSources[resource] ??= source;
    this.version++;
  }

  /**
   * What the init containers and sidecars add to the pod as Kubernetes computes a pod's effective
   * request: max(largest init container, Spark container + sidecars). Their requests equal their
   * limits.
   */
  public withOtherContainers(pod: PodResources): PodResources {
    return withOtherContainers(pod, this.containerResources);
  }

  public get templateResources(): { requests: Record<string, string>; limits: Record<string, string> } {
    return { requests: this.requests, limits: this.limits };
  }

  public addPort(name: string, port: number, source: string): void {
    const same = this.ports.find(p => p.name === name || p.containerPort === port);
    if (same && (same.name !== name || same.containerPort !== port)) {
      throw propError(this.owner, keyProp('containerPorts', name), port,
        `(added by ${source}) clashes with port ${same.name}/${same.containerPort} (added by ${this.portSources.get(same.name)})`, 'give each port its own name and number');
    }
    if (!same) {
      this.ports.push({ name, containerPort: port, protocol: 'TCP' });
      this.portSources.set(name, source);
    }
  }

  public setScheduler(name: string, source: string): void {
    if (this.schedulerName !== undefined && this.schedulerName.name !== name) {
      throw propError(this.owner, 'schedulerName', name, `(set by ${source}) conflicts with ${formatValue(this.schedulerName.name)} set by ${this.schedulerName.source}`,
        'use one gang scheduler per app');
    }
    this.schedulerName = { name, source };
  }

  public raiseGracePeriod(seconds: number): void {
    const next = Math.max(this.grace ?? 0, seconds);
    if (next !== this.grace) this.version++;
    this.grace = next;
  }

  /** The pods' terminationGracePeriodSeconds, when a feature asked for one. */
  public get gracePeriodSeconds(): number | undefined {
    return this.grace;
  }

  /**
   * The pod template. Spark fills in the container's image, command, cpu and memory; the
   * template carries everything else (built against the Kubernetes 1.27 types; CI validates
   * the rendered templates against the Kubernetes schema).
   */
  public render(options: { security: PodSecurity; automountToken: boolean; labels: { [key: string]: string } }): k8s.PodTemplateSpec {
    const sec = options.security;
    const container: Mutable<k8s.Container> = {
      name: this.role === SparkRole.DRIVER ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor',
      securityContext: restrictedContainerSecurityContext({ uid: sec.uid, gid: sec.gid, readOnlyRootFilesystem: sec.readOnlyRootFilesystem }),
    };
    const env = [...this.env.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, v]) => ({ name, ...v.spec }));
    if (env.length) container.env = env;
    if (this.envFrom.length) container.envFrom = this.envFrom;
    if (this.ports.length) container.ports = [...this.ports].sort((a, b) => a.containerPort - b.containerPort);
    if (this.mounts.length) {
      container.volumeMounts = [...this.mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1))
        .map(m => ({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly, subPath: m.subPath }));
    }
    const requests = sortedMap(this.requests);
    const limits = sortedMap(this.limits);
    // Quantities stay strings: the template is plain JSON inside the custom resource.
    if (requests || limits) container.resources = dropUndefined({ requests, limits }) as k8s.ResourceRequirements;
    const placement = renderPlacement(this.placement());
    const spec: k8s.PodSpec = {
      automountServiceAccountToken: options.automountToken,
      securityContext: restrictedPodSecurityContext({
        uid: sec.uid, gid: sec.gid, fsGroup: sec.fsGroup, fsGroupChangePolicy: sec.fsGroupChangePolicy,
      }),
      priorityClassName: this.priorityClassName,
      schedulerName: this.schedulerName?.name,
      ...placement,
      terminationGracePeriodSeconds: this.grace,
      initContainers: this.initContainers.length ? this.initContainers : undefined,
      containers: [container, ...this.sidecars],
      volumes: this.volumes.size
        ? [...this.volumes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(v => v._toKube() as k8s.Volume)
        : undefined,
    };
    return { metadata: { labels: options.labels }, spec: dropUndefined(spec) };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
