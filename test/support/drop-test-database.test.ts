// The drop's answers to what the server can say, scripted: an autovacuum worker cannot be summoned on demand,
// so its refusal (42501) is played back as PostgreSQL 15 gives it; the real server is met by every
// PostgreSQL suite's clean-up.
import { describe, expect, it } from 'vitest';
import { dropTestDatabase, type MaintenanceClient } from './drop-test-database';

function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const REFUSED_FORCE = serverError(
  '42501',
  'must be a member of the role whose process is being terminated or member of pg_signal_backend',
);
const IN_USE = serverError('55006', 'database "shoumi_x_1" is being accessed by other users');

/** Answers each statement with the next scripted outcome of its kind; records what was sent. */
function scripted(outcomes: { force: Array<Error | null>; plain: Array<Error | null> }) {
  const sent: string[] = [];
  const client: MaintenanceClient = {
    async query(text) {
      const kind = text.includes('WITH (FORCE)')
        ? 'force'
        : text.startsWith('DROP')
          ? 'plain'
          : text.includes('pg_terminate_backend')
            ? 'terminate'
            : 'list';
      sent.push(kind);
      if (kind === 'list')
        return { rows: [{ backend_type: 'autovacuum worker', role: '(no role)', application_name: '' }] };
      if (kind === 'terminate') return { rows: [] };
      const outcome = outcomes[kind].shift() ?? null;
      if (outcome !== null) throw outcome;
      return { rows: [] };
    },
  };
  return { client, sent };
}

describe('dropping a test database', () => {
  it('drops with FORCE when nothing refuses', async () => {
    const { client, sent } = scripted({ force: [null], plain: [] });
    await dropTestDatabase(client, 'shoumi_x_1');
    expect(sent).toEqual(['force']);
  });

  it('after FORCE meets a backend it may not end, ends its own sessions and drops without FORCE', async () => {
    const { client, sent } = scripted({ force: [REFUSED_FORCE], plain: [null] });
    await dropTestDatabase(client, 'shoumi_x_1');
    expect(sent).toEqual(['force', 'terminate', 'plain']);
  });

  it('goes round again when a session reconnected before the plain drop', async () => {
    const { client, sent } = scripted({ force: [REFUSED_FORCE, null], plain: [IN_USE] });
    await dropTestDatabase(client, 'shoumi_x_1', { retryMs: 1 });
    expect(sent).toEqual(['force', 'terminate', 'plain', 'force']);
  });

  it('fails past its deadline naming what is still connected', async () => {
    const always = Array.from({ length: 1000 }, () => REFUSED_FORCE);
    const { client } = scripted({ force: always, plain: Array.from({ length: 1000 }, () => IN_USE) });
    await expect(dropTestDatabase(client, 'shoumi_x_1', { deadlineMs: 30, retryMs: 5 })).rejects.toThrow(
      /could not drop test database shoumi_x_1 within 30 ms .*still connected: autovacuum worker as \(no role\)/,
    );
  });

  it('passes any other error through at once', async () => {
    const other = serverError('3D000', 'database does not exist');
    const { client, sent } = scripted({ force: [other], plain: [] });
    await expect(dropTestDatabase(client, 'shoumi_x_1')).rejects.toBe(other);
    expect(sent).toEqual(['force']);
  });
});
