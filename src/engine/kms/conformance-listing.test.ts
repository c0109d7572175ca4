/**
 * Conformance with Key Protect (issue 13): listing keys. The default sort (`id`), several sort
 * fields, `filter` expressions (up to 3 per property), the search prefixes (`exact:`
 * case-insensitive, `escape:`, `name:` with `alias:`, a full key id), and the total of
 * `HEAD /keys`, one test per documented rule; refusals leave storage unchanged but for their event.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ListKeysQuery } from '../../domain/api';
import { DAY } from '../../domain/time';
import type { Key } from '../../domain/types';
import { expectRefusal } from '../test/expect-refusal';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents } from '../test/raw-db';

let h: Harness;
let keys: Record<'alpha' | 'bravo' | 'charlie', Key>;
const r = () => h.as('reader');
const names = async (query: ListKeysQuery) =>
  (await h.engine.listKeys(r(), query)).keys.map((k) => k.name);

beforeEach(async () => {
  h = await openHarness();
  const w = h.as('writer');
  const alpha = await h.engine.createKey(w, {
    name: 'Alpha',
    extractable: false,
    aliases: ['pay-a'],
  });
  h.clock.advance(DAY);
  const bravo = await h.engine.createKey(w, {
    name: 'bravo',
    extractable: true,
  });
  h.clock.advance(DAY);
  const charlie = await h.engine.createKey(w, { name: 'charlie', extractable: false });
  h.clock.advance(2 * 3_600_000);
  await h.engine.rotate(w, charlie.id);
  await h.engine.disableKey(h.as('manager'), alpha.id);
  keys = { alpha, bravo, charlie };
});

describe('Key Protect conformance: sort', () => {
  it('the default sort is id', async () => {
    const ids = (await h.engine.listKeys(r())).keys.map((k) => k.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('several sort fields, comma-separated, "-" for descending (sort=-extractable,name)', async () => {
    expect(await names({ sort: '-extractable,name' })).toEqual(['bravo', 'Alpha', 'charlie']);
    expect(await names({ sort: 'state,-creationDate' })).toEqual(['charlie', 'bravo', 'Alpha']);
  });

  it('an unknown sort field is 400 INVALID_FIELD_ERR naming the fields', async () => {
    const e = await expectRefusal(
      h,
      () => h.engine.listKeys(r(), { sort: 'colour' }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toMatch(/id, state, extractable, imported, creationDate/);
  });
});

describe('Key Protect conformance: filter', () => {
  it('filter=creationDate=gte:"<date>" keeps keys created from then on', async () => {
    const from = new Date(Date.parse(keys.bravo.creationDate)).toISOString();
    expect(await names({ filter: `creationDate=gte:"${from}"`, sort: 'name' })).toEqual([
      'bravo',
      'charlie',
    ]);
  });

  it('filter=lastRotateDate=none keeps never-rotated keys', async () => {
    expect(await names({ filter: 'lastRotateDate=none', sort: 'name' })).toEqual([
      'Alpha',
      'bravo',
    ]);
  });

  it('filter=state=1,2 keeps Active and Suspended keys; state=5 lists deleted ones', async () => {
    await h.engine.deleteKey(h.as('manager'), keys.bravo.id);
    expect(await names({ filter: 'state=1,2', sort: 'name' })).toEqual(['Alpha', 'charlie']);
    expect(await names({ filter: 'state=5' })).toEqual(['bravo']);
  });

  it('more than 3 terms for one property is 400 INVALID_FIELD_ERR', async () => {
    const filter = 'state=1 state=1 state=1 state=1';
    const e = await expectRefusal(
      h,
      () => h.engine.listKeys(r(), { filter }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toMatch(/^filter: at most 3 terms per property/);
  });
});

describe('Key Protect conformance: search', () => {
  it('exact: is case-insensitive (exact:ALPHA finds "Alpha")', async () => {
    expect(await names({ search: 'exact:ALPHA' })).toEqual(['Alpha']);
  });

  it('escape: takes what follows literally (escape:not:x finds the name "not:x")', async () => {
    await h.engine.createKey(h.as('writer'), { name: 'not:x', extractable: false });
    expect(await names({ search: 'escape:not:x' })).toEqual(['not:x']);
  });

  it('name: with alias: matches either (name:alias:pay finds the alias pay-a)', async () => {
    expect(await names({ search: 'name:alias:pay' })).toEqual(['Alpha']);
    expect(await names({ search: 'name:pay' })).toEqual([]);
  });

  it('a full key id as the search finds that key', async () => {
    expect(await names({ search: keys.charlie.id })).toEqual(['charlie']);
  });
});

describe('Key Protect conformance: HEAD /keys', () => {
  it('the total of a query without the keys, audited as kms.secrets.head', async () => {
    expect(await h.engine.headKeys(r())).toEqual({ total: 3 });
    expect(await h.engine.headKeys(r(), { filter: 'extractable=true' })).toEqual({ total: 1 });
    await h.engine.flushEvents();
    const heads = (await rawEvents(h)).filter((e) => e.action === 'kms.secrets.head');
    expect(heads).toHaveLength(2);
    expect(heads[0]).toMatchObject({ outcome: 'success', initiator: { id: 'user-reader' } });
  });

  it('HEAD /keys by an unknown user is 401 UNAUTHORIZED_ERR', async () => {
    await expectRefusal(
      h,
      () => h.engine.headKeys(h.asUser('user-nobody')),
      401,
      'UNAUTHORIZED_ERR',
    );
  });
});

describe('Key Protect conformance: paging of versions, key rings and registrations', () => {
  it('versions page with limit and offset; total counts all', async () => {
    const w = h.as('writer');
    h.clock.advance(2 * 3_600_000);
    await h.engine.rotate(w, keys.charlie.id);
    const all = await h.engine.getKeyVersions(r(), keys.charlie.id);
    expect(all.total).toBe(3);
    const page = await h.engine.getKeyVersions(r(), keys.charlie.id, { limit: 1, offset: 1 });
    expect(page).toEqual({ versions: [all.versions[1]], total: 3 });
  });

  it('key rings page with limit and offset; total counts all', async () => {
    await h.engine.createKeyRing(h.as('writer'), 'ring-a');
    await h.engine.createKeyRing(h.as('writer'), 'ring-b');
    const page = await h.engine.listKeyRings(r(), { limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.keyRings.map((k) => k.id)).toEqual(['ring-a', 'ring-b']);
  });

  it('registrations page with limit and offset; total counts all', async () => {
    for (const b of ['b1', 'b2', 'b3'])
      await h.engine.registerResource(
        keys.charlie.id,
        `crn:v1:keyward:public:cloud-object-storage:global:a/x:y:bucket:${b}`,
        false,
      );
    const page = await h.engine.getRegistrations(r(), keys.charlie.id, { limit: 2 });
    expect(page.total).toBe(3);
    expect(page.registrations).toHaveLength(2);
  });

  it('a limit above 5,000 is 400 INVALID_FIELD_ERR', async () => {
    await expectRefusal(
      h,
      () => h.engine.getKeyVersions(r(), keys.charlie.id, { limit: 5001 }),
      400,
      'INVALID_FIELD_ERR',
    );
  });
});

describe('Key Protect conformance: registrations across all keys (GET /keys/registrations)', () => {
  const crn = (bucket: string) =>
    `crn:v1:keyward:public:cloud-object-storage:global:a/acct:cos-1:bucket:${bucket}`;

  it('lists every key’s registrations with Key Protect’s fields, filtered by CRN query (* wildcards) and preventKeyDeletion, paged with a total', async () => {
    await h.engine.registerResource(keys.alpha.id, crn('logs-a'), false);
    await h.engine.registerResource(keys.bravo.id, crn('logs-b'), true);
    await h.engine.registerResource(keys.bravo.id, crn('photos'), false);
    const all = await h.engine.listRegistrations(r());
    expect(all.total).toBe(3);
    expect(all.registrations[0]).toMatchObject({
      keyId: keys.alpha.id,
      keyName: 'Alpha',
      resourceCrn: crn('logs-a'),
      createdBy: 'cloud-object-storage',
      updatedBy: 'cloud-object-storage',
      preventKeyDeletion: false,
      keyVersion: { id: keys.alpha.keyVersion.id, creationDate: keys.alpha.creationDate },
    });
    expect(all.registrations[0]?.lastUpdated).toBe(all.registrations[0]?.createdAt);
    const logs = await h.engine.listRegistrations(r(), { crnQuery: `${crn('logs-')}*` });
    expect(logs.registrations.map((x) => x.resourceCrn)).toEqual([crn('logs-a'), crn('logs-b')]);
    const protecting = await h.engine.listRegistrations(r(), { preventKeyDeletion: true });
    expect(protecting.registrations.map((x) => x.resourceCrn)).toEqual([crn('logs-b')]);
    const page = await h.engine.listRegistrations(r(), { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, registrations: [{ resourceCrn: crn('logs-b') }] });
    // The per-key listing carries the same fields.
    const one = await h.engine.getRegistrations(r(), keys.bravo.id);
    expect(one.registrations[0]).toMatchObject({
      keyName: 'bravo',
      createdBy: 'cloud-object-storage',
    });
  });

  it('a preventKeyDeletion that is not a boolean is 400 INVALID_FIELD_ERR', async () => {
    await expectRefusal(
      h,
      () => h.engine.listRegistrations(r(), { preventKeyDeletion: 'yes' as unknown as boolean }),
      400,
      'INVALID_FIELD_ERR',
    );
  });
});
