// Original file: proto/shoumi/v1/admin_ledger.proto

import type { DeviceSummary as _shoumi_v1_DeviceSummary, DeviceSummary__Output as _shoumi_v1_DeviceSummary__Output } from '../../shoumi/v1/DeviceSummary';
import type { HardwareIdentity as _shoumi_v1_HardwareIdentity, HardwareIdentity__Output as _shoumi_v1_HardwareIdentity__Output } from '../../shoumi/v1/HardwareIdentity';
import type { LedgerChange as _shoumi_v1_LedgerChange, LedgerChange__Output as _shoumi_v1_LedgerChange__Output } from '../../shoumi/v1/LedgerChange';
import type { DeviceMediumSeen as _shoumi_v1_DeviceMediumSeen, DeviceMediumSeen__Output as _shoumi_v1_DeviceMediumSeen__Output } from '../../shoumi/v1/DeviceMediumSeen';
import type { DeviceSweepAnswer as _shoumi_v1_DeviceSweepAnswer, DeviceSweepAnswer__Output as _shoumi_v1_DeviceSweepAnswer__Output } from '../../shoumi/v1/DeviceSweepAnswer';
import type { Long } from '@grpc/proto-loader';

export interface DeviceDetail {
  /**
   * The ledger and summary fields (see admin_devices.proto).
   */
  'summary'?: (_shoumi_v1_DeviceSummary | null);
  'hardware'?: (_shoumi_v1_HardwareIdentity | null);
  'allowedNetworks'?: (string)[];
  'firstSeenMs'?: (number | string | Long);
  'history'?: (_shoumi_v1_LedgerChange)[];
  /**
   * Removable media this device's agent reported, registered or not, newest sighting first.
   */
  'mediaSeen'?: (_shoumi_v1_DeviceMediumSeen)[];
  /**
   * Sweeps sent to this device, newest first, with whether and when it answered.
   */
  'sweeps'?: (_shoumi_v1_DeviceSweepAnswer)[];
}

export interface DeviceDetail__Output {
  /**
   * The ledger and summary fields (see admin_devices.proto).
   */
  'summary': (_shoumi_v1_DeviceSummary__Output | null);
  'hardware': (_shoumi_v1_HardwareIdentity__Output | null);
  'allowedNetworks': (string)[];
  'firstSeenMs': (number);
  'history': (_shoumi_v1_LedgerChange__Output)[];
  /**
   * Removable media this device's agent reported, registered or not, newest sighting first.
   */
  'mediaSeen': (_shoumi_v1_DeviceMediumSeen__Output)[];
  /**
   * Sweeps sent to this device, newest first, with whether and when it answered.
   */
  'sweeps': (_shoumi_v1_DeviceSweepAnswer__Output)[];
}
