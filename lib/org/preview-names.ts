import { TEAM_CLAIM_KINDS } from './team-kinds';

/**
 * The names a preview of a pull request uses, shared by the synth (which writes
 * the ApplicationSets and the preview folders), the tenant rules (which hold a
 * team's preview namespaces to the team's rules) and the offline render (which
 * substitutes a sample pull request into the ApplicationSets).
 */

/** The folder of an environment's tree that holds the previews' folders (`previews/<team>/tenant`, `previews/<team>/apps/<app>`). */
export const PREVIEWS_FOLDER = 'previews';

/** The generator parameter of the pull request's number, as the ApplicationSets' go templates name it. */
export const PREVIEW_NUMBER = '{{ .number }}';

/** The generator parameter of the pull request's head commit. */
export const PREVIEW_HEAD_SHA = '{{ .head_sha }}';

/** The label on a preview namespace that names its pull request. */
export const PREVIEW_LABEL = 'paved.dev/pull-request';

/**
 * The label of a pull request that previews one team's apps: the org's preview
 * label, `:` and the team (`preview:payments`). A person sets the org's label;
 * the previews workflow then sets one per team whose apps the pull request
 * changes, and the team's ApplicationSet follows only its own.
 */
export function previewTeamLabel(label: string, team: string): string {
  return `${label}:${team}`;
}

/** The number of a preview namespace's pull request: GitHub's numbers, 1 and up, no leading zero. */
const NUMBER = '[1-9][0-9]{0,9}';

/** A team's preview namespace for a pull request (`<team>-pr-<number>`; `*` gives Argo CD's pattern). */
export function previewNamespace(team: { readonly name: string }, number: string | number): string {
  return `${team.name}-pr-${number}`;
}

/** The regular expression (RE2 and JavaScript alike) of a team's preview namespaces: `<team>-pr-<number>`. */
export function previewNamespacePattern(team: string): string {
  return `^${team}-pr-${NUMBER}$`;
}

const PREVIEW_NAMESPACE = new RegExp(`^(.+)-pr-${NUMBER}$`);

/** The team name a preview namespace names (`payments-pr-12` → `payments`), team or not, or none when it is not `<name>-pr-<n>`. */
export function previewNamespaceTeamName(namespace: string): string | undefined {
  return PREVIEW_NAMESPACE.exec(namespace)?.[1];
}

/** The team a preview namespace belongs to, among `teams` (`payments-pr-12` → `payments`), or none. */
export function previewNamespaceTeam(namespace: string, teams: readonly string[]): string | undefined {
  const name = previewNamespaceTeamName(namespace);
  return name !== undefined && teams.includes(name) ? name : undefined;
}

/**
 * The host an app's route has in a pull request's preview: the app's host
 * label, then the preview's namespace, one label below the team's zone
 * (`checkout-payments-pr-12.payments.staging.example.com`), so the team's
 * certificate covers it and no two pull requests share one. The trait
 * `paved-preview-gateway` computes it in the cluster from its namespace.
 */
export function previewHost(label: string, namespace: string, zone: string): string {
  return `${label}-${namespace}.${zone}`;
}

/** The longest host label a preview's route names (`paved-preview-gateway`'s `label`): the host's first label is it, `-` and the namespace. */
export const PREVIEW_HOST_LABEL_MAX = 20;

/** The longest team name with previews: its preview host's first label (label, `-`, `<team>-pr-<10 digits>`) stays a DNS label of 63. */
export const PREVIEW_TEAM_NAME_MAX = 63 - PREVIEW_HOST_LABEL_MAX - 1 - '-pr-'.length - 10;

/** The path, in the repository, of a team's preview apps folder. */
export function previewAppsFolder(gitopsPath: string, env: string, team: string): string {
  return [gitopsPath, env, PREVIEWS_FOLDER, team, 'apps'].join('/');
}

/** Where a file of a GitOps tree (relative to its root) is in an environment's previews folder: its team and part (`apps`, `tenant`), or none. */
export function previewFolderOf(file: string): { readonly env: string; readonly team: string; readonly part: string } | undefined {
  const [env, area, team, part] = file.split('/');
  return area === PREVIEWS_FOLDER && team !== undefined && part !== undefined ? { env, team, part } : undefined;
}

/** Whether a file of a GitOps tree (relative to its root) is in an environment's previews folder. */
export function isPreviewFile(file: string): boolean {
  return file.split('/')[1] === PREVIEWS_FOLDER;
}

/** Whether an Argo CD object is an ApplicationSet of previews (one with a pull request generator): its sources are read per pull request. */
export function isPreviewApplicationSet(object: Record<string, unknown>): boolean {
  if (object.kind !== 'ApplicationSet' || !String(object.apiVersion).startsWith('argoproj.io/')) return false;
  const generators = (object.spec as { generators?: unknown } | undefined)?.generators;
  return Array.isArray(generators) && generators.some((g) => typeof g === 'object' && g !== null && 'pullRequest' in g);
}

/**
 * Whether an Argo CD object is a preview's apps ApplicationSet: a pull request
 * generator, a template that follows exactly the pull request's head commit, in a
 * project other than `platform` (the only sources that follow no published branch).
 */
export function isPreviewAppsSet(object: Record<string, unknown>): boolean {
  if (!isPreviewApplicationSet(object)) return false;
  const spec = (object.spec as { template?: { spec?: { project?: unknown; source?: { targetRevision?: unknown }; sources?: unknown } } } | undefined)?.template?.spec;
  return spec?.sources === undefined && spec?.source?.targetRevision === PREVIEW_HEAD_SHA && typeof spec.project === 'string' && spec.project !== 'platform';
}

/**
 * The kinds a preview never holds, though its team may deploy them: alerts and
 * scrapes (a preview pages no one and fills no dashboard; a rule's labels
 * would route its alerts to any team), and claims (a preview has no data of its
 * own). Left out of the preview's project, its deployer Role and, in the cluster,
 * refused in a preview's namespace.
 */
export const PREVIEW_EXCLUDED_KINDS: readonly { readonly group: string; readonly kind: string; readonly resource: string }[] = Object.freeze([
  { group: 'monitoring.coreos.com', kind: 'PrometheusRule', resource: 'prometheusrules' },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', resource: 'servicemonitors' },
  { group: 'monitoring.coreos.com', kind: 'PodMonitor', resource: 'podmonitors' },
  ...TEAM_CLAIM_KINDS,
]);

/** Whether a preview never holds a kind (see {@link PREVIEW_EXCLUDED_KINDS}). */
export function previewExcludes(kind: { readonly group: string; readonly kind: string }): boolean {
  return PREVIEW_EXCLUDED_KINDS.some((k) => k.group === kind.group && k.kind === kind.kind);
}

/** Argo CD sync options that keep an object when it leaves Git or its Application goes (`Delete=false`, `Prune=false`), in JavaScript and RE2 alike. */
export const KEEPING_SYNC_OPTIONS = '(^|,)\\s*(Delete|Prune)=false\\s*(,|$)';

/** The annotation Argo CD's annotation tracking puts on what it applies: `<application>:<group>/<kind>:<namespace>/<name>`. */
export const ARGO_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';

/**
 * The kinds Argo CD applies from a preview's apps folder (what KubeVela renders
 * from them carries no tracking): in a preview namespace each must be tracked
 * by that namespace's own apps Application, so one pull request's preview
 * never writes into another's.
 */
export const PREVIEW_TRACKED_KINDS: readonly { readonly group: string; readonly kind: string }[] = Object.freeze([
  { group: 'core.oam.dev', kind: 'Application' },
  { group: 'external-secrets.io', kind: 'ExternalSecret' },
  { group: '', kind: 'ConfigMap' },
]);

/** The Argo CD Application that syncs a preview namespace's apps (`<team>-pr-<number>-apps`, as the ApplicationSet names it). */
export function previewAppsApplication(namespace: string): string {
  return `${namespace}-apps`;
}

/**
 * An object of a preview's apps folder as Argo CD applies it: with its tracking
 * annotation naming the preview namespace's apps Application (Argo CD sets it,
 * whatever the file says).
 */
export function asTrackedByPreview(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as Record<string, unknown>;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const apiVersion = String(object.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const id = `${previewAppsApplication(namespace)}:${group}/${String(object.kind)}:${namespace}/${String(metadata.name)}`;
  const annotations = { ...((typeof metadata.annotations === 'object' && metadata.annotations !== null ? metadata.annotations : {}) as Record<string, unknown>), [ARGO_TRACKING_ANNOTATION]: id };
  return { ...object, metadata: { ...metadata, annotations } };
}
