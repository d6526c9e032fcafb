// AntiVirusProduct.productState from root/SecurityCenter2. Microsoft does not document this bitfield (the
// WSC API that fills it is documented, the WMI class and its encoding are not); the layout below is the
// one commonly described by vendors and administrators and matched by what Defender reports, e.g.
// 397568 = 0x061100 for Defender switched on with current signatures:
//   bits 16–23  security provider (WSC_SECURITY_PROVIDER flags; 0x04 = antivirus ...)
//   bits  8–15  scanner state: 0x10 set = real-time protection on (0x00/0x01 off, 0x10/0x11 on)
//   bits  0–7   signature state: 0x10 set = out of date, 0x00 = up to date
// Because it is undocumented, a product's own interface (Get-MpComputerStatus for Defender) wins where
// there is one.

export interface SecurityCenterState {
  realtimeProtection: boolean;
  signaturesUpToDate: boolean;
}

/** Null for a value that is not a 24-bit unsigned integer. */
export function decodeProductState(productState: number | null): SecurityCenterState | null {
  if (productState === null || !Number.isInteger(productState) || productState < 0 || productState > 0xffffff)
    return null;
  return {
    realtimeProtection: (productState & 0x1000) !== 0,
    signaturesUpToDate: (productState & 0x10) === 0,
  };
}
