import { SPARK_UI_INGRESS_PROPS_SHAPE } from './ui-ingress-shapes';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { sparkAppLabels } from '../core/labels';
import { SparkUiIngressOptions } from '../platform/ui-ingress-options';
import { renderUiIngress, renderUiNetworkPolicy, resolveUiIngress, uiProxySettings } from '../platform/ui-ingress-render';

/** Props of SparkUiIngress. */
export interface SparkUiIngressProps extends SparkUiIngressOptions {
  /**
   * Port of the app's UI Service (the app's `sparkUi.servicePort`).
   * @default 4040
   */
  readonly servicePort?: number;
}

/**
 * An Ingress in front of an app's Spark UI (the driver's UI Service `<app>-ui-svc` the
 * spark-operator creates), reachable at `https://<host><path>/` while the app runs.
 *
 * Under a path other than "/", the app gets `spark.ui.proxyBase` (its links carry the prefix) and
 * `spark.ui.proxyRedirectUri` (its redirects go to the proxy), as the spark-operator sets them for
 * its own UI ingress; with ingress-nginx the prefix is stripped by a rewrite. In a SparkNamespace
 * (which denies ingress by default) a NetworkPolicy lets the ingress controller's namespace reach
 * the driver's UI port. A scheduled app is refused: each run has its own Service name.
 *
 * @see https://spark.apache.org/docs/latest/configuration.html#spark-ui
 */
export class SparkUiIngress implements ISparkFeature {
  /** What the feature is, for conflict messages. */
  public readonly featureName: string = 'SparkUiIngress';
  private readonly props: SparkUiIngressProps;

  constructor(props: SparkUiIngressProps = {}) {
    checkProps({ owner: 'SparkUiIngress' }, props, 'SparkUiIngressProps', SPARK_UI_INGRESS_PROPS_SHAPE);
    this.props = props;
  }

  /**
   * Adds the Ingress (and NetworkPolicy) to the app and sets its proxy settings.
   * @param app the application
   */
  public bind(app: ISparkApp): void {
    const owner = constructLabel('SparkApp', app);
    if (app.scheduled) {
      throw propError(owner, 'features', this.featureName, 'cannot serve a scheduled app (each run has its own UI Service, named after the run)', 'use it on apps that run once, or use a SparkHistoryServer with an ingress');
    }
    const ingress = resolveUiIngress('SparkUiIngress', '', this.props, `/${app.namespace}/${app.name}`);
    for (const [k, v] of uiProxySettings(ingress)) app.addSparkConf(k, v, this.featureName);
    const port = this.props.servicePort ?? 4040;
    const meta = (name: string, component: string) => ({ name, namespace: app.namespace, labels: sparkAppLabels(app.name, component) });
    renderUiIngress(app, 'UiIngress', ingress, meta(`${app.name}-ui`, 'ui-ingress'), `${app.name}-ui-svc`, port);
    if (app.sparkNamespace) {
      const uiPort = Number(app.sparkConfValue('spark.ui.port') ?? '4040');
      renderUiNetworkPolicy(app, 'UiIngressNetworkPolicy', ingress, meta(`${app.name}-ui-from-ingress`, 'network-policy'),
        { ...app.podSelectorLabels, 'app.kubernetes.io/component': 'spark-driver' }, Number.isInteger(uiPort) && uiPort > 0 ? uiPort : 4040);
    }
  }
}
