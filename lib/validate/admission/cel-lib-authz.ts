/**
 * The Kubernetes CEL authorizer library (k8s.io/apiserver/pkg/cel/library/authz.go),
 * offline: the builders (`authorizer.group('apps').resource('deployments')
 * .namespace('x').name('y')`, `authorizer.path('/healthz')`,
 * `authorizer.serviceAccount(ns, name)`, `authorizer.requestResource`, the
 * field and label selectors) read as upstream's, and the decision
 * (`check(verb)` and what is read from it) fails with an error that says it
 * {@link OFFLINE}: paved has no cluster to ask, and a policy whose outcome
 * depends on an authorizer's answer is reported, never passed silently.
 * (CEL's error absorption still holds: `authorizer...allowed() || true` is
 * true whatever the answer, as on the API server.)
 *
 * @internal
 */
import { type CelFunc, CelScalar, celMethod } from '@bufbuild/cel';
import { OFFLINE } from './cel-offline';
import { AUTHORIZER_TYPE, types } from './cel-types';

const { STRING, BOOL } = CelScalar;
const PATH = types.pathCheck.cel;
const GROUP = types.groupCheck.cel;
const RESOURCE = types.resourceCheck.cel;
const DECISION = types.decision.cel;

const resourceCheck = () => types.resourceCheck.make('', null);
const offline = (): never => {
  throw new Error(`an authorizer check ${OFFLINE}: paved has no cluster to ask what the request's user may do`);
};

export const AUTHZ_FUNCTIONS: CelFunc[] = [
  celMethod('path', AUTHORIZER_TYPE, [STRING], PATH, () => types.pathCheck.make('', null)),
  celMethod('group', AUTHORIZER_TYPE, [STRING], GROUP, () => types.groupCheck.make('', null)),
  celMethod('serviceAccount', AUTHORIZER_TYPE, [STRING, STRING], AUTHORIZER_TYPE, function () {
    return this;
  }),
  celMethod('resource', GROUP, [STRING], RESOURCE, resourceCheck),
  celMethod('subresource', RESOURCE, [STRING], RESOURCE, resourceCheck),
  celMethod('namespace', RESOURCE, [STRING], RESOURCE, resourceCheck),
  celMethod('name', RESOURCE, [STRING], RESOURCE, resourceCheck),
  celMethod('fieldSelector', RESOURCE, [STRING], RESOURCE, resourceCheck),
  celMethod('labelSelector', RESOURCE, [STRING], RESOURCE, resourceCheck),
  celMethod('check', RESOURCE, [STRING], DECISION, offline),
  celMethod('check', PATH, [STRING], DECISION, offline),
  celMethod('allowed', DECISION, [], BOOL, offline),
  celMethod('errored', DECISION, [], BOOL, offline),
  celMethod('reason', DECISION, [], STRING, offline),
  celMethod('error', DECISION, [], STRING, offline),
];
