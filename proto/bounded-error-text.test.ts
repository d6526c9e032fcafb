// Expected texts written out by hand, not made by the code under test.
import { describe, expect, it } from 'vitest';
import { boundErrorText, shortenQuote } from './bounded-error-text';

describe('error text that quotes an input', () => {
  it('leaves a short message as it is', () => {
    expect(boundErrorText('no sweep "sw-nope"')).toBe('no sweep "sw-nope"');
    expect(shortenQuote('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('shows a 100 KB quoted input to its first 200 characters and says how long it was', () => {
    const message = `no sweep "${'a'.repeat(100_000)}"`;
    expect(boundErrorText(message)).toBe(`no sweep "${'a'.repeat(200)}… (100000 characters)"`);
  });

  it('shortens each long quote in a message on its own', () => {
    const message = `medium "${'s'.repeat(201)}" on device "${'d'.repeat(300)}" is short "ok"`;
    expect(boundErrorText(message)).toBe(
      `medium "${'s'.repeat(200)}… (201 characters)" on device "${'d'.repeat(200)}… (300 characters)" is short "ok"`,
    );
  });

  it('bounds a whole message that echoes an input without quotes to 1000 characters', () => {
    const message = `certificate revoked: ${'r'.repeat(5000)}`;
    const expected = `certificate revoked: ${'r'.repeat(1000 - 'certificate revoked: '.length)}… (5021 characters)`;
    expect(boundErrorText(message)).toBe(expected);
  });

  it('counts characters, not UTF-16 units, and never cuts a character in half', () => {
    const emoji = '😀'.repeat(201); // 402 UTF-16 units, 201 characters
    expect(shortenQuote(emoji)).toBe(`${'😀'.repeat(200)}… (201 characters)`);
    expect(shortenQuote('机'.repeat(200))).toBe('机'.repeat(200));
  });

  it('leaves what it already shortened alone (bounded when made, and again on the wire)', () => {
    const once = boundErrorText(`status "${'a'.repeat(100_000)}" is not one of pass, fail`);
    expect(once).toBe(`status "${'a'.repeat(200)}… (100000 characters)" is not one of pass, fail`);
    expect(boundErrorText(once)).toBe(once);
  });
});
