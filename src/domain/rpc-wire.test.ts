import { describe, expect, it } from 'vitest';
import { fromWire, toWire, WIRE_MAX_DEPTH, WireError } from './rpc-wire';

const roundTrip = (value: unknown) => fromWire(JSON.parse(JSON.stringify(toWire(value))));

describe('the JSON form of engine calls', () => {
  it('keeps bytes (ArrayBuffer and Uint8Array) and skipped arguments', () => {
    const buffer = new Uint8Array([0, 1, 254, 255]).buffer;
    const back = roundTrip([
      { userId: 'u' },
      undefined,
      buffer,
      new Uint8Array([9, 8]),
    ]) as unknown[];
    expect(back[1]).toBeUndefined();
    expect(back[2]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(back[2] as ArrayBuffer)]).toEqual([0, 1, 254, 255]);
    expect(back[3]).toBeInstanceOf(Uint8Array);
    expect([...(back[3] as Uint8Array)]).toEqual([9, 8]);
    expect(back).toHaveLength(4);
  });

  it('drops undefined members of objects (absent, as the engine reads them)', () => {
    expect(roundTrip({ a: 1, b: undefined, c: { d: [1, 'x', null] } })).toEqual({
      a: 1,
      c: { d: [1, 'x', null] },
    });
  });

  it('keeps an own __proto__ key as a key (for the boundary to refuse), never as a prototype', () => {
    const back = fromWire(JSON.parse('{"__proto__": {"polluted": true}}')) as object;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses bytes that are not base64, an unknown view, and values nested too deep', () => {
    expect(() => fromWire({ $keywardBytes: 'no!' })).toThrow(WireError);
    expect(() => fromWire({ $keywardBytes: 'AA==', $keywardView: 'Float64Array' })).toThrow(
      WireError,
    );
    let deep: unknown = 1;
    for (let i = 0; i <= WIRE_MAX_DEPTH + 1; i++) deep = [deep];
    expect(() => fromWire(deep)).toThrow(WireError);
    expect(() => toWire(deep)).toThrow(WireError);
  });

  it('leaves an object that only looks tagged (more keys) as an object', () => {
    expect(fromWire({ $keywardBytes: 'AA==', other: 1 })).toEqual({
      $keywardBytes: 'AA==',
      other: 1,
    });
  });
});
