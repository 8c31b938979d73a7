import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the body is cut into writes. */
export type SplitMode = 'whole' | 'bytewise' | 'utf8' | 'data-lines' | number[];

/** What the server answers to one request. */
export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
  split?: SplitMode;
  /** Destroy the socket (TCP reset) after this many body bytes. */
  resetAfterBytes?: number;
  /** Stop writing (but keep the socket open) after this many body bytes. */
  stallAfterBytes?: number;
  /** Wait before sending the headers. */
  headerDelayMs?: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Byte offsets for a split mode: every write ends at one of them. */
export function splitPoints(body: Buffer, mode: SplitMode): number[] {
  if (Array.isArray(mode)) return mode.filter((p) => p > 0 && p < body.length);
  const points: number[] = [];
  if (mode === 'bytewise') for (let i = 1; i < body.length; i++) points.push(i);
  else if (mode === 'utf8') {
    // cut right after the first byte of every multi-byte sequence, plus every 7 bytes
    for (let i = 1; i < body.length; i++) if (((body[i] ?? 0) & 0xc0) === 0x80 || i % 7 === 0) points.push(i);
  } else if (mode === 'data-lines') {
    // cut inside every `data:` / `event:` field name and in the middle of each line's value
    const text = body.toString('latin1');
    for (const match of text.matchAll(/(data|event):[^\n]*/g)) {
      const start = match.index ?? 0;
      points.push(start + 2, start + 5, start + Math.floor(match[0].length / 2));
    }
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) points.push(i, i + 1);
  }
  return [...new Set(points)].filter((p) => p > 0 && p < body.length).sort((a, b) => a - b);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function serve(res: ServerResponse, script: ScriptedResponse): Promise<void> {
  if (script.headerDelayMs) await sleep(script.headerDelayMs);
  const body = typeof script.body === 'string' ? Buffer.from(script.body, 'utf8') : (script.body ?? Buffer.alloc(0));
  res.writeHead(script.status ?? 200, script.headers ?? {});
  res.flushHeaders();
  const socket = res.socket as Socket | null;
  socket?.setNoDelay(true);
  let limit = body.length;
  if (script.resetAfterBytes !== undefined) limit = Math.min(limit, script.resetAfterBytes);
  if (script.stallAfterBytes !== undefined) limit = Math.min(limit, script.stallAfterBytes);
  const points = [...splitPoints(body, script.split ?? 'whole').filter((p) => p < limit), limit];
  let offset = 0;
  for (const point of points) {
    if (point <= offset) continue;
    res.write(body.subarray(offset, point));
    offset = point;
    // yield to the event loop so each write leaves as its own chunk
    if (points.length > 1) await new Promise((resolve) => setImmediate(resolve));
  }
  if (script.resetAfterBytes !== undefined && script.resetAfterBytes < body.length) {
    await sleep(5);
    socket?.destroy();
    return;
  }
  if (script.stallAfterBytes !== undefined && script.stallAfterBytes < body.length) return; // never ends; the client must time out
  res.end();
}

/**
 * A real HTTP server on 127.0.0.1 (port 0). Each request gets the next
 * scripted response (the last one repeats), or whatever `handler` returns.
 */
export async function startLoopbackServer(responses: ScriptedResponse[] | ((req: RecordedRequest, index: number) => ScriptedResponse)): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = requests.length;
      requests.push(recorded);
      const script = typeof responses === 'function' ? responses(recorded, index) : (responses[Math.min(index, responses.length - 1)] ?? { status: 500 });
      serve(res, script).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** vercel's payload recordings: each line becomes `data: <line>\n\n`, then `data: [DONE]\n\n`. */
export function framePayloads(text: string): string {
  return `${text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `data: ${line}\n\n`)
    .join('')}data: [DONE]\n\n`;
}
