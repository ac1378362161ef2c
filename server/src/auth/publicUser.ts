import type { UserRecord } from '../store/Store';

/** The only shape of a user that leaves the server (CONTRACT: `user` is `{id, email, name}`). */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

/** Strips a user record down to `{id, email, name}`; never spread a record into a response. */
export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name };
}
