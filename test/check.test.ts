import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  absolutePath, annotations, anyOf, arr, bool, checkProps, closest, duration, envName, enumOf, instance, int, labels, map, num,
  objectName, oneOf, required, size, str, struct, subPath, Check, CheckContext,
} from '../src/core/check';
import { addWarning, warningsOf } from '../src/core/warn';
import { ImagePullPolicy, SparkWarnings } from '../src/index';

const ctx: CheckContext = { owner: 'Thing T' };

function fails(c: Check, value: unknown, message: string, path = 'p') {
  expect(() => c.verify(ctx, path, value)).toThrow(message);
  // The whole message, not a fragment: the thrown text is exactly this.
  try {
    c.verify(ctx, path, value);
  } catch (e) {
    expect((e as Error).message).toEqual(message);
  }
}

describe('runtime checks', () => {
  test('strings', () => {
    fails(str(), 5, 'Thing T: p 5 must be a string; got a number');
    fails(str(), '', 'Thing T: p "" must not be empty; give a value');
    fails(str(), ' a', 'Thing T: p " a" has leading or trailing whitespace; remove it (it would be kept verbatim)');
    fails(str({ maxLength: 3 }), 'abcd', 'Thing T: p "abcd" is 4 characters long; use at most 3');
    expect(() => str({ allowEmpty: true }).verify(ctx, 'p', '')).not.toThrow();
  });

  test('numbers', () => {
    fails(num(), '3', 'Thing T: p "3" must be a number; got a string');
    fails(num(), NaN, 'Thing T: p NaN must be a finite number; give a number such as 1 or 0.5');
    fails(num(), Infinity, 'Thing T: p Infinity must be a finite number; give a number such as 1 or 0.5');
    fails(int(), 1.5, 'Thing T: p 1.5 must be a whole number; use 1 or 2');
    fails(int(1), 0, 'Thing T: p 0 must be at least 1; use 1 or more');
    fails(int(), 2 ** 31, 'Thing T: p 2147483648 must be at most 2147483647; use 2147483647 or less');
    fails(int(0, 100, undefined, 'executors'), 101, 'Thing T: p 101 must be at most 100; use 100 or less');
  });

  test('an absurd but legal number is a warning with the figure', () => {
    const chart = new Chart(Testing.app(), 'c');
    int(1, undefined, 10_000, 'executors').verify({ owner: 'Thing T', scope: chart }, 'executorInstances', 20_000);
    expect(warningsOf(chart)).toEqual(['executorInstances 20000 executors is more than 10000 executors; check the figure [absurd-value]']);
  });

  test('booleans, sizes, durations', () => {
    fails(bool(), 'true', 'Thing T: p "true" must be true or false; got a string; give a boolean, not a string');
    fails(size(), '4g', 'Thing T: p "4g" must be a Size; got a string; use Size.mebibytes(n) or Size.gibibytes(n)');
    fails(size(), 4096, 'Thing T: p 4096 must be a Size; got a number; use Size.mebibytes(n) or Size.gibibytes(n)');
    fails(size(), Size.gibibytes(NaN), 'Thing T: p NaNGi must be a finite size; use Size.gibibytes(n) with a finite n');
    fails(size(), Size.gibibytes(0), 'Thing T: p 0Gi must be larger than zero; give a positive size');
    fails(size(), Size.tebibytes(2048), 'Thing T: p 2048Ti is more than 1Pi; give at most 1Pi');
    fails(size({ maxMebibytes: 1024 }), Size.gibibytes(2), 'Thing T: p 2Gi is more than 1Gi; give at most 1Gi');
    expect(() => size({ allowZero: true }).verify(ctx, 'p', Size.gibibytes(0))).not.toThrow();
    fails(duration(), 30, 'Thing T: p 30 must be a Duration; got a number; use Duration.seconds(n) or Duration.minutes(n)');
    fails(duration(), Duration.seconds(0), 'Thing T: p 0 seconds must be longer than zero; give a positive duration');
  });

  test('enums and fixed lists', () => {
    fails(enumOf('ImagePullPolicy', ImagePullPolicy), 'ifNotPresent',
      'Thing T: p "ifNotPresent" is not an ImagePullPolicy; use one of ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.ALWAYS, ImagePullPolicy.NEVER (values "IfNotPresent", "Always", "Never")');
    expect(() => enumOf('ImagePullPolicy', ImagePullPolicy).verify(ctx, 'p', 'Always')).not.toThrow();
    fails(oneOf('a', 'b'), 'c', 'Thing T: p "c" is not accepted; use one of "a", "b"');
  });

  test('lists, maps and structs with paths', () => {
    fails(arr(str()), 'x', 'Thing T: p "x" must be a list of string values; got a string; wrap it in [ ]');
    fails(arr(str()), ['a', 3], 'Thing T: p[1] 3 must be a string; got a number');
    fails(arr(str()), ['a', null], 'Thing T: p[1] null is empty; give a string or remove the element');
    fails(arr(str(), { nonEmpty: true }), [], 'Thing T: p [] must not be empty; give at least one element or leave the prop out');
    fails(map(str()), ['a'], 'Thing T: p ["a"] must be a map (a plain object of key: value); got an array');
    fails(map(str()), { a: 1 }, 'Thing T: p["a"] 1 must be a string; got a number');
    const s = struct('Point', { x: required(int()), y: int() });
    fails(s, { y: 1 }, 'Thing T: p.x (unset) is required; give a whole number');
    fails(s, { x: 1, y: null }, 'Thing T: p.y null must be a whole number or left out; remove the null');
    fails(s, new Date(0), 'Thing T: p a Date must be a Point (a plain object)');
    fails(instance('Widget', v => v.widget === true, 'use Widget.make()'), {}, 'Thing T: p {} must be a Widget; got an object; use Widget.make()');
  });

  test('references as the API server checks them', () => {
    fails(objectName('Secret'), 'My_Secret', 'Thing T: p "My_Secret" is not a valid Secret name; use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit');
    fails(labels(), { 'team/': 'x' }, 'Thing T: p key "team/" is not a valid label key; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain');
    fails(labels(), { 'Bad_Prefix/x': 'x' }, 'Thing T: p key "Bad_Prefix/x" has a prefix that is not a DNS subdomain; use [prefix/]name: name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; prefix a DNS subdomain');
    fails(labels(), { team: 'a b' }, 'Thing T: p["team"] "a b" is not a valid label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    expect(() => labels().verify(ctx, 'p', { 'app.kubernetes.io/name': 'etl', 'empty': '' })).not.toThrow();
    expect(() => annotations().verify(ctx, 'p', { 'example.com/note': 'any text: with spaces\n' })).not.toThrow();
    fails(envName(), '1ABC', 'Thing T: p "1ABC" is not a valid environment variable name; use letters, digits, "_", "-" and ".", not starting with a digit');
    fails(subPath(), '../etc', 'Thing T: p "../etc" must be a relative path without ".." elements; name a path inside the volume, e.g. conf/app.properties');
    fails(absolutePath(), 'opt/x', 'Thing T: p "opt/x" must be an absolute path without ":" or ".." elements; e.g. /opt/spark/conf');
  });

  test('props objects: presence, null, unknown props', () => {
    const shape = { name: required(str()), count: int(1) };
    expect(() => checkProps(ctx, undefined, 'WidgetProps', shape)).toThrow('Thing T: props (unset) are required (name); pass a WidgetProps object');
    expect(() => checkProps(ctx, 'x', 'WidgetProps', shape)).toThrow('Thing T: props "x" must be a WidgetProps (a plain object); got a string');
    const chart = new Chart(Testing.app(), 'c');
    checkProps({ owner: 'Thing T', scope: chart }, { name: 'a', cuont: 2 }, 'WidgetProps', shape);
    expect(warningsOf(chart)).toEqual(['cuont is not a prop of WidgetProps and is ignored; did you mean count? [unknown-prop]']);
  });

  test('alternatives: a bad value of one type gets its error, a wrong type lists what is accepted', () => {
    const c = anyOf('a string, number or boolean', str(), num(), bool());
    fails(c, { a: 1 }, 'Thing T: p {"a":1} must be a string, number or boolean; got an object');
    fails(c, NaN, 'Thing T: p NaN must be a finite number; give a number such as 1 or 0.5');
    expect(() => c.verify(ctx, 'p', false)).not.toThrow();
  });

  test('closest names', () => {
    expect(closest('executorMemroy', ['executorMemory', 'driverMemory'])).toEqual('executorMemory');
    expect(closest('zzz', ['executorMemory'])).toBeUndefined();
  });
});

describe('acknowledging a warning by id', () => {
  test('silences that warning on that construct and its children only', () => {
    const chart = new Chart(Testing.app(), 'c');
    const a = new Construct(chart, 'A');
    const inner = new Construct(a, 'Inner');
    const b = new Construct(chart, 'B');
    for (const s of [inner, b]) {
      addWarning(s, 'spark.foo is not a Spark configuration key', 'unknown-spark-key');
      addWarning(s, 'memory is large', 'absurd-value');
    }
    SparkWarnings.acknowledge(a, 'unknown-spark-key');
    expect(SparkWarnings.of(chart)).toEqual([
      'c/A/Inner: memory is large [absurd-value]',
      'c/B: spark.foo is not a Spark configuration key [unknown-spark-key]',
      'c/B: memory is large [absurd-value]',
    ]);
    expect(() => SparkWarnings.acknowledge(a, 'Unknown Key')).toThrow('SparkWarnings.acknowledge: id "Unknown Key" is not a warning id; give the kebab-case id shown in [brackets] at the end of the warning');
  });
});
