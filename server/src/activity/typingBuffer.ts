/**
 * Holds typing edits (title, notes) per deal and actor until that actor has
 * been quiet on that deal for `quietMs`, so fifty keystrokes become one
 * deal.updated. Merging keeps each field's first `from` and latest `to`.
 */
import type { Actor } from '../../../shared/src/events';
import type { FieldChanges } from './deriveEvents';
import { sameValue } from './describe';

export interface HeldEdit {
  dealId: string;
  actor: Actor;
  fields: FieldChanges;
  /** The deal's label when last edited, for when the deal is gone by the time it is told. */
  label: string;
  /** When the first of the held edits was made (a restore puts back the value from just before it). */
  since: Date;
}

interface Entry extends HeldEdit {
  timer: ReturnType<typeof setTimeout>;
}

/** `into` updated with `more`: a field seen in both keeps into's `from` and takes more's `to`. */
export function mergeFields(into: FieldChanges, more: FieldChanges): FieldChanges {
  const merged: FieldChanges = { ...into };
  for (const [field, change] of Object.entries(more)) {
    const earlier = merged[field];
    merged[field] = earlier && 'from' in earlier && 'to' in change ? { from: earlier.from, to: change.to } : change;
  }
  return merged;
}

/** Drops fields that ended where they started (typed, then undone). `{changed: true}` stays. */
export function dropUnchanged(fields: FieldChanges): FieldChanges {
  const kept: FieldChanges = {};
  for (const [field, change] of Object.entries(fields)) {
    if ('from' in change && 'to' in change && sameValue(change.from, change.to)) continue;
    kept[field] = change;
  }
  return kept;
}

export class TypingBuffer {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly quietMs: number,
    /** Called when an entry's quiet period ends; the entry is already removed. */
    private readonly onQuiet: (edit: HeldEdit) => void,
  ) {}

  private static key(dealId: string, actorId: string): string {
    return `${dealId}\u0000${actorId}`;
  }

  /** Merges `fields` into the actor's held edit on the deal and restarts its quiet period. */
  hold(dealId: string, actor: Actor, fields: FieldChanges, label: string, at: Date): void {
    const key = TypingBuffer.key(dealId, actor.id);
    const existing = this.entries.get(key);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      const entry = this.entries.get(key);
      if (entry?.timer !== timer) return;
      this.entries.delete(key);
      this.onQuiet(strip(entry));
    }, this.quietMs);
    (timer as { unref?: () => void }).unref?.();
    this.entries.set(key, {
      dealId,
      actor: existing?.actor ?? actor,
      fields: mergeFields(existing?.fields ?? {}, fields),
      label,
      since: existing?.since ?? at,
      timer,
    });
  }

  /** Removes and returns the actor's held edit on the deal, if any. */
  take(dealId: string, actorId: string): HeldEdit | undefined {
    const key = TypingBuffer.key(dealId, actorId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.entries.delete(key);
    return strip(entry);
  }

  /** Removes and returns every held edit on the deal (any actor). */
  takeDeal(dealId: string): HeldEdit[] {
    return this.takeWhere((entry) => entry.dealId === dealId);
  }

  /** Removes and returns everything held, oldest first. */
  takeAll(): HeldEdit[] {
    return this.takeWhere(() => true);
  }

  get size(): number {
    return this.entries.size;
  }

  private takeWhere(match: (entry: Entry) => boolean): HeldEdit[] {
    const taken: HeldEdit[] = [];
    for (const [key, entry] of this.entries) {
      if (!match(entry)) continue;
      clearTimeout(entry.timer);
      this.entries.delete(key);
      taken.push(strip(entry));
    }
    return taken;
  }
}

function strip(entry: Entry): HeldEdit {
  return { dealId: entry.dealId, actor: entry.actor, fields: entry.fields, label: entry.label, since: entry.since };
}
