// Original file: proto/shoumi/v1/admin.proto

import type { ComplianceDay as _shoumi_v1_ComplianceDay, ComplianceDay__Output as _shoumi_v1_ComplianceDay__Output } from '../../shoumi/v1/ComplianceDay';

export interface GetComplianceTrendResponse {
  'days'?: (_shoumi_v1_ComplianceDay)[];
  'timeZone'?: (string);
}

export interface GetComplianceTrendResponse__Output {
  'days': (_shoumi_v1_ComplianceDay__Output)[];
  'timeZone': (string);
}
