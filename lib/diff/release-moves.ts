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

/** Every app's Application file per environment in a tree: `env\0team/app` → its bytes. */
function applicationFiles(tree: TreeFiles): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [file, bytes] of tree.files) {
    const m = APPLICATION.exec(file);
    if (m && m[3] === m[4]) out.set(`${m[1]}\0${m[2]}/${m[3]}`, bytes);
  }
  return out;
}

/** The image of each app per environment (`env\0team/app`), parsed only when asked for and once. */
function imageReader(files: ReadonlyMap<string, Buffer>): (key: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  return (key) => {
    if (!memo.has(key)) {
      const bytes = files.get(key);
      memo.set(key, bytes === undefined ? undefined : imageOf(bytes.toString('utf8'), key.slice(key.lastIndexOf('/') + 1)));
    }
    return memo.get(key);
  };
}

const digestOf = (image: string) => /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1] ?? image;

/**
 * The release moves between two trees, in the order of the environments (`order`, the org's chain), then by app. An
 * Application file whose bytes are the same in both trees holds the same image, so only the files that differ are read
 * (and, for a move, the previous environment's file in the head tree): a diff's cost grows with the change.
 */
export function releaseMoves(base: TreeFiles, head: TreeFiles, order: readonly string[]): ReleaseMove[] {
  const baseFiles = applicationFiles(base);
  const headFiles = applicationFiles(head);
  const before = imageReader(baseFiles);
  const after = imageReader(headFiles);
  const moves: ReleaseMove[] = [];
  for (const key of new Set([...baseFiles.keys(), ...headFiles.keys()])) {
    const bytesBefore = baseFiles.get(key);
    const bytesAfter = headFiles.get(key);
    if (bytesBefore !== undefined && bytesAfter !== undefined && bytesBefore.equals(bytesAfter)) continue;
    const [environment, app] = key.split('\0');
    const b = before(key);
    const a = after(key);
    if (b === a) continue;
    const previous = order[order.indexOf(environment) - 1];
    const previousImage = previous !== undefined ? after(`${previous}\0${app}`) : undefined;
    const fromPrevious = a !== undefined && previousImage !== undefined && digestOf(previousImage) === digestOf(a);
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
