import { create as createQr } from 'qrcode';
import type { DonationReceipt } from '../api/operations';
import { dateText, ledgerSeqText } from '../format';

/** The certificate's size in CSS pixels; drawn at twice that for a sharp saved image. */
export const CERTIFICATE_WIDTH = 750;
export const CERTIFICATE_HEIGHT = 1120;
const SCALE = 2;
const RED = '#b3131a';
const INK = '#3b2a1a';
const FONT =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif";

/** The lines a paragraph breaks into within `width`, character by character (Chinese has no spaces). */
export function wrapText(measure: (text: string) => number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && measure(line + ch) > width) {
      lines.push(line);
      line = ch === ' ' ? '' : ch;
    } else {
      line += ch;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The sentence the certificate states. */
export function certificateText(receipt: DonationReceipt): string {
  return `您于${dateText(receipt.paidAt)}向“${receipt.campaignTitle}”捐赠人民币${receipt.amountYuan}元。您的善举已记入善筹公开账本，特发此证，以致谢忱。`;
}

function drawQr(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, size: number): void {
  const qr = createQr(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / (count + 2);
  ctx.fillStyle = '#fff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) ctx.fillRect(x + (col + 1) * cell, y + (row + 1) * cell, cell + 0.3, cell + 0.3);
    }
  }
}

/** The platform's round mark (not an official seal): a ring, a star and 善筹. */
function drawMark(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number): void {
  ctx.save();
  ctx.strokeStyle = RED;
  ctx.fillStyle = RED;
  ctx.globalAlpha = 0.85;
  ctx.lineWidth = 5;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.stroke();
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r * 0.28 : r * 0.11;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const px = cx + radius * Math.cos(angle);
    const py = cy - r * 0.25 + radius * Math.sin(angle);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
  ctx.fill();
  ctx.font = `bold ${Math.round(r * 0.42)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('善筹', cx, cy + r * 0.35);
  ctx.restore();
}

/** What a certificate says; the drawing is the same for a gift and for volunteer service. */
export interface CertificateLayout {
  title: string;
  subtitle: string;
  /** 张三： */
  addressee: string;
  paragraph: string;
  details: string[];
  /** A public page that checks the certificate; drawn as a QR code. Null: not yet (正在入账). */
  verifyUrl: string | null;
  verifyCaption: [string, string];
  issuer: string;
  date: string;
}

/** 电子捐赠证书 of a paid gift. */
export function donationLayout(receipt: DonationReceipt): CertificateLayout {
  return {
    title: '电子捐赠证书',
    subtitle: 'CERTIFICATE OF DONATION',
    // The name the donor gave under, whole (their own certificate), else the masked one.
    addressee: `${receipt.donorName ?? receipt.donor}：`,
    paragraph: certificateText(receipt),
    details: [
      ...(receipt.organizationName ? [`所在单位：${receipt.organizationName}`] : []),
      `捐赠金额：￥${receipt.amountYuan}`,
      `捐赠编号：${receipt.receiptNo}`,
      `公开账本：${ledgerSeqText(receipt.ledgerSeq)}`,
    ],
    verifyUrl: receipt.verifyUrl,
    verifyCaption:
      receipt.verifyUrl === null
        ? ['正在入账：记入公开账本后', '即可在页面上核验']
        : ['扫码核验：此笔捐赠已记入', '公开账本，任何人可查'],
    issuer: '峄城区众筹管理中心',
    date: dateText(receipt.paidAt),
  };
}

/** Draws a certificate onto `canvas`, at twice its CSS size. */
export function drawCertificateLayout(canvas: HTMLCanvasElement, doc: CertificateLayout): void {
  canvas.width = CERTIFICATE_WIDTH * SCALE;
  canvas.height = CERTIFICATE_HEIGHT * SCALE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(SCALE, SCALE);
  const W = CERTIFICATE_WIDTH;
  const H = CERTIFICATE_HEIGHT;

  const paper = ctx.createLinearGradient(0, 0, 0, H);
  paper.addColorStop(0, '#fffaf0');
  paper.addColorStop(1, '#fbeed5');
  ctx.fillStyle = paper;
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = RED;
  ctx.lineWidth = 6;
  ctx.strokeRect(24, 24, W - 48, H - 48);
  ctx.lineWidth = 1.5;
  ctx.strokeRect(38, 38, W - 76, H - 76);

  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = RED;
  ctx.font = `bold 60px ${FONT}`;
  ctx.fillText(doc.title, W / 2, 150);
  ctx.font = `18px ${FONT}`;
  ctx.fillStyle = '#a27b4f';
  ctx.fillText(doc.subtitle, W / 2, 186);

  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.font = `bold 34px ${FONT}`;
  ctx.fillText(doc.addressee, 90, 272);

  ctx.font = `28px ${FONT}`;
  // A paragraph starts two full-width spaces in, as Chinese letters do.
  const lines = wrapText((t) => ctx.measureText(t).width, `\u3000\u3000${doc.paragraph}`, W - 180);
  lines.forEach((line, i) => ctx.fillText(line, 90, 332 + i * 50));

  const detailsTop = 332 + lines.length * 50 + 30;
  ctx.font = `22px ${FONT}`;
  ctx.fillStyle = '#6b5744';
  doc.details.forEach((d, i) => ctx.fillText(d, 90, detailsTop + i * 38));

  const qrSize = 170;
  const qrY = H - 120 - qrSize;
  if (doc.verifyUrl !== null) drawQr(ctx, doc.verifyUrl, 90, qrY, qrSize);
  ctx.font = `18px ${FONT}`;
  ctx.fillStyle = '#6b5744';
  ctx.fillText(doc.verifyCaption[0], 90, qrY + qrSize + 30);
  ctx.fillText(doc.verifyCaption[1], 90, qrY + qrSize + 54);

  ctx.textAlign = 'right';
  ctx.fillStyle = INK;
  ctx.font = `24px ${FONT}`;
  ctx.fillText(doc.issuer, W - 90, H - 190);
  ctx.fillText(doc.date, W - 90, H - 150);
  drawMark(ctx, W - 180, H - 290, 74);
}

/** Draws the 电子捐赠证书 of a paid gift onto `canvas`. */
export function drawCertificate(canvas: HTMLCanvasElement, receipt: DonationReceipt): void {
  drawCertificateLayout(canvas, donationLayout(receipt));
}
