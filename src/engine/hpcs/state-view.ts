/**
 * The crypto units of an hpcs instance as the console sees them (`HpcsState`): units with their
 * new and current registers, administrators, thresholds, the master key's status. Pure: computed
 * from the stored record and a few counts.
 */
import type { CryptoUnit, HpcsState } from '../../domain/hpcs';
import type { ServiceInstance } from '../../domain/types';
import type { HpcsRecord } from '../store/records';

const iso = (ms: number): string => new Date(ms).toISOString();

export interface StateInput {
  instance: ServiceInstance;
  record: HpcsRecord;
  masterKeyLoaded: boolean;
  keyCount: number;
  bucketCount: number;
  custodians: { id: string; name: string }[];
  mayAct: boolean;
  mayActReason?: string;
  progress: { done: number; total: number } | undefined;
}

export function hpcsState(input: StateInput): HpcsState {
  const { instance, record } = input;
  const current = input.masterKeyLoaded ? record.currentVerificationPattern : undefined;
  const newRegister: CryptoUnit['newRegister'] = record.newRegister
    ? {
        state: record.newRegister.state,
        verificationPattern: record.newRegister.verificationPattern,
      }
    : { state: 'empty' };
  const currentRegister: CryptoUnit['currentRegister'] = current
    ? { state: 'valid', verificationPattern: current }
    : { state: 'empty' };
  const units: CryptoUnit[] = [
    {
      id: `${instance.id}-unit-1`,
      kind: 'operational',
      zone: `${instance.region}-1`,
      newRegister,
      currentRegister,
    },
    {
      id: `${instance.id}-unit-2`,
      kind: 'operational',
      zone: `${instance.region}-2`,
      newRegister,
      currentRegister,
    },
    {
      id: `${instance.id}-recovery`,
      kind: 'recovery',
      zone: `${instance.region} (recovery)`,
      newRegister,
      currentRegister: record.recovery
        ? { state: 'valid', verificationPattern: record.recovery.verificationPattern }
        : { state: 'empty' },
    },
  ];
  const status = current ? 'active' : record.keysVerificationPattern ? 'zeroized' : 'not-loaded';
  return {
    instanceId: instance.id,
    instanceName: instance.name,
    imprintMode: record.signatureThreshold === undefined,
    sequence: record.sequence,
    admins: record.admins.map((a) => ({
      id: a.id,
      name: a.name,
      addedAt: iso(a.addedAt),
      addedBy: a.addedBy,
    })),
    ...(record.signatureThreshold !== undefined
      ? { signatureThreshold: record.signatureThreshold }
      : {}),
    ...(record.revocationThreshold !== undefined
      ? { revocationThreshold: record.revocationThreshold }
      : {}),
    units,
    loadedParts: record.newRegister?.parts ?? [],
    masterKey: {
      status,
      ...(current && record.activeSince !== undefined
        ? { activeSince: iso(record.activeSince) }
        : {}),
      ...(!current && record.zeroizedAt !== undefined
        ? { zeroizedAt: iso(record.zeroizedAt) }
        : {}),
      ...(current ? { verificationPattern: current } : {}),
      ...(record.keysVerificationPattern
        ? { keysVerificationPattern: record.keysVerificationPattern }
        : {}),
      recoverable:
        !current &&
        record.recovery !== undefined &&
        record.recovery.verificationPattern === record.keysVerificationPattern,
    },
    rotationPending: current !== undefined && record.newRegister !== undefined,
    ...(input.progress ? { rotationProgress: input.progress } : {}),
    keyCount: input.keyCount,
    bucketCount: input.bucketCount,
    custodians: input.custodians,
    mayAct: input.mayAct,
    ...(input.mayActReason ? { mayActReason: input.mayActReason } : {}),
  };
}
