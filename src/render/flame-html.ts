// flame-html.ts renders a FlameTree as one self-contained HTML file: CSS,
// the viewer's code and the data are all inlined so the file can be mailed
// or attached to an issue. Data travels as JSON in a
// <script type="application/json"> block; every '<' in it is written as
// \u003c so no name can close the block, and the page reads names only
// through textContent and canvas text.
import type { FlameTree } from '../profile/flame-tree.js';
import { flameClient } from './flame-client/flame-client.js';
import type { FlameData, FlameWire, FlameWireValues } from './flame-client/flame-data.js';
import { layoutFlame, subtreeEnds } from './flame-client/layout.js';

/** FlameMeta is what the page says about its input. */
export interface FlameMeta {
  readonly title: string;
  readonly notes: readonly string[];
  /** Sample type shown first (an index into tree.sampleTypes). */
  readonly defaultIndex: number;
}

/** flameData turns a FlameTree into the plain arrays the page embeds. */
export function flameData(tree: FlameTree, meta: FlameMeta): FlameData {
  const allZero = (a: Float64Array): boolean => a.every((v) => v === 0);
  return {
    schema: 'heapsight.flame/v1',
    title: meta.title,
    notes: meta.notes,
    sampleTypes: tree.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
    defaultIndex: meta.defaultIndex,
    diff: tree.diff,
    names: tree.frames.map((f) => f.name),
    files: tree.frames.map((f) => f.file),
    lines: tree.frames.map((f) => f.line),
    inlined: tree.frames.map((f) => (f.inlined ? 1 : 0)),
    frame: Array.from(tree.nodeFrame),
    parent: Array.from(tree.nodeParent),
    depth: Array.from(tree.nodeDepth),
    pos: tree.pos.map((a) => Array.from(a)),
    neg: tree.neg.map((a) => (allZero(a) ? null : Array.from(a))),
  };
}

/** escapeHtml makes text safe inside HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * jsonForScript serialises a value for a <script type="application/json">
 * block: '<', '>' and '&' become \u escapes (so "</script>" or "<!--" in a
 * function name cannot end the block), as do U+2028/U+2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const css = `
*{box-sizing:border-box}
body{margin:0;font:13px system-ui,-apple-system,Segoe UI,sans-serif;color:#1a1a1a;background:#fff}
header{padding:8px 12px;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
header h1{font-size:15px;margin:0;font-weight:600;word-break:break-all}
.notes{width:100%;color:#555;font-size:12px;margin:0;padding:0;list-style:none}
.controls{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.legend{display:flex;gap:6px;align-items:center;font-size:12px;color:#333}
.swatch{display:inline-block;width:70px;height:12px;border:1px solid #999}
#flame-status{font-size:12px;color:#7a007a;min-height:1em}
#flame{position:relative;padding:0 12px 12px}
#flame-canvas{display:block}
#flame-tip{position:absolute;pointer-events:none;background:#fffff0;border:1px solid #888;padding:6px 8px;font:12px ui-monospace,Menlo,Consolas,monospace;white-space:pre;max-width:640px;overflow:hidden;box-shadow:0 2px 6px rgba(0,0,0,.2);z-index:2}
`;

/** renderFlameHtml returns the complete HTML document for one flame graph. */
export function renderFlameHtml(data: FlameData): string {
  const anyNeg = data.neg.some((a) => a !== null);
  const { parent, depth: _depth, pos, neg, ...rest } = data;
  const wire: FlameWire = {
    ...rest,
    parentDelta: parent.map((p, i) => (i === 0 ? 0 : i - p)),
    hasNeg: neg.map((a) => a !== null),
  };
  const valueBlocks = pos
    .map((p, k) => {
      const v: FlameWireValues = { pos: p, neg: neg[k] ?? null };
      return `<script type="application/json" id="flame-values-${k}">${jsonForScript(v)}</script>`;
    })
    .join('\n');
  const legend =
    data.diff || anyNeg
      ? `<span class="legend" id="flame-legend"><span>${data.diff ? 'less than base' : 'decreased'}</span>` +
        `<span class="swatch" style="background:linear-gradient(90deg,#2166ac,#f7f7f7,#e66101)"></span>` +
        `<span>${data.diff ? 'more than base' : 'increased'}</span><span>· width = |new| + |base|, colour = net change · search matches in magenta</span></span>`
      : `<span class="legend" id="flame-legend"><span>width = share of the sample index · colour = package (lighter: inlined) · search matches in magenta</span></span>`;
  // The client is passed its dependencies as arguments: after bundling or a
  // test transform, imported names inside a serialised function would dangle.
  const script =
    `(${flameClient.toString()})(document, JSON.parse(document.getElementById('flame-data').textContent), ` +
    `(k) => JSON.parse(document.getElementById('flame-values-' + k).textContent), ` +
    `{ layoutFlame: ${layoutFlame.toString()}, subtreeEnds: ${subtreeEnds.toString()} });`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<ul class="notes">${data.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
<span class="controls">
<label>sample index <select id="flame-index"></select></label>
<label>width <select id="flame-width"><option value="abs">|new| + |base|</option><option value="new">new (increases)</option><option value="base">base (decreases)</option></select></label>
<input id="flame-search" type="search" placeholder="search (regexp)" size="24">
<button id="flame-reset" type="button">reset zoom</button>
</span>
${legend}
<span id="flame-status"></span>
</header>
<div id="flame"><canvas id="flame-canvas"></canvas><div id="flame-tip" hidden></div></div>
<script type="application/json" id="flame-data">${jsonForScript(wire)}</script>
${valueBlocks}
<script>${script.replace(/<\/(script)/gi, '<\\/$1')}</script>
</body>
</html>
`;
}
