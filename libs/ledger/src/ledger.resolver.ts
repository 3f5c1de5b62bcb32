import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@shanchou/core';
import {
  ConsistencyProofArgs,
  InclusionProofArgs,
  InclusionProofObject,
  LedgerArgs,
  LedgerEntryObject,
  LedgerKeyObject,
  LedgerKindTotalObject,
  LedgerPageObject,
  TreeHeadObject,
  TreeHeadsArgs,
} from './dto/ledger.objects';
import { LedgerKeys } from './ledger-keys.service';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerRepository } from './ledger.repository';
import { TreeHeadService } from './tree-head.service';

/** The public ledger: anyone may read it and check it. */
@Public()
@Resolver()
export class LedgerResolver {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly proofs: LedgerProofService,
    private readonly heads: TreeHeadService,
    private readonly keys: LedgerKeys,
  ) {}

  @Query(() => LedgerPageObject, { description: 'Entries in seq order from 0' })
  async ledger(@Args() { campaignId, after, first }: LedgerArgs): Promise<LedgerPageObject> {
    const rows = await this.repo.page({ campaignId }, after ?? -1, first + 1);
    const entries = rows.slice(0, first).map((r) => LedgerEntryObject.from(r));
    return Object.assign(new LedgerPageObject(), {
      entries,
      nextAfter: rows.length > first ? entries[entries.length - 1].seq : null,
      totalFen: await this.repo.totalFen({ campaignId }),
    });
  }

  @Query(() => [LedgerKindTotalObject], { description: 'Totals per kind, for one campaign or all' })
  async ledgerTotals(@Args() { campaignId }: LedgerArgs): Promise<LedgerKindTotalObject[]> {
    return (await this.repo.totalsByKind({ campaignId })).map((t) => Object.assign(new LedgerKindTotalObject(), t));
  }

  @Query(() => TreeHeadObject, { description: 'The latest signed tree head' })
  async ledgerTreeHead(): Promise<TreeHeadObject> {
    return TreeHeadObject.from(await this.heads.latest());
  }

  @Query(() => [TreeHeadObject], { description: 'Earlier signed tree heads, newest first' })
  async ledgerTreeHeads(@Args() { before, first }: TreeHeadsArgs): Promise<TreeHeadObject[]> {
    return (await this.heads.history(before, first)).map((h) => TreeHeadObject.from(h));
  }

  @Query(() => InclusionProofObject)
  async ledgerInclusionProof(@Args() { seq, treeSize }: InclusionProofArgs): Promise<InclusionProofObject> {
    return Object.assign(new InclusionProofObject(), await this.proofs.inclusion(seq, treeSize));
  }

  @Query(() => [String], { description: 'RFC 6962 consistency proof between two tree sizes' })
  ledgerConsistencyProof(@Args() { first, second }: ConsistencyProofArgs): Promise<string[]> {
    return this.proofs.consistency(first, second);
  }

  @Query(() => String, { description: 'The Ed25519 public key that signs new tree heads, SPKI PEM' })
  ledgerPublicKey(): string {
    return this.heads.publicKeyPem;
  }

  @Query(() => [LedgerKeyObject], {
    description: 'Every key that signed tree heads, oldest first: verify each head with the key its keyId names',
  })
  async ledgerPublicKeys(): Promise<LedgerKeyObject[]> {
    return (await this.keys.list()).map((k) => LedgerKeyObject.from(k));
  }
}
