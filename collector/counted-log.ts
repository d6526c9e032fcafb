// A log line per event up to a number of lines a minute; beyond it the events are counted into one line at
// the end of the minute. For events that come in storms from the whole fleet at once (a collector restart
// brings every agent back; a broken agent release sends a refused finding from every workstation): a line
// each would cost CPU and fill the journal while telling an operator nothing the count does not.
const WINDOW_MS = 60_000;

export interface CountedLog<Fields> {
  linesPerMinute: number;
  now: () => number;
  /** Writes the line of one event. */
  line(fields: Fields): void;
  /** Writes the count of a minute in which some events were not logged singly. */
  summary(counts: { total: number; notLoggedSingly: number }): void;
}

export function countedLog<Fields>(options: CountedLog<Fields>): (fields: Fields) => void {
  let windowStartMs = Number.NEGATIVE_INFINITY;
  let logged = 0;
  let counted = 0;
  const summarise = () => {
    if (counted === 0) return;
    options.summary({ total: logged + counted, notLoggedSingly: counted });
    counted = 0;
  };
  return (fields) => {
    const at = options.now();
    if (at - windowStartMs >= WINDOW_MS) {
      summarise(); // the window's timer may not have run yet
      windowStartMs = at;
      logged = 0;
    }
    if (logged < options.linesPerMinute) {
      logged += 1;
      options.line(fields);
      return;
    }
    if (counted === 0) setTimeout(summarise, windowStartMs + WINDOW_MS - at).unref();
    counted += 1;
  };
}
