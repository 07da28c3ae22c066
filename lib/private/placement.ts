import type { IConstruct } from 'constructs';

/**
 * Where in an environment's GitOps folder a construct's objects are written.
 * @internal
 */
const PLACEMENTS = new WeakMap<IConstruct, string>();

/** Declares that the objects under `construct` go to `folder` (relative to the environment's folder). */
export function placeIn(construct: IConstruct, folder: string): void {
  PLACEMENTS.set(construct, folder);
}

/** The folder of the nearest ancestor (or the construct itself) that declared one; '' for the environment root. */
export function placementOf(construct: IConstruct): string {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const folder = PLACEMENTS.get(scopes[i]);
    if (folder !== undefined) return folder;
  }
  return '';
}
