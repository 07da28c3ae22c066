/**
 * The one secret scan: what the synth runs on every file it writes (gitops/
 * and cdktf.out/), what `paved validate` runs on every object of a tree or a
 * proposal, and what an app's plain environment variables are checked with.
 *
 * It finds secrets in plain text (`secret-shapes.ts`: tokens by their shape,
 * passwords in URLs, connection strings and settings, Authorization headers,
 * registry configs) and under encodings: base64 (standard or URL-safe, padded
 * or not, the secret at any byte offset of a larger blob, wrapped over lines),
 * hex and percent-encoding, and encodings of those up to {@link MAX_DEPTH}
 * deep. A finding says what was found and how long it is, never the value.
 *
 * Bounded on hostile input: the plain detectors run only where one expression
 * matches (a text's lines, in a file), the encoded runs are found in one pass
 * that reads about a third of the text, and what is decoded is bounded per
 * scan ({@link DecodeBudget}); a text with more encoded data than that is
 * reported, not passed.
 * @internal
 */
import { DecodeBudget, MIN_ENCODED_LENGTH, decodeRun, encodedRuns, percentDecoded } from './secret-encodings';
import { PLAIN_GATE, PLAIN_TRIGGER, type SecretHit, plainSecrets } from './secret-shapes';

export type { SecretHit } from './secret-shapes';

/** How many encodings deep a secret is looked for (base64 of hex of percent-encoding: 3). */
export const MAX_DEPTH = 3;

/** The shortest text a detector can find anything in. */
const MIN_SECRET_TEXT = 8;

/** The hit a scan reports when it ran out of budget: the text cannot be shown to hold no secret. */
function overBudget(length: number): SecretHit {
  return {
    kind: `more encoded text than paved decodes in one file or value (${DecodeBudget.MAX_RUNS} runs, ${DecodeBudget.MAX_DECODED / 1024 / 1024} Mi characters), so it cannot be shown to hold no secret`,
    length,
    encodings: [],
  };
}

function withEncodings(hit: SecretHit, encodings: readonly string[]): SecretHit {
  return encodings.length === 0 ? hit : { ...hit, encodings: [...encodings, ...hit.encodings] };
}

/** Whether a value may hold a plain secret the detectors find: a cheap test of its characters first. */
function triggers(text: string): boolean {
  return PLAIN_GATE.test(text) && PLAIN_TRIGGER.test(text);
}

/**
 * Scans a text (one value, or what a part of one decodes to) and adds what it
 * holds to `hits`: the detectors where it triggers them or holds a token's
 * run, then each run that looks encoded and each percent-escape, decoded,
 * down to {@link MAX_DEPTH}.
 */
function scanInto(text: string, depth: number, budget: DecodeBudget, hits: SecretHit[], encodings: readonly string[]): void {
  if (text.length < MIN_SECRET_TEXT) return;
  const triggered = triggers(text);
  const runs = text.length >= MIN_ENCODED_LENGTH ? encodedRuns(text) : [];
  if (triggered || runs.some((r) => r.token)) for (const hit of plainSecrets(text)) hits.push(withEncodings(hit, encodings));
  if (depth >= MAX_DEPTH) return;
  if (triggered) {
    const decoded = percentDecoded(text);
    if (decoded !== undefined && budget.take(decoded.length)) scanInto(decoded, depth + 1, budget, hits, [...encodings, 'percent-encoding']);
  }
  for (const run of runs) {
    if (run.decodable) for (const d of decodeRun(text, run, budget)) scanInto(d.text, depth + 1, budget, hits, [...encodings, d.encoding]);
  }
}

/** The hits without repeats (the same secret seen plain and again under an encoding that left it as it was): the first of each kind and length. */
function distinct<T extends SecretHit>(hits: readonly T[], key: (h: T) => string = () => ''): T[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${key(h)}\u0000${h.kind}\u0000${h.length}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const NONE: readonly SecretHit[] = Object.freeze([]);

/** Every secret one value holds (a field of an object, an environment variable's value), plain or encoded. */
export function scanValue(value: string): readonly SecretHit[] {
  // most values are short names, numbers and paths: nothing to find, and nothing allocated
  if (value.length < MIN_SECRET_TEXT || (!triggers(value) && (value.length < MIN_ENCODED_LENGTH || encodedRuns(value).length === 0))) return NONE;
  const budget = new DecodeBudget();
  const found: SecretHit[] = [];
  scanInto(value, 0, budget, found, []);
  if (budget.exceeded) found.push(overBudget(value.length));
  return found.length === 0 ? NONE : distinct(found);
}

/** A secret found in a file's text: its line (from 1) and what it is. */
export interface SecretInText extends SecretHit {
  readonly line: number;
}

/** Line numbers of positions in a text, computed on first use. */
class Lines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  /** The line (from 1) that holds position `at`. */
  public of(at: number): number {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/**
 * Every secret in a file's text (any format: YAML, JSON, Markdown, a
 * template), plain or encoded, with its line. Plain forms are looked for
 * only on the lines where one expression matches; encoded forms wherever a
 * run of an encoding's alphabet looks encoded.
 */
export function scanText(text: string): SecretInText[] {
  const budget = new DecodeBudget();
  const lines = new Lines(text);
  const found: SecretInText[] = [];
  const add = (at: number, hits: readonly SecretHit[]) => {
    if (hits.length === 0) return;
    const line = lines.of(at);
    for (const hit of hits) found.push({ line, ...hit });
  };
  // the plain detectors, on each line the expression matches (or a token's run is on)
  const read = new Set<number>();
  const readLine = (at: number) => {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    if (read.has(start)) return end;
    read.add(start);
    const hits = plainSecrets(text, start, end);
    const decoded = percentDecoded(text.slice(start, end));
    if (decoded !== undefined && budget.take(decoded.length)) scanInto(decoded, 1, budget, hits, ['percent-encoding']);
    add(start, hits);
    return end;
  };
  const trigger = new RegExp(PLAIN_TRIGGER.source, 'g');
  for (let m = trigger.exec(text); m !== null; m = trigger.exec(text)) trigger.lastIndex = readLine(m.index) + 1;
  // the runs: tokens (their lines, as above), and what looks encoded, decoded
  for (const run of encodedRuns(text)) {
    if (run.token) readLine(run.start);
    if (!run.decodable) continue;
    const hits: SecretHit[] = [];
    for (const d of decodeRun(text, run, budget)) scanInto(d.text, 1, budget, hits, [d.encoding]);
    add(run.start, hits);
  }
  if (budget.exceeded) found.push({ line: 1, ...overBudget(text.length) });
  return distinct(found, (h) => String(h.line)).sort((a, b) => a.line - b.line);
}

/** What a hit is, for a message: `a GitHub token (40 characters, encoded as base64 of hex)`. Never the value. */
export function describeSecret(hit: SecretHit): string {
  const encoded = hit.encodings.length > 0 ? `, encoded as ${hit.encodings.join(' of ')}` : '';
  return `${hit.kind} (${hit.length} characters${encoded})`;
}
