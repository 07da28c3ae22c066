import type { ErrorObject } from 'ajv';
import { validate as validateObjectMeta } from '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta';
import { type SchemaProblem, describeErrors } from './schema-check';

/** The built-in kinds that are cluster-scoped; every other built-in kind is namespaced. */
const CLUSTER_SCOPED_CORE_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'CertificateSigningRequest',
  'SelfSubjectReview',
  'TokenReview',
  'SubjectAccessReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
]);

/** Whether an apiVersion belongs to Kubernetes itself (core group or a `*.k8s.io` / built-in group). */
export function isCoreApiVersion(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group);
}

/** Whether a built-in kind is cluster-scoped. */
export function isClusterScopedCoreKind(kind: string): boolean {
  return CLUSTER_SCOPED_CORE_KINDS.has(kind);
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

const models = new Map<string, ModelClass | null>();

/** The kubernetes-models class of a built-in kind, or undefined when the package has none. */
function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    let found: ModelClass | null = null;
    if (/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion) && /^[A-Za-z0-9]+$/.test(kind)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>;
        found = mod[kind] ?? null;
      } catch {
        found = null;
      }
    }
    models.set(key, found);
  }
  return models.get(key) ?? undefined;
}

/** Whether kubernetes-models knows the kind. */
export function isKnownCoreKind(apiVersion: string, kind: string): boolean {
  return modelOf(apiVersion, kind) !== undefined;
}

/** Validates a built-in object against the Kubernetes schema (types, required fields, enums). */
export function checkCoreObject(object: Record<string, unknown>): SchemaProblem[] {
  const model = modelOf(String(object.apiVersion), String(object.kind));
  if (!model) return [];
  try {
    new model(object).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: ErrorObject[] }).errors;
    if (errors) return describeErrors(errors);
    return [{ field: '', message: e instanceof Error ? e.message : String(e) }];
  }
}

/** Validates a custom resource's metadata against ObjectMeta. */
export function checkObjectMeta(metadata: unknown): SchemaProblem[] {
  const validate = validateObjectMeta as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  if (validate(metadata)) return [];
  return describeErrors(validate.errors ?? [], 'metadata');
}

// names and keys, as the API server checks them: a module of their own (paved diff reads them without the schemas)
export { checkApiNames, qualifiedNameProblem } from './api-names';
