/**
 * Text made in pieces (the JSON report: thousands of pieces of a few kilobytes), turned into UTF-8 through
 * one reused buffer: each piece encoded straight into it, and the bytes handed on whenever the next piece
 * might not fit, and at the end. Joining the pieces into big strings first, or encoding each on its own, cost
 * three to eight times as much (Vietnamese text makes two-byte strings, which a join copies again); TextEncoder
 * rather than Node's Buffer.write, ten times slower on two-byte strings in Node 20. Used by the command line
 * (cli/files.ts writeData) and by the task pane's JSON download (taskpane/worker.ts).
 */

const utf8 = new TextEncoder();

/** Bytes of the buffer (grown to the largest piece's worst case when one is larger). */
const BUFFER = 1 << 20;

/**
 * Encode `pieces` in order, calling `flush` with a view of the bytes gathered so far (never empty): the view is
 * written over once flush returns, so flush writes or copies it at once.
 */
export function encodePieces(pieces: Iterable<string>, flush: (bytes: Uint8Array) => void): void {
  let buf = new Uint8Array(BUFFER);
  let used = 0;
  for (const piece of pieces) {
    // a UTF-16 unit never takes more than 3 bytes in UTF-8
    const worst = piece.length * 3;
    if (used + worst > buf.length) {
      if (used) flush(buf.subarray(0, used));
      used = 0;
      if (worst > buf.length) buf = new Uint8Array(worst);
    }
    used += utf8.encodeInto(piece, used ? buf.subarray(used) : buf).written;
  }
  if (used) flush(buf.subarray(0, used));
}
