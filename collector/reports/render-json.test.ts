import { expect, it } from 'vitest';
import { buildInspectionRecord } from './build-inspection-record';
import { GENERATED_MS, material } from './inspection-fixture';
import { renderInspectionJson } from './render-json';

it('renders the record structure itself as JSON', () => {
  const policy = { name: 'baseline', version: 't', rules: [] };
  const record = buildInspectionRecord(material, { policy, inspector: '王五', generatedAtMs: GENERATED_MS });
  const parsed = JSON.parse(renderInspectionJson(record));
  expect(parsed).toEqual(record);
  expect(parsed.format).toBe('shoumi.inspection-record/v1');
  expect(parsed.problems[0].disposition.measure).toBe('收回未登记U盘，登记后重新发放');
});
