/** A drop is followed by a click on the card under the pointer; this tells the card to ignore it. */
let lastDragEnd = 0;

export function markDragEnd(): void {
  lastDragEnd = Date.now();
}

export function recentlyDragged(): boolean {
  return Date.now() - lastDragEnd < 250;
}
