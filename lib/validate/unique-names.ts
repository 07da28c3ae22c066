import type { Finding, ManifestObject } from './findings';
import { describeObject } from './findings';

/**
 * Names paved derives that must be unique beyond one namespace, checked
 * across the whole tree (every environment, every team, the files team
 * repositories propose): a clash names both owners.
 *
 * - S3 bucket names are global: a bucket claim's name is derived from the
 *   org, the environment, the namespace and the claim
 *   (`<org>-<env>-<namespace>-<claim>`), and names with dashes can meet
 *   (namespace `a` + claim `b-c-data`, namespace `a-b` + claim `c-data`).
 */

type Obj = Record<string, unknown>;
const meta = (o: Obj) => (typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Obj) : {});

/** The owner of a file of the tree, for messages: `team <t>` from its folder, else the file. */
function ownerOf(file: string): string {
  const parts = file.split('/');
  const i = parts.indexOf('teams');
  return i >= 0 && parts[i + 1] ? `team ${parts[i + 1]} (${file})` : file;
}

/** Finds bucket claims whose derived S3 bucket names meet. `clusterOf` gives an object's environment folder. */
export function checkDerivedNames(objects: readonly ManifestObject[], clusterOf: (m: ManifestObject) => string): Finding[] {
  const findings: Finding[] = [];
  const buckets = new Map<string, ManifestObject>();
  for (const m of objects) {
    const o = m.object;
    if (o.kind !== 'ObjectBucket' || !String(o.apiVersion).startsWith('storage.example.com/')) continue;
    const derived = [clusterOf(m), meta(o).namespace, meta(o).name].filter(Boolean).join('-');
    const first = buckets.get(derived);
    if (!first) {
      buckets.set(derived, m);
      continue;
    }
    findings.push({
      severity: 'error',
      rule: 'duplicate',
      file: m.file,
      object: describeObject(o),
      field: 'metadata.name',
      message: `its S3 bucket would be named <org>-${derived}, as the bucket of ${describeObject(first.object)} of ${ownerOf(first.file)}: S3 bucket names are global, so the two teams would share one bucket; rename one of the buckets (or the app)`,
    });
  }
  return findings;
}
