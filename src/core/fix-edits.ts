// fix-edits.ts turns a rule's mechanical fix (a typed RuleFix: spans and the
// values a patch needs) into byte-range edits of the file, for a fix
// experiment. Pure: the file's content in, edits out; null when the fix has
// no mechanical edit heapsight trusts (it is then not measured).
import type { RuleFix } from '../source/rules.js';
import { spanBytes, type FileEdit } from '../source/patch.js';

/** importEdits adds imports a replacement needs, and drops "fmt" when the replaced call was its last use. */
function importEdits(file: string, content: string, add: readonly string[], replacedCalls: readonly { startByte: number; endByte: number; text: string }[]): FileEdit[] {
  const bytes = Buffer.from(content, 'utf8');
  const edits: FileEdit[] = [];
  const has = (path: string): boolean => new RegExp(`^\\s*(?:import\\s+)?(?:\\w+\\s+)?"${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`, 'm').test(content);
  const missing = add.filter((p) => !has(p));
  // After the edits, is fmt still used outside the replaced spans?
  let rest = content;
  for (const r of [...replacedCalls].sort((a, b) => b.startByte - a.startByte)) rest = bytes.subarray(0, r.startByte).toString('utf8') + r.text + bytes.subarray(r.endByte).toString('utf8');
  const dropFmt = has('fmt') && !/\bfmt\./.test(rest.replace(/^\s*import[\s\S]*?\)\s*$/m, ''));
  const block = /^import \(\n([\s\S]*?)^\)/m.exec(content);
  if (block) {
    const start = Buffer.byteLength(content.slice(0, block.index + 'import (\n'.length), 'utf8');
    const inner = block[1]!;
    const lines = inner.split('\n').filter((l) => l !== '');
    const kept = dropFmt ? lines.filter((l) => !/^\s*"fmt"\s*$/.test(l)) : lines;
    const next = [...kept, ...missing.map((p) => `\t"${p}"`)].join('\n') + '\n';
    if (next !== inner) edits.push({ file, startByte: start, endByte: start + Buffer.byteLength(inner, 'utf8'), text: next });
    return edits;
  }
  const single = /^import (\w+ )?"([^"]+)"\n/m.exec(content);
  if (single) {
    const start = Buffer.byteLength(content.slice(0, single.index), 'utf8');
    const imports = [...(dropFmt && single[2] === 'fmt' ? [] : [`${single[1] ?? ''}"${single[2]}"`]), ...missing.map((p) => `"${p}"`)];
    const text = imports.length === 0 ? '' : imports.length === 1 ? `import ${imports[0]}\n` : `import (\n${imports.map((i) => `\t${i}`).join('\n')}\n)\n`;
    edits.push({ file, startByte: start, endByte: start + Buffer.byteLength(single[0], 'utf8'), text });
    return edits;
  }
  if (missing.length > 0) {
    const pkg = /^package \w+\n/m.exec(content);
    if (!pkg) return edits;
    const at = Buffer.byteLength(content.slice(0, pkg.index + pkg[0].length), 'utf8');
    edits.push({ file, startByte: at, endByte: at, text: `\nimport (\n${missing.map((p) => `\t"${p}"`).join('\n')}\n)\n` });
  }
  return edits;
}

/** lineIndent is the leading whitespace of a line. */
function lineIndent(content: string, line: number): string {
  return /^[ \t]*/.exec(content.split('\n')[line - 1] ?? '')![0];
}

/** fixEdits are the edits that apply fix to file; null when the fix is not mechanical enough to apply unattended. */
export function fixEdits(file: string, content: string, fix: RuleFix): FileEdit[] | null {
  const at = (span: Parameters<typeof spanBytes>[1]) => spanBytes(content, span);
  switch (fix.kind) {
    case 'size-hint': {
      const r = at(fix.make);
      return [{ file, ...r, text: `make(${fix.mapType}, ${fix.length})` }];
    }
    case 'capacity': {
      const r = at(fix.declaration);
      return [{ file, ...r, text: `${fix.variable} := make(${fix.sliceType}, 0, ${fix.length})` }];
    }
    case 'grow': {
      const r = at(fix.declaration);
      return [{ file, startByte: r.endByte, endByte: r.endByte, text: `\n${lineIndent(content, fix.declaration.endLine)}${fix.variable}.Grow(${fix.length})` }];
    }
    case 'replace-call': {
      const r = at(fix.call);
      const edit = { file, ...r, text: fix.replacement };
      return [edit, ...importEdits(file, content, fix.imports, [edit])];
    }
    case 'hoist-regexp': {
      const r = at(fix.call);
      const tail = Buffer.byteLength(content, 'utf8');
      return [
        { file, ...r, text: fix.name },
        { file, startByte: tail, endByte: tail, text: `${content.endsWith('\n') ? '' : '\n'}\nvar ${fix.name} = ${fix.call.text}\n` },
      ];
    }
    case 'strings-builder':
    case 'pool-pointer':
      // Both change more than one place (every use of the variable, every Get of the pool): not mechanical enough.
      return null;
  }
}
