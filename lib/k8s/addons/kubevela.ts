import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { VELA_SYSTEM_NAMESPACE } from '../../definitions/namespace';
import { placeIn } from '../../private/placement';
import { teamDeployerAccount } from '../app-project';
import { PlatformEnvironment } from '../platform-environment';
import { TEAM_DEFINITIONS_ROLE, teamDefinitionsRules } from '../team-deployer';
import { KUBEVELA } from '../../addons/kubevela';
import { AddOn, type AddOnProps, addOnSpec } from './addon';

/** Props of {@link KubeVelaAddOn}. */
export interface KubeVelaAddOnProps extends AddOnProps {}

export { KUBEVELA_AUTH_VALUES, KUBEVELA_DEFAULT_USER } from '../../addons/kubevela';

/** The ValidatingAdmissionPolicy (and its binding) that holds each Application to the user applying it. */
export const KUBEVELA_USER_POLICY = 'paved-kubevela-applying-user';

const ANNOTATIONS = 'object.metadata.annotations';
const OLD = 'oldObject.metadata.annotations';
const USER = "'app.oam.dev/username'";
const GROUP = "'app.oam.dev/group'";
const ACCOUNT = "'app.oam.dev/service-account-name'";

/**
 * The CEL of {@link KUBEVELA_USER_POLICY}. vela-core's webhooks fail open (the
 * chart sets `failurePolicy: Ignore` while its certificate job manages their
 * CA), and the controller impersonates whatever user and groups an
 * Application's annotations name. So the API server itself, whether or not
 * the webhook ran: an Application records as its user exactly the user
 * applying it, and no group (`app.oam.dev/group` empty), or it keeps the
 * ones it had (vela-core's own updates, a change that leaves them alone);
 * and it never names a service account (`app.oam.dev/service-account-name`).
 */
export const KUBEVELA_USER_VALIDATIONS: readonly { readonly expression: string; readonly messageExpression: string }[] = [
  {
    expression: `!has(${ANNOTATIONS}) || !(${ACCOUNT} in ${ANNOTATIONS})`,
    messageExpression: `'Application ' + object.metadata.namespace + '/' + object.metadata.name + ': metadata.annotations: app.oam.dev/service-account-name is not allowed: KubeVela applies an Application as the user who applied it'`,
  },
  {
    expression: [
      `(oldObject != null && has(${OLD}) && has(${ANNOTATIONS}) && ${USER} in ${OLD} && ${USER} in ${ANNOTATIONS}`,
      ` && ${ANNOTATIONS}[${USER}] == ${OLD}[${USER}]`,
      ` && (${GROUP} in ${ANNOTATIONS}) == (${GROUP} in ${OLD})`,
      ` && (!(${GROUP} in ${ANNOTATIONS}) || ${ANNOTATIONS}[${GROUP}] == ${OLD}[${GROUP}]))`,
      ` || (has(${ANNOTATIONS}) && ${USER} in ${ANNOTATIONS} && ${ANNOTATIONS}[${USER}] == request.userInfo.username`,
      ` && (!(${GROUP} in ${ANNOTATIONS}) || ${ANNOTATIONS}[${GROUP}] == ''))`,
    ].join(''),
    messageExpression: `'Application ' + object.metadata.namespace + '/' + object.metadata.name + ': metadata.annotations: app.oam.dev/username must name the user applying it (' + request.userInfo.username + ') and app.oam.dev/group be empty: KubeVela applies what the Application renders as that user (is the webhook of vela-core running?)'`,
  },
];

/**
 * KubeVela's core controller (vela-core), which installs the built-in
 * component and trait definitions the platform's apps use into `vela-system`.
 * Its certificate job patches the webhooks' CA, which Argo CD must leave alone.
 *
 * Authentication is on ({@link KUBEVELA_AUTH_VALUES}): its admission webhook
 * records who applied each Application (for a team's, the team's deployer,
 * as whom Argo CD syncs it) and the controller impersonates that user when it
 * applies what the Application renders, so a team's Application creates only
 * what the team's deployer may. Definition permissions are checked: the Role
 * `paved-team-definitions` in `vela-system` (bound to every team's deployer)
 * lets team deployers `get` exactly the definitions of `TEAM_DEFINITIONS`,
 * so KubeVela itself refuses any other. Its webhooks fail open, so a
 * ValidatingAdmissionPolicy ({@link KUBEVELA_USER_VALIDATIONS}) makes the API
 * server refuse an Application whose recorded user is not the one applying it.
 */
export class KubeVelaAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: KubeVelaAddOnProps) {
    super(scope, id, addOnSpec(scope, KUBEVELA, props.version));
    const config = new Construct(this, 'TeamDefinitions');
    placeIn(config, 'platform/config/kubevela');
    new KubeRole(config, 'Role', {
      metadata: { name: TEAM_DEFINITIONS_ROLE, namespace: VELA_SYSTEM_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'paved' } },
      rules: teamDefinitionsRules().map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs], resourceNames: [...(r.resourceNames ?? [])] })),
    });
    const labels = { 'app.kubernetes.io/managed-by': 'paved' };
    // every team's deployer may use them (and through it, every team's Application)
    new KubeRoleBinding(config, 'RoleBinding', {
      metadata: { name: TEAM_DEFINITIONS_ROLE, namespace: VELA_SYSTEM_NAMESPACE, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: TEAM_DEFINITIONS_ROLE },
      subjects: PlatformEnvironment.of(this).org.teams.map((t) => ({ kind: 'ServiceAccount', ...teamDeployerAccount(t) })),
    });
    new ApiObject(config, 'UserPolicy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: KUBEVELA_USER_POLICY, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['core.oam.dev'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['applications'] }] },
        validations: KUBEVELA_USER_VALIDATIONS.map((v) => ({ ...v, reason: 'Forbidden' })),
      },
    });
    new ApiObject(config, 'UserPolicyBinding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: KUBEVELA_USER_POLICY, labels },
      spec: { policyName: KUBEVELA_USER_POLICY, validationActions: ['Deny'] },
    });
  }
}
