// Original file: proto/shoumi/v1/admin.proto

import type { StoredFinding as _shoumi_v1_StoredFinding, StoredFinding__Output as _shoumi_v1_StoredFinding__Output } from '../../shoumi/v1/StoredFinding';

export interface ListFindingsResponse {
  'findings'?: (_shoumi_v1_StoredFinding)[];
  'nextPageToken'?: (string);
}

export interface ListFindingsResponse__Output {
  'findings': (_shoumi_v1_StoredFinding__Output)[];
  'nextPageToken': (string);
}
