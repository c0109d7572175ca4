/**
 * The Hyper Protect page's read: the crypto units' state of one instance, through the console's
 * one query factory (change notices refresh it: see domain/stale-reads.ts).
 */
import type { CallContext } from '../../../domain/api';
import { engineQuery } from '../../../client/engine-query';

export const hpcsQueries = {
  state: (ctx: CallContext) => engineQuery('getHpcsState', ctx),
};
