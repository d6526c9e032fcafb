import { describe, expect, it } from 'vitest';
import { buildInspectionRecord } from '../../reports/build-inspection-record';
import { FIXTURE_POLICY, GENERATED_MS, material } from '../../reports/inspection-fixture';
import { type RecordViewInput, recordViewBody } from './record-view';

const record = buildInspectionRecord(material, {
  policy: FIXTURE_POLICY,
  inspector: '王五',
  generatedAtMs: GENERATED_MS,
});
const base: RecordViewInput = {
  lang: 'zh',
  timeZone: 'Asia/Shanghai',
  csrf: 'token-123',
  record,
  query: { kind: 'sweep', sweepId: 'sw-20261103-0900', inspector: '王五' },
  saved: false,
};
const view = (input: Partial<RecordViewInput> = {}) => recordViewBody({ ...base, ...input }).text;

/** The markup of the problem row whose text holds `marker`. */
function rowWith(markup: string, marker: string): string {
  const row = markup.split('<tr id=').find((part) => part.includes(marker));
  if (!row) throw new Error(`no row with ${marker}`);
  return row.split('</tr>')[0]!;
}

describe('the record in the console', () => {
  it('groups the problems by device, each in clause order', () => {
    const markup = view();
    const headings = [...markup.matchAll(/<h3 id="[^"]+"><a href="\/devices\/([^"]+)">/g)].map((m) => m[1]);
    expect(headings).toEqual(['dev-a', 'dev-b']);
    const devA = markup.slice(markup.indexOf('/devices/dev-a">'), markup.indexOf('/devices/dev-b">BM'));
    const clauses = [...devA.matchAll(/<td><a href="\/rules\/clause\/([\d.]+)">/g)].map((m) => m[1]);
    expect(clauses).toEqual(['3.7.4', '3.7.8', '3.7.8']);
  });

  it('flags a measure marked carried out while the problem still fails now, and fills its form with it', () => {
    const row = rowWith(view(), '0781:5567:4C530001');
    expect(row).toContain('收回未登记U盘，登记后重新发放');
    expect(row).toContain('已落实');
    expect(row).toContain('标为已落实，但问题仍然存在');
    expect(row).toMatch(/<textarea [^>]*>收回未登记U盘，登记后重新发放<\/textarea>/);
    expect(row).toContain('name="completed" value="1" checked');
  });

  it('offers no measure form for a problem without a current finding, and says why', () => {
    const row = rowWith(view(), 'printer-not-shared');
    expect(row).toContain('该问题已无当前结果（对象已移除），无法登记整改措施。');
    expect(row).not.toContain('<form');
  });

  it('puts the anti-forgery token and the way back to the same record in every measure form', () => {
    const markup = view();
    const forms = markup.split('<form method="post" action="/records/measure"').slice(1);
    expect(forms).toHaveLength(4);
    for (const form of forms) {
      expect(form).toContain('<input type="hidden" name="_csrf" value="token-123">');
      expect(form).toContain(
        '<input type="hidden" name="return" value="sweep=sw-20261103-0900&amp;inspector=%E7%8E%8B%E4%BA%94">',
      );
    }
  });

  it('escapes an administrator’s hostile measure and an agent’s hostile hostname', () => {
    const markup = view();
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt; 更新病毒库');
    expect(markup).not.toContain('<script>');
  });

  it('lists the devices that were not inspected, with why', () => {
    const markup = view();
    const section = markup.slice(markup.indexOf('未检查的设备'), markup.indexOf('存在问题及整改措施'));
    expect(section).toContain('BM-2026-003');
    expect(section).toContain('离线，检查指令未送达');
    expect(section).toContain('BM-2026-004');
    expect(section).toContain('全网检查执行失败: probe usb crashed');
    expect(section).toContain('BM-2026-005');
    expect(section).toContain('客户端从未上报');
    expect(section).not.toContain('BM-2026-001');
  });

  it('shows a refused measure beside its own problem only, the text as typed', () => {
    const markup = view({
      attempt: {
        deviceId: 'dev-a',
        ruleId: 'wifi-radio-absent',
        subject: 'phy0',
        measure: '  ',
        completed: true,
        error: 'the corrective measure (--measure) must not be empty',
      },
    });
    const row = rowWith(markup, 'phy0');
    expect(row).toContain('整改措施未登记：the corrective measure (--measure) must not be empty');
    expect(row).toMatch(/<textarea [^>]*> {2}<\/textarea>/);
    expect(row).toContain('checked');
    expect(markup.match(/role="alert"/g)).toHaveLength(1);
  });
});
