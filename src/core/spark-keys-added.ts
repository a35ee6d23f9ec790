// ~~ Maintained by hand (not generated). Spark configuration keys of the 4.1 and 4.2 lines that the
// generated list (spark-keys.ts, from a 3.5.5 key list plus the 4.x additions known when it was
// made) lacks, so that setting them does not warn `[unknown-spark-key]`, and so that setting them
// on an older release warns `[spark-key-not-in-version]`. When spark-keys.ts is regenerated from a
// list that has these keys, remove them here. Sources are named per key; see docs/spark-versions.md.
//
// Abbreviations for the sources:
//   RN-4.1.0  Spark 4.1.0 release notes, apache/spark-website@2cd69f4e:releases/_posts/2025-12-16-spark-release-4-1-0.md
//   RN-4.2.0  Spark 4.2.0 release notes, apache/spark-website@08a69eba:releases/_posts/2026-07-14-spark-release-4-2-0.md
//   OP        apache/spark-kubernetes-operator@d5acafd2:examples/*.yaml (examples run on Spark 4.2.0)
//   WALK      a source walk-through of resource-managers/kubernetes at apache/spark v4.2.0 (third-party
//             reading of Config.scala, which gives each key's .version(); not an upstream file)

/** Keys added in Spark 4.1.0 and 4.2.0, by the release that added them. */
const ADDED_KEY_GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['4.1.0', [
    'spark.kubernetes.driver.annotateExitException', // SPARK-53335, RN-4.1.0
    'spark.kubernetes.executor.pod.excludedFeatureSteps', // WALK (the driver key is in the generated list)
    'spark.kubernetes.executor.terminationGracePeriodSeconds', // WALK (default 30)
    'spark.kubernetes.allocation.maxPendingPodsPerRp', // WALK
    'spark.kubernetes.executor.deletedExecutorsCacheTimeout', // WALK
  ]],
  ['4.2.0', [
    'spark.kubernetes.allocation.recoveryMode.enabled', // SPARK-55639, RN-4.2.0, OP group-by-with-recovery-mode.yaml
    'spark.kubernetes.executor.resizeInterval', // SPARK-55432 ExecutorResizePlugin, OP pi-java25-with-executor-resize-plugin.yaml
    'spark.kubernetes.executor.resizeThreshold', // SPARK-55432, OP
    'spark.kubernetes.executor.resizeFactor', // SPARK-55432, WALK
    'spark.kubernetes.executor.pvc.resizeInterval', // SPARK-56693 ExecutorPVCResizePlugin, OP pi-java25-with-executor-pvc-resize-plugin.yaml
    'spark.kubernetes.executor.pvc.resizeThreshold', // SPARK-56693, OP
    'spark.kubernetes.executor.pvc.resizeFactor', // SPARK-56693, OP
    'spark.kubernetes.executor.podDeletionCost', // SPARK-54173 Deployment allocator, WALK
    'spark.kubernetes.scheduler.volcano.podGroupTemplateJson', // SPARK-54553, RN-4.2.0
    'spark.ui.showErrorStacks', // SPARK-54877, RN-4.2.0
    'spark.ui.jetty.sniHostCheckEnabled', // SPARK-56528, RN-4.2.0
    'spark.ui.contentSecurityPolicy.enabled', // SPARK-57589, RN-4.2.0
    'spark.yarn.am.defaultJavaOptions', // SPARK-55831, RN-4.2.0
  ]],
];

/** Release that added each hand-listed key. */
export const ADDED_KEY_SINCE: ReadonlyMap<string, string> = new Map(
  ADDED_KEY_GROUPS.flatMap(([since, keys]) => keys.map(k => [k, since] as const)),
);
