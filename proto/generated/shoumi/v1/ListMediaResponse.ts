// Original file: proto/shoumi/v1/admin_media.proto

import type { MediumRecord as _shoumi_v1_MediumRecord, MediumRecord__Output as _shoumi_v1_MediumRecord__Output } from '../../shoumi/v1/MediumRecord';

export interface ListMediaResponse {
  'media'?: (_shoumi_v1_MediumRecord)[];
}

export interface ListMediaResponse__Output {
  'media': (_shoumi_v1_MediumRecord__Output)[];
}
