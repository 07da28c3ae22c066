/**
 * Preloaded into every measured child (`node -r dist/bench/rss-report.js …`):
 * on exit, reports the process's peak resident set size (KiB) on standard
 * error, where bench/measure.ts reads it.
 */
import * as fs from 'fs';

process.on('exit', () => {
  fs.writeSync(2, `\nBENCH_MAXRSS_KIB=${process.resourceUsage().maxRSS}\n`);
});
