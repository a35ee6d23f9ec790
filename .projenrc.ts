import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-spark',
  description: 'CDK8s constructs for Apache Spark on Kubernetes: typed SparkApplications with an exact pod resource model, tenant namespaces, monitoring, shuffle storage, streaming and GPU jobs',
  keywords: ['cdk8s', 'spark', 'kubernetes', 'spark-operator', 'sparkapplication', 'prometheus'],
  license: 'Apache-2.0',
  author: 'cdk8s-spark maintainers',
  authorAddress: 'maintainers@users.noreply.h-seed-5296c997.example',
  repositoryUrl: 'https://github.com/cdk8s-spark/cdk8s-spark.git',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

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
  ],
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
  tsconfigDev: {
    compilerOptions: {
      paths: { 'cdk8s-spark': ['../src/index.ts'] },
    },
  },
});

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
project.npmignore?.exclude('/examples/', '/bench/', '/scripts/', '/.ci/', '/dist/');

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
