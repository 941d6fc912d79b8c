// A fast fake OpenAI-compatible provider for the benchmark: POST /v1/chat/completions only.
// Its behaviour comes from the model name, so one process serves every scenario with no state:
//   fake-d<delayMs>                     answer after delayMs (0 = at once)
//   fake-d<delayMs>-c<chunks>-i<ms>     with "stream": true, SSE: first chunk after delayMs,
//                                       then <chunks> content chunks <ms> apart, then [DONE]
//   fake-d<delayMs>-t<deltas>-i<ms>     with "stream": true, two parallel tool calls whose arguments
//                                       arrive as <deltas> fragments each (bench/tool-args.mjs: the
//                                       bytes follow "seed:<n>" in the last message), <ms> apart
// A stream asked with "stream_options": {"include_usage": true} ends as OpenAI's does: every chunk carries
// "usage": null, and a last chunk with no choices carries the usage.
// GET /__stats answers {"requests": n}, the POSTs served so far (scenario 12 counts upstream calls).
// A body over 64 KB (scenario 9's long prompts) is not parsed whole: model and stream are read from
// its first bytes, where the benchmark puts them, so the fake's one thread stays out of the way.
// Non-blocking (timers, no threads), keep-alive without limits, so it is never the bottleneck.
// Usage: node bench/fake-provider.mjs <port> (127.0.0.1 only; 0 picks a free port and prints it).
import http from 'node:http';
import { toolDeltas, seedOf } from './tool-args.mjs';

const MODEL = /^fake-d(\d+)(?:-([ct])(\d+)-i(\d+))?$/;
let served = 0;
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

function chunk(model, delta, finish, usage) {
  const body = {
    id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model,
    system_fingerprint: 'fp_bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
  if (usage) body.usage = null;
  return 'data: ' + JSON.stringify(body) + '\n\n';
}

// The last chunk of a stream asked with include_usage; completion tokens: one per content chunk.
function usageChunk(model, completionTokens) {
  return 'data: ' + JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model,
    system_fingerprint: 'fp_bench', choices: [],
    usage: { prompt_tokens: 12, completion_tokens: completionTokens, total_tokens: 12 + completionTokens },
  }) + '\n\n';
}

function stream(res, model, chunks, intervalMs, usage) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunk(model, { role: 'assistant', content: '' }, null, usage));
  let sent = 0;
  const next = () => {
    if (res.destroyed) return;
    if (sent < chunks) {
      res.write(chunk(model, { content: 'tok' + sent + ' ' }, null, usage));
      sent++;
      setTimeout(next, intervalMs);
    } else {
      res.write(chunk(model, {}, 'stop', usage));
      if (usage) res.write(usageChunk(model, chunks));
      res.end('data: [DONE]\n\n');
    }
  };
  setTimeout(next, intervalMs);
}

function toolStream(res, model, seed, deltas, intervalMs, usage) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const seq = toolDeltas(seed, deltas);
  const tc = (d) => (d.id ? { index: d.index, id: d.id, type: 'function', function: { name: d.name, arguments: d.arguments } }
    : { index: d.index, function: { arguments: d.arguments } });
  res.write(chunk(model, { role: 'assistant', content: null, tool_calls: [tc(seq[0])] }, null, usage));
  let i = 1;
  const next = () => {
    if (res.destroyed) return;
    if (i < seq.length) {
      res.write(chunk(model, { tool_calls: [tc(seq[i++])] }, null, usage));
      setTimeout(next, intervalMs);
    } else {
      res.write(chunk(model, {}, 'tool_calls', usage));
      if (usage) res.write(usageChunk(model, seq.length));
      res.end('data: [DONE]\n\n');
    }
  };
  setTimeout(next, intervalMs);
}

// The head of a large body: {"model":"...", "stream":true, ...} as the benchmark writes it.
function head(buf) {
  const text = buf.subarray(0, 512).toString('utf8');
  return { model: /"model"\s*:\s*"([^"]*)"/.exec(text)?.[1], stream: /"stream"\s*:\s*true/.test(text), messages: [],
    stream_options: { include_usage: /"include_usage"\s*:\s*true/.test(text) } };
}

function error(res, status, message) {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ requests: served }));
  }
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
    return error(res, 404, 'Unknown path ' + req.url);
  }
  served++;
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    let request;
    try {
      const body = Buffer.concat(parts);
      request = body.length > 65536 ? head(body) : JSON.parse(body.toString('utf8'));
    } catch {
      return error(res, 400, 'Invalid JSON');
    }
    const m = MODEL.exec(String(request.model));
    if (!m) return error(res, 404, `The model '${request.model}' does not exist`);
    const delay = Number(m[1]);
    const respond = () => {
      if (request.stream === true) {
        const usage = request.stream_options?.include_usage === true;
        if (m[2] === 't') return toolStream(res, request.model, seedOf(request), Number(m[3]), Number(m[4]), usage);
        return stream(res, request.model, Number(m[3] ?? 100), Number(m[4] ?? 10), usage);
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
