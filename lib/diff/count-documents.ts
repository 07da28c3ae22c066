/**
 * Counting the objects of a file without parsing it: a diff does not parse the
 * files that are the same on both sides, but counts their objects.
 */

/** A line that starts or ends a document, and what follows the marker on it. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r]|$)(.*)$/gm;
/** A document's first line that is neither blank nor a comment. */
const CONTENT = /^(?![ \t]*(?:#.*)?\r?$).*$/gm;
/** A plain `key:` at the margin. */
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*:(?:\s|$)/;

const NEWLINE_DASHES = Buffer.from('\n---');
const NEWLINE_DOTS = Buffer.from('\n...');

/** `countMappingDocuments` of a file's bytes; a file with one document is looked at without decoding it. */
export function countMappingDocumentsIn(bytes: Buffer): number | undefined {
  const markerAtStart = bytes.length >= 3 && ((bytes[0] === 45 && bytes[1] === 45 && bytes[2] === 45) || (bytes[0] === 46 && bytes[1] === 46 && bytes[2] === 46));
  if (markerAtStart || bytes.includes(NEWLINE_DASHES) || bytes.includes(NEWLINE_DOTS)) return countMappingDocuments(bytes.toString('latin1'));
  // one document: its first line that is neither blank nor a comment
  let at = 0;
  while (at < bytes.length) {
    let end = bytes.indexOf(10, at);
    if (end < 0) end = bytes.length;
    let first = at;
    while (first < end && (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 13)) first++;
    if (first < end && bytes[first] !== 35) return PLAIN_KEY.test(bytes.toString('latin1', at, Math.min(end + 1, bytes.length))) ? 1 : undefined;
    at = end + 1;
  }
  return 0;
}

/**
 * How many objects a file holds, without parsing it, when its documents are
 * plainly mappings (each starts, after blank lines and comments, with a
 * `key:` line at the margin); undefined when that is not plain.
 */
export function countMappingDocuments(text: string): number | undefined {
  let count = 0;
  let start = 0;
  const documentAt = (from: number, to: number): boolean => {
    CONTENT.lastIndex = from;
    const line = CONTENT.exec(text);
    if (!line || line.index >= to) return true; // empty: no object
    if (!PLAIN_KEY.test(line[0])) return false;
    count++;
    return true;
  };
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (!/^\s*(?:#.*)?$/.test(m[1])) return undefined; // content after a marker
    if (!documentAt(start, m.index)) return undefined;
    start = m.index + m[0].length;
  }
  return documentAt(start, text.length) ? count : undefined;
}
