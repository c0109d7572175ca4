import { describe, expect, it } from 'vitest';
import type { KeyList, ListKeysQuery } from '../../domain/api';
import { KeyState } from '../../domain/key-state';
import { fetchAllKeys, keysFileName, keysToCsv } from './keys-export';
import { testKey } from './test-key';

const key = testKey;

describe('keys export', () => {
  it('fetches every page of the filter, whatever page the table shows', async () => {
    const all = Array.from({ length: 7 }, (_, i) => key(i));
    const asked: ListKeysQuery[] = [];
    const list = (q: ListKeysQuery): Promise<KeyList> => {
      asked.push(q);
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 200;
      return Promise.resolve({ keys: all.slice(offset, offset + limit), total: 7, offset, limit });
    };
    const keys = await fetchAllKeys(list, { search: 'key', offset: 40, limit: 20 }, 3);
    expect(keys.map((k) => k.id)).toEqual(all.map((k) => k.id));
    expect(asked.map((q) => [q.offset, q.limit, q.search])).toEqual([
      [0, 3, 'key'],
      [3, 3, 'key'],
      [6, 3, 'key'],
    ]);
  });

  it('one row per key, spreadsheet-safe: a formula-like name is neutralised and quoted', () => {
    const csv = keysToCsv([
      key(1, { aliases: ['payroll', 'hr'], extractable: true, state: KeyState.Suspended }),
      key(2, { name: '=HYPERLINK("x")' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,name,aliases,type,state,key_ring,imported,creation_date,created_by,last_rotate_date,next_rotation_date,expiration_date,dual_auth_delete,crn',
    );
    expect(lines[1]).toMatch(/^id-1,key-1,payroll hr,standard,Disabled,default,false,/);
    expect(lines[2]).toMatch(/^id-2,"'=HYPERLINK\(""x""\)",,root,Enabled,/);
    expect(lines).toHaveLength(4);
    expect(keysFileName(new Date('2026-05-01T09:30:00.123Z'))).toBe(
      'keyward-keys-20260501T093000Z.csv',
    );
  });
});
