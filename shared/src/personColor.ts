/**
 * A person's colour, derived from their id, so a person shows in one colour to himself (his
 * avatars, drawn by the client) and to others (the presence the server stamps).
 */
export const PERSON_COLORS = ['#e11d48', '#d97706', '#059669', '#0284c7', '#7c3aed', '#db2777', '#0d9488', '#4f46e5', '#ca8a04', '#16a34a'] as const;

/** A stable colour for an id (a user's; the client also marks boards with it). */
export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return PERSON_COLORS[hash % PERSON_COLORS.length] ?? PERSON_COLORS[0];
}
