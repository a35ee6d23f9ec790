/** Layout of Spark's console log lines (see SparkLogging). */
export enum LogLayout {
  /** One JSON object per line (Spark 4's structured logging on 4.x, log4j2's JsonLayout on 3.x). */
  JSON = 'json',
  /** Text lines of a log4j2 pattern. */
  PATTERN = 'pattern',
}

/** A log4j2 level. */
export enum LogLevel {
  /** Everything. */
  TRACE = 'trace',
  /** Debugging detail. */
  DEBUG = 'debug',
  /** Progress. */
  INFO = 'info',
  /** Problems that do not stop the app. */
  WARN = 'warn',
  /** Failures. */
  ERROR = 'error',
  /** Failures that stop the app. */
  FATAL = 'fatal',
  /** Nothing. */
  OFF = 'off',
}

/** The pod label that says which layout a Spark pod logs in (set by SparkLogging, read by log agents). */
export const LOG_FORMAT_LABEL = 'logging.cdk8s-spark.io/format';

/** SparkLogging's default pattern. */
export const SPARK_LOG_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %p [%t] %c: %m%n%ex";

/** Name of the Fluent Bit parser of the default pattern (pods name it in `fluentbit.io/parser`). */
export const PATTERN_PARSER_NAME = 'spark-log4j2-pattern';

/** The default pattern as a regular expression with named fields (Onigmo syntax, as Fluent Bit's regex parser reads it). */
export const PATTERN_PARSER_REGEX = '^(?<time>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}) (?<level>[A-Z]+) \\[(?<thread>[^\\]]*)\\] (?<logger>[^:]+): (?<message>.*)$';
