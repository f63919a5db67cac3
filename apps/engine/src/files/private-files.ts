/**
 * Everything the engine writes under DATA_DIR (the event store, the read models, the person
 * keys, the secrets, the relay's checkpoint) is readable by the engine's own user only: files
 * 0600, directories 0700. The stores open their files themselves, so the mask is set for the
 * process before any of them is created.
 */
export function keepFilesPrivate(): void {
  process.umask(0o077);
}
