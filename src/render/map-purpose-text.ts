// map-purpose-text.ts renders the maps-by-purpose breakdown printed under
// `heapsight top` (create, first group, grow, assign, other, each with what
// would reduce it), and holds the words every check renderer uses for map
// purposes, ambiguities and object sizes.
import { mapPurposes, type MapPurposeReport } from '../profile/map-purpose.js';
import type { Messages } from '../i18n/messages.js';
import { formatCount } from '../human-units.js';
import { formatValue, percent } from './sample-value.js';
import { renderTable } from './table.js';

/** objectSizesText lists a row's object sizes exactly, as the `bytes` label has them: "352B objects", "144B, 1,152B objects". */
export function objectSizesText(m: Messages, sizes: readonly number[], max = 4): string {
  if (sizes.length === 0) return '';
  const shown = sizes
    .slice(0, max)
    .map((z) => `${formatCount(z)}B`)
    .join(', ');
  return m.maps.objectSizes(shown, sizes.length > max ? sizes.length : null);
}

/** renderMapPurposeText prints the map breakdown under a top report; '' when the profile holds no map allocations. */
export function renderMapPurposeText(r: MapPurposeReport, m: Messages): string {
  const unit = r.valueType.unit;
  if (r.mapTotal === 0 && r.ambiguous === 0) return '';
  const rows = mapPurposes
    .filter((p) => r.byPurpose[p] !== 0)
    .map((p) => [m.profile.mapPurposeTitle[p], formatValue(r.byPurpose[p], unit), percent(r.byPurpose[p], r.total), m.maps.fix[p]]);
  if (r.ambiguous !== 0) {
    const why = [...new Set(r.sites.filter((s) => s.ambiguity !== null).map((s) => m.maps.ambiguity[s.ambiguity!]))];
    rows.push([m.profile.mapAmbiguous, formatValue(r.ambiguous, unit), percent(r.ambiguous, r.total), why.join('; ')]);
  }
  const c = m.profile.mapColumns;
  return `\n${m.profile.mapsHeading(r.valueType.type, !r.runtimeFramesHidden)}\n` + renderTable(
    [{ header: c.purpose }, { header: c.value, align: 'right' }, { header: c.share, align: 'right' }, { header: c.reduce }],
    rows,
  );
}
