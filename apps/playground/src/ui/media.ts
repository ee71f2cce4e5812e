/** The error a generation page shows: none for a job the user cancelled (the progress says so). */
export const shownError = (error: Error | null | undefined): Error | null =>
  error && error.name !== 'AbortError' ? error : null;

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

/** A download name for generated media, its extension from the blob's type. */
export const downloadName = (blob: Blob, fallback: string): string =>
  `inferkit.${EXTENSIONS[blob.type.split(';')[0]!.trim()] ?? fallback}`;
