/**
 * The one part of Node an app definition may use: the environment, through
 * which CI passes values such as an image tag (`process.env.IMAGE_TAG`). It
 * holds only the variables the org allows (`definitionEnvironment` in
 * platform/org.ts): `paved synth` runs the definitions in a process whose
 * environment holds nothing else (docs/ci.md). App files compile without
 * Node's types (tsconfig.apps.json), and paved's loader gives them nothing
 * else at run time either: `require` of anything but paved's public API
 * (`../../lib`) and the team's own folder is refused. The platform's own files
 * (platform/, apps/index.ts) have Node's types.
 */
declare const process: { readonly env: Readonly<Record<string, string | undefined>> };
