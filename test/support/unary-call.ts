// Calls a unary admin handler the way grpc-js would (a call with the request and a peer address), without a
// server: for tests of the use cases themselves, apart from transport and authorization.
import type * as grpc from '@grpc/grpc-js';

export const TEST_PEER = 'ipv4:127.0.0.1:5555';

export function callUnary<Req>(
  handlers: object,
  method: string,
  request: Req,
  // biome-ignore lint/suspicious/noExplicitAny: each test reads fields of whichever answer it asked for
): Promise<{ error: grpc.ServiceError | null; value: any }> {
  return new Promise((resolve) => {
    const handler = (handlers as Record<string, unknown>)[method] as (
      call: { request: Req; getPeer(): string },
      callback: (error: grpc.ServiceError | null, value?: unknown) => void,
    ) => void;
    handler({ request, getPeer: () => TEST_PEER }, (error, value) => resolve({ error, value }));
  });
}
