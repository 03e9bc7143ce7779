// user-frames.test.ts holds the user-frame attribution against go tool
// pprof on a real merged heap profile (testdata/check/mapptr-merged.pb.gz,
// go1.26.8): every target line's cum equals pprof -top -cum -lines's, and for
// a line outside the targets the user frames add up to its flat.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProfile, lineRows, userFrames } from '../../src/profile/index.js';
import { pprofTopAll } from '../support/pprof.js';

const file = resolve('testdata/check/mapptr-merged.pb.gz');
const profile = decodeProfile(readFileSync(file), file);
const isUser = (f: string): boolean => f.includes('/examples/mapptr/');

describe('userFrames on a real profile', () => {
  const report = userFrames(profile, isUser);

  it('target lines carry the cum and flat go tool pprof -top -lines prints', async () => {
    const pprof = await pprofTopAll(['-lines', '-sample_index=alloc_space'], file);
    const byName = new Map(pprof.rows.map((r) => [r.name, r]));
    expect(report.userLines.length).toBeGreaterThan(3);
    for (const l of report.userLines) {
      const row = byName.get(`${l.function} ${l.file}:${l.line}`);
      expect(row, `${l.function} ${l.file}:${l.line}`).toBeDefined();
      expect(l.cumBytes).toBe(row!.cum);
      expect(l.flatBytes).toBe(row!.flat);
    }
    // Every pprof row in the target files is there.
    const own = pprof.rows.filter((r) => isUser(r.name) && r.cum !== 0);
    expect(report.userLines.length).toBe(own.length);
  });

  it('a line outside the targets: its user frames and harness bytes add up to its flat', () => {
    const rows = lineRows(profile, 'alloc_space').rows.filter((r) => r.flat !== 0 && !isUser(r.file));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const leaf = report.byLeaf.get(`${r.function}\u0000${r.file}\u0000${r.line}`);
      expect(leaf, r.function).toBeDefined();
      const sum = leaf!.frames.reduce((s, f) => s + f.bytes, 0) + leaf!.orphanBytes;
      expect(sum).toBe(r.flat);
      for (const f of leaf!.frames) expect(isUser(f.file)).toBe(true);
    }
    // sync.Map's entries are allocated on behalf of processWithSyncMap.
    const entry = [...report.byLeaf.values()].find((l) => l.leaf.function.includes('newEntryNode'));
    expect(entry?.frames[0]?.function).toMatch(/\.processWithSyncMap$/);
    expect(entry?.callers.some((c) => c.startsWith('sync.(*Map)'))).toBe(true);
  });
});
