import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, EngineError } from '../domain/errors';
import { ERROR_TITLES, errorMessage } from './error-message';

/** Every reason code written in the engine's and domain's source (not their tests). */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !path.includes('/test/')) {
        const text = readFileSync(path, 'utf8');
        const patterns = [
          /new EngineError\(\s*\d{3},\s*'([A-Z_]+)'/g,
          /\bengineError\(\s*'([A-Z_]+)'/g,
          /\bcode: '([A-Z_]+)'/g,
          /EngineError\(\s*\d{3} as const,\s*'([A-Z_]+)'/g,
        ];
        for (const pattern of patterns)
          for (const match of text.matchAll(pattern)) if (match[1]) found.set(match[1], path);
      }
    }
  };
  walk(join(__dirname, '..', 'engine'));
  walk(join(__dirname, '..', 'domain'));
  return found;
}

describe('console wording for engine errors', () => {
  it('every code the engine source can produce is a known code with its own title', () => {
    const used = codesInSource();
    // The scan finds the codes (not an empty pass): the lifecycle and import codes are there.
    for (const code of ['KEY_DELETED_ERR', 'INCORRECT_NONCE_IV_ERR', 'UNAUTHORIZED_ERR'])
      expect(used.has(code)).toBe(true);
    for (const [code, file] of used) {
      expect([code, file, ERROR_CODES.includes(code as never)]).toEqual([code, file, true]);
      const { title } = errorMessage(new EngineError(400, code as never, 'why and how'));
      expect(title).not.toContain(code);
      expect(title).not.toBe('The request was refused');
    }
  });

  it('every known code has a title of words (no bare code, no "Refused (CODE)")', () => {
    for (const code of ERROR_CODES) {
      const title = ERROR_TITLES[code];
      expect(title.length).toBeGreaterThan(3);
      expect(title).not.toMatch(/[A-Z_]{6,}|Refused \(/);
      const message = errorMessage(new EngineError(ERROR_STATUS[code], code, 'detail'));
      expect(message).toEqual({ title, detail: 'detail' });
    }
  });

  it('a code unknown to this console still reads as a sentence, with the engine message', () => {
    const error = new EngineError(409, 'SOMETHING_NEW_ERR' as never, 'The engine says why.');
    expect(errorMessage(error)).toEqual({
      title: 'The request was refused',
      detail: 'The engine says why.',
    });
  });
});
