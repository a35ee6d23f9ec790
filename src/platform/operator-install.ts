import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Duration, Lazy, Size, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { CHART_KEYS_VERSION, chartKeyProblems } from './operator-chart-keys';
import { OperatorNamespaceScope, SparkOperatorInstallProps } from './operator-install-props';
import { SPARK_OPERATOR_INSTALL_PROPS_SHAPE } from './operator-install-shapes';
import { appsOf, gangOf, monitoringsOf, sparkNamespacesOf } from './platform-facts';
import { SparkNamespace } from './spark-namespace';
import { backendNameOf } from '../backends/backend-name';
import { checkProps } from '../core/check';
import { constructError, constructLabel, formatValue, propError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { mebibytesToQuantity } from '../core/model';
import { appRegistry } from '../core/registry';
import { CpuCores } from '../core/resources';
import { sizeToMebibytes } from '../core/util';
import { printWarningsOnSynth } from '../core/warn';

const DEFAULT_SELECTOR: { [key: string]: string } = { 'spark-operator.cdk8s-spark.io/job-namespace': 'true' };
const CHART_REPO = 'https://kubeflow.github.io/spark-operator';

/** Chart keys the construct derives, and the prop (or reason) that sets each. */
const DERIVED: { [path: string]: string } = {
  'image.tag': 'the pinned operator version (SparkOperatorInstall.CHART_VERSION)',
  'controller.replicas': 'controllerReplicas',
  'controller.batchScheduler': 'the apps\' gang schedulers',
  'controller.resources': 'controllerCpu and controllerMemory',
  'controller.podDisruptionBudget': 'controllerReplicas',
  'webhook.enable': 'resourceQuotaEnforcement',
  'webhook.resourceQuotaEnforcement': 'resourceQuotaEnforcement',
  'spark.jobNamespaces': 'jobNamespaces and extraJobNamespaces',
  'spark.jobNamespaceSelector': 'namespaceScope and namespaceSelector',
  'spark.serviceAccount.create': 'the SparkNamespaces and apps, which define the driver identities',
  'spark.rbac.create': 'the SparkNamespaces and apps, which define the driver identities',
  'prometheus.metrics.enable': 'metrics',
  'prometheus.podMonitor.create': 'metrics',
  'prometheus.podMonitor.labels': 'podMonitorLabels',
};

/**
 * The kubeflow spark-operator installation that fits the App: the Helm values of chart 2.5.2
 * derived from what the App declares, and optionally an Argo CD `Application` or a Flux
 * `HelmRelease` carrying them.
 *
 * - job namespaces: every SparkNamespace of the App (plus `extraJobNamespaces`), listed in
 *   `spark.jobNamespaces`; with OperatorNamespaceScope.SELECTOR also `spark.jobNamespaceSelector`
 *   from the label SparkNamespace sets. An app in a namespace the operator does not watch is an
 *   error naming both;
 * - `controller.batchScheduler.enable` exactly when an app uses Volcano or YuniKorn
 *   (GangScheduler). The library's apps carry scheduler name, queue and gang in their pod
 *   templates (and Volcano PodGroups of their own), so the switch makes the operator's batch
 *   scheduler support (and its PodGroup permissions) match the cluster rather than drive the apps;
 * - the mutating webhook off: pod settings are in the pod templates, so only
 *   `resourceQuotaEnforcement` (admission against the namespace quota) turns it on;
 * - operator metrics and the chart's PodMonitor when the App declares a PrometheusMonitoring;
 * - controller resources; the operator image pinned to 2.5.2, the version of the
 *   `sparkoperator.k8s.io/v1beta2` fields the library emits (pod templates need 2.1+, the Kueue
 *   integration 2.4+);
 * - the driver ServiceAccount and RBAC the chart would create per job namespace off: the
 *   SparkNamespaces and apps define them.
 *
 * Every key is checked against the chart's keys: an unknown or misplaced key in `helmValues` is an
 * error (Helm would ignore it silently). The values are returned by `values()` and written by
 * `SparkOperatorInstall.writeValuesFiles(app, outdir)` as `<releaseName>-values.json` (JSON is
 * YAML, so `helm install -f` reads it; a `.yaml` file without `kind` would be taken for a
 * manifest by `kubectl apply -f <dir>` and manifest validators).
 */
export class SparkOperatorInstall extends Construct {
  /** The chart version and operator version the values are for. */
  public static readonly CHART_VERSION = CHART_KEYS_VERSION;

  /** Every SparkOperatorInstall below a construct (e.g. an App). */
  public static installsOf(scope: IConstruct): SparkOperatorInstall[] {
    return scope.node.findAll().filter((c): c is SparkOperatorInstall => c instanceof SparkOperatorInstall);
  }

  /**
   * Writes the values file of every SparkOperatorInstall below `scope` into `outdir` (after
   * `app.synth()`, which validates the App) and returns the paths written.
   */
  public static writeValuesFiles(scope: IConstruct, outdir: string): string[] {
    return SparkOperatorInstall.installsOf(scope).map(i => {
      const file = path.join(outdir, i.valuesFileName);
      fs.mkdirSync(outdir, { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(i.values(), undefined, 2)}\n`);
      return file;
    });
  }

  /** Namespace the operator runs in. */
  public readonly namespace: string;
  /** Helm release name. */
  public readonly releaseName: string;
  /** How the operator finds its job namespaces. */
  public readonly namespaceScope: OperatorNamespaceScope;
  /** File name of the values file (`<releaseName>-values.json`). */
  public readonly valuesFileName: string;
  /** The Argo CD Application, if requested. */
  public readonly argoCdApplication?: ApiObject;
  /** The Flux HelmRelease, if requested. */
  public readonly fluxHelmRelease?: ApiObject;

  private readonly owner: string;
  private readonly props: SparkOperatorInstallProps;
  private readonly controllerCpu: CpuCores;
  private readonly controllerMemoryMib: number;

  constructor(scope: Construct, id: string, props: SparkOperatorInstallProps = {}) {
    super(scope, id);
    this.owner = constructLabel('SparkOperatorInstall', this);
    checkProps({ owner: this.owner, scope: this }, props, 'SparkOperatorInstallProps', SPARK_OPERATOR_INSTALL_PROPS_SHAPE);
    this.props = props ?? {};
    props = this.props;
    const installs = appRegistry<string[]>(this, 'spark-operator-installs', () => []);
    if (installs.length > 0) {
      throw constructError(this.owner, `the App already has a SparkOperatorInstall (${installs[0]}); define one install per App (one operator watches all the App's namespaces)`);
    }
    installs.push(this.node.path);
    this.namespace = props.namespace ?? 'spark-operator';
    this.releaseName = props.releaseName ?? 'spark-operator';
    this.namespaceScope = props.namespaceScope ?? OperatorNamespaceScope.LIST;
    this.valuesFileName = `${this.releaseName}-values.json`;
    this.controllerCpu = props.controllerCpu ?? CpuCores.millis(100);
    this.controllerMemoryMib = sizeToMebibytes(this.owner, 'controllerMemory', props.controllerMemory ?? Size.mebibytes(512));
    if (this.controllerCpu.millicores <= 0) throw propError(this.owner, 'controllerCpu', this.controllerCpu, 'must be positive', 'use e.g. CpuCores.millis(100)');
    if (this.controllerMemoryMib < 64) throw propError(this.owner, 'controllerMemory', props.controllerMemory, 'is below 64Mi, too little for the operator', 'use e.g. Size.mebibytes(512)');
    if (props.namespaceSelector !== undefined && this.namespaceScope !== OperatorNamespaceScope.SELECTOR) {
      throw propError(this.owner, 'namespaceSelector', props.namespaceSelector, 'applies only with namespaceScope OperatorNamespaceScope.SELECTOR',
        'set namespaceScope: OperatorNamespaceScope.SELECTOR, or drop namespaceSelector');
    }
    if (props.namespaceSelector !== undefined && Object.keys(props.namespaceSelector).length === 0) {
      throw propError(this.owner, 'namespaceSelector', props.namespaceSelector, 'must have at least one label (an empty selector selects every namespace)',
        'give the label SparkNamespace sets, e.g. { "spark-operator.cdk8s-spark.io/job-namespace": "true" }');
    }
    if (props.metrics === false && props.podMonitorLabels !== undefined) {
      throw propError(this.owner, 'podMonitorLabels', props.podMonitorLabels, 'needs metrics (the PodMonitor scrapes the operator\'s metrics)', 'drop podMonitorLabels or metrics: false');
    }
    this.checkHelmValues(props.helmValues ?? {});

    const labels = { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/instance': this.releaseName, 'app.kubernetes.io/component': 'operator-install', ...MANAGED_BY };
    if (props.argoCd) {
      const o = props.argoCd;
      this.argoCdApplication = new ApiObject(this, 'ArgoCdApplication', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: this.releaseName, namespace: o.namespace ?? 'argocd', labels },
        spec: {
          project: o.project ?? 'default',
          source: {
            repoURL: CHART_REPO,
            chart: 'spark-operator',
            targetRevision: SparkOperatorInstall.CHART_VERSION,
            helm: { releaseName: this.releaseName, valuesObject: Lazy.any({ produce: () => this.values() }) },
          },
          destination: { server: 'https://kubernetes.default.svc', namespace: this.namespace },
          syncPolicy: {
            automated: (o.automatedSync ?? true) ? { prune: true, selfHeal: true } : undefined,
            // The SparkApplication CRD is too large for client-side apply's last-applied annotation.
            syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
          },
        },
      });
    }
    if (props.flux) {
      const o = props.flux;
      const interval = o.interval ?? Duration.minutes(10);
      const seconds = interval.toMilliseconds() / 1000;
      if (!Number.isInteger(seconds) || seconds < 1) {
        throw propError(this.owner, 'flux.interval', interval, 'must be a whole number of seconds, at least one', 'use e.g. Duration.minutes(10)');
      }
      this.fluxHelmRelease = new ApiObject(this, 'FluxHelmRelease', {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: this.releaseName, namespace: o.namespace ?? 'flux-system', labels },
        spec: {
          interval: `${seconds}s`,
          releaseName: this.releaseName,
          targetNamespace: this.namespace,
          chart: {
            spec: {
              chart: 'spark-operator',
              version: SparkOperatorInstall.CHART_VERSION,
              sourceRef: { kind: 'HelmRepository', name: o.helmRepositoryName },
            },
          },
          install: { createNamespace: true, crds: 'CreateReplace' },
          upgrade: { crds: 'CreateReplace' },
          values: Lazy.any({ produce: () => this.values() }),
        },
      });
    }
    this.node.addValidation({ validate: () => this.namespaceErrors() });
    printWarningsOnSynth(this);
  }

  /** The namespaces listed in `spark.jobNamespaces`, sorted. */
  public get jobNamespaces(): string[] {
    const listed = this.props.jobNamespaces ?? sparkNamespacesOf(this.node.root).map(n => n.namespaceName);
    return [...new Set([...listed, ...(this.props.extraJobNamespaces ?? [])])].sort();
  }

  /** The `spark.jobNamespaceSelector` string (`key=value,...`), or "" with OperatorNamespaceScope.LIST. */
  public get jobNamespaceSelector(): string {
    if (this.namespaceScope !== OperatorNamespaceScope.SELECTOR) return '';
    const sel = this.props.namespaceSelector ?? DEFAULT_SELECTOR;
    return Object.keys(sel).sort().map(k => `${k}=${sel[k]}`).join(',');
  }

  /** The batch schedulers the apps use (`volcano`, `yunikorn`), sorted. */
  public get batchSchedulers(): string[] {
    const used = new Set<string>();
    for (const app of appsOf(this.node.root)) {
      const g = gangOf(app);
      if (g && g.scheduler !== 'kueue') used.add(g.scheduler);
    }
    return [...used].sort();
  }

  /** Whether the operator's metrics and PodMonitor are on. */
  public get metricsEnabled(): boolean {
    return this.props.metrics ?? monitoringsOf(this.node.root).length > 0;
  }

  /** Whether the operator's webhook is on (only for resourceQuotaEnforcement). */
  public get webhookEnabled(): boolean {
    return this.props.resourceQuotaEnforcement ?? false;
  }

  /** The chart values: the derived ones with `helmValues` merged over them. */
  public values(): { [key: string]: any } {
    const metrics = this.metricsEnabled;
    const replicas = this.props.controllerReplicas ?? 1;
    const memory = mebibytesToQuantity(this.controllerMemoryMib);
    const derived: { [key: string]: any } = {
      image: { tag: SparkOperatorInstall.CHART_VERSION },
      controller: {
        replicas,
        batchScheduler: { enable: this.batchSchedulers.length > 0 },
        resources: { requests: { cpu: this.controllerCpu.toQuantity(), memory }, limits: { memory } },
        ...(replicas > 1 ? { podDisruptionBudget: { enable: true, minAvailable: 1 } } : {}),
      },
      webhook: this.webhookEnabled ? { enable: true, resourceQuotaEnforcement: { enable: true } } : { enable: false },
      spark: {
        jobNamespaces: this.jobNamespaces,
        ...(this.namespaceScope === OperatorNamespaceScope.SELECTOR ? { jobNamespaceSelector: this.jobNamespaceSelector } : {}),
        serviceAccount: { create: false },
        rbac: { create: false },
      },
      prometheus: {
        metrics: { enable: metrics },
        podMonitor: { create: metrics, ...(metrics && this.props.podMonitorLabels ? { labels: sortKeys(this.props.podMonitorLabels) } : {}) },
      },
    };
    return deepMerge(derived, this.props.helmValues ?? {});
  }

  /** The values as YAML text. */
  public valuesYaml(): string {
    return Yaml.stringify(this.values());
  }

  private checkHelmValues(helmValues: { [key: string]: any }): void {
    const problems = chartKeyProblems(helmValues);
    if (problems.length > 0) {
      const p = problems[0];
      throw propError(this.owner, `helmValues.${p.path}`, valueAt(helmValues, p.path), p.problem, p.fix);
    }
    for (const leaf of leafPaths(helmValues)) {
      const hit = Object.keys(DERIVED).find(d => leaf === d || leaf.startsWith(`${d}.`) || d.startsWith(`${leaf}.`));
      if (hit) {
        throw propError(this.owner, `helmValues.${leaf}`, valueAt(helmValues, leaf), `is derived by SparkOperatorInstall (${hit} comes from ${DERIVED[hit]})`,
          `drop it from helmValues${/^[a-z]+[A-Z]?[a-zA-Z]*( and [a-zA-Z]+)?$/.test(DERIVED[hit]) ? ` and set ${DERIVED[hit]}` : ''}`);
      }
    }
  }

  /** Apps in namespaces the operator does not watch, and an empty namespace list. */
  private namespaceErrors(): string[] {
    const errors: string[] = [];
    const listed = this.jobNamespaces;
    if (listed.length === 0 && this.jobNamespaceSelector === '') {
      errors.push(propError(this.owner, 'jobNamespaces', [], 'is empty (the App has no SparkNamespace): the chart would watch its default namespace only, or with an empty list every namespace',
        'add a SparkNamespace, or list the apps\' namespaces in jobNamespaces').message);
    }
    const watched = new Set(listed);
    if (this.namespaceScope === OperatorNamespaceScope.SELECTOR) {
      const sel = this.props.namespaceSelector ?? DEFAULT_SELECTOR;
      for (const ns of this.node.root.node.findAll().filter((c): c is SparkNamespace => c instanceof SparkNamespace)) {
        const labels: { [key: string]: string } = (ApiObject.of(ns)?.toJson()?.metadata?.labels) ?? {};
        if (Object.entries(sel).every(([k, v]) => labels[k] === v)) watched.add(ns.namespaceName);
      }
    }
    for (const app of appsOf(this.node.root)) {
      // Apps of another back-end (spark-submit, the Apache or Stackable operator) are not this operator's.
      if (backendNameOf(app) !== 'kubeflow') continue;
      if (watched.has(app.namespace)) continue;
      const how = this.namespaceScope === OperatorNamespaceScope.SELECTOR ? ` or selected by ${formatValue(this.jobNamespaceSelector)}` : '';
      errors.push(propError(this.owner, 'jobNamespaces', listed,
        `does not include namespace ${formatValue(app.namespace)} of ${constructLabel('SparkApp', app)}${how}, so the operator would never run it`,
        `add ${formatValue(app.namespace)} to ${this.props.jobNamespaces ? 'jobNamespaces' : 'extraJobNamespaces'}, or place the app in a SparkNamespace`).message);
    }
    return errors;
  }
}

function sortKeys(m: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(m).sort().map(k => [k, m[k]]));
}

function isPlain(x: unknown): x is { [key: string]: any } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `b` merged into `a`: sections merge, values and lists of `b` replace those of `a`. */
function deepMerge(a: { [key: string]: any }, b: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isPlain(out[k]) && isPlain(v) ? deepMerge(out[k], v) : v;
  return out;
}

function leafPaths(v: { [key: string]: any }, prefix = ''): string[] {
  return Object.entries(v).flatMap(([k, x]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    if (isPlain(x)) return Object.keys(x).length > 0 ? leafPaths(x, p) : [];
    return [p];
  });
}

function valueAt(v: { [key: string]: any }, p: string): unknown {
  return p.split('.').reduce<any>((o, k) => (isPlain(o) ? o[k] : undefined), v);
}
