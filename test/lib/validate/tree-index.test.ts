import type { ManifestObject } from '../../../lib/validate/findings';
import { indexTree } from '../../../lib/validate/tree-index';

const object = (file: string, apiVersion: string | undefined, kind: string, name: string, namespace?: string): ManifestObject => ({
  file,
  object: { ...(apiVersion ? { apiVersion } : {}), kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
});

describe("a cluster's tree index", () => {
  test('reports an object without an apiVersion and one defined twice, and leaves both out of the index', () => {
    // GIVEN a ConfigMap twice (the same group, kind, namespace and name) and an object without an apiVersion
    const objects = [
      object('a.yaml', 'v1', 'ConfigMap', 'settings', 'payments'),
      object('b.yaml', 'v1', 'ConfigMap', 'settings', 'payments'),
      object('c.yaml', undefined, 'ConfigMap', 'other', 'payments'),
      object('d.yaml', 'apps/v1', 'Deployment', 'settings', 'payments'),
    ];
    const reported: string[] = [];
    // WHEN the tree is indexed
    const tree = indexTree(objects, (m, rule, message) => reported.push(`${m.file} ${rule}: ${message}`));
    // THEN each is reported once, with the file that has it first, and the index holds the well-formed ones in order
    expect(reported).toEqual(['b.yaml duplicate: is defined twice (also in a.yaml)', 'c.yaml schema: needs apiVersion, kind and metadata.name']);
    expect(tree.all.map((m) => m.file)).toEqual(['a.yaml', 'd.yaml']);
    expect(tree.byKind('', 'ConfigMap').map((m) => m.file)).toEqual(['a.yaml']);
    expect(tree.byKind('apps', 'Deployment').map((m) => m.file)).toEqual(['d.yaml']);
    expect(tree.inNamespace('payments').map((m) => m.file)).toEqual(['a.yaml', 'd.yaml']);
    expect(tree.inNamespace(undefined)).toEqual([]);
  });
});
