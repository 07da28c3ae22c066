// The cloud side of paved (cdktf): the only folder that imports cdktf or @cdktf/*.
// Re-exports only; kept out of lib/index.ts so the GitOps side never loads cdktf.

export type { PolicyCondition, PolicyPrincipal, PolicyStatement, TrustStatement } from './policy';
export * from './network';
export * from './cluster';
export * from './node-groups';
export * from './database-network';
export * from './irsa-role';
export * from './controller-policies';
export * from './controller-roles';
export * from './argocd-bootstrap';
export * from './state-backend';
export * from './environment-stack';
export * from './synth-infra';

// the error every bad definition throws (org or construct), for entry points
export { PavedValidationError } from '../private/problems';
export type { Problem } from '../private/problems';
