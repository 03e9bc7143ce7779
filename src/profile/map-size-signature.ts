// map-size-signature.ts tells, from object sizes alone, what a Go 1.24+
// (Swiss-table) map write allocated at one line of a heap profile. Heap
// profiles hide every runtime.* and internal/runtime/* frame, so the runtime
// path (growToSmall, growToTable, rehash, split) is gone; the sample's numeric
// `bytes` label (object size) survives and each path allocates distinct sizes.
//
// What a write (m[k] = v, reflect.Value.SetMapIndex, maps.Copy) allocates,
// read from go1.26.8's internal/runtime/maps and measured in
// testdata/profile/mapshapes (S = the size class of one group, 8 slots plus a
// control word: 8 + 8×slot bytes, a slot holding key and elem, each stored
// behind a pointer when over 128 bytes, internal/abi/map.go:18-23):
//
//   first group  S, once per map, on the first insert into a map made with a
//                hint ≤ 8 or none: NewMap allocates nothing for such hints
//                (maps/map.go:271) and PutSlot calls growToSmall when dirPtr
//                is nil (maps/map.go:497, runtime_fast*.go). A hint does not
//                remove it. A map that does not escape has this group on the
//                stack (cmd/compile/internal/walk/builtin.go walkMakeMap).
//   grow         the 9th insert: growToTable (maps/map.go:608) allocates a
//                table struct (32 B, table.go:78), its groups (16 slots,
//                2 groups: ~2S) and a one-entry directory (8 B, map.go:636);
//                then each rehash doubles the table (table.go:1161:
//                32 B + ~4S, ~8S … up to 1024 slots, table.go:19) and beyond
//                that splits it into two 1024-slot tables (table.go:1184) and
//                doubles the directory (map.go:367: 16 B, 32 B, …).
//   assign       elements or keys over 128 bytes: one object of their size
//                per new entry (maps/map.go:578-590, table.go:338-350).
//
// So at one line the sizes form ladders S, ~2S, ~4S, … with 8 B and 32 B
// beside them. The bottom of a ladder is a map's first group, the rungs are
// growth. Two things the sizes cannot tell, which the pairing of tables and
// group arrays does where the counts are exact (MemProfileRate 1) or well
// sampled: a ladder whose bottom is a table, not a first group (a map made with
// a hint > 8, or whose first group was on the stack, growing at this line) —
// every table struct comes with one group array, so arrays beyond the rungs
// are tables too. In a sampled profile the smallest sizes are the least
// likely to be sampled, so a ladder's bottom counts as a first group only
// when a group half its size could not have gone unseen; otherwise it is
// `undersampled`. Sizes that fit none of this (an interface conversion or a
// runtime-internal object charged to the same line) are `unexplained`.
import { goSizeClass, requestRange } from './go-size-class.js';

/** SizeStat is one object size seen at a line, with its objects and bytes (alloc_objects, alloc_space). */
export interface SizeStat {
  readonly size: number;
  readonly objects: number;
  readonly bytes: number;
}

/**
 * WriteSizePurpose is what the objects of one size at a map-write line are:
 * a purpose, or why it cannot be told — `unexplained` (no group, table or
 * large key/elem fits the size) or `undersampled` (the bottom of a ladder in
 * a sampled profile, where a smaller first group could have gone unsampled,
 * so it may be the growth that follows one).
 */
export type WriteSizePurpose = 'first-group' | 'grow' | 'assign' | 'unexplained' | 'undersampled';

/** GROW_TO_TABLE_DIRECTORY is growToTable's one-entry directory, make([]*table, 1) (maps/map.go:636). */
export const GROW_TO_TABLE_DIRECTORY = 8;
/** TABLE_STRUCT is the size class of internal/runtime/maps.table (table.go:33): every new table allocates one. */
export const TABLE_STRUCT = 32;
/** MAP_HEADER is the size class of internal/runtime/maps.Map (map.go:195), allocated by make on the heap. */
export const MAP_HEADER = 48;
/** MAX_GROUP is the largest group's size class: 8 + 8 × (128 + 128) bytes (keys and elems over 128 B are indirect). */
export const MAX_GROUP = goSizeClass(8 + 8 * (128 + 128));
/** SPLIT_TABLE_MIN is the least size of a 1024-slot table's groups (128 groups of the smallest real group, 16 B). */
const SPLIT_TABLE_MIN = goSizeClass(128 * 16);
/** A base holding less than this share of a line's base bytes is not taken for a map's first group. */
const SIGNIFICANT_SHARE = 0.05;

// Growth multiplies a table's group count by 2 … 128 (16 to 1024 slots; 8 slots a group).
const ladderFactors = [2, 4, 8, 16, 32, 64, 128];
const ladderCache = new Map<number, ReadonlySet<number>>();

/** ladder is every size a table of 2 … 128 groups can have when one group has size class `base`. */
export function ladder(base: number): ReadonlySet<number> {
  const known = ladderCache.get(base);
  if (known) return known;
  const out = new Set<number>();
  const r = requestRange(base);
  if (r) {
    // Group sizes are multiples of 8 (8-byte control word plus 8 slots).
    for (let s = Math.floor(r.lo / 8) * 8 + 8; s <= r.hi; s += 8) for (const n of ladderFactors) out.add(goSizeClass(n * s));
  }
  ladderCache.set(base, out);
  return out;
}

const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/**
 * classifyWriteSizes decides, for each object size seen at one map-write
 * line, what the map write allocated. period is the profile's MemProfileRate
 * (1 = every allocation recorded, so object counts are exact).
 */
export function classifyWriteSizes(stats: readonly SizeStat[], period: number): ReadonlyMap<number, WriteSizePurpose> {
  const out = new Map<number, WriteSizePurpose>();
  const bySize = new Map<number, SizeStat>();
  for (const s of stats) {
    const prev = bySize.get(s.size);
    bySize.set(s.size, prev ? { size: s.size, objects: prev.objects + s.objects, bytes: prev.bytes + s.bytes } : s);
  }
  const sizes = [...bySize.keys()].filter((z) => z > 0).sort((a, b) => a - b);
  for (const z of bySize.keys()) if (z <= 0) out.set(z, 'unexplained');
  const objects = (z: number): number => bySize.get(z)?.objects ?? 0;
  const tables = objects(TABLE_STRUCT);

  let rest = sizes.filter((z) => z !== GROW_TO_TABLE_DIRECTORY && z !== TABLE_STRUCT);
  // A split (a 1024-slot table) doubles the directory: 16 B, 32 B, 64 B, ….
  if (rest.some((z) => z >= SPLIT_TABLE_MIN)) {
    for (const z of rest) if (isPow2(z) && z >= 16 && z < SPLIT_TABLE_MIN) out.set(z, 'grow');
    rest = rest.filter((z) => !out.has(z));
  }

  // Ladders, smallest first: a size on a smaller base's ladder is a rung (growth).
  const bases: number[] = [];
  const rungsOf = new Map<number, number[]>();
  for (const z of rest) {
    const owner = bases.find((b) => ladder(b).has(z));
    if (owner === undefined) {
      bases.push(z);
      rungsOf.set(z, []);
    } else {
      rungsOf.get(owner)!.push(z);
      out.set(z, 'grow');
    }
  }
  const rungObjects = rest.filter((z) => out.get(z) === 'grow').reduce((s, z) => s + objects(z), 0);

  const baseBytes = bases.reduce((s, b) => s + (bySize.get(b)?.bytes ?? 0), 0);
  const significant = (b: number): boolean => (bySize.get(b)?.bytes ?? 0) >= SIGNIFICANT_SHARE * baseBytes;
  const hasRungs = (b: number): boolean => (rungsOf.get(b)?.length ?? 0) > 0;

  // Every table struct comes with one group array. Arrays beyond the rungs
  // are bases that are tables, not first groups — where the counts say so.
  // Sampled counts are estimates: a count est of z-byte objects rests on
  // about est × (1 − e^(−z/period)) samples (the probability scaleHeapSample
  // in runtime/pprof/protomem.go divides by), so its standard deviation is
  // est / √samples; the pairing
  // overrides the ladder only two deviations clear of doubt.
  const variance = (z: number): number => {
    if (period <= 1) return 0;
    const est = objects(z);
    const sampled = est * (1 - Math.exp(-z / period));
    return sampled > 0 ? (est * est) / sampled : 0;
  };
  let deficit = tables - rungObjects;
  let deficitVariance = variance(TABLE_STRUCT) + rest.filter((z) => out.get(z) === 'grow').reduce((v, z) => v + variance(z), 0);
  const isArray = (b: number): boolean => {
    const margin = deficit - 0.5 * objects(b);
    return margin >= 0 && margin >= 2 * Math.sqrt(deficitVariance + 0.25 * variance(b));
  };

  // A ladder's bottom b is taken for a first group only if the group a size
  // below it would be (b/2, if b were growToTable's two groups) could not have
  // gone unsampled: about 3 expected samples, 95% to see one.
  const firstGroupSeen = (b: number): boolean => period <= 1 || objects(b) * (1 - Math.exp(-b / 2 / period)) >= 3;

  const groupCandidates = bases.filter((b) => b <= MAX_GROUP && significant(b));
  const withLadder = groupCandidates.filter(hasRungs);
  const firstGroups = new Set(withLadder.length > 0 ? withLadder : groupCandidates.slice(0, 1));
  // Most objects first, so a stray object of another size cannot take an array's place.
  for (const b of [...bases].sort((x, y) => objects(y) - objects(x))) {
    if (tables > 0 && isArray(b)) {
      out.set(b, 'grow');
      deficit -= objects(b);
      deficitVariance += variance(b);
    }
  }
  const firstGroupObjects = Math.min(...[...firstGroups].filter((b) => !out.has(b)).map(objects), Infinity);
  for (const b of bases) {
    if (out.has(b)) continue;
    if (b > MAX_GROUP) {
      // Too large for a group: a table array when it heads a ladder, else a key or elem over 128 B.
      out.set(b, hasRungs(b) ? 'grow' : tables > 0 ? 'unexplained' : 'assign');
    } else if (firstGroups.has(b)) {
      out.set(b, firstGroupSeen(b) ? 'first-group' : 'undersampled');
    } else if (b > 128 && objects(b) >= 2 * firstGroupObjects) {
      // Indirect keys or elems: one per entry, against one first group per map.
      out.set(b, 'assign');
    } else {
      out.set(b, 'unexplained');
    }
  }

  const growth = [...out.values()].some((p) => p === 'grow');
  for (const z of [GROW_TO_TABLE_DIRECTORY, TABLE_STRUCT]) {
    if (!bySize.has(z)) continue;
    // 8 B and 32 B are growToTable's directory and a table only beside other growth.
    const other = z === TABLE_STRUCT ? bySize.has(GROW_TO_TABLE_DIRECTORY) : tables > 0;
    out.set(z, growth || other ? 'grow' : 'unexplained');
  }
  return out;
}
