/**
 * The platform's policies: Pod Security "restricted" wherever a pod is
 * described, and no secret values in Git.
 */

/** A policy problem at one field. */
export interface PolicyProblem {
  readonly field: string;
  readonly message: string;
}

import { secretAdvice, secretsInObject } from '../private/secret-values';

type Obj = Record<string, unknown>;

function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Volume types Pod Security "restricted" allows. */
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'image']);

/**
 * Checks a pod spec against Pod Security "restricted" (Kubernetes 1.28+):
 * no host namespaces, ports or paths; non-root; no privilege escalation;
 * all capabilities dropped (only NET_BIND_SERVICE may be added); a
 * RuntimeDefault or Localhost seccomp profile.
 */
export function checkRestrictedPodSpec(podSpec: unknown, base: string): PolicyProblem[] {
  const spec = asObject(podSpec);
  if (!spec) return [{ field: base, message: 'has no pod spec' }];
  const problems: PolicyProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field: `${base}.${field}`, message });
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[host] === true) fail(host, 'must not be true (Pod Security restricted)');
  }
  asArray(spec.volumes).forEach((v, i) => {
    const type = Object.keys(asObject(v) ?? {}).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUME_TYPES.has(type)) fail(`volumes[${i}].${type}`, `volume type "${type}" is not allowed (Pod Security restricted allows ${[...RESTRICTED_VOLUME_TYPES].join(', ')})`);
  });
  const podSc = asObject(spec.securityContext) ?? {};
  const podSeccomp = asObject(podSc.seccompProfile)?.type;
  if (podSeccomp !== undefined && podSeccomp !== 'RuntimeDefault' && podSeccomp !== 'Localhost') {
    fail('securityContext.seccompProfile.type', `"${String(podSeccomp)}" is not allowed: RuntimeDefault or Localhost`);
  }
  if (podSc.runAsUser === 0) fail('securityContext.runAsUser', 'must not be 0 (root)');
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(spec[list]).forEach((c, i) => {
      const container = asObject(c) ?? {};
      const at = `${list}[${i}]`;
      const sc = asObject(container.securityContext) ?? {};
      if (sc.privileged === true) fail(`${at}.securityContext.privileged`, 'must not be true');
      if (sc.allowPrivilegeEscalation !== false) fail(`${at}.securityContext.allowPrivilegeEscalation`, 'must be false');
      const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      if (runAsNonRoot !== true) fail(`${at}.securityContext.runAsNonRoot`, 'must be true (here or in the pod security context)');
      if (sc.runAsUser === 0) fail(`${at}.securityContext.runAsUser`, 'must not be 0 (root)');
      const seccomp = asObject(sc.seccompProfile)?.type ?? podSeccomp;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
        fail(`${at}.securityContext.seccompProfile.type`, 'must be RuntimeDefault or Localhost (here or in the pod security context)');
      }
      const caps = asObject(sc.capabilities) ?? {};
      if (!asArray(caps.drop).includes('ALL')) fail(`${at}.securityContext.capabilities.drop`, 'must include "ALL"');
      const added = asArray(caps.add).filter((c2) => c2 !== 'NET_BIND_SERVICE');
      if (added.length) fail(`${at}.securityContext.capabilities.add`, `must add nothing but NET_BIND_SERVICE (adds ${added.join(', ')})`);
      asArray(container.ports).forEach((p, j) => {
        if (asObject(p)?.hostPort !== undefined && asObject(p)?.hostPort !== 0) fail(`${at}.ports[${j}].hostPort`, 'must not be set');
      });
    });
  }
  return problems;
}

/** Where each built-in workload kind keeps its pod spec. */
export const POD_SPEC_PATHS: { readonly [kind: string]: readonly string[] } = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Checks the pod spec of a built-in workload object, if it is one. */
export function checkWorkload(object: Obj): PolicyProblem[] {
  const pathParts = POD_SPEC_PATHS[String(object.kind)];
  if (!pathParts) return [];
  const podSpec = pathParts.reduce<unknown>((v, k) => asObject(v)?.[k], object);
  return checkRestrictedPodSpec(podSpec, pathParts.join('.'));
}

/** A Secret must not carry values: they belong in the secret manager, fetched by External Secrets. */
export function checkSecret(object: Obj): PolicyProblem[] {
  if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return [];
  const problems: PolicyProblem[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const values = asObject(object[field]);
    if (values && Object.keys(values).length > 0) {
      problems.push({ field, message: `holds secret values (${Object.keys(values).join(', ')}): keep them in AWS Secrets Manager and use an ExternalSecret` });
    }
  }
  return problems;
}

/** KubeVela component types that run pods. */
export const POD_COMPONENT_TYPES = new Set(['webservice', 'worker', 'task', 'cron-task', 'statefulset', 'daemon']);

/**
 * Checks that a KubeVela component that runs pods carries the traits that make
 * its pods Pod-Security-"restricted" (`securitycontext`, `podsecuritycontext`),
 * with a read-only root file system as the platform requires.
 */
export function checkComponentSecurity(component: Obj, base: string): PolicyProblem[] {
  if (!POD_COMPONENT_TYPES.has(String(component.type))) return [];
  const problems: PolicyProblem[] = [];
  const traits = asArray(component.traits).map((t) => asObject(t) ?? {});
  const find = (type: string) => {
    const i = traits.findIndex((t) => t.type === type);
    return { i, props: i >= 0 ? (asObject(traits[i].properties) ?? {}) : undefined };
  };
  const sc = find('securitycontext');
  if (!sc.props) {
    problems.push({
      field: `${base}.traits`,
      message: 'needs a "securitycontext" trait (Pod Security restricted): allowPrivilegeEscalation false, dropCapabilities ["ALL"], runAsNonRoot true, readOnlyRootFilesystem true',
    });
  } else {
    const at = `${base}.traits[${sc.i}].properties`;
    if (sc.props.containers !== undefined) {
      problems.push({ field: `${at}.containers`, message: 'per-container security contexts cannot be checked; set the fields on the trait itself' });
    }
    // the trait's own defaults: allowPrivilegeEscalation false, privileged false, runAsNonRoot true, readOnlyRootFilesystem false
    if (sc.props.allowPrivilegeEscalation === true) problems.push({ field: `${at}.allowPrivilegeEscalation`, message: 'must be false' });
    if (sc.props.privileged === true) problems.push({ field: `${at}.privileged`, message: 'must be false' });
    if (sc.props.runAsNonRoot === false) problems.push({ field: `${at}.runAsNonRoot`, message: 'must be true' });
    if (sc.props.runAsUser === 0) problems.push({ field: `${at}.runAsUser`, message: 'must not be 0 (root)' });
    if (sc.props.readOnlyRootFilesystem !== true) problems.push({ field: `${at}.readOnlyRootFilesystem`, message: 'must be true (the platform requires a read-only root file system)' });
    if (!asArray(sc.props.dropCapabilities).includes('ALL')) problems.push({ field: `${at}.dropCapabilities`, message: 'must include "ALL"' });
    const added = asArray(sc.props.addCapabilities).filter((c) => c !== 'NET_BIND_SERVICE');
    if (added.length) problems.push({ field: `${at}.addCapabilities`, message: `must add nothing but NET_BIND_SERVICE (adds ${added.join(', ')})` });
  }
  const psc = find('podsecuritycontext');
  if (!psc.props) {
    problems.push({ field: `${base}.traits`, message: 'needs a "podsecuritycontext" trait (Pod Security restricted): runAsNonRoot true, seccompProfile RuntimeDefault' });
  } else {
    const at = `${base}.traits[${psc.i}].properties`;
    if (psc.props.runAsNonRoot === false) problems.push({ field: `${at}.runAsNonRoot`, message: 'must be true' });
    if (psc.props.runAsUser === 0) problems.push({ field: `${at}.runAsUser`, message: 'must not be 0 (root)' });
    const seccomp = asObject(psc.props.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push({ field: `${at}.seccompProfile.type`, message: 'must be RuntimeDefault or Localhost' });
  }
  return problems;
}

/** Verbs that let a holder grant itself more than it has. */
const ESCALATING_VERBS = ['escalate', 'bind', 'impersonate'];

/** RBAC: no wildcards, no escalation verbs, in any Role or ClusterRole. */
export function checkRbac(object: Obj): PolicyProblem[] {
  if (!['Role', 'ClusterRole'].includes(String(object.kind)) || object.apiVersion !== 'rbac.authorization.k8s.io/v1') return [];
  const problems: PolicyProblem[] = [];
  asArray(object.rules).forEach((r, i) => {
    const rule = asObject(r) ?? {};
    for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames'] as const) {
      if (asArray(rule[field]).includes('*')) problems.push({ field: `rules[${i}].${field}`, message: 'must not hold the wildcard "*": name what is allowed' });
    }
    const escalating = asArray(rule.verbs).filter((v) => ESCALATING_VERBS.includes(String(v)));
    if (escalating.length) problems.push({ field: `rules[${i}].verbs`, message: `must not hold ${escalating.join(', ')} (privilege escalation)` });
  });
  return problems;
}

/** Argo CD projects other than the locked `default` must name their sources and destinations. */
export function checkAppProject(object: Obj): PolicyProblem[] {
  if (object.kind !== 'AppProject' || !String(object.apiVersion).startsWith('argoproj.io/')) return [];
  const spec = asObject(object.spec) ?? {};
  const problems: PolicyProblem[] = [];
  if (asArray(spec.sourceRepos).includes('*')) problems.push({ field: 'spec.sourceRepos', message: 'must not allow every repository ("*")' });
  asArray(spec.destinations).forEach((d, i) => {
    const dest = asObject(d) ?? {};
    if (dest.namespace === '*' || dest.server === '*' || dest.name === '*') problems.push({ field: `spec.destinations[${i}]`, message: 'must name a cluster and a namespace, not "*"' });
  });
  asArray(spec.clusterResourceWhitelist).forEach((k, i) => {
    const kind = asObject(k) ?? {};
    if (kind.group === '*' || kind.kind === '*') problems.push({ field: `spec.clusterResourceWhitelist[${i}]`, message: 'must not allow every cluster-scoped kind' });
  });
  return problems;
}

/**
 * A team namespace (labelled `paved.dev/team`) must enforce Pod Security
 * "restricted" and hold a default-deny NetworkPolicy, a ResourceQuota and a
 * LimitRange. `inNamespace` lists the kinds and names the tree holds there.
 */
export function checkTeamNamespace(object: Obj, inNamespace: readonly { kind: string; name: string; spec?: unknown }[]): PolicyProblem[] {
  if (object.kind !== 'Namespace' || object.apiVersion !== 'v1') return [];
  const labels = asObject(asObject(object.metadata)?.labels) ?? {};
  if (labels['paved.dev/team'] === undefined) return [];
  const problems: PolicyProblem[] = [];
  if (labels['pod-security.kubernetes.io/enforce'] !== 'restricted') {
    problems.push({ field: 'metadata.labels.pod-security.kubernetes.io/enforce', message: 'a team namespace must enforce Pod Security "restricted"' });
  }
  const denyAll = inNamespace.some((o) => {
    if (o.kind !== 'NetworkPolicy') return false;
    const spec = asObject(o.spec) ?? {};
    const types = asArray(spec.policyTypes);
    return Object.keys(asObject(spec.podSelector) ?? {}).length === 0 && types.includes('Ingress') && types.includes('Egress') && spec.ingress === undefined && spec.egress === undefined;
  });
  if (!denyAll) problems.push({ field: '', message: 'a team namespace needs a NetworkPolicy that denies all ingress and egress by default' });
  for (const kind of ['ResourceQuota', 'LimitRange']) {
    if (!inNamespace.some((o) => o.kind === kind)) problems.push({ field: '', message: `a team namespace needs a ${kind}` });
  }
  return problems;
}

/**
 * Finds secret values anywhere in an object (the one scan of
 * lib/private/secret-scan.ts): any string that holds a secret, plain or
 * encoded (a private key, an access key, a token; a password in a URL, a
 * connection string or a setting; base64, hex or percent-encoding of any of
 * them), a key that is one, a field named like a password with a value, and
 * plain environment variables (`env: [{name, value}]` of containers and
 * KubeVela components) whose value looks like a credential or whose name says
 * it is a secret. The messages say what and how long, never the value. A
 * Secret's data is {@link checkSecret}'s.
 */
export function checkSecretValues(object: Obj): PolicyProblem[] {
  if (object.kind === 'Secret' && object.apiVersion === 'v1') return [];
  return secretsInObject(object).map((s) => ({
    field: s.field,
    message: `${s.variable === undefined ? '' : `environment variable ${s.variable} is written in plain text, and `}${s.secret !== undefined ? `holds ${s.secret}` : (s.reason ?? '')}: a secret value never goes into Git: ${secretAdvice()}`,
  }));
}
