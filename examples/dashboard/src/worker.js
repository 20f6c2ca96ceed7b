// One evaluation worker: one Engine for its lifetime, one session per job. It pushes its chunks
// (record indexes made global with setOffset), reports progress after each, and posts the
// mergeable partial result back to the page.
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
  const { job, options, offset, chunks } = data;
  let session = null;
  try {
    await init();
    engine ??= new Engine();
    session = engine.session(options);
    session.setOffset(offset);
    let records = 0;
    for (const chunk of chunks) {
      const summary = session.push(chunk.text);
      records += summary.in;
      self.postMessage({ job, type: 'progress', records });
    }
    self.postMessage({ job, type: 'partial', partial: session.partial(), records });
  } catch (err) {
    self.postMessage({ job, type: 'error', error: plainError(err) });
  } finally {
    session?.free();
  }
};
