/**
 * A commune file chosen in the pane, turned into Grids: read (File → bytes), checked for tonghop's own output,
 * parsed. The same function runs in the pane's worker (inline) and in its parse workers (parse-worker.ts), so a
 * file gives the same Grids and issues wherever it was parsed; only plain data crosses between them.
 */
import type { Grid, Issue } from '../types';
import { readWorkbookFile } from '../xlsx/read-any';
import { ownOutputIssue } from '../pipeline';
import { errText } from './model';
import { ReadAhead, type ToRead } from './file-reads';
import { packParsed, type WireParsed } from './parsed-wire';

/** A file to parse: its name and its bytes, or the Blob (File) to read them from; `plan`: the plan's file. */
export interface ParseItem extends ToRead {
  name: string;
  /** The plan: read as it is (never taken for tonghop's own output), and not at all when its bytes can't be read. */
  plan?: boolean;
}

/** What a file gave: its Grids and issues; readError when its bytes could not be read (then parsed as empty). */
export interface Parsed {
  grids: Grid[];
  issues: Issue[];
  readError?: string;
}

/** One file's bytes (awaited) → its Grids; never throws. */
export async function parseBytes(name: string, read: Promise<Uint8Array>, plan = false): Promise<Parsed> {
  let data: Uint8Array;
  let readError: string | undefined;
  try {
    data = await read;
  } catch (e) {
    if (plan) return { grids: [], issues: [], readError: errText(e) };
    data = new Uint8Array(0);
    readError = errText(e);
  }
  // tonghop's own output among the communes' files is never read as a commune (issue 9), under the reader's
  // (default) limits: the zip directory read for this check is the one the reader reuses
  const own = plan ? null : await ownOutputIssue(name, data, {});
  const { grids, issues } = own ? { grids: [] as Grid[], issues: [own] } : await readWorkbookFile({ name, data });
  return readError === undefined ? { grids, issues } : { grids, issues, readError };
}

/** Messages to a parse worker: files to parse, in order (keys are the pane worker's). */
export interface ToParser {
  type: 'parse';
  items: (ParseItem & { key: number })[];
  /** The Blob of all the items' Files, in order, made by the sender (file-reads.ts: groupBlob), read in one call. */
  group?: Blob;
}

/** Its answers, one per file, in the order given: what it gave (parsed-wire.ts), or what parsing threw (thrown again there). */
export type FromParser = { type: 'parsed'; key: number } & ({ wire: WireParsed } | { thrown: string });

/**
 * A parse worker's message handling (a plain object, as createWorkerCore is): the files of every message are read
 * ahead and parsed one after another, each answered as soon as it is parsed.
 */
export function createParseCore(post: (msg: FromParser) => void): { handle(msg: ToParser): Promise<void> } {
  const reads = new ReadAhead<ParseItem & { key: number }>();
  let queue: Promise<void> = Promise.resolve();
  return {
    handle(msg: ToParser): Promise<void> {
      reads.queue(msg.items, msg.group);
      for (const item of msg.items) {
        queue = queue.then(async () => {
          let answer: FromParser;
          try {
            answer = { type: 'parsed', key: item.key, wire: packParsed(await parseBytes(item.name, reads.take(item), item.plan)) };
          } catch (e) {
            answer = { type: 'parsed', key: item.key, thrown: errText(e) };
          }
          post(answer);
        });
      }
      return queue;
    },
  };
}
