// What a sighting report must look like and what it means, decided apart from where sightings are kept:
// media are named `vendorId:productId:serial` (the agent's finding subject for the medium), each thing is
// recorded once per report, and the answer is what this device had never been seen with before.
import type { MediumKey, SightedThings } from './store';
import { InvalidStoreInputError } from './store-errors';

/** `vendorId:productId:serial`, the same text as the agent's finding subject for the medium. */
export const mediumText = (key: MediumKey) => `${key.vendorId}:${key.productId}:${key.serial}`;

const HEX4 = /^[0-9a-f]{4}$/;

export function invalidSightings(seen: SightedThings): InvalidStoreInputError | null {
  for (const key of seen.media) {
    if (!HEX4.test(key.vendorId) || !HEX4.test(key.productId))
      return new InvalidStoreInputError(
        `medium sighting "${key.vendorId}:${key.productId}": vendor and product ids must be 4 lowercase hex digits`,
      );
    if (typeof key.serial !== 'string' || key.serial === '')
      return new InvalidStoreInputError('medium sighting: serial must be a non-empty string');
  }
  for (const printer of seen.printers) {
    if (typeof printer !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/.test(printer))
      return new InvalidStoreInputError(
        `printer sighting "${String(printer)}": expected scheme://host[:port]`,
      );
  }
  return null;
}

/** Each medium and printer once, in the order first reported. */
export function distinctSightings(seen: SightedThings): SightedThings {
  const byText = new Map<string, MediumKey>();
  for (const key of seen.media) if (!byText.has(mediumText(key))) byText.set(mediumText(key), key);
  return { media: [...byText.values()], printers: [...new Set(seen.printers)] };
}

/** What of `seen` (distinct) was not among what the device was known to have been seen with. */
export function newSightings(seen: SightedThings, known: SightedThings): SightedThings {
  const knownMedia = new Set(known.media.map(mediumText));
  const knownPrinters = new Set(known.printers);
  return {
    media: seen.media.filter((key) => !knownMedia.has(mediumText(key))),
    printers: seen.printers.filter((printer) => !knownPrinters.has(printer)),
  };
}
