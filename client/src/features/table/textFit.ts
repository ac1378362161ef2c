/**
 * Whether a cell's text fits its column, measured on a canvas in the cells' own font, so that
 * only a cell whose text overflows gets the clipping class (overflow: hidden with an ellipsis,
 * and the whole text on hover). Every clipping box is a clip node of the paint property trees,
 * that is a paint chunk of its own, and the compositor's layerization walks all chunks on every
 * frame the table paints: clipping all five free-text cells of every row cost 0.6 of 4.4 ms of
 * main-thread time per vertical fling frame in the bench's trace, though most of them fit.
 * Until a cell has been laid out (the first rows), the font is unknown and every such cell clips.
 */

/** Pixels of slack: canvas and layout widths can differ by a fraction of a pixel. */
const SLACK = 2;

let measure: { context: CanvasRenderingContext2D; inset: number } | null = null;

/** Widths of texts measured, as stage, owner and company names and tags recur from row to row; bounded. */
const widths = new Map<string, number>();
const MAX_WIDTHS = 5_000;

/** Learns the cells' font and insets (padding and borders) from a cell laid out in `container`, once. */
export function learnCellFont(container: HTMLElement | null): void {
  if (measure || !container) return;
  const cell = container.querySelector<HTMLElement>('.table-td[data-column]');
  const context = cell ? document.createElement('canvas').getContext('2d') : null;
  if (!cell || !context) return;
  const style = getComputedStyle(cell);
  context.font = style.font;
  const inset = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'] as const;
  measure = { context, inset: inset.reduce((sum, key) => sum + (parseFloat(style[key]) || 0), 0) };
}

/** Whether the cells' font is known, so `fits` answers for good. */
export function cellFontKnown(): boolean {
  return measure !== null;
}

/** Whether `text` shows whole in a cell `width` px wide; false while the font is not known. */
export function fits(text: string, width: number): boolean {
  if (!measure) return false;
  let measured = widths.get(text);
  if (measured === undefined) {
    if (widths.size >= MAX_WIDTHS) widths.clear();
    measured = measure.context.measureText(text).width;
    widths.set(text, measured);
  }
  return measured <= width - measure.inset - SLACK;
}
