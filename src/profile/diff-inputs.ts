// diff-inputs.ts reads the profile lists that diff, flame and export accept:
// repeated flags and comma lists name several files of one kind, merged by
// readProfiles as `go tool pprof a b` merges them.

/** splitProfileList flattens repeated flags and comma lists ("a.pb.gz,b.pb.gz") into file names. */
export function splitProfileList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
