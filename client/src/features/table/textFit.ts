/**
 * Whether a cell's text fits its column, measured on a canvas in the cells' own font, so that
 * only a cell whose text overflows gets the clipping class (overflow: hidden with an ellipsis,
 * and the whole text on hover). Every clipping box is a clip node of the paint property trees,
 * that is a paint chunk of its own, and the compositor's layerization walks all chunks on every
 * frame the table paints: clipping all five free-text cells of every row cost 0.6 of 4.4 ms of
 * main-thread time per vertical fling frame in the bench's trace against clipping none, though
 * most of them fit. The bench's titles all overflow (one clip a row): there layerization gains
 * 0.1 ms a frame and measuring the new rows' titles and targets costs about as much; rows of
 * short texts clip none.
 * Until a cell has been laid out (the first rows), the font is unknown and every such cell clips;
 * so it does for good if the canvas does not measure a laid-out cell's text as the layout does.
 */

/** Pixels of slack: canvas and layout widths can differ by a fraction of a pixel. */
const SLACK = 2;

let measure: { context: CanvasRenderingContext2D; inset: number } | null = null;
/** The canvas did not measure a cell's text as the layout did: every free-text cell clips, as before. */
let failed = false;

/** Widths of texts measured, as stage, owner and company names and tags recur from row to row; bounded. */
const widths = new Map<string, number>();
const MAX_WIDTHS = 5_000;

/** Layouts (renders of the grid) whose cells the canvas did not measure as the layout did, before giving up. */
const MAX_ATTEMPTS = 5;
let attempts = 0;

/**
 * Learns the cells' font and insets (padding and borders) from a cell laid out in `container`,
 * once: one not clipped, nor in tabular figures (a canvas draws proportional ones). Any of the
 * first few cells may serve (one may be mid-animation, or drawn otherwise), and a layout that
 * offers none is followed by others; only after MAX_ATTEMPTS does every free-text cell clip.
 * True when `fits` has just come to answer for good: the cells drawn before should be drawn again.
 */
export function learnCellFont(container: HTMLElement | null): boolean {
  if (measure || failed || !container) return false;
  const cells = [...container.querySelectorAll<HTMLElement>('.table-td[data-column]:not(.table-clip):not(.table-end)')]
    .filter((c) => c.firstChild instanceof Text && c.textContent)
    .slice(0, 8);
  if (cells.length === 0) return false;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (failed = true);
  for (const cell of cells) {
    const style = getComputedStyle(cell);
    // Not the `font` shorthand: it can be empty, or carry parts a canvas rejects (then it keeps 10px sans-serif).
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    // Trusted only if the canvas measures this cell's text as the layout does.
    const range = document.createRange();
    range.selectNodeContents(cell.firstChild!);
    if (Math.abs(range.getBoundingClientRect().width - context.measureText(cell.textContent ?? '').width) > 1) continue;
    const inset = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'] as const;
    measure = { context, inset: inset.reduce((sum, key) => sum + (parseFloat(style[key]) || 0), 0) };
    return true;
  }
  if (++attempts >= MAX_ATTEMPTS) return (failed = true);
  return false;
}

/** Whether `fits` answers for good: the font is known, or cannot be measured (then every free-text cell clips). */
export function cellFontKnown(): boolean {
  return measure !== null || failed;
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
