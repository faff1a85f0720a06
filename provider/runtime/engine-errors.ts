// What the engine prints when a lifecycle method fails: the message a person reads, once, with no JavaScript stack.
//
// The dynamic provider server (@pulumi/pulumi cmd/dynamic-provider) answers a failed create or update with the error's
// message only, but a failed check, diff, read or delete also goes through `console.error(`${e}: ${e.stack}`)` first.
// The engine prints that stderr line under the stack resource, so a refusal appeared twice more: once with every
// frame and its install path (`at guardAccessLoss (…/access-loss.ts:91:22)`), once in the Diagnostics. Here:
//
// - a refusal or an API failure (any error but JavaScript's own) keeps its message and properties (a partial create's
//   `id` and `properties` too), loses its stack, and the server's console.error line for it is dropped, so the engine
//   prints it under its resource only;
// - a bug (TypeError, ReferenceError, RangeError, SyntaxError, …) becomes one line saying so, with a hint to report it;
//   its stack is printed only when debugging: ATLASSIAN_ACCESS_DEBUG=1, or the CLI run with --debug.
import { findPulumiCli } from "./stale-key";

/** JavaScript's own errors: something in this package went wrong, not the input or the API. */
const BUGS = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError, URIError];

export const DEBUG_ENV = "ATLASSIAN_ACCESS_DEBUG";

let debugging: boolean | undefined;
/** Whether stack traces are wanted: ATLASSIAN_ACCESS_DEBUG set (not "0"/"false"), or the CLI's `--debug`/`-d`. */
export function debugWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env[DEBUG_ENV];
  if (flag !== undefined && flag !== "" && flag !== "0" && flag.toLowerCase() !== "false") return true;
  debugging ??= (findPulumiCli()?.args ?? []).some((a) => a === "--debug" || a === "-d" || a === "--debug=true");
  return debugging;
}

/** Lines the server is about to print for errors already shown, each dropped once (see `quietConsoleError`). */
const quiet = new Map<string, number>();
let filter: ((...args: unknown[]) => void) | undefined;

function forget(line: string): void {
  const n = quiet.get(line) ?? 0;
  if (n <= 1) quiet.delete(line);
  else quiet.set(line, n - 1);
}

/**
 * Drops, once, the server's `console.error` of an error already shown. The server prints it in the microtask that
 * catches the rejection, long before any timer runs, so an entry not used by then (create and update print nothing)
 * is forgotten at the next timer. Only an exact match of the line is dropped; everything else is printed as it was.
 * The filter wraps whatever console.error is when it is needed, again if something replaced it since.
 */
function quietConsoleError(line: string): void {
  if (console.error !== filter) {
    const underlying = console.error;
    filter = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && quiet.has(args[0])) return forget(args[0]);
      underlying.apply(console, args);
    };
    console.error = filter;
  }
  quiet.set(line, (quiet.get(line) ?? 0) + 1);
  setTimeout(() => quiet.has(line) && forget(line), 0).unref();
}

export const isBug = (e: unknown): boolean => BUGS.some((B) => e instanceof B);

/** The message of a bug: what failed and where to report it; no frames unless debugging. */
export function bugMessage(e: Error, where: string): string {
  return (
    `atlassian-access: unexpected ${e.name} in ${where}: ${e.message}. This is a bug in atlassian-access, not a ` +
    `problem of your program or org; please report it with this message (run with ${DEBUG_ENV}=1 to include the ` +
    `stack trace).`
  );
}

/**
 * The error to hand the engine for `e`, thrown from `where` (e.g. "Group diff"): a refusal or API failure as it is
 * without its stack, a bug as one line. Either way the server's own stderr copy of it is dropped.
 */
export function forEngine(e: unknown, where: string): unknown {
  if (!(e instanceof Error)) return e;
  let shown: Error;
  if (isBug(e)) {
    if (debugWanted()) console.error(e.stack ?? String(e));
    shown = new Error(bugMessage(e, where));
  } else {
    if (debugWanted() && e.stack) console.error(e.stack);
    shown = e;
  }
  shown.stack = "";
  quietConsoleError(`${String(shown)}: ${shown.stack}`);
  return shown;
}

/** Runs one lifecycle call, handing the engine what `forEngine` makes of its failure. */
export async function shownToEngine<T>(where: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw forEngine(e, where);
  }
}
