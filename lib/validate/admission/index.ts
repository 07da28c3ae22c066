/**
 * Proof before apply: Kubernetes ValidatingAdmissionPolicies evaluated
 * offline, with the Kubernetes CEL libraries, as the API server evaluates them.
 */
export { evaluateAdmission } from './evaluate';
export { checkAdmissionPolicies } from './policy-check';
export { admissionFindings, admissionSummary } from './report';
export type { AdmissionInput, AdmissionProblem, AdmissionReport, AdmissionUserInfo, AdmissionViolation, BindingResult, ValidationAction } from './types';
