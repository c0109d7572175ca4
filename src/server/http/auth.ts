/**
 * Authentication as IBM Cloud does it: an API key, exchanged at `POST /identity/token` for a
 * short-lived signed bearer token (an HS256 JWT), sent as `Authorization: Bearer …` on every
 * call. API keys are kept as SHA-256 digests in kw_api_keys; each maps to a Keyward user, whose
 * roles the engine checks on every call exactly as in the browser.
 */
import type { Context, Hono } from 'hono';
import { sign, verify } from 'hono/jwt';
import { digestOf, newApiKey, newId } from '../crypto/secrets';
import type { SqlDatabase } from '../store/sql-database';
import { HttpError } from './kp-body';

export const TOKEN_LIFETIME_S = 3600;
const ISSUER = 'keyward-server';

export interface ApiKeyInfo {
  id: string;
  userId: string;
  name: string;
}

export class Auth {
  constructor(
    private readonly db: SqlDatabase,
    private readonly secret: string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Makes an API key for `userId`; the key itself is returned once and never stored. */
  async createApiKey(userId: string, name: string): Promise<{ apiKey: string; info: ApiKeyInfo }> {
    const apiKey = newApiKey();
    const info = { id: newId(), userId, name };
    await this.db.transaction('write', (sql) =>
      sql.query('INSERT INTO kw_api_keys (id, digest, user_id, name) VALUES ($1, $2, $3, $4)', [
        info.id,
        digestOf(apiKey),
        userId,
        name,
      ]),
    );
    return { apiKey, info };
  }

  async countApiKeys(): Promise<number> {
    const rows = await this.db.transaction('read', (sql) =>
      sql.query<{ n: string }>('SELECT count(*) AS n FROM kw_api_keys'),
    );
    return Number(rows[0]?.n ?? 0);
  }

  private async findApiKey(apiKey: string): Promise<ApiKeyInfo | undefined> {
    const rows = await this.db.transaction('read', (sql) =>
      sql.query<{ id: string; user_id: string; name: string }>(
        'SELECT id, user_id, name FROM kw_api_keys WHERE digest = $1',
        [digestOf(apiKey)],
      ),
    );
    const row = rows[0];
    return row ? { id: row.id, userId: row.user_id, name: row.name } : undefined;
  }

  async issueToken(apiKey: string): Promise<object | undefined> {
    const found = await this.findApiKey(apiKey);
    if (!found) return undefined;
    const iat = this.nowSeconds();
    const exp = iat + TOKEN_LIFETIME_S;
    const token = await sign(
      { iss: ISSUER, sub: found.userId, iam_id: found.userId, apikey_id: found.id, iat, exp },
      this.secret,
      'HS256',
    );
    return {
      access_token: token,
      refresh_token: 'not_supported',
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      expiration: exp,
      scope: 'ibm openid',
    };
  }

  /** The user a bearer token acts as; a missing, malformed, forged or expired token is refused. */
  async userOf(c: Context): Promise<string> {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      c.header('WWW-Authenticate', 'Bearer realm="keyward"');
      throw new HttpError(
        'UNAUTHORIZED_ERR',
        'A bearer token is required (Authorization: Bearer …)',
      );
    }
    try {
      const payload = await verify(match[1], this.secret, { alg: 'HS256', iss: ISSUER });
      if (typeof payload.exp !== 'number' || payload.exp <= this.nowSeconds())
        throw new Error('expired');
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      return payload.sub;
    } catch {
      // RFC 6750: a client tells a bad token (get a new one) from a refused call (UNAUTHORIZED_ERR too).
      c.header('WWW-Authenticate', 'Bearer realm="keyward", error="invalid_token"');
      throw new HttpError(
        'UNAUTHORIZED_ERR',
        'The bearer token is not valid or has expired; get a new one at /identity/token',
      );
    }
  }

  /** `POST /identity/token`: IBM Cloud IAM's API key grant (form-encoded, as its SDKs send it). */
  mount(app: Hono): void {
    app.post('/identity/token', async (c) => {
      const iamError = (status: 400 | 401, errorCode: string, errorMessage: string) =>
        c.json({ errorCode, errorMessage, context: { requestId: newId() } }, status);
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('application/x-www-form-urlencoded'))
        return iamError(
          400,
          'BXNIM0109E',
          'The request must be form-encoded (application/x-www-form-urlencoded)',
        );
      const form = new URLSearchParams(await c.req.text());
      if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey')
        return iamError(
          400,
          'BXNIM0103E',
          'Unsupported grant_type; use urn:ibm:params:oauth:grant-type:apikey',
        );
      const apiKey = form.get('apikey');
      if (!apiKey) return iamError(400, 'BXNIM0104E', 'The apikey parameter is missing');
      const token = await this.issueToken(apiKey);
      if (!token) return iamError(400, 'BXNIM0415E', 'Provided API key could not be found.');
      return c.json(token);
    });
  }
}
