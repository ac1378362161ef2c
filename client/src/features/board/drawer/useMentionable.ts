/** Who can be mentioned, in comments and in the notes: the board's members (never anyone else), me left out. */
import { useMemo } from 'react';
import { useBoardSession } from '../boardSession';
import type { Mentionable } from './MentionTextarea';

export function useMentionable(): Mentionable[] {
  const { members, people, me } = useBoardSession();
  return useMemo(
    () => (members ?? []).filter((m) => m.user.id !== me.id).map((m) => ({ id: m.user.id, name: m.user.name, color: people.get(m.user.id)?.color ?? null })),
    [members, people, me.id],
  );
}
