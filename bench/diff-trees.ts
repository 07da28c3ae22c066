/**
 * The two trees of the diff benchmark: a paved-like GitOps tree of about
 * `objects` objects (the floor's objects: per team its tenancy and catalog
 * entities, per app its KubeVela Application, ExternalSecret, claims and
 * catalog entities, the platform's objects), and a copy
 * in which 1% of the objects changed (an Application's image, or a label of
 * any other object).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { type FloorTemplate, type Json, isObjectFile, writeFloor } from './floor';

/** What {@link writeDiffTrees} wrote. */
export interface DiffTrees {
  readonly baseDir: string;
  readonly headDir: string;
  /** Objects (YAML files of the cluster's folder and of the catalog) in each tree. */
  readonly objects: number;
  /** Objects that differ between the two. */
  readonly changed: number;
  readonly teams: number;
  readonly appsPerTeam: number;
}

/** The files below a folder (only YAML files with `yamlOnly`), relative to it, sorted. */
export function filesBelow(dir: string, yamlOnly = false): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!yamlOnly || /\.ya?ml$/.test(e.name)) out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The number of teams of `appsPerTeam` apps each (the scale org's shape) that give at least `objects` objects with this template. */
export function sizeFor(template: FloorTemplate, objects: number, appsPerTeam: number): { teams: number; appsPerTeam: number } {
  const fixed = template.global.length + template.listing.length;
  const perTeam = template.perTeam.length + appsPerTeam * template.perApp.length;
  return { teams: Math.max(1, Math.ceil((objects - fixed) / perTeam)), appsPerTeam };
}

function change(object: Record<string, Json>): void {
  if (object.kind === 'Application' && String(object.apiVersion).startsWith('core.oam.dev/')) {
    const components = ((object.spec as Record<string, Json>).components ?? []) as Record<string, Json>[];
    const properties = components[0].properties as Record<string, Json>;
    properties.image = String(properties.image).replace(/:[^:@/]+$/, ':9.9.9');
    return;
  }
  const metadata = object.metadata as Record<string, Json>;
  const labels = (metadata.labels ?? {}) as Record<string, Json>;
  metadata.labels = { ...labels, 'bench.paved.dev/revision': '2' };
}

/** Writes the base tree and the changed head tree below `dir`. */
export function writeDiffTrees(template: FloorTemplate, objects: number, dir: string): DiffTrees {
  const { teams, appsPerTeam } = sizeFor(template, objects, 10);
  const baseDir = path.join(dir, 'base');
  const headDir = path.join(dir, 'head');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(baseDir, { recursive: true });
  writeFloor(template, teams, appsPerTeam, baseDir);
  fs.cpSync(baseDir, headDir, { recursive: true });
  const files = filesBelow(headDir, true).filter(isObjectFile);
  const target = Math.round(files.length / 100);
  const step = files.length / target;
  for (let i = 0; i < target; i++) {
    const file = path.join(headDir, files[Math.floor(i * step)]);
    const text = fs.readFileSync(file, 'utf8');
    const header = /^(#[^\n]*\n)*/.exec(text)?.[0] ?? '';
    const object = parse(text) as Record<string, Json>;
    change(object);
    fs.writeFileSync(file, `${header}${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`);
  }
  return { baseDir, headDir, objects: files.length, changed: target, teams, appsPerTeam };
}
