// The sweeps, audit and trust role on PostgreSQL: to be written.
import type { RoleFactory, SweepsTrustRole } from './roles';

export const sweepsTrustRole: RoleFactory<SweepsTrustRole> = () => ({ methods: {} as SweepsTrustRole });
