/**
 * A Java properties file (`spark-defaults.conf`, `log4j2.properties`) as Java loads it (java.util.Properties): keys sorted; `\`, and leading
 * spaces, `=`, `:`, `#` and `!` escaped, so each value is one entry whatever it holds.
 */
export function propertiesFile(conf: Record<string, string>): string {
  const esc = (s: string, key: boolean) => s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\f/g, '\\f')
    .replace(key ? /([=: #!])/g : /^([ #!])/g, '\\$1')
    .replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Object.keys(conf).sort().map(k => `${esc(k, true)}=${esc(conf[k], false)}`).join('\n') + '\n';
}
