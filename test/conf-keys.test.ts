import { alternativesOf, checkSparkConfKey, currentKeyOf, keyVersionProblem } from '../src/core/conf-keys';
import {
  DEPRECATED_SPARK_KEYS, SPARK4_KEY_SINCE, SPARK_KEY_PATTERNS, SPARK_KEY_PREFIXES, SPARK_KEYS, SPARK_KEYS_VERSION,
} from '../src/core/spark-keys';
import { SparkVersion } from '../src/core/versions';

describe('generated key list', () => {
  test('holds the Spark 3.5.5 keys and the 4.x additions', () => {
    expect(SPARK_KEYS_VERSION).toBe('3.5.5');
    expect(SPARK_KEYS.size).toBeGreaterThan(1400);
    expect(SPARK_KEYS.has('spark.executor.memory')).toBe(true);
    expect(SPARK_KEYS.has('spark.sql.shuffle.partitions')).toBe(true);
    expect(SPARK4_KEY_SINCE.get('spark.api.mode')).toBe('4.0.0');
    expect(SPARK_KEYS.has('spark.api.mode')).toBe(true);
  });

  test('patterns are anchored and prefixes end with a dot', () => {
    for (const re of SPARK_KEY_PATTERNS) expect(re.source).toMatch(/^\^.*\$$/);
    for (const p of SPARK_KEY_PREFIXES) expect(p).toMatch(/^spark\..+\.$/);
    expect(SPARK_KEY_PREFIXES).toEqual(expect.arrayContaining(['spark.rapids.', 'spark.celeborn.', 'spark.hadoop.']));
  });

  test('deprecations carry their replacement when there is one', () => {
    expect(DEPRECATED_SPARK_KEYS.get('spark.yarn.executor.memoryOverhead')).toBe('spark.executor.memoryOverhead');
    expect(DEPRECATED_SPARK_KEYS.has('spark.executor.port')).toBe(true);
    expect(DEPRECATED_SPARK_KEYS.get('spark.executor.port')).toBeUndefined();
  });
});

describe('checkSparkConfKey', () => {
  test.each([
    'spark.executor.memory',
    'spark.executor.instances',
    'spark.dynamicAllocation.maxExecutors',
    'spark.kubernetes.container.image',
    'spark.kubernetes.authenticate.driver.serviceAccountName',
    'spark.sql.shuffle.partitions',
    'spark.sql.adaptive.enabled',
    'spark.ui.prometheus.enabled',
    'spark.api.mode',
  ])('well-known key %s', key => {
    expect(checkSparkConfKey(key)).toEqual({ kind: 'known' });
  });

  test.each([
    'spark.kubernetes.driver.label.team',
    'spark.kubernetes.executor.label.app.kubernetes.io/name',
    'spark.kubernetes.driver.annotation.prometheus.io/scrape',
    'spark.kubernetes.node.selector.topology.kubernetes.io/zone',
    'spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path',
    'spark.kubernetes.driver.volumes.hostPath.cache.options.path',
    'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD',
    'spark.kubernetes.driverEnv.JAVA_HOME',
    'spark.executorEnv.AWS_REGION',
    'spark.executor.resource.gpu.amount',
    'spark.driver.resource.gpu.discoveryScript',
    'spark.task.resource.gpu.amount',
    'spark.executor.rpc.io.serverThreads',
    'spark.metrics.conf.*.sink.prometheusServlet.class',
    'spark.sql.catalog.lakehouse',
    'spark.sql.catalog.lakehouse.warehouse',
    'spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled',
    'spark.hadoop.fs.s3a.endpoint',
    'spark.org.apache.hadoop.security.authentication.server.AuthenticationFilter.param.type',
    'spark.ui.proxyBase',
  ])('pattern or open-prefix key %s', key => {
    expect(checkSparkConfKey(key)).toEqual({ kind: 'known' });
  });

  test.each([
    'spark.rapids.sql.enabled',
    'spark.rapids.memory.pinnedPool.size',
    'spark.celeborn.master.endpoints',
    'spark.shuffle.s3.rootDir',
    'spark.rss.coordinator.quorum',
    'spark.cassandra.connection.host',
    'spark.redis.host',
    'spark.kafka.consumer.cache.capacity',
    'spark.kubernetes.scheduler.volcano.podGroupTemplateFile',
  ])('plugin or connector key %s', key => {
    expect(checkSparkConfKey(key)).toEqual({ kind: 'known' });
  });

  test.each([
    ['spark.executor.memroy', 'spark.executor.memory'],
    ['spark.dynamicAllocation.maxExecutor', 'spark.dynamicAllocation.maxExecutors'],
    ['spark.sql.shuffle.partition', 'spark.sql.shuffle.partitions'],
    ['spark.exector.memory', 'spark.executor.memory'],
    ['spark.kubernetes.executor.limit.core', 'spark.kubernetes.executor.limit.cores'],
    ['spark.sql.ADAPTIVE.enabled', 'spark.sql.adaptive.enabled'],
    ['spark.hadop.fs.s3a.endpoint', 'spark.hadoop.fs.s3a.endpoint'],
    ['spark.kubernetes.driver.lables.team', 'spark.kubernetes.driver.label.team'],
    ['spark.executor.env.FOO', 'spark.executorEnv.FOO'],
  ])('misspelling %s suggests %s', (key, suggestion) => {
    expect(checkSparkConfKey(key)).toEqual({ kind: 'unknown', suggestion });
  });

  test('deprecated keys report their replacement', () => {
    expect(checkSparkConfKey('spark.yarn.executor.memoryOverhead')).toEqual({
      kind: 'deprecated',
      replacement: 'spark.executor.memoryOverhead',
    });
    expect(checkSparkConfKey('spark.blacklist.enabled')).toEqual({
      kind: 'deprecated',
      replacement: 'spark.excludeOnFailure.enabled',
    });
    // renamed twice: spark.yarn.max.worker.failures -> spark.yarn.max.executor.failures -> spark.executor.maxNumFailures
    expect(checkSparkConfKey('spark.yarn.max.worker.failures')).toEqual({
      kind: 'deprecated',
      replacement: 'spark.executor.maxNumFailures',
    });
  });

  test('deprecated keys without a replacement', () => {
    expect(checkSparkConfKey('spark.executor.port')).toEqual({ kind: 'deprecated' });
    // still a valid key in 3.5, but deprecated
    expect(checkSparkConfKey('spark.sql.execution.arrow.enabled')).toEqual({ kind: 'deprecated' });
  });

  test('unrelated unknown keys get no suggestion', () => {
    expect(checkSparkConfKey('spark.foo.bar')).toEqual({ kind: 'unknown' });
    expect(checkSparkConfKey('spark.mycompany.team.costCenter')).toEqual({ kind: 'unknown' });
    // a whole word swapped is a different key, not a misspelling of spark.ui.port
    expect(checkSparkConfKey('spark.ui.host')).toEqual({ kind: 'unknown' });
  });

  test('unlisted spark.sql keys are only reported with a suggestion', () => {
    expect(checkSparkConfKey('spark.sql.iceberg.handle-timestamp-without-timezone')).toEqual({ kind: 'known' });
    expect(checkSparkConfKey('spark.sql.hive.metastore.someNewOption')).toEqual({ kind: 'known' });
    // spark.sql. is a real path, not a misspelt spark.ssl.
    expect(checkSparkConfKey('spark.sql.somethingNew.enabled')).toEqual({ kind: 'known' });
  });

  test.each([
    'hive.metastore.uris',
    'fs.s3a.endpoint',
    'mapreduce.fileoutputcommitter.algorithm.version',
    'sparkling.water.option',
    'spark',
  ])('keys outside spark. are not checked: %s', key => {
    expect(checkSparkConfKey(key)).toEqual({ kind: 'known' });
  });

  test('results are cached and stable', () => {
    const first = checkSparkConfKey('spark.executor.memroy');
    expect(checkSparkConfKey('spark.executor.memroy')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  test('is fast for many applications', () => {
    const keys = [
      'spark.executor.memory', 'spark.executor.memroy', 'spark.kubernetes.driver.label.team', 'spark.hadoop.fs.s3a.impl',
      'spark.sql.shuffle.partition', 'spark.foo.bar',
    ];
    const start = Date.now();
    for (let app = 0; app < 5000; app++) {
      for (const key of keys) checkSparkConfKey(key);
      checkSparkConfKey(`spark.kubernetes.executor.label.app-${app}`);
    }
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('older names Spark still reads', () => {
  test('an older name stands for its current key, in the order Spark tries them', () => {
    expect(currentKeyOf('spark.unsafe.offHeap')).toBe('spark.memory.offHeap.enabled');
    expect(alternativesOf('spark.memory.offHeap.enabled')).toEqual(['spark.unsafe.offHeap']);
    expect(alternativesOf('spark.executor.memoryOverhead')).toEqual(['spark.yarn.executor.memoryOverhead']);
    expect(alternativesOf('spark.history.fs.update.interval')).toEqual(
      expect.arrayContaining(['spark.history.fs.update.interval.seconds', 'spark.history.fs.updateInterval', 'spark.history.updateInterval']));
    expect(currentKeyOf('spark.executor.memory')).toBeUndefined();
  });

  test('names whose old value Spark translates are not the same setting', () => {
    expect(currentKeyOf('spark.kryoserializer.buffer.mb')).toBeUndefined();
    expect(alternativesOf('spark.kryoserializer.buffer')).toEqual([]);
    expect(currentKeyOf('spark.yarn.applicationMaster.waitTries')).toBeUndefined();
  });

  test('keys removed without a replacement have no current key', () => {
    expect(currentKeyOf('spark.executor.port')).toBeUndefined();
  });
});

describe('keys of another Spark release', () => {
  test('a 4.x key on Spark 3.5, a key removed in 4.1', () => {
    expect(keyVersionProblem('spark.api.mode', SparkVersion.of('3.5.5'))).toBe('was added in Spark 4.0.0');
    expect(keyVersionProblem('spark.api.mode', SparkVersion.of('4.0.1'))).toBeUndefined();
    expect(keyVersionProblem('spark.jars.ivySettings', SparkVersion.of('4.1.0'))).toBe('was removed in Spark 4.1');
    expect(keyVersionProblem('spark.jars.ivySettings', SparkVersion.of('3.5.5'))).toBeUndefined();
    expect(keyVersionProblem('spark.executor.memory', SparkVersion.of('3.3.4'))).toBeUndefined();
  });
});
