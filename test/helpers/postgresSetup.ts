/**
 * globalSetup of the `pg` test project: one PostgreSQL server for the whole run, its
 * superuser URL passed to the test files with provide/inject. Each server a test starts
 * gets a database of its own on it (test/helpers/testStores.ts).
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server (`pg` project only). */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => server.destroy();
}
