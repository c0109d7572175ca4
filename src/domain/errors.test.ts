import { describe, expect, it } from 'vitest';
import { formatCrn, parseCrn } from './crn';
import {
  denied,
  ERROR_CODES,
  ERROR_STATUS,
  EngineError,
  engineError,
  invalidField,
  isErrorData,
  keyNotFound,
} from './errors';

describe('EngineError', () => {
  it('crosses the worker boundary as plain data and comes back', () => {
    const error = new EngineError(409, 'PROTECTED_RESOURCE_ERR', 'protected', ['crn:a']);
    const data = structuredClone(error.toData());
    expect(data).toEqual({
      status: 409,
      code: 'PROTECTED_RESOURCE_ERR',
      message: 'protected',
      reasons: ['crn:a'],
    });
    expect(isErrorData(data)).toBe(true);
    const back = EngineError.fromData(data);
    expect(back).toBeInstanceOf(EngineError);
    expect(back.toData()).toEqual(data);
  });
  it('leaves reasons out when there are none', () => {
    expect(keyNotFound('k1').toData()).toEqual({
      status: 404,
      code: 'KEY_NOT_FOUND_ERR',
      message: 'Key not found: k1',
    });
    expect(invalidField('name', 'bad').toData()).toEqual({
      status: 400,
      code: 'INVALID_FIELD_ERR',
      message: 'name: bad',
    });
  });
  it('builds every code with the status of ERROR_STATUS', () => {
    for (const code of ERROR_CODES) {
      const error = engineError(code, 'message', ['r']);
      expect([code, error.status, error.message, error.reasons]).toEqual([
        code,
        ERROR_STATUS[code],
        'message',
        ['r'],
      ]);
      expect(error).toBeInstanceOf(EngineError);
    }
    expect(engineError('KEY_NOT_FOUND_ERR', 'm').toData()).toEqual({
      status: 404,
      code: 'KEY_NOT_FOUND_ERR',
      message: 'm',
    });
    expect(denied('no').toData()).toEqual({ status: 401, code: 'UNAUTHORIZED_ERR', message: 'no' });
    expect(invalidField('f', 'm').status).toBe(ERROR_STATUS.INVALID_FIELD_ERR);
    expect(keyNotFound('k').status).toBe(ERROR_STATUS.KEY_NOT_FOUND_ERR);
  });
  it('recognizes error data', () => {
    expect(isErrorData({ status: 1, code: 'X', message: 'm' })).toBe(true);
    expect(isErrorData({ status: '1', code: 'X', message: 'm' })).toBe(false);
    expect(isErrorData(null)).toBe(false);
    expect(isErrorData(new Error('x'))).toBe(false);
  });
});

describe('CRNs', () => {
  const parts = {
    service: 'kms',
    region: 'us-south',
    accountId: 'abc123',
    instanceGuid: '0f8fad5b-d9cb-469f-a165-70867728950e',
    resourceType: 'key',
    resource: '11111111-2222-3333-4444-555555555555',
  };
  it('formats the spec layout and parses it back', () => {
    const crn = formatCrn(parts);
    expect(crn).toBe(
      'crn:v1:keyward:public:kms:us-south:a/abc123:0f8fad5b-d9cb-469f-a165-70867728950e:key:11111111-2222-3333-4444-555555555555',
    );
    expect(parseCrn(crn)).toEqual(parts);
  });
  it('parses an instance CRN with empty type and resource', () => {
    expect(parseCrn(formatCrn({ ...parts, resourceType: '', resource: '' }))).toEqual({
      ...parts,
      resourceType: '',
      resource: '',
    });
  });
  it('refuses what is not a keyward CRN', () => {
    expect(parseCrn('crn:v1:bluemix:public:kms:us-south:a/x:g::')).toBeUndefined();
    expect(parseCrn('nonsense')).toBeUndefined();
  });
});
