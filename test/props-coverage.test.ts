import * as path from 'path';
import * as ts from 'typescript';
import { registeredShapes } from '../src/core/check';
import '../src/index';

// Every struct a user can pass to the library (through a constructor or a public method of an
// exported class, at any depth) has a runtime shape with exactly its props, so no prop reaches
// internal code unchecked when it comes from JavaScript or another jsii language.

const SRC = path.join(__dirname, '..', 'src');

// Structs that only flow out of the library (read-back values), never in.
const OUTPUT_ONLY = new Set<string>([
  'SparkAppResources', 'PodResources', 'ResourceTotals', 'OnDemandClaim', 'AppCapacity', 'NamespaceCapacity',
]);

function inputStructs(): Map<string, string[]> {
  const program = ts.createProgram([path.join(SRC, 'index.ts')], {
    target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true,
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(SRC, 'index.ts'))!;
  const moduleSymbol = checker.getSymbolAtLocation(index)!;
  const found = new Map<string, string[]>();

  const isOurs = (d: ts.Declaration | undefined) => !!d && path.resolve(d.getSourceFile().fileName).startsWith(SRC);

  const visitType = (type: ts.Type): void => {
    if (type.isUnion() || type.isIntersection()) {
      type.types.forEach(visitType);
      return;
    }
    if (checker.isArrayType(type)) {
      checker.getTypeArguments(type as ts.TypeReference).forEach(visitType);
      return;
    }
    const indexInfo = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (indexInfo) visitType(indexInfo.type);
    const sym = type.getSymbol() ?? type.aliasSymbol;
    const decl = sym?.declarations?.[0];
    if (!sym || !decl || !isOurs(decl) || !ts.isInterfaceDeclaration(decl)) return;
    const name = sym.getName();
    if (/^I[A-Z]/.test(name) || found.has(name)) return; // behavioural interfaces are implemented, not passed as data
    const props = checker.getPropertiesOfType(type);
    found.set(name, props.map(p => p.getName()).sort());
    for (const p of props) visitType(checker.getTypeOfSymbolAtLocation(p, decl));
  };

  const visitSignature = (sig: ts.Signature) => {
    for (const p of sig.getParameters()) visitType(checker.getTypeOfSymbolAtLocation(p, p.valueDeclaration!));
  };

  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    // eslint-disable-next-line no-bitwise
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decl = sym.declarations?.[0];
    if (!decl || !ts.isClassDeclaration(decl)) continue;
    // A private constructor (SparkBackend: made only by its static factories) takes no user input.
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    // eslint-disable-next-line no-bitwise
    const privateCtor = !!ctor && (ts.getCombinedModifierFlags(ctor) & ts.ModifierFlags.Private) !== 0;
    const classType = checker.getTypeOfSymbolAtLocation(sym, decl);
    if (!privateCtor) classType.getConstructSignatures().forEach(visitSignature);
    for (const member of decl.members) {
      if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
      const flags = ts.getCombinedModifierFlags(member);
      // eslint-disable-next-line no-bitwise
      if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || member.name.text.startsWith('_')) continue;
      const sig = checker.getSignatureFromDeclaration(member);
      if (sig) visitSignature(sig);
    }
  }
  for (const name of OUTPUT_ONLY) found.delete(name);
  return found;
}

describe('runtime prop checks cover the public API', () => {
  const structs = inputStructs();

  test('the walk finds the construct props', () => {
    expect([...structs.keys()]).toEqual(expect.arrayContaining(['SparkAppProps', 'SparkNamespaceProps', 'PrometheusMonitoringProps']));
  });

  test('every input struct has a runtime shape with exactly its props', () => {
    const shapes = registeredShapes();
    const problems: string[] = [];
    for (const [name, props] of [...structs].sort(([a], [b]) => a.localeCompare(b))) {
      const shape = shapes.get(name);
      if (!shape) {
        problems.push(`${name}: no shape`);
        continue;
      }
      const keys = Object.keys(shape).sort();
      const missing = props.filter(p => !keys.includes(p));
      const extra = keys.filter(k => !props.includes(k));
      if (missing.length) problems.push(`${name}: shape lacks ${missing.join(', ')}`);
      if (extra.length) problems.push(`${name}: shape has unknown ${extra.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});
