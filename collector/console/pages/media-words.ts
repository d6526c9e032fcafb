// A registered medium's status in the reader's language, for every page that shows one (the media ledger,
// a device's media). The keys are the store's words; the admin API's enum (IN_USE…) maps onto them.
import type { MediumStatus } from '../../../policies/model';
import type { Bilingual } from '../console-text';

export const MEDIUM_STATUS_TEXT: Readonly<Record<string, Bilingual>> = {
  in_use: { zh: '在用', en: 'in use' },
  retired: { zh: '报废', en: 'retired' },
  lost: { zh: '丢失', en: 'lost' },
} satisfies Record<MediumStatus, Bilingual>;

/** The admin API's medium status and the store's word for it. */
export const MEDIUM_STATUS_OF_WIRE: Readonly<Record<string, MediumStatus>> = {
  IN_USE: 'in_use',
  RETIRED: 'retired',
  LOST: 'lost',
};
