import { appExternalSecret } from '../../k8s/app-objects';
import type { Team } from '../../org/team';
import { isConfigKey, isDuration, isEnvVarName } from '../../private/names';
import type { WebserviceEnvVar } from '../../private/kubevela';
import { type AppSecret, SecretMetadataPolicy } from '../app-props';
import type { Facet, FacetContext } from './facet';

/** The name of the Secret that holds an app's secrets. @internal */
export function appSecretName(app: string): string {
  return `${app}-secrets`;
}

/**
 * The app's secrets: an ExternalSecret copies them from the team's store (AWS Secrets Manager, under the team's
 * prefix) into one Secret the app reads as environment variables.
 * @internal
 */
export const secretsFacet: Facet = (props, ctx) => {
  const { app, check, namespace, teamScope } = ctx;
  const refresh = props.secretRefreshInterval ?? '1h';
  check.check(isDuration(refresh), 'secretRefreshInterval', refresh, 'a Go duration such as "1m", "1h" or "1h30m"');
  const secrets = props.secrets ?? [];
  const env = secretEnv(props.team, secrets, ctx);
  if (secrets.length === 0 || !teamScope) return { env };
  const keys = secrets.map((s) => ({ secretKey: s.name, key: s.key, ...(s.property !== undefined ? { property: s.property } : {}), fetchMetadata: s.metadataPolicy === SecretMetadataPolicy.FETCH }));
  return {
    env,
    objects: (scope, labels) =>
      appExternalSecret(scope, 'ExternalSecret', { name: appSecretName(app), namespace, labels: { ...labels }, refreshInterval: refresh, storeName: teamScope.secretStoreName, keys }),
  };
};

function secretEnv(team: Team, secrets: readonly AppSecret[], { app, check, envNames }: FacetContext): WebserviceEnvVar[] {
  const secretKeys = new Set<string>();
  return secrets.map((s, i) => {
    const at = `secrets[${i}]`;
    if (check.check(isConfigKey(s.name), `${at}.name`, s.name, 'a Secret key: letters, digits, "-", "_" and "."')) {
      check.check(!secretKeys.has(s.name), `${at}.name`, s.name, 'a name no other secret of this app has');
      secretKeys.add(s.name);
    }
    check.check(team.ownsSecretKey(s.key), `${at}.key`, s.key, `a Secrets Manager name under team ${team.name}'s prefix "${team.secretPrefix}"`);
    if (s.property !== undefined) check.check(s.property.length > 0, `${at}.property`, s.property, 'a non-empty property or tag name');
    if (s.metadataPolicy !== undefined) {
      check.check(Object.values(SecretMetadataPolicy).includes(s.metadataPolicy), `${at}.metadataPolicy`, s.metadataPolicy, `one of ${Object.values(SecretMetadataPolicy).join(', ')}`);
    }
    const envVar = s.envVar ?? s.name.toUpperCase().replace(/[-.]/g, '_');
    if (check.check(isEnvVarName(envVar), `${at}.envVar`, envVar, 'an environment variable name: letters, digits and "_", not starting with a digit')) {
      check.check(envNames.claim(envVar), `${at}.envVar`, envVar, 'a variable not already set by `env` or another secret');
    }
    return { name: envVar, valueFrom: { secretKeyRef: { name: appSecretName(app), key: s.name } } };
  });
}
