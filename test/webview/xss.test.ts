// Hostile text in every place the panel shows model, tool or page text must never run, and the CSP
// must be in force. Each payload tries to set window.__xss or open a dialog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, AgentEventBody } from '../../src/agent/events';
import type { HostMessage } from '../../src/shared/panelProtocol';
import { withSeq } from './fixtures';
import { panelSuite, type PanelPage } from './harness';

const suite = panelSuite();

function vectors(origin: string): string[] {
  return [
    '<script>window.__xss = true</script>',
    '<script>alert(1)</script>',
    `<script src="${origin}/evil.js"></script>`,
    '<img src=x onerror="window.__xss=true">',
    '<img src="x" onerror=alert(1)//>',
    '<svg onload=alert(1)>',
    '<svg><script>window.__xss=true</script></svg>',
    '<iframe srcdoc="<script>parent.__xss=true</script>"></iframe>',
    '<iframe src="javascript:parent.__xss=true"></iframe>',
    '<a href="javascript:window.__xss=true">click</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal entities</a>',
    '<a href="https://ok.example" onmouseover="window.__xss=true">hover</a>',
    '[md link](javascript:window.__xss=true)',
    '[md link upper](JAVASCRIPT:alert(1))',
    '[md entity](&#x6A;avascript:alert(1))',
    '[md colon entity](javascript&#58;alert(1))',
    '[vb](vbscript:msgbox(1))',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[proto-relative](//evil.example/x)',
    '[quote breakout](https://ok.example/"><img/src=x/onerror=alert(1)>)',
    '<javascript:alert(1)>',
    '<data:text/html,<script>alert(1)</script>>',
    '![img](javascript:alert(1))',
    '![img onerror](x" onerror="alert(1))',
    '<!-- <script>alert(1)</script> -->',
    '<div style="background:url(javascript:alert(1))">style url</div>',
    '<div style="width: expression(alert(1))">style expression</div>',
    "<style>@import 'javascript:alert(1)'; body{background:url(javascript:alert(1))}</style>",
    '<body onload=alert(1)>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<details open ontoggle=alert(1)>',
    '<input autofocus onfocus=alert(1)>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<template><script>alert(1)</script></template>',
    '"><script>alert(1)</script>',
    "'-alert(1)-'",
    'javascript:alert(1)',
    '<a href="https://ok.example/x" target="_top">https://ok.example/x</a>',
    '\u202e<script>alert(1)</script>',
  ];
}

function hostileRun(vs: string[]): AgentEvent[] {
  const bodies: AgentEventBody[] = [
    {
      type: 'run_start',
      runId: 'run-xss',
      question: vs.join(' '),
      model: vs[0],
      protocol: 'openai-tools',
      settings: { maxTurns: 500, keepToolResults: 5, maxToolResultChars: 10000, contextWindow: 100000 },
      tools: ['read_file'],
    },
  ];
  vs.forEach((v, k) => {
    const turn = k + 1;
    const call = { id: `c${turn}`, name: k % 7 === 0 ? v : 'read_file', arguments: v };
    bodies.push(
      { type: 'turn_start', turn, final: false, promptTokensEstimate: 1 },
      { type: 'text_delta', turn, kind: 'reasoning', text: v },
      { type: 'text_delta', turn, kind: 'text', text: `Thinking: ${v}` },
      {
        type: 'assistant_message',
        turn,
        text: `Thinking: ${v}\n\n${v}`,
        reasoning: v,
        toolCalls: [call],
        note: k % 5 === 0 ? v : undefined,
      },
      // Raw arguments (invalid JSON) for odd turns, parsed arguments with the payload as a value for even ones.
      { type: 'tool_call', turn, call, ...(k % 2 ? {} : { args: { path: v, [v]: v } }) },
      {
        type: 'tool_result',
        turn,
        callId: call.id,
        name: call.name,
        content: `${v}\n${'filler line\n'.repeat(k % 3 ? 0 : 20)}${v}`,
        isError: k % 4 === 0,
        durationMs: 1,
        cutChars: 0,
        repeatOf: 0,
      },
    );
    if (k % 9 === 0) bodies.push({ type: 'retry', turn, attempt: 1, delayMs: 1, reason: v });
  });
  const turn = vs.length + 1;
  const answer = vs.map((v, k) => `${k + 1}. ${v}\n\n${v}`).join('\n\n');
  bodies.push(
    {
      type: 'final_answer',
      turn,
      text: `# Answer\n\n${answer}\n\n> ${vs.join('\n> ')}\n\n- ${vs.join('\n- ')}\n\n| a | b |\n|---|---|\n${vs.map((v) => `| ${v.replace(/\|/g, '\\|')} | x |`).join('\n')}`,
    },
    {
      type: 'run_end',
      stopReason: 'model_error',
      answered: false,
      turns: turn,
      toolCalls: vs.length,
      usage: { promptTokens: 1, completionTokens: 1, estimated: false },
      elapsedMs: 1,
      error: vs.join('\n'),
    },
  );
  return withSeq(bodies, 0);
}

/**
 * Everything in the panel that could run code or navigate: handler attributes, non-http(s) URLs, active elements.
 * The budget bar's two number inputs are the panel's own controls (webview/budgetBar.ts), never built from run data.
 */
const AUDIT = `(() => {
  const bad = [];
  const all = [...document.querySelectorAll('*')];
  for (const e of all) {
    for (const a of e.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) bad.push(e.tagName + ' has ' + n);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'background', 'poster'].includes(n)) {
        const own = (e.tagName === 'LINK' && e.rel === 'stylesheet') || e.tagName === 'SCRIPT';
        if (own) continue;
        if (!(e.tagName === 'A' && n === 'href' && /^https?:\\/\\//i.test(a.value) && /^https?:$/.test(e.protocol))) bad.push(e.tagName + ' ' + n + '=' + a.value);
      }
    }
  }
  const active = document.querySelectorAll('#app script, #app iframe, #app frame, #app object, #app embed, #app img, #app svg, #app math, #app style, #app link, #app base, #app form, #app input:not(.budget-tokens):not(.budget-usd), #app meta, #app template, #app noscript, #app details, #app video, #app audio, #app source, #app body');
  for (const e of active) bad.push('element ' + e.tagName);
  const scripts = [...document.scripts].map((s) => s.src || 'inline');
  return { bad, scripts, xss: window.__xss === true, links: document.querySelectorAll('#app a').length };
})()`;

async function audit(p: PanelPage): Promise<{ bad: string[]; scripts: string[]; xss: boolean; links: number }> {
  return p.page.evaluate(AUDIT) as Promise<{ bad: string[]; scripts: string[]; xss: boolean; links: number }>;
}

test('46 XSS vectors in the question, thinking, reasoning, tool names and arguments, observations, answer, errors, notices and approvals never run', async () => {
  const p = await suite.open({ width: 900, height: 1000 });
  const vs = vectors(suite.server.origin);
  assert.ok(vs.length >= 25);
  const events = hostileRun(vs);
  // Half as the snapshot, the rest as appended batches (so both paths render them).
  const cut = Math.floor(events.length / 2);
  await p.send({ type: 'snapshot', runId: 'run-xss', status: 'running', events: events.slice(0, cut), approvals: [] });
  for (let i = cut; i < events.length; i += 7) await p.send({ type: 'events', events: events.slice(i, i + 7) });
  for (const [k, v] of vs.entries()) {
    const msgs: HostMessage[] = [
      { type: 'notice', level: k % 2 ? 'info' : 'error', text: v },
      {
        type: 'approval',
        approval: {
          id: `a${k}`,
          kind: 'write',
          tool: v,
          path: v,
          summary: v,
          before: k % 2 ? undefined : `${v}\nsame\n`,
          after: `${v}\n${v}\nsame\n`,
        },
      },
    ];
    for (const m of msgs) await p.send(m);
  }
  assert.equal(await p.page.locator('.approval').count(), vs.length);

  // Walk the whole virtualised list, expanding every collapsed part, auditing at each position.
  const found = new Set<string>();
  await p.page.evaluate("document.querySelector('.vlist').scrollTop = 0");
  await p.settle();
  for (let guard = 0; guard < 400; guard++) {
    await p.page.evaluate(`for (const b of document.querySelectorAll('.vlist button.toggle[aria-expanded="false"]')) b.click()`);
    await p.settle();
    const a = await audit(p);
    for (const b of a.bad) found.add(b);
    assert.equal(a.xss, false);
    const done = await p.page.evaluate(
      `(() => { const l = document.querySelector('.vlist'); const end = l.scrollTop + l.clientHeight >= l.scrollHeight - 2; l.scrollTop += l.clientHeight * 0.8; return end; })()`,
    );
    await p.settle();
    if (done) break;
  }
  // Hover and click every link and file reference in view (the panel only posts messages).
  for (const sel of ['#app a', '#app .file-link']) {
    const n = await p.page.locator(sel).count();
    for (let i = 0; i < Math.min(n, 30); i++)
      await p.page
        .locator(sel)
        .nth(i)
        .click({ timeout: 2000 })
        .catch(() => undefined);
  }
  await p.page.waitForTimeout(300);
  const last = await audit(p);
  assert.deepEqual([...found, ...last.bad], []);
  assert.equal(last.xss, false);
  assert.deepEqual(last.scripts, ['inline', `${suite.server.origin}/webview.js`], 'only the nonced stub and the bundle');
  assert.deepEqual(p.dialogs, []);
  assert.equal(await p.page.evaluate('window.__xss'), undefined);
  // The payloads are on screen as text.
  const text = (await p.page.textContent('#app'))!;
  assert.ok(text.includes('<script>window.__xss = true</script>'));
  assert.ok(text.includes('[md link](javascript:window.__xss=true)'));
  const urls = (await p.posted()).filter((m) => m.type === 'openUrl');
  for (const m of urls) assert.match((m as { url: string }).url, /^https?:\/\//);
  assert.deepEqual(await p.violations(), [], 'nothing even tried to load: the payloads never became elements');
  await p.page.close();
});

test('the CSP is in force: scripts without the nonce, inline handlers, eval, foreign styles and fetches are blocked', async () => {
  const p = await suite.open();
  await p.send({ type: 'snapshot', runId: 'r', status: 'running', events: [], approvals: [] });
  const result = (await p.page.evaluate(`(async () => {
    const out = {};
    const s1 = document.createElement('script');
    s1.textContent = 'window.__inline = 1';
    document.body.append(s1);
    const s2 = document.createElement('script');
    s2.setAttribute('nonce', 'not-the-nonce');
    s2.textContent = 'window.__wrongNonce = 1';
    document.body.append(s2);
    const s3 = document.createElement('script');
    s3.src = '/evil.js';
    document.body.append(s3);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__handler = 1');
    img.src = 'data:,not-an-image';
    document.body.append(img);
    // Outside this evaluate call: DevTools' own evaluation is allowed to eval, page code is not.
    await new Promise((r) => setTimeout(() => {
      try { eval('window.__eval = 1'); } catch (e) { out.evalError = e.name; }
      try { new Function('window.__fn = 1')(); } catch (e) { out.fnError = e.name; }
      r();
    }, 0));
    const st = document.createElement('style');
    st.textContent = 'body { color: red }';
    document.head.append(st);
    try { await fetch('/webview.css'); out.fetch = 'allowed'; } catch { out.fetch = 'blocked'; }
    const base = document.createElement('base');
    base.href = 'https://evil.example/';
    document.head.append(base);
    await new Promise((r) => setTimeout(r, 300));
    out.ran = Object.entries({ inline: window.__inline, wrongNonce: window.__wrongNonce, src: window.__xss, handler: window.__handler, eval: window.__eval, fn: window.__fn }).filter(([, x]) => x !== undefined).map(([k]) => k);
    out.color = getComputedStyle(document.body).color;
    return out;
  })()`)) as Record<string, unknown>;
  assert.deepEqual(result.ran, [], 'nothing injected ran');
  assert.equal(result.evalError, 'EvalError');
  assert.equal(result.fnError, 'EvalError');
  assert.equal(result.fetch, 'blocked');
  assert.notEqual(result.color, 'rgb(255, 0, 0)', 'an un-nonced style does not apply');
  const directives = new Set((await p.violations()).map((v) => v.directive));
  for (const d of ['script-src-elem', 'script-src-attr', 'script-src', 'style-src-elem', 'connect-src', 'base-uri']) {
    assert.ok(directives.has(d), `securitypolicyviolation for ${d} (got ${[...directives].join(', ')})`);
  }
  await p.page.close();
});
