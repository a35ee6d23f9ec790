import { IConstruct } from 'constructs';

const KEY = Symbol.for('cdk8s-spark.registry');

/**
 * State shared by the constructs of one cdk8s App (cluster-scoped objects defined once, queues
 * shared by jobs). It lives on the App's root construct, so two Apps in one process never see each
 * other's entries and nothing is kept at module level.
 */
export function appRegistry<T>(scope: IConstruct, name: string, create: () => T): T {
  const root = scope.node.root as any;
  let registry: Map<string, unknown> | undefined = root[KEY];
  if (!registry) {
    registry = new Map();
    Object.defineProperty(root, KEY, { value: registry, enumerable: false });
  }
  if (!registry.has(name)) registry.set(name, create());
  return registry.get(name) as T;
}
