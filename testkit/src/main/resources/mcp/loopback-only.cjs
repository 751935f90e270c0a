// Preloaded into the MCP server under test: it listens on the loopback interface only, on the port it is given
// (0 = any free one), and reports the port it got on stderr so the test can connect.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const callbacks = args.slice(1).filter((arg) => typeof arg === 'function');
    this.once('listening', () => process.stderr.write('LISTENING ' + this.address().port + '\n'));
    return listen.call(this, Number(first), '127.0.0.1', ...callbacks);
  }
  return listen.apply(this, args);
};
