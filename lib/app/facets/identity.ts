import { isDns1035Label } from '../../private/names';
import { checkKnownProps } from '../../private/known-props';
import type { AppConstructProps } from '../app-props';
import type { Facet } from './facet';

/** The longest app name: derived names (`<app>-secrets`) must stay RFC 1035 labels. */
export const APP_NAME_MAX_LENGTH = 55;

/** Every prop of {@link AppConstructProps} (the compiler holds this list to the interface). */
const APP_CONSTRUCT_PROPS: Readonly<Record<keyof AppConstructProps, true>> = {
  team: true,
  image: true,
  port: true,
  domain: true,
  env: true,
  secrets: true,
  replicas: true,
  autoscaling: true,
  health: true,
  workers: true,
  cronJobs: true,
  release: true,
  calls: true,
  callableBy: true,
  singleInstanceReason: true,
  metrics: true,
  alerts: true,
  resources: true,
  writablePaths: true,
  secretRefreshInterval: true,
  runAsUser: true,
  namespace: true,
  database: true,
  buckets: true,
  description: true,
  tags: true,
  links: true,
  lifecycle: true,
  apis: true,
  repository: true,
};

/**
 * The app itself: its namespace (one of its team's), its props (none unknown), its name (unique in the team and
 * the environment) and its port, exposed inside the cluster when the app has no public route.
 * @internal
 */
export const identityFacet: Facet = (props, { app, check, namespace, platform, environment, scope }) => {
  const team = props.team;
  check.check(team.namespaces.includes(namespace), 'namespace', props.namespace, `one of team ${team.name}'s namespaces (${team.namespaces.join(', ')})`);
  checkKnownProps(check, props, APP_CONSTRUCT_PROPS, 'AppConstruct');
  if (check.check(isDns1035Label(app, APP_NAME_MAX_LENGTH), 'id', app, `an RFC 1035 label of at most ${APP_NAME_MAX_LENGTH} characters: lower-case letters, digits and "-", starting with a letter`)) {
    const first = platform._claimAppName(team, app, scope.node.path);
    check.check(first === undefined, 'id', app, `a name no other app of team ${team.name} has in environment ${environment.name} (already used by ${first})`);
  }
  check.check(Number.isInteger(props.port) && props.port >= 1 && props.port <= 65535, 'port', props.port, 'an integer from 1 to 65535');
  return { properties: { ports: [{ port: props.port, name: 'http', protocol: 'TCP', expose: props.domain === undefined }] } };
};
