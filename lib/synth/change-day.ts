import * as fs from 'fs';
import * as path from 'path';
import type { LastChanged } from '../portal/service-index';

/**
 * The day (`YYYY-MM-DD`, UTC) synthesis records as the last change of an app
 * whose objects changed: `SOURCE_DATE_EPOCH` (seconds since 1970, the
 * reproducible-builds convention) when it is set, else the day of the run.
 *
 * This is the only clock synthesis reads, and it reaches the output only for
 * an app that changed in this run: an app whose objects are the same keeps the
 * day the previous tree recorded (see {@link readLastChanged}), so
 * synthesizing unchanged definitions gives the same bytes on any day, in any
 * time zone.
 *
 * @throws when `SOURCE_DATE_EPOCH` is set to anything but a whole number of seconds
 */
export function changeDay(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return now().toISOString().slice(0, 10);
  const seconds = /^[0-9]{1,12}$/.test(epoch) ? Number(epoch) : NaN;
  const day = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || Number.isNaN(day.getTime())) {
    throw new Error(`SOURCE_DATE_EPOCH = ${JSON.stringify(epoch)} is not allowed: a whole number of seconds since 1970-01-01T00:00:00Z (e.g. $(git log -1 --format=%ct)), or unset`);
  }
  return day.toISOString().slice(0, 10);
}

/**
 * When each app last changed, as the tree in `treeDir` recorded it
 * (`catalog/last-changed.json`); an absent or unreadable record is empty.
 * `paved synth` passes this to the build, so an app that did not change keeps
 * its day.
 */
export function readLastChanged(treeDir: string): LastChanged {
  // the catalog's modules load the constructs: only when there is a tree to read (paved synth starts faster)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LAST_CHANGED_FILE, parseLastChanged } = require('../portal/service-index') as typeof import('../portal/service-index');
  const file = path.join(treeDir, LAST_CHANGED_FILE);
  return parseLastChanged(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
}
