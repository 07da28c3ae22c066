import { ApiObject, App } from 'cdk8s';
import { type IConstruct } from 'constructs';
import * as path from 'path';
import { ExternalDnsAddOn, Org, type OrgProps, PlatformDefinitions, PlatformEnvironment, PublicIngressClass, type ReleaseRecord, TeamScope, readReleaseFolder } from '../lib';

/** A small org: two environments, two teams. */
export const ORG_PROPS: OrgProps = {
  name: 'test',
  gitops: { repoURL: 'https://github.com/example/platform.git' },
  terraformState: { bucket: 'test-tfstate', lockTable: 'test-tflock', region: 'eu-west-1' },
  environments: [
    { name: 'staging', awsAccountId: '111111111111', awsRegion: 'eu-west-1', vpcCidr: '10.1.0.0/16', availabilityZones: 2 },
    { name: 'prod', awsAccountId: '222222222222', awsRegion: 'eu-central-1', ingressClass: 'public', vpcCidr: '10.2.0.0/16' },
  ],
  teams: [
    { name: 'payments', ownerGroup: 'payments-engineers', zone: 'payments.example.com', secretPrefix: 'teams/payments/' },
    { name: 'search', ownerGroup: 'search-engineers', zone: 'search.example.com', secretPrefix: 'teams/search/' },
  ],
};

/** A fresh org, environment chart and the namespaces of every team in it. */
export function teamScopes(envName = 'staging', props: OrgProps = ORG_PROPS) {
  const org = new Org(props);
  const app = new App();
  const platform = new PlatformEnvironment(app, envName, { org, environment: org.environment(envName) });
  const scopes = new Map(org.teams.map((t) => [t.name, new TeamScope(platform, t.name, { team: t })]));
  const scope = (name: string): TeamScope => {
    const s = scopes.get(name);
    if (!s) throw new Error(`no team ${name}`);
    return s;
  };
  return { org, app, platform, scope };
}

/** The rendered objects below a construct (its own, not its siblings'). */
export function objectsOf(construct: IConstruct): Record<string, any>[] {
  return construct.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => o.toJson());
}

/** The one object of that kind and name; fails when there is none or more than one. */
export function findObject(objects: readonly Record<string, any>[], kind: string, name: string): Record<string, any> {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found[0];
}

/** The trait of a type in a KubeVela Application's only component. */
export function trait(application: Record<string, any>, type: string): Record<string, any> | undefined {
  return application.spec.components[0].traits.find((t: { type: string }) => t.type === type)?.properties;
}

/** Runs `fn` and returns the message it throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * What every app needs of the platform, and nothing else: the platform's own
 * KubeVela definitions (disruption budgets, graceful shutdown), the public
 * IngressClass and external-dns serving the teams' zones. For synth tests
 * that install no add-on.
 */
export function minimalPlatform(env: PlatformEnvironment): void {
  new PlatformDefinitions(env, 'Definitions');
  new PublicIngressClass(env, 'PublicIngressClass');
  new ExternalDnsAddOn(env, 'ExternalDns', { version: '1.21.1' });
}

/** The example org's release records (releases/ of this repository): what `paved synth` reads beside the definition. */
export function exampleReleases(): readonly ReleaseRecord[] {
  return readReleaseFolder(path.join(__dirname, '..')).records;
}
