// output-paths.test.ts: every command that writes a file checks the path
// before the work, so a missing directory costs nothing and prints one plain
// line (exit 2), not an "internal error" with a stack after every benchmark ran.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runner } from '../../src/toolchain/process.js';
import { runCli } from '../support/cli-io.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const healthy = resolve('testdata/bench-fixtures/healthy');
const profile = resolve('testdata/profile/allocs.pb.gz');
const missing = join(tmp, 'missing', 'dir');

/** A runner that fails the test if anything is started: the check must come first. */
const noProcess: Runner = {
  run(req) {
    throw new Error(`started ${req.argv.join(' ')} before checking the output path`);
  },
};

const cases: [string, string[]][] = [
  ['bench -o', ['bench', healthy, '-o', join(missing, 'r.txt')]],
  ['bench --memprofile', ['bench', healthy, '--memprofile', join(tmp, 'a-file', 'sub')]],
  ['check -o', ['check', healthy, '-o', join(missing, 'r.txt')]],
  ['check --memprofile', ['check', healthy, '--memprofile', join(missing, 'm.pb.gz')]],
  ['flame -o', ['flame', profile, '-o', join(missing, 'f.html')]],
  ['export -o', ['export', profile, '--format', 'folded', '-o', join(missing, 'f.txt')]],
  ['collect -o', ['collect', 'http://127.0.0.1:9', '-o', join(missing, 'p.pb.gz')]],
  ['check -o a directory', ['check', healthy, '-o', tmp]],
];

describe('output paths are checked before the work', () => {
  writeFileSync(join(tmp, 'a-file'), 'not a directory');
  for (const [what, argv] of cases) {
    it(what, async () => {
      const started = performance.now();
      const r = await runCli(argv, { runner: noProcess });
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(new RegExp(`^heapsight ${argv[0]}: (-o|--memprofile) \\S+: (directory \\S+ does not exist|\\S+ is not a directory|is a directory)\\n`));
      expect(r.err).not.toMatch(/internal error|\n\s+at /);
      expect(performance.now() - started).toBeLessThan(5000);
    });
  }
});
