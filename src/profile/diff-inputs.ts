// diff-inputs.ts reads the profile lists that diff, flame and export accept:
// several files of one kind are merged, as `go tool pprof a b` merges them.
import { resolve } from 'node:path';
import { readProfile } from './decode.js';
import { mergeProfiles } from './merge.js';
import type { Profile } from './model.js';

/** splitProfileList flattens repeated flags and comma lists ("a.pb.gz,b.pb.gz") into file names. */
export function splitProfileList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** readMergedProfiles reads every file (relative to cwd) and merges them into one profile. */
export async function readMergedProfiles(files: readonly string[], cwd: string): Promise<Profile> {
  const profiles = await Promise.all(files.map((f) => readProfile(f === '-' ? f : resolve(cwd, f))));
  return mergeProfiles(profiles);
}
