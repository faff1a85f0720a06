// Where a CLI run's time and memory go, for bench/engine.ts: the profile the provider and the program append to
// (ATLASSIAN_ACCESS_PROFILE, provider/runtime/profile.ts) folded into busy time per call kind, HTTP and the program, the
// engine being the rest of the wall time; and the peak RSS and CPU time of each process of the run, polled from /proc
// among this process's descendants only (other work on a shared machine is not counted).
import * as fs from "node:fs";
import * as path from "node:path";
import type { ProfileEntry } from "../provider/runtime/profile";

export type Role = "program" | "engine" | "language host" | "provider" | "sandbox";
export const ROLES: Role[] = ["program", "engine", "language host", "provider", "sandbox"];

interface Proc {
  ppid: number;
  cpuTicks: number;
}

function readProc(pid: string): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from the 3rd (state) on
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined; // ended between the listing and the read
  }
}

/** What a descendant is: the dynamic provider, the CLI, the language host, or the program (any other node process). */
function roleOf(pid: number): Role | undefined {
  if (pid === process.pid) return "sandbox"; // the bench process serves the sandbox in-process
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return undefined;
  }
  const exe = path.basename(argv[0] ?? "");
  if (argv.some((a) => a.includes("dynamic-provider"))) return "provider";
  if (exe === "pulumi") return "engine";
  if (exe.startsWith("pulumi-language-")) return "language host";
  if (exe === "node" || exe.startsWith("node")) return "program";
  return undefined;
}

/** Peak RSS (VmHWM, MB) and CPU seconds per role over this process's descendants while a run lasts. */
export class ProcessWatch {
  readonly peakMb: Partial<Record<Role, number>> = {};
  private readonly cpu = new Map<number, { role: Role; ticks: number }>();
  private readonly cpu0 = readProc(String(process.pid))?.cpuTicks ?? 0;
  /** Descendants alive before the run started (a previous run's leftovers): not this run's. */
  private readonly before = new Set<number>();
  private timer?: NodeJS.Timeout;

  start(everyMs = 200): this {
    for (const pid of this.descendants().keys()) if (pid !== process.pid) this.before.add(pid);
    this.poll();
    this.timer = setInterval(() => this.poll(), everyMs);
    return this;
  }

  stop(): { peakMb: Partial<Record<Role, number>>; cpuSeconds: Partial<Record<Role, number>> } {
    clearInterval(this.timer);
    this.poll();
    const cpuSeconds: Partial<Record<Role, number>> = {};
    for (const [pid, { role, ticks }] of this.cpu) {
      const own = pid === process.pid ? ticks - this.cpu0 : ticks;
      cpuSeconds[role] = +((cpuSeconds[role] ?? 0) + own / 100).toFixed(1);
    }
    return { peakMb: this.peakMb, cpuSeconds };
  }

  /** This process and its descendants, with their /proc stat. */
  private descendants(): Map<number, Proc> {
    const procs = new Map<number, Proc>();
    for (const d of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      const p = readProc(d);
      if (p) procs.set(Number(d), p);
    }
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, p] of procs)
        if (!mine.has(pid) && mine.has(p.ppid)) {
          mine.add(pid);
          grew = true;
        }
    }
    return new Map([...mine].map((pid) => [pid, procs.get(pid)!] as const).filter(([, p]) => p !== undefined));
  }

  private poll(): void {
    for (const [pid, proc] of this.descendants()) {
      if (this.before.has(pid)) continue;
      // Read each time: a child first seen between fork and exec still shows its parent's command line.
      const role = roleOf(pid);
      if (!role) continue;
      this.cpu.set(pid, { role, ticks: proc.cpuTicks });
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        this.peakMb[role] = Math.max(this.peakMb[role] ?? 0, Math.round(kb / 1024));
      } catch {
        /* ended */
      }
    }
  }
}

/** Total length of the union of intervals (overlapping calls count once), in seconds. */
export function busySeconds(spans: { start: number; end: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -Infinity;
  let start = -Infinity;
  for (const s of sorted) {
    if (s.start > end) {
      total += end - start > 0 ? end - start : 0;
      start = s.start;
      end = s.end;
    } else end = Math.max(end, s.end);
  }
  total += end - start > 0 ? end - start : 0;
  return +(total / 1000).toFixed(1);
}

export interface Breakdown {
  /** Busy seconds (union of intervals) and count per provider call kind. */
  calls: Record<string, { count: number; seconds: number }>;
  provider: number;
  /** Busy seconds of the HTTP requests (pacing waits and retries included), and from the first sent to the last answered. */
  http: { count: number; seconds: number; spanSeconds: number };
  program: number;
  /** Wall time outside the program's registrations and every provider call. */
  engine: number;
}

/** The profile file of one run folded into a breakdown of its `wallSeconds`. */
export function breakdown(file: string, wallSeconds: number): Breakdown {
  const entries: ProfileEntry[] = fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ProfileEntry)
    : [];
  const of = (kind: string, name?: string) => entries.filter((e) => e.kind === kind && (!name || e.name === name));
  const calls: Breakdown["calls"] = {};
  for (const k of ["check", "diff", "read", "create", "update", "delete"]) {
    const xs = of("call", k);
    calls[k] = { count: xs.length, seconds: busySeconds(xs) };
  }
  const http = of("http");
  const inside = [...of("call"), ...of("program")];
  return {
    calls,
    provider: busySeconds(of("call")),
    http: {
      count: http.length,
      seconds: busySeconds(http),
      spanSeconds: http.length
        ? +((Math.max(...http.map((e) => e.end)) - Math.min(...http.map((e) => e.start))) / 1000).toFixed(1)
        : 0,
    },
    program: busySeconds(of("program")),
    engine: +Math.max(0, wallSeconds - busySeconds(inside)).toFixed(1),
  };
}

/** Size in KB of the stack's state file in a file backend (`.pulumi/stacks/<project>/<stack>.json`). */
export function stateFileKb(backendDir: string, stack: string): number | undefined {
  const stacks = path.join(backendDir, ".pulumi", "stacks");
  if (!fs.existsSync(stacks)) return undefined;
  for (const project of fs.readdirSync(stacks)) {
    for (const name of [`${stack}.json`, `${stack}.json.gz`]) {
      const f = path.join(stacks, project, name);
      if (fs.existsSync(f)) return Math.round(fs.statSync(f).size / 1024);
    }
  }
  return undefined;
}
