// messages.test.ts holds the workbench client to its catalogue: every
// message id the client asks for exists (t() takes a string, so the type
// system cannot see a misspelt id), and every catalogue has every id with
// the same placeholders as English.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workbenchCatalogues, workbenchEn } from '../../src/render/workbench/messages.js';

const client = readFileSync(join(resolve(__dirname, '../..'), 'src/render/workbench/client.ts'), 'utf8');

describe('the workbench catalogue', () => {
  it('has every id the client uses', () => {
    const used = new Set<string>();
    for (const m of client.matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]!);
    // Ids built from a view name: tab.overview, tab.source, …
    for (const v of ['overview', 'source', 'flame', 'gc']) used.add(`tab.${v}`);
    // Ids passed through an array of ids to t(m).
    for (const m of client.matchAll(/'((?:overview|flame|gc|source)\.\w+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((id) => !(id in workbenchEn));
    expect(missing).toEqual([]);
  });

  it('every language has every id, with the same {placeholders}', () => {
    const holes = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const [lang, cat] of Object.entries(workbenchCatalogues)) {
      for (const [id, en] of Object.entries(workbenchEn)) {
        const text = (cat as Record<string, string>)[id];
        expect(text, `${lang} ${id}`).toBeTypeOf('string');
        expect(holes(text!), `${lang} ${id}`).toEqual(holes(en));
      }
    }
  });
});
