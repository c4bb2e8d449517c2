// Node's codes for a file that cannot be opened, in words.
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ENAMETOOLONG: "the name is too long",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EMFILE: "too many files are open",
};

/** Why a file could not be read or written, in words (`no such file`), else Node's code or the message. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (typeof code === "string") return REASONS[code] ?? code;
  return String(message ?? error);
}
