/**
 * What every rendered object must satisfy, whatever the definitions did:
 * checked by `paved render` and `paved validate --render` (as render problems).
 *
 * - The component's own containers (the main container of webservice, worker,
 *   task, ...) are still there, by name, after every trait.
 * - No `null` is left anywhere (a CUE `null` KubeVela would send to the API
 *   server, or a merge paved got wrong).
 * - Every object's name is valid: an RFC 1123 DNS subdomain, and an RFC 1123
 *   label (63 characters, no dot) for a Service or a Namespace.
 * - A workload's pod template has at least one container, and every
 *   container a name.
 */
import { type Json, isJsonObject } from './json';
import { POD_SPEC_PATHS } from '../validate/policies';

/** One invariant a rendered object breaks. */
export interface InvariantViolation {
  /** The field, from the object's root (`spec.template.spec.containers`). */
  readonly field: string;
  readonly message: string;
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAMED = new Set(['Service', 'Namespace']);

/** The pod spec of a workload object, when its kind has one. */
export function podSpecOf(object: Json): { path: readonly string[]; spec: Json | undefined } | undefined {
  if (!isJsonObject(object)) return undefined;
  const path = POD_SPEC_PATHS[String(object.kind)];
  if (!path) return undefined;
  let cur: Json | undefined = object;
  for (const k of path) cur = isJsonObject(cur) ? cur[k] : undefined;
  return { path, spec: cur };
}

/** The container names of a workload's pod template (nameless ones as undefined). */
export function containerNames(object: Json): (string | undefined)[] {
  const pod = podSpecOf(object);
  const containers = isJsonObject(pod?.spec) ? pod?.spec.containers : undefined;
  return Array.isArray(containers) ? containers.map((c) => (isJsonObject(c) && typeof c.name === 'string' ? c.name : undefined)) : [];
}

function nulls(v: Json, at: string, out: string[]): void {
  if (v === null) out.push(at || '(root)');
  else if (Array.isArray(v)) v.forEach((x, i) => nulls(x, `${at}[${i}]`, out));
  else if (isJsonObject(v)) for (const [k, x] of Object.entries(v)) nulls(x, at ? `${at}.${k}` : k, out);
}

/** Whether a name is valid for an object of this kind (see the module's comment). */
export function nameProblem(kind: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'an object needs a name';
  if (LABEL_NAMED.has(kind)) {
    if (name.length > 63 || !LABEL.test(name))
      return `"${name}" is not a valid ${kind} name (RFC 1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit)`;
    return undefined;
  }
  if (name.length > 253 || !SUBDOMAIN.test(name))
    return `"${name}" is not a valid object name (RFC 1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253)`;
  return undefined;
}

/**
 * The invariants a rendered object breaks. `before` is the workload as its
 * component rendered it, before traits: its containers must survive.
 */
export function checkInvariants(object: Json, before?: Json): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  if (!isJsonObject(object)) return [{ field: '(root)', message: 'a rendered object must be an object' }];
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const name = nameProblem(String(object.kind), metadata.name);
  if (name) out.push({ field: 'metadata.name', message: name });
  const found: string[] = [];
  nulls(object, '', found);
  for (const f of found) out.push({ field: f, message: 'null left in the rendered object (KubeVela would send it as is)' });
  const pod = podSpecOf(object);
  if (pod) {
    const at = pod.path.join('.');
    const containers = isJsonObject(pod.spec) ? pod.spec.containers : undefined;
    if (!Array.isArray(containers) || containers.length === 0)
      out.push({ field: `${at}.containers`, message: `a ${String(object.kind)} needs at least one container; the rendered pod template has none` });
    const names = containerNames(object);
    names.forEach((n, i) => {
      if (n === undefined) out.push({ field: `${at}.containers[${i}].name`, message: "a container needs a name (a trait's patch added or changed a container without one)" });
    });
    if (before !== undefined) {
      for (const n of containerNames(before)) {
        if (n !== undefined && !names.includes(n)) out.push({ field: `${at}.containers`, message: `the component's container "${n}" is gone after the traits` });
      }
    }
  }
  return out;
}
