/** The few DOM helpers of the task pane: elements by id, elements made with text only, showing, the confirmation dialog. */

export function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e;
}

/** An element with text (textContent only) and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, opts: { cls?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: (Node | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (opts.cls) e.className = opts.cls;
  if (opts.text !== undefined) e.textContent = opts.text;
  if (opts.attrs) for (const [k, v] of Object.entries(opts.attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

export function show(e: HTMLElement, on: boolean) {
  e.hidden = !on;
}

/** The confirmation dialog: replace an earlier run's sheets (true) or keep them (false); `text` names them. */
export function askReplace(text: string): Promise<boolean> {
  const back = $('confirm-backdrop');
  const yes = $('confirm-replace') as HTMLButtonElement;
  const no = $('confirm-keep') as HTMLButtonElement;
  $('confirm-text').textContent = text;
  const before = document.activeElement as HTMLElement | null;
  show(back, true);
  yes.focus();
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      show(back, false);
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      back.removeEventListener('keydown', onKey);
      before?.focus?.();
      resolve(v);
    };
    const onYes = () => done(true);
    const onNo = () => done(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        done(false);
      } else if (e.key === 'Tab') {
        // Keep the focus inside the dialog.
        e.preventDefault();
        (document.activeElement === yes ? no : yes).focus();
      }
    };
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
    back.addEventListener('keydown', onKey);
  });
}
