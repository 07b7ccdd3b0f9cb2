/**
 * `node services/cloud/dist/rotate-keys.js`: re-wraps every data key under CLOUD_ACTIVE_KEY_ID,
 * with the same environment as the service (DATABASE_URL, CLOUD_MASTER_KEYS,
 * CLOUD_ACTIVE_KEY_ID). Safe while the service runs; prints one JSON line.
 */
import 'reflect-metadata';
import { loadConfig } from '@strata/config';
import { cloudConfigSchema } from './config';
import { KeyRotation } from './crypto/key-rotation';
import { SecretStore } from './crypto/secret-store';
import { PrismaService } from './database/prisma.service';

async function main(): Promise<void> {
  const config = loadConfig('cloud', cloudConfigSchema);
  const prisma = new PrismaService(config);
  try {
    const result = await new KeyRotation(prisma, new SecretStore(config)).rotate();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rotate-keys failed: ${(error as Error).message}\n`);
  process.exit(1);
});
