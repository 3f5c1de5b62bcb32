import { snakeCase, SnakeNamingStrategy } from './snake-naming.strategy';

describe('snake-case naming', () => {
  const naming = new SnakeNamingStrategy();

  it('turns property and class names into SQL names', () => {
    expect(snakeCase('amountFen')).toBe('amount_fen');
    expect(snakeCase('parentId')).toBe('parent_id');
    expect(snakeCase('HTTPRequestLog')).toBe('http_request_log');
    expect(naming.tableName('ServiceNodeEntity', undefined)).toBe('service_node');
    expect(naming.tableName('RegionEntity', 'region')).toBe('region');
    expect(naming.columnName('createdAt', undefined, [])).toBe('created_at');
    expect(naming.columnName('total', undefined, ['matchPool'])).toBe('match_pool_total');
    expect(naming.joinColumnName('parent', 'id')).toBe('parent_id');
  });
});
