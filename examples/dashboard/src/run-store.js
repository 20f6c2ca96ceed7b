// Saved runs in the browser's IndexedDB: database `iso20000-dashboard`, store `runs`, one entry
// per run {id (auto), name, savedAt, bytes, snapshot}. Only the compact snapshot is stored, never
// the report's text, so many saved runs of a large export cost little.

const DB = 'iso20000-dashboard';
const STORE = 'runs';

let opening = null;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the database: let it (this tab opens it again when next asked).
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => {
      opening = null;
      reject(req.error);
    };
    req.onblocked = () => {
      opening = null;
      reject(Object.assign(new Error('IndexedDB is blocked by another tab'), { code: 'E_STORE' }));
    };
  });
  return opening;
}

async function withStore(mode, work) {
  const db = await open();
  const tx = db.transaction(STORE, mode);
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
  const result = await work(tx.objectStore(STORE));
  await done;
  return result;
}

/** Every saved run, in the order they were saved. */
export function listRuns() {
  return withStore('readonly', (s) => request(s.getAll()));
}

/** Saves a run ({name, savedAt, bytes, snapshot}); resolves to its id. */
export function addRun(run) {
  return withStore('readwrite', (s) => request(s.add(run)));
}

export function renameRun(id, name) {
  return withStore('readwrite', async (s) => {
    const run = await request(s.get(id));
    if (!run) return false;
    await request(s.put({ ...run, name }));
    return true;
  });
}

export function deleteRun(id) {
  return withStore('readwrite', (s) => request(s.delete(id)));
}
