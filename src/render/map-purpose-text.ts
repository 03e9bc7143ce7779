// map-purpose-text.ts renders the maps-by-purpose breakdown printed under
// `heapsight top`: create, grow, assign, other, each with what would reduce it.
import { mapPurposeInfo, type MapPurpose, type MapPurposeReport } from '../profile/map-purpose.js';
import { formatValue, percent } from './sample-value.js';
import { renderTable } from './table.js';

/** renderMapPurposeText prints the map breakdown under a top report; '' when the profile holds no map allocations. */
export function renderMapPurposeText(r: MapPurposeReport): string {
  const unit = r.valueType.unit;
  if (r.mapTotal === 0 && r.ambiguous === 0) return '';
  const purposes: MapPurpose[] = ['create', 'grow', 'assign', 'other'];
  const rows = purposes
    .filter((p) => r.byPurpose[p] !== 0)
    .map((p) => [mapPurposeInfo[p].title, formatValue(r.byPurpose[p], unit), percent(r.byPurpose[p], r.total), mapPurposeInfo[p].fix]);
  if (r.ambiguous !== 0) rows.push(['map line, ambiguous', formatValue(r.ambiguous, unit), percent(r.ambiguous, r.total), 'the line allocates more than the map: heapsight list']);
  const evidence = r.runtimeFramesHidden ? 'allocation-site source lines (Go hides runtime frames in heap profiles)' : 'runtime frames';
  return `\nMaps by purpose (${r.valueType.type}; from ${evidence}):\n` + renderTable(
    [{ header: 'purpose' }, { header: 'value', align: 'right' }, { header: 'share', align: 'right' }, { header: 'what would reduce it' }],
    rows,
  );
}
