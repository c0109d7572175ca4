/**
 * The events page suggests every action the engine can record: each action name written in the
 * engine's or the server's source (an operation's action, a system event, a boundary refusal's
 * action in api-schema.ts) is a suggestion, or an hpcs instance's `hs-crypto.` form of one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_SUGGESTIONS, describeAction } from './known-actions';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function actionsInSource(): Set<string> {
  const found = new Set<string>();
  for (const folder of ['engine', 'server'])
    for (const file of readdirSync(path.join(src, folder), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const text = readFileSync(path.join(src, folder, file), 'utf8');
      for (const m of text.matchAll(
        /['`]((?:kms|keyward|iam|cloud-object-storage|hs-crypto)\.[a-z0-9-]+(?:\.[a-z0-9-]+)*)['`]/g,
      ))
        found.add(m[1] ?? '');
    }
  return found;
}

describe('the action suggestions', () => {
  it('name every action the engine records', () => {
    const found = actionsInSource();
    // The scan finds the engine's actions (not an empty match).
    expect(found.has('kms.secrets.wrap')).toBe(true);
    expect(found.has('kms.import-token.expire')).toBe(true);
    const suggested = new Set(ACTION_SUGGESTIONS);
    const missing = [...found].filter(
      (a) => !suggested.has(a) && !suggested.has(a.replace(/^hs-crypto\./, 'kms.')),
    );
    expect(missing).toEqual([]);
  });

  it('list each once, and read a family as all of it', () => {
    expect(new Set(ACTION_SUGGESTIONS).size).toBe(ACTION_SUGGESTIONS.length);
    expect(describeAction('hs-crypto.')).toBe('hs-crypto.* (all)');
    expect(describeAction('kms.import-token.expire')).toBe('kms.import-token.expire');
  });
});
