import { k8s } from 'cdk8s-plus-27';
import { SparkContainer } from './contracts';
import { constructError } from './errors';
import { renderPlacement, validatePreference, validateRequirement, validateToleration } from './placement';
import { NodeLabelRequirement, PodPlacement, PreferredNodeAffinity, SparkEnvValue, SparkToleration, SparkVolume, SparkVolumeMount } from './pod';
import { SparkRole } from './resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';
import { dns1123LabelProblem, dropUndefined, sizeToMebibytes, sortedMap } from './util';

/** Pod security settings of a Spark pod. */
export interface PodSecurity {
  readonly uid: number;
  readonly gid: number;
  readonly fsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
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
  private readonly nodeSelector = new Map<string, { value: string; source: string }>();
  private readonly tolerations: SparkToleration[] = [];
  private readonly required: NodeLabelRequirement[] = [];
  private readonly preferred: PreferredNodeAffinity[] = [];
  private readonly labels: Record<string, string> = {};
  private readonly annotations: Record<string, string> = {};
  private readonly requests: Record<string, string> = {};
  private readonly limits: Record<string, string> = {};
  private readonly ports: Array<{ name: string; containerPort: number; protocol: string }> = [];
  private readonly initContainers: k8s.Container[] = [];
  private readonly sidecars: k8s.Container[] = [];
  private schedulerName?: { name: string; source: string };
  private grace?: number;
  /** Priority class of the pods. */
  public priorityClassName?: string;

  constructor(private readonly owner: string, public readonly role: SparkRole) {}

  public addEnv(name: string, value: SparkEnvValue, source: string): void {
    const existing = this.env.get(name);
    if (existing && JSON.stringify(existing.spec) !== JSON.stringify(value._spec)) {
      throw constructError(this.owner, `environment variable ${name} is set twice with different values (by ${existing.source} and by ${source}); set it in one place`);
    }
    this.env.set(name, { spec: value._spec, source });
  }

  public addEnvFrom(ref: { secretRef?: { name: string }; configMapRef?: { name: string } }): void {
    this.envFrom.push(ref);
  }

  public addVolume(volume: SparkVolume, source: string): void {
    const existing = this.volumes.get(volume.name);
    if (existing && existing !== volume && JSON.stringify(existing._toKube()) !== JSON.stringify(volume._toKube())) {
      throw constructError(this.owner, `two different volumes are named "${volume.name}" (the second from ${source}); volume names must be unique per pod`);
    }
    this.volumes.set(volume.name, volume);
  }

  public addMount(mount: SparkVolumeMount, source: string): void {
    if (!mount.path.startsWith('/')) {
      throw constructError(this.owner, `${source} path "${mount.path}" must be absolute`);
    }
    this.addVolume(mount.volume, source);
    if (this.mounts.some(m => m.mountPath === mount.path)) {
      throw constructError(this.owner, `${source} mounts two volumes at ${mount.path}`);
    }
    const ro = mount.readOnly ?? (mount.volume.type === 'configMap' || mount.volume.type === 'secret');
    this.mounts.push({ name: mount.volume.name, mountPath: mount.path, readOnly: ro, subPath: mount.subPath, source });
  }

  public addContainer(kind: 'init' | 'sidecar', c: SparkContainer, security: PodSecurity, source: string): void {
    const problem = dns1123LabelProblem(c.name);
    if (problem) throw constructError(this.owner, `${source} container name "${c.name}" ${problem}`);
    if (['spark-kubernetes-driver', 'spark-kubernetes-executor'].includes(c.name)
      || [...this.initContainers, ...this.sidecars].some(x => x.name === c.name)) {
      throw constructError(this.owner, `${source} container name "${c.name}" is used twice in the ${this.role} pod; give each container its own name`);
    }
    if (!c.image || /\s/.test(c.image) || !/[:@]/.test(c.image.split('/').pop()!) || /:latest$/.test(c.image)) {
      throw constructError(this.owner, `${source} container ${c.name} image "${c.image}" must be pinned to a tag or digest (not latest)`);
    }
    const mem = sizeToMebibytes(this.owner, `${source} container ${c.name} memory`, c.memory);
    const mounts = (c.volumeMounts ?? []).map(m => {
      this.addVolume(m.volume, source);
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
      securityContext: dropUndefined(restrictedContainerSecurityContext({
        uid: security.uid, gid: security.gid, readOnlyRootFilesystem: c.readOnlyRootFilesystem ?? true,
      })),
      volumeMounts: mounts.length ? mounts : undefined,
    });
    (kind === 'init' ? this.initContainers : this.sidecars).push(container);
    this.version++;
  }

  public addTolerations(tolerations: SparkToleration[], prop: string): void {
    tolerations.forEach(t => validateToleration(this.owner, prop, t));
    this.tolerations.push(...tolerations);
  }

  public addNodeSelector(labels: { [key: string]: string }, source: string): void {
    for (const [k, v] of Object.entries(labels)) {
      const existing = this.nodeSelector.get(k);
      if (existing && existing.value !== v) {
        throw constructError(this.owner, `node selector ${k} is "${existing.value}" by ${existing.source} and "${v}" by ${source}; set the label in one place`);
      }
      if (!existing) this.nodeSelector.set(k, { value: v, source });
    }
  }

  public addRequired(requirements: NodeLabelRequirement[], prop: string): void {
    requirements.forEach(r => validateRequirement(this.owner, prop, r));
    this.required.push(...requirements);
  }

  public addPreferred(preferences: PreferredNodeAffinity[], prop: string): void {
    preferences.forEach(p => validatePreference(this.owner, prop, p));
    this.preferred.push(...preferences);
  }

  public placement(): PodPlacement {
    const nodeSelector: Record<string, string> = {};
    for (const [k, v] of this.nodeSelector) nodeSelector[k] = v.value;
    return {
      nodeSelector,
      tolerations: [...this.tolerations],
      requiredNodeAffinity: [...this.required],
      preferredNodeAffinity: [...this.preferred],
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
      throw constructError(this.owner, `${source} cannot set ${resource} in the pod template: Spark overwrites it`);
    }
    const put = (m: Record<string, string>, v: string | undefined) => {
      if (v === undefined) return;
      if (m[resource] !== undefined && m[resource] !== v) {
        throw constructError(this.owner, `${this.role} ${resource} is set twice with different values ("${m[resource]}" and "${v}" by ${source})`);
      }
      m[resource] = v;
    };
    put(this.requests, request);
    put(this.limits, limit);
    this.version++;
  }

  public get templateResources(): { requests: Record<string, string>; limits: Record<string, string> } {
    return { requests: this.requests, limits: this.limits };
  }

  public addPort(name: string, port: number): void {
    const same = this.ports.find(p => p.name === name || p.containerPort === port);
    if (same && (same.name !== name || same.containerPort !== port)) {
      throw constructError(this.owner, `container port ${name}/${port} clashes with ${same.name}/${same.containerPort}`);
    }
    if (!same) this.ports.push({ name, containerPort: port, protocol: 'TCP' });
  }

  public setScheduler(name: string, source: string): void {
    if (this.schedulerName !== undefined && this.schedulerName.name !== name) {
      throw constructError(this.owner, `scheduler "${name}" (from ${source}) conflicts with scheduler "${this.schedulerName.name}" already set by ${this.schedulerName.source}`);
    }
    this.schedulerName = { name, source };
  }

  public raiseGracePeriod(seconds: number): void {
    this.grace = Math.max(this.grace ?? 0, seconds);
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
      securityContext: restrictedPodSecurityContext({ uid: sec.uid, gid: sec.gid, fsGroup: sec.fsGroup }),
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
