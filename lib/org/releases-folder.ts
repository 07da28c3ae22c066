/** The folder of the release records, at the project's root (a module of its own: `paved synth` reads it before it loads the records' parser). */
export const RELEASES_FOLDER = 'releases';
