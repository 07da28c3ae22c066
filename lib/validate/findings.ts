import { compareStrings } from '../private/compare';
import { terminalValue } from '../private/escape';

/** One Kubernetes object read from a file (or built in memory), with where it came from. */
export interface ManifestObject {
  /** The file it was read from, relative to the tree's root (or a virtual name). */
  readonly file: string;
  /** The object, as parsed. */
  readonly object: Record<string, unknown>;
}

/**
 * What kind of check produced a finding (`read`: how Argo CD reads the tree's
 * files, and what paved refuses to read: links, oversized files and objects,
 * alias-heavy YAML).
 */
export type FindingRule = 'parse' | 'read' | 'schema' | 'unchecked' | 'reference' | 'policy' | 'duplicate' | 'release' | 'tenant';

/** One problem the validator found. */
export interface Finding {
  /** Errors fail validation; warnings (e.g. a kind that could not be checked) are listed too. */
  readonly severity: 'error' | 'warning';
  readonly rule: FindingRule;
  /** The file holding the object. */
  readonly file: string;
  /** The object, as `Kind namespace/name` (or `Kind name` when cluster-scoped). */
  readonly object: string;
  /** The field at fault, e.g. `spec.data[0].remoteRef.key`; empty for the whole object. */
  readonly field: string;
  readonly message: string;
}

/** What one validation run checked and found. */
export interface ValidationReport {
  /** Every finding, sorted by file. */
  readonly findings: readonly Finding[];
  /** Number of objects read. */
  readonly objects: number;
  /** Objects checked against a schema, per `apiVersion/kind`. */
  readonly checkedByKind: Readonly<Record<string, number>>;
  /** Objects of kinds with no known schema, per `apiVersion/kind`. */
  readonly uncheckedByKind: Readonly<Record<string, number>>;
}

/** The number of error findings. */
export function errorCount(report: ValidationReport): number {
  return report.findings.filter((f) => f.severity === 'error').length;
}

/** Names an object for messages: `Kind namespace/name`. */
export function describeObject(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof metadata.name === 'string' ? metadata.name : '<unnamed>';
  const kind = typeof object.kind === 'string' ? object.kind : '<no kind>';
  return typeof metadata.namespace === 'string' ? `${kind} ${metadata.namespace}/${name}` : `${kind} ${name}`;
}

/** Turns a JSON pointer (`/spec/data/0/key`) into a field path (`spec.data[0].key`). */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^[0-9]+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** The most code points of a finding's message shown (paved's words quote values, which may be long). */
const MAX_MESSAGE_CHARS = 4096;

/**
 * Formats findings and counts as lines for a terminal or a CI log: one line
 * per finding, whatever its file, object, field or message hold (every
 * control character, escape sequence and line break in them is shown as an
 * escape, `\x1b`, `\n`), so no value can fake or hide a line, or the count.
 */
export function formatReport(report: ValidationReport): string {
  const t = terminalValue;
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.severity === 'error' ? 'error' : 'warning'} [${f.rule}] ${t(f.file)}: ${t(f.object)}${f.field ? `: ${t(f.field)}` : ''}: ${t(f.message, MAX_MESSAGE_CHARS)}`);
  }
  const counts = (entries: [string, number][]) => entries.map(([k, n]) => `${n} ${t(k)}`).join(', ');
  const kinds = Object.entries(report.checkedByKind).sort(([a], [b]) => compareStrings(a, b));
  lines.push(`checked ${report.objects} objects: ${counts(kinds) || 'none'}`);
  const unchecked = Object.entries(report.uncheckedByKind);
  if (unchecked.length) lines.push(`not checked (no schema): ${counts(unchecked)}`);
  const errors = errorCount(report);
  lines.push(`${errors} error(s), ${report.findings.length - errors} warning(s)`);
  return lines.join('\n');
}
