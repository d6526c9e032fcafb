// The findings role on PostgreSQL (findings, refusals, silence, trend, dispositions, inspection): to be written.
import type { FindingsRole, RoleFactory } from './roles';

export const findingsRole: RoleFactory<FindingsRole> = () => ({ methods: {} as FindingsRole });
