// The devices role on PostgreSQL (DeviceStore, LedgerStore, MediaStore, SightingStore). Written so far:
// hello, heartbeat stamps and reading one device; the rest is to be written.
import { getDevice, recordHelloInTransaction, touchDevicesInTransaction } from './devices';
import type { DevicesRole, RoleFactory } from './roles';

export const devicesRole: RoleFactory<DevicesRole> = (context) => ({
  methods: {
    recordHello: (hello, atMs) =>
      context.transaction((client) => recordHelloInTransaction(client, hello, atMs)),
    touchDevice: (deviceId, atMs) =>
      context.transaction((client) => touchDevicesInTransaction(client, new Map([[deviceId, atMs]]))),
    getDevice: (deviceId) => {
      context.assertOpen();
      return getDevice(context.pool, deviceId);
    },
  } as DevicesRole,
});
