import { describeNextRuns, scheduleIssue, timeZoneIssue, validateCronSchedule, validateTimeZone } from '../src/backends/kubeflow/cron';

const EXPECTED = 'expected 5 fields (minute hour day-of-month month day-of-week) or a descriptor such as @daily or @every 1h';

/** Problems are short, lowercase (apart from quoted or literal names) and have no trailing period. */
function expectProblemStyle(problem: string | undefined): void {
  expect(problem).toBeDefined();
  expect(problem).not.toMatch(/^[A-Z]/);
  expect(problem).not.toMatch(/\.$/);
}

describe('validateCronSchedule', () => {
  test.each([
    '0 2 * * *',
    '*/15 * * * *',
    '0 9-17 * * MON-FRI',
    '0 0 1,15 * *',
    '30 4 1-7 JAN,jul Sun',
    '0-59/10 0-23/6 1-31/2 1-12/3 0-6/2',
    '5/15 * * * *',
    '0 0 * */2 *',
    '0 0 ? * MON',
    '0 0 1 * ?',
    '0 12 31 2 *', // never runs, but robfig accepts it
    '0 0 * * 0',
    '0 0 * * 6',
    '  0   2 * *\t*  ',
  ])('accepts the 5-field expression %j', (schedule) => {
    expect(validateCronSchedule(schedule)).toBeUndefined();
  });

  test.each(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'])('accepts the descriptor %s', (descriptor) => {
    expect(validateCronSchedule(descriptor)).toBeUndefined();
  });

  test.each(['@every 1h', '@every 1h30m', '@every 90s', '@every 5m', '@every 1.5h', '@every 2h45m30s', '@every 1000ms', '@every 1s'])(
    'accepts %j', (schedule) => {
      expect(validateCronSchedule(schedule)).toBeUndefined();
    });

  test.each([
    ['@every 0s', '@every duration "0s" must be at least 1s'],
    ['@every 500ms', '@every duration "500ms" must be at least 1s'],
    ['@every -1h', '@every duration "-1h" must be at least 1s'],
    ['@every 1d', '@every duration "1d" has unknown unit "d"; Go durations use ns, us, ms, s, m and h (for example 90s, 15m or 1h30m)'],
    ['@every 1.5s', '@every duration "1.5s" must be a whole number of seconds (robfig/cron rounds it down)'],
    ['@every 90', '@every duration "90" is missing a unit (for example 90s, 15m or 1h30m)'],
    ['@every 1h ', '@every duration "1h " must not have surrounding whitespace'],
    ['@every ', '@every duration "" is not a Go duration (for example 90s, 15m or 1h30m)'],
    ['@every', '@every must be followed by a single space and a Go duration, for example "@every 1h30m"'],
    ['@every 300000000h', '@every duration "300000000h" is too large'],
  ])('rejects %j', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(problem);
  });

  test.each([
    ['@minutely', 'unknown descriptor "@minutely"; accepted descriptors are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @every <duration>'],
    ['@weekdays', 'unknown descriptor "@weekdays"; accepted descriptors are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @every <duration>'],
    ['@Daily', 'descriptor "@Daily" must be lowercase (@daily)'],
    ['@daily ', 'descriptor "@daily " must not have surrounding whitespace'],
    [' @daily', 'descriptor "@daily" must not be preceded by whitespace'],
  ])('rejects the descriptor %j', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(problem);
  });

  test.each([
    'CRON_TZ=Europe/Berlin 0 2 * * *',
    'TZ=America/New_York @daily',
    'CRON_TZ=UTC @every 1h',
    'CRON_TZ=Asia/Kolkata 30 5 * * *',
    'CRON_TZ=Local 0 * * * *',
    'CRON_TZ=US/Eastern   0 9 * * MON-FRI',
  ])('accepts the time zone prefix in %j', (schedule) => {
    expect(validateCronSchedule(schedule)).toBeUndefined();
  });

  test.each([
    ['CRON_TZ=Mars/Base 0 2 * * *',
      'time zone of the CRON_TZ= prefix: "Mars/Base" is not an IANA time zone name (for example "Europe/Berlin", "America/New_York", "UTC")'],
    ['CRON_TZ=europe/berlin 0 2 * * *',
      'time zone of the CRON_TZ= prefix: time zone names are case-sensitive: "europe/berlin" should be "Europe/Berlin"'],
    ['TZ=+01:00 @daily', 'time zone of the TZ= prefix: "+01:00" is a UTC offset, not an IANA time zone name; '
      + 'use a zone such as "Europe/Berlin", or "Etc/GMT-1" for a fixed offset (note the inverted sign)'],
    ['CRON_TZ= 0 2 * * *', 'time zone of the CRON_TZ= prefix: time zone is empty; use an IANA time zone name such as "UTC" or "Europe/Berlin"'],
    // robfig panics on a prefix without a space.
    ['CRON_TZ=Europe/Berlin', 'the CRON_TZ= prefix must be followed by a space and a schedule, for example "CRON_TZ=Europe/Berlin 0 2 * * *"'],
    ['CRON_TZ=Europe/Berlin ', `schedule is empty; ${EXPECTED}`],
    [' CRON_TZ=UTC 0 * * * *', `a CRON_TZ= or TZ= prefix must come first, with no whitespace before it; ${EXPECTED}`],
    ['CRON_TZ=UTC 0 0 2 * * *', `${EXPECTED}, got 6 fields (there is no seconds field)`],
  ])('rejects the time zone prefix in %j', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(problem);
  });

  test.each([
    ['0 0 2 * * *', `${EXPECTED}, got 6 fields (there is no seconds field)`],
    ['*/30 * * * * *', `${EXPECTED}, got 6 fields (there is no seconds field)`],
    ['0 0 0 1 1 * 2024', `${EXPECTED}, got 7 fields (there are no seconds or year fields)`],
    ['0 2 * *', `${EXPECTED}, got 4 fields`],
    ['daily', `${EXPECTED}, got 1 field`],
  ])('rejects %j for its number of fields', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(problem);
  });

  test.each([
    ['61 * * * *', 'minute field "61" is out of range 0-59'],
    ['1-61 * * * *', 'minute field "1-61": "61" is out of range 0-59'],
    ['0,60 * * * *', 'minute field "0,60": "60" is out of range 0-59'],
    ['0 24 * * *', 'hour field "24" is out of range 0-23'],
    ['0 0 0 * *', 'day-of-month field "0" is out of range 1-31'],
    ['0 0 32 * *', 'day-of-month field "32" is out of range 1-31'],
    ['0 0 * 13 *', 'month field "13" is out of range 1-12'],
    ['0 0 * 0 *', 'month field "0" is out of range 1-12'],
    // robfig's day-of-week is 0-6: unlike Vixie cron, 7 is not Sunday.
    ['0 0 * * 7', 'day-of-week field "7" is out of range 0-6 (Sunday is 0 or SUN)'],
    ['0 0 * * 1-7', 'day-of-week field "1-7": "7" is out of range 0-6 (Sunday is 0 or SUN)'],
  ])('rejects the out-of-range value in %j', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(problem);
  });

  test.each([
    ['0 0 L * *', 'day-of-month field "L" uses L (last day)'],
    ['0 0 * * 5L', 'day-of-week field "5L" uses L (last day)'],
    ['0 0 15W * *', 'day-of-month field "15W" uses W (nearest weekday)'],
    ['0 0 LW * *', 'day-of-month field "LW" uses W (nearest weekday)'],
    ['0 0 * * 1#2', 'day-of-week field "1#2" uses # (nth weekday of the month)'],
    ['0 0 * * MON#1', 'day-of-week field "MON#1" uses # (nth weekday of the month)'],
    ['H * * * *', 'minute field "H" uses H (hashed values)'],
    ['H(0-29) H * * *', 'minute field "H(0-29)" uses H (hashed values)'],
  ])('rejects the cron-parser extension in %j', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(`${problem}, which robfig/cron (the operator's cron parser) does not support`);
  });

  test('month and day names with L, W or H in them are still names', () => {
    expect(validateCronSchedule('0 0 * JUL,APR WED,THU')).toBeUndefined();
  });

  test.each([
    ['*/0 * * * *', 'minute field "*/0" has a step of 0; the step must be at least 1'],
    ['*/x * * * *', 'minute field "*/x" has a step "x" that is not a whole number'],
    ['0 0 * */JAN *', 'month field "*/JAN" has a step "JAN" that is not a whole number'],
    ['5-1 * * * *', 'minute field "5-1" is a range that starts after it ends (ranges cannot wrap around)'],
    ['0 0 * * FRI-MON', 'day-of-week field "FRI-MON" is a range that starts after it ends (ranges cannot wrap around)'],
    ['0 0 * JANUARY *', 'month field "JANUARY" is not a number or a three-letter month name (JAN-DEC)'],
    ['0 0 * * monday', 'day-of-week field "monday" is not a number or a three-letter day name (SUN-SAT)'],
    ['0 MON * * *', 'hour field "MON" is not a number'],
    ['1.5 * * * *', 'minute field "1.5" is not a number'],
    ['-5 * * * *', 'minute field "-5" is negative; values cannot be negative'],
    ['1- * * * *', 'minute field "1-" is missing a value'],
    ['1-2-3 * * * *', 'minute field "1-2-3" has more than one "-"'],
    ['1/2/3 * * * *', 'minute field "1/2/3" has more than one "/"'],
    // robfig accepts these two, but they are mistakes: it ignores what follows "*-", and "," never runs.
    ['*-5 * * * *', 'minute field "*-5" mixes "*" with a range; use "*" or a range such as "1-5"'],
    [', * * * *', 'minute field "," has no values'],
  ])('rejects the malformed field in %j', (schedule, problem) => {
    expect(validateCronSchedule(schedule)).toBe(problem);
  });

  test.each(['', '   '])('rejects the empty schedule %j', (schedule) => {
    expect(validateCronSchedule(schedule)).toBe(`schedule is empty; ${EXPECTED}`);
  });

  test('follows robfig where it is more lenient than cron-parser', () => {
    // Overlapping list items, a step wider than its range, "?" in any field, a "+" sign,
    // leading zeros and empty list items are all accepted by robfig.
    for (const schedule of ['0,0-30 * * * *', '0-5/10 * * * *', '? ? ? ? ?', '+5 * * * *', '05 08 * * *', '1,,2 * * * *']) {
      expect(validateCronSchedule(schedule)).toBeUndefined();
    }
  });

  test('every problem is short, lowercase and has no trailing period', () => {
    for (const schedule of ['', '0 0 2 * * *', '61 * * * *', '0 0 L * *', '@every 1d', '@Daily', 'CRON_TZ=Mars/Base @daily', 'CRON_TZ=UTC']) {
      expectProblemStyle(validateCronSchedule(schedule));
    }
  });
});

describe('validateTimeZone', () => {
  test.each(['UTC', 'Local', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Calcutta', 'America/New_York', 'America/Argentina/Buenos_Aires',
    'Europe/Kyiv', 'US/Eastern', 'Etc/GMT-1', 'GMT', 'EST5EDT'])('accepts %j', (tz) => {
    expect(validateTimeZone(tz)).toBeUndefined();
  });

  test.each([
    ['Mars/Base', '"Mars/Base" is not an IANA time zone name (for example "Europe/Berlin", "America/New_York", "UTC")'],
    ['Europe/Berln',
      '"Europe/Berln" is not an IANA time zone name (for example "Europe/Berlin", "America/New_York", "UTC"); did you mean "Europe/Berlin"?'],
    ['Kolkata', '"Kolkata" is not an IANA time zone name (for example "Europe/Berlin", "America/New_York", "UTC"); did you mean "Asia/Kolkata"?'],
    // Intl matches names case-insensitively, Go's LoadLocation does not.
    ['europe/berlin', 'time zone names are case-sensitive: "europe/berlin" should be "Europe/Berlin"'],
    ['utc', 'time zone names are case-sensitive: "utc" should be "UTC"'],
    ['US/EASTERN', 'time zone names are case-sensitive: "US/EASTERN" should be "US/Eastern"'],
    ['+01:00', '"+01:00" is a UTC offset, not an IANA time zone name; use a zone such as "Europe/Berlin", or "Etc/GMT-1" for a fixed offset (note the inverted sign)'],
    ['UTC-5', '"UTC-5" is a UTC offset, not an IANA time zone name; use a zone such as "Europe/Berlin", or "Etc/GMT+5" for a fixed offset (note the inverted sign)'],
    ['+05:30', '"+05:30" is a UTC offset, not an IANA time zone name; use a zone such as "Europe/Berlin"'],
    [' UTC', 'time zone " UTC" has leading or trailing whitespace'],
  ])('rejects %j', (tz, problem) => {
    expect(validateTimeZone(tz)).toBe(problem);
  });

  test('rejects the empty string, which Go reads as UTC: this library always emits an explicit zone', () => {
    expect(validateTimeZone('')).toBe('time zone is empty; use an IANA time zone name such as "UTC" or "Europe/Berlin"');
  });

  test('every problem is short, lowercase and has no trailing period', () => {
    for (const tz of ['', 'Mars/Base', 'europe/berlin', '+01:00', 'Berlin ']) {
      expectProblemStyle(validateTimeZone(tz));
    }
  });
});

describe('scheduleIssue and timeZoneIssue: the problems in the parts of the library\'s error format', () => {
  const FORMAT = EXPECTED.replace(/^expected /, '');
  const parser = "is rejected by the operator's cron parser (robfig/cron v3)";

  test.each([
    ['', { problem: 'is empty', fix: `use ${FORMAT}` }],
    ['0 0 0 1 1 * 2024', { problem: 'has 7 fields (there are no seconds or year fields)', fix: `use ${FORMAT}` }],
    [' CRON_TZ=UTC 0 * * * *', { problem: `${parser}: a CRON_TZ= or TZ= prefix must come first, with no whitespace before it`, fix: `use ${FORMAT}` }],
    ['*/0 * * * *', { problem: `${parser}: minute field "*/0" has a step of 0`, fix: 'the step must be at least 1' }],
    ['0 0 * * 7', { problem: `${parser}: day-of-week field "7" is out of range 0-6 (Sunday is 0 or SUN)`, fix: 'use values from 0 to 6' }],
    ['0 0 L * *', { problem: `${parser}: day-of-month field "L" uses L (last day), which robfig/cron (the operator's cron parser) does not support`, fix: `write it in robfig/cron syntax: ${FORMAT}` }],
    ['@daily', undefined],
  ])('schedule %j', (schedule, issue) => {
    expect(scheduleIssue(schedule)).toEqual(issue);
  });

  test.each([
    [' UTC', { problem: 'has leading or trailing whitespace', fix: 'use "UTC"' }],
    ['+01:00', { problem: 'is a UTC offset, not an IANA time zone name', fix: 'use a zone such as "Europe/Berlin", or "Etc/GMT-1" for a fixed offset (note the inverted sign)' }],
    ['utc', { problem: 'is not spelled as in the tz database (time zone names are case-sensitive)', fix: 'use "UTC"' }],
    ['Kolkata', { problem: 'is not an IANA time zone name', fix: 'did you mean "Asia/Kolkata"? IANA names look like "Europe/Berlin", "America/New_York" or "UTC"' }],
    ['Europe/Berlin', undefined],
  ])('time zone %j', (tz, issue) => {
    expect(timeZoneIssue(tz)).toEqual(issue);
  });
});

describe('describeNextRuns', () => {
  test('a daily 02:00 job in Europe/Berlin does not run on the day clocks spring forward past 02:00', () => {
    // 2024-03-31 02:00 CET does not exist; robfig/cron moves on to the next day.
    expect(describeNextRuns('0 2 * * *', 'Europe/Berlin', 4, new Date('2024-03-29T12:00:00Z'))).toEqual([
      '2024-03-30T02:00:00+01:00',
      '2024-04-01T02:00:00+02:00',
      '2024-04-02T02:00:00+02:00',
      '2024-04-03T02:00:00+02:00',
    ]);
  });

  test('a daily 02:00 job in Europe/Berlin runs twice on the day clocks fall back past 02:00', () => {
    // 2024-10-27 02:00 happens in CEST and again in CET; robfig/cron runs at both.
    expect(describeNextRuns('0 2 * * *', 'Europe/Berlin', 4, new Date('2024-10-25T12:00:00Z'))).toEqual([
      '2024-10-26T02:00:00+02:00',
      '2024-10-27T02:00:00+02:00',
      '2024-10-27T02:00:00+01:00',
      '2024-10-28T02:00:00+01:00',
    ]);
  });

  test('reports runs after `from`, in UTC with a Z suffix', () => {
    expect(describeNextRuns('@daily', 'UTC', 2, new Date('2024-01-01T00:00:00Z'))).toEqual(['2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']);
  });

  test('matches day-of-month or day-of-week when both are restricted, like robfig/cron', () => {
    expect(describeNextRuns('0 0 13 * FRI', 'UTC', 5, new Date('2024-10-01T00:00:00Z'))).toEqual([
      '2024-10-04T00:00:00Z',
      '2024-10-11T00:00:00Z',
      '2024-10-13T00:00:00Z',
      '2024-10-18T00:00:00Z',
      '2024-10-25T00:00:00Z',
    ]);
  });

  test('weekday mornings in New York across the start of daylight saving time', () => {
    expect(describeNextRuns('0 9 * * MON-FRI', 'America/New_York', 3, new Date('2024-03-08T00:00:00Z'))).toEqual([
      '2024-03-08T09:00:00-05:00',
      '2024-03-11T09:00:00-04:00',
      '2024-03-12T09:00:00-04:00',
    ]);
  });

  test('a CRON_TZ= prefix takes precedence over the time zone, as in the operator', () => {
    expect(describeNextRuns('CRON_TZ=Asia/Kolkata 30 5 * * *', 'Europe/Berlin', 2, new Date('2024-06-01T00:00:00Z'))).toEqual([
      '2024-06-02T05:30:00+05:30',
      '2024-06-03T05:30:00+05:30',
    ]);
  });

  test('@every counts from `from`, dropping its fraction of a second', () => {
    expect(describeNextRuns('@every 90m', 'UTC', 2, new Date('2024-01-01T00:00:30.500Z'))).toEqual([
      '2024-01-01T01:30:30Z',
      '2024-01-01T03:00:30Z',
    ]);
  });

  test('returns no runs for a schedule robfig/cron never finds a time for', () => {
    expect(describeNextRuns('0 0 30 2 *', 'UTC', 3, new Date('2024-03-08T00:00:00Z'))).toEqual([]);
  });

  test('throws for an invalid schedule, time zone or count', () => {
    const from = new Date('2024-01-01T00:00:00Z');
    expect(() => describeNextRuns('0 0 2 * * *', 'UTC', 1, from)).toThrow(new Error(
      `describeNextRuns: schedule "0 0 2 * * *" has 6 fields (there is no seconds field); use ${EXPECTED.replace(/^expected /, '')}`));
    expect(() => describeNextRuns('@daily', 'Mars/Base', 1, from)).toThrow(new Error(
      'describeNextRuns: timeZone "Mars/Base" is not an IANA time zone name; use a name such as "Europe/Berlin", "America/New_York" or "UTC"'));
    expect(() => describeNextRuns('@daily', '', 1, from)).toThrow(new Error(
      'describeNextRuns: timeZone "" is empty; use an IANA time zone name such as "UTC" or "Europe/Berlin"'));
    expect(() => describeNextRuns('@daily', 'UTC', -1, from)).toThrow(RangeError);
    expect(() => describeNextRuns('@daily', 'UTC', -1, from)).toThrow(new RangeError('describeNextRuns: count -1 must be a whole number of at least 0; use 0 or more'));
    expect(() => describeNextRuns('@daily', 'UTC', 1, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => describeNextRuns('@daily', 'UTC', 1, new Date(Number.NaN))).toThrow(new RangeError('describeNextRuns: from "Invalid Date" is not a valid date; pass a Date with a time value, e.g. new Date()'));
  });
});
