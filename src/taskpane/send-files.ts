/**
 * The page's messages to its worker, in the order they were posted, with the chosen files' bytes read here.
 *
 * Posting a File to a worker costs the page's thread about 1.5 ms (Chromium, two cores: the clone waits on the
 * browser), 300–650 ms for 200 files, and the worker then reads each File again through the browser's blob
 * registry. Reading the Files here (File.arrayBuffer, asynchronous: the thread is free meanwhile) and handing over
 * the bytes (transferred, not copied) took 190–280 ms from choice to all bytes in the worker, against 340–420 ms,
 * and a third less of the browser's CPU (tools: a page giving a worker 200 chosen files, three rounds each way).
 * A File whose bytes cannot be read here goes as itself: the worker reads it and says why it cannot, on the
 * file's own line, as before.
 */
import type { ToWorker } from './protocol';

type AddedFile = { id: string; name: string; blob: File };

export class OrderedSender {
  /** The messages waiting for files read before them. */
  private chain: Promise<void> = Promise.resolve();
  /** Messages of files still being read (or waiting for ones before them): later messages wait for them. */
  private reading = 0;

  constructor(private readonly send: (msg: ToWorker, transfer: Transferable[]) => void) {}

  /** A message, after every one posted before it (at once when no file is being read). */
  post(msg: ToWorker, transfer: Transferable[] = []): void {
    if (this.reading === 0) this.send(msg, transfer);
    else this.chain = this.chain.then(() => this.send(msg, transfer)).catch(() => undefined);
  }

  /**
   * Files chosen together, in `per` files a message: each message sent when its files and those of the messages
   * before it are read (the worker starts on the first while the others are read). The files of AHEAD messages
   * are read at a time: thousands of reads at once would make the first files wait behind the others.
   */
  files(adds: AddedFile[], per: number): void {
    const chunks: AddedFile[][] = [];
    for (let i = 0; i < adds.length; i += per) chunks.push(adds.slice(i, i + per));
    const reads: Promise<ToSend[]>[] = [];
    let sent = 0;
    const start = () => {
      while (reads.length < chunks.length && reads.length < sent + AHEAD) reads.push(readAll(chunks[reads.length]));
    };
    start();
    chunks.forEach((chunk, k) => {
      this.reading++;
      this.chain = this.chain
        .then(() => reads[k] ?? readAll(chunk))
        .then((files) => this.send({ type: 'addFiles', files }, files.flatMap((f) => ('data' in f ? [f.data] : []))))
        .catch(() => undefined)
        .finally(() => {
          this.reading--;
          sent++;
          start();
        });
    });
  }
}

/** Messages of files being read at a time. */
export const AHEAD = 4;

type ToSend = AddedFile | { id: string; name: string; data: ArrayBuffer };

/** The files' bytes; a file that cannot be read here as itself. */
function readAll(chunk: AddedFile[]): Promise<ToSend[]> {
  return Promise.all(chunk.map((a) => a.blob.arrayBuffer().then((data) => ({ id: a.id, name: a.name, data }), () => a)));
}
