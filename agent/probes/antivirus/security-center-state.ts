// AntiVirusProduct.productState from root/SecurityCenter2. Microsoft documents the WSC API that fills it
// (IWscProduct::get_ProductState, WSC_SECURITY_PRODUCT_STATE), not this WMI value. The decoding is
// Chromium's (chrome/services/util_win/av_products.cc, struct PRODUCT_STATE, used for Windows 7 where the
// API is missing), read as a little-endian 32-bit value:
//
//   bits 24–31  unknown, always 0 in what anyone has published (a larger value is not a productState)
//   bits 16–23  security provider: WSC_SECURITY_PROVIDER flags (wscapi.h; 0x04 = antivirus)
//   bits 12–15  security state: 0 off, 1 on, 2 snoozed (Chromium); 3 expired (community decoding only —
//               NinjaOne/homotechsual scripts; no Chromium or Microsoft source says so)
//   bits  8–11  unknown
//   bits  4–7   definition state: 0 up to date, 1 out of date (Chromium)
//   bits  0–3   unknown
//
// Real-time protection is on only for security state 1: the older reading `productState & 0x1000` takes
// 3 (expired) for on. A state nibble no source explains (4–15) is "cannot tell", and so is a definition
// nibble other than 0 or 1: it is never read as up to date.
//
// Worked examples (hand-computed): 397568 = 0x061100 Defender on, current; 393472 = 0x060100 Defender
// off (passive beside another product); 266240 = 0x041000 Huorong on, current (research/antivirus.md §4).

export type SecurityCenterState = 'off' | 'on' | 'snoozed' | 'expired' | 'unknown';

export interface DecodedProductState {
  /** The value as Security Center gave it, for evidence. */
  productState: number;
  /** WSC_SECURITY_PROVIDER flags of the entry (bits 16–23). */
  provider: number;
  state: SecurityCenterState;
  /** True only for state "on"; false for off, snoozed and expired; null for a state no source explains. */
  realtimeProtection: boolean | null;
  /** True when Security Center says the signatures are out of date; null when the nibble is unexplained. */
  signaturesOutOfDate: boolean | null;
}

const STATES: Readonly<Record<number, SecurityCenterState>> = {
  0: 'off',
  1: 'on',
  2: 'snoozed',
  3: 'expired',
};

/** Null for a value that is not an integer from 0 to 0xFFFFFF. */
export function decodeProductState(productState: number | null): DecodedProductState | null {
  if (productState === null || !Number.isInteger(productState) || productState < 0 || productState > 0xffffff)
    return null;
  const state = STATES[(productState >> 12) & 0xf] ?? 'unknown';
  const definitionState = (productState >> 4) & 0xf;
  return {
    productState,
    provider: (productState >> 16) & 0xff,
    state,
    realtimeProtection: state === 'unknown' ? null : state === 'on',
    signaturesOutOfDate: definitionState === 0 ? false : definitionState === 1 ? true : null,
  };
}
