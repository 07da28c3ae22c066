/**
 * CATALOG.md shows what teams wrote as text: rendered with a CommonMark
 * implementation, a hostile description, tag, name or link adds no HTML, no
 * link but to http(s) URLs, no heading, list, quote, emphasis or code, and
 * leaves every table row with its ten cells.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Org, type ManifestObject, type OrgProps, loadManifests, serviceIndex } from '../../../lib';
import { isCatalogEntity } from '../../../lib/validate/backstage-check';
import { HOSTILE_TEXT, cellSeparators, nodes, visibleText } from '../private/markdown-samples';
import { ORG_PROPS } from '../../util';

const org = new Org({ ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], description: 'Takes <b>the</b> money | fast.' }, ORG_PROPS.teams[1]] });

/** A Component of team payments as a hostile team could propose it. */
function component(name: string, metadata: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): ManifestObject {
  return {
    file: `catalog/teams/payments/apps/${name}/component-${name}.yaml`,
    object: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'payments', annotations: { 'paved.dev/environments': 'prod', 'paved.dev/dashboard-uid': `paved-payments-${name}` }, ...metadata },
      spec: { type: 'service', lifecycle: 'production', owner: 'group:default/payments', ...spec },
    },
  };
}

describe('the service index with what a hostile team wrote', () => {
  const entities: ManifestObject[] = HOSTILE_TEXT.map((description, i) =>
    component(`app-${i}`, {
      description,
      links: [
        { url: 'javascript:alert(document.cookie)', title: 'x', icon: 'web' },
        { url: 'data:text/html,<script>alert(1)</script>', title: 'x', icon: 'web' },
        { url: 'https://ok.example/a)b|c<d>`e', title: 'x', icon: 'web' },
        { url: 'https://fine.example/path', title: 'x', icon: 'web' },
      ],
      annotations: {
        'backstage.io/source-location': i % 2 ? 'url:javascript:alert(1)' : 'url:https://github.com/example/x/tree/main/',
        'paved.dev/environments': 'prod,<img src=x>',
        'paved.dev/dashboard-uid': 'a`|`b',
      },
    }),
  );
  entities.push(component('x](javascript:alert(1)) <b>', {}, { lifecycle: '<i>production</i> | x', dependsOn: ['component:payments/<b>x</b>|y'] }));
  const index = serviceIndex(org, entities, { 'payments/app-0': { date: '2026-01-01 <b>', commit: 'x' } });
  const parsed = nodes(index);

  test('adds no HTML but the line breaks between routes (http(s) ones only), no heading but the teams’, no other structure', () => {
    expect(parsed.filter((n) => n.type === 'html_inline').map((n) => n.literal)).toEqual(Array(HOSTILE_TEXT.length).fill('<br>'));
    expect(parsed.filter((n) => n.type === 'html_block')).toEqual([]);
    expect(parsed.filter((n) => n.type === 'heading').length).toBe(1 + org.teams.length);
    for (const type of ['emph', 'strong', 'image', 'code_block', 'block_quote', 'list', 'item', 'thematic_break'])
      expect({ type, count: parsed.filter((n) => n.type === type).length }).toEqual({ type, count: 0 });
  });

  test('links only to http(s) URLs and to the tree’s own files', () => {
    const destinations = parsed.filter((n) => n.type === 'link').map((n) => String(n.destination));
    expect(destinations.length).toBeGreaterThan(entities.length);
    for (const d of destinations) expect(d).toMatch(/^(https:\/\/|catalog\/)/);
    expect(destinations).toContain('https://ok.example/a)b%7Cc%3Cd%3E%60e');
    expect(destinations).toContain('catalog/teams/payments/apps/x%5D(javascript%3Aalert(1))%20%3Cb%3E/component-x%5D(javascript%3Aalert(1))%20%3Cb%3E.yaml');
    expect(destinations.filter((d) => d === 'https://github.com/example/x/tree/main/').length).toBe(Math.ceil(HOSTILE_TEXT.length / 2));
  });

  test('every row of a table keeps its ten cells', () => {
    const rows = index.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.length).toBe(1 + entities.length); // the header, then one row per service (team search has none)
    for (const row of rows) expect({ row: row.slice(0, 60), separators: cellSeparators(row) }).toEqual({ row: row.slice(0, 60), separators: 11 });
  });

  test('what teams wrote is there for the reader, as text', () => {
    const text = visibleText(index);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('[click](javascript:alert(1))');
    expect(text).toContain('<i>production</i> | x');
    expect(text).toContain('Takes <b>the</b> money | fast.');
    expect(text).toContain('prod, <img src=x>');
    expect(text).toContain('2026-01-01 <b>');
  });

  test('the example org’s index (as paved publish writes it from the committed tree) renders with its ten cells per row and links to http(s) URLs and its files only', () => {
    const gitops = path.join(__dirname, '..', '..', '..', 'gitops');
    const exampleOrg = new Org(JSON.parse(fs.readFileSync(path.join(gitops, 'org.json'), 'utf8')) as OrgProps);
    const exampleEntities = loadManifests(gitops).objects.filter((m) => isCatalogEntity(m.object));
    const example = serviceIndex(exampleOrg, exampleEntities, { 'payments/checkout': { date: '2026-12-07', commit: 'a'.repeat(40) } });
    expect(example).toContain('[checkout](catalog/teams/payments/apps/checkout/component-checkout.yaml)');
    for (const row of example.split('\n').filter((l) => l.startsWith('| '))) expect(cellSeparators(row)).toBe(11);
    for (const n of nodes(example).filter((x) => x.type === 'link')) expect(String(n.destination)).toMatch(/^(https:\/\/|catalog\/)/);
  });
});
