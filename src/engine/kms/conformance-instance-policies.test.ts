/**
 * Conformance with Key Protect (issue 13): instance policies ("Managing instance policies",
 * its SDKs' policy_data shapes). Six policies, each `{ enabled, attributes? }`; a PUT replaces
 * each policy it names whole; a disabled policy keeps no attributes; who set it and when is kept.
 * One test per documented rule; every refusal asserts storage unchanged but for its one failure
 * event. allowedNetwork and allowedIP are stored, shown and validated, not enforced (a browser
 * has no network): the last tests pin that difference.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { InstancePoliciesUpdate } from '../../domain/api';
import type { LegacyInstancePolicies } from '../../domain/instance-policies';
import {
  DEFAULT_INSTANCE_POLICIES,
  DEFAULT_KEY_CREATE_IMPORT_ACCESS,
  INSTANCE_POLICY_TYPES,
} from '../../domain/types';
import type { ServiceInstanceRecord } from '../store/records';
import { expectRefusal } from '../test/expect-refusal';
import { openHarness, type Harness } from '../test/harness';
import { readAll, updateRecord } from '../test/raw-db';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});

const put = (update: InstancePoliciesUpdate) =>
  h.engine.putInstancePolicies(h.as('manager'), update);
const refusedPut = (update: unknown) =>
  expectRefusal(
    h,
    () => h.engine.putInstancePolicies(h.as('manager'), update as InstancePoliciesUpdate),
    400,
    'INVALID_FIELD_ERR',
  );

describe('Key Protect conformance: reading instance policies', () => {
  it('an instance has the six policy types, each disabled at its default until set (allowed_network public-and-private; create/import all true, enforce_token false)', async () => {
    const policies = await h.engine.getInstancePolicies(h.as('manager'));
    expect(Object.keys(policies).sort()).toEqual([...INSTANCE_POLICY_TYPES].sort());
    expect(policies).toEqual(DEFAULT_INSTANCE_POLICIES);
    expect(policies.allowedNetwork.attributes.allowed_network).toBe('public-and-private');
    expect(policies.keyCreateImportAccess.attributes).toEqual({
      create_root_key: true,
      create_standard_key: true,
      import_root_key: true,
      import_standard_key: true,
      enforce_token: false,
    });
  });

  it('policies stored in the shape before Key Protect’s (rotation.interval_month, bare create/import flags) read converted, and the record is not rewritten', async () => {
    const legacy: LegacyInstancePolicies = {
      dualAuthDelete: { enabled: true },
      rotation: { enabled: true, interval_month: 4 },
      keyCreateImportAccess: { ...DEFAULT_KEY_CREATE_IMPORT_ACCESS, enforce_token: true },
    };
    await updateRecord<ServiceInstanceRecord>(h, 'instances', h.instanceId, (i) => ({
      ...i,
      policies: legacy,
    }));
    const tab = await h.openTab();
    const policies = await tab.getInstancePolicies(h.as('reader'));
    expect(policies.rotation).toEqual({ enabled: true, attributes: { interval_month: 4 } });
    expect(policies.keyCreateImportAccess).toEqual({
      enabled: true,
      attributes: { ...DEFAULT_KEY_CREATE_IMPORT_ACCESS, enforce_token: true },
    });
    expect(policies.dualAuthDelete).toEqual({ enabled: true });
    expect(policies.allowedIP).toEqual(DEFAULT_INSTANCE_POLICIES.allowedIP);
    // Still enforced: plain import refused as before.
    await expectRefusal(
      h,
      () =>
        tab.createKey(h.as('writer'), {
          name: 'plain',
          extractable: false,
          payload: Buffer.alloc(32, 1).toString('base64'),
        }),
      409,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    );
    const [record] = (await readAll<ServiceInstanceRecord>(h, 'instances')).filter(
      (i) => i.id === h.instanceId,
    );
    expect(record!.policies).toEqual(legacy);
  });
});

describe('Key Protect conformance: setting instance policies', () => {
  it('setting an instance policy needs the Manager role: a Writer is 401 UNAUTHORIZED_ERR', async () => {
    const e = await expectRefusal(
      h,
      () => h.engine.putInstancePolicies(h.as('writer'), { metrics: { enabled: true } }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toMatch(/Manager role/);
  });

  it('every policy needs `enabled` (true or false): without it, 400 INVALID_FIELD_ERR naming <policy>.enabled', async () => {
    const e = await refusedPut({ dualAuthDelete: {} });
    expect(e.message).toMatch(/^dualAuthDelete.enabled: is required/);
  });

  it('a policy type Key Protect does not have is 400 INVALID_FIELD_ERR listing the six', async () => {
    const e = await refusedPut({ ipWhitelist: { enabled: true } });
    expect(e.message).toMatch(/ipWhitelist/);
  });

  it('a PUT replaces only the policies it names; who set each first and last, and when, are kept (createdBy, creationDate, updatedBy, lastUpdated)', async () => {
    const first = await put({ metrics: { enabled: true } });
    expect(first.metrics).toEqual({
      enabled: true,
      createdBy: 'user-manager',
      creationDate: expect.any(String),
      updatedBy: 'user-manager',
      lastUpdated: first.metrics.creationDate,
    });
    expect(first.dualAuthDelete).toEqual(DEFAULT_INSTANCE_POLICIES.dualAuthDelete);
    h.clock.advance(60_000);
    await h.engine.grantAccess(h.as('admin'), {
      userId: 'user-writer',
      role: 'Manager',
      scope: { instanceId: h.instanceId },
    });
    const second = await h.engine.putInstancePolicies(h.as('writer'), {
      metrics: { enabled: false },
    });
    expect(second.metrics).toMatchObject({
      enabled: false,
      createdBy: 'user-manager',
      creationDate: first.metrics.creationDate,
      updatedBy: 'user-writer',
    });
    expect(Date.parse(second.metrics.lastUpdated!)).toBe(
      Date.parse(first.metrics.creationDate!) + 60_000,
    );
  });
});

describe('Key Protect conformance: rotation instance policy', () => {
  it('enabling rotation needs attributes.interval_month: without it, 400 INVALID_FIELD_ERR', async () => {
    const e = await refusedPut({ rotation: { enabled: true } });
    expect(e.message).toMatch(/^rotation.attributes.interval_month: is required/);
  });

  it('interval_month is 1–12: 13 is 400 INVALID_FIELD_ERR', async () => {
    const e = await refusedPut({ rotation: { enabled: true, attributes: { interval_month: 13 } } });
    expect(e.message).toMatch(/rotate every 1–12 months \(this is 13\)/);
  });

  it('interval_month is given only when enabling: with enabled false, 400 INVALID_FIELD_ERR', async () => {
    const e = await refusedPut({ rotation: { enabled: false, attributes: { interval_month: 3 } } });
    expect(e.message).toMatch(/give no attributes when disabling/);
  });
});

describe('Key Protect conformance: keyCreateImportAccess instance policy', () => {
  it('an attribute omitted from the PUT takes its default, not its previous value', async () => {
    await put({
      keyCreateImportAccess: {
        enabled: true,
        attributes: { create_root_key: false, enforce_token: true },
      },
    });
    const next = await put({
      keyCreateImportAccess: { enabled: true, attributes: { import_standard_key: false } },
    });
    expect(next.keyCreateImportAccess.attributes).toEqual({
      ...DEFAULT_KEY_CREATE_IMPORT_ACCESS,
      import_standard_key: false,
    });
  });

  it('disabled, it restricts nothing and keeps no attributes (given attributes are 400 INVALID_FIELD_ERR)', async () => {
    await put({ keyCreateImportAccess: { enabled: true, attributes: { create_root_key: false } } });
    await refusedPut({
      keyCreateImportAccess: { enabled: false, attributes: { create_root_key: false } },
    });
    const off = await put({ keyCreateImportAccess: { enabled: false } });
    expect(off.keyCreateImportAccess).toMatchObject({
      enabled: false,
      attributes: DEFAULT_KEY_CREATE_IMPORT_ACCESS,
    });
    const key = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    expect(key.extractable).toBe(false);
  });

  it('an attribute that is not a boolean is 400 INVALID_FIELD_ERR naming it', async () => {
    const e = await refusedPut({
      keyCreateImportAccess: { enabled: true, attributes: { enforce_token: 'yes' } },
    });
    expect(e.message).toMatch(
      /^keyCreateImportAccess.attributes.enforce_token: must be true or false/,
    );
  });
});

describe('Key Protect conformance: allowedNetwork instance policy', () => {
  it('allowed_network is required and is public-and-private or private-only: anything else is 400 INVALID_FIELD_ERR', async () => {
    const e = await refusedPut({
      allowedNetwork: { enabled: true, attributes: { allowed_network: 'public-only' } },
    });
    expect(e.message).toMatch(/public-and-private or private-only/);
    await refusedPut({ allowedNetwork: { enabled: true } });
  });

  it('set to private-only it is stored and shown, not enforced: the next call still goes through (Keyward difference: a browser has no network)', async () => {
    const set = await put({
      allowedNetwork: { enabled: true, attributes: { allowed_network: 'private-only' } },
    });
    expect(set.allowedNetwork).toMatchObject({
      enabled: true,
      attributes: { allowed_network: 'private-only' },
    });
    expect((await h.engine.listKeys(h.as('reader'))).keys).toEqual([]);
  });
});

describe('Key Protect conformance: allowedIP instance policy', () => {
  it('enabling needs attributes.allowed_ip with at least one subnet: an empty list is 400 INVALID_FIELD_ERR', async () => {
    const e = await refusedPut({ allowedIP: { enabled: true, attributes: { allowed_ip: [] } } });
    expect(e.message).toMatch(/^allowedIP.attributes.allowed_ip: is required to enable/);
  });

  it('each subnet is CIDR notation: a bad one is 400 INVALID_FIELD_ERR naming the entry and what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['10.0.0.1', /allowed_ip\[1\]: "10.0.0.1" has no prefix length: add one, e.g. 10.0.0.1\/32/],
      ['10.0.0.300/24', /allowed_ip\[1\]: "10.0.0.300\/24" is not a subnet: an IPv4 address/],
      ['10.0.0.0/33', /prefix length after \/ must be 0–32 for IPv4/],
      ['2001:db8:::/48', /is not a subnet: an IPv6 address/],
    ];
    for (const [bad, message] of cases) {
      const e = await refusedPut({
        allowedIP: { enabled: true, attributes: { allowed_ip: ['203.0.113.0/24', bad] } },
      });
      expect(e.message).toMatch(message);
    }
  });

  it('at most 1,000 subnets: 1,001 is 400 INVALID_FIELD_ERR', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const e = await refusedPut({ allowedIP: { enabled: true, attributes: { allowed_ip: many } } });
    expect(e.message).toMatch(/at most 1000 subnets \(this is 1001\)/);
  });

  it('IPv4 and IPv6 subnets are stored and shown, not enforced (Keyward difference)', async () => {
    const set = await put({
      allowedIP: {
        enabled: true,
        attributes: { allowed_ip: ['203.0.113.0/24', '2001:db8::/32', '::ffff:192.0.2.0/120'] },
      },
    });
    expect(set.allowedIP.attributes.allowed_ip).toEqual([
      '203.0.113.0/24',
      '2001:db8::/32',
      '::ffff:192.0.2.0/120',
    ]);
    expect((await h.engine.listKeys(h.as('reader'))).keys).toEqual([]);
  });

  it('disabling takes no attributes and resets the list (Key Protect keeps none for a disabled policy)', async () => {
    await put({ allowedIP: { enabled: true, attributes: { allowed_ip: ['10.0.0.0/8'] } } });
    await refusedPut({ allowedIP: { enabled: false, attributes: { allowed_ip: ['10.0.0.0/8'] } } });
    const off = await put({ allowedIP: { enabled: false } });
    expect(off.allowedIP).toMatchObject({ enabled: false, attributes: { allowed_ip: [] } });
  });
});

describe('Key Protect conformance: dualAuthDelete and metrics instance policies', () => {
  it('they have no attributes: any is 400 INVALID_FIELD_ERR', async () => {
    const e = await refusedPut({ metrics: { enabled: true, attributes: { sysdig: true } } });
    expect(e.message).toMatch(/^metrics.attributes.sysdig: is not a field of this request/);
    await refusedPut({ dualAuthDelete: { enabled: true, attributes: { keys: 'all' } } });
  });

  it('dualAuthDelete enabled applies to keys created afterwards', async () => {
    await put({ dualAuthDelete: { enabled: true } });
    const key = await h.engine.createKey(h.as('writer'), { name: 'after', extractable: false });
    expect(key.dualAuthDelete.enabled).toBe(true);
  });
});
