// A module worker with its own engine: evaluates its slice and posts the partial result back.
import { init, Engine } from '/js/web.js';

self.onmessage = async (e) => {
  try {
    await init();
    const engine = new Engine({ asOf: '2026-06-30' });
    const session = engine.session({ to: '2026-06-30' });
    session.setOffset(e.data.offset);
    session.push(e.data.records);
    self.postMessage({ partial: session.partial() });
    session.free();
    engine.free();
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
