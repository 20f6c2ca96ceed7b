// One evaluation worker: one Engine for its lifetime, one session per job. It pushes its slice
// in one piece (record indexes made global with setOffset), reports progress as the engine
// goes, and posts the mergeable partial result back to the page with the number of related
// payloads it could not join (their record was in another worker's slice).
import { init, Engine } from 'iso20000';

let engine = null;

function plainError(err) {
  return {
    code: err?.code ?? 'E_WORKER',
    message: String(err?.message ?? err),
    line: err?.line,
    column: err?.column,
    path: err?.path,
  };
}

self.onmessage = async ({ data }) => {
  const { job, options, offset, text, count } = data;
  let session = null;
  try {
    await init();
    engine ??= new Engine();
    session = engine.session(options);
    session.setOffset(offset);
    // Progress in records when the slice's size is known (the engine counts work units).
    const onProgress = count ? (done, total) => {
      self.postMessage({ job, type: 'progress', records: Math.floor((count * done) / total) });
    } : undefined;
    const { in: records, unjoined } = session.push(text, { onProgress });
    self.postMessage({ job, type: 'progress', records });
    self.postMessage({ job, type: 'partial', partial: session.partial(), records, unjoined });
  } catch (err) {
    self.postMessage({ job, type: 'error', error: plainError(err) });
  } finally {
    session?.free();
  }
};
