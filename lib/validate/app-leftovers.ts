import type { ManifestObject } from './findings';

/** The label paved (and KubeVela) put on everything of one app. */
const APP_LABEL = 'app.oam.dev/name';

/**
 * The labels of the NetworkPolicies of one consented call (the service graph
 * writes two per call, one in each app's namespace): which app calls which.
 */
export const CALL_LABELS = {
  /** The caller's namespace. */
  callerNamespace: 'paved.dev/caller-namespace',
  /** The caller's name. */
  caller: 'paved.dev/caller',
  /** The called app's namespace. */
  calleeNamespace: 'paved.dev/callee-namespace',
  /** The called app's name. */
  callee: 'paved.dev/callee',
} as const;

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** A per-app object paved writes outside the app's folder whose app the tree no longer holds. */
export interface LeftoverProblem {
  readonly object: ManifestObject;
  readonly message: string;
}

const REMEDY = "a synth of the tree with the app gone removes it (npm run synth), or the app's Application is missing";

/**
 * The per-app objects paved writes outside an app's folder (its NetworkPolicy
 * in the team's tenancy, and the two NetworkPolicies of each call it makes or
 * takes) whose app, a KubeVela Application of that name in that namespace, is
 * not in the tree: left behind when the app went (e.g. a team repository's
 * proposal dropped it), they would keep its network paths open for whatever
 * next takes the name. A call's policies go when either of its apps goes.
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
    if (labels['app.kubernetes.io/managed-by'] !== 'paved') continue;
    const call = callOf(labels);
    if (call) {
      const gone = [call.caller, call.callee].filter((end) => !apps.has(end));
      if (gone.length > 0) {
        problems.push({
          object: m,
          message: `opens the call of app ${call.caller} to app ${call.callee} (its labels ${CALL_LABELS.callerNamespace}, ${CALL_LABELS.caller}, ${CALL_LABELS.calleeNamespace}, ${CALL_LABELS.callee}), and the tree no longer holds ${gone.map((g) => `app ${g}`).join(' nor ')}: ${REMEDY}`,
        });
      }
      continue;
    }
    const app = labels[APP_LABEL];
    if (typeof app !== 'string') continue;
    if (apps.has(`${String(metadata.namespace)}/${app}`)) continue;
    problems.push({
      object: m,
      message: `belongs to app ${app} (its label ${APP_LABEL}), which the tree no longer holds in namespace ${String(metadata.namespace)}: ${REMEDY}`,
    });
  }
  return problems;
}

/** The two apps (`namespace/name`) of a call's NetworkPolicy, when its labels name them (any of them present makes it one). */
function callOf(labels: Obj): { caller: string; callee: string } | undefined {
  const values = Object.values(CALL_LABELS).map((l) => labels[l]);
  if (values.every((v) => v === undefined)) return undefined;
  const [callerNamespace, caller, calleeNamespace, callee] = values.map((v) => (typeof v === 'string' ? v : '?'));
  return { caller: `${callerNamespace}/${caller}`, callee: `${calleeNamespace}/${callee}` };
}
