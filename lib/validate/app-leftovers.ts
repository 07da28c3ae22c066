import type { ManifestObject } from './findings';

/** The label paved (and KubeVela) put on everything of one app. */
const APP_LABEL = 'app.oam.dev/name';

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** A per-app object paved writes outside the app's folder whose app the tree no longer holds. */
export interface LeftoverProblem {
  readonly object: ManifestObject;
  readonly message: string;
}

/**
 * The per-app objects paved writes outside an app's folder (its NetworkPolicy
 * in the team's tenancy) whose app, a KubeVela Application of that name in that
 * namespace, is not in the tree: left behind when the app went (e.g. a team
 * repository's proposal dropped it), they would keep its network paths open
 * for whatever next takes the name.
 */
export function checkAppLeftovers(objects: readonly ManifestObject[], applications: readonly ManifestObject[]): LeftoverProblem[] {
  const apps = new Set(
    applications.map((m) => {
      const metadata = asObject(m.object.metadata) ?? {};
      return `${String(metadata.namespace)}/${String(metadata.name)}`;
    }),
  );
  const problems: LeftoverProblem[] = [];
  for (const m of objects) {
    if (m.object.kind !== 'NetworkPolicy' || !String(m.object.apiVersion).startsWith('networking.k8s.io/')) continue;
    const metadata = asObject(m.object.metadata) ?? {};
    const labels = asObject(metadata.labels) ?? {};
    const app = labels[APP_LABEL];
    if (typeof app !== 'string' || labels['app.kubernetes.io/managed-by'] !== 'paved') continue;
    if (apps.has(`${String(metadata.namespace)}/${app}`)) continue;
    problems.push({
      object: m,
      message: `belongs to app ${app} (its label ${APP_LABEL}), which the tree no longer holds in namespace ${String(metadata.namespace)}: a synth of the tree with the app gone removes it (npm run synth), or the app's Application is missing`,
    });
  }
  return problems;
}
