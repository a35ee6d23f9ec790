import { Duration, Size } from 'cdk8s';
import { CpuCores } from '../core/resources';

/** How the spark-operator finds the namespaces it runs apps in. */
export enum OperatorNamespaceScope {
  /**
   * `spark.jobNamespaces` lists every job namespace; the operator's permissions are Roles in those
   * namespaces (least privilege). A new tenant needs a new install.
   */
  LIST = 'list',
  /**
   * The namespaces are listed and, in addition, `spark.jobNamespaceSelector` selects namespaces by
   * the label SparkNamespace sets (`operatorSelectorLabels`), so a new tenant needs no new
   * install; the operator then needs a ClusterRole that lists and watches namespaces.
   */
  SELECTOR = 'selector',
}

/** An Argo CD `Application` that installs the operator chart with the generated values. */
export interface ArgoCdInstallOptions {
  /**
   * Namespace of Argo CD, where the Application lives.
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * Argo CD project.
   * @default "default"
   */
  readonly project?: string;
  /**
   * Sync automatically, pruning and self-healing.
   * @default true
   */
  readonly automatedSync?: boolean;
}

/** A Flux `HelmRelease` that installs the operator chart with the generated values. */
export interface FluxInstallOptions {
  /**
   * Name of the Flux HelmRepository of https://kubeflow.github.io/spark-operator, in the
   * HelmRelease's namespace (the library does not define it).
   */
  readonly helmRepositoryName: string;
  /**
   * Namespace of the HelmRelease (and its HelmRepository).
   * @default "flux-system"
   */
  readonly namespace?: string;
  /**
   * How often Flux reconciles the release.
   * @default Duration.minutes(10)
   */
  readonly interval?: Duration;
}

/** Props of a SparkOperatorInstall. */
export interface SparkOperatorInstallProps {
  /**
   * Namespace the operator runs in.
   * @default "spark-operator"
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   * @default "spark-operator"
   */
  readonly releaseName?: string;
  /**
   * How the operator finds its job namespaces.
   * @default OperatorNamespaceScope.LIST
   */
  readonly namespaceScope?: OperatorNamespaceScope;
  /**
   * Labels `spark.jobNamespaceSelector` selects (OperatorNamespaceScope.SELECTOR only).
   * @default { "spark-operator.cdk8s-spark.io/job-namespace": "true" } (what SparkNamespace sets by default)
   */
  readonly namespaceSelector?: { [key: string]: string };
  /**
   * The namespaces the operator watches. An app in another namespace is an error.
   * @default - the namespace of every SparkNamespace in the App (apps outside one must be listed)
   */
  readonly jobNamespaces?: string[];
  /**
   * Namespaces watched besides those of the SparkNamespaces (apps given a plain `namespace`).
   * @default - none
   */
  readonly extraJobNamespaces?: string[];
  /**
   * Controller replicas (with more than one, leader election picks one and a PodDisruptionBudget keeps one).
   * @default 1
   */
  readonly controllerReplicas?: number;
  /**
   * CPU request of the controller.
   * @default CpuCores.millis(100)
   */
  readonly controllerCpu?: CpuCores;
  /**
   * Memory request and limit of the controller.
   * @default Size.mebibytes(512)
   */
  readonly controllerMemory?: Size;
  /**
   * Reject apps whose requests exceed their namespace's ResourceQuota at admission. Needs the
   * operator's webhook, which is otherwise off (the library puts pod settings in pod templates, so
   * nothing else needs it).
   * @default false
   */
  readonly resourceQuotaEnforcement?: boolean;
  /**
   * Operator metrics and a PodMonitor for the operator pods.
   * @default - on when the App declares a PrometheusMonitoring
   */
  readonly metrics?: boolean;
  /**
   * Labels of the operator's PodMonitor (what Prometheus selects monitors by).
   * @default - none
   */
  readonly podMonitorLabels?: { [key: string]: string };
  /**
   * Further chart values, merged over the generated ones. Every key must be a key of the chart
   * (chart 2.5.2); keys the construct derives cannot be given here.
   * @default - none
   */
  readonly helmValues?: { [key: string]: any };
  /**
   * Also define an Argo CD Application carrying the values.
   * @default - none
   */
  readonly argoCd?: ArgoCdInstallOptions;
  /**
   * Also define a Flux HelmRelease carrying the values.
   * @default - none
   */
  readonly flux?: FluxInstallOptions;
}
