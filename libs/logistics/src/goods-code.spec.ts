import { CodeKind, newGoodsCode, parseGoodsCode } from './goods-code';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('goods codes', () => {
  const codes = Array.from({ length: 300 }, (_, i) => newGoodsCode(i % 2 ? CodeKind.ITEM : CodeKind.PARCEL));

  it('are a prefix and ten Crockford base32 symbols, all different, all passing their check', () => {
    for (const code of codes) {
      expect(code).toMatch(/^(IT|PK)-[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(parseGoodsCode(code, 'code').code).toBe(code);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('read as typed by hand: lower case, spaces, dashes, I/L for 1 and O for 0', () => {
    const code = codes.find((c) => /[01]/.test(c.slice(3)))!;
    const sloppy = `${code.slice(0, 2).toLowerCase()} ${code
      .slice(3)
      .toLowerCase()
      .replace(/1/g, 'l')
      .replace(/0/g, 'o')
      .replace(/(.{4})/, '$1-')}`;
    expect(parseGoodsCode(sloppy, 'code')).toEqual({ kind: code.slice(0, 2), code });
  });

  it('refuse every single mistyped character, naming the check', () => {
    for (const code of codes.slice(0, 40)) {
      for (let pos = 3; pos < code.length; pos++) {
        for (const symbol of ALPHABET) {
          if (symbol === code[pos]) continue;
          const typo = code.slice(0, pos) + symbol + code.slice(pos + 1);
          expect(() => parseGoodsCode(typo, 'code')).toThrow(
            /^code: “.+” 的校验位不对：有字符输错了，请重新扫码或输入$/,
          );
        }
      }
    }
  });

  it('refuse every swap of two different characters', () => {
    for (const code of codes.slice(0, 40)) {
      const body = [...code.slice(3)];
      for (let i = 0; i < body.length; i++) {
        for (let j = i + 1; j < body.length; j++) {
          if (body[i] === body[j]) continue;
          const swapped = [...body];
          [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
          expect(() => parseGoodsCode(`${code.slice(0, 3)}${swapped.join('')}`, 'code')).toThrow(/的校验位不对/);
        }
      }
    }
  });

  it('refuse a wrong prefix, length or symbol, and a kind the caller does not expect', () => {
    const [code] = codes;
    expect(() => parseGoodsCode(`XX${code.slice(2)}`, 'input.code')).toThrow(
      /^input\.code: “.+” 不是这里要的编码：应为 IT-、PK- 或 OF- 加十个字符$/,
    );
    expect(() => parseGoodsCode(code.slice(0, -1), 'code')).toThrow(
      /- 后面应是十个字符，取自 0-9 和 A-Z（不含 I、L、O、U）$/,
    );
    expect(() => parseGoodsCode(`${code.slice(0, -1)}U`, 'code')).toThrow(
      /- 后面应是十个字符，取自 0-9 和 A-Z（不含 I、L、O、U）$/,
    );
    const item = newGoodsCode(CodeKind.ITEM);
    expect(() => parseGoodsCode(item, 'parcelCode', [CodeKind.PARCEL])).toThrow(
      /^parcelCode: “.+” 不是这里要的编码：应为 PK- 加十个字符$/,
    );
  });
});
