/**
 * The least a web host must do before the kiosk's home screen can paint: the
 * floor beside the bench's cold-start row (docs/bench.md). A Node HTTP server
 * on loopback that prints its address as the web host does and answers every
 * request with a page holding only the home screen's heading. No Service, no
 * token check, no page code.
 */
const http = require('node:http');

const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ThinCert</title></head><body><h2>Certificates</h2></body></html>';
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
  res.end(page);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`ThinCert web host: http://127.0.0.1:${server.address().port}/?token=floor`);
});
process.on('SIGTERM', () => process.exit(0));
