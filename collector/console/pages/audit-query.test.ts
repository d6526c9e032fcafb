// The audit page's URL read and written back: wall times in the unit's zone, inclusive ends, bad fields named.
import { describe, expect, it } from 'vitest';
import { auditHref, auditListFilters, readAuditQuery } from './audit-query';

const SHANGHAI = 'Asia/Shanghai';
const read = (search: string) => readAuditQuery(new URLSearchParams(search));

describe('the audit page query', () => {
  it('reads times in the unit’s zone; a day or minute given as "to" includes all of it', () => {
    const checked = auditListFilters(
      read('from=2026-12-07T08:00&to=2026-12-07T09:30&actor=admin:张三(auditor)'),
      SHANGHAI,
    );
    expect(checked).toEqual({
      ok: true,
      filters: {
        actor: 'admin:张三(auditor)',
        action: '',
        fromMs: Date.UTC(2026, 11, 7, 0, 0),
        toMs: Date.UTC(2026, 11, 7, 1, 31),
      },
    });
    const day = auditListFilters(read('to=2026-12-07'), SHANGHAI);
    expect(day).toMatchObject({ ok: true, filters: { fromMs: 0, toMs: Date.UTC(2026, 11, 7, 16, 0) } });
  });

  it('names the field that is wrong', () => {
    expect(auditListFilters(read('from=yesterday'), SHANGHAI)).toEqual({
      ok: false,
      problem: { field: 'from', value: 'yesterday' },
    });
    expect(auditListFilters(read('from=2026-12-07T10:00&to=2026-12-07T09:00'), SHANGHAI)).toEqual({
      ok: false,
      problem: { field: 'to', value: '2026-12-07T09:00' },
    });
    expect(auditListFilters(read('after=-3'), SHANGHAI)).toMatchObject({
      ok: false,
      problem: { field: 'after' },
    });
  });

  it('keeps the filters in every page link', () => {
    const query = read('actor=admin:李四(system_admin)&action=admin.call&after=100');
    expect(auditHref(query, 150)).toBe(
      '/audit?actor=admin%3A%E6%9D%8E%E5%9B%9B%28system_admin%29&action=admin.call&after=150',
    );
    expect(auditHref(read(''), undefined)).toBe('/audit');
  });
});
