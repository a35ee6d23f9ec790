/**
 * The Spark conf the kubeflow spark-operator (v2.5) hands to spark-submit for a rendered
 * `SparkApplication`, emulating `buildSparkSubmitArgs` (kubeflow/spark-operator@38082f33:
 * internal/controller/sparkapplication/submission.go#L99-L148): the option functions run in a fixed
 * order and each `--conf key=value` they emit replaces an earlier one for the same key (spark-submit
 * keeps the last), so a typed field (driver.cores, executor.memory, ...) wins over the same key in
 * `sparkConf`. Labels, annotations, env and secrets become conf too but do not change the pods'
 * resources, so only what reaches the pod math, the image and the submission is emulated here.
 *
 * Used by tests to prove that what the kubeflow back-end renders gives the pods the resource model
 * computes (the same check each other back-end has for its own rendering).
 */
export function kubeflowSubmissionConf(resource: { metadata: { name: string; namespace?: string }; spec: any }): Map<string, string> {
  const spec = resource.spec ?? {};
  const conf = new Map<string, string>();
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') conf.set(k, `${v}`);
  };
  const join = (v: string[] | undefined) => (v && v.length ? v.join(',') : undefined);
  // nameOption, dependenciesOption (--jars, --packages, ... are spark-submit options for these keys)
  set('spark.app.name', resource.metadata.name);
  const deps = spec.deps ?? {};
  set('spark.jars', join(deps.jars));
  set('spark.jars.packages', join(deps.packages));
  set('spark.jars.excludes', join(deps.excludePackages));
  set('spark.jars.repositories', join(deps.repositories));
  set('spark.submit.pyFiles', join(deps.pyFiles));
  set('spark.files', join(deps.files));
  set('spark.archives', join(deps.archives));
  // namespaceOption, imageOption, pythonVersionOption, memoryOverheadFactorOption, submissionWaitAppCompletionOption
  set('spark.kubernetes.namespace', resource.metadata.namespace ?? 'default');
  set('spark.kubernetes.container.image', spec.image);
  set('spark.kubernetes.container.image.pullPolicy', spec.imagePullPolicy);
  set('spark.kubernetes.container.image.pullSecrets', join(spec.imagePullSecrets));
  set('spark.kubernetes.pyspark.pythonVersion', spec.pythonVersion);
  set('spark.kubernetes.memoryOverheadFactor', spec.memoryOverheadFactor);
  set('spark.kubernetes.submission.waitAppCompletion', 'false');
  // sparkConfOption (every entry but the driver pod name), hadoopConfOption
  for (const [k, v] of Object.entries(spec.sparkConf ?? {})) {
    if (k !== 'spark.kubernetes.driver.pod.name') set(k, v);
  }
  for (const [k, v] of Object.entries(spec.hadoopConf ?? {})) set(`spark.hadoop.${k}`, v);
  // driverPodNameOption: the field, else the sparkConf entry, else <name>-driver
  set('spark.kubernetes.driver.pod.name', spec.driver?.podName ?? spec.sparkConf?.['spark.kubernetes.driver.pod.name'] ?? `${resource.metadata.name}-driver`);
  // driverConfOption, executorConfOption: the typed role fields
  for (const role of ['driver', 'executor'] as const) {
    const r = spec[role] ?? {};
    if (role === 'executor') set('spark.executor.instances', r.instances);
    set(`spark.kubernetes.${role}.container.image`, r.image ?? spec.image);
    set(`spark.${role}.cores`, r.cores);
    set(`spark.kubernetes.${role}.request.cores`, r.coreRequest);
    set(`spark.kubernetes.${role}.limit.cores`, r.coreLimit);
    set(`spark.${role}.memory`, r.memory);
    set(`spark.${role}.memoryOverhead`, r.memoryOverhead);
    set(`spark.kubernetes.authenticate.${role}.serviceAccountName`, r.serviceAccount);
    if (role === 'executor' && r.deleteOnTermination !== undefined) set('spark.kubernetes.executor.deleteOnTermination', r.deleteOnTermination);
    set(`spark.${role}.extraJavaOptions`, r.javaOptions);
  }
  // nodeSelectorOption (the app-level field)
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) set(`spark.kubernetes.node.selector.${k}`, v);
  // dynamicAllocationOption: shuffle tracking defaults to true when the field is unset
  const da = spec.dynamicAllocation;
  if (da?.enabled) {
    set('spark.dynamicAllocation.enabled', 'true');
    set('spark.dynamicAllocation.initialExecutors', da.initialExecutors);
    set('spark.dynamicAllocation.minExecutors', da.minExecutors);
    set('spark.dynamicAllocation.maxExecutors', da.maxExecutors);
    set('spark.dynamicAllocation.shuffleTracking.enabled', da.shuffleTrackingEnabled ?? true);
    set('spark.dynamicAllocation.shuffleTracking.timeout', da.shuffleTrackingTimeout);
  }
  return conf;
}
