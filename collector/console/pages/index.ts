// Every console route, section by section (each section's file says what its pages show).
import type { ConsoleRoute } from '../console-page';
import { AUDIT_ROUTES } from './audit';
import { DEVICE_ROUTES } from './device';
import { DEVICES_ROUTES } from './devices';
import { MEDIA_ROUTES } from './media';
import { OVERVIEW_ROUTES } from './overview';
import { RECORDS_ROUTES } from './records';
import { RULES_ROUTES } from './rules';
import { SWEEP_ROUTES } from './sweeps';

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  ...OVERVIEW_ROUTES,
  ...DEVICES_ROUTES,
  ...DEVICE_ROUTES,
  ...RULES_ROUTES,
  ...MEDIA_ROUTES,
  ...SWEEP_ROUTES,
  ...RECORDS_ROUTES,
  ...AUDIT_ROUTES,
];
