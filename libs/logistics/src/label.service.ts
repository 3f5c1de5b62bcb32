import { Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';

/** What a label says beside its QR code. */
export interface LabelContent {
  code: string;
  /** 大米 · 东北大米 5kg 袋装 */
  title: string;
  /** 10袋, or 3 件物品 */
  detail: string;
  /** The centre that registered or packed it. */
  place: string;
  /** Asia/Shanghai date, yyyy-mm-dd. */
  date: string;
}

/** One label: 70 × 37 mm, the common 24-up A4 label sheet (3 × 8). */
const LABEL_W = 70;
const LABEL_H = 37;
const SHEET_W = 210;
const SHEET_H = 297;
const COLUMNS = 3;
const ROWS = 8;
export const LABELS_PER_SHEET = COLUMNS * ROWS;
/** Four modules of quiet zone round the code, as the QR standard asks. */
const QUIET = 4;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

/** Cuts text to `max` characters (by code point) with an ellipsis. */
function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** yyyy-mm-dd in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * QR labels (标签) for items and parcels: the QR code holds the code itself, which the scanning
 * API takes as it is. SVG uses presentation attributes only, so it prints under a strict CSP.
 */
@Injectable()
export class LabelService {
  /** The bare QR code as a PNG, for label printers and phones. */
  qrPng(code: string): Promise<Buffer> {
    return QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: QUIET, scale: 8 });
  }

  /** One label as a stand-alone SVG, sized in millimetres. */
  labelSvg(label: LabelContent): string {
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_W}mm" height="${LABEL_H}mm" viewBox="0 0 ${LABEL_W} ${LABEL_H}">`,
      this.labelBody(label),
      '</svg>',
      '',
    ].join('\n');
  }

  /** Up to 24 labels on an A4 sheet, 3 across and 8 down, in the order given. */
  sheetSvg(labels: LabelContent[]): string {
    const marginX = (SHEET_W - COLUMNS * LABEL_W) / 2;
    const marginY = (SHEET_H - ROWS * LABEL_H) / 2;
    const cells = labels.slice(0, LABELS_PER_SHEET).map((label, i) => {
      const x = marginX + (i % COLUMNS) * LABEL_W;
      const y = marginY + Math.floor(i / COLUMNS) * LABEL_H;
      return `<svg x="${x}" y="${y}" width="${LABEL_W}" height="${LABEL_H}" viewBox="0 0 ${LABEL_W} ${LABEL_H}">${this.labelBody(label)}</svg>`;
    });
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${SHEET_W}mm" height="${SHEET_H}mm" viewBox="0 0 ${SHEET_W} ${SHEET_H}">`,
      `<rect width="${SHEET_W}" height="${SHEET_H}" fill="#fff"/>`,
      ...cells,
      '</svg>',
      '',
    ].join('\n');
  }

  private labelBody(label: LabelContent): string {
    const qr = QRCode.create(label.code, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    let path = '';
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (qr.modules.get(x, y)) path += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
      }
    }
    const side = LABEL_H - 4;
    const textX = side + 4;
    const font = 'font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"';
    return [
      `<rect x="0.5" y="0.5" width="${LABEL_W - 1}" height="${LABEL_H - 1}" rx="2" fill="#fff" stroke="#bbb" stroke-width="0.2"/>`,
      `<svg x="2" y="2" width="${side}" height="${side}" viewBox="0 0 ${size + 2 * QUIET} ${size + 2 * QUIET}" shape-rendering="crispEdges">`,
      `<path fill="#000" d="${path}"/>`,
      '</svg>',
      `<text x="${textX}" y="8" ${font} font-size="3.6" font-weight="bold" fill="#000">${escapeXml(label.code)}</text>`,
      `<text x="${textX}" y="14" ${font} font-size="2.8" fill="#000">${escapeXml(cut(label.title, 12))}</text>`,
      `<text x="${textX}" y="19" ${font} font-size="2.8" fill="#000">${escapeXml(cut(label.detail, 12))}</text>`,
      `<text x="${textX}" y="26" ${font} font-size="2.2" fill="#444">${escapeXml(cut(label.place, 15))}</text>`,
      `<text x="${textX}" y="30" ${font} font-size="2.2" fill="#444">${escapeXml(label.date)}</text>`,
      `<text x="${textX}" y="34" ${font} font-size="2" fill="#888">善筹 · 统一登记 统一配送</text>`,
    ].join('');
  }
}
