import { Injectable } from '@nestjs/common';
import { InputError } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { LedgerRepository } from './ledger.repository';
import { NodeKey, plan, withNodes } from './merkle/rfc6962';

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: string[];
}

const hex = (hashes: Buffer[]): string[] => hashes.map((h) => h.toString('hex'));

/** Roots and proofs over the committed ledger, from stored subtrees: O(log n) nodes, one query. */
@Injectable()
export class LedgerProofService {
  constructor(private readonly repo: LedgerRepository) {}

  async root(treeSize: number, manager?: EntityManager): Promise<string> {
    return (await withNodes(plan.root(treeSize), (keys) => this.repo.nodes(keys, manager))).toString('hex');
  }

  async inclusion(seq: number, treeSize: number): Promise<InclusionProof> {
    if (!Number.isSafeInteger(treeSize) || treeSize < 1) {
      throw new InputError('treeSize', `树的大小须在 1 到账本当前条数 ${await this.repo.size()} 之间`);
    }
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= treeSize) {
      throw new InputError('seq', `须为这棵树中的一条记录：0 到 ${treeSize - 1}`);
    }
    // The size, the leaf and its audit path in one round trip.
    const { leaf, path } = await withNodes(
      (get) => ({ leaf: get({ level: 0, index: seq }), path: plan.inclusion(seq, treeSize)(get) }),
      (keys) => this.nodesWithin(keys, treeSize, 'treeSize', 1),
    );
    return { leafIndex: seq, treeSize, leafHash: leaf.toString('hex'), auditPath: hex(path) };
  }

  async consistency(first: number, second: number): Promise<string[]> {
    if (!Number.isSafeInteger(second) || second < 1) {
      throw new InputError('second', `树的大小须在 1 到账本当前条数 ${await this.repo.size()} 之间`);
    }
    if (!Number.isSafeInteger(first) || first < 1 || first > second) {
      throw new InputError('first', `须在 1 到 second（${second}）之间`);
    }
    return hex(await withNodes(plan.consistency(first, second), (keys) => this.nodesWithin(keys, second, 'second', 1)));
  }

  /** The nodes, read with the ledger's size in one statement; a tree larger than the ledger is refused. */
  private async nodesWithin(keys: NodeKey[], treeSize: number, field: string, min: number) {
    const { size, nodes } = await this.repo.nodesWithSize(keys);
    if (treeSize > size) throw new InputError(field, `须在 ${min} 到账本当前条数 ${size} 之间`);
    return nodes;
  }
}
