/**
 * One cluster's tree, indexed once: its well-formed objects (with an
 * apiVersion, a kind and a name, each defined once) by kind and by namespace,
 * so that each check looks up what it needs instead of scanning every object.
 */
import type { ManifestObject } from './findings';
import { asObject, asString as str } from '../private/json-shape';

/** What the checks of one object may look up in its tree (one cluster). */
export interface TreeIndex {
  /** Every well-formed object, in order. */
  readonly all: readonly ManifestObject[];
  /** The objects of a kind (`group` is '' for the core group), in order. */
  readonly byKind: (group: string, kind: string) => readonly ManifestObject[];
  /** The objects in a namespace (undefined: the objects without one), in order. */
  readonly inNamespace: (ns: string | undefined) => readonly ManifestObject[];
}

/** The API group of an apiVersion ('' for the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * Indexes a cluster's objects; an object without an apiVersion, a kind or a
 * name, or defined twice, is reported (`malformed`) and left out.
 */
export function indexTree(objects: readonly ManifestObject[], malformed: (m: ManifestObject, rule: 'schema' | 'duplicate', message: string) => void): TreeIndex {
  const wellFormed: ManifestObject[] = [];
  const identities = new Map<string, ManifestObject>();
  for (const m of objects) {
    const { apiVersion, kind } = m.object;
    const name = str(asObject(m.object.metadata)?.name);
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !name) {
      malformed(m, 'schema', 'needs apiVersion, kind and metadata.name');
      continue;
    }
    const ns = str(asObject(m.object.metadata)?.namespace) ?? '';
    const id = `${groupOf(apiVersion)}/${kind}/${ns}/${name}`;
    const first = identities.get(id);
    if (first) {
      malformed(m, 'duplicate', `is defined twice (also in ${first.file})`);
      continue;
    }
    identities.set(id, m);
    wellFormed.push(m);
  }
  const kindIndex = new Map<string, ManifestObject[]>();
  const namespaceIndex = new Map<string | undefined, ManifestObject[]>();
  const push = <K>(map: Map<K, ManifestObject[]>, key: K, m: ManifestObject) => {
    const list = map.get(key);
    if (list) list.push(m);
    else map.set(key, [m]);
  };
  for (const m of wellFormed) {
    push(kindIndex, `${groupOf(String(m.object.apiVersion))}/${String(m.object.kind)}`, m);
    push(namespaceIndex, str(asObject(m.object.metadata)?.namespace), m);
  }
  return {
    all: wellFormed,
    byKind: (group, kind) => kindIndex.get(`${group}/${kind}`) ?? [],
    inNamespace: (ns) => namespaceIndex.get(ns) ?? [],
  };
}
