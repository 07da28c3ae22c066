/**
 * `npm run synth`'s program, once the compiler has run: the GitOps tree (`paved
 * synth`, as the CLI runs it) and then the cloud stacks (infra.ts), in one
 * process, so that the edit loop starts node once rather than twice. Stops at
 * the first failure, with its exit code.
 */
import { main as synthInfra } from './infra';

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../lib/cli/main') as typeof import('../lib/cli/main');
  // main never rejects: every failure is an exit code
  void main(['synth', ...process.argv.slice(2)], { cloudSynthFollows: true }).then((code) => {
    process.exitCode = code !== 0 ? code : synthInfra(process.env.PAVED_CDKTF_OUT || 'cdktf.out');
  });
}
