import { PREVIEW_GATEWAY_TRAIT } from '../definitions/traits';
import { KEEPING_SYNC_OPTIONS, PREVIEW_HOST_LABEL_MAX, PREVIEWS_FOLDER } from '../org/preview-names';
import { compareStrings } from '../private/compare';

type Obj = Record<string, unknown>;

/** An object of the tree and its file, relative to the tree's root. */
export interface TreeObject {
  readonly file: string;
  readonly object: Obj;
}

/** A team as its previews are copied: its name, namespaces and zone in the environment. */
export interface PreviewTeamScope {
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly zone: string;
}

const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isVelaApplication = (o: Obj) => o.kind === 'Application' && String(o.apiVersion).startsWith('core.oam.dev/');

/** Whether Argo CD keeps the object when it leaves the tree (a claim, anything that owns data): an app with one is never previewed. */
export function ownsData(object: Obj): boolean {
  const options = asObject(asObject(object.metadata)?.annotations)?.['argocd.argoproj.io/sync-options'];
  return typeof options === 'string' && new RegExp(KEEPING_SYNC_OPTIONS).test(options);
}

/**
 * Whether a preview carries an object of an app's folder: its KubeVela
 * Application, its ExternalSecrets (from the preview's own SecretStore) and its
 * ConfigMaps; not its alerts, scrapes or dashboards (a preview pages no one and
 * fills no dashboard) and not its NetworkPolicies (the preview's tenancy lets
 * the preview's apps call each other, nothing else).
 */
function previewed(object: Obj): boolean {
  if (isVelaApplication(object)) return true;
  if (object.kind === 'ExternalSecret' && String(object.apiVersion).startsWith('external-secrets.io/')) return true;
  const labels = asObject(asObject(object.metadata)?.labels) ?? {};
  return object.apiVersion === 'v1' && object.kind === 'ConfigMap' && labels.grafana_dashboard === undefined;
}

/** The host label a route's domain gives its preview: its first label, or the app's name for the zone's own host; at most {@link PREVIEW_HOST_LABEL_MAX} characters. */
function hostLabel(domain: unknown, zone: string, app: string): string {
  const label = typeof domain === 'string' && domain.endsWith(`.${zone}`) ? domain.slice(0, -(zone.length + 1)) : app;
  return label.slice(0, PREVIEW_HOST_LABEL_MAX).replace(/-+$/, '');
}

/** One trait as a preview runs it: a gateway on the preview's host, one replica, no autoscaler or disruption budget (a preview's quota is small). */
function previewTrait(trait: Obj, zone: string, app: string): Obj[] {
  const props = asObject(trait.properties) ?? {};
  if (trait.type === 'hpa' || trait.type === 'paved-pdb') return [];
  if (trait.type === 'scaler') return [{ ...trait, properties: { ...props, replicas: 1 } }];
  if (trait.type !== 'gateway') return [trait];
  // the gateway's properties the preview's trait takes (it sets the class in the Ingress's spec)
  const kept = Object.fromEntries(['http', 'class', 'secretName', 'pathType', 'annotations'].filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
  return [{ type: PREVIEW_GATEWAY_TRAIT, properties: { label: hostLabel(props.domain, zone, app), zone, ...kept } }];
}

/** An environment value that names a Service of the team by its cluster DNS name, as the preview's namespace resolves it (the Service's short name). */
function previewValue(value: unknown, team: PreviewTeamScope): unknown {
  if (typeof value !== 'string') return value;
  return team.namespaces.reduce((v, ns) => v.replace(new RegExp(`\\.${ns.replace(/[-.]/g, '\\$&')}\\.svc\\.cluster\\.local\\b`, 'g'), ''), value);
}

/** A KubeVela Application as a preview runs it (see {@link previewAppFiles}). */
function previewApplication(object: Obj, app: string, team: PreviewTeamScope): Obj {
  const spec = asObject(object.spec) ?? {};
  const components = asArray(spec.components).map((c) => {
    const component = asObject(c) ?? {};
    const props = asObject(component.properties) ?? {};
    const env = asArray(props.env).map((e) => {
      const entry = asObject(e) ?? {};
      return 'value' in entry ? { ...entry, value: previewValue(entry.value, team) } : entry;
    });
    const traits = asArray(component.traits).flatMap((t) => previewTrait(asObject(t) ?? {}, team.zone, app));
    return { ...component, properties: { ...props, ...(props.env === undefined ? {} : { env }) }, ...(component.traits === undefined ? {} : { traits }) };
  });
  return { ...object, spec: { ...spec, components } };
}

/**
 * The files of a team's preview apps, `<env>/previews/<team>/apps/<app>/`, from
 * the team's apps folder of the environment (its own repository's files too):
 * every app that owns no data (an app with a database or a bucket is not
 * previewed: a preview has no data of its own, and never production's), its
 * objects without `metadata.namespace` (Argo CD puts them into the pull
 * request's namespace), each route the `paved-preview-gateway` trait (the host
 * computed in the cluster from the preview's namespace), one replica, the
 * team's Services named as the preview's namespace resolves them. One folder
 * per app and no file that lists them: two pull requests that add apps never
 * edit the same file.
 */
export function previewAppFiles(env: string, team: PreviewTeamScope, objects: readonly TreeObject[]): TreeObject[] {
  const prefix = `${env}/teams/${team.name}/apps/`;
  const out: TreeObject[] = [];
  const appOf = (file: string) => file.slice(prefix.length).split('/')[0];
  const withData = new Set(objects.filter((m) => m.file.startsWith(prefix) && ownsData(m.object)).map((m) => appOf(m.file)));
  for (const m of [...objects].sort((a, b) => compareStrings(a.file, b.file))) {
    if (!m.file.startsWith(prefix) || withData.has(appOf(m.file)) || !previewed(m.object)) continue;
    const [app, ...rest] = m.file.slice(prefix.length).split('/');
    if (rest.length !== 1) continue;
    const { namespace: _ns, ...metadata } = asObject(m.object.metadata) ?? {};
    const object: Obj = { ...m.object, metadata };
    const copy = isVelaApplication(object) ? previewApplication(object, app, team) : object;
    out.push({ file: `${env}/${PREVIEWS_FOLDER}/${team.name}/apps/${app}/${rest[0]}`, object: copy });
  }
  return out;
}
