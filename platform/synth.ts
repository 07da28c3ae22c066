/**
 * `npm run synth`'s program, once the compiler has run: the GitOps tree (`paved
 * synth`, as the CLI runs it) and the cloud stacks (infra.ts), in one process,
 * so that the edit loop starts node once rather than twice. The two outputs
 * are independent: while the definitions build the GitOps tree in their own
 * process, this one synthesizes the stacks (on the machine's other core),
 * keeps them in memory and writes them only once the GitOps tree is written.
 * So a failed GitOps synth leaves `cdktf.out/` as it was (as when the two ran
 * one after the other), the cloud side's lines come after the GitOps side's,
 * and the exit code is the first failure's.
 */
import { main as cli } from '../lib/cli/main';
import { describeFailure } from '../lib/private/os-errors';

/** The cloud side's entry point, loaded once paved synth has started the process that runs the definitions. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infra = () => require('./infra') as typeof import('./infra');

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * Runs `paved synth <argv>`, then writes the cloud stacks into `cdktfOut`;
 * returns the exit code. `timed` is told how long the parts took (ms): `gitops`
 * (paved synth, the cloud side's synthesis within it), `cdktf` (that synthesis,
 * in this process while the definitions build) and `cdktfWrite`.
 */
export async function synth(argv: readonly string[], cdktfOut: string, log: (line: string) => void = console.log, timed: (part: string, ms: number) => void = () => {}): Promise<number> {
  let writeInfra: (() => number) | undefined;
  const whileBuilding = () => {
    const t = process.hrtime.bigint();
    // never throws: what it threw is thrown by writeInfra
    writeInfra = infra().prepare(cdktfOut, log);
    timed('cdktf', since(t));
  };
  const t0 = process.hrtime.bigint();
  // main never rejects: every failure is an exit code
  const code = await cli(['synth', ...argv], { cloudSynthFollows: true, whileBuilding });
  timed('gitops', since(t0));
  if (code !== 0) return code;
  const t1 = process.hrtime.bigint();
  // paved synth found its tree up to date (it built nothing): the stacks now
  const infraCode = writeInfra ? writeInfra() : infra().main(cdktfOut, log);
  timed(writeInfra ? 'cdktfWrite' : 'cdktf', since(t1));
  return infraCode;
}

if (require.main === module) {
  synth(process.argv.slice(2), process.env.PAVED_CDKTF_OUT || 'cdktf.out').then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // the cloud side could not run (a bad definition is exit 1, with its problems), as paved says it
      process.stderr.write(`paved infra: ${describeFailure(e)}\n`);
      process.exitCode = 2;
    },
  );
}
