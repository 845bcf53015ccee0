/**
 * The page's messages to its worker, in the order they were posted, with the chosen files' bytes read here.
 *
 * Posting a File to a worker blocks the page's thread about 1.5 ms (Chromium, two cores: the clone waits on the
 * browser), and the worker then reads each File again through the browser's blob registry. Here the Files are
 * read on the page (File.arrayBuffer, asynchronous: the thread is free meanwhile) and their bytes handed over
 * (transferred, not copied). Alone, getting 200 chosen files' bytes into a worker took 190–280 ms this way
 * against 340–420 ms, with a third less of the browser's CPU (tools: a page and a worker, three rounds each way).
 * In the whole pane (npm run bench:pane, 200 files, seven alternated rounds) the run takes as long and as much
 * CPU as before, but the page is blocked less while the files are listed: long tasks 0.78–1.65 → 0.48–0.99 s.
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

/** The files' bytes; a file that cannot be read here (whatever the reason, even a throw) as itself. */
function readAll(chunk: AddedFile[]): Promise<ToSend[]> {
  return Promise.all(
    chunk.map((a) =>
      Promise.resolve()
        .then(() => a.blob.arrayBuffer())
        .then((data) => ({ id: a.id, name: a.name, data }), () => a),
    ),
  );
}
