// briefing serve, upload page: drag and drop onto the box, the chosen files listed with
// their sizes, the limits checked before sending (the server checks them again).
(function(){
  var input = document.getElementById('files');
  var zone = document.getElementById('drop');
  var list = document.getElementById('chosen');
  var msg = document.getElementById('limit-msg');
  var go = document.getElementById('go');
  var form = document.getElementById('upload');
  var maxFiles = Number(zone.getAttribute('data-max-files'));
  var maxFile = Number(zone.getAttribute('data-max-file-bytes'));
  var maxTotal = Number(zone.getAttribute('data-max-total-bytes'));
  var accepted = zone.getAttribute('data-accept').split(',');
  function mb(n){
    if(n < 1048576) return Math.max(1, Math.round(n / 1024)) + ' KB';
    return (n / 1048576).toFixed(n < 10485760 ? 1 : 0) + ' MB';
  }
  function suffix(name){ var i = name.lastIndexOf('.'); return i < 0 ? '' : name.slice(i).toLowerCase(); }
  function show(){
    var files = Array.prototype.slice.call(input.files || []);
    var total = 0, problems = [];
    list.textContent = '';
    files.forEach(function(f){
      total += f.size;
      var li = document.createElement('li');
      var note = '';
      if(accepted.indexOf(suffix(f.name)) < 0){ note = '（不支持的类型，将被跳过）'; li.className = 'bad'; }
      if(f.size > maxFile){
        note = '（超过单个文件 ' + mb(maxFile) + ' 的上限）'; li.className = 'bad';
        problems.push('文件“' + f.name + '”超过单个文件 ' + mb(maxFile) + ' 的上限。');
      }
      li.textContent = f.name + ' · ' + mb(f.size) + note;
      list.appendChild(li);
    });
    if(files.length > maxFiles) problems.push('一次最多上传 ' + maxFiles + ' 个文件，已选 ' + files.length + ' 个。');
    if(total > maxTotal) problems.push('文件合计 ' + mb(total) + '，超过 ' + mb(maxTotal) + ' 的上限。');
    msg.textContent = problems.join(' ');
    go.disabled = files.length === 0 || problems.length > 0;
  }
  input.addEventListener('change', show);
  ['dragenter', 'dragover'].forEach(function(t){
    zone.addEventListener(t, function(ev){ ev.preventDefault(); zone.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function(t){
    zone.addEventListener(t, function(){ zone.classList.remove('over'); });
  });
  zone.addEventListener('drop', function(ev){
    ev.preventDefault();
    if(ev.dataTransfer && ev.dataTransfer.files.length){ input.files = ev.dataTransfer.files; show(); }
  });
  form.addEventListener('submit', function(){
    go.disabled = true;
    go.textContent = '正在核对…';
  });
  show();
  document.body.setAttribute('data-ready', '1');
})();
