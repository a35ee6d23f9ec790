import { Chart, Testing } from 'cdk8s';

/** Synthesized manifests of a chart. */
export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The one object of a kind (and name, when given); fails when there is not exactly one. */
export function findOne(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${manifests.map(m => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

/** All objects of a kind. */
export function findAll(manifests: any[], kind: string): any[] {
  return manifests.filter(m => m.kind === kind);
}

/** Kinds of the manifests, sorted. */
export function kinds(manifests: any[]): string[] {
  return manifests.map(m => m.kind).sort();
}
