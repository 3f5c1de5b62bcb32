import type { WechatPayParams } from '../api/operations';

/** What WeChat's JSAPI answers in err_msg: paid, cancelled by the user, or failed. */
export type WechatPayOutcome = 'ok' | 'cancel' | 'fail';

interface WeixinJSBridge {
  invoke(name: 'getBrandWCPayRequest', params: WechatPayParams, callback: (res: { err_msg?: string }) => void): void;
}

declare global {
  interface Window {
    WeixinJSBridge?: WeixinJSBridge;
  }
}

/** Inside WeChat's browser (its user agent says MicroMessenger); only there can JSAPI pay. */
export function isInsideWechat(userAgent = navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** The bridge WeChat injects; it can arrive after the page has loaded. */
function bridge(timeoutMs = 5000): Promise<WeixinJSBridge> {
  if (window.WeixinJSBridge) return Promise.resolve(window.WeixinJSBridge);
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error('WeixinJSBridge did not load')), timeoutMs);
    document.addEventListener(
      'WeixinJSBridgeReady',
      () => {
        window.clearTimeout(timer);
        if (window.WeixinJSBridge) resolve(window.WeixinJSBridge);
        else reject(new Error('WeixinJSBridge did not load'));
      },
      { once: true },
    );
  });
}

/**
 * WeChat's pay sheet (JSAPI). 'ok' only means the sheet closed after paying: the page still waits
 * for the server to see WeChat Pay's notification before it shows the gift as paid.
 */
export async function payInWechat(params: WechatPayParams): Promise<WechatPayOutcome> {
  const jsBridge = await bridge();
  return new Promise((resolve) => {
    jsBridge.invoke('getBrandWCPayRequest', params, (res) => {
      const message = res.err_msg ?? '';
      if (message === 'get_brand_wcpay_request:ok') resolve('ok');
      else if (message === 'get_brand_wcpay_request:cancel') resolve('cancel');
      else resolve('fail');
    });
  });
}

/** The stand-in's pay control (development and demo): the user pays, WeChat Pay notifies the server. */
export async function payAtStandIn(receiptNo: string): Promise<void> {
  const res = await fetch(`/wechat-sim/_sim/transactions/${encodeURIComponent(receiptNo)}/pay`, { method: 'POST' });
  const body = (await res.json().catch(() => ({}))) as { trade_state?: string; message?: string };
  if (!res.ok || body.trade_state !== 'SUCCESS') throw new StandInPayError(body.message ?? `HTTP ${res.status}`);
}

export class StandInPayError extends Error {}
