import { describe, expect, it } from 'vitest';
import { detailSummary } from './audit-detail';

describe('an audit record detail as one line', () => {
  it('flattens the request of an admin call and leaves out empty filters', () => {
    expect(detailSummary('{"request":{"limit":50,"afterPosition":0,"action":""}}')).toBe('request.limit=50');
    expect(
      detailSummary('{"request":{"deviceId":"ws-01"},"reason":"ListFindings is for security_admin"}'),
    ).toBe('request.deviceId=ws-01 reason=ListFindings is for security_admin');
  });

  it('cuts a long value and shows what is not an object as it is', () => {
    expect(detailSummary(`{"csv":"${'x'.repeat(60)}"}`)).toBe(`csv=${'x'.repeat(39)}~`);
    expect(detailSummary('not json')).toBe('not json');
  });
});
