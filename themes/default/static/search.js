// Site search in the browser, against the index milnik writes under hledat/index/ (see
// src/search.rs for its format). Loaded only by the search page; the index is fetched when a
// query is made: meta.json, then one term shard per word, then one file per result shown.
// terms() and shardName() must give what src/search.rs gives; a browser test checks that.
(function () {
  'use strict';

  var root = document.getElementById('hledani');
  if (!root || !window.fetch) return;
  var strings = JSON.parse(document.getElementById('texty-hledani').textContent);
  var indexUrl = root.getAttribute('data-index');
  var language = root.getAttribute('data-language') || 'cs';
  var form = root.querySelector('form');
  var input = document.getElementById('hledany-vyraz');
  var section = document.getElementById('vysledky');
  var status = document.getElementById('stav-hledani');
  var list = document.getElementById('seznam-vysledku');
  var more = document.getElementById('dalsi-vysledky');
  var PAGE = 20;

  // ---- Terms: the same rules as src/search.rs -----------------------------------------------

  var STOP_WORDS = ['ale', 'aby', 'byl', 'byla', 'bylo', 'by', 'ci', 'do', 'dle', 'jak',
    'jako', 'je', 'jeho', 'jejich', 'jen', 'jsou', 'ke', 'ktera', 'ktere', 'ktery', 'na',
    'nebo', 'od', 'po', 'pri', 'pro', 'se', 'si', 'ta', 'tak', 'take', 'to', 'tj', 've', 'za',
    'ze', 'the', 'and', 'of'];
  var WORD = /[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}]+/gu;

  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/ł/g, 'l').replace(/đ/g, 'd');
  }

  function endsWith(s, n, suffixes) {
    for (var i = 0; i < suffixes.length; i++) {
      var suf = suffixes[i];
      if (n >= suf.length && s.slice(n - suf.length, n).join('') === suf) return true;
    }
    return false;
  }

  function stem(word) {
    var s = Array.from(word);
    var len = s.length;
    var n = len;
    if (len > 7 && endsWith(s, len, ['atech'])) n = len - 5;
    else if (len > 6 && endsWith(s, len, ['etem', 'atum'])) n = len - 4;
    else if (len > 5 && endsWith(s, len, ['ech', 'ich', 'eho', 'emi', 'emu', 'ete', 'eti',
      'iho', 'imi', 'imu', 'ach', 'ata', 'aty', 'ych', 'ama', 'ami', 'ove', 'ovi', 'ymi'])) n = len - 3;
    else if (len > 4 && endsWith(s, len, ['em', 'es', 'im', 'um', 'at', 'am', 'os', 'us', 'ym',
      'mi', 'ou'])) n = len - 2;
    else if (len > 3 && 'aeiouy'.indexOf(s[len - 1]) >= 0) n = len - 1;
    if (n > 5 && endsWith(s, n, ['ov', 'in'])) n -= 2;
    s = s.slice(0, n);
    if (n >= 2 && endsWith(s, n, ['ct'])) s[n - 1] = 'k';
    else if (n >= 2 && endsWith(s, n, ['st'])) s[n - 1] = 'k';
    else if (n >= 1 && s[n - 1] === 'c') s[n - 1] = 'k';
    else if (n >= 1 && s[n - 1] === 'z') s[n - 1] = 'h';
    else if (n > 3 && s[n - 2] === 'e') s.splice(n - 2, 1);
    return s.join('');
  }

  // Each term of a text: {folded, stem, start, end} (start and end index the original text).
  function terms(text) {
    var folded = fold(text);
    var out = [];
    // Folding keeps the length of Latin text, so positions in it are positions in `text`;
    // where it does not, the snippet just marks nothing.
    var same = folded.length === text.length;
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(folded)) !== null) {
      var word = m[0];
      if (Array.from(word).length < 2 || STOP_WORDS.indexOf(word) >= 0) continue;
      out.push({
        folded: word,
        stem: /^[0-9.]+$/.test(word) ? word : stem(word),
        start: same ? m.index : -1,
        end: same ? m.index + word.length : -1
      });
    }
    return out;
  }

  function shardName(term) {
    var chars = Array.from(term).slice(0, 2);
    return chars.map(function (c) {
      return /^[a-z0-9]$/i.test(c) ? c : '_' + c.codePointAt(0).toString(16);
    }).join('');
  }

  // A term of the index matches a query word when it is the word's stem (full weight) or, for
  // stems of three or more characters, starts with it (a word being typed, a longer form, a
  // goal's measures for a goal's ID).
  function matchFactor(word, term) {
    if (term === word.stem) return 1;
    if (Array.from(word.stem).length >= 3 && term.indexOf(word.stem) === 0) return 0.5;
    return 0;
  }

  // ---- Index -----------------------------------------------------------------------------

  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(indexUrl + path).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  // Documents matching every word of the query, best first: [{doc, score}].
  function search(query) {
    var words = terms(query);
    if (!words.length) return Promise.resolve(null);
    return load('meta.json').then(function (meta) {
      return Promise.all(words.map(function (w) {
        var shard = shardName(w.stem);
        if (meta.shards.indexOf(shard) < 0) return {};
        return load('t/' + shard + '.json');
      })).then(function (shards) {
        var total = null;
        words.forEach(function (w, i) {
          var scores = new Map();
          var postings = shards[i];
          Object.keys(postings).forEach(function (term) {
            var factor = matchFactor(w, term);
            if (!factor) return;
            var list = postings[term];
            var idf = Math.log(1 + meta.docs / (list.length / 2));
            for (var j = 0; j < list.length; j += 2) {
              var s = list[j + 1] * factor * idf;
              if (s > (scores.get(list[j]) || 0)) scores.set(list[j], s);
            }
          });
          if (total === null) {
            total = scores;
          } else {
            var both = new Map();
            total.forEach(function (s, doc) {
              if (scores.has(doc)) both.set(doc, s + scores.get(doc));
            });
            total = both;
          }
        });
        var results = [];
        total.forEach(function (score, doc) { results.push({ doc: doc, score: score }); });
        results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        return { words: words, results: results, perDir: meta.docs_per_dir };
      });
    });
  }

  // ---- Results -----------------------------------------------------------------------------

  // About 30 words of the text around its first hit, with every hit in <mark>.
  function snippet(text, words) {
    var found = terms(text).filter(function (t) {
      return t.start >= 0 && words.some(function (w) { return matchFactor(w, t.stem) > 0; });
    });
    var p = document.createElement('p');
    p.className = 'search-snippet';
    var from = 0;
    var to = Math.min(text.length, 220);
    if (found.length) {
      from = Math.max(0, found[0].start - 80);
      to = Math.min(text.length, from + 220);
      if (from > 0) from = text.indexOf(' ', from) + 1 || from;
    }
    if (to < text.length) {
      var space = text.lastIndexOf(' ', to);
      if (space > from) to = space;
    }
    var at = from;
    if (from > 0) p.appendChild(document.createTextNode('… '));
    found.forEach(function (t) {
      if (t.start < at || t.end > to) return;
      p.appendChild(document.createTextNode(text.slice(at, t.start)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(t.start, t.end);
      p.appendChild(mark);
      at = t.end;
    });
    p.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  function item(fragment, words) {
    var li = document.createElement('li');
    var kind = document.createElement('p');
    kind.className = 'search-kind';
    kind.textContent = strings.kinds[fragment.kind] + (fragment.id ? ' ' + fragment.id : '');
    li.appendChild(kind);
    var h = document.createElement('h3');
    var a = document.createElement('a');
    a.href = fragment.href;
    a.textContent = fragment.title;
    h.appendChild(a);
    li.appendChild(h);
    if (fragment.badge) {
      var badge = document.createElement('span');
      badge.className = 'badge badge--' + fragment.badge.key;
      badge.textContent = fragment.badge.label;
      li.appendChild(badge);
    }
    if (fragment.text) li.appendChild(snippet(fragment.text, words));
    return li;
  }

  function countText(count, query) {
    var rule = new Intl.PluralRules(language).select(count);
    var form = strings.found[rule] || (count === 1 ? strings.found.one : strings.found.many);
    return form.replace('{count}', count.toLocaleString(language)).replace('{query}', query);
  }

  var current = 0;
  var shown = [];
  var found = null;

  function busy(on) {
    section.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function showMore() {
    var run = current;
    var next = found.results.slice(shown.length, shown.length + PAGE);
    busy(true);
    return Promise.all(next.map(function (r) {
      return load('d/' + Math.floor(r.doc / found.perDir) + '/' + r.doc + '.json');
    }))
      .then(function (fragments) {
        if (run !== current) return;
        fragments.forEach(function (f) {
          shown.push(f);
          list.appendChild(item(f, found.words));
        });
        more.hidden = shown.length >= found.results.length;
        busy(false);
      });
  }

  function run(query) {
    var run = ++current;
    query = query.trim();
    list.textContent = '';
    shown = [];
    more.hidden = true;
    if (!query) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    busy(true);
    status.textContent = strings.loading;
    search(query).then(function (result) {
      if (run !== current) return;
      if (!result) {
        status.textContent = strings.short;
        busy(false);
        return;
      }
      found = result;
      status.textContent = result.results.length
        ? countText(result.results.length, query)
        : strings.none.replace('{query}', query);
      if (!result.results.length) busy(false);
      return showMore();
    }).catch(function () {
      if (run !== current) return;
      status.textContent = strings.error;
      busy(false);
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 200);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var url = new URL(window.location.href);
    url.searchParams.set('q', input.value);
    history.replaceState(null, '', url);
    run(input.value);
  });
  more.addEventListener('click', function () { showMore(); });

  document.getElementById('hledani-bez-js').hidden = true;
  var initial = new URLSearchParams(window.location.search).get('q') || '';
  input.value = initial;
  if (initial) run(initial);

  // For the test that compares these rules with milnik's.
  window.milnikSearch = { terms: terms, shardName: shardName, search: search };
})();
