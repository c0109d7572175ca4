/** Serves the built app (`vite preview`) for a benchmark on its own port, and stops it. */
import { spawn } from 'node:child_process';

/**
 * Starts `vite preview` on `port` (serving `outDir`, the build, by default `dist`) and resolves
 * once it answers.
 * @param {number} port
 * @param {string} [outDir]
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
export async function startPreview(port, outDir = 'dist') {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
      '--outDir',
      outDir,
    ],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const stop = () => process.kill(-(server.pid ?? 0));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}
