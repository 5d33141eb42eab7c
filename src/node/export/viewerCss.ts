/** The exported trajectory's style: readable in light and dark, no fonts or images fetched. */
export const VIEWER_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --border: #d1d9e0; --code: #f6f8fa;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --info: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --border: #3d444d; --code: #151b23;
  --ok: #3fb950; --warn: #d29922; --bad: #f85149; --info: #4493f8; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { border-bottom: 1px solid var(--border); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 16px; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
pre { background: var(--code); padding: 8px; overflow: auto; white-space: pre-wrap; word-break: break-word; border-radius: 6px; }
a { color: var(--info); }
.sources { list-style: none; padding: 0; } .sources li { margin: 8px 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; border: 1px solid currentColor; font-size: 12px; }
.status-verified .badge { color: var(--ok); } .status-observed .badge { color: var(--info); }
.status-not_observed .badge { color: var(--warn); } .status-missing .badge { color: var(--bad); }
.snippet { margin: 4px 0 0 0; }
.turn { display: inline-block; min-width: 2.5em; color: var(--muted); font-variant-numeric: tabular-nums; }
.thought { margin: 8px 0; } .thought pre { background: transparent; padding: 0 0 0 2.5em; }
.reasoning { color: var(--muted); font-style: italic; }
details.call { border: 1px solid var(--border); border-radius: 6px; margin: 6px 0; padding: 4px 8px; }
details.call.error { border-color: var(--bad); }
details.call summary { cursor: pointer; } .args { color: var(--muted); } .outcome { color: var(--muted); }
.citation-report { color: var(--muted); font-style: italic; }
`;
