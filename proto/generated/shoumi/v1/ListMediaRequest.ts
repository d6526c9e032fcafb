// Original file: proto/shoumi/v1/admin_media.proto


export interface ListMediaRequest {
  /**
   * Filters; empty matches all.
   */
  'status'?: (string);
  'department'?: (string);
  'withSightings'?: (boolean);
}

export interface ListMediaRequest__Output {
  /**
   * Filters; empty matches all.
   */
  'status': (string);
  'department': (string);
  'withSightings': (boolean);
}
