/**
 * An admission report as paved's findings (`<file>: <Kind> <ns>/<name>:
 * <field>: <message>`) and as summary lines, for `paved validate`.
 */
import { compareStrings } from '../../private/compare';
import type { Finding } from '../findings';
import type { AdmissionReport } from './types';

/**
 * The report's violations and problems as findings: a violation under Deny is
 * an error (its message the API server's), under Warn or Audit a warning; what
 * could not be evaluated is a warning (rule `unchecked`), one per policy,
 * binding and message, naming the first object and how many more it concerns.
 */
export function admissionFindings(report: AdmissionReport): Finding[] {
  const findings: Finding[] = report.violations.map((v) => ({
    severity: v.actions.includes('Deny') ? 'error' : 'warning',
    rule: 'policy',
    file: v.file,
    object: v.object,
    field: '',
    message: v.apiServerMessage,
  }));
  const groups = new Map<string, { first: (typeof report.problems)[number]; count: number }>();
  for (const p of report.problems) {
    const key = `${p.policy ?? ''}\u0000${p.binding ?? ''}\u0000${p.field}\u0000${p.message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { first: p, count: 1 });
  }
  for (const { first: p, count } of groups.values()) {
    const where = p.policy ? `ValidatingAdmissionPolicy '${p.policy}'${p.binding ? ` with binding '${p.binding}'` : ''}: ${p.field ? `${p.field}: ` : ''}` : '';
    findings.push({
      severity: 'warning',
      rule: 'unchecked',
      file: p.file,
      object: p.object ?? '',
      field: p.policy ? '' : p.field,
      message: `${where}${p.message}${count > 1 ? ` (and ${count - 1} more object${count > 2 ? 's' : ''})` : ''}`,
    });
  }
  return findings;
}

/** One line per binding (`policy p, binding b: 12 matched, 11 admitted, 1 denied`), then the totals. */
export function admissionSummary(report: AdmissionReport): string[] {
  const lines = [...report.bindings]
    .sort((a, b) => compareStrings(`${a.policy}/${a.binding}`, `${b.policy}/${b.binding}`))
    .map((b) => `policy ${b.policy}, binding ${b.binding}: ${b.matched} matched, ${b.admitted} admitted, ${b.denied} denied${b.unevaluated ? `, ${b.unevaluated} not evaluated` : ''}`);
  lines.push(`${report.admitted} of ${report.objects} objects admitted by every policy`);
  return lines;
}
