/**
 * Text messages (短信) to a mainland mobile: the verification code a donor types to prove a phone
 * number is theirs. Production sends through Tencent Cloud SMS (腾讯云短信); development and tests
 * through the stand-in, which speaks the same protocol.
 */
export abstract class SmsSender {
  /**
   * Sends `code` to `phone` (11 digits, 1[3-9]…, without +86) in the verification template, which
   * says it is valid for `minutes`. Resolves once the provider has accepted the message. Throws
   * - `ConflictError` with a message for the person when the provider refuses this number for now
   *   (its 30-second, hourly or daily limits);
   * - `InputError('phone', …)` when the provider says the number is not a mobile it can reach;
   * - `SmsUnavailableError` when the provider cannot be reached, times out, or refuses our
   *   credentials or template (logged in full; the person reads 短信服务暂时不可用，请稍后重试).
   */
  abstract sendVerificationCode(phone: string, code: string, minutes: number): Promise<void>;
}
