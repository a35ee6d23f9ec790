import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { sparkApp, sparkNamespace } from './bad-input/harness';
import { findOne, synth } from './util';
import { CpuCores, GangScheduler, OperatorNamespaceScope, PrometheusMonitoring, SparkBackend, SparkOperatorInstall } from '../src';
import { chartKeyProblems } from '../src/platform/operator-chart-keys';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

describe('SparkOperatorInstall', () => {
  test('defaults: job namespaces from the SparkNamespaces, webhook and batch scheduler off, pinned version', () => {
    const c = chart();
    const team = sparkNamespace(c);
    sparkApp(c, { sparkNamespace: team });
    const install = new SparkOperatorInstall(c, 'Operator');
    expect(synth(c).filter(m => m.kind === 'Application' || m.kind === 'HelmRelease')).toEqual([]);
    expect(install.values()).toMatchSnapshot();
    expect(install.values().spark.jobNamespaces).toEqual(['team']);
    expect(install.values().webhook).toEqual({ enable: false });
    expect(install.values().controller.batchScheduler).toEqual({ enable: false });
    expect(install.values().prometheus.podMonitor.create).toBe(false);
    expect(install.values().image.tag).toBe('2.5.2');
    expect(install.valuesFileName).toBe('spark-operator-values.json');
  });

  test('fully configured: selector, gang scheduler, monitoring, webhook, Argo CD and Flux', () => {
    const c = chart();
    const team = sparkNamespace(c);
    const mon = new PrometheusMonitoring(c, 'Mon');
    sparkApp(c, { sparkNamespace: team, gangScheduler: GangScheduler.volcano(), monitoring: mon });
    sparkApp(c, { namespace: 'legacy-jobs' }, 'Legacy');
    const install = new SparkOperatorInstall(c, 'Operator', {
      namespace: 'spark-system',
      releaseName: 'spark',
      namespaceScope: OperatorNamespaceScope.SELECTOR,
      extraJobNamespaces: ['legacy-jobs'],
      controllerReplicas: 2,
      controllerCpu: CpuCores.millis(250),
      controllerMemory: Size.gibibytes(1),
      resourceQuotaEnforcement: true,
      podMonitorLabels: { release: 'prom' },
      helmValues: { controller: { workers: 20, logEncoder: 'json' } },
      argoCd: { namespace: 'gitops', project: 'platform', automatedSync: false },
      flux: { helmRepositoryName: 'kubeflow', interval: Duration.minutes(5) },
    });
    const m = synth(c);
    expect(findOne(m, 'Application')).toMatchSnapshot();
    expect(findOne(m, 'HelmRelease')).toMatchSnapshot();
    const v = install.values();
    expect(v.spark.jobNamespaces).toEqual(['legacy-jobs', 'team']);
    expect(v.spark.jobNamespaceSelector).toBe('spark-operator.cdk8s-spark.io/job-namespace=true');
    expect(v.controller.batchScheduler).toEqual({ enable: true });
    expect(v.controller.podDisruptionBudget).toEqual({ enable: true, minAvailable: 1 });
    expect(v.controller.workers).toBe(20);
    expect(v.webhook).toEqual({ enable: true, resourceQuotaEnforcement: { enable: true } });
    expect(v.prometheus).toEqual({ metrics: { enable: true }, podMonitor: { create: true, labels: { release: 'prom' } } });
    expect(findOne(m, 'Application').spec.source.helm.valuesObject).toEqual(v);
    expect(findOne(m, 'HelmRelease').spec.values).toEqual(v);
    expect(chartKeyProblems(v)).toEqual([]);
  });

  test('Kueue alone does not turn on the operator\'s batch scheduler', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c), gangScheduler: GangScheduler.kueue({ queueName: 'team' }) });
    expect(new SparkOperatorInstall(c, 'Operator').batchSchedulers).toEqual([]);
  });

  test('an app in a namespace the operator does not watch is an error naming both', () => {
    const c = chart();
    sparkNamespace(c);
    sparkApp(c, { namespace: 'etl' });
    new SparkOperatorInstall(c, 'Operator');
    expect(() => synth(c)).toThrow('SparkOperatorInstall Operator: jobNamespaces ["team"] does not include namespace "etl" of SparkApp Etl, so the operator would never run it; add "etl" to extraJobNamespaces, or place the app in a SparkNamespace');
  });

  test('apps of another back-end need not be in the operator\'s namespaces', () => {
    const c = chart();
    sparkNamespace(c);
    sparkApp(c, { namespace: 'etl', backend: SparkBackend.sparkSubmit() });
    new SparkOperatorInstall(c, 'Operator');
    expect(() => synth(c)).not.toThrow();
  });

  test('an explicit list that leaves out a tenant is an error naming the app', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c) });
    new SparkOperatorInstall(c, 'Operator', { jobNamespaces: ['other'] });
    expect(() => synth(c)).toThrow('SparkOperatorInstall Operator: jobNamespaces ["other"] does not include namespace "team" of SparkApp Etl, so the operator would never run it; add "team" to jobNamespaces, or place the app in a SparkNamespace');
  });

  test('a selector that does not match the tenant\'s label leaves its apps unwatched when not listed', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c) });
    new SparkOperatorInstall(c, 'Operator', { jobNamespaces: [], extraJobNamespaces: ['misc'], namespaceScope: OperatorNamespaceScope.SELECTOR, namespaceSelector: { tier: 'spark' } });
    expect(() => synth(c)).toThrow('SparkOperatorInstall Operator: jobNamespaces ["misc"] does not include namespace "team" of SparkApp Etl or selected by "tier=spark", so the operator would never run it; add "team" to jobNamespaces, or place the app in a SparkNamespace');
  });

  test('a selector matching the SparkNamespace label watches it', () => {
    const c = chart();
    sparkApp(c, { sparkNamespace: sparkNamespace(c) });
    new SparkOperatorInstall(c, 'Operator', { jobNamespaces: ['misc'], namespaceScope: OperatorNamespaceScope.SELECTOR });
    expect(() => synth(c)).not.toThrow();
  });

  test('no namespace at all is an error', () => {
    const c = chart();
    new SparkOperatorInstall(c, 'Operator');
    expect(() => synth(c)).toThrow('SparkOperatorInstall Operator: jobNamespaces [] is empty (the App has no SparkNamespace): the chart would watch its default namespace only, or with an empty list every namespace; add a SparkNamespace, or list the apps\' namespaces in jobNamespaces');
  });

  test('an unknown or misplaced chart key is an error', () => {
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { helmValues: { batchScheduler: { enable: true } } }))
      .toThrow('SparkOperatorInstall Operator: helmValues.batchScheduler.enable true is not a key of the spark-operator chart 2.5.2 (Helm would silently ignore it); did you mean controller.batchScheduler.enable?');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { helmValues: { controller: { workerz: 3 } } }))
      .toThrow('SparkOperatorInstall Operator: helmValues.controller.workerz 3 is not a key of the spark-operator chart 2.5.2 (Helm would silently ignore it); the chart\'s top-level keys are certManager, commonLabels, controller, fullnameOverride, hook, image, nameOverride, prometheus, spark, webhook');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { helmValues: { controller: { logLevel: { level: 'debug' } } } }))
      .toThrow('SparkOperatorInstall Operator: helmValues.controller.logLevel {"level":"debug"} is a single value in the chart, not a section; give controller.logLevel a string, number or boolean');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { helmValues: { controller: { tolerations: { key: 'x' } } } }))
      .toThrow('SparkOperatorInstall Operator: helmValues.controller.tolerations {"key":"x"} must be a list (the chart reads it as one); give controller.tolerations as an array');
  });

  test('a derived key in helmValues is an error naming the prop', () => {
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { helmValues: { spark: { jobNamespaces: ['a'] } } }))
      .toThrow('SparkOperatorInstall Operator: helmValues.spark.jobNamespaces ["a"] is derived by SparkOperatorInstall (spark.jobNamespaces comes from jobNamespaces and extraJobNamespaces); drop it from helmValues and set jobNamespaces and extraJobNamespaces');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { helmValues: { webhook: { enable: true } } }))
      .toThrow('SparkOperatorInstall Operator: helmValues.webhook.enable true is derived by SparkOperatorInstall (webhook.enable comes from resourceQuotaEnforcement); drop it from helmValues and set resourceQuotaEnforcement');
  });

  test('prop errors', () => {
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { namespaceSelector: { a: 'b' } }))
      .toThrow('SparkOperatorInstall Operator: namespaceSelector {"a":"b"} applies only with namespaceScope OperatorNamespaceScope.SELECTOR; set namespaceScope: OperatorNamespaceScope.SELECTOR, or drop namespaceSelector');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { namespaceScope: OperatorNamespaceScope.SELECTOR, namespaceSelector: {} }))
      .toThrow('SparkOperatorInstall Operator: namespaceSelector {} must have at least one label (an empty selector selects every namespace); give the label SparkNamespace sets, e.g. { "spark-operator.cdk8s-spark.io/job-namespace": "true" }');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { metrics: false, podMonitorLabels: { a: 'b' } }))
      .toThrow('SparkOperatorInstall Operator: podMonitorLabels {"a":"b"} needs metrics (the PodMonitor scrapes the operator\'s metrics); drop podMonitorLabels or metrics: false');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { controllerMemory: Size.mebibytes(32) }))
      .toThrow('SparkOperatorInstall Operator: controllerMemory 32Mi is below 64Mi, too little for the operator; use e.g. Size.mebibytes(512)');
    expect(() => new SparkOperatorInstall(chart(), 'Operator', { flux: { helmRepositoryName: 'k', interval: Duration.millis(1500) } }))
      .toThrow('SparkOperatorInstall Operator: flux.interval 1 second 500 millis must be a whole number of seconds, at least one; use e.g. Duration.minutes(10)');
    const c = chart();
    new SparkOperatorInstall(c, 'A');
    expect(() => new SparkOperatorInstall(c, 'B')).toThrow('SparkOperatorInstall B: the App already has a SparkOperatorInstall (test/A); define one install per App (one operator watches all the App\'s namespaces)');
  });

  test('writeValuesFiles writes the values as JSON next to the manifests', () => {
    const c = chart();
    sparkNamespace(c);
    const install = new SparkOperatorInstall(c, 'Operator');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'values-'));
    const files = SparkOperatorInstall.writeValuesFiles(c.node.root, dir);
    expect(files).toEqual([path.join(dir, 'spark-operator-values.json')]);
    expect(JSON.parse(fs.readFileSync(files[0], 'utf8'))).toEqual(install.values());
    expect(parse(install.valuesYaml())).toEqual(install.values());
  });
});

// The embedded keys are compared with the chart's own values.yaml (in ../shared, which a user's
// clone does not have) by scripts/check-operator-chart-keys.ts, a CI step.
