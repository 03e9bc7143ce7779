// flame-client.ts is the flame graph's browser code. flameClient is
// serialised with .toString() into the HTML file and called with the
// embedded data and the layout functions, so it must reference nothing but
// its parameters and browser globals (no imports at run time, no helpers
// outside its body). Names from the profile reach the page only through
// canvas fillText and textContent, never as markup.
import type { FlameGeometry } from './layout.js';
import type { FlameWire, FlameWireValues } from './flame-data.js';

/** FlameClientLib is what the page passes in: the shared layout functions. */
export interface FlameClientLib {
  layoutFlame(parent: ArrayLike<number>, weight: ArrayLike<number>, end: ArrayLike<number>, zoom: number): FlameGeometry;
  subtreeEnds(depth: ArrayLike<number>): Int32Array;
}

/**
 * flameClient builds the viewer inside doc.getElementById('flame');
 * loadValues(k) parses sample type k's values block (called lazily, once).
 */
export function flameClient(doc: Document, data: FlameWire, loadValues: (k: number) => FlameWireValues, lib: FlameClientLib): void {
  const started = performance.now();
  const ROW = 18;
  const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
  const MATCH = '#c000c0';
  const n = data.frame.length;
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  parent[0] = -1;
  for (let i = 1; i < n; i++) {
    const p = i - data.parentDelta[i]!;
    parent[i] = p;
    depth[i] = depth[p]! + 1;
  }
  const valueCache: (FlameWireValues | undefined)[] = [];
  const vals = (k: number): FlameWireValues => (valueCache[k] ??= loadValues(k));
  const POS = (k: number): readonly number[] => vals(k).pos;
  const NEG = (k: number): readonly number[] => vals(k).neg!;
  const end = lib.subtreeEnds(depth);
  let maxDepth = 0;
  for (let i = 0; i < n; i++) if (depth[i]! > maxDepth) maxDepth = depth[i]!;
  const byId = (id: string): HTMLElement => doc.getElementById(id) as HTMLElement;
  const canvas = byId('flame-canvas') as HTMLCanvasElement;
  const tip = byId('flame-tip');
  const status = byId('flame-status');
  const select = byId('flame-index') as HTMLSelectElement;
  const widthSel = byId('flame-width') as HTMLSelectElement;
  const search = byId('flame-search') as HTMLInputElement;
  const reset = byId('flame-reset') as HTMLButtonElement;
  const ctx = canvas.getContext('2d', { alpha: false })!;

  const state = { k: data.defaultIndex, zoom: 0, mode: 'abs', query: null as RegExp | null, hover: -1 };
  let weight = new Float64Array(n);
  let geo: FlameGeometry = { x: new Float64Array(n), w: new Float64Array(n) };
  let matched = new Uint8Array(n);
  let cssWidth = 0;
  let charWidth = 7;

  data.sampleTypes.forEach((t, i) => {
    const o = doc.createElement('option');
    o.value = String(i);
    o.textContent = `${t.type} (${t.unit})`;
    select.appendChild(o);
  });
  select.value = String(state.k);

  const hasNeg = (k: number): boolean => data.hasNeg[k] === true;
  const signed = (k: number, i: number): number => POS(k)[i]! + (hasNeg(k) ? NEG(k)[i]! : 0);
  const self = (k: number, i: number): number => {
    let v = signed(k, i);
    for (let c = i + 1; c < end[i]!; c = end[c]!) v -= signed(k, c);
    return v;
  };

  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  const fmt = (v: number): string => {
    const unit = data.sampleTypes[state.k]!.unit;
    const sign = v < 0 ? '-' : '';
    let a = Math.abs(v);
    if (unit === 'bytes') {
      let u = 0;
      while (a >= 1024 && u < units.length - 1) {
        a /= 1024;
        u++;
      }
      return u === 0 ? `${sign}${a}B` : `${sign}${a.toFixed(2)}${units[u]}`;
    }
    if (unit === 'nanoseconds') {
      if (a >= 1e9) return `${sign}${(a / 1e9).toFixed(2)}s`;
      if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(2)}ms`;
      if (a >= 1e3) return `${sign}${(a / 1e3).toFixed(2)}µs`;
      return `${sign}${a}ns`;
    }
    return `${sign}${Math.round(a).toLocaleString('en-US')}${unit === 'count' ? '' : ' ' + unit}`;
  };

  const recompute = (): void => {
    const pos = POS(state.k);
    const neg = hasNeg(state.k) ? NEG(state.k) : null;
    widthSel.disabled = neg === null;
    // Widths: |value| summed over samples (nests even with negatives), or one side only.
    for (let i = 0; i < n; i++) {
      const p = pos[i]!;
      const q = neg ? -neg[i]! : 0;
      weight[i] = state.mode === 'new' ? p : state.mode === 'base' ? q : p + q;
    }
    if (!(weight[state.zoom]! > 0)) state.zoom = 0;
    geo = lib.layoutFlame(parent, weight, end, state.zoom);
  };

  const hash = (s: string): number => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return (h >>> 0) / 4294967296;
  };
  const colourCache = new Map<number, string>();
  const warm = (f: number): string => {
    let c = colourCache.get(f);
    if (c === undefined) {
      const name = data.names[f] ?? '';
      // Hue by package so one package reads as one family (FlameGraph's "hot" palette).
      const pkg = name.replace(/^(.*?)\.[^./]*$/, '$1');
      const h = 10 + hash(pkg) * 40;
      const l = 55 + hash(name) * 12;
      c = data.inlined[f] ? `hsl(${h}, 70%, ${l + 10}%)` : `hsl(${h}, 85%, ${l}%)`;
      colourCache.set(f, c);
    }
    return c;
  };
  // Diverging blue↔orange (ColorBrewer PuOr-like ends, safe for red-green colour blindness).
  const diffColour = (i: number): string => {
    const p = POS(state.k)[i]!;
    const q = hasNeg(state.k) ? -NEG(state.k)[i]! : 0;
    const tot = p + q;
    const r = tot > 0 ? (p - q) / tot : 0;
    const t = Math.min(1, Math.abs(r));
    const [a, b] = r >= 0 ? [[230, 97, 1], [247, 247, 247]] : [[33, 102, 172], [247, 247, 247]];
    const mix = (j: number): number => Math.round(b[j]! + (a[j]! - b[j]!) * (0.15 + 0.85 * t));
    return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
  };

  // White labels on the dark ends of the diverging scale keep them readable.
  const darkFill = (rgb: string): boolean => {
    const m = /^rgb\((\d+),(\d+),(\d+)\)$/.exec(rgb);
    return m !== null && 0.299 * Number(m[1]) + 0.587 * Number(m[2]) + 0.114 * Number(m[3]) < 120;
  };

  const resize = (): void => {
    const dpr = window.devicePixelRatio || 1;
    cssWidth = Math.max(200, canvas.parentElement!.clientWidth);
    const h = (maxDepth + 1) * ROW;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${h}px`;
    canvas.width = Math.round(cssWidth * dpr);
    canvas.height = Math.round(h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = FONT;
    charWidth = ctx.measureText('MMMMMMMMMM').width / 10;
  };

  const paint = (): void => {
    const diffMode = data.diff || hasNeg(state.k);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, cssWidth, (maxDepth + 1) * ROW);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const x = geo.x;
    const w = geo.w;
    for (let i = 0; i < n; ) {
      const px = w[i]! * cssWidth;
      // Prune only here: a frame under a pixel, and so its whole subtree, is not drawn.
      if (px < 1) {
        i = i === 0 ? 1 : end[i]!;
        continue;
      }
      const left = x[i]! * cssWidth;
      const top = depth[i]! * ROW;
      const f = data.frame[i]!;
      const isMatch = matched[i] === 1;
      const fill = isMatch ? MATCH : i === 0 ? '#d9d9d9' : diffMode ? diffColour(i) : warm(f);
      ctx.fillStyle = fill;
      ctx.fillRect(left, top, Math.max(1, px - 1), ROW - 1);
      if (px > charWidth * 3) {
        const label = i === 0 ? 'all' : (data.names[f] ?? '') + (data.inlined[f] ? ' (inline)' : '');
        const fit = Math.floor((px - 6) / charWidth);
        ctx.fillStyle = isMatch || (diffMode && darkFill(fill)) ? '#ffffff' : '#1a1a1a';
        ctx.fillText(label.length > fit ? label.slice(0, Math.max(0, fit - 1)) + '…' : label, left + 3, top + ROW / 2);
      }
      i++;
    }
  };

  // pprof's denominators: with a diff base, the base's total (computeTotal
  // counts only base samples); otherwise the sum of |values|.
  const total = (): number => {
    const p = POS(state.k)[0]!;
    const q = hasNeg(state.k) ? -NEG(state.k)[0]! : 0;
    return data.diff ? q : p + q;
  };

  const updateSearch = (): void => {
    matched = new Uint8Array(n);
    if (!state.query) {
      status.textContent = '';
      return;
    }
    const hit = new Uint8Array(data.names.length);
    data.names.forEach((name, f) => {
      if (state.query!.test(name)) hit[f] = 1;
    });
    // Share matched: count a node only when no ancestor already matched (recursion counted once).
    let share = 0;
    const covered = new Int32Array(n).fill(-1);
    for (let i = 1; i < n; i++) {
      const f = data.frame[i]!;
      const inside = covered[parent[i]!]! >= 0;
      covered[i] = inside ? covered[parent[i]!]! : -1;
      if (hit[f]) {
        matched[i] = 1;
        if (!inside) {
          share += signed(state.k, i);
          covered[i] = i;
        }
      }
    }
    const t = total() || 1;
    status.textContent = `matched ${fmt(share)} (${((share / t) * 100).toFixed(2)}% of ${fmt(t)}${data.diff ? ' base' : ''})`;
  };

  const nodeAt = (cx: number, cy: number): number => {
    const d = Math.floor(cy / ROW);
    const fx = cx / cssWidth;
    for (let i = 0; i < n; ) {
      if (geo.w[i]! * cssWidth < 1) {
        i = i === 0 ? 1 : end[i]!;
        continue;
      }
      if (fx < geo.x[i]! || fx >= geo.x[i]! + geo.w[i]!) {
        i = i === 0 ? 1 : end[i]!;
        continue;
      }
      if (depth[i] === d) return i;
      i++;
    }
    return -1;
  };

  const showTip = (i: number, ev: MouseEvent): void => {
    if (i < 0) {
      tip.hidden = true;
      return;
    }
    const f = data.frame[i]!;
    const lines: string[] = [];
    lines.push(i === 0 ? 'all' : `${data.names[f]}${data.inlined[f] ? ' (inlined)' : ''}`);
    if (i !== 0 && data.files[f]) lines.push(`${data.files[f]}${data.lines[f] ? ':' + data.lines[f] : ''}`);
    const cum = signed(state.k, i);
    const t = total() || 1;
    lines.push(`flat ${fmt(self(state.k, i))}   cum ${fmt(cum)}   share ${((cum / t) * 100).toFixed(2)}%${data.diff ? ' of base' : ''}`);
    if (hasNeg(state.k)) {
      const p = POS(state.k)[i]!;
      const q = -NEG(state.k)[i]!;
      lines.push(data.diff ? `new ${fmt(p)}   base ${fmt(q)}   delta ${fmt(p - q)}` : `increases ${fmt(p)}   decreases ${fmt(-q)}`);
    }
    tip.textContent = lines.join('\n');
    tip.hidden = false;
    const r = canvas.getBoundingClientRect();
    tip.style.left = `${Math.min(ev.clientX - r.left + 12, cssWidth - 320)}px`;
    tip.style.top = `${ev.clientY - r.top + 16}px`;
  };

  const redraw = (): void => {
    recompute();
    paint();
  };

  canvas.addEventListener('mousemove', (ev) => {
    const r = canvas.getBoundingClientRect();
    const i = nodeAt(ev.clientX - r.left, ev.clientY - r.top);
    state.hover = i;
    canvas.style.cursor = i >= 0 ? 'pointer' : 'default';
    showTip(i, ev);
  });
  canvas.addEventListener('mouseleave', () => {
    tip.hidden = true;
  });
  canvas.addEventListener('click', (ev) => {
    const r = canvas.getBoundingClientRect();
    const i = nodeAt(ev.clientX - r.left, ev.clientY - r.top);
    if (i < 0) return;
    state.zoom = i;
    redraw();
  });
  reset.addEventListener('click', () => {
    state.zoom = 0;
    redraw();
  });
  doc.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      state.zoom = 0;
      redraw();
    }
  });
  select.addEventListener('change', () => {
    state.k = Number(select.value);
    updateSearch();
    redraw();
  });
  widthSel.addEventListener('change', () => {
    state.mode = widthSel.value;
    redraw();
  });
  search.addEventListener('input', () => {
    const q = search.value;
    if (q === '') state.query = null;
    else {
      try {
        state.query = new RegExp(q, 'i');
      } catch {
        state.query = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      }
    }
    updateSearch();
    paint();
  });
  // Enter zooms to the heaviest match, so a frame too narrow to click can still be reached.
  search.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    let best = -1;
    for (let i = 1; i < n; i++) if (matched[i] === 1 && (best < 0 || Math.abs(signed(state.k, i)) > Math.abs(signed(state.k, best)))) best = i;
    if (best < 0) return;
    state.zoom = best;
    redraw();
  });
  window.addEventListener('resize', () => {
    resize();
    paint();
  });

  resize();
  redraw();
  requestAnimationFrame(() => {
    doc.body.dataset['firstPaintMs'] = String(Math.round(performance.now() - started));
    doc.body.dataset['readyAtMs'] = String(Math.round(performance.now()));
    doc.body.dataset['ready'] = '1';
  });
}
