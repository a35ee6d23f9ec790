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
