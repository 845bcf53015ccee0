/*
 * tonghop bootstrap: the FIRST script of every page (taskpane.html, commands.html, help.html).
 * Written in ES5 on purpose (test/addin/boot.test.ts parses it with acorn, ecmaVersion 5) so that it
 * runs in the webviews of older Office: Internet Explorer 11 (Trident) and old Edge (EdgeHTML).
 *
 * It decides whether this browser can run the pane. If it can, it starts office.js (async: it never
 * blocks the first paint) and the page's modern bundle. If it cannot, nothing of the bundle loads:
 * a message in Vietnamese and English says what works instead.
 *
 *   <script src="boot.js" data-office="https://…/office.js" data-bundle="taskpane.js" data-hide="app"></script>
 *
 * data-office: office.js to load (async, id "office-js"); data-bundle: the modern script(s), comma
 * separated; data-hide: class of the element to hide when unsupported.
 *
 * window.tonghopBoot = { supported, reasons[], office: 'none' | 'loading' | 'loaded' | 'failed' }.
 */
(function () {
  var w = window;
  var d = document;
  var scripts = d.getElementsByTagName('script');
  var me = scripts[scripts.length - 1];
  var attr = function (n) {
    return (me && me.getAttribute(n)) || '';
  };

  /** What this browser lacks, by name (empty: supported). */
  function missing() {
    var out = [];
    var ua = (w.navigator && w.navigator.userAgent) || '';
    if (/Trident\/|MSIE /.test(ua)) out.push('Internet Explorer (Trident)');
    if (/\bEdge\/\d/.test(ua)) out.push('Edge (EdgeHTML)');
    if (typeof w.Promise !== 'function') out.push('Promise');
    if (typeof w.fetch !== 'function') out.push('fetch');
    if (typeof w.Worker !== 'function') out.push('Worker');
    if (typeof w.Blob !== 'function' || !w.Blob.prototype || typeof w.Blob.prototype.arrayBuffer !== 'function') out.push('Blob.arrayBuffer');
    if (typeof w.URL !== 'function' || typeof w.URL.createObjectURL !== 'function') out.push('URL');
    if (typeof w.Symbol !== 'function') out.push('Symbol');
    if (typeof w.Map !== 'function' || typeof w.Set !== 'function') out.push('Map/Set');
    if (typeof w.Element !== 'function' && typeof w.Element !== 'object') out.push('Element');
    else if (!w.Element.prototype || typeof w.Element.prototype.replaceChildren !== 'function') out.push('replaceChildren');
    // DecompressionStream is not needed: the reader inflates with fflate (older WebKit on Mac Excel 2016/2019 lacks it)
    if (typeof w.TextDecoder !== 'function') out.push('TextDecoder');
    try {
      // Built from a string: an old engine throws here instead of failing to parse this file.
      new RegExp('\\p{L}', 'u');
    } catch (e) {
      out.push('RegExp \\p{L}');
    }
    return out;
  }

  var reasons;
  try {
    reasons = missing();
  } catch (e) {
    reasons = ['?'];
  }
  var state = { supported: reasons.length === 0, reasons: reasons, office: 'none' };
  w.tonghopBoot = state;

  function addScript(src, id, async) {
    var s = d.createElement('script');
    s.src = src;
    if (id) s.id = id;
    // Dynamically inserted scripts are async anyway; ordered (async=false) for the bundles.
    s.async = !!async;
    (d.head || d.getElementsByTagName('head')[0] || d.documentElement).appendChild(s);
    return s;
  }

  if (state.supported) {
    var office = attr('data-office');
    if (office) {
      state.office = 'loading';
      var os = addScript(office, 'office-js', true);
      os.onload = function () {
        state.office = 'loaded';
      };
      os.onerror = function () {
        state.office = 'failed';
      };
    }
    var bundles = attr('data-bundle').split(',');
    for (var i = 0; i < bundles.length; i++) {
      var b = bundles[i].replace(/^\s+|\s+$/g, '');
      if (b) addScript(b, '', false);
    }
    return;
  }
})();

// ───────── unsupported: the message (runs only when the first part found the browser lacking) ─────────
(function () {
  var w = window;
  var d = document;
  var state = w.tonghopBoot;
  if (!state || state.supported) return;
  var reasons = state.reasons;
  var scripts = d.getElementsByTagName('script');
  var me = scripts[scripts.length - 1];
  var attr = function (n) {
    return (me && me.getAttribute(n)) || '';
  };

  var hide = attr('data-hide');
  var root = d.documentElement;
  root.className = (root.className ? root.className + ' ' : '') + 'tonghop-unsupported';
  if (hide) {
    var st = d.createElement('style');
    st.setAttribute('type', 'text/css');
    var css = '.' + hide + '{display:none !important}';
    if (st.styleSheet) st.styleSheet.cssText = css;
    else st.appendChild(d.createTextNode(css));
    (d.head || d.getElementsByTagName('head')[0] || root).appendChild(st);
  }

  function para(parent, text, lang, tag) {
    var p = d.createElement(tag || 'p');
    if (lang) p.setAttribute('lang', lang);
    p.appendChild(d.createTextNode(text));
    parent.appendChild(p);
    return p;
  }

  /** The message, by language: heading, why, "do one of these", and the two ways out (the first ends in this page's address). */
  var WORDS = {
    vi: [
      'Phiên bản Excel này không chạy được Tổng hợp chỉ tiêu',
      'Excel này hiển thị phần bổ trợ bằng trình duyệt cũ (Internet Explorer 11 hoặc Edge đời cũ), không có các tính năng mà ngăn tổng hợp cần.',
      'Hãy làm một trong hai cách:',
      'Mở chính trang này trong một trình duyệt mới (Microsoft Edge, Chrome, Firefox, Safari) và dùng ở đó; kết quả được tải về dưới dạng tệp Excel: ',
      'Hoặc dùng Excel 2021, Microsoft 365 (Windows, Mac) hay Excel trên web (office.com).'
    ],
    en: [
      'This version of Excel cannot run the indicator consolidation add-in',
      'This Excel shows add-ins in an old browser (Internet Explorer 11 or the old Edge), which lacks features the pane needs.',
      'Instead, either:',
      'Open this same page in a current browser (Microsoft Edge, Chrome, Firefox, Safari) and use it there; the result downloads as an Excel file: ',
      'Or use Excel 2021, Microsoft 365 (Windows, Mac) or Excel on the web (office.com).'
    ]
  };

  function message(box, lang, url) {
    var t = WORDS[lang];
    var div = d.createElement('div');
    div.setAttribute('lang', lang);
    para(div, t[0], lang, 'h2');
    para(div, t[1], lang);
    para(div, t[2], lang);
    var ul = d.createElement('ul');
    para(ul, t[3] + url, lang, 'li');
    para(ul, t[4], lang, 'li');
    div.appendChild(ul);
    box.appendChild(div);
  }

  function address() {
    var l = w.location;
    return l.protocol + '//' + l.host + l.pathname;
  }

  function show() {
    if (d.getElementById('unsupported')) return;
    var box = d.createElement('div');
    box.id = 'unsupported';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-testid', 'unsupported');
    box.style.cssText = 'font-family:Segoe UI,Arial,sans-serif;color:#323130;background:#fff4ce;border:1px solid #c19c00;padding:12px 16px;margin:12px;line-height:1.45;font-size:14px';
    var url = address();

    message(box, 'vi', url);
    message(box, 'en', url);

    para(box, '(' + reasons.join(', ') + ')', '', 'small');
    var body = d.body;
    if (body.firstChild) body.insertBefore(box, body.firstChild);
    else body.appendChild(box);
  }

  if (d.body && d.readyState !== 'loading') show();
  else if (d.addEventListener) d.addEventListener('DOMContentLoaded', show, false);
  else if (d.attachEvent) d.attachEvent('onreadystatechange', function () {
    if (d.readyState !== 'loading') show();
  });
})();
