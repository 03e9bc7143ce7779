import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapPointerType, parseGoSource } from '../../src/source/go-file.js';

describe('parseGoSource', () => {
  it('finds *map parameters, grouped names, variadics and &x call arguments in the demo', async () => {
    const file = resolve('examples/mapptr/maps.go');
    const facts = await parseGoSource(readFileSync(file, 'utf8'), file);
    expect(facts.packageName).toBe('main');
    const byName = new Map(facts.functions.map((f) => [f.name, f]));
    const p = byName.get('processWithMapPtr')!;
    expect(p.params.map((x) => [x.name, x.typeText])).toEqual([
      ['data', '[]int'],
      ['m', '*map[int]int'],
    ]);
    const fr = byName.get('fillAndRegister')!;
    const calls = fr.calls.filter((c) => c.callee === 'processWithMapPtr' || c.callee === 'registerMap');
    expect(calls.map((c) => [c.callee, c.args.map((a) => a.addressOf)])).toEqual([
      ['processWithMapPtr', [null, 'm']],
      ['registerMap', ['m']],
    ]);
  });

  it('reports parameter columns as the compiler does (1-based UTF-8 bytes), also after non-ASCII text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-src-'));
    writeFileSync(join(dir, 'go.mod'), 'module x\n\ngo 1.24\n');
    const src = 'package x\n\nfunc f(é, ü int, m *map[string]int) { _ = é; _ = ü; (*m)["ß"] = 1 }\n';
    writeFileSync(join(dir, 'x.go'), src);
    const facts = await parseGoSource(src, join(dir, 'x.go'));
    const params = facts.functions[0]!.params;
    expect(params.map((p) => p.name)).toEqual(['é', 'ü', 'm']);
    // The compiler is the judge of the column: ask it where `m` is.
    const r = spawnSync('go', ['build', '-a', '-gcflags=-m', '.'], { cwd: dir, encoding: 'utf8' });
    const line = r.stderr.split('\n').find((l) => / m does not escape$/.test(l));
    expect(line, r.stderr).toBeDefined();
    const [, ln, col] = /^\.\/x\.go:(\d+):(\d+):/.exec(line!)!;
    const m = params[2]!;
    expect([m.line, m.column]).toEqual([Number(ln), Number(col)]);
  });

  it('parses map types with nested brackets', () => {
    expect(mapPointerType('*map[int]int')).toEqual({ key: 'int', value: 'int' });
    expect(mapPointerType('*map[[2]int][]string')).toEqual({ key: '[2]int', value: '[]string' });
    expect(mapPointerType('map[int]int')).toBeNull();
    expect(mapPointerType('*sync.Map')).toBeNull();
  });
});
