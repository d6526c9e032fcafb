// The command that shows the next page of a listing a table cut short: the user's own command line again,
// with the page token the collector handed back, so that it can be copied and run as printed.

/**
 * This very command line again, continuing at `pageToken`: every argument as given, any earlier
 * --page-token replaced, quoted for a POSIX shell where it needs it.
 */
export function nextPageCommand(pageToken: string, args: readonly string[] = process.argv.slice(2)): string {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--page-token') index += 1;
    else if (!arg.startsWith('--page-token=')) kept.push(arg);
  }
  return ['shoumictl', ...kept, '--page-token', pageToken].map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
