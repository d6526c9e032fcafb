// The inspection record as JSON: the structure itself (inspection-record.ts), times as UTC epoch ms, so that
// another program reads exactly what the collector built. Language and time zone do not apply.
import type { InspectionRecord } from './inspection-record';

export function renderInspectionJson(record: InspectionRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
