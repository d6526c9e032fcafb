// The audit page rendered from canned admin answers: a hostile detail is escaped, the console's door is a
// badge, the unfiltered default opens at the newest records, and a bad time is refused naming the field
// before any call is made.
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../console-page';
import { AUDIT_ROUTES } from './audit';

const [trail] = AUDIT_ROUTES;

function contextFor(search: string, answers: Record<string, (request: Record<string, unknown>) => unknown>) {
  const calls: [string, Record<string, unknown>][] = [];
  const context = {
    url: new URL(`https://console.test/audit${search}`),
    lang: 'zh',
    timeZone: 'Asia/Shanghai',
    admin: { name: 'a', role: 'auditor', serial: '01' },
    csrf: 'TOKEN',
    form: new URLSearchParams(),
    params: {},
    call: async (method: string, request: Record<string, unknown>) => {
      calls.push([method, request]);
      return answers[method]!(request);
    },
    notices: {} as never,
    inspectedUnit: '',
    now: () => 0,
  } as unknown as PageContext;
  return { context, calls };
}

const record = (position: number, detailJson: string) => ({
  position,
  atMs: Date.UTC(2026, 11, 7, 0, 0, position),
  actor: 'admin:王五(security_admin)',
  source: 'ipv4:127.0.0.1:5000',
  action: 'admin.call',
  target: 'ListMedia',
  detailJson,
  outcome: position % 2 ? 'refused' : 'allowed',
  algorithm: 'sm3',
  previousHash: '0'.repeat(64),
  hash: `abcdef012345${'9'.repeat(52)}`,
});

describe('the audit trail page', () => {
  it('escapes a hostile detail, marks the console door and shows the hash prefix', async () => {
    const { context } = contextFor('?after=0', {
      ListAudit: () => ({
        records: [record(1, '{"door":"console","request":{"note":"<script>alert(1)</script>"}}')],
        nextAfterPosition: 0,
      }),
      GetAuditDigest: () => ({ digest: { position: 1 }, text: '' }),
    });
    const result = await trail!.handle(context);
    expect(result.kind).toBe('page');
    const text = result.kind === 'page' ? result.body.text : '';
    expect(text).not.toContain('<script>alert(1)</script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('<span class="badge info" title="经网页控制台发起">控制台</span>');
    expect(text).toContain('<td class="mono" title="sm3 abcdef012345');
    expect(text).toContain('>abcdef012345</td>');
    expect(text).toContain('2026-12-07 08:00:01 +08:00');
    expect(text).toContain('<span class="badge fail">拒绝</span>');
  });

  it('opens an unfiltered trail longer than a page at its newest records', async () => {
    const { context, calls } = contextFor('', {
      ListAudit: (request) => ({
        records: [record(Number(request.afterPosition) + 1, '{}')],
        nextAfterPosition: request.afterPosition === 0 ? 50 : 0,
      }),
      GetAuditDigest: () => ({ digest: { position: 120 }, text: '' }),
    });
    await trail!.handle(context);
    expect(calls.map(([method, request]) => [method, request.afterPosition])).toEqual([
      ['ListAudit', 0],
      ['GetAuditDigest', undefined],
      ['ListAudit', 70],
    ]);
  });

  it('refuses a time it cannot read, naming the field, without calling anything', async () => {
    const { context, calls } = contextFor('?from=2026-13-40', {});
    const result = await trail!.handle(context);
    expect(result).toMatchObject({ kind: 'page', status: 400 });
    expect(result.kind === 'page' ? result.body.text : '').toContain('“起（含）”的值“2026-13-40”无法识别');
    expect(calls).toEqual([]);
  });
});
