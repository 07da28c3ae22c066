/**
 * Operating-system errors in words, with the path they concern: what a
 * person needs to fix the cause (raw `ENOSPC` names neither).
 * @internal
 */
const OS_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EBUSY: 'the file or folder is in use by another program',
  EXDEV: 'the folders are on different file systems',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'a file name is too long',
  EEXIST: 'a file is where a folder must go',
  ENOTDIR: 'a file is where a folder must go',
  ENOENT: 'no such file or folder',
  EISDIR: 'a folder is where a file must go',
};

/** An OS error's meaning and path (`no space left on the device (/x/y)`), or the error's message. */
export function describeOsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
    return `${OS_ERRORS[err.code] ?? err.code}${err.path ? ` (${err.path})` : ''}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/** What went wrong when paved itself could not run: an OS error in words, else the message. */
export function describeFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
    return `could not ${err.syscall ?? 'access'} ${err.path ?? 'a file'}: ${describeOsError(e)}; fix the cause (free space, permissions, the program holding the file) and run again`;
  }
  return e instanceof Error ? e.message : String(e);
}
