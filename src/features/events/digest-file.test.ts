/** Digest files: names, the text written, and reading back files that are or are not digests. */
import { describe, expect, it } from 'vitest';
import type { EventsDigest } from '../../domain/types';
import { digestFileName, digestToFile, parseDigestFile } from './digest-file';

const digest: EventsDigest = {
  format: 'keyward-audit-digest',
  version: 1,
  accountId: 'a1',
  seq: 42,
  hash: 'a'.repeat(64),
  time: '2026-05-01T09:30:00.000Z',
  publicKey: 'cHVi',
  signature: 'c2ln',
};

describe('digest files', () => {
  it('are named by their head event and signing time, without characters file systems refuse', () => {
    expect(digestFileName(digest)).toBe('keyward-digest-000042-20260501T093000Z.json');
  });

  it('read back exactly what was written', () => {
    expect(parseDigestFile('d.json', digestToFile(digest))).toEqual({
      ok: true,
      fileName: 'd.json',
      digest,
    });
  });

  it('keep only the digest’s own fields', () => {
    const parsed = parseDigestFile('d.json', JSON.stringify({ ...digest, note: 'mine' }));
    expect(parsed.ok && parsed.digest).toEqual(digest);
  });

  it('say why a file is not a digest', () => {
    expect(parseDigestFile('x.json', 'not json')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^is not JSON/),
    });
    expect(parseDigestFile('x.json', '[1]')).toMatchObject({ ok: false });
    expect(parseDigestFile('x.json', JSON.stringify({ ...digest, version: 2 }))).toMatchObject({
      ok: false,
      problem: 'is not a Keyward audit digest (format, version 1)',
    });
    const { signature: _s, ...unsigned } = digest;
    expect(parseDigestFile('x.json', JSON.stringify(unsigned))).toMatchObject({
      ok: false,
      problem: 'lacks signature: it is not a whole digest',
    });
  });
});
