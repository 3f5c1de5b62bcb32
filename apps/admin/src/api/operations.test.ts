// @vitest-environment node
import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as operations from './operations';

/** Every operation the console sends is valid against the committed public contract, schema.gql. */
const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../../../schema.gql', import.meta.url)), 'utf8'));

const documents: [string, string][] = Object.entries(operations).flatMap(([name, value]) =>
  typeof value === 'string' && /^\s*(query|mutation)\b/.test(value) ? [[name, value] as [string, string]] : [],
);

describe('the console’s GraphQL operations', () => {
  it('are many, the 线下汇款, 个人捐赠, 银行流水对账 and 捐赠票据 ones among them', () => {
    expect(documents.length).toBeGreaterThan(50);
    expect(documents.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'REMITTANCES',
        'REMITTANCE_DETAIL',
        'RECORD_REMITTANCE',
        'CONFIRM_REMITTANCE',
        'REMITTANCE_CAMPAIGNS',
        'REVERSE_REMITTANCE',
        'CONFIRM_REMITTANCE_REVERSAL',
        'BANK_STATEMENT_MAPPINGS',
        'SAVE_BANK_STATEMENT_MAPPING',
        'RECONCILE_BANK_STATEMENT',
        'BANK_STATEMENT_RECONCILIATIONS',
        'RECORD_OFFLINE_GIFT',
        'OFFLINE_GIFT_RECEIPT',
        'OFFICIAL_RECEIPT_REQUESTS',
        'ISSUE_OFFICIAL_RECEIPT',
        'REFUSE_OFFICIAL_RECEIPT',
        'REQUEST_REMITTANCE_RECEIPT',
      ]),
    );
  });

  it.each(documents)('%s is valid against schema.gql', (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
