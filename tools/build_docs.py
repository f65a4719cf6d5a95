#!/usr/bin/env python
"""Build the physml docs site from the notebooks, and render README.md from nbs/index.ipynb.

With Quarto on PATH this is `nbdev_docs`. Quarto cannot be installed on an offline machine (PyPI's
`quarto-cli` downloads its binary while building), so the fallback renders the same nbdev-processed
notebooks (`show_doc` tables, hidden cells removed, directives stripped) to HTML with nbconvert, with:
- every local file a page links to (the experiment logs' figures under `nbs/<system>_results/`) copied beside it;
- formulas (`$…$`, `$$…$$`) typeset by KaTeX, vendored from its npm package into `_docs/katex/` (no network at view time);
- one sidebar scheme: a section per system, each notebook named by its module (`stokes`, `train`, `experiments`).

    python tools/build_docs.py                    # site in _docs/ (saved outputs only)
    python tools/build_docs.py --execute          # run the notebooks first (flagged cells skipped)
    python tools/build_docs.py --execute index    # run only these (others show their saved outputs)
    python tools/build_docs.py --check-browser    # then check every page in headless Chromium (see check_browser)
    python tools/build_docs.py --self-test        # only prove the browser check fails on planted faults
    python tools/build_docs.py --shots DIR P...   # full-page screenshots of pages P (e.g. index) at 1300 px (--width)
    python tools/build_docs.py --readme           # write README.md from nbs/index.ipynb
    python tools/build_docs.py --check-readme     # fail if README.md is out of date

KaTeX and playwright-core (the browser driver) are npm packages, pinned below and installed once into
`.venv/docs-node/` (inside the ignored virtual environment); Chromium is Debian's (`apt-get install chromium`).
"""
import argparse, html, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
NBS, DOCS = ROOT/'nbs', ROOT/'_docs'
TRACEBACK = 'Traceback (most recent call last)'
NODE_DIR = ROOT/'.venv'/'docs-node'
NPM_PINS = {'katex': '0.16.47', 'playwright-core': '1.65.2'}
WIDTHS = (1300, 800)          # window widths every page must fit


def directives(src):
    "The set of `#|` directive words at the top of a code cell."
    out = set()
    for line in src.splitlines():
        if not line.startswith('#|'): break
        out.update(line[2:].replace(':', ' ').split()[:1])
    return out


def skip_flags():
    "Flags in settings.ini's tst_flags (cells carrying them are not run)."
    import configparser
    c = configparser.ConfigParser(); c.read(ROOT/'settings.ini')
    return set(c['DEFAULT'].get('tst_flags', '').split())


def notebooks():
    "index first, then the numbered notebooks in order."
    return [NBS/'index.ipynb'] + sorted(NBS.glob('[0-9]*.ipynb'))


# One sidebar section per system, in this order; a notebook `NN_<key>[.module]` goes to the section of <key>.
SECTIONS = {'core': 'Foundation', 'learn': 'Foundation', 'diagnose': 'Foundation',
            'fmnist': 'Diagnostics, proven (classifier)', 'crystal': 'Sinking crystals', 'stem': '4D-STEM autoencoder',
            'graph': 'Graph diffusion', 'simvae': 'Simulation VAE'}


def section_of(stem):
    "Sidebar section of a notebook stem such as '13_crystal.data' (a clear error for an unknown system)."
    key = stem.split('_', 1)[1].split('.')[0]
    if key not in SECTIONS: raise SystemExit(f"tools/build_docs.py: notebook {stem} has no sidebar section; add {key!r} to SECTIONS")
    return SECTIONS[key]


def sections():
    "[(section title, [notebook paths])] in sidebar order, index first."
    out = {}
    for nbp in notebooks()[1:]: out.setdefault(section_of(nbp.stem), []).append(nbp)
    order = list(dict.fromkeys(SECTIONS.values()))
    return [(t, out[t]) for t in order if t in out]


def module_of(stem):
    "The dotted name a page is known by: its module ('crystal.stokes', 'core'), or 'physml' for the index."
    return 'physml' if stem == 'index' else stem.split('_', 1)[1]


def label_of(stem):
    "Sidebar label (one scheme): the module's last part under its system's section ('stokes', 'experiments')."
    m = module_of(stem)
    return m.split('.', 1)[1] if '.' in m else m


def write_sidebar():
    "Write nbs/sidebar.yml (Quarto's sidebar, one section per system, the same labels) from `sections()`."
    import yaml
    contents = ['index.ipynb'] + [{'section': t, 'contents': [{'text': label_of(p.stem), 'href': p.name} for p in nbs]}
                                  for t, nbs in sections()]
    (NBS/'sidebar.yml').write_text(yaml.safe_dump({'website': {'sidebar': {'contents': contents}}}, sort_keys=False))


# ---------------------------------------------------------------- README
def readme_text():
    "README.md rendered from nbs/index.ipynb: markdown cells as they are, visible code cells fenced."
    nb = json.loads((NBS/'index.ipynb').read_text())
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source']).strip()
        if not src: continue
        if c['cell_type'] == 'markdown':
            src = re.sub(r'^> ', '> ', src, flags=re.M)
            parts.append(src)
        elif c['cell_type'] == 'code' and not ({'hide', 'export', 'exporti'} & directives(src)):
            code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip()
            if code: parts.append(f'```python\n{code}\n```')
    return '<!-- generated from nbs/index.ipynb by tools/build_docs.py --readme: edit the notebook -->\n\n' + '\n\n'.join(parts) + '\n'


# ---------------------------------------------------------------- execution
def execute(src, dst):
    "Run notebook `src` like nbdev_test does (flagged cells skipped, errors kept as outputs) and save to `dst`."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    flags = skip_flags()
    nb = read_nb(src)
    def no_eval(cell):
        if cell.cell_type != 'code': return True
        return bool(flags & directives(cell.source)) or 'nbdev_export(' in cell.source
    shell = CaptureShell(src)
    cwd = os.getcwd(); os.chdir(src.parent)
    try: shell.run_all(nb, exc_stop=False, preproc=no_eval)
    finally: os.chdir(cwd)
    write_nb(nb, dst)


# ---------------------------------------------------------------- tools from npm and Debian
def node_modules():
    "KaTeX and playwright-core (pinned) in .venv/docs-node/node_modules, installed with npm on first use."
    mods = NODE_DIR/'node_modules'
    def have(name, ver):
        f = mods/name/'package.json'
        return f.exists() and json.loads(f.read_text()).get('version') == ver
    if all(have(n, v) for n, v in NPM_PINS.items()): return mods
    if not shutil.which('npm'):
        print('installing Debian nodejs + npm for the docs tools', flush=True)
        subprocess.run('apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null', shell=True, check=True)
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    print(f'installing {", ".join(f"{n}@{v}" for n, v in NPM_PINS.items())} into {NODE_DIR}', flush=True)
    subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--no-save', '--prefix', str(NODE_DIR),
                    *[f'{n}@{v}' for n, v in NPM_PINS.items()]], check=True, stdout=subprocess.DEVNULL)
    missing = [n for n, v in NPM_PINS.items() if not have(n, v)]
    if missing: raise SystemExit(f'tools/build_docs.py: npm did not install {missing} into {NODE_DIR}')
    return mods


def vendor_katex(out):
    "Copy KaTeX's script, auto-render, stylesheet and fonts into `out`/katex (the site typesets offline)."
    dist = node_modules()/'katex'/'dist'
    dst = out/'katex'
    if dst.exists(): shutil.rmtree(dst)
    (dst/'contrib').mkdir(parents=True)
    for f in ('katex.min.js', 'katex.min.css'): shutil.copy(dist/f, dst/f)
    shutil.copy(dist/'contrib'/'auto-render.min.js', dst/'contrib'/'auto-render.min.js')
    shutil.copytree(dist/'fonts', dst/'fonts', ignore=shutil.ignore_patterns('*.ttf', '*.woff'))  # woff2 is enough


def chromium():
    exe = shutil.which('chromium') or shutil.which('chromium-browser')
    if exe: return exe
    print('installing Debian chromium for the browser check', flush=True)
    subprocess.run('apt-get update -qq && apt-get install -y -qq chromium >/dev/null', shell=True, check=True)
    return shutil.which('chromium')


# ---------------------------------------------------------------- rendering
def processed(path):
    "The notebook after nbdev's docs processors, as an nbformat notebook."
    import nbformat
    from execnb.nbio import read_nb, write_nb
    from nbdev.processors import FilterDefaults
    nb = read_nb(path)
    os.environ['IN_TEST'] = '1'
    FilterDefaults()(nb)
    with tempfile.TemporaryDirectory() as d:
        write_nb(nb, Path(d)/'p.ipynb')
        return nbformat.read(Path(d)/'p.ipynb', as_version=4)


def to_page(nb):
    "Turn Quarto-specific cells into plain notebook cells; return (title, description, notebook)."
    import nbformat, yaml
    title, desc, cells = '', '', []
    for c in nb.cells:
        src = c.source
        if c.cell_type == 'raw' and src.startswith('---'):
            fm = yaml.safe_load(src.strip().strip('-')) or {}
            title, desc = fm.get('title', ''), fm.get('description', '')
            continue
        if c.cell_type == 'markdown' and src.startswith('<!-- WARNING'): continue
        if c.cell_type == 'code':
            d = directives(src)
            src = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
            if 'echo' in d and 'output' in d:     # show_doc: its markdown output becomes a markdown cell
                md = ''.join(''.join(o.get('data', {}).get('text/markdown', '')) for o in c.get('outputs', []))
                md = re.sub(r'\{(target|\.)[^}]*\}', '', md)
                if md.strip(): cells.append(nbformat.v4.new_markdown_cell(md))
                continue
            c.source = src
            if not src.strip() and not c.get('outputs'): continue
        cells.append(c)
    nb.cells = cells
    return title, desc, nb


# The page: nbconvert's JupyterLab styles, then styles.css (layout, scrolling boxes), KaTeX from _docs/katex/.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} – physml</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{head}<link rel="stylesheet" href="katex/katex.min.css"><link rel="stylesheet" href="styles.css"></head>
<body class="physml-site"><nav class="site-nav"><a class="site-home" href="index.html">physml</a>{nav}</nav>
<main class="site-main"><h1 class="page-title">{title}</h1><p class="desc">{desc}</p>{body}</main>
<script src="katex/katex.min.js"></script><script src="katex/contrib/auto-render.min.js"></script>
<script>renderMathInElement(document.querySelector('main'), {{throwOnError: false, delimiters: [
 {{left: '$$', right: '$$', display: true}}, {{left: '\\\\[', right: '\\\\]', display: true}},
 {{left: '\\\\begin{{equation}}', right: '\\\\end{{equation}}', display: true}},
 {{left: '\\\\begin{{align}}', right: '\\\\end{{align}}', display: true}},
 {{left: '$', right: '$', display: false}}, {{left: '\\\\(', right: '\\\\)', display: false}}]}});</script>
</body></html>"""

LOCAL_REF = re.compile(r'''(\b(?:src|href)=)(["'])([^"']+)\2''')


def local_refs(page_html):
    "Relative file references (src/href) of a page: no scheme, no fragment-only, no absolute paths."
    out = []
    for _, _, ref in LOCAL_REF.findall(page_html):
        if re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', ref) or ref.startswith(('#', '/')): continue
        path = unquote(ref.split('#')[0].split('?')[0])
        if path: out.append(path)
    return out


def link_pages(page_html, stems):
    "Point links to notebooks (`13_crystal.data.ipynb`) at their pages (`13_crystal.data.html`)."
    def fix(m):
        pre, q, ref = m.groups()
        base, sep, frag = ref.partition('#')
        if base.endswith('.ipynb') and Path(base).stem in stems and '/' not in base:
            ref = base[:-6] + '.html' + sep + frag
        return f'{pre}{q}{ref}{q}'
    return LOCAL_REF.sub(fix, page_html)


def copy_assets(pages_html, out, src_dir=NBS):
    "Copy every local file the pages reference (figures, linked files) from nbs/ into `out`; return the problems."
    problems, done = [], set()
    for name, page_html in pages_html.items():
        for ref in local_refs(page_html):
            if ref in done or ref.endswith('.html') and ((out/ref).exists() or (src_dir/ref).with_suffix('.ipynb').exists()):
                continue                  # a page (one that failed to render is reported once, as such)
            src = (src_dir/ref).resolve()
            if not src.is_relative_to(src_dir.resolve()):
                problems.append(f'{name}: links to {ref}, outside nbs/ (the site cannot hold it; link a file under nbs/)')
            elif src.is_file():
                (out/ref).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(src, out/ref); done.add(ref)
            elif not (out/ref).exists():
                problems.append(f'{name}: links to {ref}, which does not exist under nbs/')
    return problems


def nav_html(stem):
    "The sidebar of page `stem`: one heading per system, each notebook by its label, the current one marked."
    descs = page_descriptions()
    def link(p):
        here = ' class="here" aria-current="page"' if p.stem == stem else ''
        tip = html.escape(descs.get(p.stem, ''), quote=True)
        return f'<a href="{p.stem}.html"{here} title="{tip}">{html.escape(label_of(p.stem))}</a>'
    return ''.join(f'<h4>{html.escape(t)}</h4>' + ''.join(link(p) for p in nbs) for t, nbs in sections())


_DESCS = {}
def page_descriptions():
    "Each notebook's one-line summary (the `> …` line under its title), for sidebar tooltips."
    if not _DESCS:
        for p in notebooks():
            for c in json.loads(p.read_text())['cells'][:3]:
                m = re.search(r'^> (.+)$', ''.join(c['source']), flags=re.M)
                if c['cell_type'] == 'markdown' and m: _DESCS[p.stem] = re.sub(r'[`*]', '', m.group(1)); break
    return _DESCS


def page_html(stem, title, desc, body):
    "One finished page from nbconvert's HTML `body` (its <style> blocks kept, its CDN scripts dropped)."
    head = ''.join(re.findall(r'<style.*?</style>', body.split('</head>')[0], flags=re.S))
    main = body.split('<body', 1)[1].split('>', 1)[1].rsplit('</body>', 1)[0]
    return PAGE.format(title=html.escape(title), desc=html.escape(desc), head=head, nav=nav_html(stem), body=main)


def render_site(src_dir, out):
    "Render every notebook in `src_dir` (same names as nbs/) to `out`/*.html; return (pages, problems)."
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name='lab')
    out.mkdir(parents=True, exist_ok=True)
    stems = {p.stem for p in notebooks()}
    pages, problems = {}, []
    for nbp in notebooks():
        try:
            _, desc, nb = to_page(processed(src_dir/nbp.name))
            body, _ = exporter.from_notebook_node(nb)
        except Exception as e:
            problems.append(f'{nbp.name}: nbdev/nbconvert could not render it: {type(e).__name__}: {str(e).splitlines()[0][:300]}')
            continue
        pages[f'{nbp.stem}.html'] = link_pages(page_html(nbp.stem, module_of(nbp.stem), desc, body), stems)
    for name, text in pages.items(): (out/name).write_text(text)
    shutil.copy(NBS/'styles.css', out/'styles.css')
    vendor_katex(out)
    problems += copy_assets(pages, out)      # references are relative to nbs/, where (executed) notebooks run
    return [out/n for n in pages], problems


def build(execute_nbs=None):
    ("Build _docs/ (nbdev_docs when Quarto exists, else the nbconvert fallback); return (page paths, problems). "
     "`execute_nbs`: None (saved outputs), [] (run every notebook) or the stems to run.")
    write_sidebar()
    if shutil.which('quarto') and execute_nbs is None:
        subprocess.run([str(ROOT/'.venv/bin/nbdev_docs')], check=True, cwd=ROOT)
        return sorted(DOCS.glob('*.html')), []
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        for nbp in notebooks():
            if execute_nbs is not None and (not execute_nbs or nbp.stem in execute_nbs):
                print(f'executing {nbp.name}', flush=True); execute(nbp, d/nbp.name)
            else: shutil.copy(nbp, d/nbp.name)
        if DOCS.exists(): shutil.rmtree(DOCS)
        return render_site(d, DOCS)


# ---------------------------------------------------------------- browser check
# Run by node with playwright-core driving Debian's Chromium. Per page and window width it reports
# - the page wider than the window (the document scrolls sideways), naming the widest element;
# - content cut off: a box narrower than its content that clips it (overflow hidden/clip) instead of scrolling;
# - a broken image (not loaded, or 0 px wide) and any file the page failed to load;
# - a formula left unrendered: `$`, `\\(` or `\\[` in text outside code, or a formula KaTeX could not parse;
# - a Python traceback or a script error.
CHECK_JS = r"""
const { chromium } = require(process.env.PLAYWRIGHT);
const job = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
function inspect() {
  const W = window.innerWidth, probs = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
  const sw = document.documentElement.scrollWidth;
  if (sw > W + 1) {
    let worst = null;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > W + 1 && (!worst || r.right > worst[1])) worst = [el, r.right];
    }
    probs.push(`page is ${sw} px wide in a ${W} px window` + (worst ? ` (widest: ${name(worst[0])} to ${Math.round(worst[1])} px)` : ''));
  }
  for (const el of document.querySelectorAll('main pre, main table, main .jp-OutputArea-output, main .jp-InputArea-editor')) {
    const cs = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 2 && ['hidden', 'clip'].includes(cs.overflowX) && el.clientWidth > 0)
      probs.push(`content cut off: ${name(el)} shows ${el.clientWidth} of ${el.scrollWidth} px and does not scroll`);
  }
  for (const img of document.images)
    if (!img.complete || img.naturalWidth === 0) probs.push(`broken image: ${img.getAttribute('src').slice(0, 120)} (alt "${img.alt}")`);
  const skip = 'pre, code, script, style, textarea, kbd, samp, .katex, .katex-display';
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT,
    { acceptNode: n => n.parentElement && n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
  let n, left = 0;
  while ((n = tw.nextNode())) {
    const m = n.nodeValue.match(/\$|\\\(|\\\[/);
    if (m && left++ < 5) {
      const i = m.index, t = n.nodeValue;
      probs.push(`formula left unrendered: "…${t.slice(Math.max(0, i - 40), i + 40).replace(/\s+/g, ' ')}…"`);
    }
  }
  for (const e of document.querySelectorAll('.katex-error'))
    probs.push(`formula KaTeX cannot parse: ${(e.getAttribute('title') || e.textContent).slice(0, 160)}`);
  for (const e of document.querySelectorAll('.katex-mathml mstyle[mathcolor="#cc0000"]'))   // an unknown command
    probs.push(`formula KaTeX cannot parse: unknown command ${e.textContent.slice(0, 60)}`);
  if (document.body.innerText.includes('Traceback (most recent call last)')) probs.push('shows a Python traceback');
  return probs;
}
(async () => {
  const browser = await chromium.launch({ executablePath: job.chromium, args: job.flags });
  const results = {};
  for (const width of job.widths) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    let pending = [];
    page.on('requestfailed', r => pending.push(`could not load ${r.url().split('/').slice(-2).join('/')} (${r.failure().errorText})`));
    page.on('pageerror', e => pending.push(`script error: ${e.message}`));
    for (const f of job.pages) {
      pending = [];
      await page.goto('file://' + f, { waitUntil: 'load' });
      const probs = [...pending, ...(await page.evaluate(inspect))];
      (results[f] = results[f] || {})[width] = probs;
      if (job.shots && job.shots[f] && width === job.shots_width)
        await page.screenshot({ path: job.shots[f], fullPage: true });
    }
    await page.close();
  }
  await browser.close();
  console.log(JSON.stringify(results));
})().catch(e => { console.error(e); process.exit(1); });
"""

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic']


def inspect_pages(pages, widths=WIDTHS, shots=None, shots_width=1300):
    "{page path: {width: [problems]}} for each page at each window width (and screenshots {page: png} if asked)."
    mods = node_modules()
    with tempfile.TemporaryDirectory() as d:
        js, job = Path(d)/'check.js', Path(d)/'job.json'
        js.write_text(CHECK_JS)
        job.write_text(json.dumps({'chromium': chromium(), 'flags': FLAGS, 'widths': list(widths),
                                   'pages': [str(Path(p).resolve()) for p in pages], 'shots_width': shots_width,
                                   'shots': {str(Path(k).resolve()): str(v) for k, v in (shots or {}).items()}}))
        env = {**os.environ, 'PLAYWRIGHT': str(mods/'playwright-core')}
        r = subprocess.run(['node', str(js), str(job)], capture_output=True, text=True, env=env, timeout=1800)
    if r.returncode: raise SystemExit(f'browser check could not run (node rc {r.returncode}):\n{r.stderr[-3000:]}')
    return {Path(k): {int(w): v for w, v in ws.items()} for k, ws in json.loads(r.stdout).items()}


def check_browser(pages):
    "Open each page at 1300 and 800 px in headless Chromium; print and count the problems (see CHECK_JS)."
    problems = []
    for nbp in notebooks():
        page = DOCS/f'{nbp.stem}.html'
        if not page.exists(): problems.append(f'{nbp.name}: no page {page.name}')
    res = inspect_pages([p for p in pages if p.exists()])
    for page, by_width in res.items():
        bad = [f'{page.name} at {w} px: {p}' for w, ps in sorted(by_width.items(), reverse=True) for p in ps]
        problems += bad
        if not bad: print(f'ok {page.name} (fits {" and ".join(map(str, sorted(by_width, reverse=True)))} px; images, formulas)')
    index = (DOCS/'index.html').read_text() if (DOCS/'index.html').exists() else ''
    for must in ('tools/demo.sh', 'tools/test.sh', '00_core'):
        if must not in index: problems.append(f'index.html does not mention {must}')
    for p in problems: print('PROBLEM', p)
    return not problems


# A planted site: one clean page that must pass and one page per fault the check must catch.
PLANTED = {
    'clean': ('A formula $\\Phi(t) = U\\,\\mathrm{diag}(e^{-\\mu_i t})\\,U^\\top$ and $$\\nabla\\cdot v = 0$$ '
              '<img src="fig.png" alt="fig"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><table><tr>'
              + '<td>a_long_column_name</td>' * 60 + '</tr></table></div>'
              '<div class="jp-OutputArea-output"><pre>' + 'x' * 800 + '</pre></div>', None),
    'broken_image': ('<img src="figures/missing.png" alt="maps">', 'broken image'),
    'too_wide': ('<div style="width:1700px">a fixed-width block</div>', 'px wide in a'),
    'cut_off': ('<div class="jp-OutputArea-output"><pre style="overflow:hidden">' + 'y' * 800 + '</pre></div>',
                'content cut off'),
    'unrendered_dollar': ('The flow Phi(t) = $U diag(exp(-mu t)) U^T.', 'formula left unrendered'),
    'unrendered_paren': ('The flow \\(\\Phi(t) written but never closed.', 'formula left unrendered'),
    'katex_error': ('Bad TeX $x^$ here.', 'KaTeX cannot parse'),
    'unknown_command': ('A typo $\\velocty_x$ here.', 'KaTeX cannot parse'),
}


def self_test():
    "Build the planted site and show the check passes the clean page and catches each planted fault (exit 1 if not)."
    import base64
    ok = True
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        shutil.copy(NBS/'styles.css', d/'styles.css'); vendor_katex(d)
        png = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==')
        (d/'fig.png').write_bytes(png)
        for name, (body, _) in PLANTED.items():
            (d/f'{name}.html').write_text(PAGE.format(title=name, desc='planted', head='', nav='', body=body))
        res = inspect_pages([d/f'{n}.html' for n in PLANTED])
        for name, (_, want) in PLANTED.items():
            by_width = res[(d/f'{name}.html').resolve()]
            got = [f'{w} px: {p}' for w, ps in by_width.items() for p in ps]
            if want is None: good = not got
            else: good = all(any(want in p for p in ps) for ps in by_width.values())   # caught at every width
            ok &= good
            print(f"self-test {'ok  ' if good else 'FAIL'} {name:18s} expects {want or 'no problem'!r}; got {got[:2] or 'none'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--execute', nargs='*', metavar='NB', help='run the notebooks (all, or these stems) before rendering')
    ap.add_argument('--check-browser', action='store_true')
    ap.add_argument('--self-test', action='store_true')
    ap.add_argument('--shots', metavar='DIR', help='screenshot these pages (names or stems) of the built site at 1300 px')
    ap.add_argument('--width', type=int, default=1300, help='window width of --shots (default 1300)')
    ap.add_argument('pages', nargs='*')
    ap.add_argument('--readme', action='store_true'); ap.add_argument('--check-readme', action='store_true')
    a = ap.parse_args()
    if a.readme:
        (ROOT/'README.md').write_text(readme_text()); print('wrote README.md'); return 0
    if a.check_readme:
        if (ROOT/'README.md').read_text() != readme_text():
            print('README.md is out of date: run `python tools/build_docs.py --readme` and commit'); return 1
        return 0
    if a.self_test: return 0 if self_test() else 1
    if a.shots:
        out = Path(a.shots); out.mkdir(parents=True, exist_ok=True)
        stems = [re.sub(r'\.(html|ipynb)$', '', Path(p).name) for p in a.pages]
        shots = {DOCS/f'{s}.html': out/f'{s}.png' for s in stems}
        res = inspect_pages(list(shots), widths=(a.width,), shots=shots, shots_width=a.width)
        for p, by_width in res.items(): print(p.name, '->', shots[p], by_width[a.width] or 'no problems')
        return 0
    pages, problems = build(a.execute)
    print(f'built {len(pages)} pages in {DOCS}')
    for p in problems: print('PROBLEM', p)
    ok = not problems
    if a.check_browser:
        ok &= self_test()           # the check proves, each run, that it still catches every kind of fault
        ok &= check_browser(pages)
    return 0 if ok else 1


if __name__ == '__main__': sys.exit(main())
