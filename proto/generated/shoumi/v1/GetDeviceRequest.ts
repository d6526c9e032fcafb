// Original file: proto/shoumi/v1/admin_ledger.proto


export interface GetDeviceRequest {
  'deviceId'?: (string);
  /**
   * How many ledger/hardware changes to return, newest first (0: a default of 50).
   */
  'historyLimit'?: (number);
}

export interface GetDeviceRequest__Output {
  'deviceId': (string);
  /**
   * How many ledger/hardware changes to return, newest first (0: a default of 50).
   */
  'historyLimit': (number);
}
