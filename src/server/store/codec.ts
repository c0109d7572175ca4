/**
 * Records to JSON text and back, for PostgreSQL. IndexedDB keeps records by structured clone;
 * here bytes become `{"$bytes": base64}` and CryptoKeys `{"$key": SealedKey}` (enciphered under
 * the server KEK), and `undefined` members `{"$undefined": 1}` (structured clone keeps them, so
 * `'field' in record` answers the same on both stores). Everything else in a record is JSON
 * already: strings, numbers, booleans, arrays, plain objects.
 */
import type { KeySealer, SealedKey } from '../crypto/kek';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const UNDEFINED: Json = { $undefined: 1 };

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const buffer = Buffer.from(text, 'base64');
  const out = new Uint8Array(new ArrayBuffer(buffer.length));
  out.set(buffer);
  return out;
}

function isCryptoKey(value: object): value is CryptoKey {
  return Object.prototype.toString.call(value) === '[object CryptoKey]';
}

export class RecordCodec {
  constructor(private readonly sealer: KeySealer) {}

  async encode(value: unknown): Promise<string> {
    return JSON.stringify(await this.toJson(value));
  }

  async decode<T>(text: string): Promise<T> {
    return (await this.fromJson(JSON.parse(text) as Json)) as T;
  }

  private syncToJson(value: unknown): Json {
    if (value === undefined) return UNDEFINED;
    if (value === null || typeof value !== 'object') return value as Json;
    if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
    if (value instanceof ArrayBuffer) return { $buffer: toBase64(new Uint8Array(value)) };
    if (Array.isArray(value)) return value.map((v) => this.syncToJson(v));
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.syncToJson(v);
    return out;
  }

  private async toJson(value: unknown): Promise<Json> {
    if (value === undefined) return UNDEFINED;
    if (value === null || typeof value !== 'object') return value as Json;
    if (isCryptoKey(value))
      return {
        $key: (await this.sealer.seal(value, (a) => this.syncToJson(a))) as unknown as Json,
      };
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) return this.syncToJson(value);
    if (Array.isArray(value)) {
      const out: Json[] = [];
      for (const v of value) out.push(await this.toJson(v));
      return out;
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await this.toJson(v);
    return out;
  }

  private async fromJson(value: Json): Promise<unknown> {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.fromJson(v)));
    const keys = Object.keys(value);
    if (keys.length === 1) {
      if (value.$undefined === 1) return undefined;
      if (typeof value.$bytes === 'string') return fromBase64(value.$bytes);
      if (typeof value.$buffer === 'string') return fromBase64(value.$buffer).buffer;
      if (value.$key && typeof value.$key === 'object') {
        const sealed = value.$key as unknown as SealedKey;
        return this.sealer.open(sealed, await this.fromJson(sealed.algorithm as Json));
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = await this.fromJson(value[k] as Json);
    return out;
  }
}
