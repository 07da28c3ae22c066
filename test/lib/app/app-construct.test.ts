import { App, Chart } from 'cdk8s';
import { AppConstruct, type AppConstructProps, SecretMetadataPolicy } from '../../../lib';
import { errorOf, findObject, objectsOf, teamScopes, trait } from '../../util';

function makeApp(overrides: Partial<AppConstructProps> = {}, id = 'my-app', env = 'staging') {
  const { scope } = teamScopes(env);
  const payments = scope('payments');
  const app = new AppConstruct(payments, id, { team: payments.team, image: 'my-app:1.0.0', port: 8080, ...overrides });
  return { app, objects: objectsOf(app) };
}

describe('AppConstruct', () => {
  test('default output (snapshot)', () => {
    const { objects } = makeApp();
    expect(objects).toMatchSnapshot();
  });

  describe('GIVEN the minimal props', () => {
    const { app, objects } = makeApp();
    const application = findObject(objects, 'Application', 'my-app');
    const component = application.spec.components[0];

    test('it writes a KubeVela Application, and its alerts and dashboard, in the team namespace', () => {
      expect(objects.map((o) => `${o.apiVersion}/${o.kind}`)).toEqual(['core.oam.dev/v1beta1/Application', 'monitoring.coreos.com/v1/PrometheusRule', 'v1/ConfigMap']);
      expect(objects.every((o) => o.metadata.namespace === 'payments')).toBe(true);
      expect(application.metadata.namespace).toBe('payments');
      expect(app.namespace).toBe('payments');
    });

    test('the component is a webservice with the image and the port, not exposed publicly', () => {
      expect(component).toMatchObject({ name: 'my-app', type: 'webservice' });
      expect(component.properties.image).toBe('my-app:1.0.0');
      expect(component.properties.ports).toEqual([{ port: 8080, name: 'http', protocol: 'TCP', expose: true }]);
      expect(trait(application, 'gateway')).toBeUndefined();
    });

    test('resources default to 100m CPU and 128Mi memory, limits equal to requests', () => {
      expect(component.properties).toMatchObject({ cpu: '100m', memory: '128Mi', limit: { cpu: '100m', memory: '128Mi' } });
    });

    test('one replica by default, through the scaler trait', () => {
      expect(trait(application, 'scaler')).toEqual({ replicas: 1 });
    });

    test('the container is Pod-Security-restricted: non-root, no escalation, all capabilities dropped, read-only root', () => {
      expect(trait(application, 'securitycontext')).toEqual({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        dropCapabilities: ['ALL'],
      });
    });

    test('the pod runs non-root with the RuntimeDefault seccomp profile', () => {
      expect(trait(application, 'podsecuritycontext')).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    });

    test('/tmp is writable through an emptyDir, since the root file system is read-only', () => {
      expect(component.properties.volumeMounts).toEqual({ emptyDir: [{ name: 'writable-0', mountPath: '/tmp' }] });
    });

    test('no env and no ExternalSecret without env and secrets', () => {
      expect(component.properties.env).toBeUndefined();
      expect(app.secretName).toBeUndefined();
    });
  });

  test('a domain adds a gateway trait routing "/" to the port, with the environment\'s ingress class', () => {
    const { objects } = makeApp({ domain: 'my-app.payments.example.com' }, 'my-app', 'prod');
    const application = findObject(objects, 'Application', 'my-app');
    expect(trait(application, 'gateway')).toEqual({
      domain: 'my-app.payments.example.com',
      http: { '/': 8080 },
      class: 'public',
      classInSpec: true,
      pathType: 'Prefix',
      // TLS on every route: spec.tls for the host (the load balancer finds the ACM certificate by it), HTTPS and HTTP (redirected)
      secretName: 'tls-from-acm',
      annotations: {
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
        // the load balancer's health check: any HTTP answer on / (the app has a TCP readiness check), and a 30 s drain
        'alb.ingress.kubernetes.io/healthcheck-path': '/',
        'alb.ingress.kubernetes.io/success-codes': '200-499',
        'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
      },
    });
    // the gateway creates the Service; the webservice must not create a second one
    expect(application.spec.components[0].properties.ports[0].expose).toBe(false);
  });

  test('the domain may be the zone apex itself', () => {
    expect(() => makeApp({ domain: 'payments.example.com' }, 'my-app', 'prod')).not.toThrow();
    expect(() => makeApp({ domain: 'staging.payments.example.com' })).not.toThrow();
  });

  describe('GIVEN secrets', () => {
    const { app, objects } = makeApp({
      secretRefreshInterval: '1m',
      env: { LOG_LEVEL: 'debug' },
      secrets: [
        { name: 'my_name', key: 'teams/payments/friendslist', property: 'name.first' },
        { name: 'tags', key: 'teams/payments/database-credentials', metadataPolicy: SecretMetadataPolicy.FETCH },
        { name: 'developer', key: 'teams/payments/database-credentials', property: 'dev', metadataPolicy: SecretMetadataPolicy.FETCH },
        { name: 'db-password', key: 'teams/payments/db', envVar: 'PGPASSWORD' },
      ],
    });
    const es = findObject(objects, 'ExternalSecret', 'my-app-secrets');
    const application = findObject(objects, 'Application', 'my-app');

    test("one ExternalSecret (v1) bound to the team's SecretStore, owning its target Secret", () => {
      expect(es.apiVersion).toBe('external-secrets.io/v1');
      expect(es.metadata.namespace).toBe('payments');
      expect(es.spec.secretStoreRef).toEqual({ name: 'aws-secretsmanager', kind: 'SecretStore' });
      expect(es.spec.target).toEqual({ name: 'my-app-secrets', creationPolicy: 'Owner' });
      expect(es.spec.refreshInterval).toBe('1m');
      expect(app.secretName).toBe('my-app-secrets');
    });

    test('one data entry per secret, with property and metadataPolicy only where given', () => {
      expect(es.spec.data).toEqual([
        { secretKey: 'my_name', remoteRef: { key: 'teams/payments/friendslist', property: 'name.first' } },
        { secretKey: 'tags', remoteRef: { key: 'teams/payments/database-credentials', metadataPolicy: 'Fetch' } },
        { secretKey: 'developer', remoteRef: { key: 'teams/payments/database-credentials', property: 'dev', metadataPolicy: 'Fetch' } },
        { secretKey: 'db-password', remoteRef: { key: 'teams/payments/db' } },
      ]);
    });

    test("the app's env reads each secret from the ExternalSecret's target, after the plain variables", () => {
      expect(application.spec.components[0].properties.env).toEqual([
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'MY_NAME', valueFrom: { secretKeyRef: { name: 'my-app-secrets', key: 'my_name' } } },
        { name: 'TAGS', valueFrom: { secretKeyRef: { name: 'my-app-secrets', key: 'tags' } } },
        { name: 'DEVELOPER', valueFrom: { secretKeyRef: { name: 'my-app-secrets', key: 'developer' } } },
        { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'my-app-secrets', key: 'db-password' } } },
      ]);
    });

    test('secret refresh defaults to one hour', () => {
      const { objects: o } = makeApp({ secrets: [{ name: 'a', key: 'teams/payments/a' }] });
      expect(findObject(o, 'ExternalSecret', 'my-app-secrets').spec.refreshInterval).toBe('1h');
    });
  });

  test('replicas, resources, runAsUser and writable paths reach the component and its traits', () => {
    const { objects } = makeApp({
      replicas: 3,
      resources: { cpu: '500m', memory: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' },
      runAsUser: 10001,
      writablePaths: ['/var/cache'],
    });
    const application = findObject(objects, 'Application', 'my-app');
    expect(trait(application, 'scaler')).toEqual({ replicas: 3 });
    expect(application.spec.components[0].properties).toMatchObject({ cpu: '500m', memory: '512Mi', limit: { cpu: '1', memory: '1Gi' } });
    expect(trait(application, 'securitycontext')?.runAsUser).toBe(10001);
    expect(trait(application, 'podsecuritycontext')?.runAsUser).toBe(10001);
    expect(application.spec.components[0].properties.volumeMounts).toEqual({ emptyDir: [{ name: 'writable-0', mountPath: '/var/cache' }] });
  });

  test('an empty writablePaths list mounts nothing', () => {
    const { objects } = makeApp({ writablePaths: [] });
    expect(findObject(objects, 'Application', 'my-app').spec.components[0].properties.volumeMounts).toBeUndefined();
  });

  describe('validation', () => {
    test('fails on a name that is not an RFC 1035 label, naming the path, the prop, the value and the rule', () => {
      expect(errorOf(() => makeApp({}, 'My_App'))).toBe(
        'staging/payments/My_App: id = "My_App" is not allowed: an RFC 1035 label of at most 55 characters: lower-case letters, digits and "-", starting with a letter',
      );
    });

    test('fails on a name too long for its derived names', () => {
      expect(errorOf(() => makeApp({}, `a${'b'.repeat(55)}`))).toMatch(/id = "ab+" is not allowed: an RFC 1035 label of at most 55 characters/);
    });

    // a definition in JavaScript (or a cast) may hand calls and consents of any shape: each is a prop error, never a crash
    test.each<[string, unknown, string]>([
      ['a "team/app" string in calls', ['search/search-api'], 'calls[0] = "search/search-api" is not allowed: a call: { app: "<name>" } or { team: "<team>", app: "<name>" }'],
      ['null in calls', [null], 'calls[0] = null is not allowed: a call'],
      ['a call without an app', [{ team: 'search' }], 'calls[0] = {"team":"search"} is not allowed: a call'],
      ['a call whose team is not a string', [{ app: 'search-api', team: 7 }], 'calls[0] = {"app":"search-api","team":7} is not allowed: a call'],
      ['calls that is not a list', 'search/search-api', 'calls = "search/search-api" is not allowed: a list of calls'],
    ])('fails on %s, naming the prop and the value', (_, calls, message) => {
      expect(errorOf(() => makeApp({ calls: calls as AppConstructProps['calls'] }))).toContain(`staging/payments/my-app: ${message}`);
    });

    test.each<[string, unknown, string]>([
      ['callableBy that is not a list', 'search', 'callableBy = "search" is not allowed: a list of the org\'s team names'],
      ['a team that is not a string', [['search']], 'callableBy[0] = ["search"] is not allowed: another team of the org'],
    ])('fails on %s', (_, callableBy, message) => {
      expect(errorOf(() => makeApp({ callableBy: callableBy as AppConstructProps['callableBy'] }))).toContain(`staging/payments/my-app: ${message}`);
    });

    test('calls of every shape problem are reported together', () => {
      const message = errorOf(() => makeApp({ calls: ['a/b', { app: 'Not_A_Name' }] as unknown as AppConstructProps['calls'], callableBy: 'x' as unknown as AppConstructProps['callableBy'] }));
      expect(message).toContain('calls[0] = "a/b"');
      expect(message).toContain('calls[1].app = "Not_A_Name"');
      expect(message).toContain('callableBy = "x"');
    });

    test.each([0, 65536, 80.5, -1])('fails on port %p', (port) => {
      expect(errorOf(() => makeApp({ port }))).toContain(`port = ${port} is not allowed: an integer from 1 to 65535`);
    });

    test.each(['my-app', 'my-app:latest', 'My-App:1.0', 'my-app:1.0 '])('fails on image %p without a pinned tag or digest', (image) => {
      expect(errorOf(() => makeApp({ image }))).toContain(`image = ${JSON.stringify(image)} is not allowed`);
    });

    test.each(['registry.example.com:5000/team/app:1.2.3', `app@sha256:${'a'.repeat(64)}`, `app:1.0@sha256:${'b'.repeat(64)}`])('accepts image %p', (image) => {
      expect(() => makeApp({ image })).not.toThrow();
    });

    test("fails on a domain outside the team's zone", () => {
      expect(errorOf(() => makeApp({ domain: 'my-app.search.example.com' }))).toContain(
        'domain = "my-app.search.example.com" is not allowed: a name inside team payments\'s zone "payments.example.com"',
      );
    });

    test('fails on a domain that only ends like the zone', () => {
      expect(errorOf(() => makeApp({ domain: 'evilpayments.example.com' }))).toContain("is not allowed: a name inside team payments's zone");
    });

    test("fails on a secret key outside the team's prefix", () => {
      expect(errorOf(() => makeApp({ secrets: [{ name: 'x', key: 'teams/search/db' }] }))).toContain(
        'secrets[0].key = "teams/search/db" is not allowed: a Secrets Manager name under team payments\'s prefix "teams/payments/"',
      );
    });

    test('fails on the bare prefix as a secret key', () => {
      expect(errorOf(() => makeApp({ secrets: [{ name: 'x', key: 'teams/payments/' }] }))).toContain('secrets[0].key');
    });

    test('fails on two secrets with one name, and on an env var set twice', () => {
      const message = errorOf(() =>
        makeApp({
          env: { A: '1' },
          secrets: [
            { name: 'a', key: 'teams/payments/a' },
            { name: 'a', key: 'teams/payments/b', envVar: 'B' },
          ],
        }),
      );
      expect(message).toContain('secrets[0].envVar = "A" is not allowed: a variable not already set by `env` or another secret');
      expect(message).toContain('secrets[1].name = "a" is not allowed: a name no other secret of this app has');
    });

    test('fails on env names that are not variable names', () => {
      expect(errorOf(() => makeApp({ env: { '1BAD': 'x' } }))).toContain('env.1BAD = "1BAD" is not allowed');
    });

    test('fails on bad quantities and on limits below requests', () => {
      const message = errorOf(() => makeApp({ resources: { cpu: 'lots', memory: '1Gi', memoryLimit: '512Mi' } }));
      expect(message).toContain('resources.cpu = "lots" is not allowed: a positive CPU quantity');
      expect(message).toContain('resources.memoryLimit = "512Mi" is not allowed: a limit at least the request (1Gi)');
    });

    test('fails on replicas out of range, root user, bad paths and a bad refresh interval', () => {
      const message = errorOf(() => makeApp({ replicas: -1, runAsUser: 0, writablePaths: ['tmp', '/'], secretRefreshInterval: '5 minutes' }));
      expect(message).toContain('replicas = -1 is not allowed: an integer from 0 to 100');
      expect(message).toContain('runAsUser = 0 is not allowed: a non-root user id');
      expect(message).toContain('writablePaths[0] = "tmp" is not allowed: an absolute path');
      expect(message).toContain('writablePaths[1] = "/" is not allowed');
      expect(message).toContain('secretRefreshInterval = "5 minutes" is not allowed: a Go duration');
    });

    test('reports every problem of one app together', () => {
      const message = errorOf(() => makeApp({ port: 0, image: 'x:latest', domain: 'x.example.org' }, 'Bad'));
      expect(message.split('\n')).toHaveLength(4);
    });

    test('fails when two apps of one team share a name in an environment, even from different scopes', () => {
      const { scope, platform } = teamScopes();
      const payments = scope('payments');
      new AppConstruct(payments, 'api', { team: payments.team, image: 'a:1', port: 80 });
      expect(errorOf(() => new AppConstruct(platform, 'api', { team: payments.team, image: 'a:1', port: 80 }))).toBe(
        'staging/api: id = "api" is not allowed: a name no other app of team payments has in environment staging (already used by staging/payments/api)',
      );
    });

    test('two teams may use the same app name', () => {
      const { scope } = teamScopes();
      new AppConstruct(scope('payments'), 'api', { team: scope('payments').team, image: 'a:1', port: 80 });
      expect(() => new AppConstruct(scope('search'), 'api', { team: scope('search').team, image: 'a:1', port: 80 })).not.toThrow();
    });

    test("fails when an app is placed in another team's scope", () => {
      const { scope } = teamScopes();
      expect(errorOf(() => new AppConstruct(scope('search'), 'api', { team: scope('payments').team, image: 'a:1', port: 80 }))).toContain(
        'team = "payments" is not allowed: the team whose scope the app is defined in (search)',
      );
    });

    test('fails outside a platform environment', () => {
      const { org } = teamScopes();
      expect(errorOf(() => new AppConstruct(new Chart(new App(), 'outside'), 'api', { team: org.teams[0], image: 'a:1', port: 80 }))).toContain('a scope inside a PlatformEnvironment');
    });
  });
});
