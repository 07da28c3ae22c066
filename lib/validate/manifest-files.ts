import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from '../private/compare';

/** The tree's folder of Backstage entities (environment-independent). */
export const CATALOG_FOLDER = 'catalog';

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
  // names are joined by hand (path.join would normalize every path again), sorted by code unit (locale-independent)
  const compare = compareStrings;
  const walk = (dir: string, rel: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.name === 'Chart.yaml')) return; // a chart: nothing below is a manifest
    for (const entry of entries.sort((a, b) => compare(a.name, b.name))) {
      const name = rel ? `${rel}${path.sep}${entry.name}` : entry.name;
      const full = `${dir}${path.sep}${entry.name}`;
      if (entry.isDirectory()) walk(full, name);
      else if (/\.ya?ml$/.test(entry.name)) out.set(name, full);
    }
  };
  walk(path.resolve(root), '');
  return out;
}
