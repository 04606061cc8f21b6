/**
 * Pages read one after another — each from the one before it, as a keyset cursor — up to
 * `depth` pages ahead of the reader, so the database works while the reader is busy elsewhere
 * (or on earlier pages) instead of waiting to be asked. `more(page)` says whether a page has a
 * next one. Iterating yields the pages in order and throws a failed read where it falls; leaving
 * the loop (or `close`) stops the reads. Holds at most `depth` pages the reader has not taken.
 */
export function readAhead<P>(
  read: (previous: P | null) => Promise<P>,
  more: (page: P) => boolean,
  depth: number,
): AsyncIterable<P> & { close(): void } {
  const ready: P[] = [];
  let failure: { error: unknown } | null = null;
  let finished = false;
  let closed = false;
  let wake: (() => void) | null = null;
  let room: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const close = () => {
    closed = true;
    ready.length = 0;
    room?.();
    room = null;
  };

  void (async () => {
    try {
      for (let previous: P | null = null; ; ) {
        while (ready.length >= depth && !closed) await new Promise<void>((resolve) => (room = resolve));
        if (closed) return;
        const page = await read(previous);
        if (closed) return;
        ready.push(page);
        signal();
        if (!more(page)) return;
        previous = page;
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      signal();
    }
  })();

  return {
    close,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const page = ready.shift();
          if (page !== undefined) {
            room?.();
            room = null;
            yield page;
          } else if (failure) throw failure.error;
          else if (finished) return;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        close();
      }
    },
  };
}
