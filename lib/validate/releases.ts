import { applicationSources } from './argo-sources';
import type { CatalogRelease } from './catalog-types';

/** A pinned version that is not the release the schema catalog holds. */
export interface ReleaseSkew {
  /** The field that pins it. */
  readonly field: string;
  /** What it installs, what the catalog holds, and what to do. */
  readonly message: string;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const trimSlash = (url: string) => url.replace(/\/+$/, '');
const FIX = "pin the catalog's version, or import the release this version installs (lib/import/sources.ts, then npm run import)";

/**
 * Whether an object installs an upstream project at another version than the
 * one whose CRDs (and KubeVela definitions) the schema catalog holds: an Argo
 * CD Application's Helm chart (`repoURL`, `chart`, `targetRevision`), or a
 * Crossplane Provider's or Function's package (`spec.package`). The objects of
 * that project's kinds were then checked against a release the cluster does
 * not run; each such pin is reported.
 */
export function checkReleases(object: Obj, releases: readonly CatalogRelease[]): ReleaseSkew[] {
  const apiVersion = String(object.apiVersion ?? '');
  const kind = String(object.kind ?? '');
  const spec = asObject(object.spec) ?? {};
  const out: ReleaseSkew[] = [];
  if (apiVersion.startsWith('argoproj.io/') && kind === 'Application') {
    for (const { field, source } of applicationSources(spec)) {
      if (typeof source.chart !== 'string' || typeof source.repoURL !== 'string') continue;
      const release = releases.find((r) => r.chart && r.chart.name === source.chart && trimSlash(r.chart.repoURL) === trimSlash(String(source.repoURL)));
      const version = String(source.targetRevision ?? '');
      if (!release?.chart || version === release.chart.version) continue;
      out.push({
        field: `${field}.targetRevision`,
        message: `installs ${release.chart.name} chart ${version}, but the schema catalog holds the CRDs of chart ${release.chart.version} (${release.repo} ${release.tag}): objects of its kinds were checked against another release than this cluster runs; ${FIX}`,
      });
    }
  }
  if (apiVersion.startsWith('pkg.crossplane.io/') && (kind === 'Provider' || kind === 'Function') && typeof spec.package === 'string') {
    const m = /^(.+):([^:/@]+)$/.exec(spec.package);
    const release = m ? releases.find((r) => r.packages?.includes(m[1])) : undefined;
    if (m && release && m[2] !== release.tag) {
      out.push({
        field: 'spec.package',
        message: `installs ${m[1]} ${m[2]}, but the schema catalog holds ${release.repo} ${release.tag}: ${kind === 'Provider' ? 'its managed resources were checked against another release than this cluster runs' : 'it is another release than the one paved was checked with'}; ${FIX}`,
      });
    }
  }
  return out;
}
