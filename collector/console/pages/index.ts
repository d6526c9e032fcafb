// Every console route, section by section (each section's file says what its pages show).
import type { ConsoleRoute } from '../console-page';
import { OVERVIEW_ROUTES } from './overview';
import { RULES_ROUTES } from './rules';

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [...OVERVIEW_ROUTES, ...RULES_ROUTES];
