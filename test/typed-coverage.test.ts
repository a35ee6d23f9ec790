import { Size, Testing } from 'cdk8s';
import {
  CpuCores, EventLogCompressionCodec, GpuAcceleration, GpuTrainingJob, SparkImage, FsGroupChangePolicy, HostPathType, PodSecurityLevel,
  PrometheusMonitoring, SparkApp, SparkAppProps,
  SparkHistoryServer, EventLogStore, SparkNamespace, SparkVersion, SparkVolume, SparkWarnings,
} from '../src';
import { findOne, synth } from './util';

// Issue 17: typed props for the settings the public spark-operator examples write as raw conf or
// JsonPatch. Each test names the example setting the prop replaces.

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

function make(props: Partial<SparkAppProps> = {}) {
  const chart = Testing.chart();
  const app = new SparkApp(chart, 'Etl', { ...BASE, ...props } as SparkAppProps);
  return { chart, app };
}

function appObject(props: Partial<SparkAppProps> = {}) {
  return findOne(synth(make(props).chart), 'SparkApplication');
}

function errorOf(build: () => void): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

const sidecar = { name: 'log-shipper', image: 'fluent/fluent-bit:3.0', cpu: CpuCores.millis(100), memory: Size.mebibytes(64) };

describe('typed props for what real apps set', () => {
  test('a fully configured app (snapshot)', () => {
    const data = SparkVolume.hostPath('data', '/mnt/nvme', { type: HostPathType.DIRECTORY_OR_CREATE });
    const obj = appObject({
      eventLogDir: 's3a://logs/spark-events',
      eventLogRollingMaxFileSize: Size.mebibytes(64),
      eventLogCompressionCodec: EventLogCompressionCodec.ZSTD,
      fileUploadPath: 's3a://uploads/etl',
      driverPodName: 'etl-driver',
      executorPodNamePrefix: 'etl',
      driverJavaOptions: ['-XX:+UseG1GC', '-Dlog4j2.formatMsgNoLookups=true'],
      executorJavaOptions: ['-XX:+UseG1GC'],
      extraClassPath: ['/opt/extra/jars/*'],
      applicationLabels: { team: 'analytics' },
      applicationAnnotations: { 'example.com/owner': 'analytics' },
      driverServiceLabels: { team: 'analytics' },
      driverServiceAnnotations: { 'prometheus.io/scrape': 'true' },
      initContainers: [{ ...sidecar, name: 'fetch', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
      sidecars: [sidecar],
      fsGroupChangePolicy: FsGroupChangePolicy.ON_ROOT_MISMATCH,
      executorVolumeMounts: [{ volume: data, path: '/data' }],
    });
    expect(obj).toMatchSnapshot();
  });
});

describe('conf entries: one source, conflicts name both', () => {
  test('driver Service labels and annotations are the CRD fields, and replace spark-pi-prometheus-servlet.yaml\'s driver.service.annotation keys', () => {
    const spec = appObject({ driverServiceLabels: { team: 'a' }, driverServiceAnnotations: { 'prometheus.io/scrape': 'true' } }).spec;
    expect(spec.driver.serviceLabels).toEqual({ team: 'a' });
    expect(spec.driver.serviceAnnotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(spec.sparkConf).toBeUndefined();
  });

  test('a sparkConf driver Service label is rendered in the field too', () => {
    const spec = appObject({ sparkConf: { 'spark.kubernetes.driver.service.label.team': 'a' } }).spec;
    expect(spec.driver.serviceLabels).toEqual({ team: 'a' });
    expect(spec.sparkConf).toBeUndefined();
  });

  test.each([
    ['driverServiceLabels', { driverServiceLabels: { team: 'a' }, sparkConf: { 'spark.kubernetes.driver.service.label.team': 'b' } },
      'SparkApp Etl: sparkConf["spark.kubernetes.driver.service.label.team"] "b" conflicts with "a" set by prop driverServiceLabels; set it through driverServiceLabels only and remove the key'],
    ['eventLogRollingMaxFileSize', { eventLogDir: 's3a://x/y', eventLogRollingMaxFileSize: Size.mebibytes(64), sparkConf: { 'spark.eventLog.rolling.maxFileSize': '128m' } },
      'SparkApp Etl: sparkConf["spark.eventLog.rolling.maxFileSize"] "128m" conflicts with "64m" set by prop eventLogRollingMaxFileSize; set it through eventLogRollingMaxFileSize only and remove the key'],
    ['fileUploadPath', { fileUploadPath: 's3a://a/b', sparkConf: { 'spark.kubernetes.file.upload.path': 's3a://c/d' } },
      'SparkApp Etl: sparkConf["spark.kubernetes.file.upload.path"] "s3a://c/d" conflicts with "s3a://a/b" set by prop fileUploadPath; set it through fileUploadPath only and remove the key'],
    ['driverPodName', { driverPodName: 'etl-driver', sparkConf: { 'spark.kubernetes.driver.pod.name': 'other' } },
      'SparkApp Etl: sparkConf["spark.kubernetes.driver.pod.name"] "other" conflicts with "etl-driver" set by prop driverPodName; set it through driverPodName only and remove the key'],
  ])('a sparkConf value that differs from %s is an error naming both', (_p, props, message) => {
    expect(errorOf(() => make(props as Partial<SparkAppProps>))).toBe(message);
  });

  test('a history server\'s rolling size that differs from the app\'s is an error naming both; the same size is accepted', () => {
    const build = (mib: number) => {
      const chart = Testing.chart();
      const history = new SparkHistoryServer(chart, 'History', {
        sparkVersion: SparkVersion.of('3.5.5'),
        image: 'registry.example/spark-s3a:3.5.5',
        store: EventLogStore.objectStore({ uri: 's3a://spark-logs/events', credentialsSecret: 'history-s3' }),
      });
      new SparkApp(chart, 'Etl', { ...BASE, historyServer: history, eventLogRollingMaxFileSize: Size.mebibytes(mib) });
      synth(chart);
    };
    expect(errorOf(() => build(64))).toBe('SparkApp Etl: sparkConf["spark.eventLog.rolling.maxFileSize"] "128m" (set by SparkHistoryServer History) conflicts with "64m" set by prop eventLogRollingMaxFileSize; set it in one place');
    expect(errorOf(() => build(128))).toBe('(no error)');
  });

  test('JVM options join what sparkConf and features add', () => {
    const { app } = make({ executorJavaOptions: ['-XX:+UseG1GC'], sparkConf: { 'spark.executor.extraJavaOptions': '-Dfoo=1' } });
    expect(app.sparkConfValue('spark.executor.extraJavaOptions')).toBe('-XX:+UseG1GC -Dfoo=1');
    expect(app.sparkConfSource('spark.executor.extraJavaOptions')).toBe('prop executorJavaOptions, sparkConf');
  });

  test('extraClassPath goes to both roles', () => {
    const { app } = make({ extraClassPath: ['/opt/a/*', '/opt/b.jar'] });
    expect(app.sparkConfValue('spark.driver.extraClassPath')).toBe('/opt/a/*:/opt/b.jar');
    expect(app.sparkConfValue('spark.executor.extraClassPath')).toBe('/opt/a/*:/opt/b.jar');
  });

  test('Spark\'s executor pod-name prefix rule: at most 47 characters, DNS labels joined by "."', () => {
    expect(errorOf(() => make({ executorPodNamePrefix: 'a'.repeat(47) }))).toBe('(no error)');
    expect(errorOf(() => make({ executorPodNamePrefix: 'etl.team' }))).toBe('(no error)');
    expect(errorOf(() => make({ executorPodNamePrefix: 'a'.repeat(48) }))).toBe(`SparkApp Etl: executorPodNamePrefix "${'a'.repeat(48)}" is 48 characters long; Spark refuses more than 47 (pods are named <prefix>-exec-<id>, at most 63 characters); shorten it to 47 characters or fewer, e.g. "${'a'.repeat(47)}"`);
  });

  test('application labels: the library\'s cannot be replaced; a sparkConf pod label the operator would overwrite is an error', () => {
    expect(errorOf(() => make({ applicationLabels: { 'app.kubernetes.io/name': 'x' } })))
      .toBe('SparkApp Etl: applicationLabels["app.kubernetes.io/name"] "x" (set by prop applicationLabels) conflicts with "spark" already on the SparkApplication; set the label in one place');
    expect(errorOf(() => synth(make({ applicationLabels: { team: 'a' }, sparkConf: { 'spark.kubernetes.driver.label.team': 'b' } }).chart)))
      .toContain('SparkApp Etl: sparkConf["spark.kubernetes.driver.label.team"] "b" conflicts with "a" set by prop applicationLabels (the operator copies the SparkApplication\'s labels to the driver pods); set the label in one place');
  });

  test('a driver servlet path that overrides the one PrometheusMonitoring scrapes is an error naming both (spark-pi-prometheus-servlet.yaml)', () => {
    const chart = Testing.chart();
    const monitoring = new PrometheusMonitoring(chart, 'Mon', {});
    new SparkApp(chart, 'Etl', { ...BASE, monitoring, sparkConf: { 'spark.metrics.conf.driver.sink.prometheusServlet.path': '/metrics/driver/prometheus/' } });
    expect(errorOf(() => synth(chart))).toContain('SparkApp Etl: sparkConf["spark.metrics.conf.driver.sink.prometheusServlet.path"] "/metrics/driver/prometheus/" overrides "/metrics/prometheus" set by PrometheusMonitoring Mon (spark.metrics.conf.*.sink.prometheusServlet.path) for the driver, so what reads that setting (e.g. a PodMonitor\'s path) no longer matches; set it in one place: remove spark.metrics.conf.driver.sink.prometheusServlet.path and let PrometheusMonitoring Mon set it');
  });
});

describe('containers and volumes', () => {
  test('a root init container is an error in a restricted namespace and a warning in a baseline one', () => {
    const chown = { ...sidecar, name: 'chown', runAsRoot: true };
    expect(errorOf(() => {
      const chart = Testing.chart();
      new SparkApp(chart, 'Etl', { ...BASE, sparkNamespace: new SparkNamespace(chart, 'Team', {}), initContainers: [chown] });
    })).toBe('SparkApp Etl: initContainers[0].runAsRoot true (container "chown") runs as root, which the restricted Pod Security Standard forbids, and namespace team enforces restricted (the driver and executor pods would be rejected); let the container run as the pods\' non-root user (drop runAsRoot), or place the app in a namespace with podSecurity baseline');
    const chart = Testing.chart();
    new SparkApp(chart, 'Etl', { ...BASE, sparkNamespace: new SparkNamespace(chart, 'Team', { podSecurity: PodSecurityLevel.BASELINE }), initContainers: [chown] });
    synth(chart);
    expect(SparkWarnings.of(chart)).toContain('test/Etl: initContainers[0] "chown" runs as root in the driver and executor pods: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]');
  });

  test('hostPath volumes: an error where baseline or restricted is enforced, else a warning', () => {
    const data = () => SparkVolume.hostPath('data', '/mnt/nvme');
    expect(errorOf(() => {
      const chart = Testing.chart();
      new SparkApp(chart, 'Etl', { ...BASE, sparkNamespace: new SparkNamespace(chart, 'Team', { podSecurity: PodSecurityLevel.BASELINE }), driverVolumeMounts: [{ volume: data(), path: '/data' }] });
    })).toBe('SparkApp Etl: driverVolumeMounts[0].volume "data" is a hostPath volume (/mnt/nvme), which the baseline Pod Security Standard forbids (baseline and restricted both disallow hostPath volumes), and namespace team enforces baseline; use a PersistentVolumeClaim or an emptyDir, or place the app in a namespace with podSecurity privileged');
    const { chart } = make({ executorVolumeMounts: [{ volume: data(), path: '/data' }] });
    const spec = findOne(synth(chart), 'SparkApplication').spec;
    expect(spec.executor.template.spec.volumes).toEqual([{ name: 'data', hostPath: { path: '/mnt/nvme', type: 'Directory' } }]);
    expect(SparkWarnings.of(chart)).toContain('test/Etl: executorVolumeMounts[0].volume "data" mounts hostPath /mnt/nvme: hostPath volumes break the baseline and restricted Pod Security Standards and the directory must be accessible to the pods\' user (fsGroup does not apply) [host-path-volume]');
  });

  test('the defaults add nothing', () => {
    const obj = appObject();
    expect(obj.metadata.annotations).toBeUndefined();
    expect(obj.spec.driver.serviceLabels).toBeUndefined();
    expect(obj.spec.driver.template.spec.securityContext.fsGroupChangePolicy).toBeUndefined();
    expect(obj.spec.sparkConf).toBeUndefined();
  });
});

describe('image presets (SparkImage) and RAPIDS already in the image', () => {
  const ids = (obj: any, role: 'driver' | 'executor') => {
    const pod = obj.spec[role].template.spec;
    const c = pod.containers[0].securityContext;
    const s = pod.securityContext;
    return { uid: s.runAsUser, gid: s.runAsGroup, fsGroup: s.fsGroup, cUid: c.runAsUser, cGid: c.runAsGroup };
  };

  test.each([
    ['apacheSpark', SparkImage.apacheSpark('3.5.5'), 'apache/spark:3.5.5', { uid: 185, gid: 185, fsGroup: 185 }],
    ['sparkDistribution (legacy spark-py)', SparkImage.sparkDistribution('registry.example/spark-py:3.5.5'), 'registry.example/spark-py:3.5.5', { uid: 185, gid: 0, fsGroup: 185 }],
    ['rapids', SparkImage.rapids('nvcr.io/example/spark-rapids:3.5.5'), 'nvcr.io/example/spark-rapids:3.5.5', { uid: 185, gid: 0, fsGroup: 185 }],
    ['stackable', SparkImage.stackable('3.5.5-stackable25.3.0'), 'oci.stackable.tech/sdp/spark-k8s:3.5.5-stackable25.3.0', { uid: 1000, gid: 0, fsGroup: 1000 }],
    ['of', SparkImage.of('registry.example/spark:3.5.5', { user: 1001 }), 'registry.example/spark:3.5.5', { uid: 1001, gid: 1001, fsGroup: 1001 }],
  ])('%s: image and the pods\' user, group and fsGroup follow the preset', (_n, preset, ref, want) => {
    const obj = appObject({ image: undefined, imagePreset: preset });
    expect(obj.spec.image).toBe(ref);
    for (const role of ['driver', 'executor'] as const) {
      expect(ids(obj, role)).toEqual({ ...want, cUid: want.uid, cGid: want.gid });
    }
  });

  test('image equal to the preset\'s reference, and a user fsGroup, are accepted', () => {
    const obj = appObject({ image: 'apache/spark:3.5.5', imagePreset: SparkImage.apacheSpark('3.5.5'), security: { runAsUser: 185, fsGroup: 2000 } });
    expect(ids(obj, 'driver')).toEqual({ uid: 185, gid: 185, fsGroup: 2000, cUid: 185, cGid: 185 });
  });

  test('a plain image string keeps the 185 defaults (output unchanged)', () => {
    expect(ids(appObject(), 'executor')).toEqual({ uid: 185, gid: 185, fsGroup: 185, cUid: 185, cGid: 185 });
  });

  const gpu = new GpuAcceleration({ rapids: {} });
  test('a RAPIDS preset with the jar on the class path: no package, no jar', () => {
    const conf = appObject({ image: undefined, imagePreset: SparkImage.rapids('nvcr.io/example/spark-rapids:3.5.5'), features: [gpu] }).spec;
    expect(conf.deps?.packages).toBeUndefined();
    expect(conf.deps?.jars).toBeUndefined();
    expect(conf.sparkConf['spark.plugins']).toBe('com.nvidia.spark.SQLPlugin');
  });

  test('a RAPIDS preset with the jar outside the class path: that jar, no package', () => {
    const jar = 'local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar';
    const spec = appObject({ image: undefined, imagePreset: SparkImage.rapids('nvcr.io/example/spark-rapids:3.5.5', { jar }), features: [new GpuAcceleration({ rapids: {} })] }).spec;
    expect(spec.deps).toEqual({ jars: [jar] });
  });

  test('rapids.jarInImage: no package, no jar; without it the Maven package', () => {
    expect(appObject({ features: [new GpuAcceleration({ rapids: { jarInImage: true } })] }).spec.deps).toBeUndefined();
    expect(appObject({ features: [new GpuAcceleration({ rapids: {} })] }).spec.deps).toEqual({ packages: ['com.nvidia:rapids-4-spark_2.12:26.06.0'] });
  });

  test('GpuTrainingJob with a RAPIDS preset adds no package', () => {
    const chart = Testing.chart();
    new GpuTrainingJob(chart, 'Train', {
      sparkVersion: SparkVersion.of('3.5.5'),
      imagePreset: SparkImage.rapids('nvcr.io/example/spark-rapids:3.5.5'),
      mainApplicationFile: 'local:///opt/train.py',
      rapids: {},
    });
    const spec = findOne(synth(chart), 'SparkApplication').spec;
    expect(spec.image).toBe('nvcr.io/example/spark-rapids:3.5.5');
    expect(spec.deps?.packages).toBeUndefined();
    expect(spec.driver.template.spec.securityContext.runAsGroup).toBe(0);
  });
});

describe('per-role init containers and sidecars', () => {
  test('each goes into its role\'s pod only, after the containers of both roles, and the resource model counts it there', () => {
    const init = { ...sidecar, name: 'fetch', image: 'busybox:1.36', command: ['sh', '-c', 'true'] };
    const { chart, app } = make({
      initContainers: [{ ...init, name: 'both-init' }],
      driverInitContainers: [{ ...init, name: 'driver-init' }],
      executorInitContainers: [{ ...init, name: 'executor-init' }],
      driverSidecars: [{ ...sidecar, name: 'driver-side' }],
      executorSidecars: [{ ...sidecar, name: 'executor-side', memory: Size.mebibytes(128) }],
    });
    const spec = findOne(synth(chart), 'SparkApplication').spec;
    const names = (role: string, field: string) => (spec[role].template.spec[field] ?? []).map((c: any) => c.name);
    expect(names('driver', 'initContainers')).toEqual(['both-init', 'driver-init']);
    expect(names('executor', 'initContainers')).toEqual(['both-init', 'executor-init']);
    expect(names('driver', 'containers')).toEqual(['spark-kubernetes-driver', 'driver-side']);
    expect(names('executor', 'containers')).toEqual(['spark-kubernetes-executor', 'executor-side']);
    const side = spec.executor.template.spec.containers[1];
    expect(side.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsGroup: 185, runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' },
    });
    const r = app.resources();
    expect(r.driver.otherContainersMemoryMebibytes).toBe(64);
    expect(r.executor.otherContainersMemoryMebibytes).toBe(128);
  });

  test('a root init container of one role names that role in the warning', () => {
    const chart = Testing.chart();
    new SparkApp(chart, 'Etl', {
      ...BASE,
      sparkNamespace: new SparkNamespace(chart, 'Team', { podSecurity: PodSecurityLevel.BASELINE }),
      executorInitContainers: [{ ...sidecar, name: 'chown', runAsRoot: true }],
    });
    expect(SparkWarnings.of(chart)).toContain('test/Etl: executorInitContainers[0] "chown" runs as root in the executor pods: a namespace that enforces the restricted Pod Security Standard rejects them [root-container]');
  });
});
