import * as fs from 'fs';
import * as path from 'path';
import { LAST_CHANGED_FILE, changeDay, readLastChanged } from '../../../lib';
import { ROOT, cleanTmpDirs, paved, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

describe('changeDay', () => {
  const noon = () => new Date('2026-06-30T23:30:00Z');

  test("is SOURCE_DATE_EPOCH's day in UTC when it is set, whatever the clock says", () => {
    expect(changeDay({ SOURCE_DATE_EPOCH: '4102444800' }, noon)).toBe('2100-01-01');
    expect(changeDay({ SOURCE_DATE_EPOCH: '0' }, noon)).toBe('1970-01-01');
  });

  test("is the run's UTC day otherwise (the time zone does not move it)", () => {
    expect(changeDay({}, noon)).toBe('2026-06-30');
    expect(changeDay({ SOURCE_DATE_EPOCH: '' }, noon)).toBe('2026-06-30');
  });

  test.each(['abc', '-1', '1.5', '1e9', '99999999999999'])('refuses SOURCE_DATE_EPOCH=%s, naming the variable and what is allowed', (value) => {
    expect(() => changeDay({ SOURCE_DATE_EPOCH: value }, noon)).toThrow(/^SOURCE_DATE_EPOCH = ".*" is not allowed: a whole number of seconds since 1970/);
  });
});

describe('readLastChanged', () => {
  test('reads the record a tree holds, and an absent or unreadable one as empty', () => {
    const dir = tmpDir();
    expect(readLastChanged(dir)).toEqual({});
    writeFiles(dir, { [LAST_CHANGED_FILE]: JSON.stringify({ 't/a': { date: '2026-01-02', sha256: 'x' } }) });
    expect(readLastChanged(dir)).toEqual({ 't/a': { date: '2026-01-02', sha256: 'x' } });
    fs.writeFileSync(path.join(dir, LAST_CHANGED_FILE), '{ not json');
    expect(readLastChanged(dir)).toEqual({});
  });
});

describe('paved synth with a malformed SOURCE_DATE_EPOCH', () => {
  test('exits 1 with the variable named, and writes nothing', () => {
    const out = path.join(tmpDir(), 'tree');
    const r = paved(['synth', '--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js'), '--out', out], ROOT, { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH = "yesterday" is not allowed');
    expect(r.code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
  });
});
