/**
 * From stored key record to the API's `Key`: the effective state on the engine clock (expiration
 * is one-way), and every derived field of SPEC.md section 3 (restore and purge windows, dual
 * authorization status).
 */
import { KeyState } from '../../domain/key-state';
import {
  AUTO_PURGE_AFTER,
  DUAL_AUTH_WINDOW,
  PURGE_AFTER_DELETE,
  RESTORE_WINDOW,
} from '../../domain/time';
import type { Key } from '../../domain/types';
import type { AccessTarget } from '../iam/access';
import type { KeyRecord } from '../store/records';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Active and Suspended keys whose expiration date has passed are Deactivated. */
export function effectiveState(key: KeyRecord, now: number): KeyState {
  if (
    (key.state === KeyState.Active || key.state === KeyState.Suspended) &&
    key.expirationDate !== undefined &&
    key.expirationDate <= now
  )
    return KeyState.Deactivated;
  return key.state;
}

/** The record with its effective state written in: what a write persists. */
export function settled(key: KeyRecord, now: number): KeyRecord {
  const state = effectiveState(key, now);
  return state === key.state ? key : { ...key, state };
}

export function deletionScheduled(key: KeyRecord, now: number): boolean {
  return key.deletionSetAt !== undefined && now < key.deletionSetAt + DUAL_AUTH_WINDOW;
}

export function restoreDeadline(key: KeyRecord): number | undefined {
  return key.deletionDate === undefined ? undefined : key.deletionDate + RESTORE_WINDOW;
}

export function isExpired(key: KeyRecord, now: number): boolean {
  return key.expirationDate !== undefined && key.expirationDate <= now;
}

export function accessTargetOf(key: KeyRecord): AccessTarget {
  return { instanceId: key.instanceId, keyRingID: key.keyRingID, keyId: key.id };
}

export function toKey(key: KeyRecord, now: number): Key {
  const state = effectiveState(key, now);
  const deleted = state === KeyState.Destroyed;
  const scheduled = deletionScheduled(key, now);
  const view: Key = {
    id: key.id,
    instanceId: key.instanceId,
    name: key.name,
    aliases: [...key.aliases],
    keyRingID: key.keyRingID,
    state,
    extractable: key.extractable,
    imported: key.imported,
    crn: key.crn,
    creationDate: iso(key.creationDate),
    createdBy: key.createdBy,
    lastUpdateDate: iso(key.lastUpdateDate),
    keyVersion: { id: key.currentVersion.id, creationDate: iso(key.currentVersion.creationDate) },
    dualAuthDelete: { enabled: key.dualAuthEnabled, keySetForDeletion: scheduled },
    deleted,
    restoreAllowed: false,
    purgeAllowed: false,
  };
  if (key.description !== undefined) view.description = key.description;
  if (key.lastRotateDate !== undefined) view.lastRotateDate = iso(key.lastRotateDate);
  if (key.expirationDate !== undefined) view.expirationDate = iso(key.expirationDate);
  if (scheduled && key.deletionSetAt !== undefined) {
    view.dualAuthDelete.authExpiration = iso(key.deletionSetAt + DUAL_AUTH_WINDOW);
    if (key.deletionSetBy) view.dualAuthDelete.setBy = key.deletionSetBy;
  }
  if (deleted && key.deletionDate !== undefined) {
    const restoreUntil = key.deletionDate + RESTORE_WINDOW;
    view.deletionDate = iso(key.deletionDate);
    if (key.deletedBy) view.deletedBy = key.deletedBy;
    view.restoreExpirationDate = iso(restoreUntil);
    view.restoreAllowed = now < restoreUntil && !isExpired(key, now);
    view.purgeAllowedFrom = iso(key.deletionDate + PURGE_AFTER_DELETE);
    view.purgeAllowed = now >= key.deletionDate + PURGE_AFTER_DELETE;
    view.purgeScheduledOn = iso(key.deletionDate + AUTO_PURGE_AFTER);
  }
  if (key.rotationDueAt !== undefined) view.nextRotationDate = iso(key.rotationDueAt);
  return view;
}
