// index.ts is the registry of sub-commands. Each entry loads its module lazily
// so `heapsight top` does not pay for the compiler-evidence code, and so on.
import type { Command } from '../command.js';

export const commands: Readonly<Record<string, () => Promise<Command>>> = {
  check: async () => (await import('./check.js')).command,
  change: async () => (await import('./change.js')).command,
  version: async () => (await import('./version.js')).command,
  escape: async () => (await import('./escape.js')).command,
  compare: async () => (await import('./compare.js')).command,
  collect: async () => (await import('./collect.js')).command,
  diff: async () => (await import('./diff.js')).command,
  flame: async () => (await import('./flame.js')).command,
  export: async () => (await import('./export.js')).command,
  top: async () => (await import('./top.js')).command,
  list: async () => (await import('./list.js')).command,
  peek: async () => (await import('./peek.js')).command,
  bench: async () => (await import('./bench.js')).command,
  history: async () => (await import('./history.js')).command,
  serve: async () => (await import('./serve.js')).command,
};
