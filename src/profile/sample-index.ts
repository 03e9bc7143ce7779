// sample-index.ts picks which sample value a report shows, as pprof's
// -sample_index does (profile/index.go SampleIndexByName), with one
// deliberate difference: Go heap profiles default to alloc_space, because
// heapsight is about GC pressure (allocation rate), not what is live.
import { SampleIndexError } from './profile-error.js';
import type { Profile, ValueType } from './model.js';

/** SampleIndexReason says why a sample index was chosen, so reports can say it. */
export type SampleIndexReason = 'requested' | 'heap-alloc-space' | 'default-sample-type' | 'last';

/** SampleIndexReasonInfo explains each reason in one line. */
export const sampleIndexReasonInfo: Readonly<Record<SampleIndexReason, string>> = {
  requested: 'chosen with --sample-index',
  'heap-alloc-space': "heap profile: heapsight's default is alloc_space, the GC-pressure view; pprof would show inuse_space",
  'default-sample-type': "the profile's default_sample_type",
  last: 'the last sample type; the profile sets no default',
};

/** SampleIndex is a resolved sample index. */
export interface SampleIndex {
  readonly index: number;
  readonly type: ValueType;
  readonly reason: SampleIndexReason;
}

/** isGoHeapProfile: sample types of runtime/pprof's heap and allocs profiles. */
export function isGoHeapProfile(p: Profile): boolean {
  const t = p.sampleTypes.map((s) => s.type);
  return ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'].every((x) => t.includes(x));
}

/**
 * resolveSampleIndex accepts a number ("1"), a sample type name
 * ("alloc_space"), or pprof's legacy aliases ("inuse_space" for a profile
 * whose types are "space"/"objects"). Undefined or "" picks the default.
 */
export function resolveSampleIndex(p: Profile, requested?: string): SampleIndex {
  const types = p.sampleTypes;
  const at = (index: number, reason: SampleIndexReason): SampleIndex => ({ index, type: types[index]!, reason });
  if (requested === undefined || requested === '') {
    if (isGoHeapProfile(p)) return at(types.findIndex((t) => t.type === 'alloc_space'), 'heap-alloc-space');
    if (p.defaultSampleType !== '') {
      const i = types.findIndex((t) => t.type === p.defaultSampleType);
      if (i >= 0) return at(i, 'default-sample-type');
    }
    return at(types.length - 1, 'last');
  }
  if (/^\d+$/.test(requested)) {
    const i = Number(requested);
    if (i >= types.length) {
      throw new SampleIndexError(requested, types.map((t) => t.type));
    }
    return at(i, 'requested');
  }
  const noInuse = requested.replace(/^inuse_/, '');
  const i = types.findIndex((t) => t.type === requested || t.type === noInuse);
  if (i < 0) {
    throw new SampleIndexError(requested, types.map((t) => t.type));
  }
  return at(i, 'requested');
}
