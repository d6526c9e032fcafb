import { expect, it } from 'vitest';
import { buildInspectionRecord } from './build-inspection-record';
import { FIXTURE_POLICY, GENERATED_MS, material } from './inspection-fixture';
import { renderInspectionJson } from './render-json';

it('renders the record structure itself as JSON, saying when the inspected unit was not configured', () => {
  const record = buildInspectionRecord(material, {
    policy: FIXTURE_POLICY,
    inspector: '王五',
    generatedAtMs: GENERATED_MS,
  });
  const parsed = JSON.parse(renderInspectionJson(record));
  expect(parsed).toEqual(record);
  expect(parsed.format).toBe('shoumi.inspection-record/v2');
  expect(parsed.inspectedUnit).toEqual({ configured: false });
  expect(parsed.problems[0].disposition.measure).toBe('收回未登记U盘，登记后重新发放');
  expect(parsed.problems[0]).toMatchObject({ latestStatus: 'fail', currentStatus: 'fail' });
  expect(parsed.problems[1].currentStatus).toBeNull();
  expect(parsed.devices.map((device: { coverage: string }) => device.coverage)).toContain('never_reported');

  const named = buildInspectionRecord(material, {
    policy: FIXTURE_POLICY,
    inspector: '王五',
    generatedAtMs: GENERATED_MS,
    inspectedUnit: '某某研究所',
  });
  expect(JSON.parse(renderInspectionJson(named)).inspectedUnit).toEqual({
    configured: true,
    name: '某某研究所',
  });
});
