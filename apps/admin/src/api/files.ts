import { sessionToken } from '../session';
import { ApiError, messageFor } from './graphql';

/**
 * What a file is for; it decides who may read it (campaign images and event photos are public; an
 * official-receipt, the scan of a 捐赠票据, then its donor too).
 */
export type FilePurpose = 'campaign-image' | 'event-photo' | 'attachment' | 'delivery-photo' | 'official-receipt';

/** The purposes the public pages show, served at their content address to anyone. */
export const PUBLIC_PURPOSES: readonly FilePurpose[] = ['campaign-image', 'event-photo'];

/** A stored file as POST /files answers it. */
export interface UploadedFile {
  id: string;
  url: string;
  /** A private file's address with a short-lived ticket, for an <img> (which sends no token). */
  signedUrl?: string;
  width: number | null;
  height: number | null;
  contentType: string;
}

interface HttpErrorBody {
  code?: string;
  field?: string;
  message?: string;
}

/** The error of a non-JSON-GraphQL endpoint (POST /files, /exports): the server's Chinese message kept. */
export async function httpError(res: Response): Promise<ApiError> {
  if (res.status === 429) return new ApiError('RATE_LIMITED', messageFor('RATE_LIMITED'));
  let body: HttpErrorBody = {};
  try {
    body = (await res.json()) as HttpErrorBody;
  } catch {
    // Not JSON: a proxy's page.
  }
  const code = body.code ?? (res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : 'SERVER');
  const message = body.message && /\p{Script=Han}/u.test(body.message) ? body.message : messageFor(code);
  return new ApiError(code, message, body.message, body.field);
}

/** Uploads one file through POST /files as the signed-in member; throws ApiError with the server's words. */
export async function uploadFile(file: Blob, purpose: FilePurpose, name = 'upload'): Promise<UploadedFile> {
  const token = sessionToken();
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', file, file instanceof File ? file.name : name);
  let res: Response;
  try {
    res = await fetch('/files', {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
  } catch {
    throw new ApiError('NETWORK', messageFor('NETWORK'));
  }
  if (!res.ok) throw await httpError(res);
  return (await res.json()) as UploadedFile;
}
