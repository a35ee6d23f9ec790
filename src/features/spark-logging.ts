import { k8s } from 'cdk8s-plus-27';
import { SPARK_LOGGING_PROPS_SHAPE } from './spark-logging-shapes';
import { checkProps } from '../core/check';
import { ISparkApp, ISparkFeature } from '../core/contracts';
import { constructLabel, propError } from '../core/errors';
import { sparkAppLabels } from '../core/labels';
import { SparkVolume } from '../core/pod';
import { propertiesFile } from '../core/properties-file';
import { SparkPods } from '../core/types';
import { LogLayout, LogLevel } from '../platform/log-format';
import { LOG_FORMAT_LABEL, PATTERN_PARSER_NAME, SPARK_LOG_PATTERN } from '../platform/log-format-constants';

export * from '../platform/log-format';

/** Props of SparkLogging. */
export interface SparkLoggingProps {
  /**
   * Layout of the log lines on the console.
   * @default LogLayout.JSON
   */
  readonly layout?: LogLayout;
  /**
   * log4j2 pattern of the PATTERN layout (log4j2 `${...}` lookups are refused: the configuration
   * would substitute them). Only the default pattern is parsed into fields by SparkLogShipping.
   * @default - `%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %p [%t] %c: %m%n%ex`
   */
  readonly pattern?: string;
  /**
   * Level of the root logger (libraries, Hadoop, your code unless listed).
   * @default LogLevel.WARN
   */
  readonly rootLevel?: LogLevel;
  /**
   * Level of `org.apache.spark`.
   * @default LogLevel.INFO
   */
  readonly sparkLevel?: LogLevel;
  /**
   * Levels of further loggers by name (your packages, e.g. `{ 'com.example.etl': LogLevel.DEBUG }`).
   * @default - none
   */
  readonly loggerLevels?: { [logger: string]: LogLevel };
}

const MOUNT = '/opt/spark/log4j2';
const JAVA_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/**
 * Console logging of the driver and executors in a chosen layout, for a log agent to collect.
 *
 * Binding defines a ConfigMap `<app>-log4j2` with a `log4j2.properties`, mounts it into both pods
 * and selects it with `-Dlog4j2.configurationFile` in `spark.{driver,executor}.extraJavaOptions`.
 * The JSON layout is Spark 4's structured logging where the version has it
 * (`spark.log.structuredLogging.enabled`, log4j2's JsonTemplateLayout with Spark's
 * `SparkLayout.json`: `ts`, `level`, `msg`, `context` with Spark's MDC, `exception`, `logger`),
 * and log4j2's JsonLayout (one compact object per line; Jackson is in Spark's jars) on 3.x.
 * The pods get the label `logging.cdk8s-spark.io/format: json|pattern`, and with the default
 * pattern the annotation `fluentbit.io/parser: spark-log4j2-pattern` that SparkLogShipping's
 * parser reads.
 *
 * @see https://spark.apache.org/docs/latest/configuration.html#configuring-logging
 * @see https://github.com/apache/spark/pull/46349 (structured logging in Spark 4's log4j2 template)
 */
export class SparkLogging implements ISparkFeature {
  /** What the feature is, for conflict messages. */
  public readonly featureName: string = 'SparkLogging';
  /** The layout. */
  public readonly layout: LogLayout;
  private readonly props: SparkLoggingProps;

  constructor(props: SparkLoggingProps = {}) {
    const owner = 'SparkLogging';
    checkProps({ owner }, props, 'SparkLoggingProps', SPARK_LOGGING_PROPS_SHAPE);
    this.props = props;
    this.layout = props.layout ?? LogLayout.JSON;
    if (props.pattern !== undefined) {
      if (this.layout !== LogLayout.PATTERN) {
        throw propError(owner, 'pattern', props.pattern, 'only applies to the PATTERN layout', 'set layout to LogLayout.PATTERN, or drop pattern');
      }
      if (props.pattern.includes('${')) {
        throw propError(owner, 'pattern', props.pattern, 'contains "${", which log4j2 substitutes as a lookup in its configuration', 'remove the lookup (write the text it stands for)');
      }
      if (/[\u0000-\u001f\u007f]/.test(props.pattern)) {
        throw propError(owner, 'pattern', props.pattern, 'contains a control character', 'write a line break as %n');
      }
    }
    for (const logger of Object.keys(props.loggerLevels ?? {})) {
      if (!JAVA_NAME.test(logger)) {
        throw propError(owner, 'loggerLevels key', logger, 'is not a Java package or class name', 'e.g. "com.example.etl"');
      }
      if (logger === 'org.apache.spark') {
        throw propError(owner, `loggerLevels["${logger}"]`, props.loggerLevels![logger], 'is set by sparkLevel', 'use sparkLevel');
      }
    }
  }

  /**
   * The `log4j2.properties` for a Spark version (JSON layouts differ between 3.x and 4.x).
   * @param sparkMajor Spark major version
   */
  public log4j2Properties(sparkMajor: number): string {
    const p: Record<string, string> = {
      'status': 'warn',
      'appender.console.type': 'Console',
      'appender.console.name': 'console',
      'appender.console.target': 'SYSTEM_ERR',
      'rootLogger.level': this.props.rootLevel ?? LogLevel.WARN,
      'rootLogger.appenderRef.stdout.ref': 'console',
      'logger.spark.name': 'org.apache.spark',
      'logger.spark.level': this.props.sparkLevel ?? LogLevel.INFO,
    };
    if (this.layout === LogLayout.PATTERN) {
      p['appender.console.layout.type'] = 'PatternLayout';
      p['appender.console.layout.pattern'] = this.props.pattern ?? SPARK_LOG_PATTERN;
    } else if (sparkMajor >= 4) {
      p['appender.console.layout.type'] = 'JsonTemplateLayout';
      p['appender.console.layout.eventTemplateUri'] = 'classpath:org/apache/spark/SparkLayout.json';
    } else {
      p['appender.console.layout.type'] = 'JsonLayout';
      p['appender.console.layout.compact'] = 'true';
      p['appender.console.layout.eventEol'] = 'true';
      p['appender.console.layout.properties'] = 'true';
      p['appender.console.layout.stacktraceAsString'] = 'true';
    }
    Object.keys(this.props.loggerLevels ?? {}).sort().forEach((logger, i) => {
      p[`logger.user${i}.name`] = logger;
      p[`logger.user${i}.level`] = this.props.loggerLevels![logger];
    });
    return propertiesFile(p);
  }

  /**
   * Adds the ConfigMap to the app and mounts it into driver and executors.
   * @param app the application
   */
  public bind(app: ISparkApp): void {
    const appOwner = constructLabel('SparkApp', app);
    if (app.node.tryFindChild('Log4j2')) {
      throw propError(appOwner, 'features', this.featureName, 'is the second SparkLogging of the app', 'bind one SparkLogging per app');
    }
    const name = `${app.name}-log4j2`;
    new k8s.KubeConfigMap(app, 'Log4j2', {
      metadata: { name, namespace: app.namespace, labels: sparkAppLabels(app.name, 'logging') },
      data: { 'log4j2.properties': this.log4j2Properties(app.sparkVersion.major) },
    });
    app.addVolumeMount(SparkPods.ALL, { volume: SparkVolume.configMap('log4j2', name), path: MOUNT, readOnly: true }, this.featureName);
    for (const role of ['driver', 'executor']) {
      app.addSparkConfListEntries(`spark.${role}.extraJavaOptions`, [`-Dlog4j2.configurationFile=file:${MOUNT}/log4j2.properties`], this.featureName);
    }
    if (this.layout === LogLayout.JSON && app.sparkVersion.major >= 4) {
      app.addSparkConf('spark.log.structuredLogging.enabled', 'true', this.featureName);
    }
    app.addPodLabels(SparkPods.ALL, { [LOG_FORMAT_LABEL]: this.layout }, this.featureName);
    if (this.layout === LogLayout.PATTERN && this.props.pattern === undefined) {
      app.addPodAnnotations(SparkPods.ALL, { 'fluentbit.io/parser': PATTERN_PARSER_NAME }, this.featureName);
    }
  }
}
