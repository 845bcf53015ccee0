/**
 * Reading the files the pane was given (File → bytes) ahead of their turn, in the worker that parses them.
 *
 * The files chosen in the pane now mostly come as bytes: the page reads them (send-files.ts). What follows is for
 * those that still come as Files — one the page could not read (read here again, so that its failure is named on
 * its own line), and Blobs given by other callers (the plan, last year's files, tests).
 *
 * Every Blob.arrayBuffer() call costs the reading thread time of its own in Chromium (a round trip to the
 * browser's blob registry), on top of the read itself: 0.3–0.5 ms per File in a worker (200 Files: 55–110 ms),
 * against 0.1–0.15 ms per File when 20 are read as one Blob (tools: a page and a worker reading 200 chosen
 * files; on a busy machine the round trips grow, to ~1.5 ms per File). Files chosen together are therefore
 * read together: one Blob of up to GROUP_FILES Files (SENT_GROUP_FILES when the sender makes it; GROUP_BYTES at
 * most), read in one call and cut into each file's bytes. Making that Blob waits on the browser too (~4 ms a group on a busy two-core machine): for a
 * parse worker the pane's worker makes it (groupBlob), sending the files a chunk at a time. A group whose read fails
 * (a file gone from disk, or changed since it was chosen: its size no longer adds up) is read again file by
 * file, so that the failure is the one file's, named on its own line, exactly as without grouping.
 */

/** Something whose bytes are to be read: the bytes themselves, or a Blob (File) to read. */
export interface ToRead {
  data?: ArrayBuffer;
  blob?: Blob;
}

/** How many files are read ahead of the one being parsed (reading a File is asynchronous). */
export const READ_AHEAD = 16;
/** Files read in one call, at most, when the reading thread groups them itself (within READ_AHEAD). */
const GROUP_FILES = 8;
/**
 * Files in one group Blob made by the sending thread (groupBlob), at most: a parse worker's whole message (its
 * chunk, parse-pool.ts), read in one call. 16 rather than 8: half the Blobs made and read, and the parse worker
 * waited less for its next files (bench:pane, two cores: the browser's CPU time lower in 8 of 10 paired rounds).
 */
const SENT_GROUP_FILES = 16;
/** Bytes read in one call, at most (a bigger file is read on its own). */
const GROUP_BYTES = 8 * 1024 * 1024;

export async function bytesOf(data: ArrayBuffer | undefined, blob: Blob | undefined): Promise<Uint8Array> {
  if (data) return new Uint8Array(data);
  if (blob) return new Uint8Array(await blob.arrayBuffer());
  return new Uint8Array(0);
}

/**
 * Only Files (the file picker's) are read in groups: a Blob made otherwise is read on its own (its reading may
 * be its own: tests give Blobs whose arrayBuffer fails, which a Blob made of it would not see).
 */
function groupable(b: Blob | undefined): b is File {
  return typeof File === 'function' && b instanceof File && b.size <= GROUP_BYTES;
}

/**
 * Reads the Blobs of queued items ahead of their turn, a few at a time, so that the next file's bytes are there
 * when the parser is done with this one (one by one, the reader waits on every read).
 */
export class ReadAhead<T extends ToRead> {
  private waiting: T[] = [];
  private reads = new Map<T, Promise<Uint8Array>>();

  /**
   * Items just queued, in their order (items given together may be read together). `group`: the Blob of all their
   * Files, in order (groupBlob), made by the thread that sent them: read at once, in one call, this thread making none.
   */
  queue(items: T[], group?: Blob): void {
    if (group) {
      const reads = readGroup(items.map((i) => i.blob as File), group);
      items.forEach((item, k) => this.keep(item, reads[k]));
      return;
    }
    for (const item of items) if (item.blob && !item.data) this.waiting.push(item);
    this.pump();
  }

  private keep(item: T, read: Promise<Uint8Array>): void {
    read.catch(() => undefined); // reported when its turn comes
    this.reads.set(item, read);
  }

  /** The bytes of an item whose turn has come (read now if not read ahead). */
  take(item: T): Promise<Uint8Array> {
    const i = this.waiting.indexOf(item);
    if (i >= 0) this.waiting.splice(i, 1);
    const read = this.reads.get(item);
    this.reads.delete(item);
    this.pump();
    return read ?? bytesOf(item.data, item.blob);
  }

  /** Reads the next group when there is room for a whole one (else, one file at a time, groups would be of one). */
  private pump(): void {
    while (this.waiting.length > 0) {
      const room = READ_AHEAD - this.reads.size;
      if (room < Math.min(GROUP_FILES, this.waiting.length)) break;
      const group = this.nextGroup(room);
      const reads = group.length === 1 ? [group[0].blob!.arrayBuffer().then((b) => new Uint8Array(b))] : readGroup(group.map((g) => g.blob as File));
      group.forEach((item, k) => this.keep(item, reads[k]));
    }
  }

  /** The next waiting items to read together (at least one). */
  private nextGroup(room: number): T[] {
    const group = [this.waiting.shift()!];
    if (!groupable(group[0].blob)) return group;
    let bytes = group[0].blob.size;
    while (group.length < Math.min(GROUP_FILES, room) && this.waiting.length > 0) {
      const b = this.waiting[0].blob;
      if (!groupable(b) || bytes + b.size > GROUP_BYTES) break;
      bytes += b.size;
      group.push(this.waiting.shift()!);
    }
    return group;
  }
}

/**
 * The Blob of these items' Files, in order, to be read in one call where they are sent (ReadAhead.queue): made
 * by the sending thread, since making a Blob of Files waits on the browser (a few ms on a busy machine), time the
 * thread that parses would otherwise lose. Undefined when they are not all Files to be read that fit one group.
 */
export function groupBlob(items: readonly ToRead[]): Blob | undefined {
  if (items.length < 2 || items.length > SENT_GROUP_FILES) return undefined;
  let bytes = 0;
  for (const item of items) {
    if (item.data || !groupable(item.blob)) return undefined;
    bytes += item.blob.size;
  }
  return bytes <= GROUP_BYTES ? new Blob(items.map((i) => i.blob as File)) : undefined;
}

/**
 * Files read in one call (`all`, the Blob of them, made here if not given), each file's bytes a view of the one
 * buffer; the group failing, each file read alone.
 */
function readGroup(files: File[], all: Blob = new Blob(files)): Promise<Uint8Array>[] {
  const sizes = files.map((f) => f.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const whole = all.arrayBuffer().then((buf) => {
    if (buf.byteLength !== total) throw new Error('sizes changed');
    return buf;
  });
  let off = 0;
  return files.map((f, k) => {
    const at = off;
    off += sizes[k];
    return whole.then(
      (buf) => new Uint8Array(buf, at, sizes[k]),
      () => f.arrayBuffer().then((b) => new Uint8Array(b)),
    );
  });
}
