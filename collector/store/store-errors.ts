// Errors every store backend rejects with, typed by behaviour so that services can answer a client
// ("unknown device", "bad input") without parsing messages. Anything else a store rejects with is a fault.
import { boundErrorText } from '../../proto/bounded-error-text';

/** The device is not known to the collector (no hello yet). */
export class UnknownDeviceError extends Error {
  override readonly name = 'UnknownDeviceError';
  constructor(readonly deviceId: string) {
    super(`unknown device "${deviceId}": the agent must say hello before it sends findings`);
  }
}

/** The caller passed something the store will not store; nothing was changed. */
export class InvalidStoreInputError extends Error {
  override readonly name = 'InvalidStoreInputError';
  // It often quotes the input it refuses; bounded before it reaches a log or a client.
  constructor(message: string) {
    super(boundErrorText(message));
  }
}

/** The store was closed; the call did nothing. */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the store is closed');
  }
}

/** The database was written by a newer shoumi; opening it would risk damaging data this version cannot read. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly file: string,
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `database ${file} has schema version ${foundVersion}, but this shoumi-collector knows versions up to ` +
        `${supportedVersion}: upgrade shoumi-collector, or restore a backup made by this version`,
    );
  }
}

export function isUnknownDevice(error: unknown): error is UnknownDeviceError {
  return error instanceof UnknownDeviceError;
}
