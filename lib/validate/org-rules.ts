import type { Org } from '../org/org';
import type { Team } from '../org/team';
import { TEAM_CLAIM_KINDS, groupOf } from '../org/team-kinds';
import { isDns1035Label } from '../private/names';
import { show } from '../private/problems';
import { type Finding, type ManifestObject, describeObject } from './findings';

/**
 * The org's rules that the synth applies to the apps it builds, applied by
 * `paved validate` to the files of a tree with its org (the apps a team
 * repository proposes, a tree written by hand, the tree left on main after two
 * pull requests merged): so that a tree the synth would refuse is refused by
 * validate too, whichever changed, the files or the org.
 * - a team's apps live in the org's environments only;
 * - an object a team's folder holds is labelled as the team's (`paved.dev/team`),
 *   and a claim with the team's cost centre (`paved.dev/cost-centre`: its cloud
 *   resources are billed by it);
 * - an ExternalSecret reads named keys under the team's secret prefix, through
 *   the team's SecretStore only (no search, no other store, no generator);
 * - an app's name is what AppConstruct allows (the names derived from it stay
 *   within Kubernetes' 63 characters);
 * - in a production environment, an app runs at least 2 pods unless its catalog
 *   Component says why one is enough (`singleInstanceReason`).
 * Quotas and budgets are `teamUsageFindings` (lib/k8s/team-limits.ts); kinds,
 * namespaces, hosts, routes, images and claims are the tenant boundary and rules.
 */

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The longest app name AppConstruct takes (`APP_NAME_MAX_LENGTH` of lib/app/app-construct.ts; a test holds the two together). */
export const APP_NAME_LIMIT = 55;
/** The label that names an object's team, and the one that names a claim's cost centre (lib/k8s/labels.ts, lib/crossplane/). */
export const TEAM_LABEL = 'paved.dev/team';
export const COST_CENTRE_LABEL = 'paved.dev/cost-centre';
/** The annotation of a catalog Component that says why its app runs one pod in production. */
export const SINGLE_INSTANCE_ANNOTATION = 'paved.dev/single-instance-reason';

/**
 * Checks the files of a tree (with one folder per environment, or a team's
 * part of one) against `org`: see the file's comment. Findings name the
 * file, the object and the field.
 */
export function orgRuleFindings(org: Org, objects: readonly ManifestObject[]): Finding[] {
  const findings: Finding[] = [];
  const environments = org.environments.map((e) => e.name);
  // why an app runs one pod, by its KubeVela Application (`namespace/name`), from the catalog
  const reasons = new Map<string, string>();
  for (const m of objects) {
    const annotations = asObject(asObject(m.object.metadata)?.annotations) ?? {};
    const app = str(annotations['paved.dev/kubevela-application']);
    const reason = str(annotations[SINGLE_INSTANCE_ANNOTATION]);
    if (m.object.kind === 'Component' && app && reason) reasons.set(app, reason);
  }
  for (const m of objects) {
    const match = /^([^/]+)\/teams\/([^/]+)\/apps\//.exec(m.file);
    if (!match || match[1] === 'catalog') continue;
    const [, envName, teamName] = match;
    const add = (field: string, message: string) => findings.push({ severity: 'error', rule: 'tenant', file: m.file, object: describeObject(m.object), field, message });
    const env = org.environments.find((e) => e.name === envName);
    if (!env) {
      add('', `${envName}/ is not an environment of the org (${environments.join(', ')}): the synth writes a team's apps only into the org's environments`);
      continue;
    }
    const team = org.teams.find((t) => t.name === teamName);
    if (!team) continue; // the tenant boundary says the folder belongs to no team
    checkLabels(m.object, team, add);
    if (groupOf(String(m.object.apiVersion ?? '')) === 'external-secrets.io' && m.object.kind === 'ExternalSecret') checkSecretKeys(m.object, team, add);
    if (groupOf(String(m.object.apiVersion ?? '')) === 'core.oam.dev' && m.object.kind === 'Application') {
      const name = str(asObject(m.object.metadata)?.name) ?? '';
      if (!isDns1035Label(name, APP_NAME_LIMIT))
        add('metadata.name', `${show(name)} is not allowed: an app's name, an RFC 1035 label of at most ${APP_NAME_LIMIT} characters (AppConstruct's rule: the names derived from it stay within 63)`);
      if (env.production) checkProductionPods(m.object, `${String(asObject(m.object.metadata)?.namespace)}/${name}`, env.name, reasons, add);
    }
  }
  return findings;
}

type Add = (field: string, message: string) => void;

function checkLabels(object: Obj, team: Team, add: Add): void {
  const labels = asObject(asObject(object.metadata)?.labels) ?? {};
  const teamLabel = labels[TEAM_LABEL];
  if (teamLabel !== undefined && teamLabel !== team.name) add(`metadata.labels.${TEAM_LABEL}`, `${show(teamLabel)} is not allowed: "${team.name}", the team whose folder holds it`);
  const claim = TEAM_CLAIM_KINDS.some((k) => k.group === groupOf(String(object.apiVersion ?? '')) && k.kind === object.kind);
  const centre = labels[COST_CENTRE_LABEL];
  if ((claim || centre !== undefined) && centre !== team.costCentre) {
    add(
      `metadata.labels.${COST_CENTRE_LABEL}`,
      `${centre === undefined ? 'none' : show(centre)} is not allowed: "${team.costCentre}", team ${team.name}'s cost centre in the org (its claims' cloud resources are billed by it; synthesize the app again with the org as it is)`,
    );
  }
}

function checkSecretKeys(object: Obj, team: Team, add: Add): void {
  const spec = asObject(object.spec) ?? {};
  const under = `a Secrets Manager name under team ${team.name}'s prefix "${team.secretPrefix}" (its SecretStore reads only those)`;
  const key = (field: string, value: unknown) => {
    if (typeof value !== 'string' || !team.ownsSecretKey(value)) add(field, `${show(value)} is not allowed: ${under}`);
  };
  asArray(spec.data).forEach((d, i) => {
    const item = asObject(d) ?? {};
    key(`spec.data[${i}].remoteRef.key`, asObject(item.remoteRef)?.key);
    if (item.sourceRef !== undefined) add(`spec.data[${i}].sourceRef`, "is not allowed: the team's SecretStore (spec.secretStoreRef) only");
  });
  asArray(spec.dataFrom).forEach((d, i) => {
    const item = asObject(d) ?? {};
    if (item.extract !== undefined) key(`spec.dataFrom[${i}].extract.key`, asObject(item.extract)?.key);
    if (item.find !== undefined) add(`spec.dataFrom[${i}].find`, `is not allowed: named keys only (a search could reach past the prefix), each ${under}`);
    if (item.sourceRef !== undefined) add(`spec.dataFrom[${i}].sourceRef`, "is not allowed: the team's SecretStore (spec.secretStoreRef) only");
  });
}

/** In a production environment, each web service runs at least 2 pods, or its catalog Component says why one is enough. */
function checkProductionPods(object: Obj, app: string, env: string, reasons: ReadonlyMap<string, string>, add: Add): void {
  const reason = reasons.get(app);
  if (reason !== undefined && reason.trim().length >= 10) return;
  asArray(asObject(object.spec)?.components).forEach((c, i) => {
    const component = asObject(c) ?? {};
    if (component.type !== 'webservice') return;
    const traits = asArray(component.traits).map((t) => asObject(t) ?? {});
    const j = traits.findIndex((t) => t.type === 'hpa' || t.type === 'scaler');
    const properties = asObject(traits[j]?.properties) ?? {};
    const field = j < 0 ? `spec.components[${i}].traits` : `spec.components[${i}].traits[${j}].properties.${traits[j].type === 'hpa' ? 'min' : 'replicas'}`;
    const pods = j < 0 ? 1 : traits[j].type === 'hpa' ? properties.min : properties.replicas;
    if (typeof pods === 'number' && pods >= 2) return;
    add(
      field,
      `${j < 0 ? 'no scaler (1 pod)' : show(pods)} is not allowed: at least 2 pods in production (environment ${env}), so that a node drain or a rollout never takes the app down; or the app's singleInstanceReason (annotation ${SINGLE_INSTANCE_ANNOTATION} of its catalog Component) says why one is enough`,
    );
  });
}
