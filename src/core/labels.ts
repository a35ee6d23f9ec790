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

/** Labels of an object that belongs to one Spark application. */
export function sparkAppLabels(appName: string, component: string, extra: { [key: string]: string } = {}): { [key: string]: string } {
  return recommendedLabels('spark', appName, component, extra);
}

/** Labels selecting the driver and executor pods of one Spark application. */
export function sparkPodSelector(appName: string): { [key: string]: string } {
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
