// Original file: proto/shoumi/v1/admin.proto

import type { ComplianceDay as _shoumi_v1_ComplianceDay, ComplianceDay__Output as _shoumi_v1_ComplianceDay__Output } from '../../shoumi/v1/ComplianceDay';

export interface ComplianceTrend {
  'days'?: (_shoumi_v1_ComplianceDay)[];
  'timeZone'?: (string);
}

export interface ComplianceTrend__Output {
  'days': (_shoumi_v1_ComplianceDay__Output)[];
  'timeZone': (string);
}
