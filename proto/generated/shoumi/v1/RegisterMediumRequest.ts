// Original file: proto/shoumi/v1/admin_media.proto

import type { MediumRecord as _shoumi_v1_MediumRecord, MediumRecord__Output as _shoumi_v1_MediumRecord__Output } from '../../shoumi/v1/MediumRecord';

export interface RegisterMediumRequest {
  'medium'?: (_shoumi_v1_MediumRecord | null);
}

export interface RegisterMediumRequest__Output {
  'medium': (_shoumi_v1_MediumRecord__Output | null);
}
