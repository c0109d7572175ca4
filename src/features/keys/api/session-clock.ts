/** The session-derived helpers the key page uses: the engine's "now" and users' names. */
export { useEngineNow, useUserName } from '../../../client/session-query';
