/**
 * The checks of one object that read nothing but the object and paved's own
 * code and data: a built-in kind's schema, and the policies, release pins and
 * alerting rules of any object. A synth keeps what they found (CheckMemo) and
 * asks them again only for objects that changed; `paved validate` always
 * checks anew.
 */
import { createHash } from 'crypto';
import type { CatalogRelease } from './catalog-types';
import { type CheckedProblem, memoizedCheck } from './check-memo';
import { checkCoreObject } from './core-check';
import { checkAppProject, checkRbac, checkSecret, checkSecretValues, checkWorkload } from './policies';
import { checkReleases } from './releases';
import { checkPrometheusRule } from './rules-check';

type Obj = Record<string, unknown>;

/** A digest of an object's JSON, made once and only when a memo asks for it (every memo key of the object derives from it). */
export function digestOnce(object: Obj): () => string {
  let digest: string | undefined;
  return () => (digest ??= createHash('sha256').update(JSON.stringify(object)).digest('hex'));
}

/** A built-in kind's schema problems (the API server's checks of the kind). */
export function coreObjectProblems(object: Obj, digest: () => string): readonly CheckedProblem[] {
  return memoizedCheck('core schema', digest, () => checkCoreObject(object).map((p) => ({ severity: 'error', rule: 'schema', field: p.field, message: p.message })));
}

/**
 * The object's policy, release and rule problems, in the order the validator
 * reports them: release pins the catalog does not hold (warnings), Secrets
 * and secret values, alerting rules, workloads, RBAC and AppProjects.
 * `bundledReleases` says `releases` are paved's own catalog's (a memo's
 * validity covers only those; other releases are checked every time).
 */
export function objectProblems(object: Obj, releases: readonly CatalogRelease[], bundledReleases: boolean, digest: () => string): readonly CheckedProblem[] {
  const compute = (): CheckedProblem[] => {
    const out: CheckedProblem[] = [];
    const add = (rule: CheckedProblem['rule'], severity: CheckedProblem['severity']) => (p: { field: string; message: string }) => out.push({ severity, rule, field: p.field, message: p.message });
    checkReleases(object, releases).forEach(add('release', 'warning'));
    checkSecret(object).forEach(add('policy', 'error'));
    checkSecretValues(object).forEach(add('policy', 'error'));
    checkPrometheusRule(object).forEach(add('schema', 'error'));
    checkWorkload(object).forEach(add('policy', 'error'));
    checkRbac(object).forEach(add('policy', 'error'));
    checkAppProject(object).forEach(add('policy', 'error'));
    return out;
  };
  return bundledReleases ? memoizedCheck('object', digest, compute) : compute();
}
