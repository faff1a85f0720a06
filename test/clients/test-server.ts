// A real HTTP server on port 0 for client tests: scripted replies, every request recorded, closed with its connections.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
}

/** A scripted answer; `hang` never answers, `destroy` drops the connection after reading the request. */
export type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | "hang" | "destroy";

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** `handler` gets each request and its 0-based index; objects are sent as JSON, strings as they are. */
export async function startTestServer(
  handler: (req: RecordedRequest, index: number) => Reply | Promise<Reply>,
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on(
      "end",
      () =>
        void (async () => {
          const body = Buffer.concat(chunks).toString("utf8");
          const parsed = new URL(req.url ?? "/", "http://localhost");
          let json: unknown;
          try {
            json = body ? JSON.parse(body) : undefined;
          } catch {
            json = undefined;
          }
          const recorded: RecordedRequest = {
            method: req.method ?? "",
            url: req.url ?? "",
            path: parsed.pathname,
            query: parsed.searchParams,
            headers: req.headers,
            body,
            json,
          };
          requests.push(recorded);
          const reply = await handler(recorded, requests.length - 1);
          if (reply === "hang") return;
          if (reply === "destroy") {
            req.socket.destroy();
            return;
          }
          const text =
            reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
          res.writeHead(reply.status, {
            ...(text && typeof reply.body !== "string" ? { "content-type": "application/json" } : {}),
            ...reply.headers,
          });
          res.end(text);
        })(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `sleep` that records each wait and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** Awaits `promise` and returns what it rejected with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
