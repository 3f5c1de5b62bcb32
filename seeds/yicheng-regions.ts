import { RegionLevel, RegionTreeNode } from '@shanchou/regions';

/**
 * 峄城区 (Yicheng district, Zaozhuang, Shandong), its 2 streets and 5 towns, and villages and
 * communities under each. District, street and town codes follow the statistical division
 * codes; village names and codes are illustrative demo data.
 */
function villages(townCode: string, names: string[]): RegionTreeNode[] {
  let communities = 0;
  let villageCount = 0;
  return names.map((name) => {
    // Communities (社区) number from 001, villages (村) from 201, as in the official codes.
    const serial = name.endsWith('社区') ? ++communities : 200 + ++villageCount;
    return { code: `${townCode}${String(serial).padStart(3, '0')}`, name, level: RegionLevel.VILLAGE };
  });
}

function town(code: string, name: string, villageNames: string[]): RegionTreeNode {
  return { code, name, level: RegionLevel.TOWN, children: villages(code, villageNames) };
}

export const YICHENG_DISTRICT: RegionTreeNode = {
  code: '370404',
  name: '峄城区',
  level: RegionLevel.DISTRICT,
  nodeName: '峄城区众筹管理中心',
  children: [
    town('370404001', '坛山街道', ['坛山社区', '东关社区', '西关社区', '北关社区']),
    town('370404002', '吴林街道', ['吴林社区', '曹庄村', '后王村', '东吴林村']),
    town('370404100', '古邵镇', ['古邵村', '八里屯村', '刘庄村', '王庄村']),
    town('370404101', '阴平镇', ['阴平村', '沙河崖村', '东仓村']),
    town('370404102', '底阁镇', ['底阁村', '大荒村', '杨楼村']),
    town('370404103', '榴园镇', ['贾泉村', '王府山村', '石屋村', '园上村']),
    town('370404104', '峨山镇', ['峨山口村', '马山村', '李庄村']),
  ],
};
