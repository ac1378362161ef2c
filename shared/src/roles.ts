/** Board roles, weakest first, and what each may do. */
export const ROLES = ['viewer', 'editor', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `needed`. */
export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** May change the document (deals, columns, comments). */
export const canEdit = (role: Role | null | undefined): boolean => hasRole(role, 'editor');
/** May manage members, rename and delete the board. */
export const canManage = (role: Role | null | undefined): boolean => hasRole(role, 'owner');
