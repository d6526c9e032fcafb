// Walks the trail in position order one page at a time, so verification of millions of records holds only
// one page in memory.
import type { StoredAuditRecord } from './audit-record';

export type ReadAuditRecords = (afterPosition: number, limit: number) => Promise<StoredAuditRecord[]>;

export const AUDIT_PAGE_SIZE = 5000;

export async function* auditPages(
  read: ReadAuditRecords,
  pageSize = AUDIT_PAGE_SIZE,
  startAfter = 0,
): AsyncGenerator<StoredAuditRecord[]> {
  let after = startAfter;
  for (;;) {
    const page = await read(after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.position;
  }
}
