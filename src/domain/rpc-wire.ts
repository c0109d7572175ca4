/**
 * The JSON form of engine calls over HTTP (the console pointed at a Keyward server): the
 * arguments and results of `KeywardApi` methods as JSON, with the two things JSON loses kept in a
 * tagged form both ways — bytes (an ArrayBuffer or a Uint8Array, such as an object chunk) as
 * base64, and `undefined` inside an argument list (a skipped optional argument). Objects are
 * rebuilt as plain objects with their own keys only (an own `__proto__` key stays a key, for the
 * engine's boundary to refuse).
 */
import { decodeBase64, encodeBase64 } from './validation';

const BYTES = '$keywardBytes';
const VIEW = '$keywardView';
const UNDEFINED = '$keywardUndefined';
/** Deeper values are refused: no API value nests this far. */
export const WIRE_MAX_DEPTH = 64;

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** A value ready for JSON.stringify. */
export function toWire(value: unknown, depth = 0): unknown {
  if (depth > WIRE_MAX_DEPTH) throw new WireError(`nested deeper than ${WIRE_MAX_DEPTH} levels`);
  if (value instanceof ArrayBuffer) return { [BYTES]: encodeBase64(new Uint8Array(value)) };
  if (value instanceof Uint8Array) return { [BYTES]: encodeBase64(value), [VIEW]: 'Uint8Array' };
  if (Array.isArray(value))
    return value.map((item: unknown) =>
      item === undefined ? { [UNDEFINED]: true } : toWire(item, depth + 1),
    );
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, toWire(v, depth + 1)]));
  }
  return value;
}

/** A parsed JSON value back as the engine's values (ArrayBuffers, Uint8Arrays, undefined). */
export function fromWire(value: unknown, depth = 0): unknown {
  if (depth > WIRE_MAX_DEPTH) throw new WireError(`nested deeper than ${WIRE_MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item: unknown) => fromWire(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === UNDEFINED && record[UNDEFINED] === true) return undefined;
  if (BYTES in record && keys.every((k) => k === BYTES || k === VIEW)) {
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(BYTES, record[BYTES]);
    } catch {
      throw new WireError(`${BYTES} must be base64`);
    }
    if (record[VIEW] === undefined) return bytes.buffer;
    if (record[VIEW] === 'Uint8Array') return bytes;
    throw new WireError(`${VIEW} must be "Uint8Array"`);
  }
  return Object.fromEntries(keys.map((k) => [k, fromWire(record[k], depth + 1)]));
}
