// The devices role on PostgreSQL (DeviceStore, LedgerStore, MediaStore, SightingStore): to be written.
import type { DevicesRole, RoleFactory } from './roles';

export const devicesRole: RoleFactory<DevicesRole> = () => ({ methods: {} as DevicesRole });
