import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { EnrolRequest as _shoumi_v1_EnrolRequest, EnrolRequest__Output as _shoumi_v1_EnrolRequest__Output } from './shoumi/v1/EnrolRequest';
import type { EnrolmentServiceClient as _shoumi_v1_EnrolmentServiceClient, EnrolmentServiceDefinition as _shoumi_v1_EnrolmentServiceDefinition } from './shoumi/v1/EnrolmentService';
import type { IssuedCertificate as _shoumi_v1_IssuedCertificate, IssuedCertificate__Output as _shoumi_v1_IssuedCertificate__Output } from './shoumi/v1/IssuedCertificate';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shoumi: {
    v1: {
      EnrolRequest: MessageTypeDefinition<_shoumi_v1_EnrolRequest, _shoumi_v1_EnrolRequest__Output>
      EnrolmentService: SubtypeConstructor<typeof grpc.Client, _shoumi_v1_EnrolmentServiceClient> & { service: _shoumi_v1_EnrolmentServiceDefinition }
      IssuedCertificate: MessageTypeDefinition<_shoumi_v1_IssuedCertificate, _shoumi_v1_IssuedCertificate__Output>
    }
  }
}

