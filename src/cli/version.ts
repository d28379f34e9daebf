import { createRequire } from 'node:module';

/** The installed package's version, as `--version` and SARIF's tool driver report it. */
export const packageVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
