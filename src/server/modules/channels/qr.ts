import QRCode from 'qrcode';
import { escapeHtml } from '../message-templates/render.js';

export interface QrOptions {
  format: 'png' | 'svg';
  /** Width in pixels (PNG) or in user units (SVG); the quiet zone is included. */
  size?: number;
}

/**
 * The invitation link as a QR code. Error correction M (15 %) survives a crease or a smudge on a printed card
 * while keeping the 60-character link at a low module count, which phones read from further away.
 */
export async function renderQr(url: string, opts: { format: 'png'; size?: number }): Promise<Buffer>;
export async function renderQr(url: string, opts: { format: 'svg'; size?: number }): Promise<string>;
export async function renderQr(url: string, opts: QrOptions): Promise<Buffer | string>;
export async function renderQr(url: string, opts: QrOptions): Promise<Buffer | string> {
  const common = { errorCorrectionLevel: 'M' as const, margin: 4, width: opts.size ?? 512 };
  if (opts.format === 'png') return QRCode.toBuffer(url, { ...common, type: 'png' });
  return QRCode.toString(url, { ...common, type: 'svg' });
}

export interface QrCardInput {
  url: string;
  workOrderNumber: string;
  subject: string;
  engineerName: string;
  companyName: string;
}

/**
 * A printable card for the engineer's pad or paper: A6 when printed, phone-sized on screen. Instructions in both
 * zh-CN and en since the engineer cannot know which the customer reads. Every value is HTML-escaped.
 */
export async function renderQrCard(input: QrCardInput): Promise<string> {
  const svg = await renderQr(input.url, { format: 'svg', size: 240 });
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(input.workOrderNumber)} · 服务评价 Service rating</title>
<style>
@page { size: A6 portrait; margin: 6mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', Helvetica, Arial, sans-serif; color: #111827; background: #f3f4f6; }
.card { width: 100%; max-width: 105mm; margin: 16px auto; padding: 16px; background: #fff; border-radius: 12px; text-align: center; }
.company { font-size: 15px; font-weight: 600; }
.qr svg { width: 62mm; height: 62mm; max-width: 80vw; max-height: 80vw; }
.meta { font-size: 13px; line-height: 1.5; margin: 8px 0; }
.meta b { font-variant-numeric: tabular-nums; }
.steps { font-size: 12px; line-height: 1.5; color: #374151; margin: 8px 0 0; }
.en { color: #6b7280; }
.link { font-size: 9px; color: #9ca3af; word-break: break-all; margin-top: 6px; }
@media print {
  body { background: #fff; }
  .card { margin: 0; max-width: none; border-radius: 0; padding: 0; }
}
</style>
</head>
<body>
<main class="card">
<div class="company">${e(input.companyName)}</div>
<div class="meta">工单 Work order <b>${e(input.workOrderNumber)}</b><br>${e(input.subject)}<br>工程师 Engineer：${e(input.engineerName)}</div>
<div class="qr">${svg}</div>
<p class="steps">请用微信或手机相机扫描二维码，为本次服务评价。<br><span class="en">Scan the code with WeChat or your phone camera to rate this service.</span></p>
<div class="link">${e(input.url)}</div>
</main>
</body>
</html>`;
}
