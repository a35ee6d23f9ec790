/**
 * The files of a CelebornCluster's ConfigMap: `celeborn-defaults.conf` in the Java properties
 * form Celeborn loads, and the console-only log4j2 configuration.
 */

/** `celeborn-defaults.conf`: sorted entries, keys and values escaped. */
export function celebornDefaultsConf(conf: Record<string, string>): string {
  return Object.keys(conf).sort().map(k => `${propertiesEscape(k, true)}=${propertiesEscape(conf[k], false)}`).join('\n') + '\n';
}

/**
 * A key or value in the form `java.util.Properties.load` reads back exactly: backslash, line
 * breaks and other control characters escaped; in keys also `=`, `:`, blanks and a leading `#` or
 * `!`; in values a leading blank.
 */
export function propertiesEscape(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (c === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (isKey && (c === '=' || c === ':')) out += `\\${c}`;
    else if (isKey && (c === '#' || c === '!') && i === 0) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** Console-only logging: the pods keep no log files (kubectl logs, the node's log rotation). */
export const LOG4J2 = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="stdout" target="SYSTEM_OUT">
      <PatternLayout pattern="%d{yy/MM/dd HH:mm:ss,SSS} %p [%t] %c{1}: %m%n%ex"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="INFO">
      <AppenderRef ref="stdout"/>
    </Root>
  </Loggers>
</Configuration>
`;
