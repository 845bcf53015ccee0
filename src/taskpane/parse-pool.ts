/**
 * Who turns the pane's commune files into Grids for its worker (worker.ts): the worker itself, one file after
 * another (inlineParser), or parse workers beside it (ParsePool, parse-worker.ts), which read and parse the next
 * files while the worker lists the ones before. Either way each file is parsed by parseBytes (parse.ts), once, and
 * the worker takes the results in the order the files were given: the lines, the run and its outputs are the same
 * with any number of parse workers and whatever their timing (test/taskpane/parse-pool.test.ts).
 */
import { groupBlob, ReadAhead } from './file-reads';
import { parseBytes, type FromParser, type ParseItem, type Parsed, type ToParser } from './parse';
import { errText } from './model';
import { unpackParsed } from './parsed-wire';

export interface Parser<T extends ParseItem> {
  /** Files given together, in their order (their parsing may start now). */
  queue(items: T[]): void;
  /** A file's Grids, when its turn has come (queued now if it was not). */
  take(item: T): Promise<Parsed>;
}

/** Parsing in the worker itself: each file read ahead, parsed when its turn comes. */
export function inlineParser<T extends ParseItem>(): Parser<T> {
  const reads = new ReadAhead<T>();
  return {
    queue: (items) => reads.queue(items),
    take: (item) => parseBytes(item.name, reads.take(item), item.plan),
  };
}

/** A parse worker as the pool sees it: messages posted to it, its answers and its failure handed back. */
export interface ParserPort {
  post(msg: ToParser): void;
  onAnswer: ((msg: FromParser) => void) | null;
  onFail: ((why: string) => void) | null;
}

/** Files posted to a parse worker in one message (read there in one call: file-reads.ts, SENT_GROUP_FILES). */
const CHUNK = 16;
/** Files a parse worker may have been given and not answered: enough that it never waits for the next message. */
const LANE_MAX = 2 * CHUNK;

interface Lane {
  port: ParserPort;
  alive: boolean;
  /** The files given and not answered, by key. */
  keys: Set<number>;
}

interface Job<T> {
  item: T;
  resolve: (p: Parsed) => void;
  reject: (e: Error) => void;
}

/**
 * Parse workers, each given CHUNK files at a time in the order queued (the least busy first), LANE_MAX at most: a
 * chunk when there is room for a whole one.
 * A parse worker that fails is given nothing more; its files, and all when none is left, are parsed inline.
 * (The worker parsing files itself while it waits for a parse worker was tried: on two cores it made the
 * listing no faster and cost 10% more CPU, the parsing code warming up in two threads.)
 */
export class ParsePool<T extends ParseItem> implements Parser<T> {
  private readonly lanes: Lane[];
  private readonly inline = inlineParser<T>();
  private readonly pending: number[] = [];
  private readonly jobs = new Map<number, Job<T>>();
  private readonly results = new Map<T, Promise<Parsed>>();
  private nextKey = 0;

  private readonly chunk: number;
  private readonly laneMax: number;

  /** opts (tests): files per message, files given and not answered per parse worker (default CHUNK, LANE_MAX). */
  constructor(ports: ParserPort[], opts: { chunk?: number; laneMax?: number } = {}) {
    this.chunk = opts.chunk ?? CHUNK;
    this.laneMax = opts.laneMax ?? LANE_MAX;
    this.lanes = ports.map((port) => ({ port, alive: true, keys: new Set<number>() }));
    for (const lane of this.lanes) {
      lane.port.onAnswer = (msg) => this.answer(lane, msg);
      lane.port.onFail = () => this.fail(lane);
    }
  }

  queue(items: T[]): void {
    for (const item of items) {
      const key = this.nextKey++;
      this.results.set(item, new Promise<Parsed>((resolve, reject) => this.jobs.set(key, { item, resolve, reject })));
      this.pending.push(key);
    }
    this.dispatch();
  }

  take(item: T): Promise<Parsed> {
    if (!this.results.has(item)) this.queue([item]);
    const r = this.results.get(item)!;
    this.results.delete(item);
    return r;
  }

  private dispatch(): void {
    for (;;) {
      if (this.pending.length === 0) return;
      const alive = this.lanes.filter((l) => l.alive);
      if (alive.length === 0) {
        this.parseInline(this.pending.splice(0));
        return;
      }
      const lane = alive.reduce((a, b) => (b.keys.size < a.keys.size ? b : a));
      // a whole chunk at a time (or what is left): its files are read together (file-reads.ts: groupBlob); a few
      // files are shared out between the parse workers rather than all given to the first
      const want = Math.min(this.chunk, Math.ceil(this.pending.length / alive.length));
      const room = Math.min(want, this.laneMax - lane.keys.size);
      if (room < want) return;
      const keys = this.pending.splice(0, room);
      const items = keys.map((key) => {
        lane.keys.add(key);
        const { name, data, blob, plan } = this.jobs.get(key)!.item;
        return { key, name, ...(data ? { data } : {}), ...(blob ? { blob } : {}), ...(plan ? { plan } : {}) };
      });
      try {
        const group = groupBlob(items);
        lane.port.post(group ? { type: 'parse', items, group } : { type: 'parse', items });
      } catch {
        this.fail(lane);
      }
    }
  }

  private answer(lane: Lane, msg: FromParser): void {
    const job = this.jobs.get(msg.key);
    if (!job || !lane.keys.delete(msg.key)) return;
    this.jobs.delete(msg.key);
    if ('thrown' in msg) job.reject(new Error(msg.thrown));
    else {
      try {
        job.resolve(unpackParsed(msg.wire));
      } catch (e) {
        job.reject(new Error(errText(e)));
      }
    }
    this.dispatch();
  }

  /** The parse worker of the index-th port failed (the page says so): its files are parsed elsewhere. */
  lost(index: number): void {
    const lane = this.lanes[index];
    if (lane) this.fail(lane);
  }

  /** A parse worker that failed: its files are parsed here, the others go to the workers left. */
  private fail(lane: Lane): void {
    if (!lane.alive) return;
    lane.alive = false;
    const keys = [...lane.keys];
    lane.keys.clear();
    this.parseInline(keys);
    this.dispatch();
  }

  private parseInline(keys: number[]): void {
    const jobs = keys.map((k) => [k, this.jobs.get(k)!] as const);
    this.inline.queue(jobs.map(([, j]) => j.item));
    for (const [key, job] of jobs) {
      this.jobs.delete(key);
      this.inline.take(job.item).then(job.resolve, (e) => job.reject(new Error(errText(e))));
    }
  }
}

/** A parse worker's MessagePort (parse-workers.ts) as the pool sees it. */
export function portParser(port: MessagePort): ParserPort {
  const p: ParserPort = { post: (m) => port.postMessage(m), onAnswer: null, onFail: null };
  port.onmessage = (e: MessageEvent) => p.onAnswer?.(e.data as FromParser);
  port.onmessageerror = () => p.onFail?.('messageerror');
  return p;
}
