// A fast fake OpenAI-compatible provider for the benchmark: POST /v1/chat/completions only.
// Its behaviour comes from the model name, so one process serves every scenario with no state:
//   fake-d<delayMs>                     answer after delayMs (0 = at once)
//   fake-d<delayMs>-c<chunks>-i<ms>     with "stream": true, SSE: first chunk after delayMs,
//                                       then <chunks> content chunks <ms> apart, then [DONE]
// Non-blocking (timers, no threads), keep-alive without limits, so it is never the bottleneck.
// Usage: node bench/fake-provider.mjs <port> (127.0.0.1 only; 0 picks a free port and prints it).
import http from 'node:http';

const MODEL = /^fake-d(\d+)(?:-c(\d+)-i(\d+))?$/;
const port = Number(process.argv[2] ?? 0);

function completion(model) {
  return JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null },
      logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
    system_fingerprint: 'fp_bench',
  });
}

function chunk(model, delta, finish) {
  return 'data: ' + JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model,
    system_fingerprint: 'fp_bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  }) + '\n\n';
}

function stream(res, model, chunks, intervalMs) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunk(model, { role: 'assistant', content: '' }, null));
  let sent = 0;
  const next = () => {
    if (res.destroyed) return;
    if (sent < chunks) {
      res.write(chunk(model, { content: 'tok' + sent + ' ' }, null));
      sent++;
      setTimeout(next, intervalMs);
    } else {
      res.write(chunk(model, {}, 'stop'));
      res.end('data: [DONE]\n\n');
    }
  };
  setTimeout(next, intervalMs);
}

function error(res, status, message) {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
    return error(res, 404, 'Unknown path ' + req.url);
  }
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    let request;
    try {
      request = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      return error(res, 400, 'Invalid JSON');
    }
    const m = MODEL.exec(String(request.model));
    if (!m) return error(res, 404, `The model '${request.model}' does not exist`);
    const delay = Number(m[1]);
    const respond = () => {
      if (request.stream === true) {
        return stream(res, request.model, Number(m[2] ?? 100), Number(m[3] ?? 10));
      }
      const body = completion(request.model);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (delay > 0) setTimeout(respond, delay); else respond();
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 130_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.listen(port, '127.0.0.1', () => console.log('fake-provider listening on ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
