import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Finding, ManifestObject } from './findings';

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
 * The manifest files below a directory (or the one file), as path relative to
 * the directory → full path, sorted by name in each folder: every .yaml/.yml
 * file but those in a Helm chart (a folder with a Chart.yaml, up to the
 * directory itself), whose templates are not manifests.
 */
export function manifestFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.statSync(root).isDirectory()) {
    if (!fs.existsSync(path.join(path.dirname(root), 'Chart.yaml'))) out.set(path.basename(root), root);
    return out;
  }
  const walk = (dir: string, rel: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.name === 'Chart.yaml')) return; // a chart: nothing below is a manifest
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const name = rel ? `${rel}${path.sep}${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), name);
      else if (/\.ya?ml$/.test(entry.name)) out.set(name, path.join(dir, entry.name));
    }
  };
  walk(root, '');
  return out;
}
