import { teamDefinitionOutputs } from '../../definitions/team-allowlist';
import { type TeamKind, kindListed, showKind } from '../../org/team-kinds';
import type { RuleTeam } from './context';
import {
  ARGO_TRACKING_ANNOTATION,
  KEEPING_SYNC_OPTIONS,
  PREVIEW_EXCLUDED_KINDS,
  PREVIEW_TRACKED_KINDS,
  previewAppsApplication,
  previewExcludes,
  previewNamespacePattern,
} from '../../org/preview-names';
import { type RuleCheck, type TenantRule, asObject, celString, celStrings } from './rule';

type Obj = Record<string, unknown>;

/** What a team's deployer may create: the kinds Argo CD applies from its apps folder, and what its allowed KubeVela definitions render. */
export function deployerKinds(team: RuleTeam): TeamKind[] {
  const out: TeamKind[] = [...team.allowedKinds];
  for (const o of teamDefinitionOutputs()) if (!kindListed(out, o)) out.push({ group: o.group, kind: o.kind });
  return out;
}

/**
 * The kinds a team's deployer creates in the team's namespaces: those of its
 * apps folder (`Team.allowedKinds`) and what its allowed definitions render,
 * nothing else (its role says the same; this is the cluster's second word).
 */
export function kindsRule(team: RuleTeam): TenantRule {
  const kinds = deployerKinds(team);
  const list = `[${kinds.map((k) => `[${celString(k.group)}, ${celString(k.kind)}]`).join(', ')}]`;
  const match = (g: string, k: string) => `(${list}.exists(e, (e[0] == '*' || e[0] == ${g}) && (e[1] == '*' || e[1] == ${k})))`;
  const allowed = ` is not allowed in team ${team.name}'s namespaces: one of ${kinds.map(showKind).join(', ')} (a platform engineer can add kinds to the team's extraKinds in the org)`;
  return {
    name: `paved-team-kinds-${team.name}`,
    summary: `Team ${team.name}'s deployer creates only the team's kinds.`,
    team: team.name,
    namespaces: team.namespaces,
    resources: [{ group: '*', version: '*', resource: '*', kind: '*' }],
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks: [
      {
        field: 'kind',
        expression: match('request.kind.group', 'request.kind.kind'),
        messageExpression: `request.kind.kind + (request.kind.group == '' ? '' : ' (' + request.kind.group + ')') + ${celString(allowed)}`,
        check: (_o, k) => (kindListed(kinds, k) ? undefined : `${showKind(k)}${allowed}`),
      },
      ...previewKindChecks(team),
    ],
  };
}

const KEEP = new RegExp(KEEPING_SYNC_OPTIONS);
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const HOOKS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/**
 * In a team's preview of a pull request (`<team>-pr-<number>`, whose files
 * nobody reviewed): none of the kinds a preview never holds (alerts, scrapes,
 * claims: `PREVIEW_EXCLUDED_KINDS`), nothing Argo CD would keep when the
 * preview is torn down (`Delete=false`, `Prune=false`, a hook), and no Grafana
 * dashboard (its sidecar reads every namespace's).
 */
function previewKindChecks(team: RuleTeam): RuleCheck[] {
  const previewNs = previewNamespacePattern(team.name);
  const previewRe = new RegExp(previewNs);
  const inPreview = (o: Obj) => previewRe.test(String(asObject(o.metadata)?.namespace ?? ''));
  const celInPreview = `namespaceObject.metadata.name.matches(${celString(previewNs)})`;
  const excluded = `[${PREVIEW_EXCLUDED_KINDS.map((k) => `[${celString(k.group)}, ${celString(k.kind)}]`).join(', ')}]`;
  const kindsMessage = ` is not allowed in a preview of a pull request: ${PREVIEW_EXCLUDED_KINDS.map(showKind).join(', ')} never are (a preview pages no one and has no data)`;
  const keepMessage = `is not allowed in a preview of a pull request: nothing Argo CD keeps when the preview is torn down (${SYNC_OPTIONS} Delete=false or Prune=false, ${HOOKS.join(', ')})`;
  const tracked = `[${PREVIEW_TRACKED_KINDS.map((k) => `[${celString(k.group)}, ${celString(k.kind)}]`).join(', ')}]`;
  const trackingMessage = "is not allowed in a preview of a pull request: what the preview's own Argo CD Application (<namespace>-apps) applies, never another pull request's";
  const dashboardMessage = "a ConfigMap labelled grafana_dashboard is not allowed in a preview of a pull request: Grafana reads every namespace's dashboards";
  const annotations = (o: Obj) => asObject(asObject(o.metadata)?.annotations) ?? {};
  const keeps = (o: Obj) => {
    const a = annotations(o);
    return HOOKS.some((h) => h in a) || (typeof a[SYNC_OPTIONS] === 'string' && KEEP.test(a[SYNC_OPTIONS] as string));
  };
  const celAnn = 'object.metadata.annotations';
  const celKeeps = `(has(object.metadata.annotations) && (${celStrings(HOOKS)}.exists(h, h in ${celAnn}) || (${celString(SYNC_OPTIONS)} in ${celAnn} && ${celAnn}[${celString(SYNC_OPTIONS)}].matches(${celString(KEEPING_SYNC_OPTIONS)}))))`;
  return [
    {
      field: 'kind',
      expression: `!${celInPreview} || !${excluded}.exists(e, e[0] == request.kind.group && e[1] == request.kind.kind)`,
      messageExpression: `request.kind.kind + (request.kind.group == '' ? '' : ' (' + request.kind.group + ')') + ${celString(kindsMessage)}`,
      check: (o, k) => (inPreview(o) && previewExcludes(k) ? `${showKind(k)}${kindsMessage}` : undefined),
    },
    {
      field: 'metadata.annotations',
      expression: `!${celInPreview} || !${celKeeps}`,
      messageExpression: celString(keepMessage),
      check: (o) => (inPreview(o) && keeps(o) ? keepMessage : undefined),
    },
    {
      field: `metadata.annotations["${ARGO_TRACKING_ANNOTATION}"]`,
      expression: `!${celInPreview} || !${tracked}.exists(e, e[0] == request.kind.group && e[1] == request.kind.kind) || (has(object.metadata.annotations) && ${celString(ARGO_TRACKING_ANNOTATION)} in ${celAnn} && ${celAnn}[${celString(ARGO_TRACKING_ANNOTATION)}].startsWith(namespaceObject.metadata.name + '-apps:'))`,
      messageExpression: celString(trackingMessage),
      // (a file names no tracking: Argo CD sets it, to the Application reading the file, which the preview render checks)
      check: (o, k) => {
        const id = annotations(o)[ARGO_TRACKING_ANNOTATION];
        const ns = String(asObject(o.metadata)?.namespace ?? '');
        return inPreview(o) && PREVIEW_TRACKED_KINDS.some((t) => t.group === k.group && t.kind === k.kind) && id !== undefined && !String(id).startsWith(`${previewAppsApplication(ns)}:`)
          ? trackingMessage
          : undefined;
      },
    },
    {
      field: 'metadata.labels.grafana_dashboard',
      kinds: ['ConfigMap'],
      expression: `!${celInPreview} || !has(object.metadata.labels) || !('grafana_dashboard' in object.metadata.labels)`,
      messageExpression: celString(dashboardMessage),
      check: (o) => (inPreview(o) && asObject(asObject(o.metadata)?.labels)?.grafana_dashboard !== undefined ? dashboardMessage : undefined),
    },
  ];
}
