/**
 * JavaScript evaluated inside a JS sandbox (isolated-vm or QuickJS) before the user's code: a
 * `console` that writes into a capped in-sandbox buffer, a formatter close to Node's util.inspect,
 * and the functions the host calls after the code ran. It references no host object at all.
 */

export const PRELUDE_FILENAME = 'sandbox-prelude.js';

/** Builds the prelude for an output budget of `maxChars` characters (stdout and stderr together). */
export function jsPrelude(maxChars: number): string {
  return `(function () {
  'use strict';
  var MAX = ${Math.max(0, Math.floor(maxChars))};
  var out = { stdout: [], stderr: [], used: 0, dropped: 0 };
  function write(stream, text) {
    var room = MAX - out.used;
    if (room <= 0) { out.dropped += text.length; return; }
    if (text.length > room) { out.dropped += text.length - room; text = text.slice(0, room); }
    out.used += text.length;
    out[stream].push(text);
  }
  function isPlainKey(k) { return /^[A-Za-z_$][\\w$]*$/.test(k); }
  function inspect(v, depth, seen, top) {
    var t = typeof v;
    if (v === null) return 'null';
    if (t === 'undefined') return 'undefined';
    if (t === 'string') return top ? v : JSON.stringify(v);
    if (t === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (t === 'bigint') return String(v) + 'n';
    if (t === 'boolean') return String(v);
    if (t === 'symbol') return v.toString();
    if (t === 'function') return '[Function: ' + (v.name || '(anonymous)') + ']';
    if (seen.indexOf(v) !== -1) return '[Circular]';
    if (v instanceof Error) return v.stack && String(v.stack).indexOf(String(v.message)) !== -1 ? v.name + ': ' + v.message : String(v);
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (typeof Promise !== 'undefined' && v instanceof Promise) return 'Promise {}';
    if (depth > 4) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen = seen.concat([v]);
    var parts = [], i, k, keys;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      var n = Math.min(v.length, 100);
      for (i = 0; i < n; i++) parts.push(inspect(v[i], depth + 1, seen, false));
      if (v.length > n) parts.push('... ' + (v.length - n) + ' more items');
      var prefix = Array.isArray(v) ? '' : (v.constructor && v.constructor.name ? v.constructor.name + '(' + v.length + ') ' : '');
      return prefix + '[' + (parts.length ? ' ' + parts.join(', ') + ' ' : '') + ']';
    }
    if (v instanceof Map) {
      v.forEach(function (val, key) { if (parts.length < 100) parts.push(inspect(key, depth + 1, seen, false) + ' => ' + inspect(val, depth + 1, seen, false)); });
      return 'Map(' + v.size + ') {' + (parts.length ? ' ' + parts.join(', ') + ' ' : '') + '}';
    }
    if (v instanceof Set) {
      v.forEach(function (val) { if (parts.length < 100) parts.push(inspect(val, depth + 1, seen, false)); });
      return 'Set(' + v.size + ') {' + (parts.length ? ' ' + parts.join(', ') + ' ' : '') + '}';
    }
    keys = Object.keys(v);
    for (i = 0; i < keys.length && i < 100; i++) {
      k = keys[i];
      parts.push((isPlainKey(k) ? k : JSON.stringify(k)) + ': ' + inspect(v[k], depth + 1, seen, false));
    }
    if (keys.length > 100) parts.push('... ' + (keys.length - 100) + ' more keys');
    var proto = Object.getPrototypeOf(v);
    var name = proto === null ? '[Object: null prototype] ' : (proto !== Object.prototype && proto.constructor && proto.constructor.name ? proto.constructor.name + ' ' : '');
    return name + '{' + (parts.length ? ' ' + parts.join(', ') + ' ' : '') + '}';
  }
  function format(args) {
    var s = [];
    for (var i = 0; i < args.length; i++) s.push(inspect(args[i], 0, [], true));
    return s.join(' ') + '\\n';
  }
  function logTo(stream) { return function () { write(stream, format(arguments)); }; }
  var con = {
    log: logTo('stdout'), info: logTo('stdout'), debug: logTo('stdout'),
    warn: logTo('stderr'), error: logTo('stderr'), trace: logTo('stderr'),
    dir: function (v) { write('stdout', inspect(v, 0, [], false) + '\\n'); },
    table: function (v) { write('stdout', inspect(v, 0, [], false) + '\\n'); },
  };
  Object.defineProperty(globalThis, 'console', { value: con, writable: true, configurable: true });
  var settled = { state: 'none' };
  function describeError(e) {
    if (e instanceof Error) return { message: (e.name || 'Error') + ': ' + e.message, stack: String(e.stack || '') };
    return { message: 'Uncaught ' + inspect(e, 0, [], false), stack: '' };
  }
  var hidden = {
    finish: function (value) {
      if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') {
        settled = { state: 'pending' };
        Promise.resolve(value).then(
          function (v) { settled = { state: 'fulfilled', value: v }; },
          function (e) { settled = { state: 'rejected', error: e }; });
      } else {
        settled = { state: 'fulfilled', value: value };
      }
    },
    report: function () {
      var r = { stdout: out.stdout.join(''), stderr: out.stderr.join(''), dropped: out.dropped };
      if (settled.state === 'fulfilled' && settled.value !== undefined) {
        var text = inspect(settled.value, 0, [], false);
        if (text.length > MAX) text = text.slice(0, MAX) + ' …[value cut at ' + MAX + ' of ' + text.length + ' characters]';
        r.value = text;
      } else if (settled.state === 'rejected') {
        r.error = describeError(settled.error);
      } else if (settled.state === 'pending') {
        r.error = { message: 'The promise the code returned never settled (the sandbox has no timers or I/O).', stack: '' };
      }
      return JSON.stringify(r);
    },
  };
  Object.defineProperty(globalThis, '__sandbox', { value: hidden, enumerable: false, writable: false, configurable: false });
})();`;
}
