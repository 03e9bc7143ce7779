// known-functions.ts names the heap-profile leaves whose reason comes from
// what the function is, not from a compiler decision at its line.
//
// runtime/pprof drops the leading runtime.* and internal/runtime/* frames of
// every heap-profile stack (hideRuntime, runtime/pprof/protomem.go), but a
// runtime function linknamed under another package's name survives: its name
// starts with "reflect." or "internal/reflectlite." and its line is in
// runtime/*.go. Such a leaf is where reflection allocates (reflect.New, a
// decoder filling a struct, SetMapIndex). A leaf that is still named runtime.*
// is an allocation the runtime makes for itself (a goroutine's descriptor in
// runtime.malg, a timer, a profiling bucket), kept because no user frame sits
// below it. Checked on go1.26.8: reflect.unsafe_New at runtime/malloc.go,
// reflect.mapassign_faststr0 at runtime/map.go (linknamed from internal/runtime/maps).
import type { KnownFunctionRole } from './check-report.js';

const EXACT: Readonly<Record<string, KnownFunctionRole>> = {
  'reflect.unsafe_New': 'reflect-new',
  'internal/reflectlite.unsafe_New': 'reflect-new',
  'reflect.unsafe_NewArray': 'reflect-slice',
  'reflect.makemap': 'reflect-map',
};

/** knownFunctionRole classifies a leaf function; null when its reason must come from compiler evidence. */
export function knownFunctionRole(fn: string): KnownFunctionRole | null {
  const exact = EXACT[fn];
  if (exact) return exact;
  if (fn.startsWith('reflect.mapassign')) return 'reflect-map';
  if (fn.startsWith('reflect.growslice')) return 'reflect-slice';
  if (fn.startsWith('runtime.') || fn.startsWith('internal/runtime/')) return 'runtime-internal';
  return null;
}

/** isRuntimePackage is true for the packages whose own allocations are named by function (the runtime is never compiled with diagnostics). */
export function isRuntimePackage(importPath: string): boolean {
  return importPath === 'runtime' || importPath.startsWith('runtime/internal/') || importPath.startsWith('internal/runtime/');
}
