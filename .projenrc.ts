import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-spark',
  description: 'CDK8s constructs for Apache Spark on Kubernetes: typed SparkApplications with an exact pod resource model, tenant namespaces, monitoring, shuffle storage, streaming and GPU jobs',
  keywords: ['cdk8s', 'spark', 'kubernetes', 'spark-operator', 'sparkapplication', 'prometheus'],
  license: 'Apache-2.0',
  // The organization that owns the repository is the author (no personal or placeholder address).
  author: 'cdk8s-spark',
  authorAddress: 'https://github.com/cdk8s-spark',
  authorOrganization: true,
  // 0.x and experimental until the API settles (see the README's status line).
  stability: 'experimental',
  repositoryUrl: 'https://github.com/cdk8s-spark/cdk8s-spark.git',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // engines.node and @types/node. Supported: the LTS lines 22 and 24 (and 26); Node 20 is past its
  // end of life but is what the build machines have, so it stays allowed and tested (20.16 is the
  // oldest 20.x that jsii 6.0 builds on).
  minNodeVersion: '20.16.0',

  // jsii minor == typescript minor (see ../shared/reference/toolchain.md)
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',

  // peer ^2.70.0, dev dependency pinned to the minimum
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    'cdk8s-plus-27@2.9.5',
    'tsconfig-paths@^4',
    'fast-check@^4',
    '@prometheus-io/lezer-promql@^0.315.0',
    'yaml@^2',
    // `cdk8s synth` in an example's folder, and the Helm chart check in .ci/run
    'cdk8s-cli@^2.207.60',
  ],
  // Both run in the package (src/backends/kubeflow/cron.ts, src/core/check.ts, src/core/conf-keys.ts);
  // jsii needs non-jsii runtime dependencies bundled.
  bundledDeps: ['cron-parser@^5', 'fastest-levenshtein@^1'],

  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  jestOptions: {
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/'],
      moduleNameMapper: { '^cdk8s-spark$': '<rootDir>/src/index.ts' },
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/lib/'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
  },
  integrationTestAutoDiscover: false,
  docgen: true,
  gitignore: ['cdk8s.out/', '*.k8s.yaml', '/bench/out/', '/.ci-out/'],
  // The package ships no source maps: an inline map would point at src/*.ts, which is not packed.
  tsconfig: {
    compilerOptions: { inlineSourceMap: false, inlineSources: false },
  },
  tsconfigDev: {
    compilerOptions: {
      paths: { 'cdk8s-spark': ['../src/index.ts'] },
      // tests, examples and scripts keep exact stack traces
      inlineSourceMap: true,
      inlineSources: true,
    },
  },
});

// Version 0.x: projen writes 0.0.0 unless told (there is no release workflow to bump it).
project.package.addVersion('0.1.0');

// jsii's tools print a large "Node 20 is end-of-life" banner on every run, which no one building
// here can act on (the build machines have Node 20). Silence it for 20 only: a later EOL still shows.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// eslint-import-resolver-typescript >= 3.10 pulls unrs-resolver, whose platform packages break `npm ci` here.
project.addDevDeps('eslint-import-resolver-typescript@~3.8.0');

// ts-jest transpiles only: type-check tests and examples before jest runs.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.tsconfigDev.addInclude('../scripts/**/*.ts');
// Examples import 'cdk8s-spark' as users do; test/tsconfig.json maps it to src/.
project.eslint!.config.settings['import/resolver'].typescript.project = ['./tsconfig.json', './test/tsconfig.json'];

// typescript-eslint's project service needs a tsconfig in each linted folder outside src/ and test/.
for (const dir of ['examples', 'bench', 'scripts']) {
  project.eslint?.addLintPattern(dir);
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromTypescriptConfigs([project.tsconfigDev]),
    include: ['**/*.ts'],
    compilerOptions: {},
  });
}
project.npmignore?.exclude('/examples/', '/bench/', '/scripts/', '/.ci/', '/dist/', '/.ci-out/', '/bench/out/', 'cdk8s.out/', '*.k8s.yaml');
// What the package holds, as an allow-list: nothing from a local run (.ci-out/, dist/, coverage/,
// test-reports/, an example's output) can be packed whatever .npmignore says. npm adds package.json,
// README.md, LICENSE and the bundled dependencies itself. .ci/newcomer checks the packed list.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'API.md']);

// Synthesize every example into dist/<example>/ and print one summary line per example.
project.addTask('synth', {
  description: 'Synthesize every example into dist/<example>/',
  exec: 'ts-node --transpile-only -P test/tsconfig.json -r tsconfig-paths/register scripts/synth-examples.ts',
  receiveArgs: true,
});

// Benchmark: library vs raw ApiObjects (see bench/README.md).
project.addTask('bench', {
  description: 'Measure construct+synth time and memory against a raw ApiObject baseline',
  exec: 'ts-node --transpile-only -P test/tsconfig.json -r tsconfig-paths/register bench/run.ts',
  receiveArgs: true,
});

// Derive the list of well-known Spark configuration keys into the package (never read ../shared at runtime).
project.addTask('gen:spark-keys', {
  description: 'Regenerate src/core/spark-keys.ts from ../shared/spark/config-keys.json',
  exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/gen-spark-keys.ts',
});

project.synth();
