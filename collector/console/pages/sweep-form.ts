// What the sweeps pages read from a request: the list's length from the URL, and the run and schedule forms'
// fields. Pure; whether a rule, a cron expression or a time zone is acceptable is the admin use case's to say
// (admin/sweeps.ts), so nothing here judges them beyond their shape.
import type { Lang } from '../../../policies/messages/language';
import type { Bilingual } from '../console-text';
import { say } from '../console-text';

export const DEFAULT_SWEEPS_SHOWN = 20;
export const MAX_SWEEPS_SHOWN = 100;

const LIMIT_PROBLEM: Bilingual = {
  zh: 'limit 应为 1 到 {max} 的整数，收到的是“{got}”。',
  en: 'limit: expected a whole number from 1 to {max}, got "{got}".',
};

/** How many recent sweeps to list (`?limit=`), or the problem in words. */
export function sweepsShown(
  lang: Lang,
  search: URLSearchParams,
): { ok: true; limit: number } | { ok: false; problem: string } {
  const given = search.get('limit');
  if (given === null || given === '') return { ok: true, limit: DEFAULT_SWEEPS_SHOWN };
  if (!/^\d{1,4}$/.test(given) || Number(given) < 1 || Number(given) > MAX_SWEEPS_SHOWN)
    return {
      ok: false,
      problem: say(lang, LIMIT_PROBLEM, { max: MAX_SWEEPS_SHOWN, got: given.slice(0, 40) }),
    };
  return { ok: true, limit: Number(given) };
}

/** The rules ticked on a run or schedule form (none: every rule), each once, in the order given. */
export function chosenRuleIds(form: URLSearchParams): string[] {
  return [
    ...new Set(
      form
        .getAll('rule')
        .map((ruleId) => ruleId.trim())
        .filter((ruleId) => ruleId !== ''),
    ),
  ];
}

/** The schedule form's fields as typed (trimmed); the use case validates them. */
export function scheduleRequestOf(form: URLSearchParams): {
  cron: string;
  timezone: string;
  ruleIds: string[];
} {
  return {
    cron: (form.get('cron') ?? '').trim(),
    timezone: (form.get('timezone') ?? '').trim(),
    ruleIds: chosenRuleIds(form),
  };
}
