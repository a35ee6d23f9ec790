// Over 600 lines: one cohesive parser and evaluator of the operator's cron dialect (robfig/cron
// v3 with descriptors and @every) plus the time-zone arithmetic that finds next runs.
/**
 * Checks for `ScheduledSparkApplication.spec.schedule` and `spec.timeZone`.
 *
 * The spark-operator parses the schedule with robfig/cron v3 `cron.ParseStandard`
 * (after prefixing `CRON_TZ=<spec.timeZone> ` unless the schedule already starts with
 * `CRON_TZ=` or `TZ=`), and loads the time zone with Go's `time.LoadLocation`.
 * The functions here accept what those accept, with these deliberate exceptions
 * where robfig silently accepts something that almost certainly is a mistake:
 *
 * - an empty zone (`spec.timeZone: ''` or `CRON_TZ= `): this library always
 *   emits an explicit zone;
 * - `@every` durations below 1s or with a fraction of a second (robfig rounds
 *   them to whole seconds, at least 1s);
 * - fields that have no values at all (`,`), which robfig accepts as "never";
 * - a range starting with `*` (`*-5`), where robfig ignores everything after `*`.
 *
 * cron-parser expands the field values, but it speaks a different dialect than
 * robfig (seconds field, `L`, `W`, `#`, `H`, 7 as Sunday, and other DST rules),
 * so the robfig grammar is checked here first and next runs follow robfig's
 * `SpecSchedule.Next`.
 *
 * @internal
 */
import { CronExpressionParser } from 'cron-parser';
import { distance } from 'fastest-levenshtein';
import { propError } from '../../core/errors';
import { wholeNumberFix } from '../../core/util';

const FORMAT = '5 fields (minute hour day-of-month month day-of-week) or a descriptor such as @daily or @every 1h';
const EXPECTED_FORMAT = `expected ${FORMAT}`;

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const MAX_SEARCH_STEPS = 20_000;

interface FieldDef {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyMap<string, number>;
  readonly namesHint?: string;
  /** Whether cron-parser's L and W day extensions would be recognised in this field. */
  readonly dayField?: boolean;
}

const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((n, i) => [n, i + 1]),
);
const DAY_NAMES: ReadonlyMap<string, number> = new Map(
  ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((n, i) => [n, i]),
);

/** The five fields of a standard spec, in order. robfig's day-of-week is 0-6: 7 is not Sunday. */
const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, dayField: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesHint: 'a three-letter month name (JAN-DEC)' },
  { name: 'day-of-week', min: 0, max: 6, names: DAY_NAMES, namesHint: 'a three-letter day name (SUN-SAT)', dayField: true },
];

/** robfig's descriptors, as the equivalent five-field spec (including its star semantics). */
const DESCRIPTORS: ReadonlyMap<string, string> = new Map([
  ['@yearly', '0 0 1 1 *'],
  ['@annually', '0 0 1 1 *'],
  ['@monthly', '0 0 1 * *'],
  ['@weekly', '0 0 * * 0'],
  ['@daily', '0 0 * * *'],
  ['@midnight', '0 0 * * *'],
  ['@hourly', '0 * * * *'],
]);
const EVERY = '@every ';

interface ParsedField {
  /** Indexed by value: whether the field matches it. */
  readonly matches: readonly boolean[];
  /** robfig's "star bit": the field contains `*` or `?` without a step above 1. */
  readonly star: boolean;
}

interface CronRule {
  readonly kind: 'cron';
  readonly minute: ParsedField;
  readonly hour: ParsedField;
  readonly dom: ParsedField;
  readonly month: ParsedField;
  readonly dow: ParsedField;
}

interface EveryRule {
  readonly kind: 'every';
  readonly delayMs: number;
}

interface ParsedSchedule {
  /** The zone of a `CRON_TZ=`/`TZ=` prefix, which takes precedence over `spec.timeZone`. */
  readonly zone?: string;
  readonly rule: CronRule | EveryRule;
}

/**
 * Checks a ScheduledSparkApplication schedule the way robfig/cron v3 `ParseStandard` does.
 *
 * @returns undefined when the schedule is accepted, otherwise a short lowercase description
 * of the problem and of what is accepted (no trailing period)
 */
export function validateCronSchedule(schedule: string): string | undefined {
  const parsed = parseSchedule(schedule);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * What is wrong with a schedule or a time zone, in the parts of the library's error format:
 * `problem` reads after the value (`has 6 fields ...`), `fix` says what is accepted.
 */
export interface ScheduleIssue {
  readonly problem: string;
  readonly fix: string;
}

/**
 * `validateCronSchedule` in the parts of the library's error format, for `propError(owner,
 * 'schedule.cron', schedule, problem, fix)`; undefined when the schedule is accepted.
 */
export function scheduleIssue(schedule: string): ScheduleIssue | undefined {
  const text = validateCronSchedule(schedule);
  if (text === undefined) {
    return undefined;
  }
  const useFormat = `use ${FORMAT}`;
  if (text === `schedule is empty; ${EXPECTED_FORMAT}`) {
    return { problem: 'is empty', fix: useFormat };
  }
  if (text.startsWith(`${EXPECTED_FORMAT}, got `)) {
    return { problem: `has ${text.slice(`${EXPECTED_FORMAT}, got `.length)}`, fix: useFormat };
  }
  const parser = "is rejected by the operator's cron parser (robfig/cron v3)";
  if (text.endsWith(`; ${EXPECTED_FORMAT}`)) {
    return { problem: `${parser}: ${text.slice(0, -`; ${EXPECTED_FORMAT}`.length)}`, fix: useFormat };
  }
  const split = text.indexOf('; ');
  if (split >= 0) {
    return { problem: `${parser}: ${text.slice(0, split)}`, fix: text.slice(split + 2) };
  }
  const range = /is out of range (\d+)-(\d+)/.exec(text);
  if (range !== null) {
    return { problem: `${parser}: ${text}`, fix: `use values from ${range[1]} to ${range[2]}` };
  }
  return { problem: `${parser}: ${text}`, fix: `write it in robfig/cron syntax: ${FORMAT}` };
}

/**
 * `validateTimeZone` in the parts of the library's error format, for `propError(owner,
 * 'schedule.timeZone', timeZone, problem, fix)`; undefined when the name is accepted.
 */
export function timeZoneIssue(tz: string): ScheduleIssue | undefined {
  const issue = checkTimeZone(tz);
  return issue === undefined ? undefined : { problem: issue.problem, fix: issue.fix };
}

/**
 * Checks a time zone name the way Go's `time.LoadLocation` does: `UTC`, `Local`, or an
 * IANA tz database name, spelled with its exact case. UTC offsets such as `+01:00` are not
 * zone names. The empty string is rejected too: Go reads it as UTC (and the operator as its
 * own local zone), but this library always emits an explicit zone.
 *
 * @returns undefined when the name is accepted, otherwise a short lowercase description
 * of the problem (no trailing period)
 */
export function validateTimeZone(tz: string): string | undefined {
  return checkTimeZone(tz)?.text;
}

/** A time zone problem: the description `validateTimeZone` returns, and its problem and fix parts. */
interface TimeZoneProblem extends ScheduleIssue {
  readonly text: string;
}

function checkTimeZone(tz: string): TimeZoneProblem | undefined {
  const iana = 'use an IANA time zone name such as "UTC" or "Europe/Berlin"';
  if (tz === '') {
    return { text: `time zone is empty; ${iana}`, problem: 'is empty', fix: iana };
  }
  if (tz === 'UTC' || tz === 'Local') {
    return undefined;
  }
  if (tz.trim() !== tz) {
    return { text: `time zone ${quote(tz)} has leading or trailing whitespace`, problem: 'has leading or trailing whitespace', fix: `use ${quote(tz.trim())}` };
  }
  const index = zoneIndex();
  if (index.names.has(tz)) {
    return undefined;
  }
  const offset = utcOffsetProblem(tz);
  if (offset !== undefined) {
    return offset;
  }
  if (intlAccepts(tz)) {
    const spelled = index.byLowerCase.get(tz.toLowerCase());
    if (spelled !== undefined) {
      return {
        text: `time zone names are case-sensitive: ${quote(tz)} should be ${quote(spelled)}`,
        problem: 'is not spelled as in the tz database (time zone names are case-sensitive)',
        fix: `use ${quote(spelled)}`,
      };
    }
    // A zone this runtime's ICU knows but the list below does not (a newer tz release).
    if (/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(tz)) {
      return undefined;
    }
  }
  const suggestion = suggestZone(tz, index);
  const examples = '(for example "Europe/Berlin", "America/New_York", "UTC")';
  return {
    text: `${quote(tz)} is not an IANA time zone name ${examples}` + (suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`),
    problem: 'is not an IANA time zone name',
    fix: suggestion === undefined ? 'use a name such as "Europe/Berlin", "America/New_York" or "UTC"' : `did you mean ${quote(suggestion)}? IANA names look like "Europe/Berlin", "America/New_York" or "UTC"`,
  };
}

/**
 * The next `count` runs of a schedule after `from`, as RFC 3339 timestamps with the
 * schedule's UTC offset (`Z` when it is zero), computed like robfig/cron's `Next`:
 * a run whose wall-clock time is skipped by a daylight-saving change does not happen that
 * day, and one whose wall-clock time occurs twice runs twice. `@every` runs are counted
 * from `from`. A `CRON_TZ=`/`TZ=` prefix in the schedule takes precedence over `timeZone`,
 * as in the operator; `Local` is taken to be UTC (the operator's usual container zone).
 * Fewer than `count` runs are returned when robfig finds none within five years.
 *
 * @throws Error when the schedule or the time zone is invalid
 */
export function describeNextRuns(schedule: string, timeZone: string, count: number, from: Date): string[] {
  const owner = 'describeNextRuns';
  const parsed = parseSchedule(schedule);
  if (typeof parsed === 'string') {
    const issue = scheduleIssue(schedule)!;
    throw propError(owner, 'schedule', schedule, issue.problem, issue.fix);
  }
  const tzIssue = timeZoneIssue(timeZone);
  if (tzIssue !== undefined) {
    throw propError(owner, 'timeZone', timeZone, tzIssue.problem, tzIssue.fix);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(propError(owner, 'count', count, 'must be a whole number of at least 0', wholeNumberFix(count, 0)).message);
  }
  let t = from.getTime();
  if (Number.isNaN(t)) {
    throw new RangeError(propError(owner, 'from', String(from), 'is not a valid date', 'pass a Date with a time value, e.g. new Date()').message);
  }
  const zone = zoneFor(parsed.zone ?? timeZone);
  const rule = parsed.rule;
  const runs: string[] = [];
  while (runs.length < count) {
    const next = rule.kind === 'every' ? nextEvery(rule, t) : nextCron(rule, t, zone);
    if (next === undefined) {
      break;
    }
    runs.push(zone.rfc3339(next));
    t = next;
  }
  return runs;
}

// ---------------------------------------------------------------------------
// Schedule parsing (robfig/cron v3 Parser.Parse with the standard options)

function parseSchedule(schedule: string): ParsedSchedule | string {
  if (schedule === '') {
    return `schedule is empty; ${EXPECTED_FORMAT}`;
  }
  let spec = schedule;
  let zone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const prefix = spec.startsWith('TZ=') ? 'TZ' : 'CRON_TZ';
    const space = spec.indexOf(' ');
    if (space < 0) {
      return `the ${prefix}= prefix must be followed by a space and a schedule, for example "${prefix}=Europe/Berlin 0 2 * * *"`;
    }
    zone = spec.slice(spec.indexOf('=') + 1, space);
    const problem = validateTimeZone(zone);
    if (problem !== undefined) {
      return `time zone of the ${prefix}= prefix: ${problem}`;
    }
    spec = spec.slice(space).trim();
  }
  const rule = spec.startsWith('@') ? parseDescriptor(spec) : parseStandardFields(spec);
  return typeof rule === 'string' ? rule : { zone, rule };
}

function parseDescriptor(spec: string): CronRule | EveryRule | string {
  const equivalent = DESCRIPTORS.get(spec);
  if (equivalent !== undefined) {
    return parseFields(equivalent.split(' '));
  }
  if (spec.startsWith(EVERY)) {
    return parseEvery(spec.slice(EVERY.length));
  }
  if (spec.trim() === '@every' || /^@every\s/.test(spec)) {
    return '@every must be followed by a single space and a Go duration, for example "@every 1h30m"';
  }
  if (DESCRIPTORS.has(spec.trim()) || spec.trim().startsWith(EVERY)) {
    return `descriptor ${quote(spec)} must not have surrounding whitespace`;
  }
  if (DESCRIPTORS.has(spec.toLowerCase())) {
    return `descriptor ${quote(spec)} must be lowercase (${spec.toLowerCase()})`;
  }
  return `unknown descriptor ${quote(spec)}; accepted descriptors are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @every <duration>`;
}

function parseEvery(text: string): EveryRule | string {
  if (text !== '' && text.trim() !== text) {
    return `@every duration ${quote(text)} must not have surrounding whitespace`;
  }
  const ns = parseGoDuration(text);
  if (typeof ns === 'string') {
    return `@every duration ${quote(text)} ${ns}`;
  }
  const second = 1_000_000_000n;
  if (ns < second) {
    return `@every duration ${quote(text)} must be at least 1s`;
  }
  if (ns % second !== 0n) {
    return `@every duration ${quote(text)} must be a whole number of seconds (robfig/cron rounds it down)`;
  }
  return { kind: 'every', delayMs: Number(ns / 1_000_000n) };
}

function parseStandardFields(spec: string): CronRule | string {
  // Go's strings.Fields: split on runs of whitespace.
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length === 5) {
    return parseFields(fields);
  }
  if (fields.length === 0) {
    return `schedule is empty; ${EXPECTED_FORMAT}`;
  }
  if (fields.some((f) => f.startsWith('CRON_TZ=') || f.startsWith('TZ='))) {
    return `a CRON_TZ= or TZ= prefix must come first, with no whitespace before it; ${EXPECTED_FORMAT}`;
  }
  if (fields.length === 1 && fields[0].startsWith('@')) {
    return `descriptor ${quote(fields[0])} must not be preceded by whitespace`;
  }
  let hint = '';
  if (fields.length === 6) {
    hint = ' (there is no seconds field)';
  } else if (fields.length === 7) {
    hint = ' (there are no seconds or year fields)';
  }
  return `${EXPECTED_FORMAT}, got ${fields.length} field${fields.length === 1 ? '' : 's'}${hint}`;
}

function parseFields(fields: readonly string[]): CronRule | string {
  const parsed: ParsedField[] = [];
  for (let i = 0; i < FIELDS.length; i++) {
    const field = parseField(FIELDS[i], i, fields[i]);
    if (typeof field === 'string') {
      return field;
    }
    parsed.push(field);
  }
  const [minute, hour, dom, month, dow] = parsed;
  return { kind: 'cron', minute, hour, dom, month, dow };
}

/**
 * robfig's getField/getRange: a comma-separated list (empty items are skipped) of
 * `*`, `?`, `a` or `a-b`, each optionally followed by `/step`; `a/step` means `a-max/step`.
 */
function parseField(def: FieldDef, position: number, text: string): ParsedField | string {
  const fail = (part: string, problem: string): string =>
    part === text ? `${def.name} field ${quote(text)} ${problem}` : `${def.name} field ${quote(text)}: ${quote(part)} ${problem}`;

  const elements = text.split(',').filter((e) => e !== '');
  if (elements.length === 0) {
    return fail(text, 'has no values');
  }
  const matches = new Array<boolean>(def.max + 1).fill(false);
  let star = false;
  for (const element of elements) {
    const extension = cronParserExtension(def, element);
    if (extension !== undefined) {
      return fail(text, `uses ${extension}, which robfig/cron (the operator's cron parser) does not support`);
    }
    const rangeAndStep = element.split('/');
    if (rangeAndStep.length > 2) {
      return fail(element, 'has more than one "/"');
    }
    const range = rangeAndStep[0];
    const lowAndHigh = range.split('-');
    let start: number;
    let end: number;
    let elementStar = false;
    if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
      if (lowAndHigh.length > 1) {
        return fail(element, `mixes "${lowAndHigh[0]}" with a range; use "*" or a range such as "1-5"`);
      }
      start = def.min;
      end = def.max;
      elementStar = true;
    } else {
      if (range.startsWith('-')) {
        return fail(element, 'is negative; values cannot be negative');
      }
      if (lowAndHigh.length > 2) {
        return fail(element, 'has more than one "-"');
      }
      const values: number[] = [];
      for (const atom of lowAndHigh) {
        if (atom === '') {
          return fail(element, 'is missing a value');
        }
        const value = parseValue(def, atom);
        if (value === undefined) {
          return fail(atom, `is not a number${def.namesHint === undefined ? '' : ` or ${def.namesHint}`}`);
        }
        if (value < def.min || value > def.max) {
          const sunday = def.names === DAY_NAMES && value === 7 ? ' (Sunday is 0 or SUN)' : '';
          return fail(atom, `is out of range ${def.min}-${def.max}${sunday}`);
        }
        values.push(value);
      }
      start = values[0];
      end = values.length === 2 ? values[1] : start;
      if (start > end) {
        return fail(range, 'is a range that starts after it ends (ranges cannot wrap around)');
      }
    }
    let step = 1;
    if (rangeAndStep.length === 2) {
      const stepText = rangeAndStep[1];
      if (!/^\+?\d+$/.test(stepText)) {
        return fail(element, `has a step ${quote(stepText)} that is not a whole number`);
      }
      step = Number(stepText);
      if (step === 0) {
        return fail(element, 'has a step of 0; the step must be at least 1');
      }
      if (lowAndHigh.length === 1) {
        end = def.max;
      }
      if (step > 1) {
        elementStar = false;
      }
    }
    star = star || elementStar;
    // One element at a time: cron-parser rejects lists whose items overlap, and a step wider
    // than its range, both of which robfig accepts.
    const expanded = expandWithCronParser(def, position, step > end - start ? `${start}` : `${start}-${end}/${step}`);
    if (typeof expanded === 'string') {
      return fail(element, expanded);
    }
    expanded.forEach((match, value) => matches[value] = matches[value] || match);
  }
  return { matches, star };
}

/** robfig's parseIntOrName: a case-insensitive name of the field, or Go's strconv.Atoi. */
function parseValue(def: FieldDef, atom: string): number | undefined {
  const named = def.names?.get(atom.toLowerCase());
  if (named !== undefined) {
    return named;
  }
  return /^\+?\d+$/.test(atom) ? Number(atom) : undefined;
}

/** Syntax that cron-parser (and Quartz-style crons) accept but robfig does not. */
function cronParserExtension(def: FieldDef, element: string): string | undefined {
  if (element.includes('#')) {
    return '# (nth weekday of the month)';
  }
  if (/^H(\(\d+-\d+\))?(\/\d+)?$/i.test(element)) {
    return 'H (hashed values)';
  }
  if (def.dayField) {
    if (/^(\d+W|LW)$/i.test(element)) {
      return 'W (nearest weekday)';
    }
    if (/^(\d*L|L-\d+)$/i.test(element)) {
      return 'L (last day)';
    }
  }
  return undefined;
}

/** Expands a canonical field element (`a` or `a-b/step`) into the values it matches, with cron-parser. */
function expandWithCronParser(def: FieldDef, position: number, canonical: string): boolean[] | string {
  const six = ['0', '*', '*', '*', '*', '*'];
  six[position + 1] = canonical;
  let values: readonly (number | string)[];
  try {
    const fields = CronExpressionParser.parse(six.join(' ')).fields;
    values = [fields.minute, fields.hour, fields.dayOfMonth, fields.month, fields.dayOfWeek][position].values;
  } catch (e) {
    return `could not be expanded: ${(e as Error).message}`;
  }
  const matches = new Array<boolean>(def.max + 1).fill(false);
  for (const value of values) {
    if (typeof value === 'number') {
      // cron-parser also lists Sunday as 7 in day-of-week.
      matches[value > def.max ? def.min : value] = true;
    }
  }
  return matches;
}

const DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);
const DURATION_EXAMPLES = 'for example 90s, 15m or 1h30m';

/**
 * Go's time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0".
 *
 * @returns the duration in nanoseconds, or a problem to follow `duration "..."`
 */
function parseGoDuration(text: string): bigint | string {
  const invalid = `is not a Go duration (${DURATION_EXAMPLES})`;
  const limit = 2n ** 63n;
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') {
    return 0n;
  }
  if (s === '') {
    return invalid;
  }
  let total = 0n;
  while (s !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const whole = number[1];
    const fraction = number[2] ?? '';
    if (whole === '' && fraction === '') {
      return invalid;
    }
    s = s.slice(number[0].length);
    const unitLength = s.search(/[0-9.]|$/);
    if (unitLength === 0) {
      return `is missing a unit (${DURATION_EXAMPLES})`;
    }
    const unitName = s.slice(0, unitLength);
    s = s.slice(unitLength);
    const unit = DURATION_UNITS.get(unitName);
    if (unit === undefined) {
      return `has unknown unit ${quote(unitName)}; Go durations use ns, us, ms, s, m and h (${DURATION_EXAMPLES})`;
    }
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (fraction !== '') {
      value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    }
    total += value;
    if (total > limit) {
      return 'is too large';
    }
  }
  if (!negative && total === limit) {
    return 'is too large';
  }
  return negative ? -total : total;
}

// ---------------------------------------------------------------------------
// Next runs (robfig/cron v3 SpecSchedule.Next and ConstantDelaySchedule.Next)

function nextEvery(rule: EveryRule, t: number): number {
  return Math.floor(t / SECOND_MS) * SECOND_MS + rule.delayMs;
}

function dayMatches(rule: CronRule, w: WallClock): boolean {
  const domMatch = rule.dom.matches[w.day];
  const dowMatch = rule.dow.matches[w.weekday];
  return rule.dom.star || rule.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

function nextCron(rule: CronRule, from: number, zone: Zone): number | undefined {
  // Start at the earliest possible time: the upcoming whole second.
  let t = Math.floor(from / SECOND_MS) * SECOND_MS + SECOND_MS;
  let w = zone.wall(t);
  let added = false;
  const yearLimit = w.year + 5;
  // robfig loops forever when a zone skips a whole calendar day (Pacific/Apia on
  // 2011-12-30); a normal search takes at most a few thousand steps.
  let steps = 0;
  const step = (): void => {
    if (++steps > MAX_SEARCH_STEPS) {
      throw propError('describeNextRuns', 'timeZone', zone.name, `makes robfig/cron search without end for the run after ${new Date(from).toISOString()} (as when a zone skips a whole calendar day)`,
        'the operator would hang on this schedule: use another time zone or schedule');
    }
  };

  wrap: for (;;) {
    step();
    if (w.year > yearLimit) {
      return undefined;
    }
    while (!rule.month.matches[w.month]) {
      step();
      if (!added) {
        added = true;
        t = zone.date(w.year, w.month, 1, 0, 0, 0);
      }
      t = zone.addDate(t, 0, 1, 0);
      w = zone.wall(t);
      if (w.month === 1) {
        continue wrap;
      }
    }
    while (!dayMatches(rule, w)) {
      step();
      if (!added) {
        added = true;
        t = zone.date(w.year, w.month, w.day, 0, 0, 0);
      }
      t = zone.addDate(t, 0, 0, 1);
      w = zone.wall(t);
      // Midnight may not exist on a daylight-saving day: move back to the day's start.
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * HOUR_MS;
        w = zone.wall(t);
      }
      if (w.day === 1) {
        continue wrap;
      }
    }
    while (!rule.hour.matches[w.hour]) {
      step();
      if (!added) {
        added = true;
        t = zone.date(w.year, w.month, w.day, w.hour, 0, 0);
      }
      t += HOUR_MS;
      w = zone.wall(t);
      if (w.hour === 0) {
        continue wrap;
      }
    }
    while (!rule.minute.matches[w.minute]) {
      step();
      if (!added) {
        added = true;
        t -= mod(t, MINUTE_MS);
      }
      t += MINUTE_MS;
      w = zone.wall(t);
      if (w.minute === 0) {
        continue wrap;
      }
    }
    // The standard parser's seconds field is always 0: robfig steps a second at a time
    // to the next minute and starts over.
    if (w.second !== 0) {
      added = true;
      t += (60 - w.second) * SECOND_MS;
      w = zone.wall(t);
      continue wrap;
    }
    return t;
  }
}

// ---------------------------------------------------------------------------
// Time zones

interface WallClock {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 (Sunday) - 6 */
  readonly weekday: number;
}

/** Wall-clock arithmetic in one IANA zone, with the semantics of Go's time package. */
class Zone {
  private readonly format: Intl.DateTimeFormat;

  constructor(public readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  public wall(t: number): WallClock {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(t))) {
      if (part.type !== 'literal') {
        parts[part.type] = Number(part.value);
      }
    }
    const { year, month, day, hour, minute, second } = parts;
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return { year, month, day, hour, minute, second, weekday };
  }

  /** The zone's UTC offset at `t`, in milliseconds. */
  public offset(t: number): number {
    const w = this.wall(t);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (t - mod(t, SECOND_MS));
  }

  /**
   * Go's time.Date: out-of-range values are normalised, and a wall-clock time that is
   * skipped or repeated by a zone transition is resolved the way Go does it.
   */
  public date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const local = Date.UTC(year, month - 1, day, hour, minute, second);
    const guess = this.offset(local);
    return guess === 0 ? local : local - this.offset(local - guess);
  }

  /** Go's Time.AddDate. */
  public addDate(t: number, years: number, months: number, days: number): number {
    const w = this.wall(t);
    return this.date(w.year + years, w.month + months, w.day + days, w.hour, w.minute, w.second) + mod(t, SECOND_MS);
  }

  /** RFC 3339 with the zone's offset at `t` (`Z` when it is zero), like Go's time.RFC3339. */
  public rfc3339(t: number): string {
    const w = this.wall(t);
    const offsetMinutes = Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (t - mod(t, SECOND_MS))) / MINUTE_MS);
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
    const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
    if (offsetMinutes === 0) {
      return `${date}Z`;
    }
    const abs = Math.abs(offsetMinutes);
    return `${date}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
}

const zones = new Map<string, Zone>();

function zoneFor(name: string): Zone {
  // Go's Local is the operator's own zone; its container image normally runs in UTC.
  const key = name === 'Local' || name === '' ? 'UTC' : name;
  let zone = zones.get(key);
  if (zone === undefined) {
    try {
      zone = new Zone(key);
    } catch (e) {
      throw propError('describeNextRuns', 'timeZone', name, `is not known to this JavaScript runtime (${(e as Error).message})`, 'use a Node.js with current ICU time zone data, or another zone');
    }
    zones.set(key, zone);
  }
  return zone;
}

function intlAccepts(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

interface ZoneIndex {
  readonly names: ReadonlySet<string>;
  readonly byLowerCase: ReadonlyMap<string, string>;
}

let cachedZoneIndex: ZoneIndex | undefined;

function zoneIndex(): ZoneIndex {
  if (cachedZoneIndex === undefined) {
    const names = new Set<string>();
    for (const [area, list] of Object.entries(IANA_ZONE_NAMES)) {
      for (const name of list.split(/\s+/)) {
        if (name !== '') {
          names.add(area + name);
        }
      }
    }
    // CLDR's canonical ids, in case the runtime is newer than the list below.
    if (typeof Intl.supportedValuesOf === 'function') {
      for (const name of Intl.supportedValuesOf('timeZone')) {
        names.add(name);
      }
    }
    const byLowerCase = new Map<string, string>();
    for (const name of names) {
      byLowerCase.set(name.toLowerCase(), name);
    }
    cachedZoneIndex = { names, byLowerCase };
  }
  return cachedZoneIndex;
}

/** A message for UTC offsets such as `+01:00` or `UTC+1`, which are not zone names. */
function utcOffsetProblem(tz: string): TimeZoneProblem | undefined {
  const match = /^(?:UTC|GMT|Z)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(tz);
  if (match === null) {
    return undefined;
  }
  const hours = Number(match[2]) * (match[1] === '-' ? -1 : 1);
  const minutes = Number(match[3] ?? '0');
  let fixed = '';
  if (minutes === 0 && hours >= -12 && hours <= 14) {
    // Etc/GMT zones use POSIX signs: Etc/GMT-1 is one hour ahead of UTC.
    fixed = hours === 0 ? ', or "UTC"' : `, or "Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}" for a fixed offset (note the inverted sign)`;
  }
  const problem = 'is a UTC offset, not an IANA time zone name';
  const fix = `use a zone such as "Europe/Berlin"${fixed}`;
  return { text: `${quote(tz)} ${problem}; ${fix}`, problem, fix };
}

function suggestZone(tz: string, index: ZoneIndex): string | undefined {
  const lower = tz.toLowerCase();
  if (!lower.includes('/')) {
    for (const [candidate, name] of index.byLowerCase) {
      if (candidate.endsWith(`/${lower}`)) {
        return name;
      }
    }
  }
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.floor(tz.length / 3));
  for (const [candidate, name] of index.byLowerCase) {
    const d = distance(lower, candidate);
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/**
 * The zone and link names of the IANA tz database (release 2025b, without `Factory`), by area.
 * These are the names Go's time.LoadLocation finds, including the backward-compatible links
 * (`US/Eastern`, `Asia/Calcutta`). `Intl.supportedValuesOf('timeZone')` alone is not enough:
 * it lists CLDR's canonical ids only (`Asia/Calcutta` but not `Asia/Kolkata`), and Intl matches
 * names case-insensitively while Go does not.
 */
const IANA_ZONE_NAMES: Readonly<Record<string, string>> = {
  '': `CET CST6CDT Cuba EET EST EST5EDT Egypt Eire GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST Hongkong
    Iceland Iran Israel Jamaica Japan Kwajalein Libya MET MST MST7MDT NZ NZ-CHAT Navajo PRC PST8PDT Poland
    Portugal ROC ROK Singapore Turkey UCT UTC Universal W-SU WET Zulu`,
  'Africa/': `Abidjan Accra Addis_Ababa Algiers Asmara Asmera Bamako Bangui Banjul Bissau Blantyre Brazzaville
    Bujumbura Cairo Casablanca Ceuta Conakry Dakar Dar_es_Salaam Djibouti Douala El_Aaiun Freetown Gaborone
    Harare Johannesburg Juba Kampala Khartoum Kigali Kinshasa Lagos Libreville Lome Luanda Lubumbashi Lusaka
    Malabo Maputo Maseru Mbabane Mogadishu Monrovia Nairobi Ndjamena Niamey Nouakchott Ouagadougou
    Porto-Novo Sao_Tome Timbuktu Tripoli Tunis Windhoek`,
  'America/': `Adak Anchorage Anguilla Antigua Araguaina Argentina/Buenos_Aires Argentina/Catamarca
    Argentina/ComodRivadavia Argentina/Cordoba Argentina/Jujuy Argentina/La_Rioja Argentina/Mendoza
    Argentina/Rio_Gallegos Argentina/Salta Argentina/San_Juan Argentina/San_Luis Argentina/Tucuman
    Argentina/Ushuaia Aruba Asuncion Atikokan Atka Bahia Bahia_Banderas Barbados Belem Belize Blanc-Sablon
    Boa_Vista Bogota Boise Buenos_Aires Cambridge_Bay Campo_Grande Cancun Caracas Catamarca Cayenne Cayman
    Chicago Chihuahua Ciudad_Juarez Coral_Harbour Cordoba Costa_Rica Coyhaique Creston Cuiaba Curacao
    Danmarkshavn Dawson Dawson_Creek Denver Detroit Dominica Edmonton Eirunepe El_Salvador Ensenada
    Fort_Nelson Fort_Wayne Fortaleza Glace_Bay Godthab Goose_Bay Grand_Turk Grenada Guadeloupe Guatemala
    Guayaquil Guyana Halifax Havana Hermosillo Indiana/Indianapolis Indiana/Knox Indiana/Marengo
    Indiana/Petersburg Indiana/Tell_City Indiana/Vevay Indiana/Vincennes Indiana/Winamac Indianapolis Inuvik
    Iqaluit Jamaica Jujuy Juneau Kentucky/Louisville Kentucky/Monticello Knox_IN Kralendijk La_Paz Lima
    Los_Angeles Louisville Lower_Princes Maceio Managua Manaus Marigot Martinique Matamoros Mazatlan Mendoza
    Menominee Merida Metlakatla Mexico_City Miquelon Moncton Monterrey Montevideo Montreal Montserrat Nassau
    New_York Nipigon Nome Noronha North_Dakota/Beulah North_Dakota/Center North_Dakota/New_Salem Nuuk
    Ojinaga Panama Pangnirtung Paramaribo Phoenix Port-au-Prince Port_of_Spain Porto_Acre Porto_Velho
    Puerto_Rico Punta_Arenas Rainy_River Rankin_Inlet Recife Regina Resolute Rio_Branco Rosario Santa_Isabel
    Santarem Santiago Santo_Domingo Sao_Paulo Scoresbysund Shiprock Sitka St_Barthelemy St_Johns St_Kitts
    St_Lucia St_Thomas St_Vincent Swift_Current Tegucigalpa Thule Thunder_Bay Tijuana Toronto Tortola
    Vancouver Virgin Whitehorse Winnipeg Yakutat Yellowknife`,
  'Antarctica/': 'Casey Davis DumontDUrville Macquarie Mawson McMurdo Palmer Rothera South_Pole Syowa Troll Vostok',
  'Arctic/': 'Longyearbyen',
  'Asia/': `Aden Almaty Amman Anadyr Aqtau Aqtobe Ashgabat Ashkhabad Atyrau Baghdad Bahrain Baku Bangkok Barnaul
    Beirut Bishkek Brunei Calcutta Chita Choibalsan Chongqing Chungking Colombo Dacca Damascus Dhaka Dili
    Dubai Dushanbe Famagusta Gaza Harbin Hebron Ho_Chi_Minh Hong_Kong Hovd Irkutsk Istanbul Jakarta Jayapura
    Jerusalem Kabul Kamchatka Karachi Kashgar Kathmandu Katmandu Khandyga Kolkata Krasnoyarsk Kuala_Lumpur
    Kuching Kuwait Macao Macau Magadan Makassar Manila Muscat Nicosia Novokuznetsk Novosibirsk Omsk Oral
    Phnom_Penh Pontianak Pyongyang Qatar Qostanay Qyzylorda Rangoon Riyadh Saigon Sakhalin Samarkand Seoul
    Shanghai Singapore Srednekolymsk Taipei Tashkent Tbilisi Tehran Tel_Aviv Thimbu Thimphu Tokyo Tomsk
    Ujung_Pandang Ulaanbaatar Ulan_Bator Urumqi Ust-Nera Vientiane Vladivostok Yakutsk Yangon Yekaterinburg
    Yerevan`,
  'Atlantic/': `Azores Bermuda Canary Cape_Verde Faeroe Faroe Jan_Mayen Madeira Reykjavik South_Georgia St_Helena
    Stanley`,
  'Australia/': `ACT Adelaide Brisbane Broken_Hill Canberra Currie Darwin Eucla Hobart LHI Lindeman Lord_Howe Melbourne
    NSW North Perth Queensland South Sydney Tasmania Victoria West Yancowinna`,
  'Brazil/': 'Acre DeNoronha East West',
  'Canada/': 'Atlantic Central Eastern Mountain Newfoundland Pacific Saskatchewan Yukon',
  'Chile/': 'Continental EasterIsland',
  'Etc/': `GMT GMT+0 GMT+1 GMT+10 GMT+11 GMT+12 GMT+2 GMT+3 GMT+4 GMT+5 GMT+6 GMT+7 GMT+8 GMT+9 GMT-0 GMT-1 GMT-10
    GMT-11 GMT-12 GMT-13 GMT-14 GMT-2 GMT-3 GMT-4 GMT-5 GMT-6 GMT-7 GMT-8 GMT-9 GMT0 Greenwich UCT UTC
    Universal Zulu`,
  'Europe/': `Amsterdam Andorra Astrakhan Athens Belfast Belgrade Berlin Bratislava Brussels Bucharest Budapest
    Busingen Chisinau Copenhagen Dublin Gibraltar Guernsey Helsinki Isle_of_Man Istanbul Jersey Kaliningrad
    Kiev Kirov Kyiv Lisbon Ljubljana London Luxembourg Madrid Malta Mariehamn Minsk Monaco Moscow Nicosia
    Oslo Paris Podgorica Prague Riga Rome Samara San_Marino Sarajevo Saratov Simferopol Skopje Sofia
    Stockholm Tallinn Tirane Tiraspol Ulyanovsk Uzhgorod Vaduz Vatican Vienna Vilnius Volgograd Warsaw
    Zagreb Zaporozhye Zurich`,
  'Indian/': 'Antananarivo Chagos Christmas Cocos Comoro Kerguelen Mahe Maldives Mauritius Mayotte Reunion',
  'Mexico/': 'BajaNorte BajaSur General',
  'Pacific/': `Apia Auckland Bougainville Chatham Chuuk Easter Efate Enderbury Fakaofo Fiji Funafuti Galapagos Gambier
    Guadalcanal Guam Honolulu Johnston Kanton Kiritimati Kosrae Kwajalein Majuro Marquesas Midway Nauru Niue
    Norfolk Noumea Pago_Pago Palau Pitcairn Pohnpei Ponape Port_Moresby Rarotonga Saipan Samoa Tahiti Tarawa
    Tongatapu Truk Wake Wallis Yap`,
  'US/': `Alaska Aleutian Arizona Central East-Indiana Eastern Hawaii Indiana-Starke Michigan Mountain Pacific
    Samoa`,
};
