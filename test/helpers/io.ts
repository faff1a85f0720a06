// An Io for CLI tests: what a command writes to stdout and stderr, kept as text; stdin is empty unless given.
import type { Io } from "../../provider/cli/main";

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
