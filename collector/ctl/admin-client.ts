// A promise-shaped client for the admin API; one place where shoumictl meets gRPC.
import * as grpc from '@grpc/grpc-js';
import type { FleetStatus__Output } from '../../proto/generated/shoumi/v1/FleetStatus';
import type { ListDevicesRequest } from '../../proto/generated/shoumi/v1/ListDevicesRequest';
import type { ListDevicesResponse__Output } from '../../proto/generated/shoumi/v1/ListDevicesResponse';
import type { ListFindingsRequest } from '../../proto/generated/shoumi/v1/ListFindingsRequest';
import type { ListFindingsResponse__Output } from '../../proto/generated/shoumi/v1/ListFindingsResponse';
import { loadContract } from '../../proto/load';

export interface AdminClient {
  fleetStatus(): Promise<FleetStatus__Output>;
  listDevices(request: ListDevicesRequest): Promise<ListDevicesResponse__Output>;
  listFindings(request: ListFindingsRequest): Promise<ListFindingsResponse__Output>;
  close(): void;
}

export class CollectorUnreachable extends Error {}

export function adminClient(address: string, timeoutMs = 10_000): AdminClient {
  const contract = loadContract();
  const client = new contract.shoumi.v1.AdminService(address, grpc.credentials.createInsecure());
  const deadline = () => ({ deadline: Date.now() + timeoutMs });
  const wrap = <T>(invoke: (callback: (error: grpc.ServiceError | null, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) =>
      invoke((error, value) => {
        if (!error) return resolve(value as T);
        if (error.code === grpc.status.UNAVAILABLE || error.code === grpc.status.DEADLINE_EXCEEDED) {
          return reject(
            new CollectorUnreachable(`cannot reach the collector at ${address}: ${error.details}`),
          );
        }
        reject(new Error(`collector at ${address} answered ${grpc.status[error.code]}: ${error.details}`));
      }),
    );
  return {
    fleetStatus: () => wrap((callback) => client.GetFleetStatus({}, deadline(), callback)),
    listDevices: (request) => wrap((callback) => client.ListDevices(request, deadline(), callback)),
    listFindings: (request) => wrap((callback) => client.ListFindings(request, deadline(), callback)),
    close: () => client.close(),
  };
}
