// The context `npm start` (the demo) leaves for shoumictl: its collector and the security administrator's
// identity, under the name `demo`. It becomes the current context only when there is none, so an
// administrator's own current context (a real collector) is never switched to a demo behind their back.
import type { CtlConfig } from './config-model';

export const DEMO_CONTEXT = 'demo';

export function withDemoContext(
  config: CtlConfig,
  collector: string,
  identity: string,
): { config: CtlConfig; current: boolean } {
  const current = config.currentContext === undefined || config.currentContext === DEMO_CONTEXT;
  return {
    config: {
      contexts: {
        ...config.contexts,
        [DEMO_CONTEXT]: { ...config.contexts[DEMO_CONTEXT], collector, identity },
      },
      currentContext: current ? DEMO_CONTEXT : config.currentContext,
    },
    current,
  };
}
