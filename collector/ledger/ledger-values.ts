// What each ledger field (台帐, 3.7.2) may hold, and the words the security office may write it in: one
// place shared by the CSV import, the UpdateDevice use case and shoumictl, so that `device set` and a
// spreadsheet row are judged by the same rules and get the same messages (Chinese first, English after).
import { parseIpNetwork } from '../../policies/ip-network';
import {
  CLASSIFICATION_ZH,
  CLASSIFICATIONS,
  type Classification,
  classificationFromWord,
  DEVICE_ID_PATTERN,
  MEDIUM_STATUSES,
  type MediumStatus,
} from '../../policies/model';
import { escapeOf, firstInvisible } from '../../policies/visible-text';
import { DEVICE_STATUSES, type DeviceStatus } from '../store/store';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export const DEVICE_STATUS_ZH: Record<DeviceStatus, string> = {
  in_service: '在用',
  under_repair: '维修',
  retired: '停用',
};

/** The words shown for a registered medium's status (3.6.2 载体台帐): 在用, 报废 (scrapped), 丢失 (lost). */
export const MEDIUM_STATUS_ZH: Record<MediumStatus, string> = {
  in_use: '在用',
  retired: '报废',
  lost: '丢失',
};

export const LEDGER_TEXT_MAX_CHARS = 200;
export const MAX_ALLOWED_NETWORKS = 64;

const say = (zh: string, en: string) => `${zh} / ${en}`;

/** "top-secret", "Top Secret" and "TOP_SECRET" all read as top_secret. */
const englishWord = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const CLASSIFICATION_WORDS = CLASSIFICATIONS.map((level) => CLASSIFICATION_ZH[level]).concat(CLASSIFICATIONS);
const STATUS_WORDS = DEVICE_STATUSES.map((status) => DEVICE_STATUS_ZH[status]).concat(DEVICE_STATUSES);

/** An empty cell means "not classified yet" (null): what an enrolled device has until someone sets it. */
export function readClassification(text: string): Checked<Classification | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const level = classificationFromWord(trimmed);
  if (level !== undefined) return { ok: true, value: level };
  return {
    ok: false,
    problem: say(
      `未知密级 "${trimmed}"，应为 ${CLASSIFICATION_WORDS.slice(0, 4).join('、')}`,
      `unknown classification "${trimmed}": use one of ${CLASSIFICATION_WORDS.join(', ')}`,
    ),
  };
}

export function readDeviceStatus(text: string): Checked<DeviceStatus> {
  const trimmed = text.trim();
  for (const status of DEVICE_STATUSES) {
    if (trimmed === DEVICE_STATUS_ZH[status] || englishWord(trimmed) === status)
      return { ok: true, value: status };
  }
  return {
    ok: false,
    problem:
      trimmed === ''
        ? say('状态不能为空', `status is empty: use one of ${STATUS_WORDS.join(', ')}`)
        : say(
            `未知状态 "${trimmed}"，应为 ${STATUS_WORDS.slice(0, 3).join('、')}`,
            `unknown status "${trimmed}": use one of ${STATUS_WORDS.join(', ')}`,
          ),
  };
}

const MEDIUM_STATUS_WORDS = MEDIUM_STATUSES.map((status) => MEDIUM_STATUS_ZH[status]).concat(MEDIUM_STATUSES);

/** 丢失, lost, "in use" or IN_USE: every word shoumictl prints for a medium's status reads back. */
export function readMediumStatus(text: string): Checked<MediumStatus> {
  const trimmed = text.trim();
  for (const status of MEDIUM_STATUSES) {
    if (trimmed === MEDIUM_STATUS_ZH[status] || englishWord(trimmed) === status)
      return { ok: true, value: status };
  }
  return {
    ok: false,
    problem: say(
      `未知介质状态 "${trimmed}"，应为 ${MEDIUM_STATUS_WORDS.slice(0, 3).join('、')}`,
      `unknown medium status "${trimmed}": use one of ${MEDIUM_STATUS_WORDS.join(', ')}`,
    ),
  };
}

/**
 * CIDR blocks written in one cell or option, separated by commas (also Chinese ，、；), semicolons or spaces.
 * Kept as written (trimmed, lowercased) so that an export imported again compares equal; a block given twice
 * is kept once.
 */
export function readAllowedNetworks(input: string | readonly string[]): Checked<string[]> {
  const pieces = (typeof input === 'string' ? [input] : input)
    .flatMap((text) => text.split(/[\s,;，；、]+/))
    .filter((piece) => piece !== '');
  if (pieces.length > MAX_ALLOWED_NETWORKS) {
    return {
      ok: false,
      problem: say(
        `允许网络最多 ${MAX_ALLOWED_NETWORKS} 个，实有 ${pieces.length} 个`,
        `at most ${MAX_ALLOWED_NETWORKS} allowed networks, got ${pieces.length}`,
      ),
    };
  }
  const networks: string[] = [];
  const seen = new Set<string>();
  for (const piece of pieces) {
    const parsed = parseIpNetwork(piece);
    if (!parsed.ok) return { ok: false, problem: say(`网段无效 ${piece}`, parsed.reason) };
    const key = `${parsed.value.family}/${parsed.value.base}/${parsed.value.prefixLength}`;
    if (seen.has(key)) continue;
    seen.add(key);
    networks.push(piece.toLowerCase());
  }
  return { ok: true, value: networks };
}

/**
 * A free-text ledger field (asset number, responsible person, department, location), trimmed. Any text a
 * person can read is accepted, "-1层机房", "+86…" and "=" at the start included: the CSV export defuses what
 * a spreadsheet would run (collector/text/csv-cell.ts), at the exit, where the danger is. Characters nobody
 * can see (controls such as a line break, bidi overrides, zero-width characters: policies/visible-text.ts)
 * are refused: every output would show them as <U+XXXX>, so a value holding one could not be exported and
 * imported back unchanged, and in a ledger they can only hide something.
 */
export function readLedgerText(text: string): Checked<string> {
  const trimmed = text.trim();
  if ([...trimmed].length > LEDGER_TEXT_MAX_CHARS) {
    return {
      ok: false,
      problem: say(`超过 ${LEDGER_TEXT_MAX_CHARS} 个字符`, `longer than ${LEDGER_TEXT_MAX_CHARS} characters`),
    };
  }
  const invisible = firstInvisible(trimmed);
  if (invisible !== undefined) {
    const shown = escapeOf(invisible.character);
    return {
      ok: false,
      problem: say(
        `第 ${invisible.position} 个字符 ${shown} 是控制字符或不可见字符（如换行、双向控制符）`,
        `contains the control or invisible character ${shown} at position ${invisible.position} (such as a line break or a bidi override)`,
      ),
    };
  }
  return { ok: true, value: trimmed };
}

export function readDeviceId(text: string): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: say('设备ID不能为空', 'device id is empty') };
  if (!DEVICE_ID_PATTERN.test(trimmed)) {
    return {
      ok: false,
      problem: say(
        `设备ID "${trimmed.slice(0, 64)}" 无效：应为 1–128 个字母、数字或 . _ : -`,
        `device id "${trimmed.slice(0, 64)}" is invalid: expected 1..128 characters of [A-Za-z0-9._:-]`,
      ),
    };
  }
  return { ok: true, value: trimmed };
}
