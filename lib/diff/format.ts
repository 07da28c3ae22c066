/**
 * A diff for people in a terminal or a CI log, and for machines (JSON); the
 * Markdown of a pull request comment is format-markdown.ts. Every value the
 * trees hold (names, paths, images, fields) is escaped for the terminal: no
 * control character or escape sequence is printed raw, and none can start a
 * line of its own.
 */
import { terminalPhrase, terminalValue } from '../private/escape';
import { describeChange } from './field-changes';
import { scopePhrase } from './scope';
import { formatRevisions } from './revisions';
import { moveLine } from './release-moves';
import type { DiffObject, FieldChange, FileChange, ReleaseMove, ReviewItem, TreeDiff } from './types';

/** Whether a diff has any change: an object added, removed or changed, or another file. */
export function hasChanges(diff: TreeDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.files.length > 0;
}

export const count = (files: readonly FileChange[], change: FileChange['change']) => files.filter((f) => f.change === change).length;

/** `1 added, 0 removed, 2 changed (228 → 229 objects); files: 0 added, 0 removed, 1 changed`. */
export function summaryLine(diff: TreeDiff): string {
  const files = diff.files.length ? `; files: ${count(diff.files, 'added')} added, ${count(diff.files, 'removed')} removed, ${count(diff.files, 'changed')} changed` : '';
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed (${diff.baseObjects} → ${diff.headObjects} objects)${files}`;
}

const t = terminalValue;
/** A changed field's line: its path and values escaped (a key may hold anything). */
const changeLine = (c: Parameters<typeof describeChange>[0]) => t(describeChange(c), 4096);
const inEnv = (e: { readonly environment?: string }) => (e.environment !== undefined ? `[${t(e.environment)}] ` : '');
const FILE_MARK = { added: '+', removed: '-', changed: '~' } as const;

function fileNote(f: FileChange): string {
  return f.lines ? `  (+${f.lines.added} -${f.lines.removed} lines)` : '';
}

/** Formats a diff for a terminal: every entry names its environment (with one cluster per top-level folder) and its file. */
export function formatDiffText(diff: TreeDiff): string {
  const lines = [summaryLine(diff)];
  if (diff.scope) lines.push(`scope: ${terminalPhrase(scopePhrase(diff.scope))}`);
  if (diff.revisions) lines.push(formatRevisions(diff.revisions, 'text'));
  if (diff.releases?.length) lines.push('', 'RELEASES', ...diff.releases.map((m) => `  > [${t(m.environment)}] ${t(moveLine(m))}`));
  if (diff.needsReview.length) {
    lines.push('', 'NEEDS REVIEW');
    for (const r of diff.needsReview) lines.push(`  ! ${inEnv(r)}${t(r.label)}: ${terminalPhrase(r.said)}  (${t(r.file)})`);
  }
  const list = (mark: string, objects: readonly DiffObject[]) => objects.map((o) => `  ${mark} ${inEnv(o)}${t(o.label)}  (${t(o.file)})`);
  if (diff.added.length) lines.push('', 'ADDED', ...list('+', diff.added));
  if (diff.removed.length) lines.push('', 'REMOVED', ...list('-', diff.removed));
  if (diff.changed.length) {
    lines.push('', 'CHANGED');
    for (const c of diff.changed) {
      lines.push(`  ~ ${inEnv(c.after)}${t(c.after.label)}  (${t(c.after.file)})`);
      for (const f of c.changes) lines.push(`      ${changeLine(f)}`);
    }
  }
  if (diff.files.length) {
    lines.push('', 'FILES');
    for (const f of diff.files) {
      lines.push(`  ${FILE_MARK[f.change]} ${t(f.file)}${fileNote(f)}`);
      for (const c of f.changes ?? []) lines.push(`      ${changeLine(c)}`);
    }
  }
  return lines.join('\n');
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
  /** The two sides compared, in words (the base's merge base and the head's revision). */
  readonly revisions?: { readonly base: string; readonly head: string };
  /** The builds the change moves, per app and environment, each with its line. */
  readonly releases?: readonly (ReleaseMove & { readonly line: string })[];
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
    ...(diff.releases ? { releases: diff.releases.map((m) => ({ ...m, line: moveLine(m) })) } : {}),
    needsReview: diff.needsReview.map((r: ReviewItem) => ({ ...env(r), object: r.label, file: r.file, reason: r.reason })),
    added: diff.added.map(entry),
    removed: diff.removed.map(entry),
    changed: diff.changed.map((c) => ({ ...entry(c.after), changes: c.changes })),
    files: diff.files,
  };
}
