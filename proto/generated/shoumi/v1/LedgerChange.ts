// Original file: proto/shoumi/v1/admin_ledger.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One change of one ledger or hardware field, as kept in the device's history.
 */
export interface LedgerChange {
  'atMs'?: (number | string | Long);
  /**
   * Admin identity, "csv-import", or the device id when the agent's hello changed a hardware fact.
   */
  'actor'?: (string);
  /**
   * A ledger field (assetNumber, classification, responsiblePerson, department, location, status,
   * allowedNetworks) or a hardware fact reported by the agent (hardware.kernel, hardware.macAddresses, ...).
   */
  'field'?: (string);
  /**
   * JSON of the value before and after ("null" when there was none).
   */
  'oldValueJson'?: (string);
  'newValueJson'?: (string);
  'auditPosition'?: (number | string | Long);
  /**
   * Action of that audit record: ledger.updated, ledger.imported or device.hardware_changed.
   */
  'action'?: (string);
}

/**
 * One change of one ledger or hardware field, as kept in the device's history.
 */
export interface LedgerChange__Output {
  'atMs': (number);
  /**
   * Admin identity, "csv-import", or the device id when the agent's hello changed a hardware fact.
   */
  'actor': (string);
  /**
   * A ledger field (assetNumber, classification, responsiblePerson, department, location, status,
   * allowedNetworks) or a hardware fact reported by the agent (hardware.kernel, hardware.macAddresses, ...).
   */
  'field': (string);
  /**
   * JSON of the value before and after ("null" when there was none).
   */
  'oldValueJson': (string);
  'newValueJson': (string);
  'auditPosition': (number);
  /**
   * Action of that audit record: ledger.updated, ledger.imported or device.hardware_changed.
   */
  'action': (string);
}
