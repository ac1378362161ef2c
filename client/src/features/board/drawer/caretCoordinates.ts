/**
 * Pixel position of a character index inside a <textarea>, measured with a hidden mirror <div>
 * styled like the textarea (the technique of component/textarea-caret-position). Used to draw
 * other people's carets over the notes.
 */
const COPIED = [
  'direction',
  'boxSizing',
  'width',
  'overflowX',
  'overflowY',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderStyle',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'fontStyle',
  'fontVariant',
  'fontWeight',
  'fontStretch',
  'fontSize',
  'fontSizeAdjust',
  'lineHeight',
  'fontFamily',
  'textAlign',
  'textTransform',
  'textIndent',
  'textDecoration',
  'letterSpacing',
  'wordSpacing',
  'tabSize',
] as const;

let mirror: HTMLDivElement | null = null;

export interface CaretPoint {
  top: number;
  left: number;
  height: number;
}

export function caretCoordinates(el: HTMLTextAreaElement, index: number): CaretPoint {
  mirror ??= document.createElement('div');
  const div = mirror;
  if (!div.isConnected) document.body.appendChild(div);
  const computed = getComputedStyle(el);
  const style = div.style;
  style.whiteSpace = 'pre-wrap';
  style.overflowWrap = 'break-word';
  style.position = 'absolute';
  style.visibility = 'hidden';
  style.top = '0';
  style.left = '-9999px';
  for (const prop of COPIED) style[prop] = computed[prop];
  style.overflow = 'hidden';
  style.height = 'auto';

  div.textContent = el.value.slice(0, index);
  const span = document.createElement('span');
  span.textContent = el.value.slice(index) || '.';
  div.appendChild(span);
  const lineHeight = parseFloat(computed.lineHeight) || parseFloat(computed.fontSize) * 1.4;
  const point = {
    top: span.offsetTop + parseFloat(computed.borderTopWidth),
    left: span.offsetLeft + parseFloat(computed.borderLeftWidth),
    height: lineHeight,
  };
  div.textContent = '';
  return point;
}
