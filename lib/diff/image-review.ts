/**
 * The supply chain under "needs review": per app and per environment, an
 * image from a registry the app did not pull from before, an image no longer
 * pinned by digest, an image moving to another repository, and an image the
 * environment's policy refuses. Apps are compared by what they run (the set
 * of their images), not by the position or name of a component, and an app
 * renamed in the same change is compared with the app it replaces (a new
 * app, with the apps its team ran there before).
 */
import { parseImage } from '../private/names';
import { type Phrase, joined, phrase, quoted, words } from '../private/escape';
import { reviewItem } from './review-item';
import { compareStrings } from '../private/compare';
import { registryOf } from '../validate/tenant-rules';
import type { BaseObjectsIn, DiffObject, ImagePolicyCheck, ObjectChange, ReviewItem } from './types';

/** One image of an object, and where. */
interface ImageAt {
  readonly image: string;
  /** `spec.components[name=my-app].properties.image`. */
  readonly path: string;
  readonly object: DiffObject;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every `image` string of an object (a KubeVela component's, a container's, a trait's), with its path; list items named by `name` when they have one. */
export function imagesIn(object: DiffObject): ImageAt[] {
  const out: ImageAt[] = [];
  const walk = (v: unknown, at: string, depth: number) => {
    // objects nest a few levels: a bound keeps a hostile one from exhausting the stack
    if (depth > 64) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${at}[${isObj(item) && typeof item.name === 'string' ? `name=${item.name}` : i}]`, depth + 1));
    } else if (isObj(v)) {
      for (const [k, value] of Object.entries(v)) {
        const path = at ? `${at}.${k}` : k;
        if (k === 'image' && typeof value === 'string') out.push({ image: value, path, object });
        else walk(value, path, depth + 1);
      }
    }
  };
  walk(object.object, '', 0);
  return out;
}

/** The app an object belongs to: its folder `<env>/teams/<team>/apps/<app>` (rendered objects with their file), or the object itself. */
function appOf(o: DiffObject): { key: string; parent: string; name: string; folder?: string } {
  const m = /^(.*?(?:^|\/)teams\/[^/]+\/apps)\/([^/]+)\//.exec(o.file);
  if (m) return { key: `${m[1]}/${m[2]}`, parent: m[1], name: m[2], folder: m[1] };
  const kind = `${String(o.object.apiVersion)}/${String(o.object.kind)}/${String(((o.object.metadata ?? {}) as Json).namespace ?? '')}`;
  return { key: `${o.environment ?? ''}\0${o.id}`, parent: `${o.environment ?? ''}\0${kind}`, name: o.label };
}

interface AppImages {
  readonly name: string;
  readonly parent: string;
  readonly folder?: string;
  readonly base: ImageAt[];
  readonly head: ImageAt[];
  /** Whether the app has objects on the base side (changed or removed), imaged or not. */
  existed: boolean;
}

const pinned = (image: string) => parseImage(image)?.digest !== undefined;
const repositoryOf = (image: string) => parseImage(image)?.repository ?? image;
const quote = (images: readonly string[]): Phrase => (images.length ? joined(images.map(quoted)) : words('none'));

/**
 * The images an app's image replaces, for "before → after": the same field of
 * the same object; else those of its repository among the images whose field
 * is gone or that are no longer used (a renamed component's), else all of
 * those; with `sameRepository`, only images of its repository.
 */
function predecessors(a: ImageAt, base: readonly ImageAt[], head: readonly ImageAt[], sameRepository: boolean): string[] {
  const same = base.find((b) => b.path === a.path && b.object.id === a.object.id);
  if (same) return [same.image];
  const fields = new Set(head.map((h) => `${h.object.id}\0${h.path}`));
  const images = new Set(head.map((h) => h.image));
  const gone = [...new Set(base.filter((b) => !fields.has(`${b.object.id}\0${b.path}`) || !images.has(b.image)).map((b) => b.image))];
  const repository = (sameRepository ? base.map((b) => b.image) : gone).filter((b) => repositoryOf(b) === repositoryOf(a.image));
  return [...new Set(repository.length || sameRepository ? repository : gone)].slice(0, 3);
}

/**
 * The supply-chain changes of a diff, per app and environment (see the
 * module's comment). `baseIn` gives the base side's objects of a team's apps
 * folder: a new app is compared with the apps its team ran there before (or
 * with the app it replaces, when one of the team's apps is removed in the
 * same change); `refuses` is the environments' image policy, when the org is
 * known.
 */
export function imageReview(added: readonly DiffObject[], removed: readonly DiffObject[], changed: readonly ObjectChange[], baseIn?: BaseObjectsIn, refuses?: ImagePolicyCheck): ReviewItem[] {
  const apps = new Map<string, AppImages>();
  const app = (o: DiffObject) => {
    const a = appOf(o);
    const found = apps.get(a.key) ?? { name: a.name, parent: a.parent, ...(a.folder ? { folder: a.folder } : {}), base: [], head: [], existed: false };
    apps.set(a.key, found);
    return found;
  };
  for (const o of removed) Object.assign(app(o), { existed: true }).base.push(...imagesIn(o));
  for (const c of changed) {
    Object.assign(app(c.before), { existed: true }).base.push(...imagesIn(c.before));
    app(c.after).head.push(...imagesIn(c.after));
  }
  for (const o of added) app(o).head.push(...imagesIn(o));

  const out: ReviewItem[] = [];
  for (const [, a] of [...apps].sort(([x], [y]) => compareStrings(x, y))) {
    if (a.head.length === 0) continue;
    let base = a.base;
    let scope: Phrase = words('the app');
    // a new app compared with its team's others: another repository, or their digests, are no move of its own
    let team = false;
    if (!a.existed) {
      // a new app: the apps of its team removed in this change (a rename), else every app its team ran there before
      const replaced = [...apps.values()].filter((r) => r !== a && r.parent === a.parent && r.existed && r.head.length === 0 && r.base.length > 0);
      if (replaced.length) {
        base = replaced.flatMap((r) => r.base);
        scope = phrase`the app (or ${joined(replaced.map((r) => r.name))}, removed in this change)`;
      } else if (a.folder !== undefined && baseIn) {
        base = baseIn(a.folder).flatMap(imagesIn);
        scope = phrase`the apps of ${a.folder}`;
        team = true;
      }
    }
    out.push(...reviewApp(a, base, scope, team, refuses));
  }
  return out;
}

function reviewApp(a: AppImages, base: readonly ImageAt[], scope: Phrase, team: boolean, refuses?: ImagePolicyCheck): ReviewItem[] {
  const out: ReviewItem[] = [];
  const before = new Set(base.map((b) => b.image));
  const registries = [...new Set(base.map((b) => registryOf(b.image)))].sort(compareStrings);
  const repositories = new Set(base.map((b) => repositoryOf(b.image)));
  const seen = new Set<string>();
  for (const h of a.head) {
    if (before.has(h.image) || seen.has(h.image)) continue;
    seen.add(h.image);
    const item = (said: Phrase): ReviewItem => reviewItem(h.object, said);
    const was = predecessors(h, base, a.head, team);
    const change = phrase`${quote(was)} → ${quoted(h.image)} at ${h.path}`;
    const registry = registryOf(h.image);
    if (!registries.includes(registry)) {
      out.push(item(phrase`image from a registry ${scope} did not pull from before: ${registries.length ? joined(registries) : words('none')} → ${registry} (${change})`));
    } else if (!team && !repositories.has(repositoryOf(h.image))) {
      out.push(item(phrase`image moves to another repository: ${was.length ? joined(was.map(repositoryOf)) : words('none')} → ${repositoryOf(h.image)} (${h.path})`));
    }
    if (!pinned(h.image)) {
      const pins = base.filter((b) => pinned(b.image) && repositoryOf(b.image) === repositoryOf(h.image)).map((b) => b.image);
      const lost = pins.length ? [...new Set(pins)] : team ? [] : was.filter(pinned);
      if (lost.length) out.push(item(phrase`image no longer pinned by digest: ${quote(lost)} → ${quoted(h.image)} at ${h.path}: a tag can be moved to other content, a digest cannot`));
    }
    const allowed = refuses?.(h.object.environment, h.image);
    if (allowed !== undefined) out.push(item(phrase`image the environment's policy refuses: ${change}: ${words(allowed)}`));
  }
  return out;
}
