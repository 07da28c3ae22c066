/**
 * A diff for people (a terminal, a pull request comment of a bounded size) and
 * for machines (JSON).
 */
import { compareStrings } from '../private/compare';
import { describeChange } from './field-changes';
import { describeScope } from './scope';
import { formatRevisions } from './revisions';
import type { DiffObject, FieldChange, FileChange, ReviewItem, TreeDiff } from './types';

/** Whether a diff has any change: an object added, removed or changed, or another file. */
export function hasChanges(diff: TreeDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.files.length > 0;
}

const count = (files: readonly FileChange[], change: FileChange['change']) => files.filter((f) => f.change === change).length;

/** `1 added, 0 removed, 2 changed (228 → 229 objects); files: 0 added, 0 removed, 1 changed`. */
function summaryLine(diff: TreeDiff): string {
  const files = diff.files.length ? `; files: ${count(diff.files, 'added')} added, ${count(diff.files, 'removed')} removed, ${count(diff.files, 'changed')} changed` : '';
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed (${diff.baseObjects} → ${diff.headObjects} objects)${files}`;
}

const inEnv = (e: { readonly environment?: string }) => (e.environment !== undefined ? `[${e.environment}] ` : '');
const FILE_MARK = { added: '+', removed: '-', changed: '~' } as const;

function fileNote(f: FileChange): string {
  return f.lines ? `  (+${f.lines.added} -${f.lines.removed} lines)` : '';
}

/** Formats a diff for a terminal: every entry names its environment (with one cluster per top-level folder) and its file. */
export function formatDiffText(diff: TreeDiff): string {
  const lines = [summaryLine(diff)];
  if (diff.scope) lines.push(`scope: ${describeScope(diff.scope)}`);
  if (diff.revisions) lines.push(formatRevisions(diff.revisions, 'text'));
  if (diff.needsReview.length) {
    lines.push('', 'NEEDS REVIEW');
    for (const r of diff.needsReview) lines.push(`  ! ${inEnv(r)}${r.label}: ${r.reason}  (${r.file})`);
  }
  const list = (mark: string, objects: readonly DiffObject[]) => objects.map((o) => `  ${mark} ${inEnv(o)}${o.label}  (${o.file})`);
  if (diff.added.length) lines.push('', 'ADDED', ...list('+', diff.added));
  if (diff.removed.length) lines.push('', 'REMOVED', ...list('-', diff.removed));
  if (diff.changed.length) {
    lines.push('', 'CHANGED');
    for (const c of diff.changed) {
      lines.push(`  ~ ${inEnv(c.after)}${c.after.label}  (${c.after.file})`);
      for (const f of c.changes) lines.push(`      ${describeChange(f)}`);
    }
  }
  if (diff.files.length) {
    lines.push('', 'FILES');
    for (const f of diff.files) {
      lines.push(`  ${FILE_MARK[f.change]} ${f.file}${fileNote(f)}`);
      for (const c of f.changes ?? []) lines.push(`      ${describeChange(c)}`);
    }
  }
  return lines.join('\n');
}

/** Inline code that holds any text: a fence longer than its longest run of backticks. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mdEnv = (e: { readonly environment?: string }) => (e.environment !== undefined ? `**${e.environment}** · ` : '');

/** A fenced block of a change's lines. */
function block(changes: readonly FieldChange[]): string[] {
  const lines = changes.map(describeChange);
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...lines, fence];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The entries of each section of the Markdown, each one block of lines. */
function markdownSections(diff: TreeDiff): { title: string; entries: string[] }[] {
  const item = (o: DiffObject) => `- ${mdEnv(o)}${code(o.label)} (${code(o.file)})`;
  const details = (summary: string, changes: readonly FieldChange[]) => [`<details><summary>${summary}</summary>`, '', ...block(changes), '</details>'].join('\n');
  return [
    { title: 'Added', entries: diff.added.map(item) },
    { title: 'Removed', entries: diff.removed.map(item) },
    {
      title: 'Changed',
      entries: diff.changed.map((c) => {
        const env = c.after.environment !== undefined ? `<b>${html(c.after.environment)}</b> · ` : '';
        return details(`${env}<code>${html(c.after.label)}</code> (<code>${html(c.after.file)}</code>, ${plural(c.changes.length, 'field')})`, c.changes);
      }),
    },
    {
      title: 'Files',
      entries: diff.files.map((f) =>
        f.changes?.length
          ? details(`${f.change} <code>${html(f.file)}</code> (${plural(f.changes.length, 'field')})`, f.changes)
          : `- ${f.change} ${code(f.file)}${f.lines ? ` (+${f.lines.added} −${f.lines.removed} lines)` : ''}`,
      ),
    },
  ].filter((s) => s.entries.length > 0);
}

/** `60,000`, the same under any locale. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Counts per kind (and other files) per environment: the part of a capped comment that stands for what it leaves out. */
function countsTable(diff: TreeDiff): string[] {
  const cells = new Map<string, Map<string, { added: number; removed: number; changed: number }>>();
  const add = (row: string, env: string | undefined, change: 'added' | 'removed' | 'changed') => {
    const perEnv = cells.get(row) ?? new Map<string, { added: number; removed: number; changed: number }>();
    cells.set(row, perEnv);
    const cell = perEnv.get(env ?? '') ?? { added: 0, removed: 0, changed: 0 };
    perEnv.set(env ?? '', cell);
    cell[change]++;
  };
  for (const o of diff.added) add(String(o.object.kind), o.environment, 'added');
  for (const o of diff.removed) add(String(o.object.kind), o.environment, 'removed');
  for (const c of diff.changed) add(String(c.after.object.kind), c.after.environment, 'changed');
  const kinds = [...cells.keys()].sort(compareStrings);
  for (const f of diff.files) add('other files', f.environment, f.change);
  const rows = [...kinds, ...(diff.files.length ? ['other files'] : [])];
  const envs = [...new Set([...cells.values()].flatMap((m) => [...m.keys()]))].sort(compareStrings);
  const named = envs.some((e) => e !== '');
  const header = envs.map((e) => (e === '' ? (named ? '(root)' : 'count') : e));
  const show = (c: { added: number; removed: number; changed: number } | undefined) =>
    c ? [c.added ? `+${c.added}` : '', c.removed ? `−${c.removed}` : '', c.changed ? `~${c.changed}` : ''].filter(Boolean).join(' ') : '';
  return [
    '#### Summary',
    '',
    `| kind | ${header.join(' | ')} |`,
    `|---|${envs.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r} | ${envs.map((e) => show(cells.get(r)?.get(e))).join(' | ')} |`),
  ];
}

/** Options of {@link formatDiffMarkdown}. */
export interface MarkdownOptions {
  /**
   * The most characters the Markdown holds (GitHub refuses a comment over
   * 65,536). A longer diff keeps "needs review" complete (even if that alone
   * is longer), then counts per kind and environment, then as many entries as
   * fit, and says how many it left out.
   * @default 60000
   */
  readonly maxChars?: number;
}

/** The size {@link formatDiffMarkdown} keeps to unless told otherwise. */
export const DEFAULT_MARKDOWN_MAX_CHARS = 60000;

/**
 * Formats a diff as Markdown for a pull request comment, within
 * `options.maxChars` (60,000 by default): "needs review" always complete, the
 * rest summarized when it does not all fit.
 */
export function formatDiffMarkdown(diff: TreeDiff, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? DEFAULT_MARKDOWN_MAX_CHARS;
  const head = [`### paved diff: ${summaryLine(diff)}`];
  if (diff.scope) head.push('', `_Scope: ${describeScope(diff.scope)}._`);
  if (diff.revisions) head.push('', formatRevisions(diff.revisions, 'markdown'));
  if (!hasChanges(diff)) return [...head, '', 'No change to the GitOps tree.'].join('\n');
  if (diff.needsReview.length) {
    head.push('', `#### :warning: Needs review (${diff.needsReview.length})`, '');
    for (const r of diff.needsReview) head.push(`- ${mdEnv(r)}**${r.label}**: ${r.reason} (${code(r.file)})`);
  }
  const sections = markdownSections(diff);
  const render = (shown: readonly number[], extra: readonly string[]) => {
    const lines = [...head, ...(extra.length ? ['', ...extra] : [])];
    sections.forEach((s, i) => {
      if (shown[i] === 0) return;
      const title = shown[i] < s.entries.length ? `${s.title} (${shown[i]} of ${s.entries.length})` : s.title;
      lines.push('', `#### ${title}`, '', ...s.entries.slice(0, shown[i]));
    });
    return lines.join('\n');
  };
  const full = render(
    sections.map((s) => s.entries.length),
    [],
  );
  if (full.length <= max) return full;

  const total = sections.reduce((n, s) => n + s.entries.length, 0);
  const footer = (left: number) =>
    `\n\n_${thousands(left)} of ${thousands(total)} entries are left out to keep this comment under ${thousands(max)} characters: run \`npx paved diff\` to see them all._`;
  const table = countsTable(diff);
  const shown = sections.map(() => 0);
  // what is always there, with every section's title at its longest
  const fixed = render(shown, table).length + footer(total).length + sections.reduce((n, s) => n + `\n\n#### ${s.title} (${s.entries.length} of ${s.entries.length})\n\n`.length, 0);
  let budget = max - fixed;
  // each section its share first, then what is left in order
  const share = Math.floor(budget / sections.length);
  for (const pass of [0, 1]) {
    sections.forEach((s, i) => {
      let allowed = pass === 0 ? share : budget;
      while (shown[i] < s.entries.length && s.entries[shown[i]].length + 1 <= Math.min(allowed, budget)) {
        allowed -= s.entries[shown[i]].length + 1;
        budget -= s.entries[shown[i]].length + 1;
        shown[i]++;
      }
    });
  }
  let out = render(shown, table);
  const left = () => total - shown.reduce((n, k) => n + k, 0);
  // never over (a safety net: the sums above are exact or over-estimate)
  while ((out + footer(left())).length > max && shown.some((k) => k > 0)) {
    const last = shown
      .map((k, i) => (k > 0 ? i : -1))
      .filter((i) => i >= 0)
      .pop() as number;
    shown[last]--;
    out = render(shown, table);
  }
  const end = footer(left());
  // "needs review" alone is over the limit: say so rather than claim the limit is kept
  return (out + end).length <= max
    ? out + end
    : `${out}\n\n_${thousands(left())} of ${thousands(total)} entries are left out ("needs review" alone is over ${thousands(max)} characters): run \`npx paved diff\` to see them all._`;
}

/** A diff as plain data, for machines. */
export interface DiffJson {
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
    readonly baseObjects: number;
    readonly headObjects: number;
    readonly files: { readonly added: number; readonly removed: number; readonly changed: number };
  };
  readonly scope?: { readonly teams: readonly string[] };
  readonly revisions?: { readonly base: string; readonly head: string };
  readonly needsReview: readonly { readonly environment?: string; readonly object: string; readonly file: string; readonly reason: string }[];
  readonly added: readonly { readonly environment?: string; readonly object: string; readonly file: string }[];
  readonly removed: readonly { readonly environment?: string; readonly object: string; readonly file: string }[];
  readonly changed: readonly { readonly environment?: string; readonly object: string; readonly file: string; readonly changes: readonly FieldChange[] }[];
  readonly files: readonly FileChange[];
}

/** The diff as plain data, for machines: every entry with its environment (with one cluster per top-level folder) and its file. */
export function diffToJson(diff: TreeDiff): DiffJson {
  const env = (e: { readonly environment?: string }) => (e.environment !== undefined ? { environment: e.environment } : {});
  const entry = (o: DiffObject) => ({ ...env(o), object: o.label, file: o.file });
  return {
    summary: {
      added: diff.added.length,
      removed: diff.removed.length,
      changed: diff.changed.length,
      baseObjects: diff.baseObjects,
      headObjects: diff.headObjects,
      files: { added: count(diff.files, 'added'), removed: count(diff.files, 'removed'), changed: count(diff.files, 'changed') },
    },
    ...(diff.scope ? { scope: { teams: [...diff.scope.teams] } } : {}),
    ...(diff.revisions ? { revisions: { ...diff.revisions } } : {}),
    needsReview: diff.needsReview.map((r: ReviewItem) => ({ ...env(r), object: r.label, file: r.file, reason: r.reason })),
    added: diff.added.map(entry),
    removed: diff.removed.map(entry),
    changed: diff.changed.map((c) => ({ ...entry(c.after), changes: c.changes })),
    files: diff.files,
  };
}
