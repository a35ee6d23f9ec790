// Internal: not re-exported from the package root (log-format.ts is; these are not API).

/** The pod label that says which layout a Spark pod logs in (set by SparkLogging, read by log agents). */
export const LOG_FORMAT_LABEL = 'logging.cdk8s-spark.io/format';

/** SparkLogging's default pattern. */
export const SPARK_LOG_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %p [%t] %c: %m%n%ex";

/** Name of the Fluent Bit parser of the default pattern (pods name it in `fluentbit.io/parser`). */
export const PATTERN_PARSER_NAME = 'spark-log4j2-pattern';

/** The default pattern as a regular expression with named fields (Onigmo syntax, as Fluent Bit's regex parser reads it). */
export const PATTERN_PARSER_REGEX = '^(?<time>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}) (?<level>[A-Z]+) \\[(?<thread>[^\\]]*)\\] (?<logger>[^:]+): (?<message>.*)$';
