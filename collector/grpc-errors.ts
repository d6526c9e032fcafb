// The one shape every refusal takes on the wire: a grpc status code and a message that says what was wrong,
// with any input it quotes shortened (proto/bounded-error-text.ts): no caller gets its 100 KB back.
import * as grpc from '@grpc/grpc-js';
import { boundErrorText } from '../proto/bounded-error-text';

export function serviceError(code: grpc.status, text: string): grpc.ServiceError {
  const message = boundErrorText(text);
  return {
    name: `grpc ${grpc.status[code]}`,
    message,
    code,
    details: message,
    metadata: new grpc.Metadata(),
  };
}
