// Original file: proto/shoumi/v1/admin.proto


export interface ListDevicesRequest {
  'limit'?: (number);
  'afterDeviceId'?: (string);
}

export interface ListDevicesRequest__Output {
  'limit': (number);
  'afterDeviceId': (string);
}
