// The PostgreSQL store is three role parts, each a file of its own kept by its own work: devices and the
// ledger, findings and what is judged from them, sweeps with the audit chain's reads and trust. index.ts
// composes them into one Store.
import type {
  AgentSilenceStore,
  AuditStore,
  ComplianceTrendStore,
  DeviceStore,
  DispositionStore,
  FindingStore,
  InspectionStore,
  LedgerStore,
  MediaStore,
  RefusalStore,
  SightingStore,
  SweepStore,
  TrustStore,
} from '../store';
import type { PostgresContext } from './pool';

export type DevicesRole = DeviceStore & LedgerStore & MediaStore & SightingStore;
export type FindingsRole = FindingStore &
  RefusalStore &
  AgentSilenceStore &
  ComplianceTrendStore &
  DispositionStore &
  InspectionStore;
export type SweepsTrustRole = SweepStore & AuditStore & TrustStore;

/** A role's methods, and what it must finish before the pool closes (a pending group commit). */
export interface RolePart<T> {
  methods: T;
  close?(): Promise<void>;
}

export type RoleFactory<T> = (context: PostgresContext) => Promise<RolePart<T>> | RolePart<T>;
