// export-pprof.ts writes a profile back as gzipped profile.proto with
// profile-core's encoder, so merged or diffed profiles can go back into
// `go tool pprof`.
import { gzipSync } from 'node:zlib';
import { encodeProfile } from './encode.js';
import type { Profile } from './model.js';

/** exportPprof returns gzip(profile.proto) bytes, as runtime/pprof writes them. */
export function exportPprof(p: Profile): Uint8Array {
  return gzipSync(encodeProfile(p));
}

/**
 * negateProfile is p with every value multiplied by -1 (pprof's -diff_base
 * treatment of the base before merging). Locations and functions are shared.
 */
export function negateProfile(p: Profile): Profile {
  const values = p.samples.values.map((v) => (v === 0 ? 0 : -v));
  return { ...p, samples: { ...p.samples, values } };
}
