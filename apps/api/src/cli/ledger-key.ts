import 'reflect-metadata';
import { LedgerKeys, LedgerSigningKey } from '@shanchou/ledger';
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cliContext } from './cli.module';

/**
 * npm run ledger:key -- new <file>                 a new Ed25519 signing key (PKCS#8 PEM, mode 0600)
 * npm run ledger:key -- list                       every key, with the tree sizes it signed
 * npm run ledger:key -- retire <keyId> <reason>    a key signs no more heads (rotation done, or leaked)
 * npm run ledger:key -- import <pem file>          registers the public half of a key that signed heads
 *
 * Rotation (README "The public ledger"): `new`, point LEDGER_SIGNING_KEY_PATH at the file, restart
 * every process; heads after the restart name the new key, earlier ones still verify with theirs.
 */
const USAGE = [
  '用法：npm run ledger:key -- new <文件>',
  '      npm run ledger:key -- list',
  '      npm run ledger:key -- retire <keyId> <原因>',
  '      npm run ledger:key -- import <公钥或私钥 PEM 文件>',
].join('\n');

async function withKeys<T>(work: (keys: LedgerKeys) => Promise<T>): Promise<T> {
  const { app } = await cliContext({ database: { runMigrations: false } });
  try {
    return await work(app.get(LedgerKeys));
  } finally {
    await app.close();
  }
}

function publicKeyIn(file: string): KeyObject {
  const pem = readFileSync(file, 'utf8');
  return pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'new' && rest.length === 1) {
    const pem = LedgerSigningKey.generatePem();
    try {
      // 'wx': never overwrite a key that may already sign.
      writeFileSync(rest[0], pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      console.error(`${rest[0]} 已经存在：不会覆盖一把可能正在使用的密钥，请换一个文件名`);
      return 1;
    }
    const key = new LedgerSigningKey(createPrivateKey(pem));
    console.log(`新的账本签名密钥已写入 ${rest[0]}（仅本用户可读）`);
    console.log(`keyId: ${key.keyId}`);
    console.log(key.publicKeyPem.trim());
    console.log('把 LEDGER_SIGNING_KEY_PATH 指向这个文件，再逐个重启 API 和 worker 进程。');
    return 0;
  }
  if (command === 'list' && rest.length === 0) {
    const keys = await withKeys((k) => k.list());
    if (keys.length === 0) console.log('还没有登记的签名密钥：API 或 worker 启动时登记它的密钥。');
    for (const k of keys) {
      const sizes = k.firstTreeSize === null ? '尚未签署树头' : `签署了第 ${k.firstTreeSize}–${k.lastTreeSize} 版`;
      const retired = k.retiredAt ? `；${k.retiredAt.toISOString()} 停用：${k.retiredReason}` : '';
      console.log(`${k.keyId}  登记于 ${k.addedAt.toISOString()}；${sizes}${retired}`);
    }
    return 0;
  }
  if (command === 'retire' && rest.length >= 2) {
    const [keyId, ...words] = rest;
    const reason = words.join(' ').trim();
    if (!/^[0-9a-f]{64}$/.test(keyId) || reason.length === 0 || reason.length > 500) {
      console.error('retire 需要 64 位小写十六进制的 keyId 和 1–500 个字的原因');
      return 2;
    }
    return withKeys(async (keys) => {
      const all = await keys.list();
      if (!all.some((k) => k.keyId === keyId)) {
        console.error(`没有这个账本签名密钥：${keyId}`);
        return 1;
      }
      if (!all.some((k) => k.keyId !== keyId && k.retiredAt === null)) {
        console.error('没有其他可用的签名密钥：请先用新密钥启动至少一个进程（它会登记新密钥），再停用这一把。');
        return 1;
      }
      if (!(await keys.retire(keyId, reason))) {
        console.error(`账本签名密钥 ${keyId} 早已停用`);
        return 1;
      }
      console.log(`账本签名密钥 ${keyId} 已停用：它不能再签署树头，它签署过的树头仍可用它的公钥核验。`);
      return 0;
    });
  }
  if (command === 'import' && rest.length === 1) {
    const publicKey = publicKeyIn(rest[0]);
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const row = await withKeys((keys) => keys.importPublicKey(pem));
    console.log(`已登记公钥 ${row.keyId}：它签署的树头启动时会被认出并标明。`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // ConfigError and LedgerKeyError say in their message what to do.
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
