// Original file: proto/shoumi/v1/admin_trust.proto

import type { EnrolmentToken as _shoumi_v1_EnrolmentToken, EnrolmentToken__Output as _shoumi_v1_EnrolmentToken__Output } from '../../shoumi/v1/EnrolmentToken';

export interface CreateEnrolmentTokensResponse {
  'tokens'?: (_shoumi_v1_EnrolmentToken)[];
}

export interface CreateEnrolmentTokensResponse__Output {
  'tokens': (_shoumi_v1_EnrolmentToken__Output)[];
}
