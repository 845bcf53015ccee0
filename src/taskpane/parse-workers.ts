/**
 * The parse workers (dist/parse-worker.js), started by the page beside the pane's worker when the machine has
 * cores to spare, each connected to the worker by a MessageChannel: the worker hands them commune files and takes
 * their Grids (parse-pool.ts), the page only starts them. Started by the page, not by the worker, because a worker
 * starting workers is recent in Safari (Excel on Mac) and every host runs workers started by the page.
 * Nothing here imports the readers: the page's script stays small.
 */

/** Parse workers beside the pane's worker: one per core beyond the first, at most 3; none on one core. */
export function parseWorkerCount(cores: number | undefined): number {
  const n = Math.floor(cores ?? 1);
  return n >= 2 ? Math.min(3, n - 1) : 0;
}

/**
 * Start the parse workers next to `base` (the pane's URL) and give `worker` their ports ('parsers', its first
 * message); a parse worker that fails (its script did not load, it crashed) is reported to the worker
 * ('parserLost'), which then parses its files itself.
 */
export function startParseWorkers(worker: Worker, base: string, cores = navigator.hardwareConcurrency): void {
  const ports: MessagePort[] = [];
  const n = parseWorkerCount(cores);
  for (let index = 0; index < n && typeof MessageChannel === 'function'; index++) {
    try {
      const w = new Worker(new URL('parse-worker.js', base).href);
      const ch = new MessageChannel();
      w.postMessage({ type: 'port', port: ch.port1 }, [ch.port1]);
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        w.terminate();
        worker.postMessage({ type: 'parserLost', index });
      };
      ports.push(ch.port2);
    } catch {
      break;
    }
  }
  worker.postMessage({ type: 'parsers', ports }, ports);
}
