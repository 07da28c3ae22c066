import { LISTEN_PORTS_ANNOTATION, ROUTE_CONTROLLED_PREFIXES, ROUTE_LISTEN_PORTS, TEAM_ROUTE_ANNOTATIONS } from '../../org/route-policy';
import { PREVIEW_GATEWAY_TRAIT } from '../../definitions/traits';
import { PREVIEW_HOST_LABEL_MAX, previewNamespacePattern } from '../../org/preview-names';
import type { RuleContext, RuleTeam } from './context';
import { VELA_APPLICATION } from './definitions';
import { CEL_COMPONENTS, JOIN, type RuleCheck, type TenantRule, asArray, asObject, celString, celStrings, celTraits, components, str, traits } from './rule';

type Obj = Record<string, unknown>;

const INGRESS = { group: 'networking.k8s.io', version: '*', resource: 'ingresses', kind: 'Ingress' } as const;
const SERVICE = { group: '', version: '*', resource: 'services', kind: 'Service' } as const;

/** A DNS name of lower-case labels (no wildcard, no trailing dot), in both languages. */
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const HOST_RE2 = '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$';

/** Whether a host is the team's zone or one label below it (what its certificate covers). */
function inZone(host: string, zone: string): boolean {
  if (!HOST.test(host)) return false;
  return host === zone || (host.endsWith(`.${zone}`) && !host.slice(0, -(zone.length + 1)).includes('.'));
}

/** The same, in CEL, for the CEL expression `h`. */
function celInZone(h: string, zone: string): string {
  const z = celString(zone);
  return `(${h}.matches('${HOST_RE2}') && (${h} == ${z} || (${h}.endsWith(${celString(`.${zone}`)}) && !${h}.substring(0, size(${h}) - ${zone.length + 1}).contains('.'))))`;
}

const gateways = (c: Obj) => traits(c).filter((t) => t.type === 'gateway');

/** A host label (the preview gateway's `label`), in both languages. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/;
const LABEL_RE2 = '^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$';

/**
 * The routes of a team's previews of pull requests (`<team>-pr-<number>`):
 * a `paved-preview-gateway` trait names the team's zone and a host label, and
 * in a preview's namespace a route is the preview's own: no `gateway` trait
 * (its fixed host is the environment's app's) and every Ingress host one label
 * below the zone, that label ending in `-<the preview's namespace>`, so no
 * pull request serves another's host or the environment's own.
 */
function previewChecks(team: RuleTeam): RuleCheck[] {
  const zone = team.zone;
  const previewNs = previewNamespacePattern(team.name);
  const inPreview = (o: Obj) => new RegExp(previewNs).test(str(asObject(o.metadata)?.namespace) ?? '');
  const celInPreview = `namespaceObject.metadata.name.matches(${celString(previewNs)})`;
  const traitMessage = `a ${PREVIEW_GATEWAY_TRAIT} trait names zone "${zone}" and a host label of at most ${PREVIEW_HOST_LABEL_MAX} lower-case letters, digits and "-" (team ${team.name}'s zone)`;
  const traitOk = (t: Obj) => {
    const p = asObject(t.properties) ?? {};
    return p.zone === zone && typeof p.label === 'string' && LABEL.test(p.label);
  };
  const celTraitOk = (t: string) =>
    `(has(${t}.properties) && has(${t}.properties.zone) && ${t}.properties.zone == ${celString(zone)} && has(${t}.properties.label) && ${t}.properties.label.matches('${LABEL_RE2}'))`;
  const hostOk = (h: string | undefined, ns: string) => h !== undefined && h.endsWith(`-${ns}.${zone}`) && /^[^.]{1,63}\./.test(h);
  const ingressMessage = `in a preview of a pull request, a host one label below ${zone} whose label ends in "-" and the preview's namespace (the ${PREVIEW_GATEWAY_TRAIT} trait's host): no other preview's or the environment's own`;
  return [
    {
      field: `spec.components[*].traits[*].properties`,
      kinds: ['Application'],
      expression: `${CEL_COMPONENTS}.all(c, ${celTraits('c')}.all(t, t.type != ${celString(PREVIEW_GATEWAY_TRAIT)} || ${celTraitOk('t')}))`,
      messageExpression: celString(`${traitMessage}: not so in this Application`),
      check: (o) => (components(o).every((c) => traits(c).every((t) => t.type !== PREVIEW_GATEWAY_TRAIT || traitOk(t))) ? undefined : `${traitMessage}: not so in this Application`),
    },
    {
      field: 'spec.components[*].traits[*].type',
      kinds: ['Application'],
      expression: `!${celInPreview} || ${CEL_COMPONENTS}.all(c, !${celTraits('c')}.exists(t, t.type == 'gateway'))`,
      messageExpression: celString(`a gateway trait is not allowed in a preview of a pull request: ${PREVIEW_GATEWAY_TRAIT} (its host is the environment's own app's)`),
      check: (o) =>
        inPreview(o) && components(o).some((c) => gateways(c).length > 0)
          ? `a gateway trait is not allowed in a preview of a pull request: ${PREVIEW_GATEWAY_TRAIT} (its host is the environment's own app's)`
          : undefined,
    },
    {
      field: 'spec.rules[*].host',
      kinds: ['Ingress'],
      expression: `!${celInPreview} || !has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && r.host.endsWith('-' + namespaceObject.metadata.name + ${celString(`.${zone}`)}) && r.host.matches('^[^.]{1,63}\\\\.'))`,
      messageExpression: `object.spec.rules.filter(r, !(has(r.host) && r.host.endsWith('-' + namespaceObject.metadata.name + ${celString(`.${zone}`)}) && r.host.matches('^[^.]{1,63}\\\\.'))).map(r, has(r.host) ? 'host "' + r.host + '"' : 'a rule without a host').join(', ') + ${celString(` is not allowed: ${ingressMessage}`)}`,
      check: (o) => {
        if (!inPreview(o)) return undefined;
        const ns = str(asObject(o.metadata)?.namespace) ?? '';
        const bad = asArray(asObject(o.spec)?.rules)
          .map((r) => str(asObject(r)?.host))
          .filter((h) => !hostOk(h, ns))
          .map((h) => (h === undefined ? 'a rule without a host' : `host "${h}"`));
        return bad.length ? `${bad.join(', ')} is not allowed: ${ingressMessage}` : undefined;
      },
    },
  ];
}

/**
 * The hosts of one team's routes: the zone the environment serves for the team
 * (its certificate covers the zone and one label below it), never another
 * team's, never a catch-all (a rule without a host or a default backend would
 * take every other host's unmatched traffic on the shared load balancer).
 */
export function hostsRule(ctx: RuleContext, team: RuleTeam): TenantRule {
  const zone = team.zone;
  const allowed = `team ${team.name}'s zone in environment ${ctx.environment}: "${zone}" or one label below it, such as "my-app.${zone}"`;
  const tail = ` is not allowed: ${allowed}`;
  const gatewayProblem = (c: Obj, t: Obj) => {
    const domain = str(asObject(t.properties)?.domain);
    if (domain !== undefined && inZone(domain, zone)) return undefined;
    return `component "${String(c.name)}": ${domain === undefined ? 'a gateway without a domain' : `gateway domain "${domain}"`}${tail}`;
  };
  const celGatewayOk = (t: string) => `(has(${t}.properties) && has(${t}.properties.domain) && ${celInZone(`${t}.properties.domain`, zone)})`;
  const celBad = (c: string) => `${celTraits(c)}.filter(t, t.type == 'gateway' && !${celGatewayOk('t')})`;
  const celSay = `(has(t.properties) && has(t.properties.domain) ? 'gateway domain "' + t.properties.domain + '"' : 'a gateway without a domain')`;
  const hostList = (o: Obj, pick: (spec: Obj) => unknown[]) => pick(asObject(o.spec) ?? {});
  const checks: RuleCheck[] = [
    {
      field: 'spec.components[*].traits[*].properties.domain',
      kinds: ['Application'],
      expression: `${CEL_COMPONENTS}.all(c, ${celBad('c')}.size() == 0)`,
      messageExpression: `${CEL_COMPONENTS}.filter(c, ${celBad('c')}.size() > 0).map(c, ${celBad('c')}.map(t, 'component "' + c.name + '": ' + ${celSay} + ${celString(tail)}).join('${JOIN}')).join('${JOIN}')`,
      check: (o) => {
        const out = components(o).flatMap((c) => gateways(c).flatMap((t) => gatewayProblem(c, t) ?? []));
        return out.length ? out.join(JOIN) : undefined;
      },
    },
    {
      field: 'spec.rules[*].host',
      kinds: ['Ingress'],
      expression: `!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && ${celInZone('r.host', zone)})`,
      messageExpression: `object.spec.rules.filter(r, !(has(r.host) && ${celInZone('r.host', zone)})).map(r, has(r.host) ? 'host "' + r.host + '"' : 'a rule without a host').join(', ') + ${celString(tail)}`,
      check: (o) => {
        const bad = hostList(o, (s) => asArray(s.rules))
          .map((r) => str(asObject(r)?.host))
          .filter((h) => h === undefined || !inZone(h, zone))
          .map((h) => (h === undefined ? 'a rule without a host' : `host "${h}"`));
        return bad.length ? `${bad.join(', ')}${tail}` : undefined;
      },
    },
    {
      field: 'spec.tls[*].hosts',
      kinds: ['Ingress'],
      expression: `!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, ${celInZone('h', zone)}))`,
      messageExpression: `object.spec.tls.filter(t, has(t.hosts) && t.hosts.exists(h, !${celInZone('h', zone)})).map(t, t.hosts.filter(h, !${celInZone('h', zone)}).map(h, 'TLS host "' + h + '"').join(', ')).join(', ') + ${celString(tail)}`,
      check: (o) => {
        const bad = hostList(o, (s) => asArray(s.tls))
          .flatMap((t) => asArray(asObject(t)?.hosts).map(String))
          .filter((h) => !inZone(h, zone))
          .map((h) => `TLS host "${h}"`);
        return bad.length ? `${bad.join(', ')}${tail}` : undefined;
      },
    },
    ...previewChecks(team),
    {
      field: 'spec.defaultBackend',
      kinds: ['Ingress'],
      expression: '!has(object.spec.defaultBackend)',
      messageExpression: `'a default backend is not allowed: none (it would answer for every host of the shared load balancer that no rule matches)'`,
      check: (o) =>
        asObject(o.spec)?.defaultBackend === undefined ? undefined : 'a default backend is not allowed: none (it would answer for every host of the shared load balancer that no rule matches)',
    },
  ];
  return {
    name: `paved-team-hosts-${team.name}`,
    summary: `Team ${team.name}'s routes serve hosts in its own zone (${zone}) only.`,
    team: team.name,
    namespaces: team.namespaces,
    resources: [VELA_APPLICATION, INGRESS],
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks,
  };
}

/** The annotations of an object (or a gateway trait's `properties.annotations`) that the traffic controllers read but a team may not set. */
function forbiddenAnnotations(annotations: unknown): string[] {
  const keys = Object.keys(asObject(annotations) ?? {});
  return keys.filter((k) => ROUTE_CONTROLLED_PREFIXES.some((p) => k.startsWith(p)) && !TEAM_ROUTE_ANNOTATIONS.includes(k));
}

const CEL_CONTROLLED = (k: string) => `${celStrings(ROUTE_CONTROLLED_PREFIXES)}.exists(p, ${k}.startsWith(p)) && !(${k} in ${celStrings(TEAM_ROUTE_ANNOTATIONS)})`;
const ANNOTATIONS_ALLOWED = `only these of the traffic controllers' annotations: ${TEAM_ROUTE_ANNOTATIONS.join(', ')} (the load balancer, its listeners, certificates, logs and rule order, and the DNS are shared by every team)`;
const LISTENERS_ALLOWED = `${LISTEN_PORTS_ANNOTATION} = ${ROUTE_LISTEN_PORTS} (the shared load balancer's listeners)`;

/**
 * The annotation checks over the annotation maps of an object: `cel.outer` is a
 * CEL list and `cel.inner(x)` the CEL list of annotation maps of one of its
 * items (nested, as CEL in Kubernetes cannot flatten); `pick` the same maps in TypeScript.
 */
function annotationChecks(prefix: string, kinds: readonly string[], cel: { readonly outer: string; readonly inner: (x: string) => string }, pick: (o: Obj) => unknown[]): RuleCheck[] {
  const lp = celString(LISTEN_PORTS_ANNOTATION);
  const badKeys = (m: string) => `${m}.filter(k, ${CEL_CONTROLLED('k')})`;
  const badListeners = (m: string) => `(${lp} in ${m} && ${m}[${lp}] != ${celString(ROUTE_LISTEN_PORTS)})`;
  const maps = (x: string) => cel.inner(x);
  return [
    {
      field: `${prefix}annotations`,
      kinds,
      expression: `${cel.outer}.all(x, ${maps('x')}.all(m, ${badKeys('m')}.size() == 0))`,
      messageExpression: `'annotations ' + ${cel.outer}.filter(x, ${maps('x')}.exists(m, ${badKeys('m')}.size() > 0)).map(x, ${maps('x')}.filter(m, ${badKeys('m')}.size() > 0).map(m, ${badKeys('m')}.map(k, '"' + k + '"').join(', ')).join(', ')).join(', ') + ${celString(` are not allowed: ${ANNOTATIONS_ALLOWED}`)}`,
      check: (o) => {
        const bad = pick(o).flatMap(forbiddenAnnotations);
        return bad.length ? `annotations ${bad.map((k) => `"${k}"`).join(', ')} are not allowed: ${ANNOTATIONS_ALLOWED}` : undefined;
      },
    },
    {
      field: `${prefix}annotations["${LISTEN_PORTS_ANNOTATION}"]`,
      kinds,
      expression: `${cel.outer}.all(x, ${maps('x')}.all(m, !${badListeners('m')}))`,
      messageExpression: `'listeners ' + ${cel.outer}.filter(x, ${maps('x')}.exists(m, ${badListeners('m')})).map(x, ${maps('x')}.filter(m, ${badListeners('m')}).map(m, m[${lp}]).join(', ')).join(', ') + ${celString(` are not allowed: ${LISTENERS_ALLOWED}`)}`,
      check: (o) => {
        const bad = pick(o)
          .map((m) => asObject(m)?.[LISTEN_PORTS_ANNOTATION])
          .filter((v) => v !== undefined && v !== ROUTE_LISTEN_PORTS)
          .map(String);
        return bad.length ? `listeners ${bad.join(', ')} are not allowed: ${LISTENERS_ALLOWED}` : undefined;
      },
    },
  ];
}

/**
 * What a team's routes may ask of the shared load balancer and DNS: the
 * environment's class, only its own target group's annotations, the
 * platform's listeners, and Services that stay inside the cluster (no node
 * port, load balancer, external name or external IP).
 */
export function routesRule(ctx: RuleContext): TenantRule {
  const cls = ctx.ingressClass;
  const classAllowed = ` is not allowed: "${cls}" (environment ${ctx.environment}'s shared load balancer), set in the Ingress's spec (classInSpec)`;
  const gatewayTraits = (o: Obj) => components(o).flatMap(gateways);
  const celGateways = `${CEL_COMPONENTS}.map(c, ${celTraits('c')}.filter(t, t.type == 'gateway'))`;
  // a trait's class is "nginx" unless it names one (the trait's default); classInSpec defaults to false
  const celClassBad = `(has(t.properties) && 'class' in t.properties ? t.properties['class'] : 'nginx') != ${celString(cls)} || !(has(t.properties) && has(t.properties.classInSpec) && t.properties.classInSpec)`;
  const serviceTypes = ['ClusterIP'];
  return {
    name: 'paved-team-routes',
    summary: "A team's routes and Services ask nothing of the shared load balancer or DNS beyond their own target group.",
    namespaces: ctx.teams.flatMap((t) => t.namespaces),
    resources: [VELA_APPLICATION, INGRESS, SERVICE],
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks: [
      {
        field: 'spec.components[*].traits[*].properties.class',
        kinds: ['Application'],
        expression: `${celGateways}.all(g, g.all(t, !(${celClassBad})))`,
        messageExpression: `${celGateways}.filter(g, g.exists(t, ${celClassBad})).map(g, g.filter(t, ${celClassBad}).map(t, 'gateway class "' + (has(t.properties) && 'class' in t.properties ? t.properties['class'] : 'nginx') + '"' + (has(t.properties) && has(t.properties.classInSpec) && t.properties.classInSpec ? '' : ' in an annotation')).join('${JOIN}')).join('${JOIN}') + ${celString(classAllowed)}`,
        check: (o) => {
          const bad = gatewayTraits(o)
            .map((t) => asObject(t.properties) ?? {})
            .filter((p) => (str(p.class) ?? 'nginx') !== cls || p.classInSpec !== true)
            .map((p) => `gateway class "${str(p.class) ?? 'nginx'}"${p.classInSpec === true ? '' : ' in an annotation'}`);
          return bad.length ? `${bad.join(JOIN)}${classAllowed}` : undefined;
        },
      },
      ...annotationChecks(
        'spec.components[*].traits[*].properties.',
        ['Application'],
        { outer: CEL_COMPONENTS, inner: (x) => `${celTraits(x)}.filter(t, t.type == 'gateway' && has(t.properties) && has(t.properties.annotations)).map(t, t.properties.annotations)` },
        (o) => gatewayTraits(o).flatMap((t) => asObject(asObject(t.properties)?.annotations) ?? []),
      ),
      {
        field: 'spec.ingressClassName',
        kinds: ['Ingress'],
        expression: `has(object.spec.ingressClassName) && object.spec.ingressClassName == ${celString(cls)}`,
        messageExpression: `(has(object.spec.ingressClassName) ? 'class "' + object.spec.ingressClassName + '"' : 'an Ingress without spec.ingressClassName') + ${celString(classAllowed)}`,
        check: (o) => {
          const c = str(asObject(o.spec)?.ingressClassName);
          return c === cls ? undefined : `${c === undefined ? 'an Ingress without spec.ingressClassName' : `class "${c}"`}${classAllowed}`;
        },
      },
      ...annotationChecks('metadata.', ['Ingress', 'Service'], { outer: '[object]', inner: (x) => `(has(${x}.metadata.annotations) ? [${x}.metadata.annotations] : [])` }, (o) =>
        [asObject(asObject(o.metadata)?.annotations)].flatMap((m) => m ?? []),
      ),
      {
        field: 'spec.type',
        kinds: ['Service'],
        expression: `(!has(object.spec.type) || object.spec.type in ${celStrings(serviceTypes)}) && (!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0)`,
        messageExpression: `(has(object.spec.externalIPs) && size(object.spec.externalIPs) > 0 ? 'externalIPs' : 'type "' + object.spec.type + '"') + ' is not allowed: a Service of type ClusterIP without externalIPs (a node port, a load balancer of its own, an external name or an external IP reaches past the team: use a route)'`,
        check: (o) => {
          const spec = asObject(o.spec) ?? {};
          const type = str(spec.type);
          const externalIPs = asArray(spec.externalIPs).length > 0;
          if (!externalIPs && (type === undefined || serviceTypes.includes(type))) return undefined;
          return `${externalIPs ? 'externalIPs' : `type "${String(type)}"`} is not allowed: a Service of type ClusterIP without externalIPs (a node port, a load balancer of its own, an external name or an external IP reaches past the team: use a route)`;
        },
      },
    ],
  };
}
