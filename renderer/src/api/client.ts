import type { PayDeskApi } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { createBridgeApi } from './bridge';

declare global {
  interface Window {
    paydesk?: PayDeskApi;
  }
}

let api: PayDeskApi | undefined;

/** Electron's preload object when present, the HTTP bridge otherwise (browser mode), or a fake set by tests. */
export function getApi(): PayDeskApi {
  api ??= window.paydesk ?? createBridgeApi();
  return api;
}

export function setApiForTests(fake: PayDeskApi): void {
  api = fake;
}

/** Error thrown to react-query; components branch on `code`, never on message text. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function unwrap<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.details);
  return result.value;
}
