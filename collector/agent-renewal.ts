// Placeholder: certificate renewal for agents is being built.
import * as grpc from '@grpc/grpc-js';
import type { AgentServiceHandlers } from '../proto/generated/shoumi/v1/AgentService';

export const renewNotBuilt: AgentServiceHandlers['Renew'] = (_call, callback) =>
  callback({
    name: 'Unimplemented',
    message: 'not built yet',
    code: grpc.status.UNIMPLEMENTED,
    details: 'not built yet',
    metadata: new grpc.Metadata(),
  });
