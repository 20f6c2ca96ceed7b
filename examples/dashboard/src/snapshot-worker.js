// The snapshot of the report shown, made off the page's thread: the page holds the whole report
// only as JSON text (a 25,000-record report is megabytes), so parsing it here keeps the page
// responsive. Answers {snapshot, bytes} for {id, reportText, at, name}.
import { contentKey, runSnapshot, snapshotBytes } from './snapshot-data.js';

self.onmessage = async ({ data }) => {
  const { id, reportText, at, name } = data;
  try {
    const report = JSON.parse(reportText);
    const snapshot = runSnapshot(report, { at, name, key: await contentKey(report) });
    self.postMessage({ id, snapshot, bytes: snapshotBytes(snapshot) });
  } catch (err) {
    self.postMessage({ id, error: { code: err?.code ?? 'E_SNAPSHOT', message: String(err?.message ?? err) } });
  }
};
