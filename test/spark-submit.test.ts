import { Chart, Duration, Size, Testing } from 'cdk8s';
import { findAll, findOne, synth } from './util';
import {
  ConcurrencyPolicy, CpuCores, GangScheduler, RestartPolicy, SparkApp, SparkAppProps, SparkBackend, SparkEnvValue, SparkNamespace,
  SparkUiIngress, SparkVersion, SparkWarnings,
} from '../src';
import { backoffLimit, sparkSubmitArgs, submitterRules } from '../src/backends/spark-submit/submit-job';

const BASE: SparkAppProps = {
  sparkVersion: SparkVersion.of('3.5.5'),
  image: 'apache/spark:3.5.5',
  mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.5.jar',
  mainClass: 'org.apache.spark.examples.SparkPi',
};

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'etl' });
}

function app(c: Chart, props: Partial<SparkAppProps> = {}, id = 'Pi'): SparkApp {
  return new SparkApp(c, id, { ...BASE, backend: SparkBackend.sparkSubmit(), ...props });
}

/** A fully configured app: schedule, retries, retention, namespace with restricted egress, pull secrets, env, arguments, options. */
function full(): { chart: Chart; app: SparkApp; ns: SparkNamespace } {
  const c = chart();
  const ns = new SparkNamespace(c, 'Team', { name: 'team-a', apiServerCidrs: ['10.0.0.1/32'] });
  const a = new SparkApp(c, 'Nightly', {
    ...BASE,
    name: 'nightly-pi',
    sparkNamespace: ns,
    backend: SparkBackend.sparkSubmit({ image: 'registry.example/spark-submit:3.5.5', submitterCpu: 0.5, submitterMemory: Size.mebibytes(768) }),
    schedule: { cron: '0 2 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: ConcurrencyPolicy.FORBID, successfulRunHistoryLimit: 2, failedRunHistoryLimit: 5 },
    restartPolicy: RestartPolicy.onFailure({ retries: 2 }),
    timeToLive: Duration.hours(6),
    imagePullSecrets: ['regcred'],
    arguments: ['1000', '$(rm -rf /); echo "x"'],
    driverMemory: Size.gibibytes(2),
    executorMemory: Size.gibibytes(4),
    executorInstances: 3,
    env: { MODE: SparkEnvValue.value('nightly') },
    sparkConf: { 'spark.sql.shuffle.partitions': '64', 'spark.custom.quote': 'a b;$HOME "c"' },
  });
  return { chart: c, app: a, ns };
}

describe('SparkBackend.sparkSubmit', () => {
  test('defaults snapshot', () => {
    const c = chart();
    app(c);
    expect(synth(c)).toMatchSnapshot();
  });

  test('fully configured snapshot', () => {
    expect(synth(full().chart)).toMatchSnapshot();
  });

  test('a Job whose pod runs spark-submit in cluster mode with every conf entry as its own argument', () => {
    const c = chart();
    app(c, { sparkConf: { 'spark.custom.quote': 'a b;$HOME "c"' }, arguments: ['x y', '$(id)'] });
    const out = synth(c);
    const job = findOne(out, 'Job', 'pi');
    const container = job.spec.template.spec.containers[0];
    expect(container.command).toEqual(['/opt/spark/bin/spark-submit']);
    const args: string[] = container.args;
    expect(args.slice(0, 8)).toEqual(['--master', 'k8s://https://kubernetes.default.svc', '--deploy-mode', 'cluster', '--name', 'pi', '--class', 'org.apache.spark.examples.SparkPi']);
    expect(args.slice(-3)).toEqual([BASE.mainApplicationFile, 'x y', '$(id)']);
    const confs = args.slice(8, -3);
    // pairs of --conf and key=value, sorted by key, each value one argv element (no shell)
    for (let i = 0; i < confs.length; i += 2) expect(confs[i]).toBe('--conf');
    const entries = confs.filter((_, i) => i % 2 === 1);
    expect(entries).toContain('spark.custom.quote=a b;$HOME "c"');
    const keys = entries.map(e => e.slice(0, e.indexOf('=')));
    expect(keys).toEqual([...keys].sort());
    expect(entries).toEqual(expect.arrayContaining([
      'spark.kubernetes.namespace=etl',
      'spark.kubernetes.container.image=apache/spark:3.5.5',
      'spark.kubernetes.container.image.pullPolicy=IfNotPresent',
      'spark.kubernetes.authenticate.driver.serviceAccountName=pi-driver',
      'spark.kubernetes.driver.podTemplateFile=/opt/spark/pod-templates/driver.yaml',
      'spark.kubernetes.executor.podTemplateFile=/opt/spark/pod-templates/executor.yaml',
      'spark.kubernetes.driver.podTemplateContainerName=spark-kubernetes-driver',
      'spark.kubernetes.executor.podTemplateContainerName=spark-kubernetes-executor',
      'spark.kubernetes.submission.waitAppCompletion=true',
      'spark.kubernetes.executor.deleteOnTermination=true',
      'spark.driver.cores=1',
      'spark.executor.cores=1',
    ]));
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.serviceAccountName).toBe('pi-submit');
    expect(findAll(out, 'SparkApplication')).toEqual([]);
  });

  test('every entry of the final conf reaches spark-submit (the same conf the kubeflow back-end renders)', () => {
    const c = chart();
    const a = app(c, { driverMemory: Size.gibibytes(3), executorInstances: 4, dynamicAllocation: undefined });
    const job = findOne(synth(c), 'Job', 'pi');
    const entries = (job.spec.template.spec.containers[0].args as string[]).filter(x => x.includes('='));
    const input: any = { name: 'pi', namespace: 'etl', serviceAccountName: 'pi-driver', image: BASE.image, mainApplicationFile: BASE.mainApplicationFile };
    for (const e of sparkSubmitArgs(input, new Map()).filter(x => x.includes('='))) expect(entries).toContain(e);
    expect(entries).toEqual(expect.arrayContaining(['spark.driver.memory=3072m', 'spark.executor.instances=4']));
    expect(a.resources().initialExecutors).toBe(4);
  });

  test('the pods are the same as under the kubeflow back-end', () => {
    const props: Partial<SparkAppProps> = {
      driverMemory: Size.gibibytes(2),
      executorMemory: Size.gibibytes(6),
      executorCores: 3,
      executorInstances: 5,
      memoryOverheadFactor: 0.2,
      sparkConf: { 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '1g' },
    };
    const k = new SparkApp(chart(), 'Pi', { ...BASE, ...props });
    const s = app(chart(), props);
    const kk = new SparkApp(chart(), 'Pi', { ...BASE, ...props, backend: SparkBackend.kubeflow() });
    expect(s.resources()).toEqual(k.resources());
    expect(kk.resources()).toEqual(k.resources());
  });

  test('SparkBackend.kubeflow() renders exactly what the default renders', () => {
    const a = chart();
    new SparkApp(a, 'Pi', { ...BASE, schedule: { cron: '@daily' } });
    const b = chart();
    new SparkApp(b, 'Pi', { ...BASE, schedule: { cron: '@daily' }, backend: SparkBackend.kubeflow() });
    expect(synth(b)).toEqual(synth(a));
  });

  test('the pod templates are mounted from a ConfigMap and match the kubeflow templates', () => {
    const c = chart();
    app(c);
    const out = synth(c);
    const cm = findOne(out, 'ConfigMap', 'pi-pod-templates');
    const driver = JSON.parse(cm.data['driver.yaml']);
    const executor = JSON.parse(cm.data['executor.yaml']);
    expect(driver.kind).toBe('Pod');
    expect(driver.spec.containers[0].name).toBe('spark-kubernetes-driver');
    expect(executor.spec.containers[0].name).toBe('spark-kubernetes-executor');
    expect(driver.metadata.labels['app.kubernetes.io/component']).toBe('spark-driver');
    const k = chart();
    new SparkApp(k, 'Pi', BASE);
    const spec = findOne(synth(k), 'SparkApplication').spec;
    expect({ metadata: driver.metadata, spec: driver.spec }).toEqual(spec.driver.template);
    expect({ metadata: executor.metadata, spec: executor.spec }).toEqual(spec.executor.template);
    const pod = findOne(out, 'Job').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'pod-templates', configMap: { name: 'pi-pod-templates' } }, { name: 'tmp', emptyDir: {} }]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'pod-templates', mountPath: '/opt/spark/pod-templates', readOnly: true });
  });

  test('the pods\' annotations are in the pod templates (spark-submit has no annotation fields)', () => {
    const c = chart();
    app(c, { driverAnnotations: { 'team.example/owner': 'etl' }, executorAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } });
    const data = findOne(synth(c), 'ConfigMap', 'pi-pod-templates').data;
    expect(JSON.parse(data['driver.yaml']).metadata.annotations).toEqual({ 'team.example/owner': 'etl' });
    expect(JSON.parse(data['executor.yaml']).metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
  });

  test('the submitter has its own least-privilege ServiceAccount and Role and a restricted security context', () => {
    const c = chart();
    app(c);
    const out = synth(c);
    const role = findOne(out, 'Role', 'pi-submit');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'watch'] },
      { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['create', 'delete', 'patch'] },
    ]);
    expect(findOne(out, 'RoleBinding', 'pi-submit').subjects).toEqual([{ kind: 'ServiceAccount', name: 'pi-submit', namespace: 'etl' }]);
    expect(findOne(out, 'ServiceAccount', 'pi-submit').automountServiceAccountToken).toBe(false);
    const pod = findOne(out, 'Job').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(submitterRules(true)).toContainEqual({ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'delete', 'patch'] });
  });

  test('scheduled: a CronJob with concurrency policy, time zone and history limits; restart and retention mapped', () => {
    const { chart: c, ns } = full();
    const out = synth(c);
    const cron = findOne(out, 'CronJob', 'nightly-pi');
    expect(cron.spec).toMatchObject({
      schedule: '0 2 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 5, suspend: false,
    });
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBe(2);
    expect(cron.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(21600);
    const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example/spark-submit:3.5.5');
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '768Mi' }, limits: { memory: '768Mi' } });
    expect(container.args).toContain('spark.kubernetes.container.image.pullSecrets=regcred');
    expect(container.args.slice(-2)).toEqual(['1000', '$(rm -rf /); echo "x"']);
    // egress to the API server for the submitter only
    const np = findOne(out, 'NetworkPolicy', 'nightly-pi-submit-api-server');
    expect(np.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('spark-submit');
    expect(np.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }]);
    // the submitter pod counts in the namespace's capacity
    expect(Object.keys(ns.capacityReport().workloads)).toContain('spark-submit-nightly-pi');
    expect(SparkWarnings.of(c).some(w => w.includes('backoffLimit (2)'))).toBe(true);
  });

  test('a quota on limits.cpu gives the submitter a CPU limit equal to its request, and the pod counts in the quota', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team', { name: 'team-a', quota: { cpuLimits: CpuCores.of(100) } });
    app(c, { sparkNamespace: ns });
    const container = findOne(synth(c), 'Job').spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '250m', memory: '512Mi' } });
    expect(ns.capacityReport().workloads['spark-submit-pi']).toMatchObject({ pods: 1, cpuRequestMillis: 250, memoryRequestMebibytes: 512 });
  });

  test('no API server NetworkPolicy when the namespace does not restrict egress', () => {
    const c = chart();
    const ns = new SparkNamespace(c, 'Team', { name: 'team-a', restrictEgress: false });
    app(c, { sparkNamespace: ns });
    expect(findAll(synth(c), 'NetworkPolicy').map(n => n.metadata.name)).not.toContain('pi-submit-api-server');
  });

  test('backoffLimit from the restart policy: Never → 0, OnFailure → retries', () => {
    expect(backoffLimit(undefined)).toBe(0);
    expect(backoffLimit(RestartPolicy.never())).toBe(0);
    expect(backoffLimit(RestartPolicy.onFailure())).toBe(3);
    expect(backoffLimit(RestartPolicy.onFailure({ retries: 5 }))).toBe(5);
  });

  describe('what the spark-submit back-end cannot express is an error naming it and the prop', () => {
    const err = (props: Partial<SparkAppProps>) => () => synth((() => { const c = chart(); app(c, props); return c; })());
    test.each<[string, Partial<SparkAppProps>, string]>([
      ['sparkUi', { sparkUi: { servicePort: 8080 } },
        'SparkApp Pi: sparkUi {"servicePort":8080} cannot be expressed by the spark-submit back-end: the UI Service with its own type, port and labels is made by the kubeflow spark-operator, and spark-submit creates only the driver\'s headless Service; drop sparkUi (reach the UI with kubectl port-forward to the driver pod), or use SparkBackend.kubeflow()'],
      ['restartPolicy always', { restartPolicy: RestartPolicy.always() },
        'SparkApp Pi: restartPolicy "RestartPolicy.always()" cannot be expressed by the spark-submit back-end: a Job restarts failed pods only, never a run that succeeded; use RestartPolicy.onFailure({ retries }) (the Job\'s backoffLimit), or a schedule'],
      ['CRON_TZ', { schedule: { cron: 'CRON_TZ=Europe/Berlin 0 2 * * *' } },
        'SparkApp Pi: schedule.cron "CRON_TZ=Europe/Berlin 0 2 * * *" cannot be expressed by the spark-submit back-end: a Kubernetes CronJob rejects CRON_TZ= and TZ= in its schedule; move the zone into schedule.timeZone'],
      ['Replace', { schedule: { cron: '@daily', concurrencyPolicy: ConcurrencyPolicy.REPLACE } },
        'SparkApp Pi: schedule.concurrencyPolicy "Replace" cannot be expressed by the spark-submit back-end: the CronJob would delete the running submitter Job, but not the driver pod spark-submit created, so two runs would overlap; use ConcurrencyPolicy.FORBID (skip a run while one is active) or ALLOW'],
      ['kueue', { gangScheduler: GangScheduler.kueue({ queueName: 'batch' }) },
        'Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: gangScheduler "GangScheduler kueue" cannot be expressed by the spark-submit back-end: Kueue would admit the submitter Job\'s one pod, not the driver and executors spark-submit starts; use GangScheduler.volcano() or .yunikorn(...) (their pods join the gang from the pod templates), or SparkBackend.kubeflow()'],
      ['SparkUiIngress', { features: [new SparkUiIngress({ host: 'spark.example.com' })] },
        'Validation failed with the following errors:\n  [test/Pi] SparkApp Pi: features "SparkUiIngress" cannot be expressed by the spark-submit back-end: the Ingress points at the UI Service <app>-ui-svc, which only the kubeflow spark-operator creates; drop the SparkUiIngress, or use SparkBackend.kubeflow()'],
    ])('%s', (_name, props, message) => {
      expect(err(props)).toThrow(message);
      try {
        err(props)();
      } catch (e) {
        expect((e as Error).message).toBe(message);
      }
    });

    test.each<[string, () => unknown, string]>([
      ['empty image', () => SparkBackend.sparkSubmit({ image: '' }),
        'SparkBackend.sparkSubmit: image "" must not be empty; give a value'],
      ['small memory', () => SparkBackend.sparkSubmit({ submitterMemory: Size.mebibytes(128) }),
        'SparkBackend.sparkSubmit: submitterMemory 128Mi must be at least 256 MiB (spark-submit is a JVM); use Size.mebibytes(512)'],
      ['not a backend', () => new SparkApp(chart(), 'Pi', { ...BASE, backend: 'spark-submit' as any }),
        'SparkApp Pi: backend "spark-submit" must be a SparkBackend; got a string; use SparkBackend.kubeflow(), SparkBackend.apacheOperator(), SparkBackend.stackable() or SparkBackend.sparkSubmit()'],
    ])('%s', (_name, build, message) => {
      expect(build).toThrow(message);
    });
  });
});
