/** Where the stand-in is mounted in the API; its base URLs end here. */
export const WECHAT_SIM_PATH = 'wechat-sim';

/** A request's path and query as WeChat would see them: relative to the stand-in's base URL. */
export function pathAtWechat(url: string): string {
  const mount = `/${WECHAT_SIM_PATH}`;
  return url.startsWith(`${mount}/`) ? url.slice(mount.length) : url;
}

/** RFC 3339 in China Standard Time, as WeChat Pay writes times: 2026-11-28T10:30:00+08:00. */
export function rfc3339Shanghai(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
