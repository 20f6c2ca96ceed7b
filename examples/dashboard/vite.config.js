// The dashboard: `make dashboard` (dev server) and `make dashboard-build` (static files in dist/).
// The engine comes in through the package (`iso20000` → node_modules/iso20000 → js/, whose
// `exports` pick web.js for browsers); Vite resolves pkg-web's
// `new URL('iso20000_bg.wasm', import.meta.url)` and emits the .wasm as an asset.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));
// The bundled data sets (made by `make data`): the demo export with its flaws, and the model
// export that shows what good looks like.
const DATA = ['demo-export.json', 'model-sms.json'].map((name) => ({
  name,
  path: fileURLToPath(new URL(`../data/${name}`, import.meta.url)),
}));

/**
 * Serves the bundled data sets at ./demo-export.json and ./model-sms.json: streamed from
 * examples/data by the dev server, copied into dist/ by the build.
 */
function demoData() {
  const missing = (path) => `${path} is missing: run \`make data\` first`;
  return {
    name: 'iso20000-demo-data',
    configureServer(server) {
      for (const { name, path } of DATA) {
        server.middlewares.use(`/${name}`, (req, res, next) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return next();
          if (!existsSync(path)) {
            res.statusCode = 404;
            res.end(missing(path));
            return;
          }
          res.setHeader('content-type', 'application/json');
          res.setHeader('content-length', statSync(path).size);
          if (req.method === 'HEAD') return res.end();
          createReadStream(path).pipe(res);
        });
      }
    },
    generateBundle() {
      for (const { name, path } of DATA) {
        if (!existsSync(path)) this.error(missing(path));
        this.emitFile({ type: 'asset', fileName: name, source: readFileSync(path) });
      }
    },
  };
}

export default defineConfig({
  root: here,
  // Relative URLs: dist/ works from any directory a static server puts it in.
  base: './',
  publicDir: false,
  clearScreen: false,
  plugins: [demoData()],
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    // js/ (the package, through the node_modules symlink) lives outside the app's root.
    fs: { allow: [repo] },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
});
