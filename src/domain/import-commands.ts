/**
 * The commands a user runs on their own machine for a secure import (bring your own key), as the
 * console prints them. One place, so the console and the interoperability tests run the same
 * text. Inputs: `importToken.txt` (the token's `payload`: as in Key Protect, the base64 of the PEM
 * public key, which the first step decodes with `base64 --decode` into `importToken.pem`) and
 * `nonce.bin` (downloaded from the console), and `key.bin` (the user's own key material: 16, 24 or
 * 32 raw bytes). Outputs, base64 text: `payload.txt`, `encryptedNonce.txt`, `iv.txt`.
 *
 * Why Node for the nonce: openssl's `enc` command does not do AES-GCM, and Python's standard
 * library has no AES; Node's built-in crypto does, with nothing to install.
 */

export const IMPORT_FILES = {
  /** The token's payload as Key Protect returns it: base64 of the PEM. */
  token: 'importToken.txt',
  publicKey: 'importToken.pem',
  nonce: 'nonce.bin',
  material: 'key.bin',
  payload: 'payload.txt',
  encryptedNonce: 'encryptedNonce.txt',
  iv: 'iv.txt',
} as const;

export interface ImportCommand {
  /** What the step does, in a sentence. */
  purpose: string;
  /** One shell line (POSIX shell quoting). */
  command: string;
}

const NONCE_SCRIPT = [
  "const c=require('crypto'),f=require('fs');",
  `const k=f.readFileSync('${IMPORT_FILES.material}'),n=f.readFileSync('${IMPORT_FILES.nonce}'),iv=c.randomBytes(12);`,
  "const e=c.createCipheriv('aes-'+k.length*8+'-gcm',k,iv);",
  'const x=Buffer.concat([e.update(n),e.final(),e.getAuthTag()]);',
  `f.writeFileSync('${IMPORT_FILES.encryptedNonce}',x.toString('base64'));`,
  `f.writeFileSync('${IMPORT_FILES.iv}',iv.toString('base64'));`,
].join('');

/** The steps, in order. `materialBytes` sizes the optional "make new material" step. */
export function secureImportCommands(materialBytes: 16 | 24 | 32 = 32): ImportCommand[] {
  const f = IMPORT_FILES;
  return [
    {
      purpose: `Decode the token's payload (base64, as Key Protect returns it) into its PEM public key: ${f.publicKey}.`,
      command: `base64 --decode < ${f.token} > ${f.publicKey}`,
    },
    {
      purpose: `Only if you have no key material yet: make ${materialBytes} random bytes (otherwise put your own 16, 24 or 32 bytes in ${f.material}).`,
      command: `openssl rand -out ${f.material} ${materialBytes}`,
    },
    {
      purpose: `Encrypt the key material under the token's public key (RSA-OAEP with SHA-256) and base64 it: ${f.payload}.`,
      command: `openssl pkeyutl -encrypt -pubin -inkey ${f.publicKey} -in ${f.material} -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 | openssl base64 -A > ${f.payload}`,
    },
    {
      purpose: `Encrypt the token's nonce with AES-GCM under the key material (Node.js, built in): ${f.encryptedNonce} and ${f.iv}.`,
      command: `node -e "${NONCE_SCRIPT}"`,
    },
  ];
}
