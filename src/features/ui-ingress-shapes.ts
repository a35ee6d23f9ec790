import { defineShape, enumOf, objectName, str, Shape } from '../core/check';
import { ANNOTATIONS } from '../core/shapes';
import { NAMESPACE, PORT } from '../platform/platform-shapes';
import { UiPathRewrite } from '../platform/ui-ingress-options';

/** Every prop of SparkUiIngressProps (SparkUiIngressOptions plus the service port). */
export const SPARK_UI_INGRESS_PROPS_SHAPE: Shape = defineShape('SparkUiIngressProps', {
  ingressClassName: objectName('IngressClass'),
  host: str(),
  path: str(),
  tlsSecretName: objectName('Secret'),
  annotations: ANNOTATIONS,
  pathRewrite: enumOf('UiPathRewrite', UiPathRewrite),
  controllerNamespace: NAMESPACE,
  servicePort: PORT,
});
