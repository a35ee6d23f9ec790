import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { appRegistry } from './registry';

/**
 * Installs, once per cdk8s App, a validation that no two API objects of one kind share a name in
 * one namespace (the second would overwrite the first when applied, or be rejected by the API
 * server). It covers every object in the App, the library's and the user's own, and names both
 * construct paths. One pass over the App per validation.
 */
export function checkUniqueObjects(scope: IConstruct): void {
  appRegistry(scope, 'unique-objects', () => {
    const root = scope.node.root;
    root.node.addValidation({ validate: () => duplicates(root) });
    return true;
  });
}

function duplicates(root: IConstruct): string[] {
  const seen = new Map<string, ApiObject>();
  const errors: string[] = [];
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    let name: string;
    let namespace: string | undefined;
    try {
      name = c.name;
      namespace = c.metadata.namespace;
    } catch {
      continue;
    }
    const group = c.apiGroup;
    const key = `${group}\u0000${c.kind}\u0000${namespace ?? ''}\u0000${name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, c);
      continue;
    }
    const where = namespace ? `${namespace}/${name}` : name;
    errors.push(`${c.node.path}: ${c.kind} ${JSON.stringify(where)} is also defined by ${first.node.path}, ` +
      'and one would replace the other when applied; give one of them another name or namespace');
  }
  return errors;
}
