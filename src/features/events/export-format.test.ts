/** Export files: CSV quoting, JSON shape, file names, and fetching every page of a filter. */
import { describe, expect, it } from 'vitest';
import type { EventList, ListEventsQuery } from '../../domain/api';
import type { AuditEvent } from '../../domain/types';
import {
  CSV_COLUMNS,
  eventsToCsv,
  eventsToJson,
  exportFileName,
  fetchAllEvents,
} from './export-format';
import { readCsv } from './read-csv';
import { csvField } from '../../components/csv';

function event(seq: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    seq,
    id: `id-${seq}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    action: 'kms.secrets.wrap',
    initiator: { id: 'user-reader', name: 'Rhea Reader', roles: ['Reader'] },
    target: { crn: `crn:v1:keyward:public:kms:us-south:a/1:g:key:k${seq}`, keyId: `k${seq}` },
    outcome: 'success',
    correlationId: `c-${seq}`,
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

describe('CSV', () => {
  it('quotes fields with commas, quotes or line breaks, and only those', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
  });

  it('has a header row and one row per event that reads back exactly', () => {
    const tricky = event(2, {
      outcome: 'failure',
      initiator: { id: 'user-x', name: 'Doe, "Jo"\nJunior', roles: ['Reader', 'Writer'] },
      reason: { status: 401, code: 'UNAUTHORIZED_ERR', message: 'No, "really",\r\nno.' },
    });
    const { keyId: _k, ...noKey } = event(1).target;
    const rows = readCsv(eventsToCsv([event(1, { target: noKey }), tricky]));
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows).toHaveLength(3);
    const record = Object.fromEntries(
      CSV_COLUMNS.map(([name], i) => [name, rows[2]?.[i]]),
    ) as Record<string, string>;
    expect(record).toMatchObject({
      seq: '2',
      initiator_name: 'Doe, "Jo"\nJunior',
      initiator_roles: 'Reader Writer',
      outcome: 'failure',
      reason_status: '401',
      reason_code: 'UNAUTHORIZED_ERR',
      reason_message: 'No, "really",\r\nno.',
    });
    expect(rows[1]?.[CSV_COLUMNS.findIndex(([name]) => name === 'target_key_id')]).toBe('');
  });

  it('a text field a spreadsheet would run as a formula starts with a quote mark (OWASP)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvField(`${start}HYPERLINK("https://evil.example")`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('-2,3')).toBe(`"'-2,3"`);
    // Numbers are numbers; text elsewhere is untouched.
    expect(csvField(-1)).toBe('-1');
    expect(csvField('a=b')).toBe('a=b');
    const rows = readCsv(
      eventsToCsv([event(1, { initiator: { id: 'user-x', name: '=cmd|calc', roles: [] } })]),
    );
    expect(rows[1]?.[CSV_COLUMNS.findIndex(([name]) => name === 'initiator_name')]).toBe(
      "'=cmd|calc",
    );
  });

  it('an empty export is the header row alone', () => {
    expect(eventsToCsv([])).toBe(`${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`);
  });
});

describe('JSON', () => {
  it('holds the filter, the count and the events as the engine gave them', () => {
    const events = [event(2), event(1)];
    const parsed = JSON.parse(
      eventsToJson(events, {
        exportedAt: '2026-01-01T00:00:00.000Z',
        instanceId: 'i-1',
        filter: { outcome: 'success' },
      }),
    ) as unknown;
    expect(parsed).toEqual({
      exportedAt: '2026-01-01T00:00:00.000Z',
      instanceId: 'i-1',
      filter: { outcome: 'success' },
      count: 2,
      events,
    });
  });
});

describe('file names', () => {
  it('carry the ISO 8601 time without characters file systems refuse', () => {
    const at = new Date(Date.UTC(2026, 4, 1, 9, 30, 5, 123));
    expect(exportFileName('json', at)).toBe('keyward-events-20260501T093005Z.json');
    expect(exportFileName('csv', at)).toBe('keyward-events-20260501T093005Z.csv');
  });
});

describe('fetching every event of a filter', () => {
  /** An engine stand-in: `count` matching events, and every call appends one more. */
  function growingLog(count: number) {
    const log = Array.from({ length: count }, (_, i) => event(i + 1));
    const calls: ListEventsQuery[] = [];
    const list = (query: ListEventsQuery): Promise<EventList> => {
      calls.push(query);
      const ordered = query.newestFirst === false ? [...log] : [...log].reverse();
      const offset = query.offset ?? 0;
      const page = ordered.slice(offset, offset + (query.limit ?? 200));
      const total = log.length;
      log.push(event(log.length + 1)); // the listing call's own event
      return Promise.resolve({ events: page, total });
    };
    return { list, calls };
  }

  it('pages through with the given size and returns exactly the first total, newest first', async () => {
    const { list, calls } = growingLog(12);
    const events = await fetchAllEvents(list, { action: 'kms.' }, 5);
    expect(events.map((e) => e.seq)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(calls).toEqual([
      { action: 'kms.', newestFirst: false, offset: 0, limit: 5 },
      { action: 'kms.', newestFirst: false, offset: 5, limit: 5 },
      { action: 'kms.', newestFirst: false, offset: 10, limit: 5 },
    ]);
  });

  it('uses pages of 5,000 by default and stops at a short page', async () => {
    const { list, calls } = growingLog(3);
    expect((await fetchAllEvents(list, {})).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(calls).toEqual([{ newestFirst: false, offset: 0, limit: 5000 }]);
  });

  it('returns nothing when nothing matches', async () => {
    const { list } = growingLog(0);
    expect(await fetchAllEvents(list, { outcome: 'failure' })).toEqual([]);
  });
});
