import { OperatorNamespaceScope } from './operator-install-props';
import { NAMESPACE } from './platform-shapes';
import { anything, arr, bool, defineShape, duration, enumOf, int, map, objectName, required, size, str, struct, Shape } from '../core/check';
import { CPU_CORES, LABELS } from '../core/shapes';

/** Runtime shapes of SparkOperatorInstall's props. */

const ARGO_CD = struct('ArgoCdInstallOptions', {
  namespace: NAMESPACE,
  project: str(),
  automatedSync: bool(),
});

const FLUX = struct('FluxInstallOptions', {
  helmRepositoryName: required(objectName('HelmRepository')),
  namespace: NAMESPACE,
  interval: duration(),
});

export const SPARK_OPERATOR_INSTALL_PROPS_SHAPE: Shape = defineShape('SparkOperatorInstallProps', {
  namespace: NAMESPACE,
  releaseName: objectName('Helm release'),
  namespaceScope: enumOf('OperatorNamespaceScope', OperatorNamespaceScope),
  namespaceSelector: LABELS,
  jobNamespaces: arr(NAMESPACE),
  extraJobNamespaces: arr(NAMESPACE),
  controllerReplicas: int(1, 10),
  controllerCpu: CPU_CORES,
  controllerMemory: size(),
  resourceQuotaEnforcement: bool(),
  metrics: bool(),
  podMonitorLabels: LABELS,
  helmValues: map(anything()),
  argoCd: ARGO_CD,
  flux: FLUX,
});
