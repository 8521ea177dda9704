import type { AnnotatedTrace } from "./annotate.js";
import { formatValue } from "./annotate.js";
import { explainViolation } from "./explain.js";
import type { RenderMeta } from "./render-text.js";
import { shapeLine } from "./render-text.js";

/** What the page's script reads: everything pre-formatted, so the page needs no model code. */
interface PageData {
  readonly title: string;
  readonly shape: string;
  readonly contexts: readonly { name: string; kind: string }[];
  readonly lanes: readonly number[];
  readonly slots: readonly string[];
  readonly initial: readonly string[];
  readonly steps: readonly {
    index: number;
    context: number;
    label: string;
    raised: boolean;
    changed: readonly number[];
    changes: readonly string[];
    state: readonly string[];
  }[];
  readonly violation: { name: string; lines: readonly string[] } | null;
}

/**
 * A self-contained HTML page (inline style and script, nothing fetched at view time): one lane per
 * context, a slider and clickable steps that show the full state after each step with the changed
 * slots marked, and the violation highlighted. Stable ids and data- attributes let a browser test
 * check it through its elements.
 */
export function renderHtml(t: AnnotatedTrace, meta: RenderMeta = {}): string {
  const used = [...new Set(t.steps.map((s) => s.context))].sort((a, b) => a - b);
  const fmt = (state: Int32Array) => Array.from({ length: t.model.stateSize }, (_, k) => formatValue(t.model, k, state[k]!));
  const data: PageData = {
    title: `${meta.scenario ?? t.model.name}: ${t.violation ? t.violation.name : "no violation"}`,
    shape: shapeLine(t, meta.minimisation),
    contexts: t.model.contexts.map((c) => ({ name: c.name, kind: c.kind })),
    lanes: used.length ? used : t.model.contexts.map((_, i) => i),
    slots: t.slotNames,
    initial: fmt(t.initial),
    steps: t.steps.map((s) => ({
      index: s.index,
      context: s.context,
      label: s.label,
      raised: s.raised,
      changed: s.changes.map((c) => c.slot),
      changes: s.changes.map((c) => `${c.name} ${c.before}→${c.after}`),
      state: fmt(s.state),
    })),
    violation: t.violation ? { name: t.violation.name, lines: explainViolation(t) } : null,
  };
  // JSON inside <script> must not contain "</script>" or "<!--": escape every "<".
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)} — socheck trace</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 id="title"></h1>
<p id="shape"></p>
<div id="violation" role="alert"></div>
</header>
<nav id="controls">
<button id="prev" type="button" title="previous step (←)">◀</button>
<input id="slider" type="range" min="0" value="0" aria-label="step">
<button id="next" type="button" title="next step (→)">▶</button>
<span id="position"></span>
</nav>
<main>
<section id="lanes-box"><table id="lanes"><thead></thead><tbody></tbody></table></section>
<aside id="state-box"><h2 id="state-title"></h2><table id="state"><tbody></tbody></table></aside>
</main>
<script type="application/json" id="trace-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
header{padding:12px 20px;border-bottom:1px solid #d0d7de}
h1{font-size:18px;margin:0 0 4px}
#shape{margin:0;color:#57606a}
#violation{margin-top:8px;padding:8px 12px;border-left:4px solid #cf222e;background:#ffebe9;white-space:pre-wrap;font-family:ui-monospace,monospace}
#violation:empty{display:none}
#violation.none{border-color:#1a7f37;background:#dafbe1}
#controls{display:flex;gap:8px;align-items:center;padding:8px 20px;border-bottom:1px solid #d0d7de;position:sticky;top:0;background:#fff}
#slider{flex:1}
main{display:flex;gap:16px;padding:12px 20px;align-items:flex-start}
#lanes-box{flex:3;overflow-x:auto}
#state-box{flex:2;position:sticky;top:52px;max-height:85vh;overflow:auto}
table{border-collapse:collapse;width:100%}
th,td{padding:4px 8px;vertical-align:top;text-align:left}
#lanes th{border-bottom:2px solid #d0d7de;white-space:nowrap}
#lanes th small{color:#57606a;font-weight:normal}
#lanes td.lane{border-left:2px solid #eaeef2;min-width:140px}
#lanes td.num{color:#57606a;text-align:right;width:2em}
#lanes tr.step{cursor:pointer}
#lanes tr.step:hover{background:#f6f8fa}
#lanes tr.selected{background:#ddf4ff}
#lanes tr.violating td.active{background:#ffebe9;border:1px solid #cf222e}
td.active .label{font-family:ui-monospace,monospace;font-weight:600}
td.active .chg{font-family:ui-monospace,monospace;font-size:12px;color:#57606a}
#state td{font-family:ui-monospace,monospace;font-size:12px;border-bottom:1px solid #eaeef2}
#state tr.changed{background:#fff8c5}
.kind-thread{color:#0969da}.kind-interrupt{color:#cf222e}.kind-timer{color:#8250df}.kind-environment{color:#1a7f37}
`;

// Plain DOM code, no framework, so the page works offline from a file:// URL.
const SCRIPT = `
(function(){
var d=JSON.parse(document.getElementById('trace-data').textContent);
function el(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!=null)e.textContent=text;return e;}
document.getElementById('title').textContent=d.title;
document.getElementById('shape').textContent=d.shape;
var v=document.getElementById('violation');
if(d.violation){v.textContent='VIOLATION '+d.violation.lines.join('\\n');v.setAttribute('data-property',d.violation.name);}
else{v.textContent='no violation';v.className='none';}
var head=el('tr');head.appendChild(el('th',{},'#'));
d.lanes.forEach(function(c){var th=el('th',{'data-lane':String(c)});var info=d.contexts[c]||{name:'#'+c,kind:'thread'};th.appendChild(document.createTextNode(info.name+' '));th.appendChild(el('small',{'class':'kind-'+info.kind},info.kind));head.appendChild(th);});
document.querySelector('#lanes thead').appendChild(head);
var body=document.querySelector('#lanes tbody');
var rows=[];
function addRow(k){
  var tr=el('tr',{'class':'step','data-step':String(k)});
  tr.appendChild(el('td',{'class':'num'},k===0?'':String(k)));
  var s=k>0?d.steps[k-1]:null;
  d.lanes.forEach(function(c){
    var td=el('td',{'class':'lane','data-lane':String(c)});
    if(k===0&&c===d.lanes[0]){td.appendChild(el('span',{'class':'label'},'initial state'));}
    if(s&&s.context===c){td.className='lane active';td.appendChild(el('div',{'class':'label'},s.label));
      var ch=s.raised?['raises '+(d.violation?d.violation.name:'')]:s.changes;ch.forEach(function(x){td.appendChild(el('div',{'class':'chg'},x));});}
    tr.appendChild(td);});
  if(s&&d.violation&&k===d.steps.length){tr.className+=' violating';}
  tr.addEventListener('click',function(){select(k);});
  body.appendChild(tr);rows.push(tr);
}
for(var k=0;k<=d.steps.length;k++)addRow(k);
var slider=document.getElementById('slider');slider.max=String(d.steps.length);
var stateBody=document.querySelector('#state tbody');
var cur=0;
function select(k){
  k=Math.max(0,Math.min(d.steps.length,k));cur=k;
  rows.forEach(function(r,i){r.classList.toggle('selected',i===k);});
  slider.value=String(k);
  var s=k>0?d.steps[k-1]:null;var st=s?s.state:d.initial;var changed=s?s.changed:[];
  document.getElementById('state-title').textContent=s?('State after step '+k+': '+(d.contexts[s.context]||{name:'#'+s.context}).name+' '+s.label+(s.raised?' (raises; state before it)':'')):'Initial state';
  document.getElementById('position').textContent=k+' / '+d.steps.length;
  stateBody.textContent='';
  d.slots.forEach(function(name,i){var tr=el('tr',{'data-slot':name});if(changed.indexOf(i)>=0)tr.className='changed';tr.appendChild(el('td',{},name));tr.appendChild(el('td',{'class':'value'},st[i]));stateBody.appendChild(tr);});
  document.body.setAttribute('data-selected',String(k));
}
slider.addEventListener('input',function(){select(Number(slider.value));});
document.getElementById('prev').addEventListener('click',function(){select(cur-1);});
document.getElementById('next').addEventListener('click',function(){select(cur+1);});
document.addEventListener('keydown',function(e){if(e.key==='ArrowLeft')select(cur-1);if(e.key==='ArrowRight')select(cur+1);});
select(d.steps.length);
})();
`;
