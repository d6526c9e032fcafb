// The devices role on PostgreSQL (DeviceStore, LedgerStore, MediaStore, SightingStore). Written so far:
// hello, heartbeat stamps and reading one device; the rest is to be written.
import { getDevice, recordHelloInTransaction, touchDevicesInTransaction } from './devices';
import { lastSeenBatch } from './last-seen-batch';
import type { DevicesRole, RoleFactory } from './roles';

export const devicesRole: RoleFactory<DevicesRole> = (context) => {
  // Heartbeats are gathered for a second and written as one statement (last-seen-batch.ts).
  const heartbeats = lastSeenBatch((lastSeen) =>
    context.transaction((client) => touchDevicesInTransaction(client, lastSeen)),
  );
  return {
    close: () => heartbeats.flush(),
    methods: {
      recordHello: (hello, atMs) =>
        context.transaction((client) => recordHelloInTransaction(client, hello, atMs)),
      touchDevice: async (deviceId, atMs) => {
        context.assertOpen();
        return heartbeats.touch(deviceId, atMs);
      },
      getDevice: async (deviceId) => {
        context.assertOpen();
        return getDevice(context.pool, deviceId);
      },
    } as DevicesRole,
  };
};
