import { cdk8s, javascript } from "projen";
const project = new cdk8s.ConstructLibraryCdk8s({
  author: "Seed 5296c997 maintainers",
  authorAddress: "maintainers@users.noreply.h-seed-5296c997.example",
  cdk8sVersion: "2.70.0",
  constructsVersion: "10.3.0",
  jsiiVersion: "~6.0.0",
  name: "main",
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  repositoryUrl: "https://github.com/maintainers/main.git",

  // defaultReleaseBranch: "main",  /* The name of the main release branch. */
  // deps: [],                      /* Runtime dependencies of this module. */
  // description: undefined,        /* The description is just a string that helps people understand the purpose of the package. */
  // devDeps: [],                   /* Build dependencies for this module. */
  // packageName: undefined,        /* The "name" in package.json. */
});
project.synth();