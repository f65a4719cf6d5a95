#!/usr/bin/env python
"""Build the physml docs site from the notebooks, and render README.md from nbs/index.ipynb.

With Quarto on PATH this is `nbdev_docs`. Quarto cannot be installed on an offline machine (PyPI's
`quarto-cli` downloads its binary while building), so the fallback renders the same nbdev-processed
notebooks (`show_doc` tables, hidden cells removed, directives stripped) to HTML with nbconvert.

    python tools/build_docs.py                    # site in _docs/ (saved outputs only)
    python tools/build_docs.py --execute          # run the notebooks first (flagged cells skipped)
    python tools/build_docs.py --check-browser    # then open every page in headless Chromium
    python tools/build_docs.py --readme           # write README.md from nbs/index.ipynb
    python tools/build_docs.py --check-readme     # fail if README.md is out of date
"""
import argparse, html, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS, DOCS = ROOT/'nbs', ROOT/'_docs'
TRACEBACK = 'Traceback (most recent call last)'


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


def write_sidebar():
    "Write nbs/sidebar.yml (Quarto's sidebar, one section per system) from `sections()`."
    import yaml
    contents = ['index.ipynb'] + [{'section': t, 'contents': [p.name for p in nbs]} for t, nbs in sections()]
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


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} – physml</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{margin:0;font-family:system-ui,sans-serif}} nav{{position:fixed;top:0;left:0;bottom:0;width:230px;overflow:auto;
background:#f4f6f8;border-right:1px solid #dde;padding:16px;box-sizing:border-box;font-size:14px}}
nav a{{display:block;padding:3px 0 3px 8px;color:#1f4e79;text-decoration:none}} nav h4{{margin:12px 0 4px;font-size:13px;color:#444}} nav a.here{{font-weight:bold}}
main{{margin-left:250px;max-width:1100px;padding:16px}} .jp-InputPrompt,.jp-OutputPrompt{{display:none}} .desc{{color:#555;font-size:1.1em}}</style>{head}</head>
<body><nav><a href="index.html"><b>physml</b></a><hr>{nav}</nav>
<main><h1>{title}</h1><p class="desc">{desc}</p>{body}</main></body></html>"""


def render_site(src_dir, out):
    "Render every notebook in `src_dir` (same names as nbs/) to `out`/*.html with a sidebar."
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name='lab')
    pages = []
    for nbp in notebooks():
        title, desc, nb = to_page(processed(src_dir/nbp.name))
        pages.append((nbp.stem, title or nbp.stem, desc, nb))
    out.mkdir(parents=True, exist_ok=True)
    for stem, title, desc, nb in pages:
        body, _ = exporter.from_notebook_node(nb)
        head = ''.join(re.findall(r'<style.*?</style>|<script.*?</script>', body.split('</head>')[0], flags=re.S))
        main = body.split('<body', 1)[1].split('>', 1)[1].rsplit('</body>', 1)[0]
        titles = {s: t for s, t, _, _ in pages}
        link = lambda s: f'<a href="{s}.html"{" class=here" if s == stem else ""}>{html.escape(titles[s])}</a>'
        nav = ''.join(f'<h4>{html.escape(t)}</h4>' + ''.join(link(p.stem) for p in nbs) for t, nbs in sections())
        (out/f'{stem}.html').write_text(PAGE.format(title=html.escape(title), desc=html.escape(desc), head=head, nav=nav, body=main))
    return [out/f'{s}.html' for s, *_ in pages]


def build(execute_nbs=False):
    "Build _docs/ (nbdev_docs when Quarto exists, else the nbconvert fallback); return the page paths."
    write_sidebar()
    if shutil.which('quarto') and not execute_nbs:
        subprocess.run([str(ROOT/'.venv/bin/nbdev_docs')], check=True, cwd=ROOT)
        return sorted(DOCS.glob('*.html'))
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        for nbp in notebooks():
            if execute_nbs:
                print(f'executing {nbp.name}', flush=True); execute(nbp, d/nbp.name)
            else: shutil.copy(nbp, d/nbp.name)
        if DOCS.exists(): shutil.rmtree(DOCS)
        return render_site(d, DOCS)


# ---------------------------------------------------------------- browser check
def chromium():
    exe = shutil.which('chromium') or shutil.which('chromium-browser')
    if exe: return exe
    print('installing Debian chromium for the browser check', flush=True)
    subprocess.run('apt-get update -qq && apt-get install -y -qq chromium >/dev/null', shell=True, check=True)
    return shutil.which('chromium')


def check_browser(pages):
    "Open each page in headless Chromium; fail if one is missing, empty, or shows a Python traceback."
    exe, problems = chromium(), []
    flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--no-first-run', '--disable-quic']
    with tempfile.TemporaryDirectory() as prof:
        for nbp in notebooks():
            page = DOCS/f'{nbp.stem}.html'
            if not page.exists(): problems.append(f'{nbp.name}: no page {page.name}'); continue
            r = subprocess.run([exe, *flags, f'--user-data-dir={prof}', '--dump-dom', page.as_uri()],
                               capture_output=True, text=True, timeout=120)
            dom = r.stdout
            if r.returncode or '<main>' not in dom: problems.append(f'{page.name}: did not render (rc {r.returncode})')
            elif TRACEBACK in dom or 'jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr' in dom and 'Error' in dom:
                problems.append(f'{page.name}: shows a Python traceback')
            else: print(f'ok {page.name} ({len(dom)//1024} KiB DOM)')
        index = subprocess.run([exe, *flags, f'--user-data-dir={prof}', '--dump-dom', (DOCS/'index.html').as_uri()],
                               capture_output=True, text=True, timeout=120).stdout
        for must in ('tools/demo.sh', 'tools/test.sh', '00_core'):
            if must not in index: problems.append(f'index.html does not mention {must}')
    for p in problems: print('PROBLEM', p)
    return not problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--execute', action='store_true'); ap.add_argument('--check-browser', action='store_true')
    ap.add_argument('--readme', action='store_true'); ap.add_argument('--check-readme', action='store_true')
    a = ap.parse_args()
    if a.readme:
        (ROOT/'README.md').write_text(readme_text()); print('wrote README.md'); return 0
    if a.check_readme:
        if (ROOT/'README.md').read_text() != readme_text():
            print('README.md is out of date: run `python tools/build_docs.py --readme` and commit'); return 1
        return 0
    pages = build(a.execute)
    print(f'built {len(pages)} pages in {DOCS}')
    if a.check_browser and not check_browser(pages): return 1
    return 0


if __name__ == '__main__': sys.exit(main())
