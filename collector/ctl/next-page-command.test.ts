import { describe, expect, it } from 'vitest';
import { nextPageCommand } from './next-page-command';

describe('the next-page command', () => {
  it('repeats the command line with the new token, replacing an earlier one in either spelling', () => {
    const base = ['--collector', '127.0.0.1:7701', 'findings', '--history', '--device', 'ws-01'];
    expect(nextPageCommand('eyJsIjoiZiJ9', base)).toBe(
      'shoumictl --collector 127.0.0.1:7701 findings --history --device ws-01 --page-token eyJsIjoiZiJ9',
    );
    expect(nextPageCommand('NEW', [...base, '--page-token', 'OLD', '--limit', '50'])).toBe(
      'shoumictl --collector 127.0.0.1:7701 findings --history --device ws-01 --limit 50 --page-token NEW',
    );
    expect(nextPageCommand('NEW', ['findings', '--page-token=OLD', '--open'])).toBe(
      'shoumictl findings --open --page-token NEW',
    );
  });

  it('quotes what a POSIX shell would split or expand', () => {
    expect(
      nextPageCommand('T', ['findings', '--department', '科研 二部', '--rule', "it's", '--from', '*']),
    ).toBe(`shoumictl findings --department '科研 二部' --rule 'it'\\''s' --from '*' --page-token T`);
  });
});

describe('the audit list continuation', () => {
  it('keeps --action and --limit and replaces --after', async () => {
    const { commandWith } = await import('./next-page-command');
    expect(
      commandWith('--after', '120', [
        'audit',
        'list',
        '--action',
        'ledger.updated',
        '--after',
        '50',
        '--limit',
        '20',
      ]),
    ).toBe('shoumictl audit list --action ledger.updated --limit 20 --after 120');
  });
});
