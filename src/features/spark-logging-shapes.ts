import { defineShape, enumOf, map, str, Shape } from '../core/check';
import { LogLayout, LogLevel } from '../platform/log-format';

/** Runtime shape of SparkLoggingProps (see `core/check.ts`). */

const LEVEL = enumOf('LogLevel', LogLevel);

/** Every prop of SparkLoggingProps. */
export const SPARK_LOGGING_PROPS_SHAPE: Shape = defineShape('SparkLoggingProps', {
  layout: enumOf('LogLayout', LogLayout),
  pattern: str({ allowPadding: true }),
  rootLevel: LEVEL,
  sparkLevel: LEVEL,
  loggerLevels: map(LEVEL),
});
