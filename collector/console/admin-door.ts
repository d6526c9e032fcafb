// The console's way into the admin use cases: the very handlers the gRPC admin listener serves, wrapped by
// the same authorization (admin/authorization.ts: certificate, role, rate limits, disk reserve, the audit
// record written before the handler runs). A console request becomes a call object carrying the browser's
// TLS client certificate and address, and the request and the answer pass through the contract's own
// serializers, so a use case cannot tell the console from shoumictl and a page sees exactly what a gRPC
// client would. Nothing here decides who may do what.
import type { PeerCertificate } from 'node:tls';
import type { ServiceDefinition } from '@grpc/grpc-js';
import * as grpc from '@grpc/grpc-js';
import type {
  AdminServiceDefinition,
  AdminServiceHandlers,
} from '../../proto/generated/shoumi/v1/AdminService';
import type { AdminMethod } from '../admin/method-roles';

/** What a browser request brings to a call: its certificate and where it came from. */
export interface ConsolePeer {
  certificate: PeerCertificate | undefined;
  /** "ipv4:127.0.0.1:54321" / "ipv6:[::1]:54321", as grpc-js writes a peer. */
  address: string;
}

/** A call refused or failed: the gRPC status the same call would have got from shoumictl, and its message. */
export class AdminCallError extends Error {
  override readonly name = 'AdminCallError';
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

type Handlers = AdminServiceHandlers;
type Definition<M extends AdminMethod> = AdminServiceDefinition[M];
/** The request a method takes, as a client writes it (fields may be left out). */
export type RequestOf<M extends AdminMethod> =
  Definition<M> extends {
    requestSerialize: (value: infer Q) => Buffer;
  }
    ? Q
    : never;
/** The answer a method gives, as a client reads it (every field present, defaults filled). */
export type AnswerOf<M extends AdminMethod> =
  Definition<M> extends {
    responseDeserialize: (bytes: Buffer) => infer R;
  }
    ? R
    : never;

export interface AdminDoor {
  /** `forgery`: why the browser's request was judged forged; authorization refuses and audits the call. */
  call<M extends AdminMethod>(
    method: M,
    request: RequestOf<M>,
    peer: ConsolePeer,
    marks?: { forgery?: string },
  ): Promise<AnswerOf<M>>;
}

/** Marks a call object as the console's, for the audit record (authorization.ts writes `door: "console"`). */
export const CONSOLE_DOOR = 'console';

export function adminDoor(handlers: Handlers, service: ServiceDefinition): AdminDoor {
  return {
    call(method, request, peer, marks = {}) {
      const definition = service[method];
      const handler = handlers[method] as unknown as grpc.handleUnaryCall<unknown, unknown>;
      if (!definition || !handler)
        return Promise.reject(new AdminCallError(grpc.status.UNIMPLEMENTED, `${method} is not served`));
      let wireRequest: unknown;
      try {
        wireRequest = definition.requestDeserialize(definition.requestSerialize(request));
      } catch (error) {
        return Promise.reject(
          new AdminCallError(
            grpc.status.INVALID_ARGUMENT,
            `bad ${method} request: ${(error as Error).message}`,
          ),
        );
      }
      const call = {
        request: wireRequest,
        door: CONSOLE_DOOR,
        ...(marks.forgery !== undefined ? { forgery: marks.forgery } : {}),
        getPeer: () => peer.address,
        getAuthContext: () => ({ sslPeerCertificate: peer.certificate }),
        metadata: new grpc.Metadata(),
        cancelled: false,
      };
      return new Promise((resolve, reject) => {
        handler(call as unknown as grpc.ServerUnaryCall<unknown, unknown>, (error, value) => {
          if (error) {
            const failure = error as Partial<grpc.ServiceError>;
            const code = failure.code ?? grpc.status.INTERNAL;
            const message = failure.details ?? failure.message ?? String(error);
            reject(new AdminCallError(code, message));
            return;
          }
          try {
            resolve(definition.responseDeserialize(definition.responseSerialize(value)) as never);
          } catch (failure) {
            reject(new AdminCallError(grpc.status.INTERNAL, (failure as Error).message));
          }
        });
      });
    },
  };
}
