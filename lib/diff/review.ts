/**
 * The changes a reviewer must look at, said as Argo CD will carry them out:
 * an object removed from Git is pruned, unless its sync options keep it
 * (`Prune=false`), and an object of a deleted Application is deleted with it,
 * unless its sync options keep it (`Delete=false`).
 */
import { type Phrase, phrase, words } from '../private/escape';
import { imageReview } from './image-review';
import type { BaseObjectsIn, ClaimPricing, DiffObject, FootprintOf, ImagePolicyCheck, ObjectChange, ReviewItem } from './types';
import { appRemovals } from './app-removal';
import { canonical } from './facts';
import { dataReview, footprintReview } from './data-review';
import { meaningReview } from './meaning-review';
import { reviewItem } from './review-item';
import { checkApiNames } from '../validate/api-names';

/** The API group of an `apiVersion` (`''` for the core group). */
export function groupOf(apiVersion: unknown): string {
  const v = String(apiVersion ?? '');
  return v.includes('/') ? v.split('/')[0] : '';
}

/**
 * Kinds that grant or limit access or resources whose meaning the review
 * does not take apart: every change to what they say is reviewed (RBAC,
 * NetworkPolicies and service accounts are reviewed by what they grant and
 * open: see meaning-review.ts).
 */
const ACCESS_KINDS = new Set(['AppProject', 'SecretStore', 'ClusterSecretStore', 'ResourceQuota', 'LimitRange']);

/** Whether deleting the object deletes data: namespaces, volumes, stateful sets, cloud resources and the platform's data abstractions. */
function ownsData(o: DiffObject): boolean {
  const kind = String(o.object.kind);
  const group = groupOf(o.object.apiVersion);
  if (/\.aws\.(m\.)?upbound\.io$/.test(group)) return true;
  if (group === '') return ['Namespace', 'PersistentVolumeClaim', 'PersistentVolume'].includes(kind);
  if (group === 'apps') return kind === 'StatefulSet';
  return ['PostgreSQLInstance', 'ObjectBucket'].includes(kind);
}

/** Whether the object is a cloud resource (or a volume, or a claim for one) that costs money as long as it exists. */
function billed(o: DiffObject): boolean {
  const kind = String(o.object.kind);
  const group = groupOf(o.object.apiVersion);
  return /\.aws\.(m\.)?upbound\.io$/.test(group) || (group === '' && ['PersistentVolumeClaim', 'PersistentVolume'].includes(kind)) || ['PostgreSQLInstance', 'ObjectBucket'].includes(kind);
}

const metadataOf = (o: DiffObject) => (o.object.metadata ?? {}) as { namespace?: unknown; annotations?: unknown; finalizers?: unknown };

/** The object's `argocd.argoproj.io/sync-options` (`Prune=false`, `Delete=false`, …). */
function syncOptions(o: DiffObject): Set<string> {
  const annotations = metadataOf(o).annotations as Record<string, unknown> | undefined;
  const value = annotations?.['argocd.argoproj.io/sync-options'];
  return new Set(
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );
}

const isArgoApplication = (o: DiffObject) => groupOf(o.object.apiVersion) === 'argoproj.io' && o.object.kind === 'Application';

/** The folders (paths in the Git repository) an Argo CD Application syncs, and whether below them too. */
function sourcesOf(app: DiffObject): { path: string; recurse: boolean }[] {
  const spec = (app.object.spec ?? {}) as { source?: unknown; sources?: unknown };
  const sources = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])];
  return sources.flatMap((s) => {
    const source = (s ?? {}) as { path?: unknown; directory?: { recurse?: unknown } };
    return typeof source.path === 'string' ? [{ path: source.path.replace(/\/+$/, ''), recurse: source.directory?.recurse === true }] : [];
  });
}

/**
 * The Application, of those given, that syncs an object's file (the one whose
 * folder is nearest to it). The tree's folder inside the repository is not
 * known: a source path matches a folder of the tree it ends with.
 */
function applicationOf(o: DiffObject, applications: readonly DiffObject[]): DiffObject | undefined {
  const folders: string[] = [];
  for (let dir = o.file.includes('/') ? o.file.slice(0, o.file.lastIndexOf('/')) : ''; dir; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') folders.push(dir);
  let best: { app: DiffObject; depth: number } | undefined;
  for (const app of applications) {
    if (app.environment !== o.environment) continue;
    for (const source of sourcesOf(app)) {
      folders.forEach((dir, i) => {
        const matches = source.path === dir || source.path.endsWith(`/${dir}`);
        if (matches && (i === 0 || source.recurse) && (!best || folders.length - i > best.depth)) best = { app, depth: folders.length - i };
      });
    }
  }
  return best?.app;
}

/** What Argo CD does with an object that is no longer in Git. */
interface Fate {
  /** `kept`: left in the cluster; `confirm`: deleted once someone confirms it; `deleted`. */
  readonly outcome: 'kept' | 'confirm' | 'deleted';
  /** Why, as a clause: `removed from Git, but Argo CD does not prune it (sync-options Prune=false)`. */
  readonly why: Phrase;
}

/**
 * What Argo CD does with a removed object: with its Application (removed in
 * the same change, and not kept itself) it is deleted with the Application
 * unless `Delete=false` (or the Application has no resources finalizer);
 * otherwise the Application prunes it unless `Prune=false`.
 */
function fateOf(o: DiffObject, removedApplications: readonly DiffObject[]): Fate {
  const options = syncOptions(o);
  const app = applicationOf(
    o,
    removedApplications.filter((a) => !syncOptions(a).has('Prune=false')),
  );
  if (app) {
    const finalizers = metadataOf(app).finalizers;
    const cascades = Array.isArray(finalizers) && finalizers.some((f) => typeof f === 'string' && f.startsWith('resources-finalizer.argocd.argoproj.io'));
    if (!cascades) return { outcome: 'kept', why: phrase`removed with ${app.label}, which syncs it and has no resources finalizer: Argo CD deletes that Application only` };
    if (options.has('Delete=false'))
      return { outcome: 'kept', why: phrase`removed with ${app.label}, which syncs it, but Argo CD keeps it when it deletes that Application (sync-options Delete=false)` };
    if (options.has('Delete=confirm'))
      return { outcome: 'confirm', why: phrase`removed with ${app.label}, which syncs it: Argo CD deletes it once someone confirms the deletion (sync-options Delete=confirm)` };
    return {
      outcome: 'deleted',
      why: phrase`deleted with ${app.label}, which syncs it: Argo CD deletes every resource of a deleted Application${words(options.has('Prune=false') ? ' (Prune=false does not keep it then; Delete=false would)' : '')}`,
    };
  }
  if (options.has('Prune=false')) return { outcome: 'kept', why: words('removed from Git, but Argo CD does not prune it (sync-options Prune=false)') };
  if (options.has('Prune=confirm')) return { outcome: 'confirm', why: words('removed from Git: Argo CD prunes it once someone confirms the prune (sync-options Prune=confirm)') };
  return {
    outcome: 'deleted',
    why: words(`deleted: Argo CD prunes it${options.has('Delete=false') ? ' (Delete=false keeps an object only when its Application is deleted, not when it is removed from Git)' : ''}`),
  };
}

/** What is left behind by a kept object. */
function leftBehind(o: DiffObject): string {
  if (!ownsData(o)) return 'it stays in the cluster, orphaned';
  if (String(o.object.kind) === 'Namespace' && groupOf(o.object.apiVersion) === '') return 'it stays in the cluster, orphaned, with any object in it that Argo CD does not delete';
  return `it stays in the cluster, orphaned, with its data${billed(o) ? ' (and is still billed)' : ''}`;
}

const item = reviewItem;

/** The reviewed consequence of removing an object (or replacing it by another of its kind), if any. */
function removal(o: DiffObject, replacement: DiffObject | undefined, removedApplications: readonly DiffObject[]): ReviewItem | undefined {
  const fate = fateOf(o, removedApplications);
  const data = ownsData(o);
  if (replacement && data) {
    const start = phrase`replaced by ${replacement.label}, which starts empty`;
    if (fate.outcome === 'kept') return item(o, phrase`${start}; ${fate.why}: ${words(leftBehind(o))}; move the data, then delete it by hand`);
    return item(o, phrase`${start}; ${fate.why}, and the data it owns is deleted with it`);
  }
  if (fate.outcome === 'kept') return item(o, phrase`${fate.why}: ${words(leftBehind(o))}; delete it by hand if that is intended`);
  if (!data) return undefined;
  return item(o, phrase`${fate.why}, and the data it owns is deleted with it`);
}

/** What the review knows beyond the two sides' changed objects. */
export interface ReviewContext {
  /** The base side's objects below a folder (a new app is compared with the apps its team ran there before). */
  readonly baseIn?: BaseObjectsIn;
  /** The environments' image policy, when the org is known. */
  readonly refuses?: ImagePolicyCheck;
  /** The platform's prices, when the org is known. */
  readonly pricing?: ClaimPricing;
  /** How much an app asks of its namespace at most. */
  readonly footprint?: FootprintOf;
}

/**
 * The added object a removed one is replaced by, if any: one of its kind in
 * its environment and namespace, in its own folder (its app) first.
 */
function replacementOf(o: DiffObject, added: readonly DiffObject[]): DiffObject | undefined {
  const key = (x: DiffObject) => `${x.environment ?? ''}\0${groupOf(x.object.apiVersion)}\0${String(x.object.kind)}\0${String(metadataOf(x).namespace ?? '')}`;
  const folder = (x: DiffObject) => x.file.slice(0, x.file.lastIndexOf('/') + 1);
  const candidates = added.filter((a) => key(a) === key(o));
  return candidates.find((a) => folder(a) === folder(o)) ?? candidates[0];
}

/** Objects a change brings whose names or keys the API server refuses: Argo CD's sync of them fails (said once, not on every change to them). */
function refusedNames(added: readonly DiffObject[], changed: readonly ObjectChange[]): ReviewItem[] {
  const out: ReviewItem[] = [];
  const problems = (o: DiffObject) => checkApiNames(o.object).map((p) => `${p.field}\0${p.message}`);
  for (const [o, before] of [...added.map((a) => [a, undefined] as const), ...changed.map((c) => [c.after, c.before] as const)]) {
    const had = new Set(before ? problems(before) : []);
    for (const p of checkApiNames(o.object)) {
      if (had.has(`${p.field}\0${p.message}`)) continue;
      out.push(item(o, phrase`the API server refuses it, so Argo CD cannot sync it: ${p.field}: ${p.message}`));
    }
  }
  return out;
}

/** What an object of an access kind says, without its name and labels: the same meaning under another name is the same. */
const meaningOf = (o: DiffObject) => {
  const { metadata, ...rest } = o.object;
  const m = (metadata ?? {}) as { namespace?: unknown; annotations?: unknown };
  return `${o.environment ?? ''}\0${canonical({ ...rest, metadata: { namespace: m.namespace, annotations: m.annotations } })}`;
};

/** Access objects added, removed or changed: each reviewed, unless an object of the same meaning goes or comes under another name. */
function accessReview(added: readonly DiffObject[], removed: readonly DiffObject[], changed: readonly ObjectChange[]): ReviewItem[] {
  const isAccess = (o: DiffObject) => ACCESS_KINDS.has(String(o.object.kind));
  const before = new Set([...removed.filter(isAccess)].map(meaningOf));
  const after = new Set([...added.filter(isAccess)].map(meaningOf));
  const out: ReviewItem[] = [];
  for (const o of added.filter(isAccess)) if (!before.has(meaningOf(o))) out.push(item(o, words('added: changes access or limits')));
  for (const o of removed.filter(isAccess)) if (!after.has(meaningOf(o))) out.push(item(o, words('removed: changes access or limits')));
  for (const c of changed) if (isAccess(c.after) && meaningOf(c.before) !== meaningOf(c.after)) out.push(item(c.after, words('changed: changes access or limits')));
  return out;
}

/**
 * The risky changes of a diff: an app removed from an environment; removing
 * (or replacing) an object that owns data, with what Argo CD will do with it;
 * removing an object Argo CD keeps; what each app (or namespace) means before
 * and after: its public hosts, network paths, callers and calls, the rights
 * it is granted and the identities it runs as (see meaningReview), its data
 * and costs (see dataReview); any other change to access or limits; the
 * supply chain of every app (an image from a new registry or repository, no
 * longer pinned by digest, or refused by the environment's policy: see
 * {@link imageReview}); a data-owning object losing the sync option that
 * keeps it.
 */
export function needsReview(added: readonly DiffObject[], removed: readonly DiffObject[], changed: readonly ObjectChange[], context: ReviewContext = {}): ReviewItem[] {
  // an app removed from an environment, as one item first: it stops serving
  const out: ReviewItem[] = [...appRemovals(added, removed)];
  const removedApplications = removed.filter(isArgoApplication);
  for (const o of removed) {
    const r = removal(o, replacementOf(o, added), removedApplications);
    if (r) out.push(r);
  }
  out.push(...refusedNames(added, changed));
  out.push(...accessReview(added, removed, changed));
  out.push(...meaningReview(added, removed, changed, context.baseIn));
  out.push(...imageReview(added, removed, changed, context.baseIn, context.refuses));
  for (const c of changed) {
    if (ownsData(c.after) && syncOptions(c.before).has('Prune=false') && !syncOptions(c.after).has('Prune=false')) {
      out.push(item(c.after, words('changed: no longer has sync-options Prune=false: removing it from Git later would make Argo CD delete it, and the data it owns')));
    }
  }
  out.push(...dataReview(added, removed, changed, context.pricing));
  if (context.footprint) out.push(...footprintReview(added, removed, changed, context.footprint));
  return out;
}
