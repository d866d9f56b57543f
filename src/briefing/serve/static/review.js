// briefing serve, review page: jump to the previous / next finding shown (the filters of
// the report's toolbar decide which are shown); keys n/j next, p/k previous.
(function(){
  var prev = document.getElementById('jump-prev');
  var next = document.getElementById('jump-next');
  var pos = document.getElementById('jump-pos');
  if(!prev || !next) return;
  function shown(){
    return Array.prototype.filter.call(document.querySelectorAll('li.finding'), function(li){
      var sec = li.closest('section.doc');
      return !li.hidden && !(sec && sec.hidden);
    });
  }
  function current(){ return document.querySelector('li.finding.current'); }
  function show(){
    var list = shown(), cur = current();
    var i = cur ? list.indexOf(cur) : -1;
    pos.textContent = list.length ? ((i >= 0 ? i + 1 : '–') + ' / ' + list.length) : '没有问题';
    prev.disabled = next.disabled = list.length === 0;
  }
  function step(d){
    var list = shown();
    if(!list.length){ show(); return; }
    var cur = current();
    var i = cur ? list.indexOf(cur) : -1;
    i = i < 0 ? (d > 0 ? 0 : list.length - 1) : (i + d + list.length) % list.length;
    if(cur) cur.classList.remove('current');
    list[i].classList.add('current');
    list[i].click();  // the report's script scrolls to the figure and flashes it
    list[i].scrollIntoView({block: 'nearest'});
    show();
  }
  prev.addEventListener('click', function(){ step(-1); });
  next.addEventListener('click', function(){ step(1); });
  document.addEventListener('keydown', function(ev){
    var t = ev.target;
    if(ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if(t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if(ev.key === 'n' || ev.key === 'j') step(1);
    else if(ev.key === 'p' || ev.key === 'k') step(-1);
  });
  var bar = document.getElementById('toolbar');
  if(bar){
    bar.addEventListener('input', show);
    bar.addEventListener('change', show);
  }
  show();
  document.body.setAttribute('data-jump-ready', '1');
})();
