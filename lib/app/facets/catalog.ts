import { type AppCatalogProps, checkCatalogProps } from '../app-catalog';
import type { Facet } from './facet';

/**
 * What the catalog says about the app (description, tags, links, lifecycle, APIs, repository), checked with
 * Backstage's own field rules.
 * @internal
 */
export const catalogFacet: Facet = (props, { app, check, platform }) => {
  const catalogProps = checkCatalogProps(check, app, props, platform.org.gitops.repoURL);
  return { catalog: { ...pickCatalogProps(catalogProps), apis: catalogProps.apis?.map((a) => ({ ...a, name: a.name ?? app })) ?? [] } };
};

/** Only the catalog props, without undefined fields. @internal */
export function pickCatalogProps(p: AppCatalogProps): AppCatalogProps {
  const out: { -readonly [K in keyof AppCatalogProps]: AppCatalogProps[K] } = {};
  if (p.description !== undefined) out.description = p.description;
  if (p.tags !== undefined) out.tags = [...p.tags];
  if (p.links !== undefined) out.links = p.links.map((l) => ({ ...l }));
  if (p.lifecycle !== undefined) out.lifecycle = p.lifecycle;
  if (p.repository !== undefined) out.repository = p.repository;
  return out;
}
