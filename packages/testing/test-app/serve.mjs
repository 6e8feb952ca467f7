// The app's dev server for the kit's own tests: index.html and app.js from this folder on
// 127.0.0.1:$PORT. No /session here: the tests answer it through the `clientSecretUrl` option.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const types = { '.html': 'text/html', '.js': 'text/javascript' };
createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = path === '/' ? 'index.html' : path.slice(1);
  try {
    const body = await readFile(join(dir, file));
    res.writeHead(200, {
      'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
