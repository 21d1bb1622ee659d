import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface LazyDatabase<Schema extends DBSchema> {
  /** The open connection, opened on first use (and again after `close` or a termination). */
  open(): Promise<IDBPDatabase<Schema>>;
  /** Closes the connection; the next `open` opens a fresh one (as after a page reload). */
  close(): Promise<void>;
}

/**
 * One IndexedDB connection per page, opened only when first needed so importing a module that stores
 * things stays safe in node. Another tab upgrading the database is let through (this connection closes
 * and the next use reopens); a failed open is not cached, and its error goes through `toError`.
 */
export function lazyDatabase<Schema extends DBSchema>(
  name: string,
  version: number,
  upgrade: (db: IDBPDatabase<Schema>) => void,
  toError: (error: unknown) => Error,
): LazyDatabase<Schema> {
  let connection: Promise<IDBPDatabase<Schema>> | undefined;
  const close = async () => {
    const current = connection;
    connection = undefined;
    if (current) (await current.catch(() => undefined))?.close();
  };
  const open = () => {
    connection ??= openDB<Schema>(name, version, {
      upgrade,
      blocking() {
        void close();
      },
      terminated() {
        connection = undefined;
      },
    }).catch((error: unknown) => {
      connection = undefined;
      throw toError(error);
    });
    return connection;
  };
  return { open, close };
}
