/**
 * A diff as the Markdown of a pull request comment, within the forge's size
 * limit by design: "needs review" first and never cut; the rest listed while
 * it fits, else summarized (counts per kind and environment) with a link to
 * the full diff; a comment whose "needs review" alone does not fit is not
 * written at all (fail closed: {@link CommentTooLargeError}).
 *
 * Every value the trees hold is escaped (lib/private/escape.ts): a name, a
 * path or an image is a code span or HTML text, so none can open an HTML
 * comment, a heading, a link, emphasis or a table cell.
 */
import { compareStrings } from '../private/compare';
import { bounded, htmlText, markdownCode, markdownName, markdownPhrase, terminalValue } from '../private/escape';
import { describeChange } from './field-changes';
import { hasChanges, summaryLine } from './format';
import { scopePhrase } from './scope';
import type { DiffObject, FieldChange, TreeDiff } from './types';
import { formatRevisions } from './revisions';
import { moveLine } from './release-moves';

/** Options of {@link formatDiffMarkdown}. */
export interface MarkdownOptions {
  /**
   * The most characters the Markdown holds (GitHub refuses a comment over
   * 65,536). A longer diff keeps "needs review" complete, then counts per
   * kind and environment, then as many entries as fit, and says how many it
   * left out; when "needs review" alone is longer, {@link CommentTooLargeError}.
   * @default 60000
   */
  readonly maxChars?: number;
  /**
   * Where the full diff is (a CI artifact's `https://` URL): linked from the
   * comment, and named where entries are left out.
   * @default - the comment says to run `npx paved diff`
   */
  readonly fullDiffUrl?: string;
}

/** The size {@link formatDiffMarkdown} keeps to unless told otherwise. */
export const DEFAULT_MARKDOWN_MAX_CHARS = 60000;

/** A comment whose "needs review" alone is over the size limit: it is not written, and the command fails. */
export class CommentTooLargeError extends Error {
  constructor(
    /** The characters "needs review" (with the comment's heading and summary) needs. */
    public readonly needed: number,
    /** The limit. */
    public readonly maxChars: number,
    /** The items under "needs review". */
    public readonly items: number,
  ) {
    super(
      `the comment's "needs review" alone (${items} items, with its heading and the summary) needs ${thousands(needed)} characters, over the limit of ${thousands(maxChars)}: it is not written, since a comment that cut it would hide what must be reviewed; read the full diff (paved diff --format text or json), or split the change`,
    );
    this.name = 'CommentTooLargeError';
  }
}

/** A URL a comment may link to: `http(s)://` only, without whitespace or control characters, as the URL parser writes it (no `<`, `>` or quote left raw). */
export function linkableUrl(url: string): string | undefined {
  // the URL parser drops line breaks and tabs: a URL that holds any whitespace or control character is refused, not mended
  if (/[\s\p{Cc}\p{Cf}]/u.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    const href = parsed.href;
    return /^[\x21-\x7e]+$/.test(href) && !/[<>"`]/.test(href) ? href : undefined;
  } catch {
    return undefined;
  }
}

/** `60,000`, the same under any locale. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const env = (e: { readonly environment?: string }) => (e.environment !== undefined ? `**${markdownName(e.environment)}** · ` : '');
const htmlEnv = (e: { readonly environment?: string }) => (e.environment !== undefined ? `<b>${htmlText(bounded(e.environment))}</b> · ` : '');
const htmlCode = (v: string) => `<code>${htmlText(bounded(v))}</code>`;

/** A fenced block of a change's lines (escaped: a key may hold a line break), with a fence no line can close. */
function block(changes: readonly FieldChange[]): string[] {
  const lines = changes.map((c) => terminalValue(describeChange(c), 4096));
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...lines, fence];
}

/** The entries of each section, each one block of lines. */
function sections(diff: TreeDiff): { title: string; entries: string[] }[] {
  const item = (o: DiffObject) => `- ${env(o)}${markdownCode(o.label)} (${markdownCode(o.file)})`;
  // an HTML block ends at a blank line: its summary is one line of HTML text, the change a fenced block after it
  const details = (summary: string, changes: readonly FieldChange[]) => [`<details><summary>${summary}</summary>`, '', ...block(changes), '</details>'].join('\n');
  return [
    { title: 'Added', entries: diff.added.map(item) },
    { title: 'Removed', entries: diff.removed.map(item) },
    {
      title: 'Changed',
      entries: diff.changed.map((c) => details(`${htmlEnv(c.after)}${htmlCode(c.after.label)} (${htmlCode(c.after.file)}, ${plural(c.changes.length, 'field')})`, c.changes)),
    },
    {
      title: 'Files',
      entries: diff.files.map((f) =>
        f.changes?.length
          ? details(`${f.change} ${htmlCode(f.file)} (${plural(f.changes.length, 'field')})`, f.changes)
          : `- ${f.change} ${markdownCode(f.file)}${f.lines ? ` (+${f.lines.added} −${f.lines.removed} lines)` : ''}`,
      ),
    },
  ].filter((s) => s.entries.length > 0);
}

type Cell = { added: number; removed: number; changed: number };

/** Counts per kind (and other files) per environment, within `budget` characters: the kinds that do not fit are one row. */
function countsTable(diff: TreeDiff, budget: number): string[] {
  const cells = new Map<string, Map<string, Cell>>();
  const add = (row: string, environment: string | undefined, change: keyof Cell) => {
    const perEnv = cells.get(row) ?? new Map<string, Cell>();
    cells.set(row, perEnv);
    const cell = perEnv.get(environment ?? '') ?? { added: 0, removed: 0, changed: 0 };
    perEnv.set(environment ?? '', cell);
    cell[change]++;
  };
  for (const o of diff.added) add(String(o.object.kind), o.environment, 'added');
  for (const o of diff.removed) add(String(o.object.kind), o.environment, 'removed');
  for (const c of diff.changed) add(String(c.after.object.kind), c.after.environment, 'changed');
  const kinds = [...cells.keys()].sort(compareStrings);
  const files = new Map<string, Cell>();
  for (const f of diff.files) {
    const cell = files.get(f.environment ?? '') ?? { added: 0, removed: 0, changed: 0 };
    files.set(f.environment ?? '', cell);
    cell[f.change]++;
  }
  const envs = [...new Set([...[...cells.values()].flatMap((m) => [...m.keys()]), ...files.keys()])].sort(compareStrings);
  const named = envs.some((e) => e !== '');
  const header = envs.map((e) => (e === '' ? (named ? '(root)' : 'count') : markdownName(e, { inTable: true })));
  const show = (c: Cell | undefined) => (c ? [c.added ? `+${c.added}` : '', c.removed ? `−${c.removed}` : '', c.changed ? `~${c.changed}` : ''].filter(Boolean).join(' ') : '');
  const row = (name: string, perEnv: Map<string, Cell> | undefined) => `| ${name} | ${envs.map((e) => show(perEnv?.get(e))).join(' | ')} |`;
  const lines = ['#### Summary', '', `| kind | ${header.join(' | ')} |`, `|---|${envs.map(() => '---').join('|')}|`];
  const tail = [...(files.size ? [row('other files', files)] : [])];
  let used = [...lines, ...tail].join('\n').length;
  const shown: string[] = [];
  const rest = new Map<string, Cell>();
  kinds.forEach((k, i) => {
    const line = row(markdownName(k, { inTable: true }), cells.get(k));
    // room for this row, and for the row that stands for the kinds left out
    if (shown.length === i && used + line.length + 80 + envs.length * 20 <= budget) {
      shown.push(line);
      used += line.length + 1;
      return;
    }
    for (const [e, c] of cells.get(k) ?? []) {
      const sum = rest.get(e) ?? { added: 0, removed: 0, changed: 0 };
      rest.set(e, { added: sum.added + c.added, removed: sum.removed + c.removed, changed: sum.changed + c.changed });
    }
  });
  const others = kinds.length - shown.length;
  return [...lines, ...shown, ...(others ? [row(`${plural(others, 'other kind')}`, rest)] : []), ...tail];
}

/** The comment's heading, scope, link and "needs review": what is always there, whole. */
function head(diff: TreeDiff, link: string | undefined): string[] {
  const out = [`### paved diff: ${summaryLine(diff)}`];
  if (diff.scope) out.push('', `_Scope: ${markdownPhrase(scopePhrase(diff.scope))}._`);
  if (diff.revisions) out.push('', formatRevisions(diff.revisions, 'markdown'));
  if (link) out.push('', `[The full diff](<${link}>) (every entry, as CI wrote it).`);
  // the builds the change moves: one line per app and environment, never cut
  if (diff.releases?.length) out.push('', `#### Releases (${diff.releases.length})`, '', ...diff.releases.map((m) => `- ${markdownCode(`[${m.environment}] ${moveLine(m)}`)}`));
  if (diff.needsReview.length) {
    out.push('', `#### :warning: Needs review (${diff.needsReview.length})`, '');
    for (const r of diff.needsReview) out.push(`- ${env(r)}${markdownCode(r.label)}: ${markdownPhrase(r.said)} (${markdownCode(r.file)})`);
  }
  return out;
}

/**
 * Formats a diff as Markdown for a pull request comment, within
 * `options.maxChars` (60,000 by default): "needs review" always complete, the
 * rest summarized when it does not all fit. Throws {@link CommentTooLargeError}
 * when "needs review" alone does not fit, and an Error for a `fullDiffUrl`
 * that is not an `http(s)://` URL.
 */
export function formatDiffMarkdown(diff: TreeDiff, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? DEFAULT_MARKDOWN_MAX_CHARS;
  const link = options.fullDiffUrl === undefined ? undefined : linkableUrl(options.fullDiffUrl);
  if (options.fullDiffUrl !== undefined && link === undefined) throw new Error(`fullDiffUrl = ${JSON.stringify(options.fullDiffUrl)} is not allowed: an http:// or https:// URL`);
  const top = head(diff, link);
  if (!hasChanges(diff)) return [...top, '', 'No change to the GitOps tree.'].join('\n');
  const all = sections(diff);
  const render = (shown: readonly number[], extra: readonly string[]) => {
    const lines = [...top, ...(extra.length ? ['', ...extra] : [])];
    all.forEach((s, i) => {
      if (shown[i] === 0) return;
      const title = shown[i] < s.entries.length ? `${s.title} (${shown[i]} of ${s.entries.length})` : s.title;
      lines.push('', `#### ${title}`, '', ...s.entries.slice(0, shown[i]));
    });
    return lines.join('\n');
  };
  const full = render(
    all.map((s) => s.entries.length),
    [],
  );
  if (full.length <= max) return full;

  const total = all.reduce((n, s) => n + s.entries.length, 0);
  const where = link ? `[the full diff](<${link}>) has them all` : 'run `npx paved diff` to see them all';
  const footer = (left: number) => `\n\n_${thousands(left)} of ${thousands(total)} entries are left out to keep this comment under ${thousands(max)} characters: ${where}._`;
  const needed = top.join('\n').length + footer(total).length;
  if (needed > max) throw new CommentTooLargeError(needed, max, diff.needsReview.length);
  const table = countsTable(diff, max - needed - 2);
  const shown = all.map(() => 0);
  // what is always there, with every section's title at its longest
  const fixed = render(shown, table).length + footer(total).length + all.reduce((n, s) => n + `\n\n#### ${s.title} (${s.entries.length} of ${s.entries.length})\n\n`.length, 0);
  let budget = max - fixed;
  // each section its share first, then what is left in order
  const share = Math.floor(budget / all.length);
  for (const pass of [0, 1]) {
    all.forEach((s, i) => {
      let allowed = pass === 0 ? share : budget;
      while (shown[i] < s.entries.length && s.entries[shown[i]].length + 1 <= Math.min(allowed, budget)) {
        allowed -= s.entries[shown[i]].length + 1;
        budget -= s.entries[shown[i]].length + 1;
        shown[i]++;
      }
    });
  }
  const left = () => total - shown.reduce((n, k) => n + k, 0);
  let out = render(shown, table) + footer(left());
  // never over (a safety net: the sums above are exact or over-estimate)
  while (out.length > max && shown.some((k) => k > 0)) {
    shown[
      shown
        .map((k, i) => (k > 0 ? i : -1))
        .filter((i) => i >= 0)
        .pop() ?? 0
    ]--;
    out = render(shown, table) + footer(left());
  }
  if (out.length > max) throw new CommentTooLargeError(out.length, max, diff.needsReview.length);
  return out;
}
