import { Duration } from 'cdk8s';

/**
 * Small helpers for writing PromQL and Prometheus durations from typed code. Internal.
 */

/** A label matcher: `name="value"`, `name!="value"`, `name=~"re"`. */
export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export function eq(label: string, value: string): Matcher {
  return { label, op: '=', value };
}

export function ne(label: string, value: string): Matcher {
  return { label, op: '!=', value };
}

export function re(label: string, value: string): Matcher {
  return { label, op: '=~', value };
}

/** A PromQL string literal (double-quoted, escaped). */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** `metric{a="b", ...}`; with a regex name, `{__name__=~"...", a="b"}`. */
export function selector(metric: string | Matcher, matchers: Matcher[]): string {
  const all = typeof metric === 'string' ? matchers : [metric, ...matchers];
  const body = all.map(m => `${m.label}${m.op}${str(m.value)}`).join(', ');
  return typeof metric === 'string' ? `${metric}{${body}}` : `{${body}}`;
}

/** Regex that matches exactly one of the literal strings. */
export function anyOf(values: string[]): string {
  return values.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/**
 * A Duration as a Prometheus duration (`90s` → `1m30s`, `2h`, `1500ms`, `0s`): the form both
 * PromQL range selectors and the prometheus-operator CRD patterns accept.
 */
export function promDuration(d: Duration): string {
  let ms = d.toMilliseconds();
  if (ms === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      ms -= n * size;
    }
  }
  return parts.join('');
}

/** A number as PromQL writes it: no exponent, no trailing zeros. */
export function num(n: number): string {
  return Number.isInteger(n) ? `${n}` : `${Number(n.toPrecision(12))}`;
}
