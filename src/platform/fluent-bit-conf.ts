// Internal: Fluent Bit's classic configuration format (not re-exported from the package root).

/** A section of the classic format, keys aligned. */
export function section(name: string, entries: Array<[string, string]>): string {
  const width = Math.max(...entries.map(([k]) => k.length)) + 1;
  return `[${name}]\n${entries.map(([k, v]) => `    ${k.padEnd(width)}${v}`).join('\n')}\n`;
}
