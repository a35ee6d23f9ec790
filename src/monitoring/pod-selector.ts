import { sparkPodsSelector } from '../core/labels';

/**
 * The label selector of a PodMonitor over some apps' pods of some roles (`spark-driver`,
 * `spark-executor`): the library's Spark pods, by app name and component. Drivers of apps on the
 * Stackable back-end carry the operator's managed-by label, so with one among the apps either
 * value matches.
 */
export function appPodsSelector(apps: Array<{ name: string; backend: string }>, components: string[]): any {
  const pods = sparkPodsSelector(apps.some(a => a.backend === 'stackable'));
  return {
    matchLabels: pods.matchLabels,
    matchExpressions: [
      ...(pods.matchExpressions ?? []),
      { key: 'app.kubernetes.io/instance', operator: 'In', values: apps.map(a => a.name).sort() },
      { key: 'app.kubernetes.io/component', operator: 'In', values: components },
    ],
  };
}
