// layout.ts is the flame graph's geometry, shared by node (tests, exports)
// and the browser: each function here is serialised with .toString() into the
// HTML file, so it must stay self-contained — no imports, no module-level
// helpers, no closures over outer names.

/** FlameGeometry gives each node's left edge and width as fractions of the view (0..1); width 0 = not shown. */
export interface FlameGeometry {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

/**
 * subtreeEnds returns, for nodes in pre-order with their depths, the index
 * just past each node's subtree, so painting can skip a whole subtree once a
 * frame is narrower than a pixel.
 */
export function subtreeEnds(depth: ArrayLike<number>): Int32Array {
  const n = depth.length;
  const end = new Int32Array(n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    while (stack.length > 0 && depth[stack[stack.length - 1]!]! >= depth[i]!) end[stack.pop()!] = i;
    stack.push(i);
  }
  while (stack.length > 0) end[stack.pop()!] = n;
  return end;
}

/**
 * layoutFlame places nodes (pre-order, parent index before child, children
 * already in display order) given each node's width weight, zoomed on node
 * `zoom`: the zoomed node and its ancestors span the full width, its subtree
 * is scaled to fill it, everything else gets width 0. Weights must nest
 * (a node weighs at least the sum of its children).
 */
export function layoutFlame(
  parent: ArrayLike<number>,
  weight: ArrayLike<number>,
  end: ArrayLike<number>,
  zoom: number,
): FlameGeometry {
  const n = parent.length;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const zw = weight[zoom]!;
  if (!(zw > 0)) return { x, w };
  // cursor[p] is where p's next child starts, in weight units from the zoom node's left edge.
  const cursor = new Float64Array(n);
  const stop = end[zoom]!;
  for (let i = zoom + 1; i < stop; i++) {
    const p = parent[i]!;
    const left = cursor[p]!;
    x[i] = left / zw;
    w[i] = weight[i]! / zw;
    cursor[p] = left + weight[i]!;
    cursor[i] = left;
  }
  w[zoom] = 1;
  for (let a = parent[zoom]!; a >= 0; a = parent[a]!) w[a] = 1;
  return { x, w };
}
