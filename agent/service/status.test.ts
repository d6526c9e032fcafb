import { describe, expect, it } from 'vitest';
import { renderStatus, type StatusReport } from './status';

describe('renderStatus', () => {
  it('shows escape sequences and bidi overrides from the link or sweep error instead of passing them to the terminal', () => {
    const report = {
      installed: true,
      service: 'active',
      collector: '10.0.0.5:7700',
      dataDir: '/var/lib/shoumi-agent',
      agent: {
        deviceId: 'ws-01',
        link: 'retrying',
        linkDetail: 'refused: \u001b[2Jfake\u202eok',
        lastSweepAt: '2026-12-06T10:00:00Z',
        lastSweepError: 'cannot read \u200bdaily.cvd',
      },
    } as unknown as StatusReport;
    const text = renderStatus(report);
    expect(text).toContain('connection  retrying (refused: <U+001B>[2Jfake<U+202E>ok)');
    expect(text).toContain('FAILED: cannot read <U+200B>daily.cvd');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the terminal
    expect(text).not.toMatch(/[\u001b\u202e\u200b]/);
  });
});
