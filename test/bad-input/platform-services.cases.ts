import { Chart } from 'cdk8s';
import { BadInputCase, sparkApp, sparkNamespace } from './harness';
import { EventLogStore, LogOutput, SparkHistoryServer, SparkLogging, SparkLogShipping, SparkUiIngress, SparkVersion } from '../../src';

// Platform services: SparkHistoryServer, EventLogStore, SparkLogging, SparkLogShipping, LogOutput,
// SparkUiIngress; wrong types, bad values, and the consistency rules between a server and its apps.

const history = (c: Chart, props: Record<string, unknown> = {}) => new SparkHistoryServer(c, 'History', {
  sparkVersion: SparkVersion.of('3.5.5'), image: 'registry.example/spark-s3a:3.5.5', store: EventLogStore.objectStore({ uri: 's3a://logs/events' }), ...props,
} as any);

const hsCase = (name: string, props: Record<string, unknown>, error: string): BadInputCase =>
  ({ construct: 'SparkHistoryServer', name, build: c => { history(c, props); }, error });

export const CASES: BadInputCase[] = [
  hsCase('store as a URI string', { store: 's3a://logs/events' }, 'SparkHistoryServer History: store "s3a://logs/events" must be an EventLogStore; got a string; use EventLogStore.objectStore({ uri: "s3a://bucket/prefix" }) or EventLogStore.sharedClaim({ claimName: "..." })'),
  hsCase('sparkVersion as a string', { sparkVersion: '3.5.5' }, 'SparkHistoryServer History: sparkVersion "3.5.5" must be a SparkVersion; got a string; use SparkVersion.of("3.5.5") or SparkVersion.V3_5_5'),
  hsCase('image of another Spark version', { image: 'apache/spark:4.0.1' }, 'SparkHistoryServer History: image "apache/spark:4.0.1" is tagged for Spark 4.0.1 but sparkVersion is 3.5.5; use an image of the same Spark version, or set sparkVersion to SparkVersion.of(\'4.0.1\')'),
  hsCase('rolling size below 10 MiB', { rollingMaxFileSize: { toMebibytes: () => 5, toKibibytes: () => 5120, asString: () => '5Mi' } }, 'SparkHistoryServer History: rollingMaxFileSize 5Mi is below the 10 MiB Spark accepts for spark.eventLog.rolling.maxFileSize; use e.g. Size.mebibytes(128)'),
  hsCase('cleanerMaxFiles zero', { cleanerMaxFiles: 0 }, 'SparkHistoryServer History: cleanerMaxFiles 0 must be at least 1; use 1 or more'),
  hsCase('name with capitals', { name: 'History' }, 'SparkHistoryServer History: name "History" must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (the Deployment\'s pods are named <name>-<hash>-<suffix>); use a DNS-1035 label of at most 50 characters, e.g. "spark-history"'),
  hsCase('ingress path with a regex', { ingress: { path: '/spark(.*)' } }, 'SparkHistoryServer History: ingress.path "/spark(.*)" is not a UI path prefix; use "/" or /segment[/segment...] of letters, digits, "-", "_" and "." without a trailing "/", e.g. "/spark/etl"'),
  hsCase('ingress TLS without host', { ingress: { tlsSecretName: 'tls' } }, 'SparkHistoryServer History: ingress.tlsSecretName "tls" needs a host (a certificate is for a host name); give host as well, or drop tlsSecretName'),
  {
    construct: 'EventLogStore.objectStore',
    name: 'uri with the s3 scheme',
    build: () => { EventLogStore.objectStore({ uri: 's3://logs/events' }); },
    error: 'EventLogStore.objectStore: uri "s3://logs/events" is not an S3A directory URI; use s3a://<bucket>/<prefix>, e.g. s3a://spark-logs/events (S3A is the connector Hadoop maintains)',
  },
  {
    construct: 'EventLogStore.objectStore',
    name: 'two kinds of credentials',
    build: () => { EventLogStore.objectStore({ uri: 's3a://logs/e', credentialsSecret: 's3', serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn' } }); },
    error: 'EventLogStore.objectStore: credentialsSecret "s3" and serviceAccountAnnotations both give credentials; give one: a Secret with keys, or a cloud identity through the ServiceAccount annotations',
  },
  {
    construct: 'SparkHistoryServer',
    name: 'app with another event-log dir',
    build: c => { sparkApp(c, { eventLogDir: 's3a://other/events', historyServer: history(c) }); },
    error: 'SparkApp Etl: eventLogDir "s3a://other/events" is not the event-log dir "s3a://logs/events" of its history server SparkHistoryServer History, which would never show the app; drop it (binding the history server sets it), or bind the app to a history server that reads that dir',
  },
  {
    construct: 'SparkLogging',
    name: 'level as a string',
    build: () => { new SparkLogging({ rootLevel: 'WARN' } as any); },
    error: 'SparkLogging: rootLevel "WARN" is not a LogLevel; use one of LogLevel.TRACE, LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR, LogLevel.FATAL, LogLevel.OFF (values "trace", "debug", "info", "warn", "error", "fatal", "off")',
  },
  {
    construct: 'SparkLogShipping',
    name: 'no outputs',
    build: c => { new SparkLogShipping(c, 'Logs', { sparkNamespaces: [sparkNamespace(c)], outputs: [] }); },
    error: 'SparkLogShipping Logs: outputs [] must not be empty; give at least one element or leave the prop out',
  },
  {
    construct: 'LogOutput.loki',
    name: 'host with a line break',
    build: () => { LogOutput.loki({ host: 'loki\n    Match *' }); },
    error: 'LogOutput.loki: host "loki\\n    Match *" contains a line break or control character, which Fluent Bit\'s configuration format cannot hold (a value is the rest of its line); give a single-line value',
  },
  {
    construct: 'SparkUiIngress',
    name: 'host with a wildcard',
    build: c => { sparkApp(c, { features: [new SparkUiIngress({ host: '*.example.com' })] }); },
    error: 'SparkUiIngress: host "*.example.com" is not a host name (lower-case DNS name, no wildcard, no port); e.g. "spark.example.com"',
  },
];
