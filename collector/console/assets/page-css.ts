// Styles only one section uses, each from that section's own file (pages/*-css.ts), after the base sheet.
import { AUDIT_CSS } from '../pages/audit-css';
import { DEVICE_CSS } from '../pages/device-css';
import { DEVICES_CSS } from '../pages/devices-css';
import { MEDIA_CSS } from '../pages/media-css';
import { OVERVIEW_CSS } from '../pages/overview-css';
import { RECORDS_CSS } from '../pages/records-css';
import { RULES_CSS } from '../pages/rules-css';
import { SWEEPS_CSS } from '../pages/sweeps-css';

export const PAGE_CSS: readonly string[] = [
  OVERVIEW_CSS,
  DEVICES_CSS,
  DEVICE_CSS,
  RULES_CSS,
  MEDIA_CSS,
  SWEEPS_CSS,
  RECORDS_CSS,
  AUDIT_CSS,
];
