import { IConstruct } from 'constructs';
import { SparkNamespace } from './spark-namespace';
import { ISparkApp, ISparkNamespace } from '../core/contracts';
import { SparkAppResources } from '../core/resources';

/**
 * What the platform constructs (SparkOperatorInstall, SchedulerQueues, PlatformReport) read of the
 * whole App. Apps, gang schedulers and monitoring live in higher layers, so they are recognized by
 * their public surface (an ISparkApp's members, a feature's `featureName`, PrometheusMonitoring's
 * marker symbol) rather than imported.
 */

/** A Spark app as found in the construct tree (any ISparkApp). */
export function isSparkAppLike(c: unknown): c is ISparkApp {
  const a = c as any;
  return !!a && typeof a.resources === 'function' && typeof a.placementOf === 'function' && typeof a.addFeature === 'function'
    && typeof a.name === 'string' && typeof a.namespace === 'string';
}

/** Every Spark app below `scope`, in tree order. */
export function appsOf(scope: IConstruct): ISparkApp[] {
  return scope.node.findAll().filter(isSparkAppLike);
}

/** Every namespace construct of the App: SparkNamespaces in the tree and the apps' own ISparkNamespaces. */
export function sparkNamespacesOf(scope: IConstruct): ISparkNamespace[] {
  const found = new Map<string, ISparkNamespace>();
  for (const c of scope.node.findAll()) if (c instanceof SparkNamespace) found.set(c.namespaceName, c);
  for (const a of appsOf(scope)) {
    const ns = a.sparkNamespace;
    if (ns && !found.has(ns.namespaceName)) found.set(ns.namespaceName, ns);
  }
  return [...found.values()];
}

/** Which gang scheduler an app uses (a GangScheduler feature). */
export interface GangFacts {
  /** `volcano`, `yunikorn` or `kueue`. */
  readonly scheduler: string;
  /** The Volcano queue, the YuniKorn queue path or the Kueue LocalQueue. */
  readonly queue: string;
  /** Kueue: the ClusterQueue the app's LocalQueue points at, when the app defines it. */
  readonly clusterQueue?: string;
  /** The feature's name, for messages. */
  readonly featureName: string;
}

const GANG_FEATURE = /^GangScheduler (volcano|yunikorn|kueue)$/;

/** The app's gang scheduler, if it has one. */
export function gangOf(app: ISparkApp): GangFacts | undefined {
  for (const f of app.features) {
    const m = GANG_FEATURE.exec(f.featureName);
    const queue = (f as any).queue;
    if (m && typeof queue === 'string') {
      const cq = (f as any).clusterQueue;
      return { scheduler: m[1], queue, clusterQueue: typeof cq === 'string' ? cq : undefined, featureName: f.featureName };
    }
  }
  return undefined;
}

/** What the platform reads of a PrometheusMonitoring. */
export interface MonitoringFacts {
  /** The construct. */
  readonly construct: IConstruct;
  /** `PrometheusMonitoring <path>`. */
  readonly featureName: string;
  /** Namespace of Prometheus. */
  readonly prometheusNamespace: string;
  /** Whether it defines alerts (PrometheusRules). */
  readonly alerts: boolean;
}

const MONITORING_MARKER = Symbol.for('cdk8s-spark.PrometheusMonitoring');

/** Every PrometheusMonitoring below `scope`. */
export function monitoringsOf(scope: IConstruct): MonitoringFacts[] {
  return scope.node.findAll().filter(c => (c as any)[MONITORING_MARKER] !== undefined).map(c => {
    const m = c as any;
    const rules = typeof m.prometheusRules === 'object' && Array.isArray(m.prometheusRules) ? m.prometheusRules : [];
    return {
      construct: c,
      featureName: String(m.featureName),
      prometheusNamespace: String(m.prometheusNamespace),
      alerts: rules.length > 0,
    };
  });
}

/** The features watching an app that are monitoring (PrometheusMonitoring) features. */
export function monitoringOfApp(app: ISparkApp): string | undefined {
  const f = app.features.find(x => (x as any)[MONITORING_MARKER] !== undefined);
  return f?.featureName;
}

/** An app's figures, or undefined when its configuration does not compute (its own validation reports that). */
export function resourcesOrUndefined(app: ISparkApp): SparkAppResources | undefined {
  try {
    return app.resources();
  } catch {
    return undefined;
  }
}
