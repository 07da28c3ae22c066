/**
 * The data and costs of a change under "needs review": a new claim (a
 * database, a bucket, a volume) with what it asks for, how it is deleted and
 * what it costs; a claim whose size or deletion behaviour changes, before →
 * after; and per app and environment, what the claims it changes cost a month
 * before and after (priced from their parameters by the platform's prices,
 * never read from an annotation).
 */
import { compareStrings } from '../private/compare';
import { type Phrase, joined, phrase, words } from '../private/escape';
import { canonical } from './facts';
import { fieldChanges, showValue } from './field-changes';
import { reviewItem } from './review-item';
import { isObj, metadataOf, str, subjectOf } from './subjects';
import type { ClaimPricing, DiffObject, FootprintOf, ObjectChange, ReviewItem } from './types';

/** Whether an object asks for storage that holds data: the platform's claims and PersistentVolumeClaims. */
function isClaim(o: DiffObject): boolean {
  const kind = String(o.object.kind);
  const core = !String(o.object.apiVersion ?? '').includes('/');
  return ['PostgreSQLInstance', 'ObjectBucket'].includes(kind) || (core && kind === 'PersistentVolumeClaim');
}

const syncOptions = (o: DiffObject) => {
  const annotations = isObj(metadataOf(o).annotations) ? (metadataOf(o).annotations as Record<string, unknown>) : {};
  return new Set(
    (str(annotations['argocd.argoproj.io/sync-options']) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
};

/** What a claim asks for: its parameters (or a volume's request and class), as `name value` pairs. */
function asksFor(o: DiffObject): Record<string, unknown> {
  const spec = isObj(o.object.spec) ? o.object.spec : {};
  if (isObj(spec.parameters)) return spec.parameters;
  const storage = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests.storage : undefined;
  return { ...(storage !== undefined ? { storage } : {}), ...(spec.storageClassName !== undefined ? { storageClassName: spec.storageClassName } : {}) };
}

/** How a claim goes when it leaves Git, in words. */
function deletion(o: DiffObject): Phrase {
  const options = syncOptions(o);
  const policy = str(isObj(o.object.spec) ? o.object.spec.deletionPolicy : undefined);
  const kept = options.has('Prune=false') ? 'Argo CD keeps it when it leaves Git (Prune=false)' : 'removing it from Git deletes it and its data';
  const withApp = options.has('Delete=false') ? ', and when its Application is deleted (Delete=false)' : '';
  return phrase`${words(`${kept}${withApp}`)}${policy ? phrase`; deletionPolicy ${policy}` : words('')}`;
}

const usd = (n: number) => `USD ${n.toFixed(2)}`;

/** The monthly price of a claim, when the platform's prices are known. */
function priceOf(o: DiffObject, pricing: ClaimPricing | undefined): { usd: number; basis: string } | undefined {
  return pricing?.(o.environment, o.object);
}

/** A new claim: what it asks for, how it is deleted, what it costs. */
function newClaim(o: DiffObject, pricing: ClaimPricing | undefined): ReviewItem {
  const params = Object.entries(asksFor(o))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : canonical(v)}`);
  const price = priceOf(o, pricing);
  const cost = price ? phrase`, about ${words(usd(price.usd))} a month (${price.basis})` : words('');
  const what = params.length ? phrase` asking for ${joined(params)}` : words('');
  return reviewItem(o, phrase`${words(`new ${String(o.object.kind)}`)}${what}${cost}: ${deletion(o)}`);
}

/** A changed claim: what it asks for and how it is deleted, before → after. */
function changedClaim(c: ObjectChange, pricing: ClaimPricing | undefined): ReviewItem[] {
  const out: ReviewItem[] = [];
  const changes = fieldChanges(asksFor(c.before), asksFor(c.after));
  if (changes.length) {
    const said = joined(
      changes.map((f) => phrase`${f.path}: ${showValue(f.before)} → ${showValue(f.after)}`),
      '; ',
    );
    const [b, a] = [priceOf(c.before, pricing), priceOf(c.after, pricing)];
    const cost = b && a && b.usd !== a.usd ? phrase`; about ${words(usd(b.usd))} → ${words(usd(a.usd))} a month` : words('');
    out.push(reviewItem(c.after, phrase`changes what it asks for: ${said}${cost}`));
  }
  if (syncOptions(c.before).has('Delete=false') && !syncOptions(c.after).has('Delete=false'))
    out.push(reviewItem(c.after, words('changed: no longer has sync-options Delete=false: deleting the Application that syncs it would make Argo CD delete it, and the data it owns')));
  const policy = (o: DiffObject) => str(isObj(o.object.spec) ? o.object.spec.deletionPolicy : undefined) ?? 'Delete';
  if (policy(c.before) !== 'Delete' && policy(c.after) === 'Delete')
    out.push(reviewItem(c.after, phrase`changed: deletionPolicy ${policy(c.before)} → Delete: deleting it deletes the cloud resource and its data`));
  return out;
}

/**
 * The data and cost items of a change (see the module's comment). A removed
 * claim that Argo CD keeps (Prune=false) is still billed, so it saves nothing.
 */
export function dataReview(added: readonly DiffObject[], removed: readonly DiffObject[], changed: readonly ObjectChange[], pricing?: ClaimPricing): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const o of added.filter(isClaim)) out.push(newClaim(o, pricing));
  for (const c of changed.filter((x) => isClaim(x.after))) out.push(...changedClaim(c, pricing));
  if (!pricing) return out;
  // per app (or namespace) and environment: what its claims cost before and after this change
  const totals = new Map<string, { before: number; after: number; at: DiffObject }>();
  const add = (o: DiffObject, side: 'before' | 'after', at: DiffObject) => {
    const price = priceOf(o, pricing);
    if (!price) return;
    const key = subjectOf(o).key;
    const t = totals.get(key) ?? { before: 0, after: 0, at };
    totals.set(key, t);
    t[side] += price.usd;
  };
  for (const o of removed) if (!syncOptions(o).has('Prune=false')) add(o, 'before', o);
  for (const c of changed) {
    add(c.before, 'before', c.after);
    add(c.after, 'after', c.after);
  }
  for (const o of added) add(o, 'after', o);
  for (const key of [...totals.keys()].sort(compareStrings)) {
    const t = totals.get(key);
    if (!t || t.after - t.before < 0.005) continue;
    out.push(reviewItem(t.at, phrase`costs about ${words(usd(t.after - t.before))} a month more: the claims this change touches cost ${words(usd(t.before))} → ${words(usd(t.after))} a month`));
  }
  return out;
}

const cores = (n: number) => `${Number(n.toFixed(3))} CPU`;
const gib = (n: number) => `${Number((n / 2 ** 30).toFixed(2))} GiB`;

/**
 * Per app (or namespace) and environment: what its KubeVela Applications ask
 * of the namespace at most (pods, CPU and memory requested, as the quota
 * counts them), before and after, when that grows.
 */
export function footprintReview(added: readonly DiffObject[], removed: readonly DiffObject[], changed: readonly ObjectChange[], footprintOf: FootprintOf): ReviewItem[] {
  type Sum = { pods: number; cpu: number; memory: number };
  const totals = new Map<string, { before: Sum; after: Sum; at: DiffObject }>();
  const add = (o: DiffObject, side: 'before' | 'after', at: DiffObject) => {
    const f = footprintOf(o.object);
    if (!f) return;
    const key = subjectOf(o).key;
    const t = totals.get(key) ?? { before: { pods: 0, cpu: 0, memory: 0 }, after: { pods: 0, cpu: 0, memory: 0 }, at };
    totals.set(key, t);
    t[side].pods += f.pods;
    t[side].cpu += f.requestsCpu;
    t[side].memory += f.requestsMemory;
  };
  for (const o of removed) add(o, 'before', o);
  for (const c of changed) {
    add(c.before, 'before', c.after);
    add(c.after, 'after', c.after);
  }
  for (const o of added) add(o, 'after', o);
  const out: ReviewItem[] = [];
  for (const key of [...totals.keys()].sort(compareStrings)) {
    const t = totals.get(key);
    if (!t || (t.after.pods <= t.before.pods && t.after.cpu <= t.before.cpu + 1e-9 && t.after.memory <= t.before.memory)) continue;
    const show = (s: Sum) => `${s.pods} pods, ${cores(s.cpu)}, ${gib(s.memory)}`;
    out.push(reviewItem(t.at, words(`asks for more of its namespace at most (pods, requests): ${show(t.before)} → ${show(t.after)}`)));
  }
  return out;
}
