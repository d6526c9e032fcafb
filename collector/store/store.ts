// The collector's store: several small role interfaces composed into one. Backends live in
// store/<backend>/ with one file per role; every backend passes the contract suite in
// store/store-contract.ts. No backend type (sqlite3.Database, pg.Pool, ...) crosses this line.
import type {
  Classification,
  Finding,
  FindingStatus,
  HardwareIdentity,
  LedgerSlice,
  RegisteredMedium,
  Severity,
  UnsequencedFinding,
} from '../../policies/model';
import type { StoredAuditRecord } from '../audit/audit-record';
import type { AuditSeal, SealSignerKind } from '../audit/seal';
import type { ComplianceState, DeviceJudgement } from './compliance-state';
import type { StoredSeal } from './seal-row';

export const DEVICE_STATUSES = ['in_service', 'under_repair', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** What an agent's hello tells the collector about itself. */
export interface DeviceHello {
  deviceId: string;
  hardware: HardwareIdentity;
  agentVersion: string;
  policyVersion: string;
}

/** Ledger fields (台帐, 3.7.2) kept by the security office. */
export interface LedgerFields {
  assetNumber: string;
  classification: Classification | null;
  responsiblePerson: string;
  department: string;
  location: string;
  status: DeviceStatus;
  /** CIDR blocks this device may reach; empty means the policy default. */
  allowedNetworks: string[];
}

export interface DeviceRecord extends LedgerFields {
  deviceId: string;
  hostname: string;
  hardware: HardwareIdentity | null;
  agentVersion: string;
  policyVersion: string;
  firstSeenMs: number;
  /** 0 when the agent has never connected (a ledger entry made before enrolment). */
  lastSeenMs: number;
  /** Highest finding sequence number stored for this device (0: none). */
  lastSeq: number;
  /** Current findings by status. */
  counts: Record<FindingStatus, number>;
}

/** A device as every DeviceStore read returns it: with where it stands (compliance-state.ts). */
export interface JudgedDeviceRecord extends DeviceRecord {
  /** Compliant, failing, not yet judged or never seen, and how many required rules still lack a verdict. */
  judgement: DeviceJudgement;
}

/** Filters of a device listing; each one left out matches every device; together they all must hold. */
export interface DeviceFilter {
  department?: string;
  classification?: Classification;
  status?: DeviceStatus;
  /** Devices with an open (fail or error) current finding under this clause ("3.7.5"). */
  openClause?: string;
  /** Devices with an open (fail or error) current finding of this rule. */
  openRuleId?: string;
  /** Where the device stands, by the rule of compliance-state.ts. */
  state?: ComplianceState;
  /**
   * Silent devices: those the silent-agent rule (this id; the store holds no policy) stands failed on now —
   * the collector's own verdict, the same the overview counts (compliance-snapshot.ts). "" matches none.
   */
  silentRuleId?: string;
  /** Only devices among these ids (the agents connected now: the collector knows, the store does not). */
  deviceIdsIn?: readonly string[];
  /** Only devices not among these ids. */
  deviceIdsNotIn?: readonly string[];
  /** Last seen at or after this instant (a device never seen has 0 and so never matches). */
  lastSeenFromMs?: number;
  /** Last seen at or before this instant. */
  lastSeenToMs?: number;
  /** Part of the asset number or hostname, case-insensitive (ASCII letters; other scripts have no case). */
  search?: string;
}

export interface DevicePage {
  devices: JudgedDeviceRecord[];
  /** Pass as `afterDeviceId` to get the next page; "" when this was the last. */
  nextAfterDeviceId: string;
  /** Devices matching the filter over all pages; present when the listing asked for it (`countTotal`). */
  total?: number;
}

export interface DeviceStore {
  /** Creates the device on first contact, refreshes hardware facts and versions, and stamps last seen. */
  recordHello(hello: DeviceHello, atMs: number): Promise<JudgedDeviceRecord>;
  /** Stamps last seen (heartbeats); cheap, may be batched by the backend. */
  touchDevice(deviceId: string, atMs: number): Promise<void>;
  getDevice(deviceId: string): Promise<JudgedDeviceRecord | null>;
  /** `countTotal`: also count the devices matching over all pages (one more query; pages alone do not). */
  listDevices(
    options: { limit: number; afterDeviceId?: string; countTotal?: boolean } & DeviceFilter,
  ): Promise<DevicePage>;
  /** Creates the ledger entry if needed; records the change in the audit trail in the same transaction. */
  updateLedger(
    deviceId: string,
    fields: Partial<LedgerFields>,
    audit: AuditContext,
  ): Promise<JudgedDeviceRecord>;
  /** The device's ledger slice for its policy bundle. */
  ledgerSlice(deviceId: string): Promise<LedgerSlice>;
}

/** One change of one ledger field or hardware fact, as kept in a device's history. */
export interface LedgerChange {
  atMs: number;
  /** An admin identity, or the device id when its agent's hello changed a hardware fact. */
  actor: string;
  /** Action of the audit record it belongs to: ledger.updated, ledger.imported, device.hardware_changed. */
  action: string;
  /** A ledger field ("classification") or a hardware fact ("hardware.kernel"). */
  field: string;
  /** null when there was none. */
  oldValue: unknown;
  newValue: unknown;
  auditPosition: number;
}

/** A device's whole ledger entry, as one row of a ledger import states it. */
export interface LedgerEntry extends LedgerFields {
  deviceId: string;
}

export interface LedgerImportOutcome {
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  /** Devices created or changed, in entry order. */
  changedDeviceIds: string[];
  /** Position of the ledger.imported audit record; 0 for a dry run. */
  auditPosition: number;
}

/** Who a device is in the ledger: what the uniqueness check of asset numbers and the hostname notes need. */
export interface LedgerIdentity {
  deviceId: string;
  assetNumber: string;
  /** As the agent reports it; "" before its first hello. */
  hostname: string;
  /** The whole stored entry: a row of a file that states it unchanged is no write, and judged as none. */
  fields: LedgerFields;
}

export interface LedgerStore {
  /** The device's ledger and hardware changes, newest first. */
  ledgerHistory(deviceId: string, limit: number): Promise<LedgerChange[]>;
  /**
   * The devices with one of these ids, and those holding one of these (non-empty) asset numbers, each once.
   * The backend also refuses, race-free, a write that would give one asset number to two devices.
   */
  ledgerIdentities(query: {
    deviceIds: readonly string[];
    assetNumbers: readonly string[];
  }): Promise<LedgerIdentity[]>;
  /**
   * Writes every entry (creating ledger entries for devices not yet enrolled) in one transaction, with one
   * ledger.imported audit record (carrying `detail` and the counts) and a history row per changed field: all
   * or nothing. Devices not named are left alone. With dryRun nothing is written; the counts are the same.
   */
  importLedger(
    entries: readonly LedgerEntry[],
    detail: Record<string, unknown>,
    audit: AuditContext,
    options: { dryRun: boolean },
  ): Promise<LedgerImportOutcome>;
}

/** A registered medium as the ledger keeps it: the fields agents judge by, plus binding and bookkeeping. */
export interface MediumRecord extends RegisteredMedium {
  /** Registered only for these devices; empty: not bound to devices. */
  boundDeviceIds: string[];
  /** Registered only for this department's devices; "": not bound to a department. */
  boundDepartment: string;
  note: string;
  registeredAtMs: number;
  updatedAtMs: number;
}

export type MediumRegistration = RegisteredMedium &
  Partial<Pick<MediumRecord, 'boundDeviceIds' | 'boundDepartment' | 'note'>>;

/** A USB medium as agents name it (their finding subject is `vendorId:productId:serial`). */
export type MediumKey = Pick<RegisteredMedium, 'vendorId' | 'productId' | 'serial'>;

export interface MediaStore {
  /** Registers or updates a medium (keyed by vendor, product and serial); audited in the same transaction. */
  registerMedium(medium: MediumRegistration, audit: AuditContext): Promise<void>;
  listMedia(): Promise<MediumRecord[]>;
  getMedium(key: MediumKey): Promise<MediumRecord | null>;
  /**
   * Sets the medium's status (and its note, unless `note` is undefined), audited in the same transaction.
   * Resolves with the medium as stored, or null when no such medium is registered (nothing changed).
   */
  setMediumStatus(
    key: MediumKey,
    status: RegisteredMedium['status'],
    note: string | undefined,
    audit: AuditContext,
  ): Promise<MediumRecord | null>;
}

/** One device's agent reported the medium or printer: the raw material of cross-use findings (3.7.4). */
export interface Sighting {
  deviceId: string;
  hostname: string;
  /** The device's ledger classification now; null while the security office has not entered it. */
  classification: Classification | null;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** What one device was seen with: USB media and network printers (scheme://host[:port]). */
export interface SightedThings {
  media: MediumKey[];
  printers: string[];
}

/** A medium one device's agent reported, with where the media ledger stands on it. */
export interface DeviceMediumSighting extends MediumKey {
  firstSeenMs: number;
  lastSeenMs: number;
  /** Its status in the media ledger; null when the ledger does not hold it (unregistered). */
  registeredStatus: RegisteredMedium['status'] | null;
}

export interface SightingStore {
  /**
   * Records that the device's agent saw these now (first sighting, or a later last seen). The device must
   * exist. Resolves with those this device had never been seen with before.
   */
  recordSightings(deviceId: string, seen: SightedThings, atMs: number): Promise<SightedThings>;
  /** Every device that saw the medium, newest sighting first. */
  mediumSightings(key: MediumKey): Promise<Sighting[]>;
  printerSightings(printer: string): Promise<Sighting[]>;
  /** Every medium sighting, grouped by `vendorId:productId:serial` (for listings). */
  allMediumSightings(): Promise<Map<string, Sighting[]>>;
  /** Everything the device has been seen with (to re-judge it after its classification changed). */
  sightingsOfDevice(deviceId: string): Promise<SightedThings>;
  /** The media this device was seen with, newest last sighting first, at most `limit`, each with its ledger status. */
  mediaSeenByDevice(deviceId: string, limit: number): Promise<DeviceMediumSighting[]>;
  /** The current status of collector-made findings of (rule, subject) on these devices, where one exists. */
  collectorFindingStatuses(
    ruleId: string,
    subject: string,
    deviceIds: readonly string[],
  ): Promise<Map<string, FindingStatus>>;
}

export interface IngestResult {
  /** Findings newly stored by this call. */
  stored: number;
  /** Findings whose (device, seq) was already stored: ignored, nothing changed. */
  duplicates: number;
  /** Highest sequence number stored or refused for the device after this call. */
  lastSeq: number;
  /**
   * Present when the call carried refusals: those that stand (recorded now or by an earlier call). A refusal
   * of a (device, seq) already stored as a finding does not stand: the finding is kept and nothing changes.
   */
  refused?: FindingRefusal[];
}

/**
 * A finding the collector will not store, and why (Ack.refused): the seq is passed over for good. The rule
 * id and subject are what could be read of the refused finding, shortened to the finding limits ("" when
 * there was nothing to read); the reason names the field, "evidence_json: expected at most 65536 bytes".
 */
export interface FindingRefusal {
  seq: number;
  ruleId: string;
  subject: string;
  reason: string;
}

export interface StoredRefusal extends FindingRefusal {
  deviceId: string;
  receivedAtMs: number;
}

export interface RefusalStore {
  /**
   * The device's refusals with afterSeq < seq <= upToSeq, ascending by seq, at most `limit`: what a hello
   * from an agent behind the collector's last seq is told again (a lost ack must not lose a refusal).
   */
  listRefusals(query: {
    deviceId: string;
    afterSeq: number;
    upToSeq: number;
    limit: number;
  }): Promise<StoredRefusal[]>;
}

/** `gone` is set (true) only on a removal: the agent saying the subject is no longer present. */
export interface StoredFinding extends Finding {
  deviceId: string;
  hostname: string;
  receivedAtMs: number;
  /** Who judged it: the device's agent (seq > 0) or the collector (seq < 0; see sqlite/collector-findings.ts). */
  origin: 'agent' | 'collector';
}

/** A finding the collector judged itself (cross-use across the fleet, a silent agent), about one device. */
export interface CollectorFinding extends UnsequencedFinding {
  deviceId: string;
}

export interface FindingQuery {
  deviceId?: string;
  clause?: string;
  ruleId?: string;
  /** Current findings only whose status is fail or error. */
  openOnly?: boolean;
  status?: FindingStatus;
  /** Device ledger filters. */
  department?: string;
  classification?: Classification;
  /** observed_at window, epoch ms, inclusive; either side may be left open. */
  fromMs?: number;
  toMs?: number;
  sweepId?: string;
  /** true: every stored finding in sequence order; false (default): the current finding per (device, rule, subject). */
  history?: boolean;
  /** With history: newest first (device ids descending, each device's seqs descending) instead of oldest first. */
  newestFirst?: boolean;
  limit: number;
  /** Opaque cursor from the previous page. */
  pageToken?: string;
}

export interface FindingPage {
  findings: StoredFinding[];
  /** "" when this was the last page. */
  nextPageToken: string;
}

export interface ClauseFailures {
  clause: string;
  failingDevices: number;
  failingFindings: number;
}

export interface FleetCounts {
  devices: number;
  /** Seen, no failing and no error finding, and a current verdict for every required rule. */
  compliant: number;
  /** At least one failing or error finding. */
  failing: number;
  neverSeen: number;
  /** Seen, nothing failing, but short of a verdict on some required rule (未完成检查): never compliant. */
  notJudged: number;
  byClause: ClauseFailures[];
}

/**
 * The fleet as it stood at the end of one day in the collector's time zone (the console's 30-day trend):
 * the counts fleetCounts gave at the last write of that day. Days the collector did not run have no row.
 */
export interface ComplianceDayRecord {
  /** YYYY-MM-DD in the collector's time zone when it was written. */
  day: string;
  devices: number;
  compliant: number;
  failing: number;
  notJudged: number;
  neverSeen: number;
  /** Devices whose silent-agent finding stands failed (seen before, not heard within the rule's window). */
  silent: number;
  byClause: ClauseFailures[];
  recordedAtMs: number;
}

export interface ComplianceTrendStore {
  /** Devices whose current finding of the rule (any subject) is a fail; `clause` is the rule's clause. */
  failingDevicesOfRule(rule: { ruleId: string; clause: string }): Promise<number>;
  /**
   * Writes the day's row, replacing the one already there unless that one was recorded later (a clock set
   * back never overwrites a later figure). Writing the same row again changes nothing.
   */
  recordComplianceDay(record: ComplianceDayRecord): Promise<void>;
  /** Rows from `fromDay` to `toDay` inclusive (YYYY-MM-DD), oldest first; days without a row are absent. */
  complianceDays(fromDay: string, toDay: string): Promise<ComplianceDayRecord[]>;
}

export interface RequiredRulesOutcome {
  /** false: the store already required exactly these rules, and nothing was written. */
  changed: boolean;
  /** Devices whose count of judged rules the change moved (0 when unchanged). */
  devicesRecounted: number;
}

export interface FindingStore {
  /**
   * Stores the findings durably and resolves only after they are committed. Calls from many streams are
   * grouped into one transaction (group commit) so that durability does not cost one fsync per finding.
   * Storing the same (device, seq) again changes nothing. The device must exist (recordHello first).
   * `refused` are the seqs of the same batch the collector refused: recorded in the same transaction, and the
   * device's last seq moves past them as past stored findings.
   */
  recordFindings(
    deviceId: string,
    findings: Finding[],
    receivedAtMs: number,
    refused?: readonly FindingRefusal[],
  ): Promise<IngestResult>;
  listFindings(query: FindingQuery): Promise<FindingPage>;
  fleetCounts(): Promise<FleetCounts>;
  /**
   * Stores findings the collector judged itself, each under the device it concerns, unless that device's
   * current finding for the rule and subject already says the same. Resolves with those actually stored.
   */
  recordCollectorFindings(findings: CollectorFinding[], atMs: number): Promise<CollectorFinding[]>;
  /**
   * Replaces the rules every device must hold a current verdict for before it may count as compliant (the
   * agent-judged rules of the policy in force, `agentRuleIds`), and recounts each device's judged rules when
   * the set changed. Until it is first called no rule is required and no device counts as compliant.
   */
  setRequiredRules(ruleIds: readonly string[]): Promise<RequiredRulesOutcome>;
  /** The rules set by setRequiredRules, sorted. */
  requiredRules(): Promise<string[]>;
}

/** How far a fleet-wide sweep has got, counted over its targets (kept current as targets change state). */
export interface SweepCounts {
  targets: number;
  /** Not connected when pushed and not reached since: the agent runs it when it reconnects. */
  pending: number;
  /** Pushed to a live stream, no answer yet. */
  sent: number;
  answered: number;
  /** The agent answered with an error, or the sweep expired before the device came back. */
  failed: number;
}

export interface SweepRecord {
  sweepId: string;
  createdAtMs: number;
  requestedBy: string;
  /** "" for a manual sweep. */
  scheduleId: string;
  /** Empty: every rule of the policy. */
  ruleIds: string[];
  /** 0 until every target has answered or failed. */
  completedAtMs: number;
  counts: SweepCounts;
}

/** One device of one sweep. */
export interface SweepTargetRecord {
  deviceId: string;
  hostname: string;
  state: 'pending' | 'sent' | 'answered' | 'failed';
  sentAtMs: number;
  answeredAtMs: number;
  failedRules: number;
  errorRules: number;
  error: string;
}

export interface NewSweep {
  sweepId: string;
  /** "" for a manual sweep; else the schedule whose last fire this stamps. */
  scheduleId: string;
  ruleIds: string[];
}

/** One sweep as one device stood in it (its sweep_targets row and the sweep's start). */
export interface DeviceSweepTarget {
  sweepId: string;
  createdAtMs: number;
  state: SweepTargetRecord['state'];
  answeredAtMs: number;
}

/** A device's answer to a sweep (its SweepResult). */
export interface SweepAnswer {
  sweepId: string;
  deviceId: string;
  atMs: number;
  failedRules: number;
  errorRules: number;
  /** Non-empty: the agent could not run the sweep; the target becomes failed. */
  error: string;
}

/** A sweep a device should run now. */
export interface SweepDispatch {
  sweepId: string;
  ruleIds: string[];
}

export interface SweepScheduleRecord {
  scheduleId: string;
  cron: string;
  /** IANA zone the expression is read in; "" for the collector's own. */
  timezone: string;
  ruleIds: string[];
  createdAtMs: number;
  createdBy: string;
  lastFiredMs: number;
  lastSweepId: string;
}

export interface SweepStore {
  /**
   * Creates the sweep with a pending target for every device that has an agent (seen at least once) and is
   * not retired, stamps its schedule's last fire when it has one, and appends "sweep.started" to the audit
   * trail, all in one transaction. A sweep without targets is complete at once.
   */
  createSweep(sweep: NewSweep, audit: AuditContext, atMs: number): Promise<SweepRecord>;
  /** Marks the sweep's pending targets of these devices sent; resolves with the devices actually changed. */
  markSweepSent(sweepId: string, deviceIds: readonly string[], atMs: number): Promise<string[]>;
  /**
   * The sweeps a device should run now that it is connected: its pending targets, and sent ones unanswered
   * since before `resendSentBeforeMs` (the stream they went to died). Marks them sent. Open targets of sweeps
   * created before `expireBeforeMs` become failed ("expired") instead and are not returned.
   */
  claimSweepsForDevice(
    deviceId: string,
    options: { atMs: number; resendSentBeforeMs: number; expireBeforeMs: number },
  ): Promise<SweepDispatch[]>;
  /** Records answers in one transaction; answers naming no target are ignored. Resolves with those applied. */
  recordSweepAnswers(answers: readonly SweepAnswer[]): Promise<number>;
  /** Fails ("expired") every open target of sweeps created before `beforeMs`; resolves with how many. */
  expireSweeps(beforeMs: number, atMs: number): Promise<number>;
  /** With `countsOnly` the targets are not read (an empty list): polling a 100,000-device sweep stays cheap. */
  getSweep(
    sweepId: string,
    options?: { countsOnly?: boolean },
  ): Promise<{ sweep: SweepRecord; targets: SweepTargetRecord[] } | null>;
  /** Newest first. */
  listSweeps(options: { limit: number }): Promise<SweepRecord[]>;
  /** The sweeps sent to this device, newest first, at most `limit`. */
  sweepsOfDevice(deviceId: string, limit: number): Promise<DeviceSweepTarget[]>;
  /** Stores the schedule and appends "sweep.scheduled" in one transaction. */
  createSweepSchedule(
    schedule: Omit<SweepScheduleRecord, 'lastFiredMs' | 'lastSweepId' | 'createdBy'>,
    audit: AuditContext,
  ): Promise<SweepScheduleRecord>;
  /** Schedules not deleted, oldest first. */
  listSweepSchedules(): Promise<SweepScheduleRecord[]>;
  /** Deletes the schedule and appends "sweep.unscheduled" in one transaction; null when there is none. */
  deleteSweepSchedule(
    scheduleId: string,
    audit: AuditContext,
    atMs: number,
  ): Promise<SweepScheduleRecord | null>;
}

/** A device as the silent-agent watch sees it. */
export interface WatchedDevice {
  deviceId: string;
  lastSeenMs: number;
  retired: boolean;
}

export interface AgentSilenceStore {
  /**
   * Devices seen at least once, not retired, last heard before `cutoffMs`, whose current finding of `ruleId`
   * (subject "") is not already a fail. One indexed query, oldest first.
   */
  newlySilentDevices(ruleId: string, cutoffMs: number, limit: number): Promise<WatchedDevice[]>;
  /** Devices whose current finding of `ruleId` is a fail but that were heard at or after `cutoffMs` or are retired. */
  revivedSilentDevices(ruleId: string, cutoffMs: number, limit: number): Promise<WatchedDevice[]>;
}

/** Who did something, from where: the fields every audit record carries. */
export interface AuditContext {
  /** "collector" for the collector's own actions, a device id for an agent, an admin identity later. */
  actor: string;
  /** Peer address or "local". */
  source: string;
}

export interface AuditEntry extends AuditContext {
  /** Monotonic position in the chain, from 1. */
  position: number;
  atMs: number;
  /** Dotted verb, e.g. "device.enrolled", "policy.reloaded", "policy.refused", "ledger.updated". */
  action: string;
  target: string;
  /** Free-form JSON-able detail; never secrets. */
  detail: Record<string, unknown>;
  /** "allowed" | "refused" */
  outcome: 'allowed' | 'refused';
  /** Hash of the previous record's hash and this record's canonical content (hex). */
  hash: string;
  previousHash: string;
}

export interface AuditRecordInput extends AuditContext {
  action: string;
  target: string;
  detail: Record<string, unknown>;
  outcome: 'allowed' | 'refused';
}

/** Which records a reading wants: after a position, and optionally of one action, one actor, a time range. */
export interface AuditReadOptions {
  afterPosition: number;
  limit: number;
  action?: string;
  /** Exact, as recorded ("admin:张三(security_admin)"). */
  actor?: string;
  /** Recorded at or after this instant (UTC ms). */
  fromMs?: number;
  /** Recorded before this instant (UTC ms). */
  toMs?: number;
}

export interface AuditStore {
  /** With `startsEpoch`, the record starts a new chain (genesis previous hash): only serve --new-audit-epoch. */
  appendAudit(
    entry: AuditRecordInput,
    atMs: number,
    options?: { startsEpoch?: boolean },
  ): Promise<AuditEntry>;
  listAudit(options: { limit: number; afterPosition?: number }): Promise<AuditEntry[]>;
  /**
   * Up to `limit` records after `afterPosition` in position order as stored (raw detail, algorithm), only
   * the `action`, `actor` (exact) and [fromMs, toMs) ones when given: what verify and the admin listing read.
   */
  readAuditRecords(options: AuditReadOptions): Promise<StoredAuditRecord[]>;
  /** The last record of the chain; undefined while it is empty. */
  auditHead(): Promise<StoredAuditRecord | undefined>;
  /** First position of audit chain format 2 (the stored detail text hashed); undefined: none recorded. */
  auditFormatBoundary(): Promise<number | undefined>;
  /** Stores a checked seal (audit/seal.ts); with `audit`, its record in the same transaction. */
  appendSeal(
    seal: AuditSeal,
    about: { signerKind: SealSignerKind; position: number },
    audit: AuditRecordInput | undefined,
    atMs: number,
  ): Promise<AuditEntry | undefined>;
  /** Seals after `afterId`, in the order stored. */
  readSeals(options: { afterId: number; limit: number }): Promise<StoredSeal[]>;
  /** The newest `limit` seals, newest first. */
  readNewestSeals(limit: number): Promise<StoredSeal[]>;
  /** The position of the newest stored seal of that kind; 0 when none. */
  newestSealPosition(signerKind: SealSignerKind): Promise<number>;
}

/** An enrolment token as stored: its SHA-256 only, never the token. */
export interface EnrolmentTokenRecord {
  sha256: string;
  /** The device the token is bound to; null: any device that has no valid certificate yet. */
  deviceId: string | null;
  createdAtMs: number;
  expiresAtMs: number;
  createdBy: string;
  usedAtMs: number | null;
  usedByDevice: string | null;
}

export type NewEnrolmentToken = Pick<EnrolmentTokenRecord, 'sha256' | 'deviceId' | 'expiresAtMs'>;

export const CERTIFICATE_KINDS = ['device', 'admin'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** A certificate the collector issued, by serial (lowercase hex, as @peculiar/x509 reads it). */
export interface CertificateRecord {
  serial: string;
  kind: CertificateKind;
  /** The device id, or the admin's name. */
  subject: string;
  /** Admins only: system_admin | security_admin | auditor. */
  role: string | null;
  /** SHA-256 of the DER, lowercase hex. */
  sha256: string;
  notBeforeMs: number;
  notAfterMs: number;
  issuedAtMs: number;
  issuedBy: string;
  revokedAtMs: number | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export type NewCertificate = Omit<CertificateRecord, 'revokedAtMs' | 'revokedBy' | 'revokeReason'>;

/**
 * Why an enrolment was refused. Every outcome, enrolled or refused, leaves an audit record written in the
 * same transaction ("device.enrolled" / "device.enrol_refused"), never naming the token itself.
 */
export type EnrolOutcome =
  | { status: 'enrolled'; deviceId: string; replacedSerials: string[] }
  | {
      status:
        | 'token-unknown'
        | 'token-used'
        | 'token-expired'
        | 'token-for-other-device'
        | 'already-enrolled'
        | 'bound-token-required';
      message: string;
    };

/**
 * Who an enrolment is recorded as. The peer holds no certificate, so a refusal never names the device it
 * claims (anyone can claim any id): it is recorded as `refusedActor`, "unauthenticated:<peer address>", with
 * the claim in the detail. An enrolment that succeeds was vouched for by the token and names the device.
 */
/** Hex digits of the token's SHA-256 that a refused enrolment records: enough to tell attempts with one
 *  token from attempts with many, far too few to recognise a token (it has 256 random bits). */
export const TOKEN_HASH_PREFIX_CHARS = 8;

export interface EnrolAuditContext extends AuditContext {
  refusedActor: string;
}

export interface EnrolAttempt {
  tokenSha256: string;
  /** The device the certificate is bound to (the token's binding, else the agent's claim). */
  deviceId: string;
  certificate: NewCertificate;
}

/** Whether a presented certificate may be used: only ones we issued and did not revoke. */
export type CertificateStanding =
  | { status: 'valid'; record: CertificateRecord }
  | { status: 'revoked'; record: CertificateRecord }
  | { status: 'unknown' };

export interface TrustStore {
  /** Stores the tokens' hashes and one "token.created" audit record (count, binding, expiry; no token). */
  createEnrolmentTokens(
    tokens: readonly NewEnrolmentToken[],
    audit: AuditContext,
    atMs: number,
  ): Promise<void>;
  findEnrolmentToken(sha256: string): Promise<EnrolmentTokenRecord | undefined>;
  /**
   * One transaction: the token is consumed (unused, unexpired, and bound to this device or to none), the
   * certificate is recorded, and the audit record written. A token bound to no device enrols only a device
   * id the collector has never seen in any form (no certificate ever, valid, expired, revoked or replaced,
   * and no device record: no hello, no ledger entry); any other device id needs a token bound to it, and
   * its still valid certificates are then revoked as replaced. A refusal writes only its audit record.
   */
  enrolDevice(attempt: EnrolAttempt, audit: EnrolAuditContext, atMs: number): Promise<EnrolOutcome>;
  /** Records a certificate issued outside enrolment (renewal, admin add) with its audit record. */
  recordCertificate(certificate: NewCertificate, audit: AuditRecordInput, atMs: number): Promise<void>;
  certificateStanding(serial: string): Promise<CertificateStanding>;
  /** Revokes every valid certificate of the device, with one "device.revoked" audit record; 0 if none. */
  revokeDevice(deviceId: string, reason: string, audit: AuditContext, atMs: number): Promise<number>;
  /** Revokes every valid certificate of the administrator named so, with one "admin.revoked" record; 0 if none. */
  revokeAdmin(name: string, reason: string, audit: AuditContext, atMs: number): Promise<number>;
  listCertificates(filter: { kind?: CertificateKind; subject?: string }): Promise<CertificateRecord[]>;
}

/** Names one finding key: the (device, rule, subject) a corrective measure is recorded for. */
export interface FindingKey {
  deviceId: string;
  ruleId: string;
  subject: string;
}

/** The corrective measure (整改措施) a security admin recorded for one finding key, and its completion. */
export interface Disposition extends FindingKey {
  measure: string;
  completed: boolean;
  /** When it was first marked complete; 0 while not complete. */
  completedAtMs: number;
  recordedBy: string;
  recordedAtMs: number;
  /** The audit record written with this change. */
  auditPosition: number;
}

/** Longest corrective measure kept, in UTF-16 code units. */
export const MAX_MEASURE_CHARS = 2000;

export interface DispositionInput extends FindingKey {
  measure: string;
  completed: boolean;
}

/** What recording a measure came to: only a current finding of a known device can carry one. */
export type MarkFindingOutcome =
  | { kind: 'recorded'; disposition: Disposition }
  | { kind: 'unknown-device' }
  | { kind: 'no-current-finding' };

export interface DispositionStore {
  /** Records (or replaces) the measure for a current finding; audited ('finding.disposition') in the same transaction. */
  markFinding(input: DispositionInput, audit: AuditContext, atMs: number): Promise<MarkFindingOutcome>;
  /** The dispositions recorded for any of these keys (keys without one are left out). */
  dispositionsFor(keys: readonly FindingKey[]): Promise<Disposition[]>;
}

/** What an inspection record (3.12.2) covers: one sweep, or an observed-at window (epoch ms, inclusive). */
export type InspectionScope =
  | { kind: 'sweep'; sweepId: string }
  | { kind: 'window'; fromMs: number; toMs: number };

export interface InspectedSweep {
  sweepId: string;
  createdAtMs: number;
  completedAtMs: number;
  requestedBy: string;
  /** Empty: every rule of the policy. */
  ruleIds: string[];
}

/** Where one device stood in a sweep (the sweep_targets row). */
export interface SweepTargetState {
  deviceId: string;
  state: 'pending' | 'sent' | 'answered' | 'failed';
  answeredAtMs: number;
  error: string;
}

/** One finding key within the scope: its last observation, and its last failing/error one if any. */
export interface InspectedKey {
  latest: StoredFinding;
  /** The newest fail or error observation in the scope; null when the key never failed in it. */
  lastProblem: StoredFinding | null;
}

/** A key's current finding in the store (current_findings) when the material was read. */
export interface CurrentKeyState extends FindingKey {
  status: FindingStatus;
  observedAtMs: number;
}

/** A ledger device's standing over time, from which collector/reports/ decides whether it was in scope. */
export interface LedgerPresence {
  deviceId: string;
  /** Its earliest trace: the first hello or the first ledger change, whichever came first; 0 when neither. */
  enteredAtMs: number;
  /** Changes of its ledger status (ledger_history field "status"), oldest first; `from` null at creation. */
  statusChanges: Array<{ atMs: number; from: DeviceStatus | null; to: DeviceStatus }>;
}

/** The stored facts an inspection record is built from; collector/reports/ turns them into the record. */
export interface InspectionMaterial {
  sweep: InspectedSweep | null;
  /**
   * Every device that may belong to the record: the sweep's targets, every device with a finding in the
   * scope, and every ledger device not retired before the scope began (the builder decides which of these
   * were in service during it, from `ledger`).
   */
  devices: DeviceRecord[];
  /** One per device of `devices`. */
  ledger: LedgerPresence[];
  targets: SweepTargetState[];
  keys: InspectedKey[];
  dispositions: Disposition[];
  /** The current finding of every key with a problem in the scope that still has one. */
  current: CurrentKeyState[];
}

export interface InspectionStore {
  /** null when the scope names a sweep the collector does not know. */
  inspectionMaterial(scope: InspectionScope): Promise<InspectionMaterial | null>;
}

export interface Store
  extends DeviceStore,
    LedgerStore,
    MediaStore,
    SightingStore,
    FindingStore,
    RefusalStore,
    AuditStore,
    DispositionStore,
    InspectionStore,
    SweepStore,
    AgentSilenceStore,
    ComplianceTrendStore,
    TrustStore {
  /** Flushes pending group commits and closes; further calls reject. */
  close(): Promise<void>;
}

export type { HardwareIdentity, Severity };
