import { SparkBackend } from './backend';

/**
 * The name of the back-end an app runs on (`kubeflow` for an ISparkApp of your own without a
 * `backend`); for code below the workloads layer, which sees apps as ISparkApp.
 */
export function backendNameOf(app: object): string {
  const b = (app as { backend?: unknown }).backend;
  return SparkBackend.isSparkBackend(b) ? b.name : 'kubeflow';
}
