// Every console route, section by section (each section's file says what its pages show).
import type { ConsoleRoute } from '../console-page';
import { DEVICES_ROUTES } from './devices';
import { OVERVIEW_ROUTES } from './overview';

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [...OVERVIEW_ROUTES, ...DEVICES_ROUTES];
