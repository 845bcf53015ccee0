/**
 * A parse worker (dist/parse-worker.js), started by the page beside the pane's worker (parse-workers.ts): it reads
 * and parses the commune files the worker gives it over its MessagePort (parse.ts) and answers with their Grids.
 */
import { createParseCore, type ToParser } from './parse';

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null };
scope.onmessage = (e: MessageEvent) => {
  const msg = e.data as { type?: string; port?: MessagePort };
  if (msg.type !== 'port' || !msg.port) return;
  const port = msg.port;
  const core = createParseCore((m) => port.postMessage(m));
  port.onmessage = (ev: MessageEvent) => void core.handle(ev.data as ToParser);
};
