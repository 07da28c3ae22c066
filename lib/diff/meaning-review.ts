/**
 * "Needs review" from what the change means, per app (or namespace, or
 * cluster) and environment: the public hosts it serves, its network paths,
 * who may call it and what it calls, the rights bindings grant and the
 * identities it runs as, compared before and after as sets of facts made
 * from content (see facts.ts). Renaming or reordering objects, list items or
 * components changes nothing; an app renamed in the same change is compared
 * with the app it replaces.
 */
import { compareStrings } from '../private/compare';
import { type Phrase, joined, phrase, words } from '../private/escape';
import { type Fact, type RoleLookup, factsOf, unboundRoleFacts } from './facts';
import { type Subject, folderOf, metadataOf, str, subjectOf } from './subjects';
import type { DiffObject, ObjectChange, ReviewItem } from './types';
import { reviewItem } from './review-item';

/** The base side's objects of a folder's own files (with `direct`), the unchanged of which are the same on both sides. */
export type UnchangedIn = (folder: string, direct: boolean) => readonly DiffObject[];

/** The objects of one side, per subject, and their facts. */
interface Side {
  readonly objects: Map<string, DiffObject[]>;
  readonly facts: Map<string, Fact[]>;
}

const push = <V>(map: Map<string, V[]>, key: string, v: V) => {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
};

const roleKey = (env: string | undefined, kind: string, namespace: string | undefined, name: string) => `${env ?? ''}\0${kind}\0${namespace ?? ''}\0${name}`;
const isRole = (o: DiffObject) => o.object.kind === 'Role' || o.object.kind === 'ClusterRole';
const keyOfRole = (o: DiffObject) => roleKey(o.environment, String(o.object.kind), str(metadataOf(o).namespace), String(metadataOf(o).name));

/** The roles the bindings of the given objects name (by environment, kind, namespace and name). */
function boundRoles(objects: readonly DiffObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.object.kind !== 'RoleBinding' && o.object.kind !== 'ClusterRoleBinding') continue;
    const ref = (o.object.roleRef ?? {}) as { kind?: unknown; name?: unknown };
    const kind = str(ref.kind) ?? 'Role';
    out.add(roleKey(o.environment, kind, kind === 'ClusterRole' ? undefined : str(metadataOf(o).namespace), str(ref.name) ?? ''));
  }
  return out;
}

/**
 * Reads one side: every object's subject and facts (a binding's role looked
 * up on the same side and in the same environment); a role that no binding
 * of either side names says what it would grant, under its name.
 */
function readSide(objects: readonly DiffObject[], subjects: Map<string, Subject>, bound: ReadonlySet<string>, known: Map<DiffObject, Fact[]>): Side {
  const roles = new Map(objects.filter(isRole).map((o) => [keyOfRole(o), o]));
  const side: Side = { objects: new Map(), facts: new Map() };
  for (const o of objects) {
    const subject = subjectOf(o);
    subjects.set(subject.key, subject);
    push(side.objects, subject.key, o);
    for (const f of factsOnSide(o, roles, known)) push(side.facts, subject.key, f);
  }
  for (const role of roles.values()) if (!bound.has(keyOfRole(role))) for (const f of unboundRoleFacts(role)) push(side.facts, subjectOf(role).key, f);
  return side;
}

const isBinding = (o: DiffObject) => o.object.kind === 'RoleBinding' || o.object.kind === 'ClusterRoleBinding';

/**
 * An object's facts on one side: a binding's depend on the side's roles; any other object's on the object alone, so an
 * object both sides share (unchanged) is read once (`known`).
 */
function factsOnSide(o: DiffObject, roles: ReadonlyMap<string, DiffObject>, known: Map<DiffObject, Fact[]>): Fact[] {
  const lookup: RoleLookup = (kind, name, namespace) => roles.get(roleKey(o.environment, kind, namespace, name));
  if (isBinding(o)) return factsOf(o, lookup);
  let facts = known.get(o);
  if (facts === undefined) known.set(o, (facts = factsOf(o, lookup)));
  return facts;
}

/** How one group of facts is said when facts are added or taken away (undefined: not a risk to review). */
const WORDING: Record<string, { added?: string; removed?: string; join?: string }> = {
  host: { added: 'serves a new public host: ', removed: 'no longer serves the public host: ' },
  route: { added: 'routes from the internet: ', removed: 'no longer routes: ' },
  callers: { added: 'may now be called by ', removed: 'may no longer be called by (their calls are refused): ' },
  calls: { added: 'now calls ' },
  services: { added: 'exposes outside the cluster: ' },
  paths: { added: 'opens network paths: ', removed: 'closes network paths (traffic that used them is refused): ', join: '; ' },
  isolation: { added: 'now denies by default: ', removed: 'no longer denies by default: ', join: '; ' },
  cloud: { added: 'cloud rights: ', removed: 'no longer: ' },
  identity: { added: 'runs as ', removed: 'no longer runs as ' },
};

/** The wording of a group (`grant\0…` and `aggregate\0…` groups share theirs). */
function wordingOf(group: string): { added?: string; removed?: string; join?: string } {
  if (group.startsWith('grant\0') || group.startsWith('aggregate\0')) return { added: 'grants ', removed: 'no longer grants ', join: '; ' };
  if (group.startsWith('role\0')) return { added: 'allows ', removed: 'no longer allows ', join: '; ' };
  return WORDING[group] ?? { added: 'adds: ', removed: 'takes away: ', join: '; ' };
}

/** The host a route fact is for. */
const routeHost = (f: Fact) => f.key.split('\0')[1];

/** The items for one subject: facts added and taken away, said per group. */
function compare(before: readonly Fact[], after: readonly Fact[], reportRemoved: boolean): ReviewItem[] {
  const keys = (facts: readonly Fact[]) => new Set(facts.map((f) => f.key));
  const had = keys(before);
  const has = keys(after);
  const unique = (facts: readonly Fact[]) => [...new Map(facts.map((f) => [f.key, f])).values()];
  const added = unique(after.filter((f) => !had.has(f.key)));
  const removed = reportRemoved ? unique(before.filter((f) => !has.has(f.key))) : [];
  // a route of a host that comes or goes is said with the host
  const hosts = new Set([...added, ...removed].filter((f) => f.group === 'host').map((f) => f.key.slice('host\0'.length)));
  const shown = (f: Fact) => f.group !== 'route' || !hosts.has(routeHost(f));
  const out: ReviewItem[] = [];
  for (const [facts, direction] of [
    [added, 'added'],
    [removed, 'removed'],
  ] as const) {
    const groups = new Map<string, Fact[]>();
    for (const f of facts.filter(shown)) push(groups, f.group, f);
    for (const group of [...groups.keys()].sort(compareStrings)) {
      const list = (groups.get(group) ?? []).sort((a, b) => compareStrings(a.key, b.key));
      const wording = wordingOf(group);
      const lead = direction === 'added' ? wording.added : wording.removed;
      if (lead === undefined) continue;
      const said: Phrase = phrase`${words(lead)}${joined(
        list.map((f) => f.said),
        wording.join ?? ', ',
      )}`;
      out.push(reviewItem(list[0].object, said));
    }
  }
  return out;
}

/**
 * The facts of a change that a reviewer must see, per subject (see the
 * module's comment). `unchangedIn` gives the unchanged objects of a folder,
 * so that a fact an unchanged object already stated is not new.
 */
export function meaningReview(added: readonly DiffObject[], removed: readonly DiffObject[], changed: readonly ObjectChange[], unchangedIn?: UnchangedIn): ReviewItem[] {
  const touched = new Set([...added.map((o) => o.id), ...removed.map((o) => o.id), ...changed.map((c) => c.after.id)]);
  const folders = new Set([...added, ...removed, ...changed.map((c) => c.after)].map((o) => folderOf(o.file)));
  const unchanged = unchangedIn ? [...folders].sort(compareStrings).flatMap((f) => unchangedIn(f, true).filter((o) => !touched.has(o.id))) : [];
  const subjects = new Map<string, Subject>();
  const before = [...unchanged, ...removed, ...changed.map((c) => c.before)];
  const after = [...unchanged, ...added, ...changed.map((c) => c.after)];
  const bound = boundRoles([...before, ...after]);
  const known = new Map<DiffObject, Fact[]>();
  const base = readSide(before, subjects, bound, known);
  const head = readSide(after, subjects, bound, known);
  const touchedSubjects = new Set([...added, ...removed, ...changed.map((c) => c.after)].map((o) => subjectOf(o).key));

  // an app gone from its folder in this change, and a new one of its team there: the new one is compared with it
  const gone = [...touchedSubjects].filter((k) => subjects.get(k)?.app && !head.objects.has(k) && base.objects.has(k));
  const fresh = [...touchedSubjects].filter((k) => subjects.get(k)?.app && head.objects.has(k) && !base.objects.has(k));
  const parentOf = (k: string) => {
    const s = subjects.get(k);
    return `${s?.environment ?? ''}\0${s?.app?.parent ?? ''}`;
  };
  const out: ReviewItem[] = [];
  for (const key of [...touchedSubjects].sort(compareStrings)) {
    if (gone.includes(key)) continue; // the app's removal is reviewed as one item (app-removal.ts)
    const replaced = fresh.includes(key) ? gone.filter((g) => parentOf(g) === parentOf(key)) : [];
    const had = replaced.length ? replaced.flatMap((g) => base.facts.get(g) ?? []) : (base.facts.get(key) ?? []);
    out.push(...compare(had, head.facts.get(key) ?? [], true));
  }
  return out;
}
