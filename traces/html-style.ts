/**
 * The trace page's stylesheet. The lanes take the full width in a fixed table layout (no horizontal
 * scrolling: a long label wraps inside its lane); the controls and the lane headers stick to the top
 * of the window; the state panel sits beside the lanes on a wide window and below them otherwise.
 */
export const PAGE_STYLE = `
:root{--controls-h:44px}
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
header{padding:10px 20px;border-bottom:1px solid #d0d7de}
h1{font-size:18px;margin:0 0 4px}
#shape{margin:0;color:#57606a}
#violation{margin-top:8px;padding:6px 12px;border-left:4px solid #cf222e;background:#ffebe9;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12px;max-height:7.5em;overflow:auto}
#violation:empty{display:none}
#violation.none{border-color:#1a7f37;background:#dafbe1}
#race{margin:6px 0 0;padding-left:20px;font-size:13px}
#race:empty{display:none}
#race a{color:#953800}
#controls{display:flex;gap:10px;align-items:center;padding:6px 20px;border-bottom:1px solid #d0d7de;position:sticky;top:0;background:#fff;z-index:3;height:32px}
#controls label{white-space:nowrap;font-size:13px}
#slider{flex:1;min-width:80px}
main{display:flex;gap:16px;padding:0 20px 40vh;align-items:flex-start}
#lanes-box{flex:1;min-width:0}
#state-box{flex:0 0 340px;position:sticky;top:calc(var(--controls-h) + 8px);max-height:calc(100vh - var(--controls-h) - 16px);overflow:auto}
body.no-state #state-box{display:none}
@media (max-width:1100px){main{flex-direction:column}#state-box{position:static;flex:none;width:100%;max-height:none}}
table{border-collapse:collapse;width:100%}
#lanes{table-layout:fixed}
th,td{padding:3px 6px;vertical-align:top;text-align:left}
#lanes thead th{position:sticky;top:var(--controls-h);background:#f6f8fa;border-bottom:2px solid #d0d7de;z-index:2;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#lanes th.num,#lanes td.num{width:3.2em;color:#57606a;text-align:right}
#lanes th small{color:#57606a;font-weight:normal}
#lanes td.lane{border-left:2px solid #eaeef2;overflow-wrap:anywhere}
#lanes tr{scroll-margin-top:calc(var(--controls-h) + 40px);scroll-margin-bottom:20px}
#lanes tr.step,#lanes tr.fold{cursor:pointer}
#lanes tr.step:hover,#lanes tr.fold:hover{background:#f6f8fa}
#lanes tr.selected{background:#ddf4ff}
#lanes tr.fold td.active{color:#57606a;font-style:italic}
#lanes tr.folded{display:none}
body.raw #lanes tr.folded,#lanes tr.folded.open{display:table-row}
body.raw #lanes tr.fold{display:none}
#lanes tr.violating td.num{box-shadow:inset 3px 0 #cf222e}
#lanes tr.racing td.active{background:#fff1e5;outline:2px solid #bc4c00;outline-offset:-2px}
.role{display:inline-block;font-size:11px;font-weight:700;color:#fff;background:#bc4c00;border-radius:3px;padding:0 4px;margin-right:4px}
.role a{color:#fff}
.others a{font-size:11px;color:#953800;margin-right:6px}
td.active .label{font-family:ui-monospace,monospace;font-size:12px;font-weight:600}
td.active .chg{font-family:ui-monospace,monospace;font-size:11px;color:#57606a}
.bk{display:none}
body.raw .bk{display:block}
body.raw #state tr.bk{display:table-row}
#state-title{font-size:15px;overflow-wrap:anywhere}
#state td{font-family:ui-monospace,monospace;font-size:12px;border-bottom:1px solid #eaeef2;overflow-wrap:anywhere}
#state tr.changed{background:#fff8c5}
.kind-thread{color:#0969da}.kind-interrupt{color:#cf222e}.kind-timer{color:#8250df}.kind-environment{color:#1a7f37}
`;
