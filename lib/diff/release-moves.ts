import { appComponentImage, yamlDocuments } from '../private/application-image';
import type { ReleaseMove, TreeFiles } from './types';

const APPLICATION = /^([^/]+)\/teams\/([^/]+)\/apps\/([^/]+)\/application-([^/]+)\.yaml$/;

/** The image of the component named after the app, in an Application file's text (undefined when there is none, or it does not parse). */
function imageOf(text: string, app: string): string | undefined {
  const read = yamlDocuments(text);
  if ('problem' in read || read.documents.length !== 1) return undefined;
  const found = appComponentImage(read.documents[0], app);
  return 'image' in found ? found.image : undefined;
}

/** Every app's image per environment in a tree: `env\0team/app` → image. */
function images(tree: TreeFiles, only?: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, bytes] of tree.files) {
    const m = APPLICATION.exec(file);
    if (!m || m[3] !== m[4] || (only && !only.has(`${m[2]}/${m[3]}`))) continue;
    const image = imageOf(bytes.toString('utf8'), m[3]);
    if (image !== undefined) out.set(`${m[1]}\0${m[2]}/${m[3]}`, image);
  }
  return out;
}

const digestOf = (image: string) => /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1] ?? image;

/** The release moves between two trees, in the order of the environments (`order`, the org's chain), then by app. */
export function releaseMoves(base: TreeFiles, head: TreeFiles, order: readonly string[]): ReleaseMove[] {
  const before = images(base);
  const after = images(head);
  const moves: ReleaseMove[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [environment, app] = key.split('\0');
    const b = before.get(key);
    const a = after.get(key);
    if (b === a || (b !== undefined && a !== undefined && digestOf(b) === digestOf(a) && b === a)) continue;
    const previous = order[order.indexOf(environment) - 1];
    const fromPrevious = a !== undefined && previous !== undefined && after.get(`${previous}\0${app}`) !== undefined && digestOf(after.get(`${previous}\0${app}`) ?? '') === digestOf(a);
    moves.push({ environment, app, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}), ...(fromPrevious ? { promotedFrom: previous } : {}) });
  }
  const rank = (env: string) => (order.includes(env) ? order.indexOf(env) : order.length);
  return moves.sort((x, y) => rank(x.environment) - rank(y.environment) || (x.app < y.app ? -1 : x.app > y.app ? 1 : 0));
}

/** A build as people name it: its tag, or its digest's start, or the reference. */
export function buildName(image: string | undefined): string {
  if (image === undefined) return 'nothing';
  const tag = /:([\w][\w.-]{0,127})(@sha256:[0-9a-f]{64})?$/.exec(image.slice(image.lastIndexOf('/') + 1))?.[1];
  if (tag !== undefined) return tag;
  const digest = /@sha256:([0-9a-f]{12})/.exec(image)?.[1];
  return digest !== undefined ? `sha256:${digest}…` : image;
}

/** One move in words: `payments/web 1.5.0: staging → prod (was 1.4.0)`. */
export function moveLine(m: ReleaseMove): string {
  // one tag on two builds (a tag pushed again): each named with its digest, so the line never reads as no change
  const same = m.before !== undefined && m.after !== undefined && buildName(m.before) === buildName(m.after);
  const name = (image: string | undefined) => {
    const digest = same && image !== undefined ? /@sha256:([0-9a-f]{12})/.exec(image)?.[1] : undefined;
    return digest !== undefined ? `${buildName(image)} (sha256:${digest}…)` : buildName(image);
  };
  const was = m.before !== undefined ? `was ${name(m.before)}` : 'new here';
  const note = m.note !== undefined ? `; ${m.note}` : '';
  if (m.after === undefined) return `${m.app} in ${m.environment}: ${buildName(m.before)} → nothing (it no longer runs there)`;
  if (m.promotedFrom !== undefined) return `${m.app} ${name(m.after)}: ${m.promotedFrom} → ${m.environment} (promoted, ${was}${note})`;
  return `${m.app} in ${m.environment}: ${name(m.before)} → ${name(m.after)}${note ? ` (${note.slice(2)})` : ''}`;
}
