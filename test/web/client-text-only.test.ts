// client-text-only.test.ts keeps the workbench client from ever turning data
// into markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or
// eval-like calls in its source (names, messages and source lines reach the
// page through textContent, properties and canvas text only).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(resolve(__dirname, '../..'), 'src/render/workbench');

describe('the workbench client', () => {
  it('has no markup sinks', () => {
    const code = readFileSync(join(dir, 'client.ts'), 'utf8').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*['"]on/);
    // Element properties come from a fixed set of keys in the code, never from data: no computed event names.
    expect(code).not.toMatch(/srcdoc|javascript:/i);
  });
});
