import { execFileSync } from 'child_process';
import { Chart, Size, Testing } from 'cdk8s';
import {
  CelebornCluster, CpuCores, DependencyVolume, DependencyVolumeProps, ShuffleStorage, SparkApp, SparkAppProps, SparkDriverIdentity,
  SparkNamespace, SparkNamespaceProps, SparkVersion, SparkWarnings,
} from '../src';
import { findAll, findOne, synth } from './util';

// Behaviour of the platform layer's fixes for issue 12: accepted-but-cannot-run configurations,
// values written into files and scripts, and names derived from the user's.

const APP: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/app/etl.jar',
  mainClass: 'com.example.Etl',
};

const JAR = 'https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar';

function tenant(props: SparkNamespaceProps = {}) {
  const chart = Testing.chart();
  const ns = new SparkNamespace(chart, 'Team', props);
  return { chart, ns };
}

function deps(chart: Chart, props: Partial<DependencyVolumeProps> = {}, id = 'Deps') {
  return new DependencyVolume(chart, id, {
    namespace: 'team',
    storageClassName: 'shared-rwx',
    downloads: [{ url: JAR, path: 'jars/hadoop-aws-3.3.4.jar' }],
    ...props,
  });
}

function app(chart: Chart, ns: SparkNamespace | undefined, id = 'Etl', props: Partial<SparkAppProps> = {}) {
  return new SparkApp(chart, id, { ...APP, ...(ns ? { sparkNamespace: ns } : { namespace: 'team' }), ...props } as SparkAppProps);
}

/** A minimal `java.util.Properties.load`: logical lines, comments, separators and escapes. */
function loadProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^[ \t\f]+/, '');
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    // a line ending in an odd number of backslashes continues
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].replace(/^[ \t\f]+/, '');
    let k = 0;
    let key = '';
    while (k < line.length && !'=: \t\f'.includes(line[k])) {
      if (line[k] === '\\') k++;
      key += line[k++];
    }
    while (k < line.length && ' \t\f'.includes(line[k])) k++;
    if (line[k] === '=' || line[k] === ':') k++;
    while (k < line.length && ' \t\f'.includes(line[k])) k++;
    out.set(unescape(key), unescape(line.slice(k)));
  }
  return out;

  function unescape(s: string): string {
    return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
      if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
      return ({ n: '\n', r: '\r', t: '\t', f: '\f' } as Record<string, string>)[e] ?? e;
    });
  }
}

/** Runs a fill Job's script with curl, mkdir and mv replaced by functions that print their arguments. */
function runFillScript(script: string): string[] {
  const stub = 'curl() { for a in "$@"; do printf "%s\\0" "$a"; done; }; mkdir() { :; }; mv() { :; }\n';
  const out = execFileSync('sh', ['-c', stub + script], { encoding: 'utf8' });
  return out.split('\0').filter(x => x !== '');
}

describe('DependencyVolume in a SparkNamespace', () => {
  test('a name whose fill Job name would pass 63 characters is an error naming the prop', () => {
    const chart = Testing.chart();
    const name = 'a'.repeat(59);
    expect(() => deps(chart, { name })).toThrow(`DependencyVolume Deps: name "${name}" gives the fill Job the name "${name}-fill" of 64 characters, and a Job name is at most 63 (Kubernetes puts it in a label of the Job's pods); use a name of at most 58 characters`);
    deps(Testing.chart(), { name: 'a'.repeat(58) });
  });

  test('mounting into an app of the namespace counts the claim and the fill Job in its capacity', () => {
    const { chart, ns } = tenant({ quota: { persistentVolumeClaims: 5, storage: Size.gibibytes(10) } });
    const volume = deps(chart, { size: Size.gibibytes(2) });
    volume.mountInto(app(chart, ns));
    volume.mountInto(app(chart, ns, 'Other')); // counted once
    const w = ns.capacityReport().workloads['dependencies-deps'];
    expect(w.persistentVolumeClaims).toBe(1);
    expect(w.storageRequestMebibytes).toBe(2048);
    expect(w.storageByClassMebibytes).toEqual({ 'shared-rwx': 2048 });
    expect(w.pods).toBe(1);
    expect(ns.capacityReport().headroom.persistentvolumeclaims).toBe(4);
    synth(chart);
  });

  test('a claim quota too small for the claim is an error naming the quota prop', () => {
    const { chart, ns } = tenant({ quota: { storage: Size.gibibytes(1) } });
    deps(chart, { size: Size.gibibytes(2) }).mountInto(app(chart, ns));
    expect(() => synth(chart)).toThrow('SparkNamespace Team: quota.storage 1Gi is below the 2Gi of requests.storage that a pod of workload dependencies-deps alone needs; raise quota.storage to at least 2Gi, or make the workload\'s pods smaller');
  });

  test('the claim counts against the namespace total with the apps', () => {
    const { chart, ns } = tenant({ quota: { persistentVolumeClaims: 1 } });
    const p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1';
    app(chart, ns, 'Etl', {
      executorInstances: 1,
      sparkConf: { [`${p}.options.claimName`]: 'OnDemand', [`${p}.options.storageClass`]: 'gp3', [`${p}.options.sizeLimit`]: '10Gi', [`${p}.mount.path`]: '/data' },
    });
    deps(chart).mountInto(ns.apps[0]);
    synth(chart);
    expect(SparkWarnings.of(ns)).toEqual(['test/Team: the peaks of all apps and workloads together exceed the quota (they cannot all run at once): persistentvolumeclaims 2 > 1 [capacity-exceeded]']);
  });

  test('the fill Job may reach the download URLs\' ports and DNS when the namespace denies egress', () => {
    const { chart, ns } = tenant();
    deps(chart, {
      downloads: [
        { url: JAR, path: 'jars/a.jar' },
        { url: 'https://artifacts.example.com:8443/libs/b.jar', path: 'jars/b.jar' },
        { url: 'https://repo.example.org/c.jar', path: 'jars/c.jar' },
      ],
    }).mountInto(app(chart, ns));
    const p = findOne(synth(chart), 'NetworkPolicy', 'deps-fill-egress');
    expect(p.metadata.namespace).toBe('team');
    expect(p.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'spark-dependencies', 'app.kubernetes.io/instance': 'deps', 'app.kubernetes.io/managed-by': 'cdk8s-spark' } });
    expect(p.spec.policyTypes).toEqual(['Egress']);
    expect(p.spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8443 }],
    });
    expect(p.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    // The policy selects the Job's pods.
    const job = findOne(synth(chart), 'Job');
    expect(job.spec.template.metadata.labels).toMatchObject(p.spec.podSelector.matchLabels);
  });

  test('no egress policy when the namespace leaves egress open, or without a namespace', () => {
    const open = tenant({ restrictEgress: false });
    deps(open.chart).mountInto(app(open.chart, open.ns));
    expect(findAll(synth(open.chart), 'NetworkPolicy').map(p => p.metadata.name)).not.toContain('deps-fill-egress');
    const plain = Testing.chart();
    deps(plain).mountInto(app(plain, undefined));
    expect(findAll(synth(plain), 'NetworkPolicy')).toEqual([]);
  });

  test('LimitRange maximums apply to the fill Job', () => {
    const { chart, ns } = tenant({ limitRange: { maxPodCpu: CpuCores.millis(250) } });
    deps(chart).mountInto(app(chart, ns, 'Etl', { driverCoreLimit: CpuCores.millis(250), executorCoreLimit: CpuCores.millis(250), driverCoreRequest: CpuCores.millis(250), executorCoreRequest: CpuCores.millis(250) }));
    expect(() => synth(chart)).toThrow('SparkNamespace Team: limitRange.maxPodCpu 250m is below the CPU limit 500m of a pod of workload dependencies-deps; raise limitRange.maxPodCpu to at least 500m, or lower the workload\'s CPU');
  });
});

describe('LimitRange', () => {
  test('a default memory request above the default limit is an error, as the API server rejects it', () => {
    expect(() => tenant({ limitRange: { defaultMemoryRequest: Size.mebibytes(512), defaultMemoryLimit: Size.mebibytes(256) } }))
      .toThrow('SparkNamespace Team: limitRange.defaultMemoryRequest 512Mi is above limitRange.defaultMemoryLimit 256Mi, and the API server rejects a LimitRange whose default request exceeds its default limit; raise limitRange.defaultMemoryLimit to at least 512Mi, or lower limitRange.defaultMemoryRequest');
    expect(() => tenant({ limitRange: { defaultMemoryRequest: Size.mebibytes(512) } }))
      .toThrow('SparkNamespace Team: limitRange.defaultMemoryRequest 512Mi is above limitRange.defaultMemoryLimit 256Mi (the default), and the API server rejects a LimitRange whose default request exceeds its default limit; raise limitRange.defaultMemoryLimit to at least 512Mi, or lower limitRange.defaultMemoryRequest');
    expect(() => tenant({ limitRange: { defaultMemoryLimit: Size.mebibytes(64) } }))
      .toThrow('SparkNamespace Team: limitRange.defaultMemoryLimit 64Mi is below limitRange.defaultMemoryRequest 128Mi (the default), and the API server rejects a LimitRange whose default request exceeds its default limit; raise limitRange.defaultMemoryLimit to at least 128Mi, or set a lower limitRange.defaultMemoryRequest');
    const lr = findOne(synth(tenant({ limitRange: { defaultMemoryRequest: Size.mebibytes(256), defaultMemoryLimit: Size.mebibytes(256) } }).chart), 'LimitRange');
    expect(lr.spec.limits[0]).toMatchObject({ defaultRequest: { memory: '256Mi' }, default: { memory: '256Mi' } });
  });

  test('maximums apply to the Celeborn masters and workers', () => {
    const { chart, ns } = tenant({ limitRange: { maxPodMemory: Size.gibibytes(8) } });
    new CelebornCluster(chart, 'Celeborn', { storageClassName: 'fast', sparkNamespace: ns, workerOffHeapMemory: Size.gibibytes(8) });
    expect(() => synth(chart)).toThrow('SparkNamespace Team: limitRange.maxPodMemory 8Gi is below the memory limit 11264Mi of a pod of workload celeborn-celeborn; raise limitRange.maxPodMemory to at least 11264Mi, or lower the workload\'s memory');
  });

  test('a CPU limit required by the quota, and a workload pod without one', () => {
    const { chart, ns } = tenant({ quota: { cpuLimits: CpuCores.of(100) } });
    const pod = deps(chart).podResources()[0];
    ns.registerWorkload('sidecar-service', [{ ...pod, cpuLimitMillis: undefined }]);
    expect(() => synth(chart)).toThrow('SparkNamespace Team: quota.cpuLimits 100 requires a CPU limit on every pod, and a pod of workload sidecar-service has none; give the workload\'s pods a CPU limit, or drop quota.cpuLimits');
  });
});

describe('shared driver identity', () => {
  const claimConf = (p = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.data') => ({
    [`${p}.options.claimName`]: 'OnDemand', [`${p}.options.storageClass`]: 'gp3', [`${p}.options.sizeLimit`]: '10Gi', [`${p}.mount.path`]: '/data',
  });
  const pvcRule = { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'deletecollection', 'list'] };

  test('the namespace\'s Role gets the claim rule once an app with on-demand claims uses it', () => {
    const { chart, ns } = tenant();
    app(chart, ns, 'Plain');
    expect(findOne(synth(chart), 'Role').rules).not.toContainEqual(pvcRule);
    app(chart, ns, 'Claims', { sparkConf: claimConf() });
    expect(findOne(synth(chart), 'Role').rules).toContainEqual(pvcRule);
  });

  test('claims added by a feature after the app registered count too', () => {
    const { chart, ns } = tenant();
    app(chart, ns, 'Shuffle', { shuffleStorage: ShuffleStorage.onDemandPvc({ storageClass: 'gp3', size: Size.gibibytes(50) }) });
    expect(findOne(synth(chart), 'Role').rules).toContainEqual(pvcRule);
  });

  test('an identity shared by hand: addUser gives its Role what the app needs', () => {
    const chart = Testing.chart();
    const identity = new SparkDriverIdentity(chart, 'Shared', { namespace: 'team', name: 'batch.drivers' });
    const a = app(chart, undefined, 'Etl', { serviceAccountName: identity.serviceAccountName, sparkConf: claimConf() });
    expect(findOne(synth(chart), 'Role', 'batch.drivers').rules).not.toContainEqual(pvcRule);
    identity.addUser(a);
    expect(findOne(synth(chart), 'Role', 'batch.drivers').rules).toContainEqual(pvcRule);
  });
});

describe('nothing injectable', () => {
  const hostile = [
    'line\nceleborn.master.ha.enabled=false',
    'quotes " and \' and `backticks`',
    '$(touch /tmp/x) ${HOME} \\ trailing backslash\\',
    '  leading blanks and # not a comment',
    'tab\there\r\nand CRLF \u0007 bell',
  ];

  test.each(hostile)('a Celeborn configuration value reads back exactly: %j', value => {
    const chart = Testing.chart();
    new CelebornCluster(chart, 'Celeborn', { storageClassName: 'fast', configuration: { 'celeborn.worker.flusher.buffer.size': value } });
    const conf = findOne(synth(chart), 'ConfigMap').data['celeborn-defaults.conf'];
    const props = loadProperties(conf);
    // Celeborn trims blanks around a value (not line breaks), as it does for any file.
    expect(props.get('celeborn.worker.flusher.buffer.size')?.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, m => m.replace(/[^\r\n]/g, '')))
      .toBe(value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, m => m.replace(/[^\r\n]/g, '')));
    expect(props.get('celeborn.master.ha.enabled')).toBe('true');
    expect([...props.keys()].filter(k => !k.startsWith('celeborn.'))).toEqual([]);
  });

  test('a Celeborn configuration key with separators reads back as one key', () => {
    const chart = Testing.chart();
    new CelebornCluster(chart, 'Celeborn', { storageClassName: 'fast', configuration: { 'celeborn.x=y:z #w': 'v' } });
    const props = loadProperties(findOne(synth(chart), 'ConfigMap').data['celeborn-defaults.conf']);
    expect(props.get('celeborn.x=y:z #w')).toBe('v');
  });

  test('numbers and booleans from JavaScript are written as Celeborn reads them', () => {
    const chart = Testing.chart();
    new CelebornCluster(chart, 'Celeborn', { storageClassName: 'fast', configuration: { 'celeborn.worker.flusher.threads': 8, 'celeborn.worker.sortPartition.reservedMemory.enabled': false } as any });
    const props = loadProperties(findOne(synth(chart), 'ConfigMap').data['celeborn-defaults.conf']);
    expect(props.get('celeborn.worker.flusher.threads')).toBe('8');
    expect(props.get('celeborn.worker.sortPartition.reservedMemory.enabled')).toBe('false');
  });

  test.each([
    'https://repo.example.com/a\'b.jar',
    'https://repo.example.com/$(id)/`id`/${HOME}.jar',
    'https://repo.example.com/a.jar?x="1";echo&y=2|z',
  ])('a download URL reaches curl as one argument, unexpanded: %s', url => {
    const chart = Testing.chart();
    deps(chart, { downloads: [{ url, path: 'jars/a.jar' }] });
    const script: string = findOne(synth(chart), 'Job').spec.template.spec.containers[0].command[2];
    expect(runFillScript(script)).toEqual(['-fsSL', '--retry', '5', '--retry-delay', '5', '-o', '/deps/jars/a.jar.part', url]);
  });

  test.each([
    ['https://repo.example.com/a.jar\nrm -rf /', 'contains whitespace or a control character; percent-encode it (a space is %20)'],
    ['https://repo.example.com/a b.jar', 'contains whitespace or a control character; percent-encode it (a space is %20)'],
    ['http://repo.example.com/a.jar', 'must be an https:// URL; use e.g. https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar'],
    ['https://', 'must be an https:// URL; use e.g. https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar'],
  ])('a download URL that cannot be fetched safely is an error: %j', (url, problem) => {
    expect(() => deps(Testing.chart(), { downloads: [{ url, path: 'a.jar' }] })).toThrow(`DependencyVolume Deps: downloads[0].url ${JSON.stringify(url)} ${problem}`);
  });

  test.each(['$(id).jar', 'a;b.jar', 'jars/../../etc/passwd', 'jars/./a.jar', "a'b.jar", 'a\nb.jar'])('a download path outside the plain form is an error: %j', path => {
    expect(() => deps(Testing.chart(), { downloads: [{ url: JAR, path }] }))
      .toThrow(`DependencyVolume Deps: downloads[0].path ${JSON.stringify(path)} must be a relative path of letters, digits, ".", "_" and "-" (no "." or ".." elements); use e.g. jars/hadoop-aws-3.3.4.jar`);
  });

  test('a namespace from the chart that could break the Celeborn master script is an error', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'x"; rm -rf / #' });
    expect(() => new CelebornCluster(chart, 'Celeborn', { storageClassName: 'fast' }))
      .toThrow('CelebornCluster Celeborn: namespace "x\\"; rm -rf / #" (the chart\'s namespace) must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit; run the cluster in a valid namespace, e.g. "shuffle"');
  });
});

describe('derived names and references', () => {
  test('a Celeborn name of 45 characters is accepted, 46 gives a StatefulSet name over 52', () => {
    new CelebornCluster(Testing.chart(), 'Celeborn', { storageClassName: 'fast', name: `c${'a'.repeat(44)}` });
    const name = `c${'a'.repeat(45)}`;
    expect(() => new CelebornCluster(Testing.chart(), 'Celeborn', { storageClassName: 'fast', name }))
      .toThrow(`CelebornCluster Celeborn: name "${name}" gives the StatefulSet name "${name}-worker" of 53 characters, and a StatefulSet name is at most 52 (its pods' controller-revision-hash label adds 11); use a name of at most 45 characters, e.g. "celeborn"`);
  });

  test('a driver identity name is a DNS subdomain of up to 253 characters', () => {
    const chart = Testing.chart();
    new SparkDriverIdentity(chart, 'A', { namespace: 'team', name: 'drivers.batch' });
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
    expect(long.length).toBe(254);
    expect(() => new SparkDriverIdentity(chart, 'B', { namespace: 'team', name: long })).toThrow(/^SparkDriverIdentity B: name "a+\.b+\.c+\.d+" must be a DNS-1123 subdomain/);
  });

  test('an egress destination name gives the NetworkPolicy name', () => {
    const name = 'a'.repeat(241);
    expect(() => tenant({ egressDestinations: [{ name, cidrs: ['10.0.0.0/8'], ports: [443] }] }))
      .toThrow(`SparkNamespace Team: egressDestinations[0].name "${name}" gives the NetworkPolicy name "allow-egress-${'a'.repeat(27)}..." of 254 characters (at most 253); use at most 240 characters`);
  });

  test('IPv6 CIDRs are accepted; an empty apiServerCidrs is an error (it would allow every address)', () => {
    const out = synth(tenant({ apiServerCidrs: ['fd00:10::1/128', '10.0.0.1/32'] }).chart);
    expect(findOne(out, 'NetworkPolicy', 'allow-driver-api-server').spec.egress[0].to).toEqual([{ ipBlock: { cidr: 'fd00:10::1/128' } }, { ipBlock: { cidr: '10.0.0.1/32' } }]);
    expect(() => tenant({ apiServerCidrs: [] })).toThrow('SparkNamespace Team: apiServerCidrs [] must list at least one CIDR (an egress rule without destinations allows every address); list the API server endpoints\' CIDRs, or leave apiServerCidrs unset for 0.0.0.0/0');
  });

  test('a tier with a negative value is a valid PriorityClass', () => {
    const out = synth(tenant({ tiers: [{ name: 'batch', value: 10 }, { name: 'scavenger', value: -100, priorityClassName: 'scavenger-tier' }] }).chart);
    expect(findOne(out, 'PriorityClass', 'scavenger-tier').value).toBe(-100);
  });
});

describe('method arguments from JavaScript', () => {
  const weird: unknown[] = [undefined, null, NaN, -1, 0.5, 2 ** 31, '', ' x ', 'a\nb', '$(id)', [], {}, [null], ['443'], [0], { a: 1 }, () => 1, Size.gibibytes(1)];
  const OWN = /^(SparkNamespace|DependencyVolume|SparkDriverIdentity) [A-Za-z]+: \S/;

  function libraryErrorOrNothing(f: () => void) {
    try {
      f();
    } catch (e) {
      expect((e as Error).constructor).toBe(Error);
      expect((e as Error).message).toMatch(OWN);
    }
  }

  test.each(weird.map(v => [v]))('%p', v => {
    const { chart, ns } = tenant();
    const a = app(chart, ns);
    const volume = deps(chart);
    libraryErrorOrNothing(() => ns.allowMetricsScraping(v as any, [4040]));
    libraryErrorOrNothing(() => ns.allowMetricsScraping('monitoring', v as any));
    libraryErrorOrNothing(() => ns.allowSparkEgressTo(v as any, { a: 'b' }, [80]));
    libraryErrorOrNothing(() => ns.allowSparkEgressTo('x', v as any, [80]));
    libraryErrorOrNothing(() => ns.allowSparkEgressTo('y', { a: 'b' }, v as any));
    libraryErrorOrNothing(() => ns.allowSparkEgressTo('z', { a: 'b' }, [80], v as any));
    libraryErrorOrNothing(() => ns.registerWorkload(v as any, []));
    libraryErrorOrNothing(() => ns.registerWorkload(`w${weird.indexOf(v)}`, v as any));
    libraryErrorOrNothing(() => ns.registerApp(v as any));
    libraryErrorOrNothing(() => volume.mountInto(v as any));
    libraryErrorOrNothing(() => volume.mountInto(a, v as any));
    libraryErrorOrNothing(() => (ns.driverIdentity as SparkDriverIdentity).addUser(v as any));
  });
});
