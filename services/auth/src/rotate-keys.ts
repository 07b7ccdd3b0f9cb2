/**
 * `node services/auth/dist/rotate-keys.js`: seals any signing key still in the clear and re-wraps
 * every signing key's data key under AUTH_ACTIVE_KEY_ID, with the same environment as the
 * service (DATABASE_URL, AUTH_MASTER_KEYS, AUTH_ACTIVE_KEY_ID). The service does the same at
 * every start; this is for rotating without a restart. Prints one JSON line.
 */
import 'reflect-metadata';
import { loadConfig } from '@strata/config';
import { authConfigSchema } from './config';
import { PrismaService } from './database/prisma.service';
import { SigningKeyVault } from './keys/signing-key-vault';

async function main(): Promise<void> {
  const config = loadConfig('auth', authConfigSchema);
  const prisma = new PrismaService(config);
  try {
    const result = await new SigningKeyVault(prisma, config).secureAll();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rotate-keys failed: ${(error as Error).message}\n`);
  process.exit(1);
});
