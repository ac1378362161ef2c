/**
 * The repository root (the folder holding Tranche's package.json), found by walking up from
 * this module. The same code runs from server/src (tsx, tests) and bundled in dist/server,
 * at different depths, so fixed `../..` paths would point elsewhere in one of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No Tranche package.json above ${from}`);
    dir = parent;
  }
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
