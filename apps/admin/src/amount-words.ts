/**
 * 大写金额 as a receipt writes it (《支付结算办法》's rules): 壹佰贰拾叁元肆角伍分, 壹佰元整,
 * 壹仟零伍元整; one 零 for each run of zeros inside the number, none at its end; 整 after 元 or 角.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES = ['', '拾', '佰', '仟'];
/** Each group of four digits, from the lowest: ones, 万, 亿, 万亿. */
const GROUPS = ['', '万', '亿', '万亿'];

/** 0 < group < 10000: 1005 → 壹仟零伍, 1010 → 壹仟零壹拾, 20 → 贰拾. */
function groupWords(group: number): string {
  let out = '';
  let zeros = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(group / 10 ** place) % 10;
    if (digit === 0) {
      zeros = out !== '';
      continue;
    }
    if (zeros) out += '零';
    zeros = false;
    out += DIGITS[digit] + PLACES[place];
  }
  return out;
}

/** n > 0 whole yuan: 100010 → 壹拾万零壹拾, 10000 → 壹万. */
function yuanWords(n: number): string {
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
  let out = '';
  let skipped = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i];
    if (group === 0) {
      skipped = out !== '';
      continue;
    }
    // A zero between two groups (壹万零伍), or a group that starts below its 仟 (壹万零伍佰).
    if (out && (skipped || group < 1000)) out += '零';
    skipped = false;
    out += groupWords(group) + GROUPS[i];
  }
  return out;
}

/** An amount in fen (a non-negative safe integer) in Chinese capitals: 12345 → 壹佰贰拾叁元肆角伍分. */
export function amountInWords(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuan > 0 ? `${yuanWords(yuan)}元` : '';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  // 壹元零伍分: the missing 角 is said between 元 and 分, not before a bare 分 (伍分).
  else if (cents > 0 && yuan > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  else out += '整';
  return out;
}
