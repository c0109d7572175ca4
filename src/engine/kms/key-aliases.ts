/**
 * Key aliases of SPEC.md section 3: at most 5 per key and 1,000 per instance, unique in the
 * instance, each a valid alias. The aliases a create request lists are checked here, and the
 * `aliases` store that keeps them unique is written here (at creation and by createAlias).
 */
import type { CallContext } from '../../domain/api';
import { engineError, invalidField } from '../../domain/errors';
import type { Key } from '../../domain/types';
import { aliasProblem, check, LIMITS } from '../../domain/validation';
import { perform } from '../operation';
import type { StoreTx } from '../store/store-tx';
import type { KeyCore } from './key-core';
import { requireNotDeleted } from './key-guards';
import { toKey } from './key-view';

/**
 * The aliases a create request lists (none when it lists none), checked: a list, within the
 * per-key quota (400 KEY_ALIAS_QUOTA_ERR), each valid and listed once (400 INVALID_FIELD_ERR).
 */
export function requestedAliases(given: unknown): string[] {
  const aliases: unknown = given ?? [];
  if (!Array.isArray(aliases)) throw invalidField('aliases', 'must be a list');
  if (aliases.length > LIMITS.aliasesPerKey)
    throw engineError(
      'KEY_ALIAS_QUOTA_ERR',
      `A key can have at most ${LIMITS.aliasesPerKey} aliases.`,
    );
  aliases.forEach((a, i) => check(`aliases[${i}]`, aliasProblem(a)));
  if (new Set(aliases).size !== aliases.length)
    throw invalidField('aliases', 'list each alias once');
  return aliases as string[];
}

/** Checks aliases are free in the instance (or already the key's) and within its quota. */
export async function checkAliases(
  tx: StoreTx,
  instanceId: string,
  keyId: string,
  aliases: readonly string[],
): Promise<void> {
  if (aliases.length === 0) return;
  for (const alias of aliases) {
    const taken = await tx.getAlias(instanceId, alias);
    if (taken && taken.keyId !== keyId)
      throw engineError(
        'KEY_ALIAS_NOT_UNIQUE_ERR',
        `The alias "${alias}" is already used by another key in this instance.`,
      );
  }
  if ((await tx.countAliases(instanceId)) + aliases.length > LIMITS.aliasesPerInstance)
    throw engineError(
      'KEY_ALIAS_QUOTA_ERR',
      `An instance can have at most ${LIMITS.aliasesPerInstance} aliases; delete unused aliases first.`,
    );
}

/** Checks aliases as `checkAliases` does, and records them for the key. */
export async function claimAliases(
  tx: StoreTx,
  instanceId: string,
  keyId: string,
  aliases: readonly string[],
): Promise<void> {
  await checkAliases(tx, instanceId, keyId, aliases);
  for (const alias of aliases) await tx.putAlias({ instanceId, alias, keyId });
}

/** createAlias (Writer) and deleteAlias (Manager). */
export class KeyAliases {
  constructor(private readonly core: KeyCore) {}

  createAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return perform(this.core.env, ctx, 'kms.secrets-alias.create', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'write');
      check('alias', aliasProblem(alias));
      const next = await this.core.change(op, key, async (fresh, tx) => {
        requireNotDeleted(fresh, op.now, 'adding an alias');
        if (fresh.aliases.includes(alias)) return fresh;
        if (fresh.aliases.length >= LIMITS.aliasesPerKey)
          throw engineError(
            'KEY_ALIAS_QUOTA_ERR',
            `A key can have at most ${LIMITS.aliasesPerKey} aliases.`,
          );
        await claimAliases(tx, fresh.instanceId, fresh.id, [alias]);
        return { ...fresh, aliases: [...fresh.aliases, alias], lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }

  deleteAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return perform(this.core.env, ctx, 'kms.secrets-alias.delete', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'manage');
      const next = await this.core.change(op, key, async (fresh, tx) => {
        if (!fresh.aliases.includes(alias))
          throw engineError('KEY_ALIAS_NOT_FOUND_ERR', `The key has no alias "${alias}".`);
        await tx.deleteAlias(fresh.instanceId, alias);
        return {
          ...fresh,
          aliases: fresh.aliases.filter((a) => a !== alias),
          lastUpdateDate: op.now,
        };
      });
      return toKey(next, op.now);
    });
  }
}
