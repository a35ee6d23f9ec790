import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ISparkApp, ISparkDriverIdentity } from '../core/contracts';
import { constructError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { dns1123LabelProblem } from '../core/util';

/**
 * Props of a SparkDriverIdentity.
 */
export interface SparkDriverIdentityProps {
  /** Namespace of the ServiceAccount, Role and RoleBinding (where the drivers run). */
  readonly namespace: string;
  /**
   * Name of the ServiceAccount, Role and RoleBinding.
   * @default "spark-driver"
   */
  readonly name?: string;
  /**
   * Extra labels on the three objects.
   * @default - only the library's labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * Grant the PersistentVolumeClaim rule Spark needs for on-demand claims
   * (`claimName: OnDemand`) from the start. Apps that use on-demand claims turn it on themselves.
   * @default false
   */
  readonly onDemandClaims?: boolean;
}

/**
 * The identity of Spark drivers in a namespace: a ServiceAccount and a Role + RoleBinding with
 * exactly what the driver calls on the Kubernetes API.
 *
 * Rules (core API group, the driver's own namespace), from Spark's driver code
 * (`ExecutorPodsAllocator`, `KubernetesClusterSchedulerBackend`, `ExecutorPodsLifecycleManager`):
 * - pods: get, list, watch, create, patch, delete, deletecollection (create and watch executors,
 *   label them, delete them singly and by label at scale-down and stop);
 * - configmaps: create, deletecollection (the executor conf map, deleted by label at stop);
 * - services: deletecollection (the driver service is deleted by label at stop);
 * - persistentvolumeclaims: create, list, deletecollection, only when an app uses on-demand claims.
 *
 * Missing `deletecollection` does not fail a job but leaves objects behind (Stackable #316).
 */
export class SparkDriverIdentity extends Construct implements ISparkDriverIdentity {
  /** Name of the ServiceAccount. */
  public readonly serviceAccountName: string;
  /** Namespace of the ServiceAccount. */
  public readonly namespace: string;
  private claims: boolean;
  private readonly users: ISparkApp[] = [];

  constructor(scope: Construct, id: string, props: SparkDriverIdentityProps) {
    super(scope, id);
    const name = props.name ?? 'spark-driver';
    const problem = dns1123LabelProblem(name);
    if (problem) {
      throw constructError(`SparkDriverIdentity ${id}`, `name "${name}" ${problem}`);
    }
    this.serviceAccountName = name;
    this.namespace = props.namespace;
    this.claims = props.onDemandClaims ?? false;
    const metadata = {
      name,
      namespace: props.namespace,
      labels: { 'app.kubernetes.io/component': 'spark-driver-identity', ...MANAGED_BY, ...props.labels },
    };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata,
      // The driver talks to the API server with this token.
      automountServiceAccountToken: true,
    });
    new k8s.KubeRole(this, 'Role', {
      metadata,
      rules: Lazy.any({ produce: () => this.rules() }) as any,
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });
  }

  /** Adds the PersistentVolumeClaim rule (for apps that use on-demand claims). */
  public grantOnDemandClaims(): void {
    this.claims = true;
  }

  /**
   * Registers an app whose driver uses this identity: when the Role is rendered, it gets the
   * PersistentVolumeClaim rule if any user's pods have on-demand claims.
   */
  public addUser(app: ISparkApp): void {
    if (!this.users.includes(app)) this.users.push(app);
  }

  private needsClaims(): boolean {
    if (this.claims) return true;
    return this.users.some(app => {
      try {
        const r = app.resources();
        return r.driver.onDemandClaims.length > 0 || r.executor.onDemandClaims.length > 0;
      } catch {
        return false; // the app reports its own error
      }
    });
  }

  private rules(): k8s.PolicyRule[] {
    const rules: k8s.PolicyRule[] = [
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'deletecollection'] },
      { apiGroups: [''], resources: ['services'], verbs: ['deletecollection'] },
    ];
    if (this.needsClaims()) {
      rules.push({ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'deletecollection', 'list'] });
    }
    return rules;
  }
}
