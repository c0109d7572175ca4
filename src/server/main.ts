/**
 * `npm run serve`: the Keyward server from the command line. Environment: DATABASE_URL (a real
 * PostgreSQL; default PGlite in KEYWARD_DATA_DIR, ./keyward-data), KEYWARD_KEK or
 * KEYWARD_KEK_FILE (default <data dir>/server.kek), HOST (127.0.0.1), PORT (8080).
 */
import { startServer } from './server';

async function main(): Promise<void> {
  const env = process.env;
  const server = await startServer({
    ...(env.KEYWARD_DATA_DIR ? { dataDir: env.KEYWARD_DATA_DIR } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.KEYWARD_KEK_FILE ? { kekFile: env.KEYWARD_KEK_FILE } : {}),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 8080),
  });
  const session = await server.engine.getSession();
  const lines = [
    `Keyward server listening on ${server.url} (${server.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'})`,
    ...session.instances.map((i) => `  instance ${i.kind.padEnd(4)} ${i.id}  ${i.name}`),
  ];
  if (server.firstApiKey)
    lines.push(
      '',
      'First Administrator API key (shown once; keep it safe):',
      `  ${server.firstApiKey}`,
    );
  console.log(lines.join('\n'));
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
