/**
 * Where a text may hold an encoded secret, and how to decode it: runs of
 * base64 (standard or URL-safe, padded or not, wrapped over lines) and hex,
 * and percent-encoding. Finding the runs is one pass over the text that reads
 * every 16th character first (see {@link encodedRuns}); what is decoded is
 * bounded by a {@link DecodeBudget}.
 * @internal
 */
import { RANDOM_ENTROPY, TOKEN_PREFIX } from './secret-shapes';

/** The shortest run decoded: 16 characters (12 bytes of base64, 8 of hex). Shorter runs hold no secret the detectors could tell from noise. */
export const MIN_ENCODED_LENGTH = 16;

/** Character classes of the base64 alphabets (both), by code unit: 1 upper case, 2 lower case, 4 digit, 8 `+/-_`; 0 elsewhere. */
const CLASS = new Uint8Array(65536);
for (let c = 65; c <= 90; c++) CLASS[c] = 1;
for (let c = 97; c <= 122; c++) CLASS[c] = 2;
for (let c = 48; c <= 57; c++) CLASS[c] = 4;
for (const c of '+/-_') CLASS[c.charCodeAt(0)] = 8;
/** Hex digits, by code unit. */
const HEX = new Uint8Array(65536);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** A run of a text that may be encoded, or that holds a token of a known shape. */
export interface EncodedRun {
  readonly start: number;
  readonly end: number;
  /** Whether it is worth decoding (it looks encoded, or is hex digits). */
  readonly decodable: boolean;
  /** Whether it is hex digits only. */
  readonly hexOnly: boolean;
  /** Whether it holds a token's fixed prefix ({@link TOKEN_PREFIX} at its start or after a `/` or `+`, or follows `SG.`) or looks generated: the detectors read the text around it. */
  readonly token: boolean;
}

const isSpace = (c: number) => c === 32 || c === 9;
const isBreak = (c: number) => c === 10 || c === 13;

/** Whether a run holds a token's fixed prefix ({@link TOKEN_PREFIX}) at its start or after a `/` or `+`, or follows `SG.`. */
function tokenAt(text: string, start: number, end: number, slashes: boolean): boolean {
  if (start >= 3 && text.startsWith('SG.', start - 3)) return true;
  for (let k = start; k < end; k++) {
    if (k === start || (slashes && (text.charCodeAt(k - 1) === 47 || text.charCodeAt(k - 1) === 43))) {
      TOKEN_PREFIX.lastIndex = k;
      if (TOKEN_PREFIX.test(text)) return true;
    }
    if (!slashes) return false;
  }
  return false;
}

/** Counts of characters, reused by {@link runEntropy} (reset after each use). */
const counts = new Uint16Array(128);

/** The Shannon entropy of a run of the alphabet, in bits per character (as `looksRandomToken` measures it). */
function runEntropy(text: string, start: number, end: number): number {
  for (let k = start; k < end; k++) counts[text.charCodeAt(k)]++;
  let bits = 0;
  const n = end - start;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (counts[c] === 0) continue;
    const p = counts[c] / n;
    bits -= p * Math.log2(p);
    counts[c] = 0;
  }
  return bits;
}

/** The end of the run of the alphabet that starts at `start`. */
function runEnd(text: string, start: number): number {
  let e = start;
  while (e < text.length && CLASS[text.charCodeAt(e)] !== 0) e++;
  return e;
}

/**
 * Extends a run over the lines that continue it: base64 wrapped over lines
 * (PEM, `base64 -w 76`, a YAML block) is one value. A following line continues
 * the run when it holds nothing but one run of the alphabet (and indentation).
 */
function wrappedEnd(text: string, end: number): number {
  let e = end;
  for (;;) {
    let q = e;
    if (q >= text.length || !isBreak(text.charCodeAt(q))) return e;
    while (q < text.length && isBreak(text.charCodeAt(q))) q++;
    while (q < text.length && isSpace(text.charCodeAt(q))) q++;
    const next = runEnd(text, q);
    if (next === q) return e;
    // the line must end with the run (padding aside)
    let after = next;
    while (after < text.length && text.charCodeAt(after) === 61) after++;
    if (after < text.length && !isBreak(text.charCodeAt(after))) return e;
    e = next;
    if (after > next) return e;
  }
}

/**
 * The runs of a text that may be encoded: 16 or more characters of the base64
 * alphabets (wrapped lines joined) that look encoded, and runs of hex digits;
 * and the runs that hold a token's fixed prefix or look generated.
 *
 * One pass that reads every 16th character first: a run of 16 or more
 * characters holds a position that is a multiple of 16, and a run is followed
 * to its ends only when a character 8 before or after that position is in
 * the alphabet too.
 */
export function encodedRuns(text: string): readonly EncodedRun[] {
  let runs: EncodedRun[] | undefined;
  const len = text.length;
  const L = MIN_ENCODED_LENGTH;
  const H = L / 2;
  let lastEnd = 0;
  let p = L - 1;
  while (p < len) {
    if (CLASS[text.charCodeAt(p)] === 0) {
      p += L;
      continue;
    }
    // a run of L or more through p reaches p - H or p + H
    if ((p < H || CLASS[text.charCodeAt(p - H)] === 0) && (p + H >= len || CLASS[text.charCodeAt(p + H)] === 0)) {
      p += L;
      continue;
    }
    let s = p;
    while (s > lastEnd && CLASS[text.charCodeAt(s - 1)] !== 0) s--;
    let e = runEnd(text, p + 1);
    if (e - s >= L) {
      // what the run is made of, in one pass
      let upper = 0;
      let lower = 0;
      let digits = 0;
      let nonHex = 0;
      let slashes = 0;
      for (let k = s; k < e; k++) {
        const c = text.charCodeAt(k);
        const b = CLASS[c];
        if (b === 1) upper++;
        else if (b === 2) lower++;
        else if (b === 4) digits++;
        else if (c === 47 || c === 43) slashes++;
        nonHex += 1 - HEX[c];
      }
      const n = e - s;
      const symbols = n - upper - lower - digits;
      const hexOnly = nonHex === 0;
      // base64 of text has about half upper case and digits and almost no `+/-_`; camelCase names, paths and hyphenated names do not
      const decodable = hexOnly || (lower > 0 && upper + digits > 0 && (upper + digits) * 5 >= n && symbols * 16 <= n);
      // every token shape has upper case or digits in plenty
      const token =
        (upper + digits) * 8 >= n && (tokenAt(text, s, e, slashes > 0) || (n >= 32 && upper > 0 && lower > 0 && digits > 0 && symbols * 8 <= n && runEntropy(text, s, e) >= RANDOM_ENTROPY));
      if (decodable) {
        const wrapped = wrappedEnd(text, e);
        (runs ??= []).push({ start: s, end: wrapped, decodable: true, hexOnly: hexOnly && wrapped === e, token });
        e = wrapped;
      } else if (token) {
        (runs ??= []).push({ start: s, end: e, decodable: false, hexOnly: false, token });
      }
    }
    lastEnd = e;
    p = e + L;
  }
  return runs ?? NO_RUNS;
}
const NO_RUNS: readonly EncodedRun[] = Object.freeze([]);

/** How much decoding one scan may do: a hostile file cannot make it slow. */
export class DecodeBudget {
  /** Characters a scan decodes at most (over every depth and alignment), 8 Mi. */
  public static readonly MAX_DECODED = 8 * 1024 * 1024;
  /** Runs a scan decodes at most (over every depth): a file of 16,384 digests, or a megabyte of encoded runs. */
  public static readonly MAX_RUNS = 16_384;

  private decoded = 0;
  private runs = 0;
  /** Whether the scan stopped decoding because the budget ran out. */
  public exceeded = false;

  /** Takes the budget for decoding `chars` characters once; false (and exceeded) when there is not enough left. */
  public take(chars: number): boolean {
    if (this.exceeded || this.runs + 1 > DecodeBudget.MAX_RUNS || this.decoded + chars > DecodeBudget.MAX_DECODED) {
      this.exceeded = true;
      return false;
    }
    this.runs++;
    this.decoded += chars;
    return true;
  }
}

/** One way to read a run: the encoding's name and the bytes it gives, as a latin1 string (one character per byte). */
export interface Decoded {
  readonly encoding: string;
  readonly text: string;
}

/**
 * The readings of a run: as base64 at each of its four alignments (a run can
 * start inside a larger blob, or after a few characters glued to it), and,
 * when it is hex digits only, as hex at both alignments. Nothing when the
 * budget is spent.
 */
export function decodeRun(text: string, run: EncodedRun, budget: DecodeBudget): Decoded[] {
  const source = text.slice(run.start, run.end);
  if (!budget.take(source.length * (run.hexOnly ? 6 : 4))) return [];
  const out: Decoded[] = [];
  for (let k = 0; k < 4; k++) out.push({ encoding: 'base64', text: Buffer.from(k === 0 ? source : source.slice(k), 'base64').toString('latin1') });
  if (run.hexOnly) for (let k = 0; k < 2; k++) out.push({ encoding: 'hex', text: Buffer.from(k === 0 ? source : source.slice(k), 'hex').toString('latin1') });
  return out;
}

/** A text with its percent-escapes decoded (one character per byte), or undefined when it has none. */
export function percentDecoded(text: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return undefined;
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
