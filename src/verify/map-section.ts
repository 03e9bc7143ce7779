// map-section.ts turns the profile engine's map breakdown (one report per
// sample index: alloc_space and alloc_objects) into check's `maps` section.
// Pure: the engine already read the source lines it classified.
import { mapPurposes, type MapPurpose, type MapPurposeReport } from '../profile/map-purpose.js';
import type { MapAmount, MapSiteRow, MapsSection } from './check-report.js';

function siteKey(s: { function: string; file: string; line: number; purpose: string; evidence: string; via: string | null; ambiguity: string | null }): string {
  return [s.function, s.file, s.line, s.purpose, s.evidence, s.via ?? '', s.ambiguity ?? ''].join('\u0000');
}

/**
 * mapSection joins the alloc_space and alloc_objects breakdowns of the same
 * merged profile. Shares are of the profile's total alloc_space, as every
 * other share in the report. ownFiles are the target packages' files.
 */
export function mapSection(space: MapPurposeReport, objects: MapPurposeReport, ownFiles: ReadonlySet<string>): MapsSection {
  const total = space.total;
  const amount = (bytes: number, objs: number): MapAmount => ({ allocBytes: bytes, allocObjects: objs, share: total > 0 ? bytes / total : 0 });
  const byPurpose = Object.fromEntries(mapPurposes.map((p) => [p, amount(space.byPurpose[p], objects.byPurpose[p])])) as Record<MapPurpose, MapAmount>;
  const objectsBySite = new Map(objects.sites.map((s) => [siteKey(s), s.value]));
  const sites: MapSiteRow[] = space.sites
    .filter((s) => s.value !== 0)
    .map((s) => ({
      function: s.function,
      file: s.file,
      line: s.line,
      purpose: s.purpose,
      evidence: s.evidence,
      via: s.via,
      objectSizes: s.objectSizes,
      ambiguity: s.ambiguity,
      source: s.source === null ? null : s.source.trim(),
      inTargetPackages: ownFiles.has(s.file),
      ...amount(s.value, objectsBySite.get(siteKey(s)) ?? 0),
    }));
  sites.sort((a, b) => b.allocBytes - a.allocBytes || b.allocObjects - a.allocObjects || a.file.localeCompare(b.file) || a.line - b.line);
  return {
    runtimeFramesHidden: space.runtimeFramesHidden,
    byPurpose,
    total: amount(space.mapTotal, objects.mapTotal),
    ambiguous: amount(space.ambiguous, objects.ambiguous),
    sites,
    warnings: [...new Set([...space.warnings, ...objects.warnings])],
  };
}
