/**
 * The one part of Node an app definition may use: the environment, through
 * which CI passes values such as an image tag (`process.env.IMAGE_TAG`). App
 * files compile without Node's types (tsconfig.apps.json); the platform's own
 * files (platform/, apps/index.ts) have them.
 */
declare const process: { readonly env: Readonly<Record<string, string | undefined>> };
