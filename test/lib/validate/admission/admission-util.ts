/** Builders of policies, bindings and objects for the admission tests. */
import type { ManifestObject } from '../../../../lib/validate/findings';

const API = 'admissionregistration.k8s.io/v1';

/** A ValidatingAdmissionPolicy (Fail, matching CREATE of Deployments unless told otherwise). */
export const policy = (name: string, spec: Record<string, unknown>): ManifestObject => ({
  file: `policies/${name}.yaml`,
  object: {
    apiVersion: API,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] }, ...spec },
  },
});

/** A ValidatingAdmissionPolicyBinding (Deny unless told otherwise). */
export const binding = (name: string, policyName: string, spec: Record<string, unknown> = {}): ManifestObject => ({
  file: `policies/${name}.yaml`,
  object: { apiVersion: API, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName, validationActions: ['Deny'], ...spec } },
});

export const namespace = (name: string, labels: Record<string, string> = {}): ManifestObject => ({
  file: `${name}/namespace.yaml`,
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
});

/** A Deployment with one container per image. */
export const deployment = (ns: string, name: string, images: string[] = ['registry.example.com/app:1'], extra: Record<string, unknown> = {}): ManifestObject => ({
  file: `${ns}/deployment-${name}.yaml`,
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas: 1, template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } }, ...extra },
  },
});

export const configMap = (ns: string, name: string, data: Record<string, string>, labels: Record<string, string> = {}): ManifestObject => ({
  file: `${ns}/configmap-${name}.yaml`,
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data },
});
