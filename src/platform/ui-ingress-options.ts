/** How the Ingress maps its path prefix onto a Spark UI, which serves from `/`. */
export enum UiPathRewrite {
  /**
   * ingress-nginx: a regular-expression path `<path>(/|$)(.*)` with
   * `nginx.ingress.kubernetes.io/rewrite-target: /$2` (what the spark-operator's own UI ingress does).
   */
  NGINX = 'nginx',
  /**
   * No rewrite annotations: the controller must strip the prefix itself (e.g. a Traefik StripPrefix
   * middleware named in `annotations`), or the path is "/".
   */
  NONE = 'none',
}

/**
 * An Ingress in front of a Spark UI (an app's driver UI or a history server). Under a path other
 * than "/", Spark is told the prefix (`spark.ui.proxyBase`) so the links it writes carry it, and
 * where to address redirects (`spark.ui.proxyRedirectUri`), as the spark-operator does for its UI
 * ingress.
 *
 * @see https://spark.apache.org/docs/latest/configuration.html#spark-ui
 */
export interface SparkUiIngressOptions {
  /**
   * IngressClass that serves the Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Host name of the rule (a DNS name, no wildcard).
   * @default - any host
   */
  readonly host?: string;
  /**
   * Path prefix the UI is served under: "/" or `/segment[/segment...]` of letters, digits, "-",
   * "_" and ".", without a trailing "/".
   * @default - "/" for a history server, `/<namespace>/<app name>` for an app
   */
  readonly path?: string;
  /**
   * Secret (type kubernetes.io/tls) with the certificate for `host`; needs `host`.
   * @default - no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * Further annotations of the Ingress (controller settings, cert-manager issuer, auth).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * How the path prefix is removed before requests reach Spark.
   * @default UiPathRewrite.NGINX
   */
  readonly pathRewrite?: UiPathRewrite;
  /**
   * Namespace of the ingress controller's pods: when the UI's pods are in a SparkNamespace (which
   * denies ingress by default), a NetworkPolicy lets that namespace reach the UI port.
   * @default "ingress-nginx"
   */
  readonly controllerNamespace?: string;
}
