import { describe, expect, it } from 'vitest';
import { EngineError } from './errors';
import {
  aliasProblem,
  check,
  checkAad,
  checkPage,
  decodeBase64,
  descriptionProblem,
  encodeBase64,
  isBase64,
  isUuid,
  keyNameProblem,
  keyRingIdProblem,
  LIMITS,
  futureDateProblem,
  parseFutureDate,
  RESERVED_ALIASES,
} from './validation';

function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('expected a throw');
}

describe('key names (2–90 characters)', () => {
  it('accepts 2 and 90 characters, refuses 1 and 91', () => {
    expect(keyNameProblem('ab')).toBeUndefined();
    expect(keyNameProblem('a'.repeat(90))).toBeUndefined();
    expect(keyNameProblem('a')).toBe('use 2–90 characters (this has 1)');
    expect(keyNameProblem('a'.repeat(91))).toBe('use 2–90 characters (this has 91)');
  });
  it('needs a name that is not only spaces', () => {
    expect(keyNameProblem(undefined)).toBe('a name is required');
    expect(keyNameProblem('')).toBe('a name is required');
    expect(keyNameProblem('   ')).toBe('a name is required');
    expect(keyNameProblem(42)).toBe('a name is required');
  });
  it('names need not be unique or plain ASCII', () => {
    expect(keyNameProblem('Clé de chiffrement')).toBeUndefined();
  });
});

describe('control and bidirectional characters (Trojan Source)', () => {
  it('are refused in names and descriptions, naming the character', () => {
    for (const bad of ['a\u0000b', 'tab\there', 'line\nbreak', 'del\u007f', 'c1\u0085x'])
      expect(keyNameProblem(bad)).toMatch(/^remove the invisible control character U\+/);
    // "payroll" that displays reversed, and the isolates and marks that do the same.
    for (const mark of ['\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u061c']) {
      expect(keyNameProblem(`pay${mark}llor`)).toMatch(/U\+[0-9A-F]{4}/);
      expect(descriptionProblem(`a description ${mark}`)).toMatch(/U\+[0-9A-F]{4}/);
    }
    expect(keyNameProblem('evil\u202Egpj.exe')).toBe(
      'remove the invisible control character U+202E (line breaks, tabs and text-direction marks are not allowed)',
    );
    expect(keyNameProblem('שם מפתח')).toBeUndefined();
    expect(descriptionProblem('Schlüssel für Zahlungen')).toBeUndefined();
  });
});

describe('descriptions (2–240 characters, optional, as Key Protect)', () => {
  it('accepts absent, 0 and 240 characters; refuses 241 and non-text', () => {
    expect(descriptionProblem(undefined)).toBeUndefined();
    expect(descriptionProblem('')).toBe('use 2–240 characters (this has 0)');
    expect(descriptionProblem('d')).toBe('use 2–240 characters (this has 1)');
    expect(descriptionProblem('dd')).toBeUndefined();
    expect(descriptionProblem('d'.repeat(240))).toBeUndefined();
    expect(descriptionProblem('d'.repeat(241))).toBe('use 2–240 characters (this has 241)');
    expect(descriptionProblem(7)).toBe('the description must be text');
  });
});

describe('aliases', () => {
  it('accepts 2 and 90 characters of [A-Za-z0-9_-], refuses 1 and 91', () => {
    expect(aliasProblem('ab')).toBeUndefined();
    expect(aliasProblem('A-b_9'.repeat(18))).toBeUndefined();
    expect(aliasProblem('a'.repeat(90))).toBeUndefined();
    expect(aliasProblem('a')).toMatch(/2–90/);
    expect(aliasProblem('a'.repeat(91))).toMatch(/2–90/);
    expect(aliasProblem('')).toBe('an alias is required');
    expect(aliasProblem(undefined)).toBe('an alias is required');
  });
  it.each(['has space', 'dot.ted', 'slash/x', 'émoji', 'a+b', 'a=b'])(
    'refuses characters outside [A-Za-z0-9_-]: %s',
    (alias) => {
      expect(aliasProblem(alias)).toBe('use only letters, digits, "_" and "-"');
    },
  );
  it('refuses UUID-shaped aliases, in either case', () => {
    expect(aliasProblem('0f8fad5b-d9cb-469f-a165-70867728950e')).toMatch(/UUID/);
    expect(aliasProblem('0F8FAD5B-D9CB-469F-A165-70867728950E')).toMatch(/UUID/);
    // One character short of a UUID is an ordinary alias.
    expect(aliasProblem('0f8fad5b-d9cb-469f-a165-70867728950')).toBeUndefined();
  });
  it('refuses every reserved word of the spec, in any case', () => {
    const spec =
      'allowed_ip key keys metadata policy policies registration registrations ring rings rotate wrap unwrap rewrap version versions'.split(
        ' ',
      );
    expect([...RESERVED_ALIASES].sort()).toEqual([...spec].sort());
    for (const word of spec) {
      expect(aliasProblem(word)).toBe(`"${word}" is a reserved word`);
      expect(aliasProblem(word.toUpperCase())).toBe(`"${word.toUpperCase()}" is a reserved word`);
    }
    expect(aliasProblem('keys2')).toBeUndefined();
  });
});

describe('key ring ids (2–100 of [A-Za-z0-9-])', () => {
  it('has the boundaries of the spec', () => {
    expect(keyRingIdProblem('ab')).toBeUndefined();
    expect(keyRingIdProblem('a'.repeat(100))).toBeUndefined();
    expect(keyRingIdProblem('a')).toMatch(/2–100/);
    expect(keyRingIdProblem('a'.repeat(101))).toMatch(/2–100/);
    expect(keyRingIdProblem('has_underscore')).toBe('use only letters, digits and "-"');
    expect(keyRingIdProblem('')).toBe('a key ring id is required');
  });
});

describe('check', () => {
  it('throws 400 INVALID_FIELD_ERR naming the field', () => {
    const error = thrown(() => check('name', 'too short'));
    expect(error.toData()).toEqual({
      status: 400,
      code: 'INVALID_FIELD_ERR',
      message: 'name: too short',
    });
    expect(() => check('name', undefined)).not.toThrow();
  });
});

describe('base64', () => {
  it('round-trips any bytes, including large ones', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const text = encodeBase64(bytes);
    expect(isBase64(text)).toBe(true);
    expect(decodeBase64('x', text)).toEqual(bytes);
    expect(encodeBase64(new Uint8Array([0xff, 0xfe]))).toBe('//4=');
  });
  it.each(['abc', 'ab=c', '@@@@', 'YQ', 'YQ==\n', ' YQ==', 'YQ===', 'Y Q=='])(
    'refuses invalid base64 %j with 400 INVALID_FIELD_ERR',
    (text) => {
      const error = thrown(() => decodeBase64('plaintext', text));
      expect(error.status).toBe(400);
      expect(error.code).toBe('INVALID_FIELD_ERR');
      expect(error.message).toMatch(/^plaintext: must be valid base64/);
    },
  );
  it('refuses a non-string', () => {
    expect(thrown(() => decodeBase64('p', 12)).code).toBe('INVALID_FIELD_ERR');
  });
  it('decodes the empty string to no bytes', () => {
    expect(decodeBase64('p', '')).toEqual(new Uint8Array(0));
  });
});

describe('future dates', () => {
  const now = Date.UTC(2026, 0, 1);
  it('accepts an ISO date after now and returns its time', () => {
    expect(parseFutureDate('d', '2026-01-01T00:00:01Z', now)).toBe(now + 1000);
  });
  it.each([
    ['now', '2026-01-01T00:00:00Z', 'must be in the future'],
    ['the past', '2025-12-31T23:59:59Z', 'must be in the future'],
    ['not a date', 'tomorrow', 'ISO 8601'],
    ['an impossible date', '2026-13-45T00:00:00Z', 'not a valid date'],
  ])('refuses %s', (_label, value, message) => {
    const error = thrown(() => parseFutureDate('expirationDate', value, now));
    expect(error.code).toBe('INVALID_FIELD_ERR');
    expect(error.message).toContain(message);
  });
  it('refuses a number', () => {
    expect(thrown(() => parseFutureDate('d', now + 5, now)).code).toBe('INVALID_FIELD_ERR');
  });
  it('says the same problem the engine refuses with, for forms to show as the user types', () => {
    expect(futureDateProblem('2026-01-01T00:00:01Z', now)).toBeUndefined();
    expect(futureDateProblem('2025-12-31T23:59:59Z', now)).toEqual({
      reason: 'not-in-the-future',
      text: 'must be in the future',
    });
    expect(futureDateProblem('2026-01-01T00:00:00Z', now)?.reason).toBe('not-in-the-future');
    expect(futureDateProblem('2026-13-45T00:00:00Z', now)).toMatchObject({
      reason: 'not-a-date',
      text: expect.stringContaining('not a valid date') as unknown,
    });
    expect(futureDateProblem(undefined, now)).toMatchObject({
      reason: 'not-iso-8601',
      text: expect.stringContaining('ISO 8601') as unknown,
    });
    expect(
      thrown(() => parseFutureDate('expirationDate', '2025-12-31T23:59:59Z', now)).message,
    ).toBe(`expirationDate: ${futureDateProblem('2025-12-31T23:59:59Z', now)?.text}`);
  });
});

describe('pages', () => {
  it('defaults to offset 0 and 200 keys', () => {
    expect(checkPage(undefined, undefined)).toEqual({ offset: 0, limit: 200 });
    expect(LIMITS.pageSizeDefault).toBe(200);
  });
  it('accepts 1 and 5000, refuses 0 and 5001', () => {
    expect(checkPage(0, 1)).toEqual({ offset: 0, limit: 1 });
    expect(checkPage(7, 5000)).toEqual({ offset: 7, limit: 5000 });
    expect(thrown(() => checkPage(0, 0)).message).toBe(
      'limit: must be a whole number from 1 to 5000',
    );
    expect(thrown(() => checkPage(0, 5001)).code).toBe('INVALID_FIELD_ERR');
    expect(thrown(() => checkPage(0, 1.5)).code).toBe('INVALID_FIELD_ERR');
  });
  it('refuses a negative or fractional offset', () => {
    expect(thrown(() => checkPage(-1, 10)).message).toBe(
      'offset: must be a whole number of 0 or more',
    );
    expect(thrown(() => checkPage(0.5, 10)).code).toBe('INVALID_FIELD_ERR');
    expect(thrown(() => checkPage('3', 10)).code).toBe('INVALID_FIELD_ERR');
  });
});

describe('AAD', () => {
  it('is an optional list of strings of at most 255 characters', () => {
    expect(checkAad(undefined)).toEqual([]);
    expect(checkAad([])).toEqual([]);
    expect(checkAad(['', 'x'.repeat(255)])).toEqual(['', 'x'.repeat(255)]);
    expect(thrown(() => checkAad(['ok', 'x'.repeat(256)])).message).toBe(
      'aad[1]: use at most 255 characters',
    );
    expect(thrown(() => checkAad('abc')).message).toBe('aad: must be a list of strings');
    expect(thrown(() => checkAad(['a', 3])).message).toBe('aad[1]: must be a string');
  });
  it('refuses text that is not well-formed Unicode (a lone surrogate)', () => {
    // A lone surrogate has no UTF-8 form: two different ones would encode alike and could
    // stand in for each other as AAD.
    expect(thrown(() => checkAad(['\uD800'])).message).toBe(
      'aad[0]: must be well-formed Unicode text',
    );
    expect(thrown(() => checkAad(['ok', 'a\uDC00b'])).code).toBe('INVALID_FIELD_ERR');
    expect(checkAad(['😀 ok'])).toEqual(['😀 ok']);
  });
});

describe('UUIDs', () => {
  it('recognizes the 8-4-4-4-12 hex form', () => {
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUuid('0f8fad5bd9cb469fa16570867728950e')).toBe(false);
    expect(isUuid('zf8fad5b-d9cb-469f-a165-70867728950e')).toBe(false);
  });
});
