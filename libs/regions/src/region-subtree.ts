/**
 * The one rule of region scope (DESIGN.md, "Scope lives in the data layer"): a region lies in
 * the subtree of a root when its materialized path is the root's or starts with it and a '/'.
 * This file holds the rule in both its forms, for a row already in hand (`isInSubtree`) and as
 * SQL a repository adds to its own query (`Subtree`), so no other module writes a join on the
 * `region` or `service_node` tables or repeats the prefix match.
 */

/** Anything with a subtree root: a `RegionScope`, or a region itself. */
export interface SubtreeRoot {
  readonly rootPath: string;
}

/** True when the region (by its path) lies at or below the root path. */
export function isInSubtree(rootPath: string, region: { path: string }): boolean {
  return region.path === rootPath || region.path.startsWith(`${rootPath}/`);
}

/** Named parameters of a TypeORM query builder, for `andWhere(sql, params)`. */
export type SubtreeCondition = [sql: string, params: Record<string, string>];

/**
 * The rule as SQL conditions on a column of the caller's query. Each condition is a semi-join
 * (`column IN (SELECT id …)`) that the planner turns into one hashed lookup of the subtree's few
 * hundred regions, served by the `C`-collated `region_path_idx`.
 */
export class Subtree {
  private constructor(
    private readonly rootPath: string,
    private readonly key: string,
  ) {}

  /** `key` names the parameters, so two subtrees can share one query. */
  static of(root: SubtreeRoot, key = 'scope'): Subtree {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(key)) throw new Error(`subtree parameter key ${key} is not a plain name`);
    return new Subtree(root.rootPath, key);
  }

  private get named(): Record<string, string> {
    return { [`${this.key}Root`]: this.rootPath, [`${this.key}Prefix`]: `${this.rootPath}/%` };
  }

  private regionIds(root: string, prefix: string): string {
    return `SELECT sr.id FROM region sr WHERE sr.path = ${root} OR sr.path LIKE ${prefix}`;
  }

  private nodeIds(root: string, prefix: string): string {
    return `SELECT sn.id FROM service_node sn JOIN region sr ON sr.id = sn.region_id WHERE sr.path = ${root} OR sr.path LIKE ${prefix}`;
  }

  /** `column` (a region id) lies in the subtree; for a query builder. */
  regionIn(column: string): SubtreeCondition {
    return [`${column} IN (${this.regionIds(`:${this.key}Root`, `:${this.key}Prefix`)})`, this.named];
  }

  /** `column` (a service node id) is a centre of the subtree; for a query builder. */
  nodeIn(column: string): SubtreeCondition {
    return [`${column} IN (${this.nodeIds(`:${this.key}Root`, `:${this.key}Prefix`)})`, this.named];
  }

  /** `column` (a region id) lies in the subtree; for raw SQL: appends two values to `params`. */
  regionInRaw(column: string, params: unknown[]): string {
    const [root, prefix] = this.pushTo(params);
    return `${column} IN (${this.regionIds(root, prefix)})`;
  }

  /** `column` (a service node id) is a centre of the subtree; for raw SQL: appends to `params`. */
  nodeInRaw(column: string, params: unknown[]): string {
    const [root, prefix] = this.pushTo(params);
    return `${column} IN (${this.nodeIds(root, prefix)})`;
  }

  /**
   * A relation `(id, child)` of every region in the subtree, `child` being the code of the
   * root's child region it lies in ('' for the root itself): join it on a region id column and
   * group by `child` for figures per child region. For raw SQL: appends to `params`.
   */
  regionsByChildRaw(params: unknown[]): string {
    const [root, prefix, depth] = this.pushTo(params, true);
    return `SELECT sr.id, split_part(sr.path, '/', ${depth}) AS child FROM region sr WHERE sr.path = ${root} OR sr.path LIKE ${prefix}`;
  }

  /** The same relation `(id, child)` for the service nodes of the subtree. */
  nodesByChildRaw(params: unknown[]): string {
    const [root, prefix, depth] = this.pushTo(params, true);
    return `SELECT sn.id, split_part(sr.path, '/', ${depth}) AS child FROM service_node sn JOIN region sr ON sr.id = sn.region_id WHERE sr.path = ${root} OR sr.path LIKE ${prefix}`;
  }

  private pushTo(params: unknown[], withDepth = false): [string, string, string] {
    params.push(this.rootPath, `${this.rootPath}/%`);
    const root = `$${params.length - 1}`;
    const prefix = `$${params.length}`;
    if (!withDepth) return [root, prefix, ''];
    params.push(this.rootPath.split('/').length + 1);
    return [root, prefix, `$${params.length}::int`];
  }
}
