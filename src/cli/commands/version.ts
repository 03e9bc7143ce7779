import { readFileSync } from 'node:fs';
import { findGo } from '../../toolchain/go-command.js';
import type { Command } from '../command.js';
import { parseFlags } from '../command.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** HEAPSIGHT_VERSION is the package version, read from package.json. */
export const HEAPSIGHT_VERSION: string = pkg.version;

export const command: Command = {
  name: 'version',
  summary: 'print heapsight and Go versions',
  usage: 'heapsight version',
  async run(args, ctx) {
    parseFlags(args, {}, this.usage);
    const go = await findGo(ctx.runner, ctx.cwd);
    ctx.io.stdout(`heapsight ${HEAPSIGHT_VERSION}\n${go.version} ${go.goos}/${go.goarch} (${go.goBin})\n`);
    return 0;
  },
};
