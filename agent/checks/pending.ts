// Rules the baseline states but no check can judge yet, because the facts they need are not read by any
// probe. The engine reports them as not_applicable with this reason — never pass, since nothing was looked at.

export const PENDING_RULES: ReadonlyMap<string, string> = new Map([
  [
    'usb-phone-camera-absent',
    'not built yet: needs the MTP/PTP probe (interface strings, not only USB class 06)',
  ],
  ['dns-servers-allowed', 'not built yet: needs the DNS resolver probe'],
  ['proxy-allowed', 'not built yet: needs the proxy settings probe'],
  ['tunnel-interfaces-absent', 'not built yet: needs the network interfaces probe'],
  [
    'usb-network-adapter-absent',
    'not built yet: needs the network interfaces probe (USB parent of each NIC)',
  ],
  ['single-network-attachment', 'not built yet: needs the network interfaces probe'],
  ['canary-endpoints-unreachable', 'not built yet: needs the canary reachability probe'],
  ['printer-not-shared', 'not built yet: needs the printers probe'],
  ['network-printer-allowed', 'not built yet: needs the printers probe'],
  ['optical-writer-absent', 'not built yet: needs the optical drives probe'],
  ['print-auditing-enabled', 'not built yet: needs the print audit probe'],
  ['antivirus-full-scan-recent', 'not built yet: needs the antivirus scan-log probe'],
  ['antivirus-realtime-protection-on', 'not built yet: needs the antivirus service probe'],
  ['audit-service-running', 'not built yet: needs the services probe'],
  ['screen-lock-enabled', 'not built yet: needs the screen lock settings probe'],
  ['no-empty-password-accounts', 'not built yet: needs the accounts probe'],
]);
