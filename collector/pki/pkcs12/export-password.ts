// The password that protects an exported PKCS#12 file: read from a file (--password-file, its first line, as
// `openssl -passin file:` reads one) or asked on the terminal twice with echo off. Never from the command
// line, where it would sit in the shell history and in every process listing.
import { readFile } from 'node:fs/promises';

/** Passwords shorter than this protect a key that opens the collector: refused. */
export const MIN_EXPORT_PASSWORD = 8;

function checked(password: string, where: string): string {
  if ([...password].length < MIN_EXPORT_PASSWORD)
    throw new Error(`${where}: the password must have at least ${MIN_EXPORT_PASSWORD} characters`);
  return password;
}

/** The first line of `file`, without its line ending. */
export async function passwordFromFile(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`--password-file ${file}: cannot read it (${error.code ?? error.message})`);
  });
  return checked(text.split(/\r?\n/)[0] ?? '', `--password-file ${file}`);
}

/** One line typed on the terminal without echo. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(new Error('password entry cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

/** The export password: from `passwordFile`, else asked twice on the terminal; no terminal and no file → why. */
export async function exportPassword(passwordFile: string | undefined): Promise<string> {
  if (passwordFile !== undefined) return passwordFromFile(passwordFile);
  if (!process.stdin.isTTY)
    throw new Error(
      'no terminal to ask the PKCS#12 password on: pass --password-file FILE (its first line is the password)',
    );
  const first = checked(
    await askHidden('PKCS#12 文件口令 / password for the PKCS#12 file: '),
    'the password typed',
  );
  const second = await askHidden('再输入一次 / again: ');
  if (first !== second) throw new Error('the two passwords typed differ; nothing was written');
  return first;
}
