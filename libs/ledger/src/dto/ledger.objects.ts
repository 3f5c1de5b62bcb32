import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { LedgerKind } from '../ledger-kind';
import { LedgerEntryEntity } from '../ledger.entities';
import { InclusionProof } from '../ledger-proof.service';
import { LedgerKeyRow } from '../ledger-keys.repository';
import { TreeHead } from '../tree-head.service';

@ObjectType('LedgerEntry', { description: '公开账本的一条记录' })
export class LedgerEntryObject {
  @Field(() => Int, { description: 'Gapless from 0; also the leaf index' })
  seq!: number;

  @Field(() => LedgerKind)
  kind!: LedgerKind;

  @Field(() => SafeInt, { nullable: true, description: 'Signed fen: in > 0, out < 0' })
  amountFen!: number | null;

  @Field(() => Int, { nullable: true })
  quantity!: number | null;

  @Field(() => ID, { nullable: true })
  campaignId!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked (张*), or 爱心人士' })
  donor!: string | null;

  @Field(() => String, { nullable: true })
  memo!: string | null;

  @Field()
  occurredAt!: Date;

  @Field({ description: 'The exact UTF-8 text hashed for the leaf: JSON, keys sorted, no white space' })
  canonical!: string;

  @Field({ description: 'hex(SHA-256(0x00 ‖ canonical))' })
  leafHash!: string;

  static from(e: LedgerEntryEntity): LedgerEntryObject {
    return Object.assign(new LedgerEntryObject(), {
      seq: Number(e.seq),
      kind: e.kind,
      amountFen: e.amountFen === null ? null : Number(e.amountFen),
      quantity: e.quantity,
      campaignId: e.campaignId,
      donor: e.donor,
      memo: e.memo,
      occurredAt: e.occurredAt,
      canonical: e.canonical,
      leafHash: e.leafHash,
    });
  }
}

@ObjectType('LedgerPage')
export class LedgerPageObject {
  @Field(() => [LedgerEntryObject])
  entries!: LedgerEntryObject[];

  @Field(() => Int, { nullable: true, description: 'Pass as `after` for the next page; null on the last' })
  nextAfter!: number | null;

  @Field(() => SafeInt, { description: 'The sum of the amounts of every entry that matches, in fen' })
  totalFen!: number;
}

@ObjectType('LedgerKindTotal')
export class LedgerKindTotalObject {
  @Field(() => LedgerKind)
  kind!: LedgerKind;

  @Field(() => SafeInt)
  amountFen!: number;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int)
  entries!: number;
}

@ObjectType('TreeHead', { description: 'A signed tree head: Ed25519 over {"rootHash","timestamp","treeSize"}' })
export class TreeHeadObject {
  @Field(() => Int)
  treeSize!: number;

  @Field()
  rootHash!: string;

  @Field()
  timestamp!: Date;

  @Field({ description: 'base64' })
  signature!: string;

  @Field({ description: 'The LedgerKey that signed it (ledgerPublicKeys): lowercase hex SHA-256 of its SPKI DER' })
  keyId!: string;

  static from(head: TreeHead): TreeHeadObject {
    return Object.assign(new TreeHeadObject(), { ...head, timestamp: new Date(head.timestamp) });
  }
}

@ObjectType('LedgerKey', {
  description: 'A key that signs tree heads; every key ever used stays listed, so earlier heads still verify',
})
export class LedgerKeyObject {
  @Field({ description: 'Lowercase hex SHA-256 of the SPKI DER of publicKey: check it' })
  keyId!: string;

  @Field({ description: 'Ed25519, SPKI PEM' })
  publicKey!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The smallest tree size it signed a head of; null before its first',
  })
  firstTreeSize!: number | null;

  @Field(() => Int, { nullable: true, description: 'The largest tree size it signed a head of; null before its first' })
  lastTreeSize!: number | null;

  @Field(() => Date, { nullable: true, description: 'Retired: it signs no more heads (those it signed still verify)' })
  retiredAt!: Date | null;

  static from(row: LedgerKeyRow): LedgerKeyObject {
    return Object.assign(new LedgerKeyObject(), {
      keyId: row.keyId,
      publicKey: row.publicKey,
      firstTreeSize: row.firstTreeSize,
      lastTreeSize: row.lastTreeSize,
      retiredAt: row.retiredAt,
    });
  }
}

@ObjectType('InclusionProof')
export class InclusionProofObject implements InclusionProof {
  @Field(() => Int)
  leafIndex!: number;

  @Field(() => Int)
  treeSize!: number;

  @Field()
  leafHash!: string;

  @Field(() => [String], { description: 'From the leaf upward' })
  auditPath!: string[];
}

@ArgsType()
export class LedgerArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的项目编号' })
  campaignId?: string;

  @Field(() => Int, { nullable: true, description: 'Entries after this seq; from seq 0 when omitted' })
  @IsOptional()
  @IsInt()
  @Min(0)
  after?: number;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(500)
  first = 50;
}

@ArgsType()
export class InclusionProofArgs {
  @Field(() => Int)
  @IsInt()
  seq!: number;

  @Field(() => Int)
  @IsInt()
  treeSize!: number;
}

@ArgsType()
export class ConsistencyProofArgs {
  @Field(() => Int)
  @IsInt()
  first!: number;

  @Field(() => Int)
  @IsInt()
  second!: number;
}

@ArgsType()
export class TreeHeadsArgs {
  @Field(() => Int, { nullable: true, description: 'Heads of smaller trees than this' })
  @IsOptional()
  @IsInt()
  @Min(0)
  before?: number;

  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 20;
}
