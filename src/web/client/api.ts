import { readSession } from './session.ts';

/** An error answer from the API: its contract code and the message meant for a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message)
      return new ApiError(response.status, body.error.code ?? 'error', body.error.message);
  } catch {
    // Not JSON: fall through to a generic message.
  }
  return new ApiError(
    response.status,
    'error',
    `The server answered ${response.status}. Try again in a moment.`,
  );
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A receipt token: the submitter's own key, sent instead of any staff token. */
  receiptToken?: string;
  signal?: AbortSignal;
  accept?: string;
}

function headersFor(options: RequestOptions): Headers {
  const headers = new Headers({ accept: options.accept ?? 'application/json' });
  if (options.receiptToken) headers.set('x-receipt-token', options.receiptToken);
  else {
    const session = readSession();
    if (session) headers.set('authorization', `Bearer ${session.token}`);
  }
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  return headers;
}

export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers: headersFor(options),
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await (await apiFetch(path, options)).json()) as T;
}

/** `?a=1&b=2` from the values that are set. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false)
      search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A multipart upload through XMLHttpRequest, because fetch reports no upload progress. `onProgress`
 * gets the bytes sent so far.
 */
export function uploadForm<T>(
  path: string,
  form: FormData,
  options: { receiptToken?: string; onProgress?: (loaded: number, total: number) => void } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('accept', 'application/json');
    if (options.receiptToken) request.setRequestHeader('x-receipt-token', options.receiptToken);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    });
    request.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(body as T);
        return;
      }
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      reject(
        new ApiError(
          request.status,
          error?.code ?? 'error',
          error?.message ?? `The server answered ${request.status}. Try again in a moment.`,
        ),
      );
    });
    request.addEventListener('error', () =>
      reject(
        new ApiError(
          0,
          'network',
          'The upload could not reach the server. Check your connection and try again.',
        ),
      ),
    );
    request.send(form);
  });
}
