import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AppConfig, createRootLogger } from '@shanchou/core';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createApi } from '../bootstrap';
import { renderSchema } from '../schema-file';

/** npm run schema:generate — writes schema.gql, the public schema reviewers read in each change. */
async function main(): Promise<void> {
  const config = AppConfig.from({ NODE_ENV: 'development', SEED_DEMO: 'false', RUN_JOBS: 'true' });
  const app = await createApi(config, createRootLogger({ level: 'warn', service: 'cli' }), {
    core: { database: { inMemory: true, runMigrations: true } },
  });
  try {
    const file = path.resolve(process.cwd(), 'schema.gql');
    writeFileSync(file, renderSchema(app.get(GraphQLSchemaHost).schema));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
