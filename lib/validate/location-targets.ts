import * as path from 'path';

/**
 * How Backstage reads the target of a Location entity, for the files of a tree.
 *
 * Backstage resolves a relative target against the URL of the Location's own
 * file (`integrations.resolveUrl`, i.e. `new URL(target, base)`), and its
 * `url` reader searches the repository when the path holds a glob: the
 * GitHub, GitLab and Bitbucket readers match every file of the repository
 * against it with minimatch's defaults (`*` any characters but `/`, `**` as a
 * whole segment any number of folders, neither matching a name that starts
 * with `.`). The `file` reader does the same with the glob package. A target
 * that matches nothing is an error on the Location unless its
 * `presence` is `optional`.
 *
 * paved reads the part of that syntax whose meaning is the same for every
 * reader: letters, digits, `.`, `_`, `~`, `-`, `/`, `*` and `**`. Anything
 * else is refused, not guessed: in a relative URL `?` and `#` start the query
 * and the fragment, `{`, `}`, `%` and spaces are percent-encoded, and
 * minimatch gives `[`, `!`, `+`, `@`, `(` and `)` meanings of their own.
 */

/** What a Location's target reads in a tree. */
export type LocationTargetReading =
  /** An absolute URL: a file outside the tree. */
  | { readonly kind: 'outside' }
  /** A target paved cannot read as Backstage would, and why. */
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** The files of the tree it reads (`glob`: a pattern, which may match any number of files). */
  | { readonly kind: 'files'; readonly path: string; readonly glob: boolean; readonly files: readonly string[] };

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const READABLE = /^[A-Za-z0-9._~/*-]*$/;

/**
 * The files of the tree (`files`, paths relative to its root) that a target
 * of the Location written in `locationFile` reads, as Backstage reads it.
 */
export function readLocationTarget(locationFile: string, target: string, files: readonly string[]): LocationTargetReading {
  if (URL_SCHEME.test(target)) return { kind: 'outside' };
  if (!READABLE.test(target)) {
    const odd = [...new Set([...target].filter((c) => !READABLE.test(c)))].map((c) => JSON.stringify(c)).join(', ');
    return {
      kind: 'unreadable',
      reason: `holds ${odd}: paved reads a target of letters, digits, ".", "_", "~", "-", "/" and the globs "*" and "**" (in a relative URL "?" and "#" start the query and the fragment, "{", "}", "%" and spaces are percent-encoded, minimatch gives "[", "!", "+", "@", "(" and ")" meanings of their own)`,
    };
  }
  if (target.startsWith('/')) {
    return { kind: 'unreadable', reason: "starts at the repository's root, which the tree does not show: a path relative to the Location's file (./…)" };
  }
  if (target.includes('//') || target.endsWith('/') || target === '') {
    return { kind: 'unreadable', reason: 'has an empty path segment: a file of the repository has none' };
  }
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(locationFile), target));
  const glob = resolved.includes('*');
  if (resolved === '..' || resolved.startsWith('../')) {
    return glob ? { kind: 'unreadable', reason: `reaches outside the tree (${resolved}), whose files paved cannot see` } : { kind: 'files', path: resolved, glob, files: [] };
  }
  if (!glob) return { kind: 'files', path: resolved, glob, files: indexOf(files).set.has(resolved) ? [resolved] : [] };
  const pattern = resolved.split('/');
  // a name is matched against a pattern segment once, however many paths and positions hold it
  const memo = new Map<string, boolean>();
  const segment = (i: number, name: string) => {
    const key = `${i}/${name}`;
    let hit = memo.get(key);
    if (hit === undefined) memo.set(key, (hit = matchesSegment(pattern[i], name)));
    return hit;
  };
  // only the files below the pattern's literal folders can match (a tree's Locations would otherwise each scan every file)
  const literal = pattern.slice(
    0,
    pattern.findIndex((p) => p.includes('*')),
  );
  const below = filesBelow(files, literal.length > 0 ? `${literal.join('/')}/` : '');
  return { kind: 'files', path: resolved, glob, files: below.filter((f) => matchesPath(pattern, f.split('/'), segment)) };
}

/** A tree's files as a set, and sorted with their positions: built once per list of files. */
interface FileIndex {
  readonly set: ReadonlySet<string>;
  readonly sorted: readonly { readonly file: string; readonly at: number }[];
}

const indexes = new WeakMap<readonly string[], FileIndex>();

function indexOf(files: readonly string[]): FileIndex {
  let index = indexes.get(files);
  if (index === undefined) {
    const sorted = files.map((file, at) => ({ file, at })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.at - b.at));
    index = { set: new Set(files), sorted };
    indexes.set(files, index);
  }
  return index;
}

/** The files whose path starts with `prefix`, in the list's order. */
function filesBelow(files: readonly string[], prefix: string): readonly string[] {
  if (prefix === '') return files;
  const { sorted } = indexOf(files);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].file < prefix) lo = mid + 1;
    else hi = mid;
  }
  const at: number[] = [];
  for (let i = lo; i < sorted.length && sorted[i].file.startsWith(prefix); i++) at.push(sorted[i].at);
  return at.sort((a, b) => a - b).map((i) => files[i]);
}

/**
 * Whether a path (its segments) matches a pattern (its segments), as
 * minimatch with its default options: a `**` segment matches any number of
 * segments, none starting with `.`; any other segment matches one segment.
 * Dynamic programming over the two lists: time linear in their product.
 */
function matchesPath(pattern: readonly string[], segments: readonly string[], segment: (i: number, name: string) => boolean): boolean {
  // reach[j]: the first i pattern segments can match the first j path segments
  let reach: boolean[] = segments.map(() => false).concat(false);
  reach[0] = true;
  for (const [i, p] of pattern.entries()) {
    const next: boolean[] = reach.map(() => false);
    if (p === '**') {
      for (let j = 0; j < reach.length; j++) {
        if (reach[j]) next[j] = true;
        else if (j > 0 && next[j - 1] && !segments[j - 1].startsWith('.')) next[j] = true;
      }
    } else {
      for (let j = 1; j < reach.length; j++) next[j] = reach[j - 1] && segment(i, segments[j - 1]);
    }
    reach = next;
  }
  return reach[segments.length];
}

/**
 * Whether one name matches one pattern segment of literals and `*` (a run of
 * stars is one): a star matches any characters, but a name that starts with
 * `.` only when the pattern does too. Greedy with backtracking to the last
 * star: time linear in the product of the lengths.
 */
function matchesSegment(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] === '*') {
      while (p < pattern.length && pattern[p] === '*') p++;
      star = p;
      resume = n;
    } else if (p < pattern.length && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (star >= 0) {
      resume++;
      n = resume;
      p = star;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
