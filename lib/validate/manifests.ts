import * as fs from 'fs';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import type { Finding, ManifestObject } from './findings';
import { manifestFiles } from './manifest-files';

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Reads every YAML document below a directory (or in one file); unreadable documents become findings. */
export function loadManifests(root: string): { objects: ManifestObject[]; findings: Finding[] } {
  const objects: ManifestObject[] = [];
  const findings: Finding[] = [];
  for (const [rel, file] of manifestFiles(root)) {
    const parsed = parseManifests(rel, fs.readFileSync(file, 'utf8'));
    objects.push(...parsed.objects);
    findings.push(...parsed.findings);
  }
  return { objects, findings };
}

/** The objects of one file's text (`rel` is its path in the tree); unreadable documents become findings. */
export function parseManifests(rel: string, text: string): { objects: ManifestObject[]; findings: Finding[] } {
  const objects: ManifestObject[] = [];
  const findings: Finding[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length) {
      findings.push({ severity: 'error', rule: 'parse', file: rel, object: `document ${i + 1}`, field: '', message: doc.errors[0].message });
      return;
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return;
    const object = asObject(value);
    if (!object) {
      findings.push({ severity: 'error', rule: 'parse', file: rel, object: `document ${i + 1}`, field: '', message: 'is not a YAML mapping' });
      return;
    }
    objects.push({ file: rel, object });
  });
  return { objects, findings };
}

/**
 * The objects of one file, fast: parsed with js-yaml and the YAML 1.2 core
 * schema (as `yaml` reads them when paved writes them; several times faster
 * on a cold start). A file it cannot read is read as the validator reads it:
 * its readable documents. For objects to compare or to know of (a diff, the
 * files a synth keeps); what is wrong in a file is {@link parseManifests}'s to say.
 */
export function readManifestObjects(file: string, text: string): ManifestObject[] {
  let docs: unknown[];
  try {
    docs = loadAll(text, null, { schema: CORE_SCHEMA });
  } catch {
    return parseManifests(file, text).objects;
  }
  return docs.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)).map((object) => ({ file, object }));
}

export { manifestFiles } from './manifest-files';
