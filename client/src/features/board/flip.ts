/**
 * Remote changes land visibly: before React re-renders for a remote transaction the controller
 * records where every visible card is (First); after the commit it measures again (Last), and
 * plays the difference back (Invert, Play) so a moved card glides to its new column while its
 * neighbours close the gap. The moved or created card also gets a short highlight in the colour
 * of whoever did it. Local changes are not animated (the drag itself already showed them).
 */
import type { RemoteChange } from '../../hooks/boardStore';

const GLIDE_MS = 450;
const EASING = 'cubic-bezier(0.2, 0.8, 0.2, 1)';

export class FlipController {
  private elements = new Map<string, HTMLElement>();
  private first: Map<string, DOMRect> | null = null;
  private highlight = new Map<string, 'moved' | 'created' | 'updated'>();
  private colorOf: (dealId: string) => string | null = () => null;

  /** A card's element, registered by a ref callback while it is mounted. */
  register(dealId: string, el: HTMLElement | null): void {
    if (el) this.elements.set(dealId, el);
    else this.elements.delete(dealId);
  }

  unregister(dealId: string, el: HTMLElement): void {
    if (this.elements.get(dealId) === el) this.elements.delete(dealId);
  }

  setColorSource(fn: (dealId: string) => string | null): void {
    this.colorOf = fn;
  }

  /** Called synchronously for a remote change, while the DOM still shows the old state. */
  capture(change: RemoteChange): void {
    if (change.moved.size === 0 && change.created.size === 0 && change.updated.size === 0) return;
    if (!this.first) {
      this.first = new Map();
      for (const [id, el] of this.elements) this.first.set(id, el.getBoundingClientRect());
    }
    for (const id of change.updated) if (!this.highlight.has(id)) this.highlight.set(id, 'updated');
    for (const id of change.moved) this.highlight.set(id, 'moved');
    for (const id of change.created) this.highlight.set(id, 'created');
  }

  /** Called after React committed the new state (layout effect), before paint. */
  play(): void {
    const first = this.first;
    if (!first && this.highlight.size === 0) return;
    this.first = null;
    const highlight = this.highlight;
    this.highlight = new Map();
    let movedPainted = false;
    const reduce = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    for (const [id, el] of this.elements) {
      const before = first?.get(id);
      const kind = highlight.get(id);
      if (before && !reduce) {
        const after = el.getBoundingClientRect();
        const dx = before.left - after.left;
        const dy = before.top - after.top;
        if (Math.abs(dx) > 1 || Math.abs(dy) > 1) {
          el.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'translate(0, 0)' }], {
            duration: kind === 'moved' ? GLIDE_MS : 250,
            easing: EASING,
          });
        }
      }
      if (kind === 'moved' || kind === 'created') {
        movedPainted = true;
        const color = this.colorOf(id) ?? 'var(--accent)';
        el.style.setProperty('--landed', color);
        el.classList.remove('card-landed');
        void el.offsetWidth;
        el.classList.add('card-landed');
        window.setTimeout(() => el.classList.remove('card-landed'), 1_800);
      } else if (kind === 'updated') {
        el.classList.remove('card-touched');
        void el.offsetWidth;
        el.classList.add('card-touched');
        window.setTimeout(() => el.classList.remove('card-touched'), 1_200);
      }
    }
    if (movedPainted) {
      requestAnimationFrame(() => performance.mark('board:remote-move-painted'));
    }
  }
}
