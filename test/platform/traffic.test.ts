import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { coveredByZoneCertificate, loadManifests } from '../../lib';
import { synthInfra } from '../../lib/infra/synth-infra';
import { org } from '../../platform/org';
import { ROOT, paved } from '../cli-util';

type Json = Record<string, any>;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-traffic-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const stacks: Record<string, Json> = Object.fromEntries(synthInfra({ org, outdir }).stacks.map((s) => [s.name, JSON.parse(fs.readFileSync(s.file, 'utf8'))]));
const values = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const tree = loadManifests(path.join(ROOT, 'gitops')).objects;
const rendered = parseAllDocuments(paved(['render', 'gitops']).stdout)
  .map((d) => d.toJS() as Json)
  .filter(Boolean);

describe.each(org.environments.map((e) => e.name))('a route in %s, end to end: DNS record → load balancer → route → Service → pod', (envName) => {
  const env = org.environment(envName);
  const stack = stacks[envName];
  const inEnv = tree.filter((m) => m.file.startsWith(`${envName}/`)).map((m) => m.object as Json);
  const application = (chart: string) => inEnv.find((o) => o.kind === 'Application' && o.spec?.source?.chart === chart) as Json;
  // rendered objects carry their environment's file in the comment paved render writes; Applications are per environment
  const ingresses = rendered.filter(
    (o) =>
      o.kind === 'Ingress' &&
      inEnv.some(
        (a) =>
          a.kind === 'Application' &&
          a.apiVersion === 'core.oam.dev/v1beta1' &&
          a.metadata.name === o.metadata.labels['app.oam.dev/name'] &&
          a.metadata.namespace === o.metadata.namespace &&
          a.spec.components[0].traits.some((t: Json) => t.type === 'gateway' && t.properties.domain === o.spec.rules[0].host),
      ),
  );

  test('the DNS: external-dns writes records in exactly the zones the cloud stack hosts, as the role the stack creates for it', () => {
    const externalDns = application('external-dns').spec.source.helm.valuesObject;
    expect([...externalDns.domainFilters].sort()).toEqual(
      values(stack, 'aws_route53_zone')
        .map((z) => z.name)
        .sort(),
    );
    expect(externalDns.txtOwnerId).toBe(env.clusterName);
    expect(externalDns.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(`arn:aws:iam::${env.awsAccountId}:role/${env.externalDnsRoleName()}`);
    expect(values(stack, 'aws_iam_role').map((r) => r.name)).toContain(env.externalDnsRoleName());
  });

  test("the load balancer: the controller finds the stack's VPC by its name, runs as the stack's role, and serves the org's class", () => {
    const lbc = application('aws-load-balancer-controller').spec.source.helm.valuesObject;
    expect(lbc.vpcTags).toEqual({ Name: values(stack, 'aws_vpc')[0].tags.Name });
    expect(lbc.clusterName).toBe(values(stack, 'aws_eks_cluster')[0].name);
    expect(lbc.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(`arn:aws:iam::${env.awsAccountId}:role/${env.loadBalancerControllerRoleName()}`);
    expect(values(stack, 'aws_iam_role').map((r) => r.name)).toContain(env.loadBalancerControllerRoleName());
    const ingressClass = inEnv.find((o) => o.kind === 'IngressClass');
    expect(ingressClass?.metadata.name).toBe(env.ingressClass);
    expect(ingressClass?.spec.controller).toBe('ingress.k8s.aws/alb');
    // it places the load balancer in the subnets the stack tags for it
    expect(values(stack, 'aws_subnet').filter((s) => s.tags['kubernetes.io/role/elb'] === '1')).toHaveLength(env.availabilityZones);
  });

  test('every app with a domain has one rendered Ingress of that class, with TLS for exactly its host, covered by the certificate of a zone the stack hosts', () => {
    const domains = inEnv
      .filter((o) => o.apiVersion === 'core.oam.dev/v1beta1' && o.kind === 'Application')
      .flatMap((a) => a.spec.components[0].traits.filter((t: Json) => t.type === 'gateway').map((t: Json) => t.properties.domain));
    expect(domains.length).toBeGreaterThan(0);
    expect(ingresses.map((i) => i.spec.rules[0].host).sort()).toEqual([...domains].sort());
    const zones = values(stack, 'aws_acm_certificate').map((c) => c.subject_alternative_names[0] as string);
    for (const ingress of ingresses) {
      const host: string = ingress.spec.rules[0].host;
      expect(ingress.spec.ingressClassName).toBe(env.ingressClass);
      expect(ingress.spec.tls.map((t: Json) => t.hosts)).toEqual([[host]]);
      expect(JSON.parse(ingress.metadata.annotations['alb.ingress.kubernetes.io/listen-ports'])).toEqual([{ HTTP: 80 }, { HTTPS: 443 }]);
      expect(zones.filter((z) => coveredByZoneCertificate(host, z))).toHaveLength(1);
    }
  });

  test("every route reaches a pod: its Service port targets the container's port, and the namespace admits the load balancer's subnets", () => {
    const publicSubnets = values(stack, 'aws_subnet')
      .filter((s) => s.tags['kubernetes.io/role/elb'] === '1')
      .map((s) => s.cidr_block)
      .sort();
    for (const ingress of ingresses) {
      const backend = ingress.spec.rules[0].http.paths[0].backend.service;
      const service = rendered.find((o) => o.kind === 'Service' && o.metadata.name === backend.name && o.metadata.namespace === ingress.metadata.namespace);
      const port = service?.spec.ports.find((p: Json) => p.port === backend.port.number);
      const deployment = rendered.find((o) => o.kind === 'Deployment' && o.metadata.name === backend.name && o.metadata.namespace === ingress.metadata.namespace);
      expect(deployment?.spec.template.spec.containers[0].ports.map((p: Json) => p.containerPort)).toContain(port?.targetPort);
      const policy = inEnv.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-load-balancer' && o.metadata.namespace === ingress.metadata.namespace);
      expect(policy?.spec.ingress[0].from.map((f: Json) => f.ipBlock.cidr).sort()).toEqual(publicSubnets);
    }
  });
});
