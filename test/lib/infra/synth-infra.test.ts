import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prepareInfra, synthInfra } from '../../../lib/infra/synth-infra';
import { Org } from '../../../lib/org/org';
import { PavedValidationError } from '../../../lib/private/problems';
import { secretAdvice } from '../../../lib/private/secret-values';
import { GITHUB_TOKEN, PASSWORD, expectNoEcho, hex } from '../private/secret-samples';
import { INFRA_ORG_PROPS, errorOf } from './infra-util';

describe('synthInfra', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-synth-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes one stack per environment and counts what each holds', () => {
    const outdir = path.join(dir, 'out');
    const result = synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir });
    expect(result.stacks.map((s) => s.name)).toEqual(['staging', 'prod']);
    for (const s of result.stacks) {
      const json = JSON.parse(fs.readFileSync(s.file, 'utf8'));
      expect(s.file).toBe(path.join(outdir, 'stacks', s.name, 'cdk.tf.json'));
      expect(s.resources).toBe(Object.values(json.resource as Record<string, object>).reduce((n, r) => n + Object.keys(r).length, 0));
      expect(s.dataSources).toBe(Object.values(json.data as Record<string, object>).reduce((n, r) => n + Object.keys(r).length, 0));
      expect(s.resources).toBeGreaterThan(40);
    }
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).toHaveProperty('prod.synthesizedStackPath', 'stacks/prod/cdk.tf.json');
  });

  test('synthesizes only the environments asked for', () => {
    const result = synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'out'), environments: ['prod'] });
    expect(result.stacks.map((s) => s.name)).toEqual(['prod']);
    expect(fs.existsSync(path.join(dir, 'out', 'stacks', 'staging'))).toBe(false);
  });

  test('gives the same bytes twice', () => {
    synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'a') });
    synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'b') });
    for (const env of ['staging', 'prod']) {
      expect(fs.readFileSync(path.join(dir, 'a', 'stacks', env, 'cdk.tf.json'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'b', 'stacks', env, 'cdk.tf.json'), 'utf8'));
    }
  });

  test('fails with the problems of every stack and writes nothing', () => {
    const org = new Org({
      ...INFRA_ORG_PROPS,
      platformAdminRoleArns: [],
      environments: INFRA_ORG_PROPS.environments.map((e) => ({ ...e, nodeGroups: [{ name: 'mixed', instanceTypes: ['m7i.large', 'm7g.large'], minSize: 1, maxSize: 2 }] })),
    });
    const outdir = path.join(dir, 'nested', 'out');
    let error: unknown;
    try {
      synthInfra({ org, outdir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PavedValidationError);
    expect((error as PavedValidationError).problems.map((p) => `${p.path} ${p.prop}`)).toEqual([
      'staging/cluster org.platformAdminRoleArns',
      'staging/nodes environment.nodeGroups[0].instanceTypes',
      'prod/cluster org.platformAdminRoleArns',
      'prod/nodes environment.nodeGroups[0].instanceTypes',
    ]);
    expect(fs.existsSync(path.join(dir, 'nested'))).toBe(false);
  });

  test('refuses a secret, plain or encoded, in any file it would write, naming the file and the field or line, and writes nothing', () => {
    const outdir = path.join(dir, 'out');
    const url = `postgres://app:${PASSWORD}@db.internal/app`;
    const extraFiles = new Map([
      ['settings.json', JSON.stringify({ database: { url } }, null, 2)],
      ['notes.md', `# Notes\n\n${hex(GITHUB_TOKEN)}\n`],
    ]);
    let error: unknown;
    try {
      synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir, environments: ['prod'], extraFiles });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PavedValidationError);
    const message = (error as PavedValidationError).message;
    expect(message.split('\n')).toEqual([
      `out/settings.json: database.url = "<redacted: ${url.length} characters>" is not allowed: a value that is not a secret (it holds a password in a postgres:// URL (${PASSWORD.length} characters)): ${secretAdvice()}`,
      `out/notes.md:3: content = "<redacted>" is not allowed: a value that is not a secret (it holds a GitHub token (40 characters, encoded as hex)): ${secretAdvice()}`,
    ]);
    expectNoEcho(message, PASSWORD, GITHUB_TOKEN, url);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('prepareInfra synthesizes the stacks without writing a file; write() then writes what synthInfra writes', () => {
    const prepared = prepareInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'prepared') });
    expect(prepared.stacks.map((s) => s.name)).toEqual(['staging', 'prod']);
    expect(fs.readdirSync(dir)).toEqual([]);
    const written = prepared.write();
    expect(written.stacks).toEqual(prepared.stacks);
    synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'direct') });
    for (const file of ['manifest.json', 'stacks/staging/cdk.tf.json', 'stacks/prod/cdk.tf.json']) {
      expect(fs.readFileSync(path.join(dir, 'prepared', file), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'direct', file), 'utf8'));
    }
  });

  test('leaves stack traces as they were: an error from the build has its stack, and Error.prepareStackTrace is restored', () => {
    const before = Error.prepareStackTrace;
    let error: unknown;
    try {
      synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'out'), environments: ['qa'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PavedValidationError);
    expect((error as Error).stack).toMatch(/\n {4}at .*synth-infra/);
    expect(Error.prepareStackTrace).toBe(before);
  });

  test('fails on an environment the org does not have', () => {
    expect(errorOf(() => synthInfra({ org: new Org(INFRA_ORG_PROPS), outdir: path.join(dir, 'out'), environments: ['qa'] }))).toBe('org: environment = "qa" is not allowed: one of staging, prod');
  });
});
