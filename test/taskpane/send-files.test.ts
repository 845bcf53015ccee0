/**
 * The page's messages to its worker (src/taskpane/send-files.ts): the chosen files' bytes read on the page and
 * handed over, every message in the order it was posted whatever the reads' timing, and a file that cannot be
 * read on the page sent as itself (the worker then says why it cannot be read).
 */
import { describe, expect, it } from 'vitest';
import { AHEAD, OrderedSender } from '../../src/taskpane/send-files';
import type { ToWorker } from '../../src/taskpane/protocol';

/** A File whose read finishes when `finish` is called (with its bytes, or failing). */
function slowFile(name: string, text: string) {
  let finish: (ok: boolean) => void = () => undefined;
  const read = new Promise<ArrayBuffer>((resolve, reject) => {
    finish = (ok) => (ok ? resolve(new TextEncoder().encode(text).buffer as ArrayBuffer) : reject(new Error('NotReadableError')));
  });
  return { file: { name, arrayBuffer: () => read } as unknown as File, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('OrderedSender', () => {
  it('sends at once while no file is being read', () => {
    const sent: ToWorker[] = [];
    const s = new OrderedSender((m) => sent.push(m));
    s.post({ type: 'remove', ids: ['a'] });
    expect(sent).toEqual([{ type: 'remove', ids: ['a'] }]);
  });

  it('files in messages of `per`, their bytes transferred; later messages wait for them, whatever order the reads end in', async () => {
    const sent: { msg: ToWorker; transfer: Transferable[] }[] = [];
    const s = new OrderedSender((msg, transfer) => sent.push({ msg, transfer }));
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => slowFile(`${n}.xlsx`, `bytes of ${n}`));
    s.files(files.map((f, i) => ({ id: `f${i}`, name: f.file.name, blob: f.file })), 2);
    s.post({ type: 'remove', ids: ['f1'] });
    s.post({ type: 'run', runId: 1 } as ToWorker);
    // the last files read first: nothing may go before the first message's files are read
    files[4].finish(true);
    files[3].finish(true);
    files[2].finish(true);
    await tick();
    expect(sent).toEqual([]);
    files[1].finish(true);
    files[0].finish(true);
    await tick();
    expect(sent.map((x) => x.msg.type)).toEqual(['addFiles', 'addFiles', 'addFiles', 'remove', 'run']);
    const adds = sent.slice(0, 3).map((x) => x.msg as Extract<ToWorker, { type: 'addFiles' }>);
    expect(adds.map((m) => m.files.map((f) => f.id))).toEqual([['f0', 'f1'], ['f2', 'f3'], ['f4']]);
    const first = adds[0].files[0];
    expect(first.blob).toBeUndefined();
    expect(new TextDecoder().decode(first.data)).toBe('bytes of a');
    // every buffer sent is handed over, not copied
    expect(sent[1].transfer).toEqual(adds[1].files.map((f) => f.data));
    // once all is sent, messages go at once again
    s.post({ type: 'remove', ids: ['f2'] });
    expect(sent.at(-1)!.msg).toEqual({ type: 'remove', ids: ['f2'] });
  });

  it('a file that cannot be read on the page goes as itself, in its place', async () => {
    const sent: ToWorker[] = [];
    const s = new OrderedSender((m) => sent.push(m));
    const ok = slowFile('ok.xlsx', 'x');
    const gone = slowFile('gone.xlsx', 'y');
    s.files([{ id: 'f1', name: 'ok.xlsx', blob: ok.file }, { id: 'f2', name: 'gone.xlsx', blob: gone.file }], 20);
    gone.finish(false);
    ok.finish(true);
    await tick();
    const files = (sent[0] as Extract<ToWorker, { type: 'addFiles' }>).files;
    expect(files.map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(files[0].data).toBeInstanceOf(ArrayBuffer);
    expect(files[1]).toEqual({ id: 'f2', name: 'gone.xlsx', blob: gone.file });
  });

  it('a file whose reading throws at once (no arrayBuffer) goes as itself too, and the others still go', async () => {
    const sent: ToWorker[] = [];
    const s = new OrderedSender((m) => sent.push(m));
    const odd = { name: 'odd.xlsx' } as unknown as File;
    const ok = slowFile('ok.xlsx', 'x');
    s.files([{ id: 'f1', name: 'odd.xlsx', blob: odd }, { id: 'f2', name: 'ok.xlsx', blob: ok.file }], 1);
    ok.finish(true);
    await tick();
    const files = sent.map((m) => (m as Extract<ToWorker, { type: 'addFiles' }>).files[0]);
    expect(files.map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(files[0]).toEqual({ id: 'f1', name: 'odd.xlsx', blob: odd });
  });

  it('reads the files of AHEAD messages at a time, the next as each is sent', async () => {
    const sent: ToWorker[] = [];
    const s = new OrderedSender((m) => sent.push(m));
    let asked = 0;
    const files = Array.from({ length: AHEAD + 3 }, (_, i) => {
      const f = slowFile(`${i}.xlsx`, String(i));
      const read = f.file.arrayBuffer;
      (f.file as { arrayBuffer: () => Promise<ArrayBuffer> }).arrayBuffer = () => (asked++, read());
      return f;
    });
    s.files(files.map((f, i) => ({ id: `f${i}`, name: f.file.name, blob: f.file })), 1);
    await tick();
    expect(asked).toBe(AHEAD);
    files[1].finish(true);
    await tick();
    expect([asked, sent.length]).toEqual([AHEAD, 0]);
    files[0].finish(true);
    await tick();
    // two sent: two more being read
    expect([asked, sent.length]).toEqual([AHEAD + 2, 2]);
    for (const f of files) f.finish(true);
    await tick();
    await tick();
    expect([asked, sent.length]).toEqual([AHEAD + 3, AHEAD + 3]);
  });

  it('a message that fails to send does not stop the ones after it', async () => {
    const sent: string[] = [];
    const s = new OrderedSender((m) => {
      if (m.type === 'addFiles') throw new Error('DataCloneError');
      sent.push(m.type);
    });
    const f = slowFile('a.xlsx', 'a');
    s.files([{ id: 'f1', name: 'a.xlsx', blob: f.file }], 20);
    s.post({ type: 'remove', ids: ['f1'] });
    f.finish(true);
    await tick();
    expect(sent).toEqual(['remove']);
  });
});
