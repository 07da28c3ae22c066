/**
 * KubeVela's name for an auxiliary object whose template gives none
 * (pkg/appfile/appfile.go assembleTrait → pkg/oam/util GenTraitName):
 * `<component>-<type>-<hash>`, the type lower-cased (`auxiliaryworkload` for a
 * component's own outputs) and the hash an FNV-32a of the object, encoded
 * with Kubernetes' SafeEncodeString alphabet.
 *
 * KubeVela hashes a Go dump of the object (spew) that paved does not
 * reproduce: paved hashes the object's canonical JSON instead, so the name
 * has KubeVela's form and is stable, but its hash part differs from the one
 * KubeVela gives.
 */
import { compareStrings } from '../private/compare';
import { type Json, isJsonObject } from './json';

/** Kubernetes' SafeEncodeString alphabet (k8s.io/apimachinery/pkg/util/rand): no vowels, no look-alikes. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** The object as JSON with its keys sorted (the same object, the same text). */
export function canonicalJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isJsonObject(v))
    return `{${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** FNV-32a of a string's UTF-8 bytes. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Kubernetes' rand.SafeEncodeString. */
export function safeEncodeString(s: string): string {
  return [...s].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** The name KubeVela gives an auxiliary object without one: `<component>-<type>-<hash>`. */
export function auxiliaryName(component: string, type: string, object: Json): string {
  return `${component}-${type.toLowerCase()}-${safeEncodeString(String(fnv32a(canonicalJson(object))))}`;
}
