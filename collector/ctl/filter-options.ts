// Query filter options as the security office types them (`--classification 机密`, `--status 在用`), turned
// into what the admin API takes, or an error naming the flag and what it accepts. Times (--from, --to) are
// parsed like the report's window, by collector/reports/window-bound.ts.
import {
  CLASSIFICATION_ZH,
  CLASSIFICATIONS,
  classificationFromWord,
  FINDING_STATUSES,
  type FindingStatus,
  type MediumStatus,
} from '../../policies/model';
import { classificationToWire } from '../../proto/convert';
import type { Classification as WireClassification } from '../../proto/generated/shoumi/v1/Classification';
import { readDeviceStatus, readMediumStatus } from '../ledger/ledger-values';
import type { DeviceStatus } from '../store/store';

/** 机密 or confidential (any case) → the wire enum. */
export function classificationOption(flag: string, text: string): WireClassification {
  const level = classificationFromWord(text);
  if (level === undefined) {
    const accepted = CLASSIFICATIONS.map((candidate) => `${CLASSIFICATION_ZH[candidate]} (${candidate})`);
    throw new Error(`${flag} ${text}: not a classification; use one of ${accepted.join(', ')}`);
  }
  return classificationToWire(level);
}

export function findingStatusOption(flag: string, text: string): FindingStatus {
  if (!(FINDING_STATUSES as readonly string[]).includes(text))
    throw new Error(`${flag} ${text}: not a finding status; use one of ${FINDING_STATUSES.join(', ')}`);
  return text as FindingStatus;
}

/** 在用 / in_service / "in service": every word shoumictl prints for a device's status (ledger-values.ts). */
export function deviceStatusOption(flag: string, text: string): DeviceStatus {
  const status = readDeviceStatus(text);
  if (!status.ok) throw new Error(`${flag} ${text}: ${status.problem}`);
  return status.value;
}

/** 丢失 / lost / "in use": every word shoumictl prints for a medium's status. */
export function mediumStatusOption(flag: string, text: string): MediumStatus {
  const status = readMediumStatus(text);
  if (!status.ok) throw new Error(`${flag} ${text}: ${status.problem}`);
  return status.value;
}
