/**
 * The in-transaction checks of key creation (SPEC.md sections 3 and 6), read once per
 * transaction: the key rings, the aliases asked for and each instance's alias count, the
 * instance policies and import tokens the items need. `CreationChecks.read` issues every read at
 * once (one round trip to the database, before any write); `check` then answers each item from
 * that copy, exactly as reading the store at that item would (the copy learns each item's aliases
 * through `add`), so a batch of 1,000 creations waits for the database once, not per item.
 * Creations change neither rings, nor policies, nor tokens: only the aliases move inside a batch.
 */
import { engineError, invalidField } from '../../domain/errors';
import { LIMITS } from '../../domain/validation';
import type { InstancePolicies } from '../../domain/types';
import type { KeyRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import {
  instancePoliciesIn,
  requireCreateImportAccess,
  type PreparedMaterial,
} from './import-material';

/** What the checks need of one creation: its record (instance, ring, aliases) and material. */
export interface CreationItem {
  record: KeyRecord;
  material: PreparedMaterial;
}

interface InstanceState {
  policies: InstancePolicies;
  /** The import token's creation time, when an item came through the token. */
  tokenCreatedAt?: number | undefined;
  /** Aliases in use: those asked for that the store holds, and those the batch has added. */
  taken: Set<string>;
  aliasCount: number;
}

const ringKey = (instanceId: string, ringId: string) => `${instanceId}\u0000${ringId}`;

export class CreationChecks {
  private constructor(
    private readonly rings: Set<string>,
    private readonly instances: Map<string, InstanceState>,
  ) {}

  /** Reads, all at once, what checking `items` needs. */
  static async read(tx: StoreTx, items: readonly CreationItem[]): Promise<CreationChecks> {
    const ringIds = new Map<string, [string, string]>();
    const perInstance = new Map<string, { aliases: Set<string>; token: boolean }>();
    for (const { record, material } of items) {
      ringIds.set(ringKey(record.instanceId, record.keyRingID), [
        record.instanceId,
        record.keyRingID,
      ]);
      let wanted = perInstance.get(record.instanceId);
      if (!wanted)
        perInstance.set(record.instanceId, (wanted = { aliases: new Set(), token: false }));
      for (const alias of record.aliases) wanted.aliases.add(alias);
      if (material.tokenCreatedAt !== undefined) wanted.token = true;
    }
    const ringReads = [...ringIds].map(async ([key, [instanceId, id]]) =>
      (await tx.getKeyRing(instanceId, id)) !== undefined ? key : undefined,
    );
    const instanceReads = [...perInstance].map(
      async ([instanceId, wanted]): Promise<[string, InstanceState]> => {
        const aliases = [...wanted.aliases];
        const [policies, token, found, aliasCount] = await Promise.all([
          instancePoliciesIn(tx, instanceId),
          wanted.token ? tx.getImportToken(instanceId) : undefined,
          Promise.all(aliases.map((alias) => tx.getAlias(instanceId, alias))),
          aliases.length > 0 ? tx.countAliases(instanceId) : 0,
        ]);
        const taken = new Set(aliases.filter((_, i) => found[i] !== undefined));
        return [instanceId, { policies, tokenCreatedAt: token?.creationDate, taken, aliasCount }];
      },
    );
    const [rings, instances] = await Promise.all([
      Promise.all(ringReads),
      Promise.all(instanceReads),
    ]);
    return new CreationChecks(
      new Set(rings.filter((k): k is string => k !== undefined)),
      new Map(instances),
    );
  }

  /**
   * Every in-transaction rule for one creation, in createKey's order: the ring exists; each alias
   * is free and the instance stays within its alias quota; the import token used is still the
   * instance's; the instance's key create and import policy allows it. Throws the refusal, else
   * returns the instance's policies. Call `add` once the item is stored.
   */
  check(item: CreationItem): InstancePolicies {
    const { record, material } = item;
    const { instanceId, keyRingID, aliases } = record;
    if (!this.rings.has(ringKey(instanceId, keyRingID)))
      throw engineError(
        'KEY_RING_NOT_FOUND_ERR',
        `Key ring "${keyRingID}" does not exist in this instance.`,
      );
    const state = this.instances.get(instanceId);
    if (!state) throw new Error(`creation checks were not read for instance ${instanceId}`);
    if (aliases.length > 0) {
      for (const alias of aliases)
        if (state.taken.has(alias))
          throw engineError(
            'KEY_ALIAS_NOT_UNIQUE_ERR',
            `The alias "${alias}" is already used by another key in this instance.`,
          );
      if (state.aliasCount + aliases.length > LIMITS.aliasesPerInstance)
        throw engineError(
          'KEY_ALIAS_QUOTA_ERR',
          `An instance can have at most ${LIMITS.aliasesPerInstance} aliases; delete unused aliases first.`,
        );
    }
    if (material.tokenCreatedAt !== undefined && state.tokenCreatedAt !== material.tokenCreatedAt)
      throw invalidField(
        'importToken',
        'the import token was replaced while importing: encrypt the material under the new token',
      );
    requireCreateImportAccess(state.policies, material, {
      extractable: record.extractable,
      rotation: false,
    });
    return state.policies;
  }

  /** The item passed `check` and is stored: its aliases are now taken. */
  add(item: CreationItem): void {
    const { instanceId, aliases } = item.record;
    const state = this.instances.get(instanceId);
    if (!state || aliases.length === 0) return;
    for (const alias of aliases) state.taken.add(alias);
    state.aliasCount += aliases.length;
  }
}
