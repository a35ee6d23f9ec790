/** The label every object of the library carries. */
export const MANAGED_BY: { readonly [key: string]: string } = { 'app.kubernetes.io/managed-by': 'cdk8s-spark' };

/**
 * The recommended Kubernetes labels of an object the library defines: name (the software),
 * instance (the app or cluster), component (its role) and managed-by.
 */
export function recommendedLabels(
  name: string, instance: string, component: string, extra: { [key: string]: string } = {},
): { [key: string]: string } {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
    ...extra,
    ...MANAGED_BY,
  };
}

/**
 * The managed-by value the Stackable operator's driver pod controller follows
 * (stackabletech/spark-k8s-operator@405d5514 rust/operator-binary/src/main.rs#L203: it watches
 * `app.kubernetes.io/managed-by=spark.stackable.tech_sparkapplication,spark-role=driver`, updates
 * the app's status from the driver pod and deletes the pod when it ends). The driver pods of
 * Stackable apps keep the operator's value instead of the library's.
 */
export const STACKABLE_MANAGED_BY = 'spark.stackable.tech_sparkapplication';

/**
 * Selector of the library's Spark pods in a namespace (policies, monitors): by the library's
 * managed-by label, or, when Stackable apps run there, by either managed-by value (their drivers
 * carry the operator's). `extra` labels narrow it (e.g. the driver component).
 */
export function sparkPodsSelector(
  withStackable: boolean, extra: { [key: string]: string } = {},
): { matchLabels?: { [key: string]: string }; matchExpressions?: any[] } {
  if (!withStackable) return { matchLabels: { ...extra, ...MANAGED_BY } };
  return {
    ...(Object.keys(extra).length ? { matchLabels: { ...extra } } : {}),
    matchExpressions: [{ key: 'app.kubernetes.io/managed-by', operator: 'In', values: [MANAGED_BY['app.kubernetes.io/managed-by'], STACKABLE_MANAGED_BY] }],
  };
}

/** Labels of an object that belongs to one Spark application. */
export function sparkAppLabels(appName: string, component: string, extra: { [key: string]: string } = {}): { [key: string]: string } {
  return recommendedLabels('spark', appName, component, extra);
}

/**
 * Labels selecting the driver and executor pods of one Spark application. On the Stackable
 * back-end (`stackable`) the driver carries the operator's managed-by, so the app's pods are
 * selected by the software name instead.
 */
export function sparkPodSelector(appName: string, stackable = false): { [key: string]: string } {
  if (stackable) return { 'app.kubernetes.io/instance': appName, 'app.kubernetes.io/name': 'spark' };
  return { 'app.kubernetes.io/instance': appName, ...MANAGED_BY };
}

/** The label Spark puts on every pod it creates: `driver` or `executor` (Spark's `spark-role`). */
export const SPARK_ROLE_LABEL = 'spark-role';

/**
 * Labels selecting an app's driver pod: the app's pod selector labels (which the library puts on
 * driver and executors) and Spark's `spark-role=driver`. The run's app id (`spark-app-selector`)
 * is only known at run time.
 */
export function sparkDriverSelector(podSelectorLabels: { [key: string]: string }): { [key: string]: string } {
  return { ...podSelectorLabels, [SPARK_ROLE_LABEL]: 'driver' };
}
