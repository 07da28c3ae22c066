// A minimal HTTP service: replace it with the real one. It listens on $PORT and
// answers /healthz, and writes nothing to disk (the platform mounts the root
// file system read-only).
const http = require('http');

const port = Number(process.env.PORT || 8080);

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ service: process.env.npm_package_name || 'service', path: req.url }) + '\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
