import { describe, expect, it } from 'vitest';
import { parseBuildTime, parseClamavHeader } from './clamav-header';

describe('ClamAV header', () => {
  it('applies the time zone offset of the build time', () => {
    expect(parseBuildTime('25 Nov 2026 07-25 +0000')).toBe(Date.UTC(2026, 10, 25, 7, 25));
    expect(parseBuildTime('25 Nov 2026 15-25 +0800')).toBe(Date.UTC(2026, 10, 25, 7, 25));
    expect(parseBuildTime('25 Nov 2026 02-25 -0500')).toBe(Date.UTC(2026, 10, 25, 7, 25));
  });

  it('refuses a build time not in the documented form', () => {
    expect(parseBuildTime('25 Nov 2026 07:25 +0000')).toBeNull();
    expect(parseBuildTime('25 Foo 2026 07-25 +0000')).toBeNull();
  });

  it('leaves a non-numeric version unknown but keeps the rest', () => {
    const header = 'ClamAV-VDB:25 Nov 2026 07-25 +0000:abc:12:216:md5:X:builder:1795598700';
    expect(parseClamavHeader(header)).toEqual({
      version: null,
      signatures: 12,
      builtAtMs: Date.UTC(2026, 10, 25, 7, 25),
    });
  });
});
