/**
 * `npm run kek:rotate`: moves every sealed key to a new server KEK, in one transaction. Stop the
 * servers first and back the database up. With a key file (default <data dir>/server.kek) the new
 * KEK is written to `server.kek.new` (mode 0600) before anything changes; after the transaction
 * the old file becomes `server.kek.old` and the new one `server.kek`. With KEYWARD_KEK, give the
 * new KEK as KEYWARD_NEW_KEK (base64 of 32 bytes) and start the servers with it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadKekBytes } from './crypto/kek';
import { rotateKek } from './crypto/kek-rotate';
import { openDatabase } from './store/sql-database';

async function main(): Promise<void> {
  const env = process.env;
  const dataDir = path.resolve(env.KEYWARD_DATA_DIR ?? 'keyward-data');
  const file = env.KEYWARD_KEK_FILE ?? path.join(dataDir, 'server.kek');
  const old = loadKekBytes(file, env);
  let next: Uint8Array;
  if (env.KEYWARD_KEK) {
    if (!env.KEYWARD_NEW_KEK)
      throw new Error('KEYWARD_KEK is set: give the new KEK as KEYWARD_NEW_KEK');
    next = loadKekBytes(file, { KEYWARD_KEK: env.KEYWARD_NEW_KEK });
  } else {
    next = new Uint8Array(randomBytes(32));
    // Written before anything changes: if the run stops after the commit, this file is the KEK.
    writeFileSync(`${file}.new`, Buffer.from(next).toString('base64') + '\n', {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const db = await openDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.join(dataDir, 'pglite') },
  );
  try {
    const count = await rotateKek(db, old, next);
    if (!env.KEYWARD_KEK) {
      renameSync(file, `${file}.old`);
      renameSync(`${file}.new`, file);
      console.log(`Re-sealed ${count} keys under a new KEK in ${file} (the old one: ${file}.old).`);
    } else
      console.log(`Re-sealed ${count} keys: start the servers with KEYWARD_KEK=<the new KEK>.`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
