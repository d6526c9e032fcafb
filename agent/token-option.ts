// The enrolment token from `--token T` or `--token-file PATH`. A token on the command line is visible to
// every local user in `ps` and /proc/PID/cmdline while the command runs; a mass-deployment script should
// write it to a file only root can read and pass the file instead. "-" reads standard input.
import { readFileSync } from 'node:fs';

export class TokenOptionError extends Error {
  override readonly name = 'TokenOptionError';
}

/** The token the options name, or undefined when neither is given. Throws TokenOptionError on misuse. */
export function tokenFromOptions(options: { token?: string; tokenFile?: string }): string | undefined {
  if (options.token !== undefined && options.tokenFile !== undefined) {
    throw new TokenOptionError('give --token or --token-file, not both');
  }
  if (options.tokenFile === undefined) return options.token;
  const file = options.tokenFile;
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new TokenOptionError(`cannot read the token file ${file}: ${code}`);
  }
  const token = text.trim();
  if (token === '') throw new TokenOptionError(`the token file ${file} is empty`);
  if (/\s/.test(token)) {
    throw new TokenOptionError(
      `the token file ${file} holds more than one word; it must hold the token alone`,
    );
  }
  return token;
}
