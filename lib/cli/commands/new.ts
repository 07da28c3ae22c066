import type { CommandSpec } from '../command';
import { definitionOptions } from '../command';
import type { NewAppCliOptions } from '../new-app-command';

/** The work (the portal's new-service template): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const newApp = () => require('../new-app-command') as typeof import('../new-app-command');

/** `paved new <what>`: something new on the paved road (`paved new app`). */
export const create: CommandSpec = {
  name: 'new',
  register: (program, { io, run }) => {
    const what = program.command('new').description('start something new on the paved road');
    definitionOptions(
      what
        .command('app')
        .description("write a new app definition (asks the new-service template's questions, or takes them as flags)")
        .option('--team <team>', 'the owning team')
        .option('--name <name>', "the app's name")
        .option('--description <text>', 'what it does, in a sentence')
        .option('--port <port>', 'the port it listens on (default 8080)')
        .option('--domain <host>', "its public host name in production, inside the team's zone")
        .option('--database', 'give it a PostgreSQL database')
        .option('--no-database', 'no database (and do not ask)')
        .option('--import-from <module>', "the module the definition imports paved from (default: the platform's portal setting)")
        .option('--out <file>', "where to write the definition (default: apps/<team>/<name>.ts, or apps/<name>.ts in a team's own repository)")
        .option('--service-dir <dir>', 'also write the service repository the template would create'),
    ).action((opts: NewAppCliOptions) => run(() => newApp().newAppCommand(io, opts))());
  },
};
