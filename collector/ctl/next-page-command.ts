// The command that shows the next page of a listing a table cut short: the user's own command line again,
// with the page token (or position) the collector handed back, so that it can be copied and run as printed,
// every filter kept.

/**
 * This very command line again with `flag value`: every argument as given, any earlier `flag` replaced,
 * quoted for a POSIX shell where it needs it.
 */
export function commandWith(
  flag: string,
  value: string,
  args: readonly string[] = process.argv.slice(2),
): string {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === flag) index += 1;
    else if (!arg.startsWith(`${flag}=`)) kept.push(arg);
  }
  return ['shoumictl', ...kept, flag, value].map(shellWord).join(' ');
}

/** This very command line again, continuing at `pageToken`. */
export function nextPageCommand(pageToken: string, args: readonly string[] = process.argv.slice(2)): string {
  return commandWith('--page-token', pageToken, args);
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
