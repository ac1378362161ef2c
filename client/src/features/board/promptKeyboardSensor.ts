/**
 * dnd-kit's KeyboardSensor starts listening for keys one timer task after the key that picked the
 * card up, and Chromium runs input before timers: an arrow key pressed right after Space was lost,
 * so a quick keyboard user's card stayed in its column. This sensor takes the keys that arrive in
 * that gap and hands them, in order, to the sensor once it listens.
 */
import { KeyboardSensor, type KeyboardSensorProps } from '@dnd-kit/core';

/** The private key handler of dnd-kit's sensor (6.x), the one its own listener calls. */
interface KeyHandler {
  handleKeyDown(event: KeyboardEvent): void;
}

export class PromptKeyboardSensor extends KeyboardSensor {
  constructor(props: KeyboardSensorProps) {
    const target = props.event.target;
    const doc = target instanceof Node ? (target.ownerDocument ?? document) : document;
    const early: KeyboardEvent[] = [];
    const hold = (event: KeyboardEvent) => {
      if (event === props.event) return; // the key that picked the card up
      event.preventDefault();
      early.push(event);
    };
    doc.addEventListener('keydown', hold);
    super(props);
    // Queued after the timer in which the sensor adds its own listener.
    setTimeout(() => {
      doc.removeEventListener('keydown', hold);
      const { end = [], cancel = [] } = props.options.keyboardCodes ?? {};
      for (const event of early) {
        (this as unknown as KeyHandler).handleKeyDown(event);
        if (end.includes(event.code) || cancel.includes(event.code)) break; // the drag is over
      }
    });
  }
}
