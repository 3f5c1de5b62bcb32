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
      throw new InputError('treeSize', `must be between 1 and the ledger's size, ${await this.repo.size()}`);
    }
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= treeSize) {
      throw new InputError('seq', `must be an entry of the tree: 0 to ${treeSize - 1}`);
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
      throw new InputError('second', `must be between 1 and the ledger's size, ${await this.repo.size()}`);
    }
    if (!Number.isSafeInteger(first) || first < 1 || first > second) {
      throw new InputError('first', `must be between 1 and second (${second})`);
    }
    return hex(await withNodes(plan.consistency(first, second), (keys) => this.nodesWithin(keys, second, 'second', 1)));
  }

  /** The nodes, read with the ledger's size in one statement; a tree larger than the ledger is refused. */
  private async nodesWithin(keys: NodeKey[], treeSize: number, field: string, min: number) {
    const { size, nodes } = await this.repo.nodesWithSize(keys);
    if (treeSize > size) throw new InputError(field, `must be between ${min} and the ledger's size, ${size}`);
    return nodes;
  }
}
