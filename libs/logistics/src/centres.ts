import { Injectable } from '@nestjs/common';
import { NodeKind, RegionEntity, RegionService, ServiceNodeEntity } from '@shanchou/regions';

/** A service node (中心) with its region. */
export interface Centre {
  node: ServiceNodeEntity;
  region: RegionEntity;
}

/** How long a snapshot of the region tree is trusted; a lookup that misses reloads at once. */
const TTL_MS = 60_000;

/** The service nodes of the region tree, read through RegionService, for one operation. */
export class CentreDirectory {
  private readonly byNode = new Map<string, Centre>();
  private readonly byRegion = new Map<string, Centre>();

  constructor(centres: Centre[]) {
    for (const c of centres) {
      this.byNode.set(c.node.id, c);
      this.byRegion.set(c.region.id, c);
    }
  }

  has(nodeId: string): boolean {
    return this.byNode.has(nodeId);
  }

  hasRegion(regionId: string): boolean {
    return this.byRegion.has(regionId);
  }

  centre(nodeId: string): Centre | undefined {
    return this.byNode.get(nodeId);
  }

  ofRegion(regionId: string): Centre | undefined {
    return this.byRegion.get(regionId);
  }

  /** The node's name, for messages. */
  name(nodeId: string | null): string {
    return (nodeId && this.byNode.get(nodeId)?.node.name) || '另一个中心';
  }

  /** Goods move one tier at a time: to the parent's centre or a child's. */
  neighbours(a: string, b: string): boolean {
    const x = this.byNode.get(a)?.region;
    const y = this.byNode.get(b)?.region;
    return !!x && !!y && (x.parentId === y.id || y.parentId === x.id);
  }

  neighboursOf(nodeId: string): Centre[] {
    return [...this.byNode.values()]
      .filter((c) => this.neighbours(nodeId, c.node.id))
      .sort((p, q) => p.region.code.localeCompare(q.region.code));
  }

  isVillageCentre(nodeId: string): boolean {
    return this.byNode.get(nodeId)?.node.kind === NodeKind.DISTRIBUTION_CENTER;
  }
}

/**
 * Hands out directories of the service nodes. The tree changes rarely (a seed or an import), so a
 * snapshot is reused for a minute, and reloaded at once when asked about a node it lacks. Read
 * before a transaction starts: inside one, only the transaction's own connection may be used.
 */
@Injectable()
export class Centres {
  private cached: { at: number; directory: CentreDirectory } | null = null;

  constructor(private readonly regions: RegionService) {}

  async directory(need: { nodeIds?: (string | null)[]; regionIds?: string[] } = {}): Promise<CentreDirectory> {
    const current = this.cached;
    if (
      current &&
      Date.now() - current.at < TTL_MS &&
      (need.nodeIds ?? []).every((id) => id === null || current.directory.has(id)) &&
      (need.regionIds ?? []).every((id) => current.directory.hasRegion(id))
    ) {
      return current.directory;
    }
    const directory = await this.load();
    this.cached = { at: Date.now(), directory };
    return directory;
  }

  private async load(): Promise<CentreDirectory> {
    const roots = await this.regions.list();
    const regions = (await Promise.all(roots.map((root) => this.regions.subtree(root)))).flat();
    const byId = new Map(regions.map((r) => [r.id, r]));
    const nodes = regions.length ? await this.regions.nodesOf(regions.map((r) => r.id)) : [];
    return new CentreDirectory(
      nodes.flatMap((node) => {
        const region = byId.get(node.regionId);
        return region ? [{ node, region }] : [];
      }),
    );
  }
}
