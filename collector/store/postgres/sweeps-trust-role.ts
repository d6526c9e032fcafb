// The sweeps, audit and trust role on PostgreSQL (SweepStore, AuditStore, TrustStore). Written so far: the
// audit chain's append and reads (audit.ts); seals, sweeps and trust are to be written.
import {
  appendAuditInTransaction,
  auditFormatBoundary,
  auditHead,
  listAudit,
  readAuditRecords,
} from './audit';
import type { RoleFactory, SweepsTrustRole } from './roles';

export const sweepsTrustRole: RoleFactory<SweepsTrustRole> = (context) => {
  const read = () => {
    context.assertOpen();
    return context.pool;
  };
  return {
    methods: {
      appendAudit: (entry, atMs, options) =>
        context.transaction((client) => appendAuditInTransaction(client, entry, atMs, options)),
      listAudit: (options) => listAudit(read(), options),
      readAuditRecords: (options) => readAuditRecords(read(), options),
      auditHead: () => auditHead(read()),
      auditFormatBoundary: () => auditFormatBoundary(read()),
    } as SweepsTrustRole,
  };
};
