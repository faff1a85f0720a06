// An Io for CLI tests: what a command writes to stdout and stderr, kept as text; stdin is empty unless given.
import type { Io } from "../../provider/cli/io";

export function captureIo(stdin = ""): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: () => stdin,
  };
  return io;
}

/**
 * Registers mocha hooks that keep what the provider prints with console.log during each test (the preview's lines) and
 * returns the list, emptied before each test (`logged.length = 0` empties it mid-test).
 */
export function captureConsoleLog(): string[] {
  const logged: string[] = [];
  let log: typeof console.log;
  beforeEach(() => {
    logged.length = 0;
    log = console.log;
    console.log = (...a: unknown[]) => void logged.push(a.join(" "));
  });
  afterEach(() => {
    console.log = log;
  });
  return logged;
}
