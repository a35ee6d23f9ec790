import { section } from './fluent-bit-conf';
import { LOKI_SHAPE, SEARCH_SHAPE, S3_LOG_SHAPE } from './log-shipping-shapes';
import { propError } from '../core/errors';
import { checkOptions } from '../core/util';

/** Options of a Loki output. */
export interface LokiLogOutputOptions {
  /** Host of Loki's push API (e.g. the gateway Service `loki-gateway.loki`). */
  readonly host: string;
  /**
   * Port.
   * @default 3100
   */
  readonly port?: number;
  /**
   * TLS (with certificate verification).
   * @default false
   */
  readonly tls?: boolean;
  /**
   * Tenant (`X-Scope-OrgID`) of a multi-tenant Loki.
   * @default - none
   */
  readonly tenantId?: string;
  /**
   * Secret with the basic-auth user name and password.
   * @default - no authentication
   */
  readonly credentialsSecret?: string;
  /**
   * Key of the user name in `credentialsSecret`.
   * @default "username"
   */
  readonly usernameKey?: string;
  /**
   * Key of the password in `credentialsSecret`.
   * @default "password"
   */
  readonly passwordKey?: string;
}

/** Options of an Elasticsearch or OpenSearch output. */
export interface SearchLogOutputOptions {
  /** Host of the cluster. */
  readonly host: string;
  /**
   * Port.
   * @default 9200
   */
  readonly port?: number;
  /**
   * Index the records go to.
   * @default "spark-logs"
   */
  readonly index?: string;
  /**
   * TLS (with certificate verification).
   * @default true
   */
  readonly tls?: boolean;
  /**
   * Secret with the basic-auth user name and password.
   * @default - no authentication
   */
  readonly credentialsSecret?: string;
  /**
   * Key of the user name in `credentialsSecret`.
   * @default "username"
   */
  readonly usernameKey?: string;
  /**
   * Key of the password in `credentialsSecret`.
   * @default "password"
   */
  readonly passwordKey?: string;
}

/** Options of an S3 output (gzip-compressed objects). */
export interface S3LogOutputOptions {
  /** Bucket. */
  readonly bucket: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * Endpoint of an S3-compatible store.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Key prefix of the objects.
   * @default "spark-logs"
   */
  readonly prefix?: string;
  /**
   * Secret with `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` values.
   * @default - the node's or the pod's cloud identity
   */
  readonly credentialsSecret?: string;
  /**
   * Key of the access key id in `credentialsSecret`.
   * @default "access-key-id"
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in `credentialsSecret`.
   * @default "secret-access-key"
   */
  readonly secretAccessKeyKey?: string;
}

/** A credential an output reads from a Secret, as an environment variable of the Fluent Bit container. */
export interface LogOutputSecretEnv {
  /** Variable name. */
  readonly name: string;
  /** Secret. */
  readonly secretName: string;
  /** Key in the Secret. */
  readonly key: string;
}

/** Where SparkLogShipping sends the records. */
export class LogOutput {
  /**
   * Grafana Loki, with the labels `job=spark`, `namespace`, `app` (the app's name) and `component`
   * (spark-driver / spark-executor) from the pod metadata.
   * @param options host, TLS and credentials
   */
  public static loki(options: LokiLogOutputOptions): LogOutput {
    const owner = 'LogOutput.loki';
    checkOptions({ owner }, options, 'LokiLogOutputOptions', LOKI_SHAPE);
    const entries: Array<[string, string]> = [
      ['Host', confValue(owner, 'host', options.host)],
      ['Port', `${options.port ?? 3100}`],
      ['tls', options.tls ? 'On' : 'Off'],
      ['tls.verify', 'On'],
      ['line_format', 'json'],
      ['labels', "job=spark, namespace=$kubernetes['namespace_name'], app=$kubernetes['labels']['app.kubernetes.io/instance'], component=$kubernetes['labels']['app.kubernetes.io/component']"],
    ];
    if (options.tenantId !== undefined) entries.push(['tenant_id', confValue(owner, 'tenantId', options.tenantId)]);
    return new LogOutput('loki', entries, basicAuth(options, 'http_user', 'http_passwd'));
  }

  /**
   * Elasticsearch (`es` plugin; `Suppress_Type_Name On` for Elasticsearch 8, `Replace_Dots On` for label keys).
   * @param options host, index, TLS and credentials
   */
  public static elasticsearch(options: SearchLogOutputOptions): LogOutput {
    return LogOutput.search('es', 'LogOutput.elasticsearch', options);
  }

  /**
   * OpenSearch (`opensearch` plugin).
   * @param options host, index, TLS and credentials
   */
  public static openSearch(options: SearchLogOutputOptions): LogOutput {
    return LogOutput.search('opensearch', 'LogOutput.openSearch', options);
  }

  /**
   * S3 or an S3-compatible store: gzip objects of up to 50 MB, uploaded at least every 10 minutes.
   * @param options bucket, region, endpoint and credentials
   */
  public static objectStore(options: S3LogOutputOptions): LogOutput {
    const owner = 'LogOutput.objectStore';
    checkOptions({ owner }, options, 'S3LogOutputOptions', S3_LOG_SHAPE);
    const prefix = confValue(owner, 'prefix', options.prefix ?? 'spark-logs');
    if (!/^[A-Za-z0-9!_.*'()/-]+$/.test(prefix)) throw propError(owner, 'prefix', prefix, 'is not an S3 key prefix of safe characters', 'use letters, digits, "/", "-", "_" and ".", e.g. "spark-logs"');
    const entries: Array<[string, string]> = [
      ['bucket', confValue(owner, 'bucket', options.bucket)],
      ['region', confValue(owner, 'region', options.region)],
      ['total_file_size', '50M'],
      ['upload_timeout', '10m'],
      ['compression', 'gzip'],
      ['s3_key_format', `/${prefix.replace(/^\/+|\/+$/g, '')}/%Y/%m/%d/$TAG/%H-%M-%S-$UUID.gz`],
    ];
    if (options.endpoint !== undefined) entries.push(['endpoint', confValue(owner, 'endpoint', options.endpoint)]);
    const env: LogOutputSecretEnv[] = options.credentialsSecret ? [
      { name: 'AWS_ACCESS_KEY_ID', secretName: options.credentialsSecret, key: options.accessKeyIdKey ?? 'access-key-id' },
      { name: 'AWS_SECRET_ACCESS_KEY', secretName: options.credentialsSecret, key: options.secretAccessKeyKey ?? 'secret-access-key' },
    ] : [];
    return new LogOutput('s3', entries, env.map(e => ({ ...e, option: '' })));
  }

  /** The Fluent Bit container's own stdout, one JSON object per line (for trying things out). */
  public static stdout(): LogOutput {
    return new LogOutput('stdout', [['Format', 'json_lines']], []);
  }

  private static search(plugin: string, owner: string, options: SearchLogOutputOptions): LogOutput {
    checkOptions({ owner }, options, 'SearchLogOutputOptions', SEARCH_SHAPE);
    const entries: Array<[string, string]> = [
      ['Host', confValue(owner, 'host', options.host)],
      ['Port', `${options.port ?? 9200}`],
      ['Index', confValue(owner, 'index', options.index ?? 'spark-logs')],
      ['Suppress_Type_Name', 'On'],
      ['Replace_Dots', 'On'],
      ['tls', (options.tls ?? true) ? 'On' : 'Off'],
      ['tls.verify', 'On'],
    ];
    return new LogOutput(plugin, entries, basicAuth(options, 'HTTP_User', 'HTTP_Passwd'));
  }

  /** Fluent Bit plugin name. */
  public readonly plugin: string;
  private readonly entries: Array<[string, string]>;
  private readonly secrets: Array<LogOutputSecretEnv & { option: string }>;

  private constructor(plugin: string, entries: Array<[string, string]>, secrets: Array<LogOutputSecretEnv & { option: string }>) {
    this.plugin = plugin;
    this.entries = entries;
    this.secrets = secrets;
    Object.defineProperty(this, LOG_OUTPUT_MARKER, { value: true });
  }

  /**
   * The `[OUTPUT]` section (classic format) and the credentials it reads from environment
   * variables (`${OUTPUT_<i>_USERNAME}`; Fluent Bit substitutes them when it loads the file).
   * @param index position among the outputs (names the variables)
   * @param match tag pattern
   */
  public render(index: number, match: string): RenderedLogOutput {
    const env: LogOutputSecretEnv[] = [];
    const entries: Array<[string, string]> = [['Name', this.plugin], ['Match', match], ...this.entries];
    for (const s of this.secrets) {
      const name = s.option ? `OUTPUT_${index}_${s.option === 'http_user' || s.option === 'HTTP_User' ? 'USERNAME' : 'PASSWORD'}` : s.name;
      env.push({ name, secretName: s.secretName, key: s.key });
      if (s.option) entries.push([s.option, `\${${name}}`]);
    }
    return { section: section('OUTPUT', entries), env };
  }
}

/** An output's configuration section and the Secret-backed variables it reads. */
export interface RenderedLogOutput {
  /** The `[OUTPUT]` section in Fluent Bit's classic format. */
  readonly section: string;
  /** Environment variables the section reads, each from a Secret key. */
  readonly env: LogOutputSecretEnv[];
}

/** Marks LogOutput instances. */
const LOG_OUTPUT_MARKER = Symbol.for('cdk8s-spark.log-output');

function basicAuth(o: { credentialsSecret?: string; usernameKey?: string; passwordKey?: string }, userOption: string, passwordOption: string) {
  if (!o.credentialsSecret) return [];
  return [
    { name: '', secretName: o.credentialsSecret, key: o.usernameKey ?? 'username', option: userOption },
    { name: '', secretName: o.credentialsSecret, key: o.passwordKey ?? 'password', option: passwordOption },
  ];
}

/**
 * A value of Fluent Bit's classic configuration format, which has no quoting or escaping: one
 * `Key Value` per line, the value trimmed, `${NAME}` replaced by an environment variable. So a
 * value must be one line, without surrounding whitespace and without `${`.
 */
function confValue(owner: string, prop: string, v: string): string {
  if (/[\u0000-\u001f\u007f]/.test(v)) {
    throw propError(owner, prop, v, 'contains a line break or control character, which Fluent Bit\'s configuration format cannot hold (a value is the rest of its line)', 'give a single-line value');
  }
  if (v.trim() !== v || v === '') {
    throw propError(owner, prop, v, 'is empty or has leading or trailing whitespace, which Fluent Bit trims', 'give the value without surrounding spaces');
  }
  if (v.includes('${')) {
    throw propError(owner, prop, v, 'contains "${", which Fluent Bit replaces by an environment variable when it loads its configuration', 'remove it (credentials come from credentialsSecret)');
  }
  return v;
}
