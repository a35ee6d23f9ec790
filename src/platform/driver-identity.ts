import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SPARK_APP, SPARK_DRIVER_IDENTITY_PROPS_SHAPE } from './platform-shapes';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkDriverIdentity } from '../core/contracts';
import { propError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { dnsSubdomainProblem, keyProp } from '../core/util';

/**
 * Props of a SparkDriverIdentity.
 */
export interface SparkDriverIdentityProps {
  /** Namespace of the ServiceAccount, Role and RoleBinding (where the drivers run). */
  readonly namespace: string;
  /**
   * Name of the ServiceAccount, Role and RoleBinding (a DNS-1123 subdomain of at most 253 characters).
   * @default "spark-driver"
   */
  readonly name?: string;
  /**
   * Extra labels on the three objects (not the library's own `app.kubernetes.io/component` and
   * `app.kubernetes.io/managed-by`).
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
  private readonly owner: string;
  private claims: boolean;
  private readonly users: ISparkApp[] = [];

  constructor(scope: Construct, id: string, props: SparkDriverIdentityProps) {
    super(scope, id);
    this.owner = `SparkDriverIdentity ${id}`;
    checkProps({ owner: this.owner, scope: this }, props, 'SparkDriverIdentityProps', SPARK_DRIVER_IDENTITY_PROPS_SHAPE);
    const name = props.name ?? 'spark-driver';
    // A ServiceAccount name is a DNS-1123 subdomain; Role and RoleBinding names accept more.
    const problem = dnsSubdomainProblem(name);
    if (problem) {
      throw propError(this.owner, 'name', name, `${problem}, at most 253 characters (it names the ServiceAccount, Role and RoleBinding)`, 'use a name such as "spark-driver"');
    }
    const own: Record<string, string> = { 'app.kubernetes.io/component': 'spark-driver-identity', ...MANAGED_BY };
    for (const [k, v] of Object.entries(props.labels ?? {})) {
      if (own[k] !== undefined && own[k] !== v) {
        throw propError(this.owner, keyProp('labels', k), v, `conflicts with "${own[k]}" set by the library (it selects the library's objects)`, 'drop the label, or use another key');
      }
    }
    this.serviceAccountName = name;
    this.namespace = props.namespace;
    this.claims = props.onDemandClaims ?? false;
    const metadata = {
      name,
      namespace: props.namespace,
      labels: { ...own, ...props.labels },
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
    SPARK_APP.verify({ owner: this.owner }, 'addUser app', app);
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
