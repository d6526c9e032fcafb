// The one shape every refusal takes on the wire: a grpc status code and a message that says what was wrong.
import * as grpc from '@grpc/grpc-js';

export function serviceError(code: grpc.status, message: string): grpc.ServiceError {
  return {
    name: `grpc ${grpc.status[code]}`,
    message,
    code,
    details: message,
    metadata: new grpc.Metadata(),
  };
}
