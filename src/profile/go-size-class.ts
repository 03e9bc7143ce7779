// go-size-class.ts rounds an allocation request up to the size Go's allocator
// really hands out, which is what a heap profile's numeric `bytes` label
// records (runtime/pprof/protomem.go: blockSize = AllocBytes / AllocObjects).
//
// The table is internal/runtime/gc/sizeclasses.go (SizeClassToSize) of
// go1.26.8; objects over 32 KiB get whole 8 KiB pages (runtime/malloc.go,
// large allocations). Measured: a 1024-slot table of map[string][]string
// groups (128 × 328 B = 41,984 B) is recorded as 49,152 B.

const classes: readonly number[] = [
  8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704,
  768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472,
  9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
];

/** MAX_SMALL_SIZE is the largest size-classed object; larger ones are page-rounded. */
export const MAX_SMALL_SIZE = 32768;
const PAGE = 8192;

/** goSizeClass is the size Go allocates for a request of n bytes (n > 0). */
export function goSizeClass(n: number): number {
  if (n > MAX_SMALL_SIZE) return Math.ceil(n / PAGE) * PAGE;
  let lo = 0;
  let hi = classes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (classes[mid]! >= n) hi = mid;
    else lo = mid + 1;
  }
  return classes[lo]!;
}

/**
 * requestRange is the range (lo, hi] of requests that goSizeClass maps to
 * size, or null when size is not a size Go allocates.
 */
export function requestRange(size: number): { readonly lo: number; readonly hi: number } | null {
  if (size > MAX_SMALL_SIZE) return size % PAGE === 0 ? { lo: Math.max(MAX_SMALL_SIZE, size - PAGE), hi: size } : null;
  const i = classes.indexOf(size);
  if (i < 0) return null;
  return { lo: i === 0 ? 0 : classes[i - 1]!, hi: size };
}
