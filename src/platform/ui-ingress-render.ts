import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SparkUiIngressOptions, UiPathRewrite } from './ui-ingress-options';
import { propError } from '../core/errors';
import { tcpPort } from '../core/network';
import { sortedMap } from '../core/util';

/**
 * Internal: the one renderer of a Spark UI Ingress (history server and app UIs), the Spark
 * settings that make links work under a path, and the NetworkPolicy that lets the ingress
 * controller in. Not exported from the package.
 */

const PATH = /^\/(?:[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)?$/;
const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Name, namespace and labels of a rendered object. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [k: string]: string };
}

/** The options after checks and defaults. */
export interface ResolvedUiIngress {
  readonly ingressClassName?: string;
  readonly host?: string;
  readonly path: string;
  readonly tlsSecretName?: string;
  readonly annotations: { [key: string]: string };
  readonly pathRewrite: UiPathRewrite;
  readonly controllerNamespace: string;
}

/** Checks the values (types were checked by the shape) and fills the defaults; `prop` names the options in messages. */
export function resolveUiIngress(owner: string, prop: string, o: SparkUiIngressOptions, defaultPath: string): ResolvedUiIngress {
  const p = (k: string) => (prop ? `${prop}.${k}` : k);
  const path = o.path ?? defaultPath;
  if (!PATH.test(path) || path.length > 200) {
    throw propError(owner, p('path'), path, 'is not a UI path prefix',
      'use "/" or /segment[/segment...] of letters, digits, "-", "_" and "." without a trailing "/", e.g. "/spark/etl"');
  }
  if (o.host !== undefined && (o.host.length > 253 || !HOST.test(o.host))) {
    throw propError(owner, p('host'), o.host, 'is not a host name (lower-case DNS name, no wildcard, no port)', 'e.g. "spark.example.com"');
  }
  if (o.tlsSecretName !== undefined && o.host === undefined) {
    throw propError(owner, p('tlsSecretName'), o.tlsSecretName, 'needs a host (a certificate is for a host name)', 'give host as well, or drop tlsSecretName');
  }
  const rewrite = o.pathRewrite ?? UiPathRewrite.NGINX;
  const annotations = { ...(o.annotations ?? {}) };
  if (rewrite === UiPathRewrite.NGINX && path !== '/') {
    for (const k of ['nginx.ingress.kubernetes.io/rewrite-target', 'nginx.ingress.kubernetes.io/use-regex']) {
      if (annotations[k] !== undefined) {
        throw propError(owner, `${p('annotations')}["${k}"]`, annotations[k], 'is set by pathRewrite NGINX', 'drop the annotation, or set pathRewrite to UiPathRewrite.NONE and rewrite yourself');
      }
    }
    annotations['nginx.ingress.kubernetes.io/use-regex'] = 'true';
    annotations['nginx.ingress.kubernetes.io/rewrite-target'] = '/$2';
  }
  return {
    ingressClassName: o.ingressClassName,
    host: o.host,
    path,
    tlsSecretName: o.tlsSecretName,
    annotations,
    pathRewrite: rewrite,
    controllerNamespace: o.controllerNamespace ?? 'ingress-nginx',
  };
}

/**
 * The Spark settings for a UI under `path`: `spark.ui.proxyBase` (links carry the prefix) and
 * `spark.ui.proxyRedirectUri` (redirects go to the proxy: the host's URL when known, else "/" as
 * the spark-operator sets it). Empty for "/".
 */
export function uiProxySettings(i: ResolvedUiIngress): Array<[string, string]> {
  if (i.path === '/') return [];
  const redirect = i.host ? `${i.tlsSecretName ? 'https' : 'http'}://${i.host}` : '/';
  return [['spark.ui.proxyBase', i.path], ['spark.ui.proxyRedirectUri', redirect]];
}

/** The URL of the UI, for documentation and reports. */
export function uiUrl(i: ResolvedUiIngress): string {
  const base = i.host ? `${i.tlsSecretName ? 'https' : 'http'}://${i.host}` : '';
  return `${base}${i.path === '/' ? '/' : `${i.path}/`}`;
}

/** The Ingress object. */
export function renderUiIngress(scope: Construct, id: string, i: ResolvedUiIngress, meta: ObjectMeta,
  serviceName: string, servicePort: number): k8s.KubeIngress {
  const regex = i.pathRewrite === UiPathRewrite.NGINX && i.path !== '/';
  return new k8s.KubeIngress(scope, id, {
    metadata: { ...meta, annotations: sortedMap(i.annotations) },
    spec: {
      ingressClassName: i.ingressClassName,
      tls: i.tlsSecretName ? [{ hosts: [i.host!], secretName: i.tlsSecretName }] : undefined,
      rules: [{
        host: i.host,
        http: {
          paths: [{
            path: regex ? `${i.path}(/|$)(.*)` : i.path,
            pathType: regex ? 'ImplementationSpecific' : 'Prefix',
            backend: { service: { name: serviceName, port: { number: servicePort } } },
          }],
        },
      }],
    },
  });
}

/** The NetworkPolicy letting the ingress controller's namespace reach the UI pods on their UI port. */
export function renderUiNetworkPolicy(scope: Construct, id: string, i: ResolvedUiIngress, meta: ObjectMeta,
  podLabels: { [k: string]: string }, containerPort: number): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: meta,
    spec: {
      podSelector: { matchLabels: podLabels },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': i.controllerNamespace } } }],
        ports: [tcpPort(containerPort)],
      }],
    },
  });
}
