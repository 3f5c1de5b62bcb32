/**
 * The browser's own check of a public ledger entry (API.md "Public ledger"): the leaf hash of its
 * canonical text, its RFC 9162 §2.1.3 inclusion proof up to a signed tree head, the head's Ed25519
 * signature with the key its keyId names, and (when the page saw an earlier head) the §2.1.4
 * consistency proof between them. Nothing here trusts the server: every hash is recomputed with
 * WebCrypto, and a key's id with it too.
 */

export interface EntryView {
  seq: number;
  kind: string;
  amountFen: number | null;
  quantity: number | null;
  campaignId: string | null;
  donor: string | null;
  memo: string | null;
  occurredAt: string;
  canonical: string;
  leafHash: string;
}

export interface TreeHeadView {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
  /** The key that signed it: one of ledgerPublicKeys. */
  keyId: string;
}

/** A key that signs tree heads (ledgerPublicKeys). */
export interface LedgerKeyView {
  keyId: string;
  publicKey: string;
  firstTreeSize: number | null;
  lastTreeSize: number | null;
}

export interface InclusionProofView {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: string[];
}

/** The cryptography the checks need; WebCrypto's by default, replaceable in tests. */
export interface Crypto {
  subtle: SubtleCrypto;
}

export class CryptoUnavailableError extends Error {
  constructor() {
    super('WebCrypto is not available: the page must be opened over https');
    this.name = 'CryptoUnavailableError';
  }
}

function webCrypto(): Crypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new CryptoUnavailableError();
  return { subtle };
}

const HEX = /^[0-9a-f]{64}$/;

export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new Error(`not a SHA-256 hash in lowercase hex: ${hex.slice(0, 70)}`);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(crypto: Crypto, ...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

/** hex(SHA-256(0x00 ‖ canonical)). */
export async function leafHashOf(canonical: string, crypto = webCrypto()): Promise<string> {
  return toHex(await sha256(crypto, LEAF, new TextEncoder().encode(canonical)));
}

/**
 * RFC 9162 §2.1.3.2: the root that `auditPath` leads to from leaf `index` of a tree of `size`,
 * or null when the path cannot belong to such a tree (wrong length, index outside the tree).
 */
export async function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: string,
  auditPath: string[],
  crypto = webCrypto(),
): Promise<string | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = fromHex(leafHash);
  for (const p of auditPath) {
    if (sn === 0) return null;
    const node = fromHex(p);
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(crypto, NODE, node, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(crypto, NODE, r, node);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? toHex(r) : null;
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of `second` leaves extends the tree of `first`? */
export async function verifyConsistency(
  first: number,
  second: number,
  firstRoot: string,
  secondRoot: string,
  proof: string[],
  crypto = webCrypto(),
): Promise<boolean> {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot === secondRoot;
  const nodes = proof.map(fromHex);
  // A first tree of a power-of-two size is a complete subtree: the proof leaves its root out.
  if ((first & (first - 1)) === 0) nodes.unshift(fromHex(firstRoot));
  if (nodes.length === 0) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await sha256(crypto, NODE, c, fr);
      sr = await sha256(crypto, NODE, c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = await sha256(crypto, NODE, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && toHex(fr) === firstRoot && toHex(sr) === secondRoot;
}

/** The text a tree head's signature covers, exactly as API.md gives it. */
export function treeHeadMessage(head: Pick<TreeHeadView, 'rootHash' | 'timestamp' | 'treeSize'>): string {
  const timestamp = new Date(head.timestamp).toISOString();
  return `{"rootHash":"${head.rootHash}","timestamp":"${timestamp}","treeSize":${head.treeSize}}`;
}

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): 32 key bytes follow it. */
const ED25519_SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

/** The 44 bytes of an Ed25519 public key in SPKI PEM; throws on anything else. */
export function spkiFromPem(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem
    .replace(/-----BEGIN PUBLIC KEY-----/, '')
    .replace(/-----END PUBLIC KEY-----/, '')
    .replace(/\s+/g, '');
  const der = base64ToBytes(body);
  const prefixOk = ED25519_SPKI_PREFIX.every((b, i) => der[i] === b);
  if (der.length !== 44 || !prefixOk) throw new Error('the ledger key is not an Ed25519 public key (SPKI PEM)');
  return der;
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A key's id as API.md fixes it: lowercase hex SHA-256 of its SPKI DER. */
export async function keyIdOf(publicKeyPem: string, crypto = webCrypto()): Promise<string> {
  return toHex(await sha256(crypto, spkiFromPem(publicKeyPem)));
}

/**
 * The listed key `head` names, when its id is the hash of its public key and the server says it
 * signed heads of that size; null otherwise (an unknown keyId, a key served under another's id).
 */
export async function keyForHead(
  head: Pick<TreeHeadView, 'keyId' | 'treeSize'>,
  keys: LedgerKeyView[],
  crypto = webCrypto(),
): Promise<LedgerKeyView | null> {
  const key = keys.find((k) => k.keyId === head.keyId);
  if (!key || key.firstTreeSize === null || key.lastTreeSize === null) return null;
  if (head.treeSize < key.firstTreeSize || head.treeSize > key.lastTreeSize) return null;
  try {
    return (await keyIdOf(key.publicKey, crypto)) === key.keyId ? key : null;
  } catch {
    return null;
  }
}

/** The head's signature with the key it names (keyForHead); invalid when that key is not one. */
export async function verifyHeadWithKeys(
  head: TreeHeadView,
  keys: LedgerKeyView[],
  crypto = webCrypto(),
): Promise<{ valid: boolean; engine: Ed25519Engine }> {
  const key = await keyForHead(head, keys, crypto);
  if (!key) return { valid: false, engine: 'webcrypto' };
  return verifyTreeHeadSignature(head, key.publicKey, crypto);
}

/** Which Ed25519 implementation checked a signature: the browser's, or @noble/ed25519 where it has none. */
export type Ed25519Engine = 'webcrypto' | 'noble';

/**
 * Ed25519 over the head's message with the published key. WebCrypto's Ed25519 where the browser
 * has it; some WeChat webviews do not, and there the audited @noble/ed25519 checks it (strict
 * RFC 8032 rules, as WebCrypto applies them).
 */
export async function verifyTreeHeadSignature(
  head: TreeHeadView,
  publicKeyPem: string,
  crypto = webCrypto(),
): Promise<{ valid: boolean; engine: Ed25519Engine }> {
  const spki = spkiFromPem(publicKeyPem);
  const message = new TextEncoder().encode(treeHeadMessage(head));
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = base64ToBytes(head.signature);
  } catch {
    return { valid: false, engine: 'webcrypto' };
  }
  if (signature.length !== 64) return { valid: false, engine: 'webcrypto' };
  let key: CryptoKey | null = null;
  try {
    key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    key = null;
  }
  if (key)
    return { valid: await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message), engine: 'webcrypto' };
  const ed = await import('@noble/ed25519');
  // noble hashes with SHA-512 from the same WebCrypto the page has.
  ed.hashes.sha512Async = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-512', concat(bytes)));
  const valid = await ed.verifyAsync(signature, message, spki.slice(ED25519_SPKI_PREFIX.length), { zip215: false });
  return { valid, engine: 'noble' };
}

/** The fields the page shows beside the canonical text; each must be what the leaf commits to. */
const SHOWN_FIELDS = ['seq', 'kind', 'amountFen', 'quantity', 'campaignId', 'donor', 'memo', 'occurredAt'] as const;

/** Fields the server showed differently from its canonical text (the page shows what was hashed). */
export function fieldsDifferingFromCanonical(entry: EntryView): string[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(entry.canonical) as Record<string, unknown>;
  } catch {
    return ['canonical'];
  }
  return SHOWN_FIELDS.filter((field) => {
    const shown = field === 'occurredAt' ? new Date(entry.occurredAt).toISOString() : entry[field];
    return parsed[field] !== shown;
  });
}

export type CheckName = 'fields' | 'leafHash' | 'inclusion' | 'signature' | 'consistency';

export interface Check {
  name: CheckName;
  ok: boolean;
}

export interface VerificationInput {
  entry: EntryView;
  head: TreeHeadView;
  proof: InclusionProofView;
  /** ledgerPublicKeys: each head is checked with the key its keyId names. */
  keys: LedgerKeyView[];
  /** A head this page verified before, and the server's consistency proof from it to `head`. */
  earlier?: { head: TreeHeadView; proof: string[] };
}

export interface VerificationReport {
  /** True only when every check ran and passed. */
  verified: boolean;
  checks: Check[];
  engine?: Ed25519Engine;
  /** The root recomputed from the entry and its audit path. */
  computedRoot: string | null;
}

/** Every check of one entry against one signed tree head; `verified` only when all of them pass. */
export async function verifyLedgerEntry(input: VerificationInput, crypto = webCrypto()): Promise<VerificationReport> {
  const { entry, head, proof } = input;
  const checks: Check[] = [];
  checks.push({ name: 'fields', ok: fieldsDifferingFromCanonical(entry).length === 0 });
  const leaf = await leafHashOf(entry.canonical, crypto);
  checks.push({ name: 'leafHash', ok: leaf === entry.leafHash && leaf === proof.leafHash });
  let computedRoot: string | null = null;
  try {
    computedRoot =
      proof.leafIndex === entry.seq && proof.treeSize === head.treeSize
        ? await rootFromInclusionProof(entry.seq, head.treeSize, leaf, proof.auditPath, crypto)
        : null;
  } catch {
    computedRoot = null;
  }
  checks.push({ name: 'inclusion', ok: computedRoot !== null && computedRoot === head.rootHash });
  let engine: Ed25519Engine | undefined;
  try {
    const signature = await verifyHeadWithKeys(head, input.keys, crypto);
    engine = signature.engine;
    checks.push({ name: 'signature', ok: signature.valid });
  } catch {
    checks.push({ name: 'signature', ok: false });
  }
  if (input.earlier) {
    const { head: before, proof: consistency } = input.earlier;
    let ok = false;
    try {
      const signed = await verifyHeadWithKeys(before, input.keys, crypto);
      ok =
        signed.valid &&
        (await verifyConsistency(before.treeSize, head.treeSize, before.rootHash, head.rootHash, consistency, crypto));
    } catch {
      ok = false;
    }
    checks.push({ name: 'consistency', ok });
  }
  return { verified: checks.every((c) => c.ok), checks, engine, computedRoot };
}
