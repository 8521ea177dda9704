/**
 * The trace page's script: plain DOM code, no framework, so the page works offline from a file://
 * URL. It builds the lanes from the embedded data, keeps the selected step, the slider, the state
 * panel and the URL hash (#step-N) in agreement, and scrolls the selected row into view.
 */
export const PAGE_SCRIPT = `
(function(){
var d=JSON.parse(document.getElementById('trace-data').textContent);
var n=d.steps.length;
function el(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!=null)e.textContent=text;return e;}
function ctxName(c){return (d.contexts[c]||{name:'#'+c}).name;}
document.getElementById('title').textContent=d.title;
document.getElementById('shape').textContent=d.shape;
var v=document.getElementById('violation');
if(d.violation){v.textContent='VIOLATION '+d.violation.lines.join('\\n');v.setAttribute('data-property',d.violation.name);}
else{v.textContent='no violation';v.className='none';}
var raceList=document.getElementById('race');
d.race.forEach(function(r){var li=el('li');li.appendChild(el('a',{href:'#step-'+r.step,'class':'race-link','data-step':String(r.step)},r.text));raceList.appendChild(li);});
var bk={};d.bookkeeping.forEach(function(i){bk[i]=true;});
var roles={};d.race.forEach(function(r){(roles[r.step]=roles[r.step]||[]).push(r.role);});
var head=el('tr');head.appendChild(el('th',{'class':'num'},'#'));
d.lanes.forEach(function(c){var info=d.contexts[c]||{name:'#'+c,kind:'thread'};var th=el('th',{'data-lane':String(c),title:info.name+' ('+info.kind+')'});th.appendChild(document.createTextNode(info.name+' '));th.appendChild(el('small',{'class':'kind-'+info.kind},info.kind));head.appendChild(th);});
document.querySelector('#lanes thead').appendChild(head);
var body=document.querySelector('#lanes tbody');
var rows=[];var foldRows=[];
function cells(tr,c,fill){d.lanes.forEach(function(l){var td=el('td',{'class':'lane','data-lane':String(l)});if(l===c){td.className='lane active';fill(td);}tr.appendChild(td);});}
function addFold(i){
  var f=d.folds[i];var tr=el('tr',{'class':'fold','data-fold':String(i),'data-first':String(f.first)});
  tr.appendChild(el('td',{'class':'num'},f.range));
  cells(tr,f.context,function(td){td.appendChild(el('div',{'class':'label'},f.text));});
  tr.addEventListener('click',function(){openFold(i);select(f.first);});
  body.appendChild(tr);foldRows[i]=tr;
}
function addRow(k){
  var s=k>0?d.steps[k-1]:null;
  if(s&&s.fold>=0&&d.folds[s.fold].first===k)addFold(s.fold);
  var tr=el('tr',{'class':'step','data-step':String(k),id:'step-'+k});
  tr.appendChild(el('td',{'class':'num'},k===0?'':String(k)));
  if(!s){cells(tr,d.lanes[0],function(td){td.appendChild(el('span',{'class':'label'},'initial state'));});}
  else cells(tr,s.context,function(td){
    (roles[k]||[]).forEach(function(r){td.appendChild(el('span',{'class':'role'},r));});
    td.appendChild(el('div',{'class':'label'},s.does));
    if(s.raised)td.appendChild(el('div',{'class':'chg'},'raises '+(d.violation?d.violation.name:'')));
    else s.changes.forEach(function(x,i){td.appendChild(el('div',{'class':bk[s.changed[i]]?'chg bk':'chg'},x));});
    if(roles[k]){var o=el('div',{'class':'others'});d.race.forEach(function(r){if(r.step!==k)o.appendChild(el('a',{href:'#step-'+r.step},r.role+' '+r.step));});td.appendChild(o);}
  });
  if(s&&s.fold>=0){tr.className+=' folded';tr.setAttribute('data-fold',String(s.fold));}
  if(roles[k])tr.className+=' racing';
  if(s&&d.violation&&k===n)tr.className+=' violating';
  tr.addEventListener('click',function(e){if(e.target.tagName!=='A')select(k);});
  body.appendChild(tr);rows[k]=tr;
}
for(var k=0;k<=n;k++)addRow(k);
function openFold(i){rows.forEach(function(r){if(r.getAttribute('data-fold')===String(i))r.classList.add('open');});}
var slider=document.getElementById('slider');slider.max=String(n);
var stateBody=document.querySelector('#state tbody');
var stateRows=d.slots.map(function(name,i){var tr=el('tr',{'data-slot':name});if(bk[i])tr.className='bk';tr.appendChild(el('td',{},name));var val=el('td',{'class':'value'});tr.appendChild(val);stateBody.appendChild(tr);return val;});
var cur=-1;
function select(k,scroll){
  k=Math.max(0,Math.min(n,k));cur=k;
  var s=k>0?d.steps[k-1]:null;
  if(s&&s.fold>=0)openFold(s.fold);
  rows.forEach(function(r,i){r.classList.toggle('selected',i===k);});
  slider.value=String(k);
  var st=s?s.state:d.initial;var changed=s?s.changed:[];
  document.getElementById('state-title').textContent=s?('State after step '+k+': '+ctxName(s.context)+' '+s.label+(s.raised?' (raises; state before it)':'')):'Initial state';
  document.getElementById('position').textContent=k+' / '+n;
  stateRows.forEach(function(td,i){td.textContent=st[i];td.parentNode.classList.toggle('changed',changed.indexOf(i)>=0);});
  document.body.setAttribute('data-selected',String(k));
  if(scroll!==false&&location.hash!=='#step-'+k&&history.replaceState)history.replaceState(null,'','#step-'+k);
  if(scroll!==false)rows[k].scrollIntoView({block:'nearest'});
}
function fromHash(){var m=/^#step-(\\d+)$/.exec(location.hash);if(m){select(Number(m[1]));return true;}return false;}
window.addEventListener('hashchange',fromHash);
slider.addEventListener('input',function(){select(Number(slider.value));});
document.getElementById('prev').addEventListener('click',function(){select(cur-1);});
document.getElementById('next').addEventListener('click',function(){select(cur+1);});
document.addEventListener('keydown',function(e){if(e.target.tagName==='INPUT'&&e.target.type!=='checkbox')return;if(e.key==='ArrowLeft'){select(cur-1);e.preventDefault();}if(e.key==='ArrowRight'){select(cur+1);e.preventDefault();}});
document.getElementById('raw').addEventListener('change',function(e){document.body.classList.toggle('raw',e.target.checked);rows[cur].scrollIntoView({block:'nearest'});});
document.getElementById('show-state').addEventListener('change',function(e){document.body.classList.toggle('no-state',!e.target.checked);});
function measure(){document.documentElement.style.setProperty('--controls-h',document.getElementById('controls').offsetHeight+'px');}
measure();window.addEventListener('resize',measure);
if(!fromHash())select(n,false);
})();
`;
