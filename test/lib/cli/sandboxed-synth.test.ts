import * as path from 'path';
import { Org } from '../../../lib';
import { allowedEnvironment, isTreePath } from '../../../lib/cli/sandboxed-synth';
import { ORG_PROPS } from '../../util';
import { cleanTmpDirs, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

describe('the synth side that trusts nothing the sandbox returns', () => {
  test.each(['prod/teams/payments/apps/web/application-web.yaml', 'org.json', 'catalog/templates/new-service/skeleton/.github/workflows/ci.yaml'])('takes %j as a path inside the tree', (file) => {
    expect(isTreePath(file)).toBe(true);
  });

  test.each(['', '../x.yaml', '/etc/passwd', 'prod/../../x.yaml', 'prod/..', 'prod//x.yaml', './x.yaml', 'prod/./x.yaml', 'prod\\x.yaml', 'prod/x\0.yaml', 'x/'.repeat(3000)])(
    'refuses %j as a path of the tree',
    (file) => {
      expect(isTreePath(file)).toBe(false);
    },
  );

  test("passes the variables the org allows, with this process's values, and no other", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { IMAGE_TAG: '1.2.3', GITHUB_TOKEN: 'ghs_x', UNLISTED: 'u' });
      delete process.env.RELEASE;
      const org = new Org({ ...ORG_PROPS, definitionEnvironment: ['IMAGE_TAG', 'RELEASE'] });
      expect(allowedEnvironment(process.cwd(), { file: 'd.js', resolved: path.resolve('d.js'), orgGiven: false }, org)).toEqual({ IMAGE_TAG: '1.2.3' });
      // an org file decides over an org the module exports; an org with problems allows nothing
      const dir = tmpDir();
      writeFiles(dir, { 'org.json': JSON.stringify({ ...ORG_PROPS, definitionEnvironment: ['UNLISTED'] }), 'bad.json': JSON.stringify({ ...ORG_PROPS, definitionEnvironment: ['GITHUB_TOKEN'] }) });
      expect(allowedEnvironment(dir, { file: 'd.js', resolved: path.join(dir, 'd.js'), orgFile: 'org.json', orgGiven: false }, org)).toEqual({ UNLISTED: 'u' });
      expect(allowedEnvironment(dir, { file: 'd.js', resolved: path.join(dir, 'd.js'), orgFile: 'bad.json', orgGiven: true }, org)).toEqual({});
      expect(allowedEnvironment(dir, { file: 'd.js', resolved: path.join(dir, 'd.js'), orgFile: 'missing.json', orgGiven: false }, org)).toEqual({});
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
