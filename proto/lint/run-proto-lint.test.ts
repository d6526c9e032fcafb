// proto:lint as `npm test` runs it: Debian's protoc over the repository's .proto files (each on its own, then
// all together) and over hand-written fixtures (test/fixtures/protoc/README.md) that each break it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interopTools, skipWithoutTools } from '../../test/interop/interop-tools';
import { REPO } from '../../test/support/processes';

const tools = interopTools('protoc');

function lint(root?: string) {
  const run = spawnSync(
    path.join(REPO, 'node_modules', '.bin', 'tsx'),
    ['proto/lint/run-proto-lint.ts', ...(root ? [root] : [])],
    { cwd: REPO, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe.skipIf(skipWithoutTools(tools, 'proto:lint against protoc'))('proto:lint with protoc', () => {
  it("passes the repository's own .proto files, each compiled on its own", () => {
    if (!tools.ok) throw new Error(tools.why);
    const { status, output } = lint();
    expect(output).toMatch(/proto:lint: \d+ files compile on their own with libprotoc [\d.]+ and pass/);
    expect(status).toBe(0);
  });

  it('refuses a file that uses a type it does not import (the bug admin_ledger.proto had)', () => {
    if (!tools.ok) throw new Error(tools.why);
    const { status, output } = lint('test/fixtures/protoc/unimported-type');
    expect(status).toBe(1);
    expect(output).toContain('shoumi/v1/ledger.proto: protoc refuses it on its own');
    expect(output).toContain('"Summary" is not defined');
  });

  it('names every rule a compiling file breaks', () => {
    if (!tools.ok) throw new Error(tools.why);
    const { status, output } = lint('test/fixtures/protoc/bad-names');
    expect(status).toBe(1);
    const problems = output.split('\n').filter((line) => line.startsWith('shoumi/v1/bad.proto: ['));
    expect(problems).toEqual([
      'shoumi/v1/bad.proto: [package] declares package "shoumi.v2", expected "shoumi.v1"',
      'shoumi/v1/bad.proto: [names] field Query.deviceId (1) is not lower_snake_case',
      'shoumi/v1/bad.proto: [names] message lower_message is not PascalCase',
      'shoumi/v1/bad.proto: [names] enum value Level.highLevel is not UPPER_SNAKE_CASE',
      'shoumi/v1/bad.proto: [enum zero] enum Level: value 0 is "NONE", expected "LEVEL_UNSPECIFIED"',
      'shoumi/v1/bad.proto: [names] service Reports is not PascalCase ending in "Service"',
      'shoumi/v1/bad.proto: [rpc types] Reports.Fetch takes Query, expected FetchRequest (or a documented exception)',
      'shoumi/v1/bad.proto: [imports] imports shoumi/v1/common.proto but uses nothing from it',
    ]);
  });
});
