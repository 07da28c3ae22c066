import * as path from 'path';
import { Org, loadManifests } from '../../../lib';
import { ruleContextsOf } from '../../../lib/validate/tenant-rules';
import { proofSummary, proveTree } from '../../../lib/validate/tenant-rules/proof';
import { pavedInProcess } from '../../cli-util';

const ROOT = path.join(__dirname, '..', '..', '..');
const org = Org.fromFile(path.join(ROOT, 'gitops', 'org.json'));
const contexts = ruleContextsOf(org);
const { objects } = loadManifests(path.join(ROOT, 'gitops'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects of the tree, reached into by path
type Obj = Record<string, any>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('proof before apply: the admission policies evaluated on what each identity will apply', () => {
  test("every object of the example tree is admitted by every policy of the tree, and each of the tenant rules' policies matched some", () => {
    const proofs = proveTree(contexts, objects, [], { perTopLevelFolder: true });
    expect(proofs.map((p) => p.cluster)).toEqual(['prod', 'staging']);
    for (const p of proofs) {
      expect(p.policiesFrom).toBe('tree');
      expect(p.findings).toEqual([]);
      expect(p.admitted).toBe(p.objects);
      expect(p.objects).toBeGreaterThan(150);
      const matched = Object.fromEntries(p.bindings.map((b) => [b.policy, b.matched]));
      for (const name of [
        'paved-team-definitions',
        'paved-team-routes',
        'paved-team-images',
        'paved-team-claims',
        'paved-team-kinds-payments',
        'paved-team-hosts-payments',
        'paved-kubevela-applying-user',
      ]) {
        expect({ name, matched: matched[name] > 0 }).toEqual({ name, matched: true });
      }
    }
  });

  test('a tenant policy edited by hand in the tree, or missing from it, is an error: the cluster would enforce other rules than paved checks', () => {
    const edited = objects.map((m) => {
      if (m.object.kind !== 'ValidatingAdmissionPolicy' || !m.file.startsWith('prod/') || (m.object.metadata as Obj).name !== 'paved-team-images') return m;
      const object = clone(m.object) as Obj;
      object.spec.validations[0].expression = 'true';
      return { ...m, object };
    });
    const withoutRoutes = objects.filter((m) => !(m.file.startsWith('staging/') && m.object.kind === 'ValidatingAdmissionPolicyBinding' && (m.object.metadata as Obj).name === 'paved-team-routes'));
    const prod = proveTree(contexts, edited, [], { perTopLevelFolder: true }).find((p) => p.cluster === 'prod');
    expect(prod?.findings.map((f) => `${f.file}: ${f.object}: ${f.message}`)).toEqual([
      "prod/platform/config/admission/validatingadmissionpolicy-paved-team-images.yaml: ValidatingAdmissionPolicy paved-team-images: is not what the org's tenant rule paved-team-images generates: the cluster would enforce other rules than paved checks (npm run synth writes it)",
    ]);
    const staging = proveTree(contexts, withoutRoutes, [], { perTopLevelFolder: true }).find((p) => p.cluster === 'staging');
    expect(staging?.findings.map((f) => f.message)).toEqual([
      'is missing: the tenant rule paved-team-routes of the org is enforced in the cluster by this ValidatingAdmissionPolicyBinding (npm run synth writes it)',
    ]);
  });

  test("a team's proposal is proved with the policies the org's rules generate: a denial is the API server's message, applied as the team's deployer", () => {
    const app = clone(objects.find((m) => m.file === 'prod/teams/mobile/apps/mobile-bff/application-mobile-bff.yaml')) as { file: string; object: Obj };
    app.object.spec.components[0].properties.exposeType = 'NodePort';
    const proposal = objects.filter((m) => m.file.startsWith('prod/teams/mobile/apps/') && m.file !== app.file).concat([app]);
    const [proof] = proveTree(contexts, proposal, [], { perTopLevelFolder: true });
    expect(proof.policiesFrom).toBe('org');
    expect(proof.findings.map((f) => `${f.severity} ${f.file}: ${f.message}`)).toEqual([
      `error ${app.file}: ValidatingAdmissionPolicy 'paved-team-definitions' with binding 'paved-team-definitions' denied request: component "mobile-bff": exposeType "NodePort" is not allowed: ClusterIP (a team's app is reached through its route on the shared load balancer, never a node port or a load balancer of its own)`,
    ]);
    expect(proofSummary([proof])[0]).toBe(`admission in prod (11 policies generated from the org's rules): ${proposal.length - 1} of ${proposal.length} objects admitted by every policy, 1 denied`);
  });

  test('what Applications render (a Deployment) is proved as their team applies it: an image from another registry is denied', () => {
    const deployment = {
      file: 'prod/teams/payments/apps/checkout/application-checkout.yaml',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout', namespace: 'payments' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'quay.io/x:1' }] } } } },
    };
    const prod = proveTree(contexts, objects, [deployment], { perTopLevelFolder: true }).find((p) => p.cluster === 'prod');
    expect(prod?.findings.map((f) => f.message)).toEqual([
      "ValidatingAdmissionPolicy 'paved-team-images' with binding 'paved-team-images' denied request: image \"quay.io/x:1\" is not allowed in environment prod: an image from registry.example.com/ pinned by digest (name@sha256:<64 hex digits>)",
    ]);
  });

  test('paved validate prints, per cluster, how many objects each policy admitted and that none was denied', async () => {
    const r = await pavedInProcess(['validate', 'gitops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^admission in prod \(12 policies of the tree\): (\d+) of \1 objects admitted by every policy, 0 denied$/m);
    expect(r.stdout).toMatch(/^admission in staging \(12 policies of the tree\): (\d+) of \1 objects admitted by every policy, 0 denied$/m);
    expect(r.stdout).toMatch(/^ {2}paved-team-definitions: 6 of 6 admitted$/m);
  }, 60_000);
});
