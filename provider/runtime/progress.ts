// Progress of long reads: "reading users: 40 of ~200 pages, SCIM users: 38 of 200 pages". The page iterators
// (clients/paginate.ts) report every page of the org's big lists here; while a reader is active (`withProgress`: the
// discover, access and doctor commands print to stderr, the provider's org read through the engine's log), a line is
// printed once the work has taken `afterMs`, then at most every `everyMs`, and a last line when it ends if any was.
// Tick-based: the clock is read when a page arrives, never by a timer, so a test injects `now` and waits for nothing.

/** The lists progress names, by the operation that pages them; other reads (lookups of one page) are not shown. */
const LISTS: Record<string, string> = {
  searchDirectoryUsers: "users",
  searchDirectoryGroups: "groups",
  listUsers: "SCIM users",
  listGroups: "SCIM groups",
  listAccounts: "ISC accounts",
  listAccountActivities: "ISC activities",
  streamEvents: "audit events",
  getEvents: "audit events",
};

/** A list with no count of its own is estimated from one that has (every org user is pushed by SCIM, about). */
const ESTIMATED_FROM: Record<string, string> = { users: "SCIM users" };

export interface ProgressOptions {
  /** Where a line goes: stderr for a command, the engine's log for the provider. */
  sink: (line: string) => void;
  now?: () => number;
  /** Silence for work shorter than this. Default 5 s. */
  afterMs?: number;
  /** At most one line per this. Default 5 s. */
  everyMs?: number;
  /** What the work is, for the line: "reading" by default. */
  label?: string;
}

interface List {
  pages: number;
  /** Pages in all, when the list says (SCIM's totalResults). */
  of?: number;
}

export class Progress {
  private readonly lists = new Map<string, List>();
  private readonly now: () => number;
  private readonly started: number;
  private lastPrint?: number;
  private changed = false;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
  }

  /** One page of `operation`'s list read; `ofPages` when the page tells how many there are. */
  page(operation: string, ofPages?: number): void {
    const name = LISTS[operation.replace(/ of source .*$/, "")];
    if (!name) return;
    const list = this.lists.get(name) ?? { pages: 0 };
    list.pages++;
    if (ofPages !== undefined) list.of = ofPages;
    this.lists.set(name, list);
    this.changed = true;
    const t = this.now();
    if (t - this.started < (this.opts.afterMs ?? 5_000)) return;
    if (this.lastPrint !== undefined && t - this.lastPrint < (this.opts.everyMs ?? 5_000)) return;
    this.print();
  }

  /** The last line, when progress was shown at all: what was read in the end. */
  finish(): void {
    if (this.lastPrint !== undefined && this.changed) this.print();
  }

  /** The current line: `reading users: 40 of ~200 pages, groups: 3 pages`. */
  line(): string {
    const parts = [...this.lists].map(([name, l]) => {
      const from = ESTIMATED_FROM[name];
      const est = l.of ?? (from ? this.lists.get(from)?.of : undefined);
      const of = est === undefined ? "" : ` of ${l.of !== undefined ? "" : "~"}${Math.max(est, l.pages)}`;
      return `${name}: ${l.pages}${of} page${(est ?? l.pages) === 1 ? "" : "s"}`;
    });
    return `${this.opts.label ?? "reading"} ${parts.join(", ")}`;
  }

  private print(): void {
    this.lastPrint = this.now();
    this.changed = false;
    this.opts.sink(this.line());
  }
}

let active: { progress: Progress; users: number } | undefined;

/** Called by the page iterators for every page read; nothing happens unless a reader is active. */
export function pageRead(operation: string, ofPages?: number): void {
  active?.progress.page(operation, ofPages);
}

/**
 * Runs `work` with progress shown: the first of overlapping callers (the provider's org, SCIM and ISC reads run at
 * once) makes the Progress, the last to end finishes it.
 */
export async function withProgress<T>(opts: ProgressOptions, work: () => Promise<T>): Promise<T> {
  if (active) active.users++;
  else active = { progress: new Progress(opts), users: 1 };
  const mine = active;
  try {
    return await work();
  } finally {
    if (--mine.users === 0) {
      mine.progress.finish();
      if (active === mine) active = undefined;
    }
  }
}
