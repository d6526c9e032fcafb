// Every check the agent runs. A rule of the policy is judged by exactly one check here, or is listed in
// pending.ts; index.test.ts fails when the two and the baseline disagree.

import { antivirusCheck, antivirusProtectionCheck } from './antivirus';
import { canaryCheck } from './canary';
import type { Check } from './check';
import { auditServiceCheck, emptyPasswordsCheck, screenLockCheck } from './host-controls';
import { networkEgressCheck } from './network-egress';
import { networkInterfacesCheck } from './network-interfaces';
import { networkServicesCheck } from './network-services';
import { opticalWritersCheck } from './optical-writers';
import { passwordRulesCheck } from './password-rules';
import { portableDevicesCheck } from './portable-devices';
import { printingCheck } from './printing';
import { removableMediaCheck, usbStorageHistoryCheck } from './removable-media';
import { wirelessRadiosCheck } from './wireless-radios';
import { wirelessReceiversCheck } from './wireless-receivers';

export const ALL_CHECKS: readonly Check[] = [
  wirelessRadiosCheck,
  wirelessReceiversCheck,
  removableMediaCheck,
  usbStorageHistoryCheck,
  portableDevicesCheck,
  networkEgressCheck,
  networkInterfacesCheck,
  networkServicesCheck,
  canaryCheck,
  antivirusCheck,
  printingCheck,
  opticalWritersCheck,
  antivirusProtectionCheck,
  auditServiceCheck,
  emptyPasswordsCheck,
  screenLockCheck,
  passwordRulesCheck,
];
